/* casereview: the filter form of the composite chronology page. Plain JavaScript.
 * Each table row carries data-agency, data-people ("A;B"), data-date and
 * data-date-end (ISO), data-seen, data-alone, data-wishes ("Y", "N" or "").
 * Without JavaScript the form stays hidden and every row is shown.
 * The timeline's marks (data-row: the row's number) follow the filter, and the filter
 * lives in the address (?agency=police&seen=1…), so a filtered view can be shared. */
(function () {
  "use strict";

  function readFilter(form) {
    var fields = form.elements;
    return {
      agency: fields.agency.value, person: fields.person.value,
      from: fields.from.value, to: fields.to.value,
      seen: fields.seen.checked, alone: fields.alone.checked, wishes: fields.wishes.checked
    };
  }

  function matches(row, filter) {
    var data = row.dataset;
    if (filter.agency && data.agency !== filter.agency) return false;
    if (filter.person && (data.people || "").split(";").indexOf(filter.person) < 0) return false;
    // A date known to the month or year matches if any of its days is in the range.
    if (filter.from && (data.dateEnd || data.date) < filter.from) return false;
    if (filter.to && data.date > filter.to) return false;
    if (filter.seen && data.seen !== "Y") return false;
    if (filter.alone && data.alone !== "Y") return false;
    if (filter.wishes && data.wishes !== "Y") return false;
    return true;
  }

  var TEXT_FIELDS = ["agency", "person", "from", "to"];
  var BOX_FIELDS = ["seen", "alone", "wishes"];
  var ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

  /* The filter from the address; a value the form does not offer is ignored. */
  function applyQuery(form, search) {
    var query = new URLSearchParams(search);
    TEXT_FIELDS.forEach(function (name) {
      var value = query.get(name), field = form.elements[name];
      if (value === null) return;
      if (field.tagName === "SELECT") {
        var offered = Array.prototype.some.call(field.options, function (o) { return o.value === value; });
        if (offered) field.value = value;
      } else if (ISO_DATE.test(value)) {
        field.value = value;
      }
    });
    BOX_FIELDS.forEach(function (name) {
      if (query.get(name) === "1") form.elements[name].checked = true;
    });
  }

  /* The address of the filtered view: only the fields in use, the fragment kept. */
  function writeQuery(filter) {
    var query = new URLSearchParams();
    TEXT_FIELDS.forEach(function (name) { if (filter[name]) query.set(name, filter[name]); });
    BOX_FIELDS.forEach(function (name) { if (filter[name]) query.set(name, "1"); });
    var search = query.toString();
    var address = window.location.pathname + (search ? "?" + search : "") + window.location.hash;
    if (address !== window.location.pathname + window.location.search + window.location.hash) {
      try {
        window.history.replaceState(window.history.state, "", address);
      } catch (error) {
        /* A page opened from a file may not change its address: the filter still works. */
      }
    }
  }

  function wire(container) {
    var form = container.querySelector("form.casereview-chronology__filter");
    if (!form || form.dataset.wired) return;
    form.dataset.wired = "true";
    var rows = Array.prototype.slice.call(container.querySelectorAll("tbody > tr"));
    var count = form.querySelector(".casereview-chronology__count");
    var marks = Array.prototype.slice.call(document.querySelectorAll(".casereview-timeline [data-row]"));
    function update() {
      var filter = readFilter(form), shown = 0;
      rows.forEach(function (row) {
        row.hidden = !matches(row, filter);
        if (!row.hidden) shown += 1;
      });
      marks.forEach(function (mark) {
        var row = document.getElementById("entry-" + mark.dataset.row);
        if (row) mark.style.display = row.hidden ? "none" : "";
      });
      count.textContent = shown + " of " + rows.length + " entries";
      writeQuery(filter);
    }
    applyQuery(form, window.location.search);
    form.addEventListener("input", update);
    form.addEventListener("change", update);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function () { window.setTimeout(update, 0); });
    form.hidden = false;
    update();
  }

  function showPerson(event) {
    var form = document.querySelector("form.casereview-chronology__filter");
    if (!form) return;
    form.reset();
    form.elements.person.value = event.currentTarget.dataset.filterPerson;
    form.dispatchEvent(new Event("change"));
    form.scrollIntoView();
  }

  function wireAll() {
    document.querySelectorAll(".casereview-chronology").forEach(wire);
    document.querySelectorAll("[data-filter-person]").forEach(function (button) {
      if (button.dataset.wired) return;
      button.dataset.wired = "true";
      button.addEventListener("click", showPerson);
      button.hidden = false;
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", wireAll);
  } else {
    wireAll();
  }
  // mkdocs-material's observable of page loads (instant navigation); off today.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(wireAll);
  }
})();
