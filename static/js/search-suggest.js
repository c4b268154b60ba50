/*
 * Suggestions for the header search box (the combobox of combobox.js). Progressive
 * enhancement: without this script the box is a plain search form that submits to
 * /search/. Choosing a suggestion opens its page; Enter with none highlighted submits the
 * search; a second Escape clears the box. Suggestions come from /search/suggest.
 */
(function () {
  "use strict";

  var input = document.getElementById("site-search");
  if (!input || typeof window.refsiteCombobox !== "function") {
    return;
  }
  window.refsiteCombobox(input, {
    url: input.getAttribute("data-suggest-url"),
    name: "Suggestions",
    clearOnEscape: true,
    choose: function (item) {
      window.location.assign(item.url);
    },
  });
})();
