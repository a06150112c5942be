"""Turn one row's cells (field name -> raw value) into a :class:`ChronologyEntry`.

The readers find the cells; this module reads their meaning, the same way for
CSV, XLSX and YAML, and reports every problem of the row rather than the first.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Literal

from .dates import CellProblem, parse_date, parse_time, parse_yes_no, shown
from .model import (
    SOURCE_RECORD,
    SOURCE_SUBSTANTIATED,
    SOURCE_UNSUBSTANTIATED,
    ChronologyEntry,
    ChronologyError,
)

_PEOPLE_SEPARATORS = re.compile(r"\s*(?:[;,/&\n]|\band\b)\s*", re.IGNORECASE)
_TEXT_FIELDS = ("event_type", "summary", "decisions", "issues")
_YES_NO_FIELDS = ("child_seen", "seen_alone", "wishes_sought")


@dataclass
class FileContext:
    """What every row of one file shares: where it is and how to read it."""

    file: str
    default_agency: str
    period: tuple[date, date] | None = None
    # lower-cased agency id, acronym or name -> agency id; empty: accept any agency.
    agencies: Mapping[str, str] = field(default_factory=dict)
    headers: Mapping[str, str] = field(default_factory=dict)
    where: Literal["row", "line"] = "row"
    errors: list[ChronologyError] = field(default_factory=list)

    def error(self, row: int | None, column: str | None, message: str) -> None:
        self.errors.append(ChronologyError(self.file, row, column, message, "error", self.where))

    def title(self, field_name: str) -> str:
        return self.headers.get(field_name, field_name)


def is_blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list | tuple):
        return all(is_blank(item) for item in value)
    return False


def as_text(value: object) -> str:
    """A cell as text: numbers without a spurious ``.0``, dates as DD.MM.YYYY."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.strftime("%d.%m.%Y %H:%M") if value.time() else value.strftime("%d.%m.%Y")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, list | tuple):
        return "; ".join(as_text(item) for item in value)
    return str(value).strip()


def split_people(value: object) -> list[str]:
    """Acronyms of the people involved, split on ``;`` ``,`` ``/`` ``&`` and 'and'."""
    if isinstance(value, list | tuple):
        return [person for item in value for person in split_people(item)]
    return [part for part in _PEOPLE_SEPARATORS.split(as_text(value)) if part]


def normalise_source(value: object) -> str:
    """``record``, ``interview (substantiated)``, ``interview (unsubstantiated)`` or free text."""
    text = as_text(value)
    words = re.sub(r"[^a-z]+", " ", text.lower()).split()
    if words in (["record"], ["records"], ["written", "record"], ["written", "records"]):
        return SOURCE_RECORD
    if words[:1] == ["interview"] and words[1:] in (["substantiated"], ["unsubstantiated"]):
        return SOURCE_SUBSTANTIATED if words[1] == "substantiated" else SOURCE_UNSUBSTANTIATED
    return text


def build_entry(cells: Mapping[str, object], row: int, ctx: FileContext) -> ChronologyEntry | None:
    """The entry of one non-blank row, or None when its date or summary is unusable.

    Every problem found is added to ``ctx.errors``; an entry with a bad optional cell
    (time, Y/N) is still returned, with that cell left unknown.
    """
    before = len(ctx.errors)
    event_date = _read(cells, "date", row, ctx, lambda v: parse_date(v, ctx.period))
    if event_date is None and len(ctx.errors) == before:
        ctx.error(row, ctx.title("date"), "the date is empty; every entry needs a date")
    summary = as_text(cells.get("summary"))
    if not summary:
        ctx.error(row, ctx.title("summary"), "the summary of key information is empty")
    recorded = _read(cells, "recorded_date", row, ctx, lambda v: parse_date(v, ctx.period))
    entry_time = _read(cells, "time", row, ctx, parse_time)
    if entry_time is None and isinstance(cells.get("date"), datetime):
        entry_time = _time_of_datetime_cell(cells["date"])
    flags = {name: _read(cells, name, row, ctx, parse_yes_no) for name in _YES_NO_FIELDS}
    agency = _agency(cells.get("agency"), row, ctx)
    if event_date is None or not summary:
        return None
    return ChronologyEntry(
        agency=agency,
        source_file=ctx.file,
        row=row,
        event_date=event_date,
        summary=summary,
        recorded_date=recorded,
        time=entry_time,
        event_type=as_text(cells.get("event_type")),
        people=split_people(cells.get("people")),
        decisions=as_text(cells.get("decisions")),
        issues=as_text(cells.get("issues")),
        source=normalise_source(cells.get("source")),
        where=ctx.where,
        headers=ctx.headers,
        **flags,
    )


def _read(
    cells: Mapping[str, object],
    name: str,
    row: int,
    ctx: FileContext,
    parser: Callable[[object], object],
):
    value = cells.get(name)
    if is_blank(value):
        return None
    try:
        return parser(value.strip() if isinstance(value, str) else value)
    except CellProblem as problem:
        ctx.error(row, ctx.title(name), str(problem))
        return None


def _time_of_datetime_cell(value: datetime) -> time | None:
    """A date cell holding a date and time gives the time when no Time cell does."""
    return value.time().replace(microsecond=0) if value.time() != time(0, 0) else None


def _agency(value: object, row: int, ctx: FileContext) -> str:
    text = as_text(value)
    if not text:
        return ctx.default_agency
    if not ctx.agencies:
        return text
    known = ctx.agencies.get(text.lower())
    if known is None:
        ctx.error(
            row,
            ctx.title("agency"),
            f"{shown(text)} is not an agency of this review; use one of: "
            + ", ".join(sorted(set(ctx.agencies.values()))),
        )
        return text
    return known


def agency_lookup(agency_order: Sequence[str] | None, aliases: Mapping[str, str] | None) -> dict[str, str]:
    """Lower-cased id, acronym or name -> agency id, for checking the Agency column."""
    lookup = {agency.lower(): agency for agency in agency_order or ()}
    for alias, agency in (aliases or {}).items():
        lookup[alias.lower()] = agency
    return lookup
