/* Graph explorer: pan and zoom the server-drawn picture, and light up a node's edges on hover or focus. */
(() => {
  "use strict";
  const figure = document.querySelector("[data-explorer]");
  if (!figure) return;
  const svg = figure.querySelector("svg");
  const toolbar = figure.querySelector(".toolbar");
  const size = Number(svg.dataset.size);
  let view = { x: 0, y: 0, w: size, h: size };

  const apply = () => svg.setAttribute("viewBox", `${view.x} ${view.y} ${view.w} ${view.h}`);
  const zoom = (factor, cx = view.x + view.w / 2, cy = view.y + view.h / 2) => {
    const w = Math.min(Math.max(view.w * factor, size / 8), size * 2);
    const scale = w / view.w;
    view = { x: cx - (cx - view.x) * scale, y: cy - (cy - view.y) * scale, w, h: w };
    apply();
  };
  const reset = () => {
    view = { x: 0, y: 0, w: size, h: size };
    apply();
  };

  // On a narrow screen the whole picture is too small to read: start on its middle, the rest is a pan away.
  if (svg.getBoundingClientRect().width < 520) zoom(0.6);
  toolbar.hidden = false;
  toolbar.addEventListener("click", (event) => {
    const button = event.target.closest("[data-zoom]");
    if (!button) return;
    ({ in: () => zoom(0.8), out: () => zoom(1.25), reset })[button.dataset.zoom]();
  });
  figure.addEventListener("keydown", (event) => {
    if (event.key === "+" || event.key === "=") zoom(0.8);
    else if (event.key === "-") zoom(1.25);
    else if (event.key === "0") reset();
  });
  svg.addEventListener(
    "wheel",
    (event) => {
      if (!event.ctrlKey && !event.metaKey) return; // a plain wheel scrolls the page as usual
      event.preventDefault();
      const box = svg.getBoundingClientRect();
      const cx = view.x + ((event.clientX - box.left) / box.width) * view.w;
      const cy = view.y + ((event.clientY - box.top) / box.height) * view.h;
      zoom(event.deltaY < 0 ? 0.85 : 1.18, cx, cy);
    },
    { passive: false },
  );

  let drag = null;
  svg.addEventListener("pointerdown", (event) => {
    if (event.target.closest("a")) return; // clicks on nodes stay clicks
    drag = { x: event.clientX, y: event.clientY, view: { ...view } };
    svg.setPointerCapture(event.pointerId);
    svg.classList.add("dragging");
  });
  svg.addEventListener("pointermove", (event) => {
    if (!drag) return;
    const box = svg.getBoundingClientRect();
    const dx = ((event.clientX - drag.x) / box.width) * view.w;
    const dy = ((event.clientY - drag.y) / box.height) * view.h;
    view = { ...view, x: drag.view.x - dx, y: drag.view.y - dy };
    apply();
  });
  const stop = () => {
    drag = null;
    svg.classList.remove("dragging");
  };
  svg.addEventListener("pointerup", stop);
  svg.addEventListener("pointercancel", stop);

  const edges = [...svg.querySelectorAll(".edge")];
  const light = (key) => {
    svg.classList.toggle("focused", Boolean(key));
    edges.forEach((edge) => {
      edge.classList.toggle("lit", key !== null && (edge.dataset.source === key || edge.dataset.target === key));
    });
  };
  svg.querySelectorAll(".xnode").forEach((node) => {
    node.addEventListener("mouseenter", () => light(node.dataset.key));
    node.addEventListener("focus", () => light(node.dataset.key));
    node.addEventListener("mouseleave", () => light(null));
    node.addEventListener("blur", () => light(null));
  });
})();
