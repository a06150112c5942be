/* casereview: the filter form of the composite chronology page. Plain JavaScript.
 * Each table row carries data-agency, data-people ("A;B"), data-date and
 * data-date-end (ISO), data-seen, data-alone, data-wishes ("Y", "N" or "").
 * Without JavaScript the form stays hidden and every row is shown. */
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

  function wire(container) {
    var form = container.querySelector("form.casereview-chronology__filter");
    if (!form || form.dataset.wired) return;
    form.dataset.wired = "true";
    var rows = Array.prototype.slice.call(container.querySelectorAll("tbody > tr"));
    var count = form.querySelector(".casereview-chronology__count");
    function update() {
      var filter = readFilter(form), shown = 0;
      rows.forEach(function (row) {
        row.hidden = !matches(row, filter);
        if (!row.hidden) shown += 1;
      });
      count.textContent = shown + " of " + rows.length + " entries";
    }
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
