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

from casereview.chronology.dates import (
    CellProblem,
    parse_date,
    parse_time,
    parse_yes_no,
    part_of_day,
    shown,
    split_date_and_time,
    unknown_date,
)
from casereview.chronology.model import (
    COLUMN_TITLES,
    SOURCE_RECORD,
    SOURCE_SUBSTANTIATED,
    SOURCE_UNSUBSTANTIATED,
    ChronologyEntry,
    ChronologyError,
    EventDate,
    Severity,
)

# Cells of other columns travel in the row's mapping under this prefix and their key.
OTHER_PREFIX = "other:"

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
    # Column index (tables) or key (YAML) -> header, for cells kept as other information.
    other_columns: Mapping[object, str] = field(default_factory=dict)
    # A time found after the date in the date cell ("12.06.2019 1430"), by row.
    time_in_date: dict[int, str] = field(default_factory=dict)
    # Cells that could not be read (a Y/N column holding "sometimes"), kept as text.
    unread_cells: dict[int, dict[str, str]] = field(default_factory=dict)
    # CSV record number -> the physical line it starts on, where the two differ.
    lines: dict[int, int] = field(default_factory=dict)
    # (row, number, date) of each Excel serial number read as a date: one note per file.
    serials: list[tuple[int, str, date]] = field(default_factory=list)

    def error(self, row: int | None, column: str | None, message: str, severity: Severity = "error") -> None:
        line = self.lines.get(row) if row is not None else None
        self.errors.append(ChronologyError(self.file, row, column, message, severity, self.where, line))

    def note(self, row: int | None, column: str | None, message: str) -> None:
        self.error(row, column, message, "note")

    def finish(self) -> None:
        """The notes that sum up the whole file: each decision is reported once."""
        if not self.serials:
            return
        listed = "; ".join(f"{self.where} {row}: {number} → {day:%d.%m.%Y}" for row, number, day in self.serials[:5])
        more = f"; and {len(self.serials) - 5} more" if len(self.serials) > 5 else ""
        count = len(self.serials)
        self.note(
            self.serials[0][0],
            self.title("date"),
            f"{count} date{'s are' if count > 1 else ' is an'} Excel serial number{'s' if count > 1 else ''}, "
            f"read as {'dates' if count > 1 else 'a date'} and marked so ({listed}{more})",
        )

    def title(self, field_name: str) -> str:
        return self.headers.get(field_name, COLUMN_TITLES.get(field_name, field_name))

    def extra_of(self, cells: Mapping[str, object]) -> dict[str, str]:
        """The row's cells of other columns (and unread cells), header -> text, non-empty only."""
        extra = {header: as_text(cells.get(OTHER_PREFIX + str(key))) for key, header in self.other_columns.items()}
        return {header: text for header, text in extra.items() if text}


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


def build_entry(cells: Mapping[str, object], row: int, ctx: FileContext) -> ChronologyEntry:
    """The entry of one non-blank row; every row gives one, whatever is wrong with it.

    Every problem found is added to ``ctx.errors`` and named in the entry's ``flags``: an
    impossible date is kept as written and placed at the start of the month it names,
    an unreadable one after every dated entry, an unreadable time or Y/N cell is kept
    as text. Nothing an agency wrote is dropped.
    """
    flags: list[str] = []
    event_date = _event_date(cells, row, ctx, flags)
    summary = as_text(cells.get("summary"))
    if not summary:
        if "summary" in ctx.headers:  # a missing column is reported once, at the header
            ctx.error(row, ctx.title("summary"), "the summary of key information is empty")
        flags.append("no summary")
    recorded = _read(cells, "recorded_date", row, ctx, lambda v: parse_date(v, ctx.period), flags)
    time_cell = cells.get("time")
    time_in_date = ctx.time_in_date.get(row)
    if is_blank(time_cell) and time_in_date is not None:
        time_cell = time_in_date
    elif time_in_date is not None:  # a time in both cells: the Time column's wins, the other is kept
        ctx.unread_cells.setdefault(row, {})["Time written with the date"] = time_in_date
    entry_time, time_part, time_text = _time(time_cell, row, ctx, flags)
    if entry_time is None and not time_part and isinstance(date_cell := cells.get("date"), datetime):
        entry_time = _time_of_datetime_cell(date_cell)
    yes_no = {name: _yes_no(cells, name, row, ctx, flags) for name in _YES_NO_FIELDS}
    agency = _agency(cells.get("agency"), row, ctx, flags)
    return ChronologyEntry(
        agency=agency,
        source_file=ctx.file,
        row=row,
        event_date=event_date,
        summary=summary,
        recorded_date=recorded,
        time=entry_time,
        time_part=time_part,
        time_text=time_text,
        event_type=as_text(cells.get("event_type")),
        people=split_people(cells.get("people")),
        decisions=as_text(cells.get("decisions")),
        issues=as_text(cells.get("issues")),
        source=normalise_source(cells.get("source")),
        where=ctx.where,
        headers=ctx.headers,
        flags=flags,
        extra=ctx.extra_of(cells) | ctx.unread_cells.pop(row, {}),
        line=ctx.lines.get(row),
        **yes_no,
    )


def _event_date(cells: Mapping[str, object], row: int, ctx: FileContext, flags: list[str]) -> EventDate:
    value = cells.get("date")
    if is_blank(value):
        ctx.error(row, ctx.title("date"), "the date is empty; every entry needs a date (kept, placed last)")
        flags.append("no date")
        return unknown_date("")
    if isinstance(value, str):
        value = value.strip()
    try:
        when = parse_date(value, ctx.period)
    except CellProblem as problem:
        both = split_date_and_time(value) if isinstance(value, str) else None
        if both is None:
            return _unreadable_date(problem, value, row, ctx, flags)
        # "12.06.2019 1430": the date and the time in one cell; the time is read even
        # when the date is wrong.
        value, ctx.time_in_date[row] = both
        try:
            when = parse_date(value, ctx.period)
        except CellProblem as second:
            return _unreadable_date(second, value, row, ctx, flags)
    if when.interpreted:
        ctx.serials.append((row, when.interpreted.rsplit(" ", 1)[-1], when.earliest))
        flags.append("serial date interpreted")
    if not when.is_exact:
        flags.append("approximate date")
    return when


def _unreadable_date(problem: CellProblem, value: object, row: int, ctx: FileContext, flags: list[str]) -> EventDate:
    """The row's date as written, flagged and placed (see :class:`CellProblem`), and the error."""
    when = problem.fallback or unknown_date(as_text(value))
    placed = f"placed at {when.earliest:%d.%m.%Y}" if when.known else "placed after the dated entries"
    ctx.error(row, ctx.title("date"), f"{problem} (the row is kept as written, {placed})")
    flags.append("invalid date" if when.invalid else "date not read")
    return when


def _time(value: object, row: int, ctx: FileContext, flags: list[str]) -> tuple[time | None, str, str]:
    """(clock time, part of the day, the cell as written when it is not a clock time)."""
    if is_blank(value):
        return None, "", ""
    part = part_of_day(value)
    if part is not None:
        flags.append("part of the day")
        return None, part, as_text(value)
    try:
        return parse_time(value.strip() if isinstance(value, str) else value), "", ""
    except CellProblem as problem:
        ctx.error(row, ctx.title("time"), f"{problem} (kept as written; order within the day unknown)", "warning")
        flags.append("time not read")
        return None, "", as_text(value)


def _yes_no(cells: Mapping[str, object], name: str, row: int, ctx: FileContext, flags: list[str]) -> bool | None:
    value = cells.get(name)
    if is_blank(value):
        return None
    try:
        return parse_yes_no(value.strip() if isinstance(value, str) else value)
    except CellProblem as problem:
        ctx.error(row, ctx.title(name), f"{problem} (kept as written)", "warning")
        ctx.unread_cells.setdefault(row, {})[ctx.title(name)] = as_text(value)
        flags.append(f"{COLUMN_TITLES[name].lower()} not read")
        return None


def _read(
    cells: Mapping[str, object],
    name: str,
    row: int,
    ctx: FileContext,
    parser: Callable[[object], EventDate],
    flags: list[str],
) -> EventDate | None:
    value = cells.get(name)
    if is_blank(value):
        return None
    try:
        return parser(value.strip() if isinstance(value, str) else value)
    except CellProblem as problem:
        ctx.error(row, ctx.title(name), f"{problem} (kept as written)", "warning")
        flags.append(f"{COLUMN_TITLES[name].lower()} not read")
        return problem.fallback


def _time_of_datetime_cell(value: datetime) -> time | None:
    """A date cell holding a date and time gives the time when no Time cell does."""
    return value.time().replace(microsecond=0) if value.time() != time(0, 0) else None


def _agency(value: object, row: int, ctx: FileContext, flags: list[str]) -> str:
    text = as_text(value)
    if not text:
        return ctx.default_agency
    if not ctx.agencies:
        return text
    known = ctx.agencies.get(text.lower())
    if known is None:
        flags.append("agency not of this review")
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
