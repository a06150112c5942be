"""Which column of an agency's chronology holds which field, found by its header.

Agencies keep their own headings ("Date of Contact", "Who", "What happened", "Panel
comment"); one built-in synonym list maps them to the template's fields, and a review
may add its own (``chronology-columns.yml``, see :mod:`casereview.chronology.overrides`).
Headers are matched ignoring case, spaces and punctuation, so ``Person(s) involved``,
``PERSONS INVOLVED`` and ``persons-involved`` are the same column; a hint in brackets
(``Date (dd/mm/yyyy)``) is ignored when the whole header is not known.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from casereview.chronology.model import COLUMN_TITLES


def column_letter(number: int) -> str:
    """A spreadsheet column's letters, 1 → A, 27 → AA (as Excel and openpyxl name them;
    written here so reading a chronology does not import openpyxl)."""
    letters = ""
    while number > 0:
        number, remainder = divmod(number - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


# The one built-in list: each field, then the headers agencies use for it.
_SYNONYMS: dict[str, tuple[str, ...]] = {
    "date": (
        "Date", "Date of event", "Event date", "Date of incident", "Incident date", "Date of contact",
        "Contact date", "Date/Time", "Date and time", "Date time", "When", "Date of involvement",
        "Date of episode", "Date of intervention", "Date of entry", "Event date and time",
    ),
    "recorded_date": (
        "Date recorded", "Recorded on", "Recorded", "Date of record", "Date entered",
        "Date of recording", "Date written up", "Date record made",
    ),
    "time": ("Time", "Time of event", "Event time", "Time of contact", "Time of incident", "Times"),
    "agency": ("Agency", "Organisation", "Organization", "Agency name", "Agency / service", "Service / agency"),
    "event_type": (
        "Type of event / document source", "Type of event", "Document source", "Source document",
        "Event type", "Type", "Event", "Type of contact", "Contact type", "Nature of contact",
        "Record type", "Type of record", "Type of involvement", "Contact method", "Method of contact",
    ),
    "people": (
        "Person(s) involved", "People", "Persons involved", "People involved", "Who", "Person(s)",
        "Persons", "Person", "Names", "Who was involved", "Individuals involved", "People present",
        "Who was present", "Family members / professionals involved", "Persons present",
    ),
    "summary": (
        "Summary of key information", "Summary", "Key information", "Details", "What happened",
        "Event details", "Description", "Narrative", "Details of contact", "Detail",
        "Summary of event", "Summary of contact", "Information", "Description of event",
        "Details of event", "Event / details", "Key information / summary", "Incident summary",
        "Summary of involvement", "Brief summary", "Details of involvement",
    ),
    "decisions": (
        "Decisions and actions", "Decisions", "Actions", "Action taken", "Decisions/actions",
        "Action / Decision", "Actions taken", "Action", "Decision", "Outcome", "Outcome / action",
        "Decision / action taken", "Action and outcome", "Actions and outcomes", "Response",
        "Agency response", "Decision made", "Outcome / decision", "Decisions made / action taken",
    ),
    "issues": (
        "Issues for review / comment", "Issues for review", "Comment", "Comments", "Issues",
        "Comment for Panel", "Panel comment", "Comments for panel", "Comment for the panel",
        "Author comment", "Author's comment", "Author's comments", "IMR author comment",
        "Analysis", "Analysis / comment", "Significance", "Learning", "Issues / learning",
        "Reviewer comment", "Comments / issues for review",
    ),
    "child_seen": ("Child seen", "Seen", "Adult seen", "Person seen", "Subject seen", "Child/young person seen"),
    "seen_alone": (
        "Seen alone", "Child seen alone", "Adult seen alone", "Person seen alone", "Subject seen alone",
    ),
    "wishes_sought": (
        "Wishes and feelings sought", "Wishes and feelings", "Wishes sought",
        "Child's wishes and feelings sought", "Views sought", "Adult's views sought",
        "Voice of the child", "Wishes and feelings recorded", "Person's views sought",
    ),
    "source": (
        "Source", "Record or interview", "Information source", "Source of information",
        "Source of Info", "Record / interview", "Source of entry",
    ),
}  # fmt: skip
REQUIRED_FIELDS = ("date", "summary")
TEXT_FIELDS = ("event_type", "people", "summary", "decisions", "issues")
# A "Source" header may mean record/interview or the document the entry comes from;
# the values decide (see readers._settle_source).
AMBIGUOUS_SOURCE_HEADERS = frozenset({"source", "sourceofinfo", "sourceofinformation", "informationsource"})
OTHER = "other"  # an override's word for "keep this column as an other column"
FIELDS = tuple(_SYNONYMS)


_NOT_LETTER_OR_DIGIT = bytes(b for b in range(128) if not (chr(b).islower() or chr(b).isdigit()))  # ASCII
_BRACKETED = re.compile(r"\([^)]*\)|\[[^]]*\]")


def normalise_header(text: object) -> str:
    """Lower-case letters and digits only: the form headers are compared in."""
    lowered = str(text).lower().replace("&", "and")
    if lowered.isascii():  # one C pass: the CSV sniffer asks this of every cell of the first rows
        return lowered.encode("ascii").translate(None, _NOT_LETTER_OR_DIGIT).decode("ascii")
    return re.sub(r"[^a-z0-9]", "", lowered)


def _without_brackets(text: str) -> str:
    return _BRACKETED.sub(" ", text) if "(" in text or "[" in text else text


HEADER_TO_FIELD: dict[str, str] = {
    normalise_header(header): name for name, headers in _SYNONYMS.items() for header in headers
}
# YAML keys: the content model's snake_case names, plus every header synonym.
YAML_KEYS: dict[str, str] = {name: name for name in _SYNONYMS} | {"date_recorded": "recorded_date"}


@dataclass(frozen=True)
class ColumnNames:
    """The synonym list of one review: the built-in one plus the review's own overrides.

    ``pairs`` maps a normalised header to a field name or :data:`OTHER` (a tuple of
    pairs, so that the list can key a cache).
    """

    pairs: tuple[tuple[str, str], ...] = ()
    overrides: Mapping[str, str] = field(init=False, compare=False, hash=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "overrides", dict(self.pairs))

    def field_for(self, header: object) -> str | None:
        """The field a header (or YAML key) names, or None when it is not known."""
        text = str(header)
        plain = normalise_header(text)
        bare = _without_brackets(text)
        for key in (plain, normalise_header(bare) if bare != text else ""):  # the same key twice says nothing new
            if not key:
                continue
            if key in self.overrides:
                value = self.overrides[key]
                return None if value == OTHER else value
            found = HEADER_TO_FIELD.get(key) or YAML_KEYS.get(text.strip().lower())
            if found:
                return found
        return None

    def is_date_header(self, cell: object) -> bool:
        return cell is not None and not isinstance(cell, int | float) and self.field_for(cell) == "date"


BUILT_IN = ColumnNames()


def is_date_header(cell: object) -> bool:
    return BUILT_IN.is_date_header(cell)


@dataclass
class HeaderMap:
    """The header row of one file: which column index holds which field.

    ``joined`` holds further columns of a text field already taken (a second
    "Action taken" beside "Action / Decision"): their text is added to the field.
    ``other`` holds columns of no field: their cells are kept as other information.
    """

    row: int
    index_of: dict[str, int] = field(default_factory=dict)
    title_of: dict[str, str] = field(default_factory=dict)
    joined: dict[str, list[int]] = field(default_factory=dict)
    other: list[tuple[int, str]] = field(default_factory=list)  # (index, header)
    blank_columns: list[int] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    def letter(self, name: str) -> str:
        return column_letter(self.index_of[name] + 1)

    def mapping_words(self) -> list[str]:
        """``"Date of Contact" → Date`` for each header that is not the template's own."""
        words = []
        for name, _index in sorted(self.index_of.items(), key=lambda item: item[1]):
            title = normalise_header(self.title_of[name])
            if title not in (normalise_header(COLUMN_TITLES[name]), normalise_header(name)):
                words.append(f'"{self.title_of[name]}" → {COLUMN_TITLES[name]}')
        return words


def read_header(cells: Sequence[object], row: int, names: ColumnNames = BUILT_IN) -> HeaderMap:
    """Map each header cell of ``cells`` (the header row, numbered ``row``) to a field."""
    header = HeaderMap(row=row)
    for index, cell in enumerate(cells):
        text = "" if cell is None else " ".join(str(cell).split())
        if not text:
            header.blank_columns.append(index)
            continue
        name = names.field_for(text)
        if name is None:
            header.other.append((index, text))
        elif name not in header.index_of:
            header.index_of[name] = index
            header.title_of[name] = text
        elif name in TEXT_FIELDS:
            header.joined.setdefault(name, []).append(index)
        else:
            header.other.append((index, text))
    header.missing = [name for name in REQUIRED_FIELDS if name not in header.index_of]
    return header


def find_header_row(rows: Sequence[Sequence[object]], limit: int = 50, names: ColumnNames = BUILT_IN) -> int | None:
    """Index (0-based) of the header row: the first row with a Date header and at least
    one other known header, below any title rows (a lone Date cell is accepted when no
    row has more)."""
    lone = None
    for index, cells in enumerate(rows[:limit]):
        fields = [names.field_for(cell) for cell in cells if isinstance(cell, str) and cell.strip()]
        if "date" not in fields:
            continue
        if len({f for f in fields if f}) >= 2:
            return index
        lone = index if lone is None else lone
    return lone
