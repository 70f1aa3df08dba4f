// Streaming Flask: accessibility additions to furo, tested by
// tests/test_site/test_accessibility.py.
//
// 1. Code blocks and tables that scroll sideways can be scrolled from the
// keyboard: they get tabindex="0" while they are wider than their box (axe
// scrollable-region-focusable), and lose it when the window grows.
//
// 2. furo's navigation and contents drawers, for the keyboard. Their toggles
// are <label>s of hidden checkboxes; docs/_templates/page.html makes the icon
// inside each a role="button" with tabindex="0" (a label cannot be a button).
// Enter or Space toggles a drawer, as a button would; opening one moves the
// focus into it; Escape closes it and gives the focus back to its toggle;
// aria-expanded follows the checkbox. A closed drawer is hidden (custom.css).
(function () {
  "use strict";
  var SCROLLERS = "div.highlight > pre, div.table-wrapper";
  var DRAWERS = { __navigation: "site-navigation", __toc: "page-contents" };

  function markScrollers() {
    document.querySelectorAll(SCROLLERS).forEach(function (box) {
      if (box.scrollWidth > box.clientWidth) box.setAttribute("tabindex", "0");
      else box.removeAttribute("tabindex");
    });
  }

  var pending = false;
  window.addEventListener("resize", function () {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(function () {
      pending = false;
      markScrollers();
    });
  });

  function toggles(id) {
    return document.querySelectorAll('label[for="' + id + '"] > [role="button"]');
  }

  function firstFocusable(container) {
    // The first one that is laid out: furo does not show the contents' first
    // link (the page's own title).
    var candidates = container.querySelectorAll("a[href], input:not([type=hidden]), button");
    for (var i = 0; i < candidates.length; i++) {
      if (candidates[i].getClientRects().length > 0) return candidates[i];
    }
    return null;
  }

  function setUpDrawer(id) {
    var checkbox = document.getElementById(id);
    var drawer = document.getElementById(DRAWERS[id]);
    if (!checkbox || !drawer) return;
    var opener = null;
    checkbox.addEventListener("change", function () {
      toggles(id).forEach(function (toggle) {
        toggle.setAttribute("aria-expanded", String(checkbox.checked));
      });
    });
    toggles(id).forEach(function (toggle) {
      toggle.addEventListener("keydown", function (event) {
        if (event.key !== "Enter" && event.key !== " ") return;
        event.preventDefault();
        opener = toggle;
        checkbox.click();
        if (checkbox.checked) {
          var target = firstFocusable(drawer);
          if (target) target.focus({ preventScroll: true });
        }
      });
    });
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape" || !checkbox.checked) return;
      checkbox.click();
      if (opener) opener.focus();
      opener = null;
    });
  }

  function setUp() {
    markScrollers();
    Object.keys(DRAWERS).forEach(setUpDrawer);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
