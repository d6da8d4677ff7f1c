/* "review / edit" beside each fact, for a signed-in curator only. The page is the same for everyone
   (it may be cached); whether the reader is a curator comes from a small answer that is never cached. */
(() => {
  "use strict";
  const script = document.currentScript;
  const rows = document.querySelectorAll("tr[data-fact]");
  if (!rows.length) return;
  fetch(script.dataset.linksUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then((response) => (response.ok ? response.json() : { curator: false }))
    .then((links) => {
      if (!links.curator) return;
      const back = encodeURIComponent(window.location.pathname + window.location.search);
      rows.forEach((row) => {
        const link = document.createElement("a");
        link.className = "review-link";
        link.href = links.fact_url.replace("{key}", encodeURIComponent(row.dataset.fact)) + "?next=" + back;
        link.textContent = script.dataset.label;
        const cell = row.querySelector("td");
        cell.append(" ", link);
      });
    })
    .catch(() => {});
})();
