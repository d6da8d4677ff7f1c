/* Search suggestions as you type (an ARIA 1.2 combobox) and the evidence focus; the pages work without it. */
(() => {
  "use strict";
  const body = document.body;
  const apiUrl = body.dataset.suggestUrl;
  const prefixes = JSON.parse(body.dataset.entityUrls || "{}");
  const labelNames = JSON.parse(body.dataset.labelNames || "{}");
  const LIMIT = 8;
  let counter = 0;

  const fold = (text) => text.normalize("NFKC").toLowerCase().replace(/[^\p{L}\p{N}]/gu, "");
  const urlOf = (item) => (prefixes[item.label] || "/") + encodeURIComponent(item.key);

  function option(item, index, query, id) {
    const li = document.createElement("li");
    li.id = `${id}-${index}`;
    li.setAttribute("role", "option");
    li.setAttribute("aria-selected", "false");
    li.dataset.index = String(index);
    const name = document.createElement("span");
    name.className = "name";
    name.textContent = item.name;
    li.append(name);
    const wanted = fold(query);
    const alias = fold(item.name).includes(wanted) ? null : (item.aliases || []).find((a) => fold(a).includes(wanted));
    if (alias) {
      const matched = document.createElement("span");
      matched.className = "matched";
      matched.textContent = alias;
      li.append(" ", matched);
    }
    const kind = document.createElement("span");
    kind.className = "kind-tag";
    kind.textContent = labelNames[item.label] || item.label;
    li.append(" ", kind);
    return li;
  }

  function setup(input) {
    const id = `suggest-${++counter}`;
    const fill = input.dataset.suggest === "fill";
    const onlyLabel = input.dataset.suggestLabel || null;
    const wrapper = document.createElement("div");
    wrapper.className = "combo";
    const list = document.createElement("ul");
    list.id = id;
    list.className = "suggestions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", input.labels && input.labels[0] ? input.labels[0].textContent.trim() : "");
    list.hidden = true;
    const status = document.createElement("div");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    input.replaceWith(wrapper);
    wrapper.append(input, list, status);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", id);

    let items = [];
    let active = -1;
    let timer = null;
    let controller = null;

    const close = () => {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    };
    const highlight = (index) => {
      active = index;
      [...list.children].forEach((li, i) => li.setAttribute("aria-selected", String(i === index)));
      const current = list.children[index];
      if (current) {
        input.setAttribute("aria-activedescendant", current.id);
        current.scrollIntoView({ block: "nearest" });
      }
    };
    const choose = (index) => {
      const item = items[index];
      if (!item) return;
      if (fill) {
        input.value = item.name;
        close();
      } else {
        window.location.assign(urlOf(item));
      }
    };
    const render = (query) => {
      list.replaceChildren(...items.map((item, i) => option(item, i, query, id)));
      if (!items.length) {
        close();
        status.textContent = body.dataset.noSuggestions || "";
        return;
      }
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      status.textContent = `${items.length} ${body.dataset.suggestionsCount || ""}`;
      active = -1;
    };
    const load = async (query) => {
      if (controller) controller.abort();
      controller = new AbortController();
      const url = `${apiUrl}?${new URLSearchParams({ q: query, limit: String(LIMIT * 2) })}`;
      try {
        const response = await fetch(url, { signal: controller.signal, headers: { Accept: "application/json" } });
        if (!response.ok) return close();
        const data = await response.json();
        items = (data.results || []).filter((r) => !onlyLabel || r.label === onlyLabel).slice(0, LIMIT);
        if (input.value.trim() === query) render(query);
      } catch (error) {
        if (error.name !== "AbortError") close();
      }
    };

    input.addEventListener("input", () => {
      clearTimeout(timer);
      const query = input.value.trim();
      if (!query) return close();
      timer = setTimeout(() => load(query), 150);
    });
    input.addEventListener("keydown", (event) => {
      const open = !list.hidden && items.length > 0;
      if (event.key === "ArrowDown" && items.length) {
        event.preventDefault();
        if (!open) render(input.value.trim());
        highlight(Math.min(active + 1, items.length - 1));
      } else if (event.key === "ArrowUp" && open) {
        event.preventDefault();
        highlight(Math.max(active - 1, 0));
      } else if (event.key === "Enter" && open && active >= 0) {
        event.preventDefault();
        choose(active);
      } else if (event.key === "Escape" && open) {
        event.preventDefault();
        close();
      }
    });
    input.addEventListener("blur", () => setTimeout(close, 150));
    list.addEventListener("mousedown", (event) => event.preventDefault());
    list.addEventListener("click", (event) => {
      const li = event.target.closest("[role=option]");
      if (li) choose(Number(li.dataset.index));
    });
  }

  document.querySelectorAll("input[data-suggest]").forEach(setup);

  // A lineage diagram opens with "this model" in the middle of its box: ancestors are drawn to its
  // left, so on a narrow screen the box would otherwise open on the oldest ancestor. Only the box
  // scrolls, sideways; the page stays where it is.
  document.querySelectorAll(".diagram .scroll").forEach((box) => {
    const root = box.querySelector(".node.root");
    if (!root || box.scrollWidth <= box.clientWidth) return;
    const boxLeft = box.getBoundingClientRect().left + box.clientLeft;
    const rootBox = root.getBoundingClientRect();
    box.scrollLeft += rootBox.left + rootBox.width / 2 - (boxLeft + box.clientWidth / 2);
  });

  // Arriving from a fact's link: bring the marked sentence to the middle and give it focus.
  const evidence = document.getElementById("evidence");
  if (evidence && window.location.hash === "#evidence") {
    evidence.scrollIntoView({ block: "center" });
    evidence.focus({ preventScroll: true });
  }
})();
