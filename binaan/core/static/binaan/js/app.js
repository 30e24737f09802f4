// Binaan's few behaviours that htmx does not cover. A file, not inline script: the
// Content-Security-Policy allows scripts from this server only (no 'unsafe-inline', no eval).
(function () {
  "use strict";

  // Loaded without `defer`: mark the page as scripted before the body is drawn, so the CSS can
  // fold the small-screen menu behind its button without a flash (no JS: the menu stays open).
  document.documentElement.classList.add("js");

  // The small-screen menu button: opens and closes the menu, telling assistive technology.
  function setMenu(button, open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
    document.documentElement.classList.toggle("menu-open", open);
  }

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (!(target instanceof Element)) {
      return;
    }
    var toggle = target.closest("[data-menu-toggle]");
    if (toggle) {
      setMenu(toggle, toggle.getAttribute("aria-expanded") !== "true");
      return;
    }
    // A click elsewhere closes an open drop-down (the user's menu, the menu's "More").
    document.querySelectorAll("details[data-dropdown][open]").forEach(function (details) {
      if (!details.contains(target)) {
        details.open = false;
      }
    });
  });

  // Escape closes an open drop-down, or the small-screen menu, and returns the focus to it.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") {
      return;
    }
    var open = document.querySelector("details[data-dropdown][open]");
    if (open) {
      open.open = false;
      var summary = open.querySelector("summary");
      if (summary) {
        summary.focus();
      }
      return;
    }
    var toggle = document.querySelector("[data-menu-toggle][aria-expanded='true']");
    if (toggle) {
      setMenu(toggle, false);
      toggle.focus();
    }
  });

  // The register's name filter: shows only the rows whose name or number holds every word typed.
  // Hidden rows keep their marks and are still sent with the form (hidden is not disabled).
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function applyFilter(input) {
    var list = document.querySelector(input.getAttribute("data-filter-rows"));
    if (!list) {
      return;
    }
    var words = fold(input.value).split(/\s+/).filter(Boolean);
    var rows = list.querySelectorAll("[data-filter-text]");
    var shown = 0;
    rows.forEach(function (row) {
      var text = fold(row.getAttribute("data-filter-text") || "");
      var match = words.every(function (word) {
        return text.indexOf(word) !== -1;
      });
      row.hidden = !match;
      if (match) {
        shown += 1;
      }
    });
    var status = document.getElementById(input.getAttribute("aria-describedby") || "");
    if (status) {
      var template = words.length ? status.getAttribute("data-template") : "";
      status.textContent = (template || "")
        .replace("__shown__", String(shown))
        .replace("__total__", String(rows.length));
    }
  }

  document.addEventListener("input", function (event) {
    var input = event.target;
    if (input instanceof HTMLInputElement && input.hasAttribute("data-filter-rows")) {
      applyFilter(input);
    }
  });

  // Rows added by htmx (a walk-in) obey the filter already typed.
  document.addEventListener("htmx:afterSwap", function () {
    document.querySelectorAll("input[data-filter-rows]").forEach(function (input) {
      if (input instanceof HTMLInputElement && input.value) {
        applyFilter(input);
      }
    });
  });

  // A form that takes a while (an import) shows its progress indicator as soon as it is sent.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form instanceof HTMLFormElement && form.hasAttribute("data-busy-on-submit")) {
      form.classList.add("htmx-request");
    }
  });

  // Scan mode: after each scan the field is emptied and focused for the next card.
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.target;
    if (form instanceof HTMLFormElement && form.hasAttribute("data-reset-after-request")) {
      form.reset();
      var field = form.querySelector("[data-refocus]");
      if (field) {
        field.focus();
      }
    }
  });

  // Program set-up: only the questions of the chosen schedule are shown. Without JavaScript
  // every question is shown, and the server ignores those of the pattern not chosen.
  function showScheduleGroups(form) {
    var chosen = form.querySelector('input[name="schedule_pattern"]:checked');
    var value = chosen ? chosen.value : "";
    form.querySelectorAll("[data-schedule-group]").forEach(function (group) {
      var key = group.getAttribute("data-schedule-group");
      group.hidden = key === "hours" ? value === "keep" : key !== value;
    });
  }
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field instanceof HTMLInputElement && field.name === "schedule_pattern" && field.form) {
      showScheduleGroups(field.form);
    }
  });
  // The script runs in <head> (not deferred, see above): the forms exist once the DOM is parsed.
  function onReady(callback) {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", callback);
    } else {
      callback();
    }
  }
  onReady(function () {
    document.querySelectorAll("form[data-schedule-form]").forEach(showScheduleGroups);
  });
})();
