"""The data model of a chronology: dated entries, the errors found reading them."""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, time
from typing import Literal

# "period": a stretch given by ``until`` (early June, summer 2017); "unknown": the
# date could not be read at all, and the entry is placed after every dated one.
Precision = Literal["day", "period", "month", "year", "unknown"]
Severity = Literal["error", "warning", "note"]
UNKNOWN_DAY = date.max
# ``time`` by another name, for annotations inside ChronologyEntry (whose field ``time`` hides it).
ClockTime = time

SOURCE_RECORD = "record"
SOURCE_SUBSTANTIATED = "interview (substantiated)"
SOURCE_UNSUBSTANTIATED = "interview (unsubstantiated)"

# The template's own wording of each column, used in messages and on export.
COLUMN_TITLES: dict[str, str] = {
    "date": "Date",
    "recorded_date": "Date recorded",
    "time": "Time",
    "agency": "Agency",
    "event_type": "Type of event / document source",
    "people": "Person(s) involved",
    "summary": "Summary of key information",
    "decisions": "Decisions and actions",
    "issues": "Issues for review / comment",
    "child_seen": "Child seen",
    "seen_alone": "Seen alone",
    "wishes_sought": "Wishes and feelings sought",
    "source": "Source",
}


# Parts of the day as agencies write them, and where each starts (for ordering only).
PART_START: dict[str, time] = {
    "early hours": time(0, 0),
    "am": time(0, 0),
    "morning": time(6, 0),
    "lunchtime": time(12, 0),
    "afternoon": time(12, 0),
    "pm": time(12, 0),
    "evening": time(18, 0),
    "night": time(21, 0),
    "overnight": time(21, 0),
}


@dataclass(frozen=True, order=False)
class EventDate:
    """A date as precise as the author knew it.

    ``earliest`` is the first day the event can have happened on (the 1st of the
    month for ``Jan 2004``, 1 January for ``2004``); the chronology sorts on it.
    ``approximate`` is set when the author marked the date uncertain (``c.``,
    ``?``); a month-only or year-only date is imprecise by its ``precision`` alone.
    """

    earliest: date
    precision: Precision = "day"
    approximate: bool = False
    original: str = ""
    # The date as written is impossible (31.02.2019): kept as written, placed at the
    # start of the month (or year) it names, never rolled over.
    invalid: bool = False
    # How a value that was not a date as written was read: "Excel serial number 42887".
    interpreted: str = ""
    until: date | None = None

    @property
    def known(self) -> bool:
        """False when no day can be given at all: the entry sorts after every dated one."""
        return self.precision != "unknown"

    @property
    def latest(self) -> date:
        """The last day the event can have happened on."""
        if self.until is not None:
            return self.until
        if self.precision == "unknown":
            return self.earliest
        if self.precision == "year":
            return date(self.earliest.year, 12, 31)
        if self.precision == "month":
            last = calendar.monthrange(self.earliest.year, self.earliest.month)[1]
            return self.earliest.replace(day=last)
        return self.earliest

    @property
    def is_exact(self) -> bool:
        """A known day, not marked uncertain: the only kind shown as a real date cell."""
        return self.precision == "day" and not self.approximate and not self.invalid

    @property
    def marker(self) -> str:
        """Short words telling a reader how far to trust the date ('' when exact)."""
        if self.precision == "unknown":
            return "date not read"
        words = ["invalid date"] if self.invalid else []
        if self.invalid:
            pass  # the date as written is shown; "month only" would mislead
        elif self.precision == "month":
            words.append("month only")
        elif self.precision == "year":
            words.append("year only")
        if self.approximate:
            words.append("approximate")
        if self.interpreted:
            words.append(self.interpreted)
        return ", ".join(words)

    @property
    def display(self) -> str:
        """The date as the author wrote it, with its marker: ``c. 12.03.2004 (approximate)``."""
        text = self.original or self.earliest.strftime("%d.%m.%Y")
        return f"{text} ({self.marker})" if self.marker else text


@dataclass(frozen=True)
class ChronologyError:
    """One problem in a chronology file, located as the author will look for it.

    ``row`` is the spreadsheet row a user sees (header on row 1, first entry on
    row 2) or, for YAML, the line of the entry; ``where`` says which.
    """

    file: str
    row: int | None
    column: str | None
    message: str
    severity: Severity = "error"
    where: Literal["row", "line"] = "row"
    # The physical line of a CSV record when it differs from its row (a cell holding
    # line breaks makes every later record start further down the file).
    line: int | None = None

    @property
    def file_line(self) -> int | None:
        """The line an editor shows: the physical line of a CSV record, else the row."""
        return self.line if self.line is not None else self.row

    def __str__(self) -> str:
        parts = []
        if self.row is not None:
            parts.append(f"{self.where} {self.row}")
        if self.column is not None:
            parts.append(f'column "{self.column}"')
        location = ", ".join(parts)
        prefix = f"{self.file}: {location}: " if location else f"{self.file}: "
        label = f"{self.severity}: " if self.severity != "error" else ""
        return f"{prefix}{label}{self.message}"


@dataclass
class ChronologyEntry:
    """One row of an agency chronology."""

    agency: str
    source_file: str
    row: int
    event_date: EventDate
    summary: str
    recorded_date: EventDate | None = None
    time: time | None = None
    event_type: str = ""
    people: list[str] = field(default_factory=list)
    decisions: str = ""
    issues: str = ""
    child_seen: bool | None = None
    seen_alone: bool | None = None
    wishes_sought: bool | None = None
    source: str = ""
    where: Literal["row", "line"] = "row"
    # A part of the day ("evening", "am") when no clock time was given.
    time_part: str = ""
    # The time cell as written when it could not be read as a time.
    time_text: str = ""
    # Short words for a reader: what is uncertain or wrong in this row ("invalid date").
    flags: list[str] = field(default_factory=list)
    # Cells of columns the template does not have: header -> text, kept and shown.
    extra: dict[str, str] = field(default_factory=dict)
    # The physical line a CSV record starts on, when it differs from ``row``.
    line: int | None = None
    # field name -> header as written in the file, for messages about this entry.
    headers: Mapping[str, str] = field(default_factory=dict, repr=False, compare=False)

    def column_title(self, field_name: str) -> str:
        """The header the author used for ``field_name`` (the template's if unknown)."""
        return self.headers.get(field_name, COLUMN_TITLES.get(field_name, field_name))

    @property
    def sort_time(self) -> ClockTime | None:
        """The clock time, or the start of the part of the day; None when not known."""
        return self.time if self.time is not None else PART_START.get(self.time_part)

    def error(self, field_name: str, message: str, severity: Severity = "error") -> ChronologyError:
        """A :class:`ChronologyError` located at this entry and column."""
        return ChronologyError(
            self.source_file, self.row, self.column_title(field_name), message, severity, self.where, self.line
        )


@dataclass(frozen=True)
class MergedEntry:
    """An entry placed in the composite chronology.

    ``duplicate_of`` is a group id (``"D1"``) shared by entries from different
    agencies that probably record the same event; they are kept, only flagged.
    """

    entry: ChronologyEntry
    duplicate_of: str | None = None

    @property
    def time_unknown(self) -> bool:
        """True when the entry has no time, so its order within the day is not known."""
        return self.entry.time is None and not self.entry.time_part
