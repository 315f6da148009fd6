/* Error summaries: take focus when the page loads, so keyboard and screen reader users
   land on the list of problems; a link to a group of choices (a fieldset) focuses its
   first choice. Without this script the links still scroll to their fields. */
(function () {
  "use strict";

  var FIELDS = "input:not([type=hidden]):not([disabled]), select:not([disabled]), textarea:not([disabled])";

  function focusSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (!summary) return;
    if (!summary.hasAttribute("tabindex")) summary.setAttribute("tabindex", "-1");
    summary.focus();
  }

  function followLink(event) {
    var link = event.target.closest("[data-error-summary] a[href^='#']");
    if (!link) return;
    var target = document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
    if (!target) return;
    if (!target.matches(FIELDS)) target = target.querySelector(FIELDS) || target;
    if (!target.matches(FIELDS)) return;
    event.preventDefault();
    // Show the field's label or legend too, not just the control.
    var group = target.closest("fieldset, .field") || target;
    group.scrollIntoView();
    target.focus({ preventScroll: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", focusSummary);
  } else {
    focusSummary();
  }
  document.addEventListener("click", followLink);
})();
