"""Read an agency chronology from CSV, XLSX or YAML, as the agency sent it.

:func:`load_chronology` never raises on a bad file: whatever is wrong becomes a
:class:`ChronologyError` naming the file, row (or YAML line) and column. Every
non-blank row after the header gives one entry, flagged where something is wrong;
only a file that cannot be read at all (no header row, not a workbook) gives none.
How the file was read (encoding, delimiter, header row, columns, agency) is reported
once, as notes.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date
from itertools import chain
from pathlib import Path

from python_calamine import CalamineSheet, CalamineWorkbook

from casereview.chronology.columns import (
    AMBIGUOUS_SOURCE_HEADERS,
    BUILT_IN,
    ColumnNames,
    HeaderMap,
    column_letter,
    find_header_row,
    normalise_header,
    read_header,
)
from casereview.chronology.entries import (
    OTHER_PREFIX,
    FileContext,
    agency_lookup,
    as_text,
    build_entry,
    is_blank,
    normalise_source,
)
from casereview.chronology.model import (
    COLUMN_TITLES,
    SOURCE_RECORD,
    SOURCE_SUBSTANTIATED,
    SOURCE_UNSUBSTANTIATED,
    ChronologyEntry,
    ChronologyError,
)
from casereview.chronology.textfiles import UnreadableText, decode, describe, split_records
from casereview.chronology.yamlfile import load_yaml
from casereview.sources.inputs import current_limits, size_over, too_many_rows_message, xlsx_inflated_problem

Row = tuple[int, Sequence[object]]  # (row number as a user sees it, cells)
HEADER_SEARCH_ROWS = 50
SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".yml", ".yaml")
_TEMPLATE_COLUMNS = ", ".join(COLUMN_TITLES.values())


def load_chronology(
    path: str | Path,
    *,
    period: tuple[date, date] | None = None,
    agency_order: Sequence[str] | None = None,
    agency_aliases: Mapping[str, str] | None = None,
    names: ColumnNames = BUILT_IN,
) -> tuple[list[ChronologyEntry], list[ChronologyError]]:
    """Read one agency chronology; return its entries and every problem found.

    ``period`` (the review period) resolves two-digit years. ``agency_order`` (the
    review's agency ids) and ``agency_aliases`` (acronym or name -> id), when given,
    are the only values accepted in an Agency column; without one, the agency is the
    one a title row or the file name names (else the file name's stem). ``names`` is
    the review's synonym list of headers.
    """
    path = Path(path)
    ctx = FileContext(
        file=str(path),
        default_agency=path.stem.lower(),
        period=period,
        agencies=agency_lookup(agency_order, agency_aliases),
    )
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        ctx.error(None, None, "is not a chronology file; save it as .csv, .xlsx or .yml")
        return [], ctx.errors
    too_large = _too_large(path)
    if too_large:
        ctx.error(None, None, too_large)
        return [], ctx.errors
    try:
        if suffix in (".csv", ".tsv", ".txt"):
            entries = _load_csv(path, ctx, names)
        elif suffix in (".xlsx", ".xlsm"):
            entries = _load_xlsx(path, ctx, names)
        else:
            entries = load_yaml(path, ctx, names)
    except OSError as problem:
        ctx.error(None, None, f"cannot be read ({problem.strerror or problem})")
        return [], ctx.errors
    return entries, ctx.errors


def _too_large(path: Path) -> str | None:
    """Why the file is not read at all: over the input policy's size limit."""
    limit = current_limits().chronology_bytes
    size = size_over(path, limit)
    if size is None:
        return None
    return (
        f"is {size / 1024 / 1024:.1f} MiB, over the limit of {limit / 1024 / 1024:.1f} MiB for a chronology; "
        "split it by year, or raise `limits: chronology_bytes` of the casereview plugin in mkdocs.yml"
    )


def _within_row_limit(rows: Iterable[Row], ctx: FileContext) -> Iterator[Row]:
    """The rows up to the input policy's limit; one error, and no more rows, past it."""
    limit = current_limits().chronology_rows
    for count, row in enumerate(rows, start=1):
        if count > limit:
            ctx.error(row[0], None, too_many_rows_message(limit))
            return
        yield row


# --- the agency of a file without an Agency column ----------------------------------


def _agency_in(text: str, agencies: Mapping[str, str]) -> str | None:
    """The agency whose id, acronym or name ``text`` contains as whole words (the
    longest spelling wins: "Children's Social Care" before "Care")."""
    lowered = " ".join(text.lower().split())
    for spelling in sorted(agencies, key=len, reverse=True):
        if len(spelling) >= 2 and re.search(rf"(?<![\w]){re.escape(spelling)}(?![\w])", lowered):
            return agencies[spelling]
    return None


def _settle_agency(ctx: FileContext, title_rows: Sequence[Row], has_column: bool) -> None:
    """The agency of rows without one: from a title row, else the file name."""
    if not ctx.agencies:
        return
    stem = Path(ctx.file).stem
    for row, cells in title_rows:
        text = " ".join(as_text(cell) for cell in cells if not is_blank(cell))
        found = _agency_in(text, ctx.agencies)
        if found:
            ctx.default_agency = found
            if not has_column:
                ctx.note(row, None, f'no Agency column: the agency "{found}" is taken from this title row')
            return
    found = _agency_in(re.sub(r"[_\-.]+", " ", stem), ctx.agencies)
    if found:
        ctx.default_agency = found
        if not has_column and found.lower() != stem.lower():
            ctx.note(None, None, f'no Agency column: the agency "{found}" is taken from the file name')


# --- spreadsheets (CSV and XLSX share everything after the cells are read) ---------


def _score(rows: Sequence[Sequence[object]], names: ColumnNames) -> int:
    """How many known headers the header row of ``rows`` has (0 when none is found)."""
    found = find_header_row(rows, HEADER_SEARCH_ROWS, names)
    if found is None:
        return 0
    return len(read_header(rows[found], found + 1, names).index_of)


def _load_table(rows: Iterator[Row], ctx: FileContext, names: ColumnNames) -> list[ChronologyEntry]:
    rows = _within_row_limit(rows, ctx)
    first = []
    for row in rows:
        first.append(row)
        if len(first) >= HEADER_SEARCH_ROWS:
            break
    if not any(not is_blank_row(cells) for _, cells in first):
        ctx.error(None, None, "is empty; it needs a header row and one row per event")
        return []
    found = find_header_row([cells for _, cells in first], HEADER_SEARCH_ROWS, names)
    if found is None:
        first_filled, _ = next((r, c) for r, c in first if not is_blank_row(c))
        ctx.error(
            first_filled,
            None,
            'has no header row naming a date column ("Date", "Date of contact", …); add one, or name '
            "the agency's own header in the review's chronology-columns.yml",
        )
        return []
    header_row, header_cells = first[found]
    header = read_header(header_cells, header_row, names)
    title_rows = [(r, c) for r, c in first[:found] if not is_blank_row(c)]
    data = [row for row in chain(first[found + 1 :], rows) if not is_blank_row(row[1])]
    _settle_source(header, data)
    _report_header(header, title_rows, data, ctx)
    _settle_agency(ctx, title_rows, "agency" in header.index_of)
    ctx.headers = {name: header.title_of[name] for name in header.index_of}
    return _table_entries(data, header, ctx)


def _settle_source(header: HeaderMap, data: Sequence[Row]) -> None:
    """A column headed "Source" holding document sources ("MASH record", "EDT record")
    rather than record/interview is the type of event / document source column."""
    if "source" not in header.index_of or "event_type" in header.index_of:
        return
    if normalise_header(header.title_of["source"]) not in AMBIGUOUS_SOURCE_HEADERS:
        return
    index = header.index_of["source"]
    values = [as_text(cells[index]) for _, cells in data if index < len(cells) and not is_blank(cells[index])]
    kinds = (SOURCE_RECORD, SOURCE_SUBSTANTIATED, SOURCE_UNSUBSTANTIATED)
    template_like = sum(normalise_source(value) in kinds for value in values)
    if values and template_like * 2 < len(values):
        header.index_of["event_type"] = header.index_of.pop("source")
        header.title_of["event_type"] = header.title_of.pop("source")


def _report_header(header: HeaderMap, title_rows: Sequence[Row], data: Sequence[Row], ctx: FileContext) -> None:
    """One note for the header row and the column mapping, one for other columns (a
    column without a header that holds something included), and an error when no
    column holds the summary."""
    decisions = []
    if title_rows:
        count = len(title_rows)
        decisions.append(f"header on row {header.row}, below {count} title row{'s' if count > 1 else ''}")
    mapped = header.mapping_words()
    if mapped:
        decisions.append("columns read as: " + "; ".join(mapped))
    for name, indexes in header.joined.items():
        letters = ", ".join(column_letter(index + 1) for index in indexes)
        decisions.append(f"column {letters} added to {COLUMN_TITLES[name]} (column {header.letter(name)})")
    if decisions:
        ctx.note(header.row, None, "; ".join(decisions))
    filled_blank = [i for i in header.blank_columns if any(i < len(c) and not is_blank(c[i]) for _, c in data)]
    other = sorted([*header.other, *((index, "(no header)") for index in filled_blank)])
    if other:
        listed = ", ".join(f'{column_letter(index + 1)} "{text}"' for index, text in other)
        ctx.note(
            header.row,
            None,
            f"column{'s' if len(other) > 1 else ''} {listed} "
            f"{'are' if len(other) > 1 else 'is'} not on the template: kept and shown as other "
            f"information (to map one, name it in the review's chronology-columns.yml)",
        )
    named: dict[object, str] = {index: text for index, text in header.other}
    ctx.other_columns = named | {
        index: f"column {column_letter(index + 1)}" for index in filled_blank
    }
    for name in header.missing:
        if name == "summary":
            ctx.error(
                header.row,
                None,
                f'no column holds the "{COLUMN_TITLES[name]}"; rename the column that does to one of '
                f"the template's ({_TEMPLATE_COLUMNS}) or name it in chronology-columns.yml",
            )


def is_blank_row(cells: Sequence[object]) -> bool:
    return all(is_blank(cell) for cell in cells)


def _table_entries(rows: Iterable[Row], header: HeaderMap, ctx: FileContext) -> list[ChronologyEntry]:
    entries: list[ChronologyEntry] = []
    columns = list(header.index_of.items())
    for row, cells in rows:
        width = len(cells)
        values: dict[str, object] = {name: cells[index] if index < width else None for name, index in columns}
        for name, indexes in header.joined.items():
            parts = [as_text(values.get(name))] + [as_text(cells[i]) for i in indexes if i < width]
            values[name] = "\n".join(part for part in parts if part)
        for index in ctx.other_columns:
            assert isinstance(index, int)  # a table's other columns are column indexes (_report_header)
            values[OTHER_PREFIX + str(index)] = cells[index] if index < width else None
        entries.append(build_entry(values, row, ctx))
    ctx.finish()
    if not entries:
        ctx.errors.append(ChronologyError(ctx.file, None, None, "has no entries", "warning"))
    return entries


def _load_csv(path: Path, ctx: FileContext, names: ColumnNames) -> list[ChronologyEntry]:
    data = path.read_bytes()
    try:
        text, encoding = decode(data)
    except UnreadableText as problem:
        ctx.error(None, None, str(problem))
        return []
    if "\x00" in text:
        ctx.error(None, None, "is not a text CSV file; save it as CSV UTF-8 or .xlsx")
        return []
    records, delimiter, ctx.lines = split_records(text, lambda rows: _score(rows, names))
    how = describe(encoding, delimiter)
    if how:
        ctx.note(None, None, how)
    return _load_table(iter(enumerate(records, start=1)), ctx, names)


def _load_xlsx(path: Path, ctx: FileContext, names: ColumnNames) -> list[ChronologyEntry]:
    """Read with python-calamine (a Rust reader): openpyxl's pure-Python parse of
    styles and cells cost 30-60 ms a workbook, the largest part of a check."""
    bomb = xlsx_inflated_problem(path, current_limits().xlsx_uncompressed_bytes)
    if bomb:
        ctx.error(None, None, bomb)
        return []
    try:
        rows = _sheet_with_header(CalamineWorkbook.from_path(str(path)), names)
    except Exception as problem:  # calamine raises its own kinds on a damaged file
        ctx.error(None, None, _damaged(path, problem))
        return []
    if rows is None:
        ctx.error(None, None, "has no worksheet")
        return []
    return _load_table(iter(rows), ctx, names)


def _sheet_with_header(workbook: CalamineWorkbook, names: ColumnNames) -> list[Row] | None:
    """The first sheet whose top rows hold a Date header, else the first sheet (None
    when there is no sheet); later sheets are not read once one is found."""
    first = None
    for name in workbook.sheet_names:
        rows = _sheet_values(workbook.get_sheet_by_name(name))
        if find_header_row([cells for _, cells in rows[:HEADER_SEARCH_ROWS]], HEADER_SEARCH_ROWS, names) is not None:
            return rows
        first = rows if first is None else first
    return first


def _sheet_values(sheet: CalamineSheet) -> list[Row]:
    """The sheet's rows numbered from 1 as Excel shows them, empty cells as None; past
    the input policy's row limit no more are read."""
    rows: list[Row] = []
    most = current_limits().chronology_rows + HEADER_SEARCH_ROWS + 1  # enough to say "too many rows"
    columns_before = [None] * (sheet.start[1] if sheet.start else 0)  # iter_rows starts at the first used column
    for number, cells in enumerate(sheet.iter_rows(), 1):  # streamed: no copy of a huge sheet
        if number > most:
            break
        rows.append((number, columns_before + [None if cell == "" else cell for cell in cells]))
    return rows


def _damaged(path: Path, problem: Exception) -> str:
    if not zipfile.is_zipfile(path):
        kind = "is not an .xlsx workbook"
    else:
        kind = f"is a damaged .xlsx workbook ({type(problem).__name__})"
    return f"{kind}; open it in Excel and save it again as .xlsx"
