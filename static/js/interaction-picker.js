/*
 * Autocomplete for the interaction checker's medicine field (the combobox of
 * combobox.js). Progressive enhancement: without this script the field is plain text
 * that the GET form submits ("sertraline, warfarin"). The script suggests names for the
 * name being typed (the text after the last comma); choosing one puts it in, followed by
 * ", " for the next, and Enter with none highlighted submits the form.
 */
(function () {
  "use strict";

  var input = document.getElementById("checker-drugs");
  if (!input || typeof window.refsiteCombobox !== "function") {
    return;
  }

  function names() {
    return input.value.split(",");
  }

  window.refsiteCombobox(input, {
    url: input.getAttribute("data-suggest-url"),
    name: "Medicine names",
    uniqueLabels: true,
    term: function () {
      var parts = names();
      return parts[parts.length - 1].trim();
    },
    choose: function (item) {
      var parts = names();
      parts[parts.length - 1] = " " + item.label;
      input.value = parts.join(",").replace(/^\s+/, "") + ", ";
      input.focus();
      return item.label + " added.";
    },
  });
})();
