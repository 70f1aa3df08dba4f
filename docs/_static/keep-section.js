// The language switcher keeps the section the reader is at: a section has the
// same id in every language (tests/test_site/test_reader.py checks), so the
// page's #fragment is added to the links to the same page in the other languages.
// The 404 page's links go to each language's home page: no fragment there.
(function () {
  "use strict";

  function pageName(url) {
    return url.pathname.slice(url.pathname.lastIndexOf("/") + 1);
  }

  function keepSection() {
    var here = pageName(window.location);
    document.querySelectorAll(".site-languages a[hreflang]").forEach(function (link) {
      var target = new URL(link.href);
      if (pageName(target) !== here) {
        return;
      }
      target.hash = window.location.hash;
      link.href = target.href;
    });
  }

  document.addEventListener("DOMContentLoaded", keepSection);
  window.addEventListener("hashchange", keepSection);
})();
