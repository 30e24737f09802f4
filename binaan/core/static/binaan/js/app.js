// Binaan's few behaviours that htmx does not cover. A file, not inline script: the
// Content-Security-Policy allows scripts from this server only (no 'unsafe-inline', no eval).
(function () {
  "use strict";

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
  document.querySelectorAll("form[data-schedule-form]").forEach(showScheduleGroups);
})();
