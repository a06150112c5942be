"""Recommendations and actions as authors write them: frontmatter, or tables in the body.

An IMR's recommendations are its frontmatter list ``recommendations:`` and any table in
its body with a recommendation column; an action plan's actions are its ``actions:``
list and the tables with an action column, each belonging to the recommendation named
by the heading or bold lead-in above it ("## Recommendation 3", "**Recommendation 1.**").
Columns may come in any order under the names agencies use (:data:`RECOMMENDATION_COLUMNS`,
:data:`ACTION_COLUMNS`). Both the audit and the traceability page read this one model.

Rows are plain dicts with the frontmatter's field names, so a rule treats both sources
alike; a row read from a table also carries ``_line`` (its line in the file), and
``_source`` is ``"table"``. Timescales are kept as written; :func:`read_timescale`
interprets them where it can ("Within 6 months", "Quarterly", "In place", "March 2025").
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from casereview.sources.dates import parse_date
from casereview.sources.documents import SourceDocument

Row = dict[str, Any]

#: Canonical field -> column names agencies use (compared lower case, punctuation dropped).
RECOMMENDATION_COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("no", "number", "ref", "reference", "id", "rec", "rec no", "recommendation no", "recommendation number"),
    "recommendation": (
        "recommendation",
        "recommendations",
        "action",
        "recommendation action",
        "what",
        "what we will do",
        "what will we do",
        "what will change",
    ),
    "outcome": ("outcome", "intended outcome", "expected outcome", "outcomes", "desired outcome"),
    "measure": ("measure", "measures", "measure of success", "success measure", "how measured", "how will we know"),
    "lead": (
        "lead",
        "owner",
        "lead officer",
        "lead agency",
        "responsible",
        "responsible officer",
        "by whom",
        "who",
        "who will lead",
        "accountable",
    ),
    "timescale": ("timescale", "timescales", "target date", "by when", "deadline", "due", "completion date", "when"),
    "rag": ("rag", "rag status", "rag rating", "status"),
    "evidence": ("evidence", "evidence of completion", "progress", "update"),
}
ACTION_COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("ref", "no", "number", "id", "action no", "action ref"),
    "action": ("action", "actions", "action to be taken", "what"),
    "recommendation": ("recommendation", "rec", "rec no", "recommendation no"),
    "owner": ("owner", "lead", "lead officer", "responsible", "responsible officer", "by whom"),
    "target_date": ("target date", "timescale", "by when", "deadline", "due", "completion date", "date"),
    "status": ("rag", "rag status", "status"),
    "evidence": ("evidence", "evidence of completion", "progress", "update"),
}

_TABLE_ROW = re.compile(r"^\s*\|(.*)\|\s*$")
_RULE_CELL = re.compile(r"^\s*:?-{2,}:?\s*$")
_RECOMMENDATION_MARKER = re.compile(
    r"^\s*(?:#{1,6}\s+|\*\*|__)\s*recommendation\s+(?:no\.?\s*)?([A-Za-z0-9][\w.-]*?)[.:)]?(?:\s|\*\*|__|$|[–—-])",
    re.IGNORECASE,
)


def _normalise(header: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", header.lower().replace("&", " and ")).split())


def _column_map(headers: list[str], synonyms: dict[str, tuple[str, ...]]) -> dict[int, str]:
    """Column index -> canonical field, each field taken by its first column."""
    found: dict[int, str] = {}
    for index, header in enumerate(headers):
        name = _normalise(header)
        for canonical, names in synonyms.items():
            if canonical not in found.values() and name in names:
                found[index] = canonical
                break
    return found


def _cells(line: str) -> list[str] | None:
    match = _TABLE_ROW.match(line)
    if match is None:
        return None
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", match.group(1))]


@dataclass
class _Table:
    header_line: int
    headers: list[str]
    rows: list[tuple[int, list[str]]]


def _tables(body: str, first_line: int) -> Iterator[tuple[_Table, str | None]]:
    """Every pipe table of a body, with the recommendation named above it (if any)."""
    lines = body.split("\n")
    named: str | None = None
    index = 0
    while index < len(lines):
        marker = _RECOMMENDATION_MARKER.match(lines[index])
        if marker:
            named = marker.group(1).rstrip(".")
        header = _cells(lines[index])
        rule = _cells(lines[index + 1]) if index + 1 < len(lines) else None
        if header is None or rule is None or not all(_RULE_CELL.match(c) for c in rule if c) or not any(rule):
            index += 1
            continue
        table = _Table(first_line + index, header, [])
        index += 2
        while index < len(lines) and (cells := _cells(lines[index])) is not None:
            table.rows.append((first_line + index, cells))
            index += 1
        yield table, named


def _read_rows(table: _Table, columns: dict[int, str]) -> Iterator[tuple[int, Row]]:
    for line, cells in table.rows:
        row: Row = {field: cells[i] for i, field in columns.items() if i < len(cells) and cells[i]}
        if row:
            yield line, row


def body_recommendations(doc: SourceDocument) -> list[Row]:
    """Recommendations in tables of an IMR's body: a table with a recommendation column
    and at least one of number, lead or timescale."""
    found = []
    for table, _ in _tables(doc.body, doc.body_first_line):
        columns = _column_map(table.headers, RECOMMENDATION_COLUMNS)
        fields = set(columns.values())
        if "recommendation" not in fields or not fields & {"id", "lead", "timescale"}:
            continue
        for number, (line, row) in enumerate(_read_rows(table, columns), start=1):
            if not row.get("recommendation"):
                continue
            row["id"] = str(row.get("id") or number).rstrip(".")
            found.append({**row, "_line": line, "_source": "table"})
    return found


def recommendations_of(doc: SourceDocument) -> list[Row]:
    """An IMR's recommendations: the frontmatter's, then the body tables' not already there."""
    front = [r for r in doc.meta.get("recommendations") or [] if isinstance(r, dict)]
    ids = {str(r.get("id")) for r in front}
    return front + [r for r in body_recommendations(doc) if r["id"] not in ids]


def body_actions(doc: SourceDocument) -> list[Row]:
    """Actions in tables of an action plan's body, each with the recommendation it serves
    and an id: its Ref column, else the recommendation and its place ("2.3")."""
    found = []
    counts: dict[str, int] = {}
    for table, named in _tables(doc.body, doc.body_first_line):
        columns = _column_map(table.headers, ACTION_COLUMNS)
        if "action" not in columns.values():
            continue
        for line, row in _read_rows(table, columns):
            if not row.get("action"):
                continue
            if not row.get("recommendation") and named:
                row["recommendation"] = named
            if not row.get("id"):  # "2.3": the third action of recommendation 2
                counts[row.get("recommendation", "")] = counts.get(row.get("recommendation", ""), 0) + 1
                row["id"] = f"{row.get('recommendation') or 'action'}.{counts[row.get('recommendation', '')]}"
            found.append({**row, "_line": line, "_source": "table"})
    return found


def actions_of(doc: SourceDocument) -> list[Row]:
    """An action plan's actions: the frontmatter's, then those in body tables."""
    front = [a for a in doc.meta.get("actions") or [] if isinstance(a, dict)]
    return front + body_actions(doc)


#: A reference by number alone, within one agency: "4", "R4", "Rec 4", "Recommendation 4".
_SHORT_REFERENCE = re.compile(r"(?:rec(?:ommendation)?\.?\s*)?r?\s*\d+", re.IGNORECASE)


def same_recommendation(a: Any, b: Any) -> bool:
    """Whether two references name one recommendation: "CSC-R4" and "CSC-R4", or a
    table's "4", "R4" or "Recommendation 4" and an id ending in 4 (the number alone,
    within one agency)."""
    left, right = str(a or "").strip().rstrip("."), str(b or "").strip().rstrip(".")
    if not left or not right:
        return False
    if left == right:
        return True
    number = re.compile(r"(?:^|[^\d])(\d+)$")
    m_left, m_right = number.search(left), number.search(right)
    plain = bool(_SHORT_REFERENCE.fullmatch(left) or _SHORT_REFERENCE.fullmatch(right))
    return bool(plain and m_left and m_right and int(m_left.group(1)) == int(m_right.group(1)))


# ------------------------------------------------------------------------- timescales


@dataclass(frozen=True)
class Timescale:
    """A timescale as written, and what it means where that can be told."""

    text: str
    kind: str  # "date", "month", "relative", "recurring", "in-place", "unknown"
    due: date | None = None

    @property
    def timed(self) -> bool:
        return self.kind != "unknown"


_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_RELATIVE = re.compile(r"\bwithin\s+(\d+|one|two|three|four|six|twelve)\s+(week|month|year)s?\b", re.IGNORECASE)
_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "six": 6, "twelve": 12}
_RECURRING = re.compile(
    r"\b(?:daily|weekly|fortnightly|monthly|quarterly|termly|annually|yearly|each\s+(?:half\s+)?term"
    r"|every\s+(?:\w+\s+)?(?:week|month|quarter|term|year)|half[-\s]termly)\b",
    re.IGNORECASE,
)
_IN_PLACE = re.compile(r"\b(?:in\s+place|complete[d]?|done|implemented|started)\b", re.IGNORECASE)
_MONTH_YEAR = re.compile(r"\b([A-Za-z]{3,9})\.?\s+(\d{4})\b")
_NUMERIC = re.compile(r"\b(\d{1,2})[./](\d{1,2})[./](\d{2,4})\b")


def _end_of_month(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _add_months(start: date, months: int) -> date:
    total = start.month - 1 + months
    year, month = start.year + total // 12, total % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def read_timescale(value: Any, start: date | None = None) -> Timescale:
    """Interpret a timescale, keeping the words: an ISO or UK date, "March 2025" (end of
    that month), "Within 6 months" (from ``start``, when known), "Quarterly", "In place"."""
    exact = parse_date(value)
    if isinstance(value, date) and exact is not None:
        return Timescale(exact.isoformat(), "date", exact)
    text = str(value or "").strip()
    if not text:
        return Timescale(text, "unknown")
    if exact is not None:
        return Timescale(text, "date", exact)
    numeric = _NUMERIC.search(text)
    if numeric:
        day, month, year = (int(g) for g in numeric.groups())
        year += 2000 if year < 100 else 0
        try:
            return Timescale(text, "date", date(year, month, day))
        except ValueError:
            pass
    relative = _RELATIVE.search(text)
    if relative:
        count = int(relative.group(1)) if relative.group(1).isdigit() else _NUMBERS[relative.group(1).lower()]
        unit = relative.group(2).lower()
        months = count * 12 if unit == "year" else count if unit == "month" else 0
        due = None
        if start is not None:
            due = _add_months(start, months) if months else date.fromordinal(start.toordinal() + 7 * count)
        return Timescale(text, "relative", due)
    for match in _MONTH_YEAR.finditer(text):
        named_month = _MONTHS.get(match.group(1).lower())
        if named_month:
            kind = "recurring" if _RECURRING.search(text) else "month"
            return Timescale(text, kind, _end_of_month(int(match.group(2)), named_month))
    if _RECURRING.search(text):
        return Timescale(text, "recurring")
    if _IN_PLACE.search(text):
        return Timescale(text, "in-place")
    return Timescale(text, "unknown")
