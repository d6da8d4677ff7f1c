// Key fields of the curation admin (inputs with data-entity-autocomplete): as the curator types,
// a list of entities (name · label · key) from the admin's autocomplete view; an alias or a
// merged-away key lists its canonical entity first. The field keeps the chosen key.
(function () {
  "use strict";
  let counter = 0;

  function attach(input) {
    const source = input.dataset.entityAutocomplete;
    const list = document.createElement("datalist");
    list.id = "entity-choices-" + (++counter);
    input.setAttribute("list", list.id);
    input.after(list);
    let timer = null;
    let asked = "";
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, 200);
    });

    function ask() {
      const term = input.value.trim();
      if (!term || term === asked) return;
      asked = term;
      fetch(source + "?term=" + encodeURIComponent(term), { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) {
          if (input.value.trim() !== term) return; // typed on since
          list.replaceChildren.apply(list, data.results.map(function (hit) {
            const option = document.createElement("option");
            option.value = hit.key;
            option.label = hit.name + " · " + hit.label + " · " + hit.key + (hit.via === "redirect" ? " (merged)" : "");
            return option;
          }));
        })
        .catch(function () { list.replaceChildren(); });
    }
  }

  document.querySelectorAll("input[data-entity-autocomplete]").forEach(attach);
})();
