"""The data model of a chronology: dated entries, the errors found reading them."""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, time
from typing import Literal

Precision = Literal["day", "month", "year"]

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

    @property
    def latest(self) -> date:
        """The last day the event can have happened on."""
        if self.precision == "year":
            return date(self.earliest.year, 12, 31)
        if self.precision == "month":
            last = calendar.monthrange(self.earliest.year, self.earliest.month)[1]
            return self.earliest.replace(day=last)
        return self.earliest

    @property
    def is_exact(self) -> bool:
        """A known day, not marked uncertain: the only kind shown as a real date cell."""
        return self.precision == "day" and not self.approximate

    @property
    def marker(self) -> str:
        """Short words telling a reader how far to trust the date ('' when exact)."""
        words = []
        if self.precision == "month":
            words.append("month only")
        elif self.precision == "year":
            words.append("year only")
        if self.approximate:
            words.append("approximate")
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
    severity: Literal["error", "warning"] = "error"
    where: Literal["row", "line"] = "row"

    def __str__(self) -> str:
        parts = []
        if self.row is not None:
            parts.append(f"{self.where} {self.row}")
        if self.column is not None:
            parts.append(f'column "{self.column}"')
        location = ", ".join(parts)
        prefix = f"{self.file}: {location}: " if location else f"{self.file}: "
        label = "warning: " if self.severity == "warning" else ""
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
    # field name -> header as written in the file, for messages about this entry.
    headers: Mapping[str, str] = field(default_factory=dict, repr=False, compare=False)

    def column_title(self, field_name: str) -> str:
        """The header the author used for ``field_name`` (the template's if unknown)."""
        return self.headers.get(field_name, COLUMN_TITLES.get(field_name, field_name))

    def error(self, field_name: str, message: str, severity: Literal["error", "warning"] = "error") -> ChronologyError:
        """A :class:`ChronologyError` located at this entry and column."""
        return ChronologyError(self.source_file, self.row, self.column_title(field_name), message, severity, self.where)


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
        return self.entry.time is None
