"""Which column of a template holds which field, found by its header.

Headers are matched ignoring case, spaces and punctuation, so ``Person(s) involved``,
``PERSONS INVOLVED`` and ``persons-involved`` are the same column.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field


def column_letter(number: int) -> str:
    """A spreadsheet column's letters, 1 → A, 27 → AA (as Excel and openpyxl name them;
    written here so reading a chronology does not import openpyxl)."""
    letters = ""
    while number > 0:
        number, remainder = divmod(number - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


_SYNONYMS: dict[str, tuple[str, ...]] = {
    "date": ("Date", "Date of event", "Event date", "Date of incident"),
    "recorded_date": ("Date recorded", "Recorded on", "Recorded", "Date of record"),
    "time": ("Time", "Time of event", "Event time"),
    "agency": ("Agency", "Organisation"),
    "event_type": (
        "Type of event / document source", "Type of event", "Document source",
        "Source document", "Event type", "Type", "Event",
    ),
    "people": ("Person(s) involved", "People", "Persons involved", "People involved", "Who"),
    "summary": ("Summary of key information", "Summary", "Key information", "Details"),
    "decisions": (
        "Decisions and actions", "Decisions", "Actions", "Action taken", "Decisions/actions",
    ),
    "issues": (
        "Issues for review / comment", "Issues for review", "Comment", "Comments", "Issues",
    ),
    "child_seen": ("Child seen", "Seen"),
    "seen_alone": ("Seen alone", "Child seen alone"),
    "wishes_sought": (
        "Wishes and feelings sought", "Wishes and feelings", "Wishes sought",
        "Child's wishes and feelings sought",
    ),
    "source": ("Source", "Record or interview", "Information source", "Source of information"),
}  # fmt: skip
REQUIRED_FIELDS = ("date", "summary")


def normalise_header(text: object) -> str:
    """Lower-case letters and digits only: the form headers are compared in."""
    return re.sub(r"[^a-z0-9]", "", str(text).lower().replace("&", "and"))


HEADER_TO_FIELD: dict[str, str] = {
    normalise_header(header): name for name, headers in _SYNONYMS.items() for header in headers
}
# YAML files use the content model's snake_case keys directly.
YAML_KEYS: dict[str, str] = {name: name for name in _SYNONYMS} | {"date_recorded": "recorded_date"}


def is_date_header(cell: object) -> bool:
    return cell is not None and HEADER_TO_FIELD.get(normalise_header(cell)) == "date"


@dataclass
class HeaderMap:
    """The header row of one file: which column index holds which field."""

    row: int
    index_of: dict[str, int] = field(default_factory=dict)
    title_of: dict[str, str] = field(default_factory=dict)
    unknown: list[tuple[str, str]] = field(default_factory=list)  # (letter, header)
    duplicates: list[tuple[str, str]] = field(default_factory=list)
    blank_columns: list[int] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


def read_header(cells: Sequence[object], row: int) -> HeaderMap:
    """Map each header cell of ``cells`` (the header row, numbered ``row``) to a field."""
    header = HeaderMap(row=row)
    for index, cell in enumerate(cells):
        text = "" if cell is None else " ".join(str(cell).split())
        if not text:
            header.blank_columns.append(index)
            continue
        name = HEADER_TO_FIELD.get(normalise_header(text))
        letter = column_letter(index + 1)
        if name is None:
            header.unknown.append((letter, text))
        elif name in header.index_of:
            header.duplicates.append((letter, text))
        else:
            header.index_of[name] = index
            header.title_of[name] = text
    header.missing = [name for name in REQUIRED_FIELDS if name not in header.index_of]
    return header


def find_header_row(rows: Sequence[Sequence[object]], limit: int = 50) -> int | None:
    """Index (0-based) of the first row with a Date header, skipping title rows."""
    for index, cells in enumerate(rows[:limit]):
        if any(is_date_header(cell) for cell in cells):
            return index
    return None
