// The review queue: one box ticks or unticks every fact on the page.
(function () {
  "use strict";
  const all = document.getElementById("select-all");
  if (!all) return;
  const boxes = () => Array.from(document.querySelectorAll('#queue input[name="keys"]'));
  all.addEventListener("change", function () {
    boxes().forEach(function (box) { box.checked = all.checked; });
  });
  document.getElementById("queue").addEventListener("change", function (event) {
    if (event.target.name !== "keys") return;
    const ticked = boxes().filter(function (box) { return box.checked; }).length;
    all.checked = ticked === boxes().length;
    all.indeterminate = ticked > 0 && ticked < boxes().length;
  });
})();
