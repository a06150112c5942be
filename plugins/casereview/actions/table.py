"""Action plans written as a Markdown table in the body, as many boards keep them.

Columns are found by their heading, in any order, under the names boards use
(``No.``, ``Lead``, ``Timescale``, ``RAG``...). A table is an action table when it
has an action column; other tables in the plan are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

#: Column → headings that mean it (folded: lower case, punctuation dropped).
COLUMN_NAMES: dict[str, tuple[str, ...]] = {
    "id": ("no", "number", "ref", "reference", "action no", "action number", "action ref", "id", "#"),
    "recommendation": (
        "recommendation",
        "recommendation no",
        "recommendation number",
        "rec",
        "rec no",
        "recommendations",
    ),
    "action": ("action", "actions", "action to be taken", "actions required", "action required", "agreed action"),
    "owner": (
        "owner",
        "lead",
        "lead officer",
        "lead role",
        "responsible",
        "responsibility",
        "lead agency officer",
        "action owner",
    ),
    "target": (
        "target date",
        "timescale",
        "timescales",
        "deadline",
        "due",
        "due date",
        "by when",
        "completion date",
        "target",
    ),
    "status": ("status", "rag", "rag status", "progress", "rag rating"),
    "evidence": (
        "evidence",
        "evidence of completion",
        "evidence of impact",
        "outcome evidence",
        "evidence and outcome",
    ),
}
_HEADING = {name: column for column, names in COLUMN_NAMES.items() for name in names}
_SEPARATOR = re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")
_BREAK = re.compile(r"<br\s*/?>", re.I)
# A heading or a bold line that names the recommendation the tables under it answer:
# "## Recommendation 1", "### Recommendation 2 – hospital discharge", "**Recommendation 3.**"
_RECOMMENDATION_LINE = re.compile(
    r"^\s*(?:#{1,6}\s+|\*\*|__)\s*Recommendation\s+(?:no\.?\s*)?([A-Za-z0-9]+(?:-R\d+)?)\b", re.I
)


@dataclass(frozen=True)
class TableRow:
    """The cells of one row by column name, and the row's line in the body (1-based)."""

    cells: dict[str, str]
    line: int


def fold_heading(text: str) -> str:
    return " ".join(re.sub(r"[^\w#]+", " ", text.casefold()).split())


def split_row(line: str) -> list[str]:
    """The cells of a table row; ``\\|`` is a pipe inside a cell."""
    text = line.strip()
    if text.startswith("|"):
        text = text[1:]
    if text.endswith("|") and not text.endswith("\\|"):
        text = text[:-1]
    cells = re.split(r"(?<!\\)\|", text)
    return [" ".join(_BREAK.sub(" ", cell.replace("\\|", "|")).split()) for cell in cells]


def _columns(header: list[str]) -> dict[int, str]:
    """Which column each heading is; the first heading of a kind wins."""
    found: dict[int, str] = {}
    for index, heading in enumerate(header):
        column = _HEADING.get(fold_heading(heading))
        if column and column not in found.values():
            found[index] = column
    return found


_FENCE = re.compile(r"^\s*(```|~~~)")


def _outside_code(lines: list[str]) -> list[str]:
    """The lines with fenced code blanked (an example table is no plan); numbering kept."""
    kept, fence = [], ""
    for line in lines:
        opening = _FENCE.match(line)
        if fence:
            kept.append("")
            if opening and opening[1] == fence:
                fence = ""
        elif opening:
            kept.append("")
            fence = opening[1]
        else:
            kept.append(line)
    return kept


def action_rows(body: str) -> Iterator[TableRow]:
    """Every row of every table in ``body`` that has an action column. A table without
    a recommendation column answers the recommendation its heading (or bold line) names."""
    lines = _outside_code(body.split("\n"))
    index, context = 0, ""
    while index + 1 < len(lines):
        line, following = lines[index], lines[index + 1]
        named = _RECOMMENDATION_LINE.match(line)
        if named:
            context = named[1]
        if "|" in line and _SEPARATOR.match(following):
            columns = _columns(split_row(line))
            index += 2
            while index < len(lines) and "|" in lines[index] and lines[index].strip():
                if "action" in columns.values():
                    cells = split_row(lines[index])
                    row = {name: cells[i] for i, name in columns.items() if i < len(cells) and cells[i]}
                    if context and "recommendation" not in columns.values():
                        row["recommendation"] = context
                    if row.get("action"):
                        yield TableRow(row, index + 1)
                index += 1
        else:
            index += 1
