/* casereview: every table mkdocs-material wraps in a scroll box (.md-typeset__scrollwrap)
 * becomes a focusable, named region, so a keyboard user can scroll a wide table
 * (WCAG 2.1.1; axe rule scrollable-region-focusable). The protective marking's height
 * goes to --casereview-marking-height, so the sticky header sits under the sticky
 * marking (casereview.css). Plain JavaScript. */
(function () {
  "use strict";

  function nameOf(box) {
    var caption = box.querySelector("caption");
    if (caption && caption.textContent.trim()) return "Table: " + caption.textContent.trim();
    // The nearest heading before the table names it.
    var node = box;
    while (node && node !== document.body) {
      var sibling = node.previousElementSibling;
      while (sibling) {
        if (/^H[1-6]$/.test(sibling.tagName)) return "Table: " + sibling.textContent.replace(/\s+/g, " ").trim();
        sibling = sibling.previousElementSibling;
      }
      node = node.parentElement;
    }
    return "Table";
  }

  var namesGiven = {};

  function mark(box) {
    if (box.hasAttribute("tabindex")) return;
    var name = nameOf(box);
    // Two tables under one heading get told apart: "Table: CSC", "Table: CSC (2)".
    namesGiven[name] = (namesGiven[name] || 0) + 1;
    if (namesGiven[name] > 1) name += " (" + namesGiven[name] + ")";
    box.setAttribute("tabindex", "0");
    box.setAttribute("role", "region");
    box.setAttribute("aria-label", name);
  }

  function markAll(root) {
    (root || document).querySelectorAll(".md-typeset__scrollwrap").forEach(mark);
  }

  function followMarkingHeight() {
    var marking = document.querySelector(".md-banner");
    if (!marking || !marking.querySelector(".casereview-marking")) return;
    function measure() {
      document.documentElement.style.setProperty("--casereview-marking-height", marking.offsetHeight + "px");
    }
    measure();
    if (window.ResizeObserver) new ResizeObserver(measure).observe(marking);
  }

  followMarkingHeight();
  markAll();
  // material wraps the tables from its own script, which may run after this one.
  new MutationObserver(function (changes) {
    changes.forEach(function (change) {
      change.addedNodes.forEach(function (node) {
        if (node.nodeType !== 1) return;
        if (node.classList.contains("md-typeset__scrollwrap")) mark(node);
        else markAll(node);
      });
    });
  }).observe(document.body, { childList: true, subtree: true });
})();
