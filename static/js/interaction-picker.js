/*
 * Autocomplete for the interaction checker's medicine field, as an ARIA combobox.
 * Progressive enhancement: without this script the field is plain text that the GET
 * form submits ("sertraline, warfarin"). The script suggests names for the name being
 * typed (the text after the last comma) from /search/suggest; Down/Up move through
 * them, Enter or a click puts the name in (followed by ", " for the next), Escape
 * closes the list. Suggestions are written as text, never as HTML.
 */
(function () {
  "use strict";

  var input = document.getElementById("checker-drugs");
  if (!input || !window.fetch || !window.URL) {
    return;
  }
  var endpoint = new URL(input.getAttribute("data-suggest-url"), window.location.href);
  var box = input.parentNode;
  var listbox = document.createElement("ul");
  var status = document.createElement("div");
  var items = [];
  var active = -1;
  var timer = null;
  var controller = null;

  listbox.id = "checker-drugs-suggestions";
  listbox.className = "search-suggestions";
  listbox.setAttribute("role", "listbox");
  listbox.setAttribute("aria-label", "Medicine names");
  listbox.hidden = true;
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  box.appendChild(listbox);
  box.appendChild(status);
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", listbox.id);

  function current() {
    var parts = input.value.split(",");
    return parts[parts.length - 1].trim();
  }

  function close() {
    listbox.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function setActive(index) {
    var options = listbox.children;
    if (active >= 0 && options[active]) {
      options[active].setAttribute("aria-selected", "false");
    }
    active = index;
    if (active >= 0 && options[active]) {
      options[active].setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", options[active].id);
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function choose(index) {
    var parts = input.value.split(",");
    parts[parts.length - 1] = " " + items[index].label;
    input.value = parts.join(",").replace(/^\s+/, "") + ", ";
    close();
    status.textContent = items[index].label + " added.";
    input.focus();
  }

  function show(suggestions) {
    items = suggestions.filter(function (s, i, all) {
      return all.findIndex(function (t) { return t.label === s.label; }) === i;
    });
    listbox.textContent = "";
    items.forEach(function (item, index) {
      var option = document.createElement("li");
      option.id = listbox.id + "-" + index;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.textContent = item.label;
      if (item.detail) {
        var detail = document.createElement("span");
        detail.className = "suggestion-detail";
        detail.textContent = " · " + item.detail;
        option.appendChild(detail);
      }
      option.addEventListener("mousedown", function (event) {
        event.preventDefault();
        choose(index);
      });
      listbox.appendChild(option);
    });
    active = -1;
    if (items.length) {
      listbox.hidden = false;
      input.setAttribute("aria-expanded", "true");
      status.textContent = items.length + " suggestions.";
    } else {
      close();
    }
  }

  function fetchSuggestions() {
    var query = current();
    if (query.length < 2) {
      close();
      return;
    }
    if (controller) {
      controller.abort();
    }
    controller = window.AbortController ? new AbortController() : null;
    var url = new URL(endpoint.href);
    url.searchParams.set("q", query);
    fetch(url.href, {signal: controller ? controller.signal : undefined,
                     headers: {"Accept": "application/json"}})
      .then(function (response) { return response.ok ? response.json() : {suggestions: []}; })
      .then(function (data) { show(data.suggestions || []); })
      .catch(function () { /* aborted or offline: the plain form still works */ });
  }

  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(fetchSuggestions, 150);
  });
  input.addEventListener("keydown", function (event) {
    var open = !listbox.hidden;
    if (event.key === "ArrowDown" && open) {
      event.preventDefault();
      setActive((active + 1) % items.length);
    } else if (event.key === "ArrowUp" && open) {
      event.preventDefault();
      setActive(active <= 0 ? items.length - 1 : active - 1);
    } else if (event.key === "Enter" && open && active >= 0) {
      event.preventDefault();
      choose(active);
    } else if (event.key === "Escape" && open) {
      event.preventDefault();
      close();
    }
  });
  input.addEventListener("blur", function () {
    window.setTimeout(close, 100);
  });
})();
