/* casereview: the filter form of the board's action tracker. Plain JavaScript.
 * Each table row carries data-review, data-agency, data-state, data-owner and
 * data-overdue ("yes"/"no"). The filters are mirrored in the address (?agency=CSC)
 * so a filtered view can be shared. Without JavaScript every row is shown. */
(function () {
  "use strict";
  var FIELDS = ["review", "agency", "state", "owner", "overdue"];

  function readFilter(form) {
    var filter = {};
    FIELDS.forEach(function (name) {
      var field = form.elements[name];
      filter[name] = field.type === "checkbox" ? (field.checked ? field.value : "") : field.value;
    });
    return filter;
  }

  function matches(row, filter) {
    return FIELDS.every(function (name) {
      return !filter[name] || row.dataset[name] === filter[name];
    });
  }

  function fromAddress(form) {
    var params = new URLSearchParams(window.location.search);
    FIELDS.forEach(function (name) {
      var field = form.elements[name], value = params.get(name);
      if (value === null) return;
      if (field.type === "checkbox") {
        field.checked = value === field.value;
      } else if (Array.prototype.some.call(field.options, function (o) { return o.value === value; })) {
        field.value = value;
      }
    });
  }

  function toAddress(filter) {
    var params = new URLSearchParams(window.location.search);
    FIELDS.forEach(function (name) {
      if (filter[name]) params.set(name, filter[name]); else params.delete(name);
    });
    var query = params.toString();
    var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
    window.history.replaceState(null, "", url);
  }

  function wire(form) {
    if (form.dataset.wired) return;
    form.dataset.wired = "true";
    var container = form.parentNode;
    var rows = Array.prototype.slice.call(container.querySelectorAll(".casereview-tracker__table tbody > tr"));
    var count = form.querySelector(".casereview-tracker__count");
    function update() {
      var filter = readFilter(form), shown = 0;
      rows.forEach(function (row) {
        row.hidden = !matches(row, filter);
        if (!row.hidden) shown += 1;
      });
      count.textContent = shown + " of " + rows.length + " actions";
      toAddress(filter);
    }
    form.addEventListener("input", update);
    form.addEventListener("change", update);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function () { window.setTimeout(update, 0); });
    fromAddress(form);
    form.hidden = false;
    update();
  }

  function wireAll() {
    document.querySelectorAll("form.casereview-tracker__filter").forEach(wire);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", wireAll);
  } else {
    wireAll();
  }
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(wireAll);
  }
})();
