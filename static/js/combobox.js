/*
 * One ARIA combobox with a listbox popup, shared by the header search box
 * (search-suggest.js) and the interaction checker's medicine field
 * (interaction-picker.js), so that both answer the keyboard, screen readers and a slow
 * network the same way. Progressive enhancement: each field works as a plain form
 * without it. Load it before the scripts that call it.
 *
 * refsiteCombobox(input, options) turns the text field `input` into the combobox:
 *   url          the suggest endpoint (relative to the page), asked with ?q=TERM, answering
 *                {"suggestions": [{"label", "detail", "url"}]}
 *   name         the listbox's accessible name
 *   term()       the text to suggest for (default: the whole value, trimmed)
 *   choose(item) what picking a suggestion does; may return a sentence to announce
 *   uniqueLabels one suggestion per label (the first), for fields that take names only
 *   clearOnEscape a second Escape, with the list closed, empties the field
 * Keys: Down/Up open the list and move through it (wrapping around), Enter picks the one
 * highlighted (or submits the form), Escape closes the list. Suggestions are written as
 * text, never as HTML.
 */
(function () {
  "use strict";

  window.refsiteCombobox = function (input, options) {
    if (!window.fetch || !window.URL || !options.url) {
      return;
    }
    var endpoint = new URL(options.url, window.location.href);
    var term = options.term || function () {
      return input.value.trim();
    };
    var listbox = document.createElement("ul");
    var status = document.createElement("div");
    var items = [];
    var active = -1;
    var timer = null;
    var controller = null;
    var lastQuery = "";

    listbox.id = input.id + "-suggestions";
    listbox.className = "search-suggestions";
    listbox.setAttribute("role", "listbox");
    listbox.setAttribute("aria-label", options.name);
    listbox.hidden = true;
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    input.parentNode.appendChild(listbox);
    input.parentNode.appendChild(status);

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
      var choices = listbox.children;
      if (active >= 0 && choices[active]) {
        choices[active].setAttribute("aria-selected", "false");
      }
      active = index;
      if (active >= 0 && choices[active]) {
        choices[active].setAttribute("aria-selected", "true");
        input.setAttribute("aria-activedescendant", choices[active].id);
        if (choices[active].scrollIntoView) {
          choices[active].scrollIntoView({ block: "nearest" });
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

    function choose(index) {
      var item = items[index];
      if (!item) {
        return;
      }
      var said = options.choose(item);
      // The list answered the term just replaced: start afresh from what is typed next.
      lastQuery = "";
      render([]);
      if (said) {
        status.textContent = said;
      }
    }

    function render(suggestions) {
      items = !options.uniqueLabels ? suggestions : suggestions.filter(function (s, i, all) {
        return all.findIndex(function (t) { return t.label === s.label; }) === i;
      });
      active = -1;
      input.removeAttribute("aria-activedescendant");
      listbox.textContent = "";
      items.forEach(function (item, index) {
        var option = document.createElement("li");
        var label = document.createElement("span");
        var detail = document.createElement("span");
        option.id = input.id + "-option-" + index;
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
          choose(index);
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
      var query = term();
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
          if (term() === query) {
            render(Array.isArray(data.suggestions) ? data.suggestions : []);
          }
        })
        .catch(function () {
          /* Aborted or offline: the plain form still works. */
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
            choose(active);
          }
          break;
        case "Escape":
          if (isOpen()) {
            event.preventDefault();
            close();
          } else if (options.clearOnEscape && input.value) {
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
  };
})();
