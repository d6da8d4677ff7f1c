/* Graph explorer, live: draws the neighbourhood with Cytoscape.js (webui/static/vendor/README.md says
   why that library), expands a node in place from the API (/api/v1/<label>/<key>/neighbourhood),
   applies the filters without reloading and keeps them in the URL, and folds the links many entities
   share one end of ("+12 developed by") until asked. The list of shown entities beside the picture is
   kept in sync with it: it is the keyboard's way in (Enter on a name centres on it) and what tests read.
   Without this script (or without the library) the server-drawn picture and the text table stay. */
(() => {
  "use strict";
  const figure = document.querySelector("[data-explorer]");
  if (!figure || typeof window.cytoscape !== "function") return;

  const read = (name) => JSON.parse(figure.dataset[name]);
  const API = read("api");
  const REL_NAMES = read("relNames");
  const KINDS = read("kinds");
  const STATUS_NAMES = read("statusNames");
  const LINEAGE = new Set(read("lineage"));
  const HUBS = new Set(read("hubs"));
  const LABEL_NAMES = JSON.parse(document.body.dataset.labelNames || "{}");
  const EXPLORE = figure.dataset.exploreUrl;
  const MIN_CONFIDENCE = figure.dataset.minConfidence;
  const TEXT = figure.dataset; // textExpand, textMore ... rendered with {% translate %}
  const form = document.querySelector("[data-explore-form]");
  const tbody = document.querySelector("[data-relations] tbody");
  const list = figure.querySelector("[data-node-list]");
  const statusLine = figure.querySelector("[data-status]");
  const truncatedNotice = document.querySelector("[data-truncated]");
  const box = figure.querySelector("[data-cy]");

  const fill = (template, values) => template.replace(/\{(\w+)\}/g, (all, name) => (name in values ? values[name] : all));
  const edgeId = (e) => `${e.source}|${e.type}|${e.target}`;
  const relLabel = (e) => {
    const kind = e.kind && KINDS[e.kind];
    if (kind && kind.phrase) return kind.phrase;
    const name = REL_NAMES[e.type] || e.type;
    return kind && kind.qualifier ? `${name} · ${kind.qualifier}` : name;
  };

  // Colours and line styles come from the legend, so the page's stylesheet is their one source.
  const relStyle = {};
  figure.querySelectorAll("[data-rel]").forEach((el) => {
    const css = getComputedStyle(el, "::before");
    const line = ["dashed", "dotted"].includes(css.borderTopStyle) ? css.borderTopStyle : "solid";
    relStyle[el.dataset.rel] = { color: css.borderTopColor, line };
  });
  const labelColour = {};
  figure.querySelectorAll("[data-label]").forEach((el) => {
    labelColour[el.dataset.label] = getComputedStyle(el, "::before").backgroundColor;
  });
  const focusColour = getComputedStyle(document.documentElement).getPropertyValue("--focus").trim() || "#e08a00";

  // --- filters: read from the form, written to the URL, sent to the API
  const allTypes = [...form.querySelectorAll("input[name=type]")].map((input) => input.value);
  const filters = () => {
    const data = new FormData(form);
    let types = data.getAll("type");
    if (types.length === allTypes.length) types = []; // all of them: the short URL
    return { hops: data.get("hops") === "2" ? 2 : 1, types, unreviewed: data.get("unreviewed") === "1" };
  };
  const pageQuery = (f) => {
    const query = new URLSearchParams();
    if (f.hops !== 1) query.append("hops", String(f.hops));
    f.types.forEach((t) => query.append("type", t));
    if (f.unreviewed) query.append("unreviewed", "1");
    const text = query.toString();
    return text ? `?${text}` : "";
  };
  const exploreUrl = (key) => EXPLORE + encodeURIComponent(key) + pageQuery(filters());
  const apiUrl = (node, hops) => {
    const f = filters();
    const query = new URLSearchParams({ hops: String(hops) });
    f.types.forEach((t) => query.append("type", t));
    // The page's switch off means what the server-drawn page reads: accepted facts and confident ones.
    if (!f.unreviewed) query.append("min_confidence", MIN_CONFIDENCE);
    return `${API[node.label]}${encodeURIComponent(node.key)}/neighbourhood?${query}`;
  };
  const fetchHood = async (node, hops) => {
    const response = await fetch(apiUrl(node, hops), { headers: { Accept: "application/json" } });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return response.json();
  };

  // --- what is known, and what of it is shown
  const initial = read("initial"); // what the server drew, so the first picture needs no request
  const state = {
    center: initial.center,
    nodes: new Map(),
    edges: new Map(),
    expanded: new Set(),
    opened: new Set(), // "key|type": folded links the reader asked to see
    showHubs: false,
    truncated: false,
  };
  const merge = (hood, base = 0) => {
    hood.nodes.forEach((n) => {
      const known = state.nodes.get(n.key);
      const hops = base + n.hops;
      if (!known || hops < known.hops) state.nodes.set(n.key, { key: n.key, label: n.label, name: n.name, hops });
    });
    hood.edges.forEach((e) => state.edges.set(edgeId(e), e));
    state.truncated = state.truncated || hood.truncated;
  };
  merge(initial);

  /* Links of a hub type (developed by, uses, published by) are folded unless they touch the center or
     an expanded node: they are counted on the end that stays in the picture instead. */
  const view = () => {
    const pinned = new Set([state.center.key, ...state.expanded]);
    const shown = [];
    const folded = [];
    state.edges.forEach((e) => {
      const fold = HUBS.has(e.type) && !state.showHubs && !pinned.has(e.source) && !pinned.has(e.target);
      (fold ? folded : shown).push(e);
    });
    const visible = new Set(pinned);
    shown.forEach((e) => visible.add(e.source).add(e.target));
    const anchorOf = (e) => (visible.has(e.target) ? e.target : e.source);
    const counts = new Map(); // key -> Map(type -> n)
    const opened = [];
    folded.forEach((e) => {
      const anchor = anchorOf(e);
      if (!visible.has(anchor)) return; // between two entities not drawn: the table lists it
      if (state.opened.has(`${anchor}|${e.type}`)) {
        opened.push(e);
        return;
      }
      const byType = counts.get(anchor) || new Map();
      byType.set(e.type, (byType.get(e.type) || 0) + 1);
      counts.set(anchor, byType);
    });
    opened.forEach((e) => {
      shown.push(e);
      visible.add(e.source).add(e.target);
    });
    const nodes = [...visible].map((key) => state.nodes.get(key)).filter(Boolean);
    return { nodes, edges: shown, counts };
  };

  // --- the picture
  box.hidden = false;
  figure.querySelector("[data-node-panel]").hidden = false;
  figure.querySelector("[data-fallback]").hidden = true;
  figure.querySelector(".toolbar").hidden = false;
  document.querySelectorAll("[data-live-only]").forEach((el) => {
    el.hidden = false;
  });
  form.querySelector("[data-submit]").hidden = true;
  box.setAttribute("aria-label", TEXT.textCanvas);

  const cy = window.cytoscape({
    container: box,
    userZoomingEnabled: false, // a plain wheel scrolls the page; Ctrl and the wheel, or the buttons, zoom
    boxSelectionEnabled: false,
    minZoom: 0.2,
    maxZoom: 3,
    style: [
      {
        selector: "node",
        style: {
          "background-color": "data(colour)",
          label: "data(caption)",
          "font-size": 12,
          color: "#1d2330",
          "text-valign": "bottom",
          "text-halign": "center",
          "text-margin-y": 4,
          "text-wrap": "wrap",
          "text-max-width": "150px",
          "text-background-color": "#ffffff",
          "text-background-opacity": 0.85,
          "text-background-padding": "2px",
          "text-background-shape": "roundrectangle",
          width: 16,
          height: 16,
          "border-width": 2,
          "border-color": "#ffffff",
        },
      },
      {
        selector: "node.center",
        style: { width: 30, height: 30, "font-size": 15, "font-weight": "bold", "border-color": "#1d2330", "border-width": 3 },
      },
      { selector: "node.expanded", style: { "border-color": "#1d2330", "border-width": 3 } },
      { selector: "node.lit", style: { "border-color": focusColour, "border-width": 5, "z-index": 20 } },
      {
        selector: "edge",
        style: {
          width: 2,
          "curve-style": "bezier",
          "line-color": "data(colour)",
          "line-style": "data(line)",
          "target-arrow-shape": "triangle",
          "target-arrow-color": "data(colour)",
          "arrow-scale": 1.3,
          opacity: 0.85,
          "font-size": 11,
          color: "#1d2330",
          "text-rotation": "none",
          "text-background-color": "#ffffff",
          "text-background-opacity": 0.9,
          "text-background-padding": "2px",
        },
      },
      { selector: "edge.proposed", style: { opacity: 0.5 } },
      { selector: "edge.lit", style: { label: "data(label)", width: 3, opacity: 1, "z-index": 10 } },
    ],
  });

  const caption = (node, counts) => {
    const lines = [node.name];
    (counts.get(node.key) || new Map()).forEach((n, type) => {
      lines.push(fill(TEXT.textMore, { n, relation: REL_NAMES[type] || type }));
    });
    return lines.join("\n");
  };

  let laidOut = false;
  const layout = () => {
    const edges = cy.edges();
    const lineage = edges.filter((e) => LINEAGE.has(e.data("type"))).length;
    // Generations read best in layers (parents above their children: lineage edges point child → parent);
    // anything mostly of other relations gets a force layout.
    const layered = edges.length > 0 && lineage * 2 >= edges.length;
    const options = layered
      ? {
          name: "dagre",
          rankDir: "BT",
          nodeDimensionsIncludeLabels: true, // names never overlap their neighbours' in a row
          nodeSep: 24,
          rankSep: 80,
          edgeSep: 12,
          padding: 30,
          fit: true,
          animate: false,
        }
      : {
          name: "cose",
          animate: false,
          randomize: !laidOut,
          nodeDimensionsIncludeLabels: true,
          padding: 30,
          fit: true,
          nodeRepulsion: () => 12000,
          idealEdgeLength: () => 100,
          nodeOverlap: 24,
          componentSpacing: 80,
        };
    cy.layout(options).run();
    laidOut = true;
  };

  const draw = (v, near) => {
    const wanted = new Set([...v.nodes.map((n) => n.key), ...v.edges.map((e) => `e:${edgeId(e)}`)]);
    let changed = false;
    cy.batch(() => {
      cy.elements().forEach((el) => {
        if (!wanted.has(el.id())) {
          el.remove();
          changed = true;
        }
      });
      v.nodes.forEach((n) => {
        const data = { id: n.key, caption: caption(n, v.counts), colour: labelColour[n.label] || "#586173" };
        let el = cy.getElementById(n.key);
        if (el.empty()) {
          const at = near && cy.getElementById(near).nonempty() ? cy.getElementById(near).position() : { x: 0, y: 0 };
          el = cy.add({ group: "nodes", data, position: { x: at.x + Math.random() * 40 - 20, y: at.y + Math.random() * 40 - 20 } });
          changed = true;
        } else el.data(data);
        el.toggleClass("center", n.key === state.center.key).toggleClass("expanded", state.expanded.has(n.key));
      });
      v.edges.forEach((e) => {
        const id = `e:${edgeId(e)}`;
        if (cy.getElementById(id).nonempty()) return;
        const style = relStyle[e.type] || { color: "#586173", line: "solid" };
        cy.add({
          group: "edges",
          data: { id, source: e.source, target: e.target, type: e.type, label: relLabel(e), colour: style.color, line: style.line },
          classes: e.status === "accepted" ? "" : "proposed",
        });
        changed = true;
      });
    });
    if (changed) layout();
  };

  // --- the list of shown entities: the keyboard's way in
  const button = (label, attrs) => {
    const el = document.createElement("button");
    el.type = "button";
    el.textContent = label;
    Object.entries(attrs).forEach(([name, value]) => el.setAttribute(name, value));
    return el;
  };
  const byReading = (a, b) => (a.key === state.center.key ? -1 : b.key === state.center.key ? 1 : 0) || a.hops - b.hops || a.name.localeCompare(b.name);
  const renderList = (v) => {
    const active = document.activeElement && list.contains(document.activeElement) ? document.activeElement.closest("li").dataset.key : null;
    const items = [...v.nodes].sort(byReading).map((n) => {
      const li = document.createElement("li");
      li.dataset.key = n.key;
      li.dataset.hops = String(n.hops);
      li.className = `label-${n.label.toLowerCase()}${n.key === state.center.key ? " center" : ""}`;
      const link = document.createElement("a");
      link.href = exploreUrl(n.key);
      link.textContent = n.name;
      const kind = document.createElement("span");
      kind.className = "muted";
      kind.textContent = ` ${LABEL_NAMES[n.label] || n.label}${n.key === state.center.key ? ` · ${TEXT.textCenter}` : ""} `;
      li.append(link, kind);
      if (state.expanded.has(n.key)) {
        const done = document.createElement("span");
        done.className = "muted";
        done.textContent = `· ${TEXT.textExpanded} `;
        li.append(done);
      } else if (n.key !== state.center.key) {
        li.append(button(TEXT.textExpand, { "data-expand": "", "aria-label": `${TEXT.textExpand}: ${n.name}` }));
      }
      (v.counts.get(n.key) || new Map()).forEach((count, type) => {
        const label = fill(TEXT.textMore, { n: count, relation: REL_NAMES[type] || type });
        li.append(button(label, { "data-open": type, "aria-label": `${n.name}: ${label}` }));
      });
      return li;
    });
    list.replaceChildren(...items);
    if (active) {
      const again = list.querySelector(`li[data-key="${CSS.escape(active)}"] a`);
      if (again) again.focus();
    }
  };

  // --- the text table: every relation known, folded or not (the accessible view)
  let tableIsServers = true;
  const cell = (node) => {
    const td = document.createElement("td");
    const link = document.createElement("a");
    link.href = exploreUrl(node.key);
    link.textContent = node.name;
    const kind = document.createElement("span");
    kind.className = "muted";
    kind.textContent = LABEL_NAMES[node.label] || node.label;
    td.append(link, " ", kind);
    return td;
  };
  const renderTable = () => {
    if (tableIsServers) return; // until the first change the server's rows say the same
    const rows = [...state.edges.values()]
      .filter((e) => state.nodes.has(e.source) && state.nodes.has(e.target))
      .map((e) => {
        const tr = document.createElement("tr");
        tr.dataset.type = e.type;
        const rel = document.createElement("td");
        const name = document.createElement("span");
        name.className = `rel rel-${e.type}`;
        name.textContent = relLabel(e);
        rel.append(name);
        if (e.status !== "accepted") {
          const badge = document.createElement("span");
          badge.className = "badge";
          badge.textContent = STATUS_NAMES[e.status] || e.status;
          rel.append(" ", badge);
        }
        tr.append(cell(state.nodes.get(e.source)), rel, cell(state.nodes.get(e.target)));
        return tr;
      });
    tbody.replaceChildren(...rows);
  };

  const render = (near) => {
    const v = view();
    draw(v, near);
    renderList(v);
    renderTable();
    truncatedNotice.hidden = !state.truncated;
    statusLine.textContent = fill(TEXT.textSummary, { nodes: v.nodes.length, edges: v.edges.length });
  };

  // --- what the reader does
  const busy = (on) => figure.setAttribute("aria-busy", on ? "true" : "false");
  const expand = async (key) => {
    const node = state.nodes.get(key);
    if (!node || key === state.center.key || state.expanded.has(key)) return;
    state.expanded.add(key);
    busy(true);
    statusLine.textContent = TEXT.textLoading;
    try {
      merge(await fetchHood(node, 1), node.hops);
      tableIsServers = false;
      render(key);
    } catch (error) {
      state.expanded.delete(key);
      statusLine.textContent = TEXT.textFailed;
    } finally {
      busy(false);
    }
  };

  let generation = 0;
  const reload = async () => {
    const f = filters();
    history.replaceState(history.state, "", location.pathname + pageQuery(f) + location.hash);
    const mine = ++generation;
    busy(true);
    statusLine.textContent = TEXT.textLoading;
    try {
      const center = state.nodes.get(state.center.key) || { ...state.center, hops: 0 };
      const expanded = [...state.expanded].map((key) => state.nodes.get(key)).filter(Boolean);
      const hoods = await Promise.all([fetchHood(center, f.hops), ...expanded.map((n) => fetchHood(n, 1))]);
      if (mine !== generation) return; // a later change has its own answer coming
      state.nodes = new Map();
      state.edges = new Map();
      state.truncated = false;
      merge(hoods[0]);
      hoods.slice(1).forEach((hood, i) => merge(hood, expanded[i].hops));
      state.expanded = new Set(expanded.map((n) => n.key).filter((key) => state.nodes.has(key)));
      tableIsServers = false;
      render();
    } catch (error) {
      if (mine === generation) statusLine.textContent = TEXT.textFailed;
    } finally {
      if (mine === generation) busy(false);
    }
  };

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    reload();
  });
  form.addEventListener("change", (event) => {
    if (event.target.matches("[data-show-hubs]")) {
      state.showHubs = event.target.checked;
      render();
    } else reload();
  });

  const light = (key) => {
    cy.elements().removeClass("lit");
    list.querySelectorAll("li.lit").forEach((li) => li.classList.remove("lit"));
    if (key === null) return;
    const node = cy.getElementById(key);
    node.addClass("lit");
    node.connectedEdges().addClass("lit");
    const li = list.querySelector(`li[data-key="${CSS.escape(key)}"]`);
    if (li) li.classList.add("lit");
  };
  cy.on("mouseover", "node", (event) => light(event.target.id()));
  cy.on("mouseout", "node", () => light(null));
  cy.on("mouseover", "edge", (event) => event.target.addClass("lit"));
  cy.on("mouseout", "edge", (event) => event.target.removeClass("lit"));
  cy.on("tap", "node", (event) => expand(event.target.id()));
  cy.on("dbltap", "node", (event) => location.assign(exploreUrl(event.target.id())));
  list.addEventListener("focusin", (event) => light(event.target.closest("li").dataset.key));
  list.addEventListener("focusout", () => light(null));
  list.addEventListener("click", (event) => {
    const target = event.target.closest("button");
    if (!target) return;
    const key = target.closest("li").dataset.key;
    if (target.hasAttribute("data-expand")) expand(key);
    else if (target.dataset.open) {
      state.opened.add(`${key}|${target.dataset.open}`);
      render(key);
    }
  });

  const zoomBy = (factor) => {
    const level = Math.min(Math.max(cy.zoom() * factor, cy.minZoom()), cy.maxZoom());
    cy.zoom({ level, renderedPosition: { x: box.clientWidth / 2, y: box.clientHeight / 2 } });
  };
  figure.querySelector(".toolbar").addEventListener("click", (event) => {
    const target = event.target.closest("[data-zoom]");
    if (!target) return;
    ({ in: () => zoomBy(1.25), out: () => zoomBy(0.8), reset: () => cy.fit(undefined, 30) })[target.dataset.zoom]();
  });
  box.addEventListener(
    "wheel",
    (event) => {
      if (!event.ctrlKey && !event.metaKey) return;
      event.preventDefault();
      const rect = box.getBoundingClientRect();
      const level = Math.min(Math.max(cy.zoom() * (event.deltaY < 0 ? 1.15 : 0.87), cy.minZoom()), cy.maxZoom());
      cy.zoom({ level, renderedPosition: { x: event.clientX - rect.left, y: event.clientY - rect.top } });
    },
    { passive: false },
  );

  render();
  window.explorer = { cy, state }; // for the console and the browser tests' style checks
})();
