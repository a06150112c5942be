"""Write the composite chronology for the panel: .xlsx (formatted) or .csv."""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path

from casereview.chronology.model import COLUMN_TITLES, ChronologyEntry, MergedEntry
from casereview.sources.spreadsheet_safety import neutralise

HEADERS = [
    COLUMN_TITLES["date"],
    "Date marker",
    COLUMN_TITLES["time"],
    COLUMN_TITLES["agency"],
    COLUMN_TITLES["event_type"],
    COLUMN_TITLES["people"],
    COLUMN_TITLES["summary"],
    COLUMN_TITLES["decisions"],
    COLUMN_TITLES["issues"],
    COLUMN_TITLES["child_seen"],
    COLUMN_TITLES["seen_alone"],
    COLUMN_TITLES["wishes_sought"],
    COLUMN_TITLES["source"],
    COLUMN_TITLES["recorded_date"],
    "Possible duplicate",
    "Source file",
    "Row",
    "Flags",
    "Other information",
]
TIME_UNKNOWN = "not known"
COUNT_HEADERS = ["Source file", "Rows read", "Rows shown"]
_WIDTHS = {"Summary of key information": 60, "Decisions and actions": 40}


class CompositeExportError(ValueError):
    """The composite chronology cannot be written where asked."""



def neutralise_formula(value: object) -> object:
    """A text cell a spreadsheet would run (``=cmd|' /C calc'!A0``) gets a leading single
    quote, as OWASP recommends (:mod:`casereview.sources.spreadsheet_safety`); numbers stay numbers.
    Every such text cell is prefixed, a dash in prose or "-5" written as text included:
    the export cannot tell a harmless one from a crafted one, and the quote is invisible."""
    return neutralise(value) if isinstance(value, str) else value

def write_composite(
    merged: Sequence[MergedEntry],
    out: Path,
    counts: Sequence[tuple[str, int]] | None = None,
    *,
    inputs: Sequence[Path] = (),
    rewrite: Callable[[str], str] | None = None,
) -> None:
    """Write ``merged`` to ``out`` (.xlsx or .csv), never over one of its input files.

    ``counts`` (file name, rows read) adds a sheet to the workbook that states the rows
    read from each agency's file beside the rows of the composite from it. ``inputs``
    are further files never to write over (a chronology that gave no row). ``rewrite``
    is applied to every text an agency wrote (the review's real names → acronyms)."""
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise CompositeExportError(f"{out}: the composite chronology must be .xlsx or .csv")
    protected = {Path(name).resolve() for name in {item.entry.source_file for item in merged}}  # a few files
    protected |= {Path(p).resolve() for p in inputs}
    if out.resolve() in protected:
        raise CompositeExportError(
            f"{out}: refusing to write the composite chronology over one of the agency "
            f"chronologies it was merged from; choose another file name"
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    text = rewrite or _same
    if suffix == ".csv":
        _write_csv(merged, out, text)
    else:
        _write_xlsx(merged, out, counts, text)


def _same(text: str) -> str:
    return text


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("Y" if value else "N")


def time_text(entry: ChronologyEntry) -> str:
    """The time as the page and the export show it when it is not a clock time."""
    if entry.time_part:
        return f"{entry.time_text or entry.time_part} (part of the day)"
    if entry.time_text:
        return f"{entry.time_text} (not read)"
    return TIME_UNKNOWN


def other_text(entry: ChronologyEntry) -> str:
    """The cells of columns not on the template, one ``header: text`` line each."""
    return "\n".join(f"{header}: {text}" for header, text in entry.extra.items())


@lru_cache(maxsize=64)
def _file_name(source_file: str) -> str:
    return Path(source_file).name


def _row(item: MergedEntry, text: Callable[[str], str] = _same) -> list[object]:
    """One row of cells; the date and time as Python values, the rest as text."""
    entry: ChronologyEntry = item.entry
    when = entry.event_date
    return [
        when.earliest if when.is_exact else when.display,
        when.marker,
        entry.time if entry.time is not None else time_text(entry),
        entry.agency,
        text(entry.event_type),
        "; ".join(entry.people),
        text(entry.summary),
        text(entry.decisions),
        text(entry.issues),
        _yes_no(entry.child_seen),
        _yes_no(entry.seen_alone),
        _yes_no(entry.wishes_sought),
        entry.source,
        entry.recorded_date.display if entry.recorded_date else "",
        item.duplicate_of or "",
        _file_name(entry.source_file),
        entry.row,
        "; ".join(entry.flags),
        text(other_text(entry)),
    ]


def _write_csv(merged: Sequence[MergedEntry], out: Path, text: Callable[[str], str]) -> None:
    with out.open("w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(HEADERS)
        for item in merged:
            cells = _row(item, text)
            when = item.entry.event_date  # an exact date is the first cell (see _row)
            cells[0] = when.earliest.strftime("%d.%m.%Y") if when.is_exact else cells[0]
            cells[2] = item.entry.time.strftime("%H:%M") if item.entry.time else time_text(item.entry)
            writer.writerow([neutralise_formula(cell) for cell in cells])


def row_counts(merged: Sequence[MergedEntry], counts: Sequence[tuple[str, int]]) -> list[list[object]]:
    """(file, rows read, rows shown) per file, and the totals."""
    shown: dict[str, int] = {}
    for item in merged:
        name = Path(item.entry.source_file).name
        shown[name] = shown.get(name, 0) + 1
    rows: list[list[object]] = [[name, read, shown.get(name, 0)] for name, read in counts]
    rows.append(["All files", sum(read for _, read in counts), len(merged)])
    return rows


def _write_xlsx(
    merged: Sequence[MergedEntry], out: Path, counts: Sequence[tuple[str, int]] | None, text: Callable[[str], str]
) -> None:
    # Imported here: openpyxl takes a fifth of a second to import, which every check
    # and build paid when this module imported it; only the merge command writes XLSX.
    from casereview.chronology.xlsx import write_table

    write_table(
        out,
        "Composite chronology",
        HEADERS,
        (_row(item, text) for item in merged),
        widths=[_WIDTHS.get(title, 16) for title in HEADERS],
        wrapped={6, 7, 8, 18},
        number_formats={0: "DD.MM.YYYY", 2: "HH:MM"},
        extra_sheet=("Rows read per file", COUNT_HEADERS, row_counts(merged, counts)) if counts is not None else None,
    )
