// Key fields of the admin (inputs with data-autocomplete="<url>"): as the curator types, a list of
// what the key may be, from that URL's {results: [{key, text}]}: entities (name · label · key; an
// alias or a merged-away key lists its canonical entity first) or documents (title · key).
// The field keeps the chosen key; the server accepts an alias or a merged key typed by hand too.
(function () {
  "use strict";
  let counter = 0;

  function attach(input) {
    const source = input.dataset.autocomplete;
    const list = document.createElement("datalist");
    list.id = "key-choices-" + (++counter);
    input.setAttribute("list", list.id);
    input.after(list);
    let timer = null;
    let asked = "";

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
            option.label = hit.text;
            return option;
          }));
        })
        .catch(function () { list.replaceChildren(); });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, 200);
    });
  }

  document.querySelectorAll("input[data-autocomplete]").forEach(attach);
})();
