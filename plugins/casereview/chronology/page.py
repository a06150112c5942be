"""The composite chronology page of the internal site.

:func:`composite_page_markdown` returns a whole Markdown page: an introduction, the
timeline (:mod:`casereview.chronology.timeline`), a filter form and the composite table, and one
collapsible section per family member. Everything below the introduction is raw HTML
(the site uses ``md_in_html``): each block starts at column 0, is separated from the
next by a blank line and holds no blank line itself, so Markdown leaves it alone.

The filter form is wired by ``assets/chronology.js`` from the ``data-*`` attributes of
each row. Ages are only shown when asked (``with_ages``); the page is internal only.
Real names are never read here: people are shown as the acronyms the chronologies use.
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from casereview.chronology import MergedEntry, age_at, per_person
from casereview.chronology.export import time_text
from casereview.chronology.timeline import timeline_svg
from casereview.sources.key import Entity
from casereview.sources.review import Review

TIME_UNKNOWN = "not known"
NOT_RECORDED = "–"
_NEWLINES = re.compile(r"\r\n?|\n")


def _text(value: object) -> str:
    """Cell text: escaped, line breaks kept as ``<br>`` so no blank line reaches Markdown.

    Quotes are left as they are (valid in element content) so that the anonymiser,
    which runs on this Markdown, still finds a name such as ``O'Rourke``.
    """
    return _NEWLINES.sub("<br>", html.escape(str(value), quote=False))


def _attr(value: object) -> str:
    """An attribute value for double quotes: ``&``, ``<``, ``>`` and ``"`` escaped."""
    return html.escape(str(value), quote=False).replace('"', "&quot;")


def _yes_no(value: bool | None) -> str:
    return NOT_RECORDED if value is None else ("Y" if value else "N")


def _flag(value: bool | None) -> str:
    """Value of a ``data-seen``/``data-alone``/``data-wishes`` attribute: Y, N or empty."""
    return "" if value is None else ("Y" if value else "N")


# --------------------------------------------------------------------------- agencies


def agency_labels(review: Review, merged: Sequence[MergedEntry] = ()) -> list[tuple[str, str]]:
    """(agency id, label) of the review's agencies in Terms of Reference order, then any
    agency that only the chronologies name. The label is the agency's key acronym."""
    labels: list[tuple[str, str]] = []
    for agency in (review.tor.meta.get("agencies") if review.tor else None) or []:
        if isinstance(agency, dict) and agency.get("id"):
            agency_id = str(agency["id"])
            labels.append((agency_id, str(agency.get("acronym") or agency_id)))
    known = {agency_id.lower() for agency_id, _ in labels}
    for item in merged:
        if item.entry.agency.lower() not in known:
            known.add(item.entry.agency.lower())
            labels.append((item.entry.agency, item.entry.agency))
    return labels


def _label_of(labels: Sequence[tuple[str, str]], agency: str) -> str:
    return next((label for agency_id, label in labels if agency_id.lower() == agency.lower()), agency)


# --------------------------------------------------------------------------- page


def composite_page_markdown(
    review: Review,
    merged: list[MergedEntry],
    *,
    with_ages: bool,
    raw: Callable[[str], str] | None = None,
    counts: Sequence[tuple[str, int]] | None = None,
) -> str:
    """The composite chronology of ``review`` as a Markdown page for the internal site.

    ``with_ages`` adds the subject's age at each entry (from the key's ``born``); never
    pass it for anything that may be published. ``raw`` receives each large raw-HTML
    block and returns what the Markdown holds instead (a placeholder the site fills
    after conversion: Python-Markdown parsing hundreds of table rows of raw HTML was
    the largest single cost of a big internal build). ``counts`` (file name, rows
    read) lets the page state the rows read from each file beside the rows it shows.
    """
    keep = raw or (lambda block: block)
    title = f"Composite chronology: {review.meta.get('title', review.slug)}"
    labels = agency_labels(review, merged)
    subject = review.key.subject
    born = subject.born if with_ages and subject is not None else None
    subject_acronym = subject.acronym if subject is not None else None
    # ``hide: [toc]`` (mkdocs-material): the table needs the width more than a contents list.
    # ``search: exclude`` (mkdocs-material): the table would dwarf the search index;
    # the page has its own filters.
    front = (
        f'---\ntype: page\ntitle: {json.dumps(title)}\nstatus: approved\nversion: "1.0"\n'
        "hide:\n  - toc\nsearch:\n  exclude: true\n---\n"
    )
    parts = [
        front,
        f"# {title}\n",
        _intro(merged, labels, subject_acronym if born is not None else None),
        *([_counts_block(merged, counts)] if counts is not None else []),
        "## Timeline\n",
        keep(
            '<figure class="casereview-chronology-timeline casereview-no-number" markdown="0">\n'
            + timeline_svg(merged, labels, subject_acronym=subject_acronym)
            + "\n</figure>\n"
        ),
        "## Entries\n",
        keep(_table_block(merged, labels, review, born, subject_acronym)),
    ]
    people_sections = _per_person_block(review, merged, labels)
    if people_sections:
        parts += ["## Family members\n", keep(people_sections)]
    return "\n".join(parts)


def _intro(merged: Sequence[MergedEntry], labels: Sequence[tuple[str, str]], age_of: str | None) -> str:
    counts = Counter(item.entry.agency.lower() for item in merged)
    by_agency = ", ".join(
        f"{label} ({counts[agency_id.lower()]})" for agency_id, label in labels if counts[agency_id.lower()]
    )
    duplicates = len({item.duplicate_of for item in merged if item.duplicate_of})
    lines = [
        f"The agencies' chronologies merged into one: {len(merged)} "
        f"{'entry' if len(merged) == 1 else 'entries'}" + (f" from {by_agency}." if by_agency else "."),
        "",
        "- A date as the agency wrote it; *(month only)*, *(year only)* or *(approximate)* "
        "after it when the day is not known for certain. Such entries are placed at the "
        "earliest day they can have happened on.",
        "- Time *not known*: no time was given, so the entry's order within its day is not "
        "known; it comes first in its day. A part of the day (*am*, *evening*…) is placed at "
        "the start of that part of the day.",
        "- Flags under a date say what is uncertain or wrong in the row as the agency sent it "
        "(*invalid date*: kept as written, placed at the start of the month it names). "
        "No row is left out.",
        f"- *Possible duplicate* D1, D2…: entries of different agencies with the same day, "
        f"time and people, probably the same event ({duplicates} "
        f"{'group' if duplicates == 1 else 'groups'}). Both are kept.",
        f"- Seen / Alone / Wishes: the child was seen, seen alone, their wishes and feelings "
        f"sought: Y, N or {NOT_RECORDED} (not recorded).",
    ]
    if age_of:
        lines.append(f"- Age: {age_of}'s age at the entry; *c.* when the date is not exact. Internal only.")
    return "\n".join(lines) + "\n"


def _counts_block(merged: Sequence[MergedEntry], counts: Sequence[tuple[str, int]]) -> str:
    """The rows read from each agency's file beside the rows this page shows from it."""
    shown = Counter(Path(item.entry.source_file).name for item in merged)
    flagged = sum(1 for item in merged if item.entry.flags)
    lines = ["| Chronology file | Rows read | Rows shown |", "|---|---:|---:|"]
    lines += [f"| `{name}` | {read} | {shown.get(name, 0)} |" for name, read in counts]
    lines.append(f"| **All files** | **{sum(read for _, read in counts)}** | **{len(merged)}** |")
    return "\n".join(lines) + f"\n\n{flagged} {'row is' if flagged == 1 else 'rows are'} flagged.\n"


# --------------------------------------------------------------------------- filter form


def _option(value: str, label: str) -> str:
    return f'<option value="{_attr(value)}">{_text(label)}</option>'


def _people_in_order(review: Review, merged: Sequence[MergedEntry]) -> list[str]:
    """Every acronym the entries name: in key order, then the unknown ones alphabetically."""
    named = {person for item in merged for person in item.entry.people}
    in_key = [acronym for acronym in review.key.acronyms if acronym in named]
    return in_key + sorted(named - set(in_key), key=str.lower)


_ALL = '<option value="">All</option>'


def _filter_form(review: Review, merged: Sequence[MergedEntry], labels: Sequence[tuple[str, str]]) -> str:
    agencies = "".join(_option(agency_id, label) for agency_id, label in labels)
    people = "".join(_option(person, person) for person in _people_in_order(review, merged))
    checkbox = '<label><input type="checkbox" name="{0}" value="Y"> {1}</label>'
    return (
        '<form class="casereview-chronology__filter" aria-label="Filter the entries" hidden>'
        f'<label>Agency <select name="agency">{_ALL}{agencies}</select></label>'
        f'<label>Person <select name="person">{_ALL}{people}</select></label>'
        '<label>From <input type="date" name="from"></label>'
        '<label>To <input type="date" name="to"></label>'
        + checkbox.format("seen", "child seen")
        + checkbox.format("alone", "seen alone")
        + checkbox.format("wishes", "wishes sought")
        + '<button type="reset">Show all</button>'
        f'<output class="casereview-chronology__count" aria-live="polite">{len(merged)} of '
        f"{len(merged)} entries</output></form>"
    )


# --------------------------------------------------------------------------- table

COLUMNS = (
    "Date",
    "Time",
    "Agency",
    "Type of event / source",
    "People",
    "Summary",
    "Decisions and actions",
    "Issues for review",
    "Seen / Alone / Wishes",
    "Source",
)


def _table_block(
    merged: Sequence[MergedEntry],
    labels: Sequence[tuple[str, str]],
    review: Review,
    born: date | None,
    subject_acronym: str | None,
) -> str:
    headers = [*COLUMNS, *([f"Age of {subject_acronym}"] if born is not None else [])]
    head = "".join(f'<th scope="col">{_text(title)}</th>' for title in headers)
    rows = "\n".join(
        _row(index, item, _label_of(labels, item.entry.agency), born) for index, item in enumerate(merged, start=1)
    )
    return (
        '<div class="casereview-chronology casereview-no-number" markdown="0">\n'
        + _filter_form(review, merged, labels)
        + '\n<div class="casereview-chronology__scroll" tabindex="0" role="region" aria-label="Composite chronology table">\n'
        + '<table class="casereview-chronology__table">\n'
        + f"<thead><tr>{head}</tr></thead>\n<tbody>\n{rows}\n</tbody>\n</table>\n</div>\n</div>\n"
    )


def row_id(index: int) -> str:
    """The id of the ``index``-th (1-based) row of the composite table."""
    return f"entry-{index}"


def _data_attributes(item: MergedEntry) -> str:
    entry = item.entry
    values = {
        "agency": entry.agency,
        "people": ";".join(entry.people),
        "date": entry.event_date.earliest.isoformat() if entry.event_date.known else "",
        "date-end": entry.event_date.latest.isoformat() if entry.event_date.known else "",
        "seen": _flag(entry.child_seen),
        "alone": _flag(entry.seen_alone),
        "wishes": _flag(entry.wishes_sought),
    }
    return " ".join(f'data-{name}="{_attr(value)}"' for name, value in values.items())


def _date_cell(item: MergedEntry) -> str:
    when = item.entry.event_date
    cell = _text(when.original or when.earliest.strftime("%d.%m.%Y"))
    if when.marker:
        cell += f' <span class="casereview-chronology__marker">({_text(when.marker)})</span>'
    if item.duplicate_of:
        cell += (
            f'<br><span class="casereview-chronology__duplicate">possible duplicate {_text(item.duplicate_of)}</span>'
        )
    flags = [flag for flag in item.entry.flags if flag not in ("approximate date",) or not when.marker]
    if flags:
        cell += f'<br><span class="casereview-chronology__flags">{_text("; ".join(flags))}</span>'
    return cell


def _time_cell(item: MergedEntry) -> str:
    if item.entry.time is None:
        return f'<span class="casereview-chronology__marker">{_text(time_text(item.entry))}</span>'
    return item.entry.time.strftime("%H:%M")


def _summary_cell(item: MergedEntry) -> str:
    """The summary, then the cells of columns the template does not have, as written."""
    cell = _text(item.entry.summary)
    for header, text in item.entry.extra.items():
        cell += f'<br><span class="casereview-chronology__other">{_text(header)}: {_text(text)}</span>'
    return cell


def _source_cell(item: MergedEntry) -> str:
    entry = item.entry
    origin = f"{Path(entry.source_file).name} {entry.where} {entry.row}"
    origin_span = f'<span class="casereview-chronology__origin">{_text(origin)}</span>'
    return f"{_text(entry.source)}<br>{origin_span}"


def _seen_cell(item: MergedEntry) -> str:
    entry = item.entry
    flags = " / ".join(_yes_no(value) for value in (entry.child_seen, entry.seen_alone, entry.wishes_sought))
    return f'<span class="casereview-chronology__seen" title="seen / alone / wishes">{flags}</span>'


def _age_cell(item: MergedEntry, born: date) -> str:
    when = item.entry.event_date
    if not when.known:
        return ""
    age = age_at(born, when.earliest)
    return _text(age if when.is_exact or age == "before birth" else f"c. {age}")


def _row(index: int, item: MergedEntry, agency_label: str, born: date | None) -> str:
    entry = item.entry
    cells = [
        _date_cell(item),
        _time_cell(item),
        _text(agency_label),
        _text(entry.event_type),
        _text("; ".join(entry.people)),
        _summary_cell(item),
        _text(entry.decisions),
        _text(entry.issues),
        _seen_cell(item),
        _source_cell(item),
        *([_age_cell(item, born)] if born is not None else []),
    ]
    classes = "casereview-chronology__row" + (" is-duplicate" if item.duplicate_of else "")
    classes += " is-flagged" if entry.flags else ""
    return (
        f'<tr id="{row_id(index)}" class="{classes}" {_data_attributes(item)}>'
        + "".join(f"<td>{cell}</td>" for cell in cells)
        + "</tr>"
    )


# --------------------------------------------------------------------------- per person


def _family(review: Review) -> list[Entity]:
    return [entity for entity in review.key if entity.category == "family"]


def _per_person_block(review: Review, merged: Sequence[MergedEntry], labels: Sequence[tuple[str, str]]) -> str:
    """One ``<details>`` per family member: a short list linking to their rows above.

    Short on purpose (date, agency, type of event, seen flags): the full text is in the
    table once, so the page does not repeat it per person.
    """
    index_of = {id(item): index for index, item in enumerate(merged, start=1)}
    blocks = []
    for entity in _family(review):
        entries = per_person(merged, entity.acronym)
        blocks.append(_person_details(entity, entries, index_of, labels))
    return "\n".join(blocks)


def _person_details(
    entity: Entity,
    entries: Sequence[MergedEntry],
    index_of: dict[int, int],
    labels: Sequence[tuple[str, str]],
) -> str:
    count = f"{len(entries)} {'entry' if len(entries) == 1 else 'entries'}"
    summary = f"<summary><strong>{_text(entity.acronym)}</strong>: {count}</summary>"
    opening = (
        f'<details class="casereview-chronology-person casereview-no-number" markdown="0" '
        f'data-person="{_attr(entity.acronym)}">{summary}'
    )
    if not entries:
        return f"{opening}<p>No entry names {_text(entity.acronym)}.</p></details>\n"
    button = (
        f'<button type="button" class="casereview-chronology__show-person" '
        f'data-filter-person="{_attr(entity.acronym)}" hidden>Show only '
        f"{_text(entity.acronym)} in the table</button>"
    )
    items = "".join(
        f'<li><a href="#{row_id(index_of[id(item)])}">{_text(item.entry.event_date.display)}</a> '
        f"{_text(_label_of(labels, item.entry.agency))}: {_text(item.entry.event_type or 'entry')}"
        f" {_seen_cell(item)}</li>"
        for item in entries
    )
    return f"{opening}{button}<ol>{items}</ol></details>\n"
