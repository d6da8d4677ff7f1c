// The submissions list: while a job on the page is queued or running, its cells (job, language,
// document) are updated in place every few seconds from the admin's jobs view; nothing else on
// the page changes, so ticked boxes and a chosen action stay.
(function () {
  "use strict";
  const source = document.currentScript.dataset.jobsUrl;
  const EVERY_MS = 3000;

  function rows() {
    const found = {};
    document.querySelectorAll("#result_list tbody tr").forEach(function (row) {
      const box = row.querySelector("input.action-select");
      if (box) found[box.value] = row;
    });
    return found;
  }

  function pending(row) {
    return Boolean(row.querySelector(".job-queued, .job-running"));
  }

  function poll() {
    const byId = rows();
    const ids = Object.keys(byId).filter(function (id) { return pending(byId[id]); });
    if (!ids.length) return;
    const query = ids.map(function (id) { return "id=" + encodeURIComponent(id); }).join("&");
    fetch(source + "?" + query, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : { jobs: [] }; })
      .then(function (data) {
        data.jobs.forEach(function (job) {
          const row = byId[String(job.id)];
          if (!row) return;
          Object.keys(job.cells).forEach(function (name) {
            const cell = row.querySelector("td.field-" + name + ", th.field-" + name);
            if (cell && cell.innerHTML !== job.cells[name]) cell.innerHTML = job.cells[name];
          });
          row.dataset.state = job.state;
        });
      })
      .catch(function () { /* the next round tries again */ })
      .finally(function () { setTimeout(poll, EVERY_MS); });
  }

  setTimeout(poll, EVERY_MS);
})();
