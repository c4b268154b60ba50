/*
 * Suggestions for the header search box, as an ARIA combobox with a listbox popup.
 * Progressive enhancement: without this script the box is a plain search form that
 * submits to /search/. Keys: Down/Up move through suggestions, Enter opens the one
 * highlighted (or submits the search), Escape closes the list (a second Escape clears
 * the box). Suggestions come from /search/suggest as JSON and are written as text.
 */
(function () {
  "use strict";

  var input = document.getElementById("site-search");
  if (!input || !input.form || !window.fetch || !window.URL) {
    return;
  }
  var form = input.form;
  var endpoint = new URL("suggest", form.action);
  var listbox = document.createElement("ul");
  var status = document.createElement("div");
  var items = [];
  var active = -1;
  var timer = null;
  var controller = null;
  var lastQuery = "";

  listbox.id = "site-search-suggestions";
  listbox.className = "search-suggestions";
  listbox.setAttribute("role", "listbox");
  listbox.setAttribute("aria-label", "Suggestions");
  listbox.hidden = true;
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  form.appendChild(listbox);
  form.appendChild(status);

  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", listbox.id);

  function isOpen() {
    return !listbox.hidden;
  }

  function open() {
    if (items.length) {
      listbox.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }
  }

  function close() {
    listbox.hidden = true;
    input.setAttribute("aria-expanded", "false");
    setActive(-1);
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
      if (options[active].scrollIntoView) {
        options[active].scrollIntoView({ block: "nearest" });
      }
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  // Down from the box goes to the first suggestion, Up to the last; both wrap around.
  function move(step) {
    var count = items.length;
    if (!isOpen()) {
      open();
    }
    if (active < 0) {
      setActive(step > 0 ? 0 : count - 1);
    } else {
      setActive((active + step + count) % count);
    }
  }

  function go(index) {
    if (items[index]) {
      window.location.assign(items[index].url);
    }
  }

  function render(suggestions) {
    items = suggestions;
    active = -1;
    input.removeAttribute("aria-activedescendant");
    listbox.textContent = "";
    suggestions.forEach(function (item, index) {
      var option = document.createElement("li");
      var label = document.createElement("span");
      var detail = document.createElement("span");
      option.id = "site-search-option-" + index;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      label.className = "suggestion-label";
      label.textContent = item.label;
      detail.className = "suggestion-detail";
      detail.textContent = item.detail;
      option.appendChild(label);
      if (item.detail) {
        option.appendChild(document.createTextNode(" "));
        option.appendChild(detail);
      }
      // Keep focus in the box so the click is not lost to a blur.
      option.addEventListener("mousedown", function (event) {
        event.preventDefault();
      });
      option.addEventListener("click", function () {
        go(index);
      });
      listbox.appendChild(option);
    });
    if (items.length) {
      open();
      status.textContent = items.length + (items.length === 1 ? " suggestion" : " suggestions") +
        ": use the up and down arrow keys to choose.";
    } else {
      close();
      status.textContent = "";
    }
  }

  function fetchSuggestions() {
    var query = input.value.trim();
    if (query === lastQuery) {
      open();
      return;
    }
    lastQuery = query;
    if (controller) {
      controller.abort();
    }
    if (query.length < 2) {
      render([]);
      return;
    }
    controller = window.AbortController ? new AbortController() : null;
    var url = new URL(endpoint);
    url.searchParams.set("q", query);
    fetch(url, {
      headers: { Accept: "application/json" },
      signal: controller ? controller.signal : undefined,
    })
      .then(function (response) {
        return response.ok ? response.json() : { suggestions: [] };
      })
      .then(function (data) {
        if (input.value.trim() === query) {
          render(Array.isArray(data.suggestions) ? data.suggestions : []);
        }
      })
      .catch(function () {
        /* Aborted or offline: the plain search still works. */
      });
  }

  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(fetchSuggestions, 150);
  });

  input.addEventListener("keydown", function (event) {
    switch (event.key) {
      case "ArrowDown":
      case "ArrowUp":
        if (items.length) {
          event.preventDefault();
          move(event.key === "ArrowDown" ? 1 : -1);
        }
        break;
      case "Enter":
        if (isOpen() && active >= 0) {
          event.preventDefault();
          go(active);
        }
        break;
      case "Escape":
        if (isOpen()) {
          event.preventDefault();
          close();
        } else if (input.value) {
          event.preventDefault();
          input.value = "";
          lastQuery = "";
          render([]);
        }
        break;
      default:
        break;
    }
  });

  input.addEventListener("blur", function () {
    close();
  });
})();
