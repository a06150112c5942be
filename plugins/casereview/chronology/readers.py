"""Read an agency chronology from CSV, XLSX or YAML.

:func:`load_chronology` never raises on a bad file: whatever is wrong becomes a
:class:`ChronologyError` naming the file, row (or YAML line) and column.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date
from itertools import chain
from pathlib import Path

import yaml
from python_calamine import CalamineWorkbook

from casereview.inputs import (
    YamlShapeError,
    check_yaml_shape,
    current_limits,
    too_many_rows_message,
    xlsx_inflated_problem,
)

from .columns import YAML_KEYS, HeaderMap, column_letter, find_header_row, read_header
from .entries import FileContext, agency_lookup, build_entry, is_blank
from .model import COLUMN_TITLES, ChronologyEntry, ChronologyError

Row = tuple[int, Sequence[object]]  # (row number as a user sees it, cells)
HEADER_SEARCH_ROWS = 50
SUFFIXES = (".csv", ".xlsx", ".xlsm", ".yml", ".yaml")
_TEMPLATE_COLUMNS = ", ".join(COLUMN_TITLES.values())


def load_chronology(
    path: str | Path,
    *,
    period: tuple[date, date] | None = None,
    agency_order: Sequence[str] | None = None,
    agency_aliases: Mapping[str, str] | None = None,
) -> tuple[list[ChronologyEntry], list[ChronologyError]]:
    """Read one agency chronology; return its entries and every problem found.

    ``period`` (the review period) resolves two-digit years. ``agency_order`` (the
    review's agency ids) and ``agency_aliases`` (acronym or name -> id), when given,
    are the only values accepted in an Agency column; entries without one take the
    file name's stem as their agency.
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
        if suffix == ".csv":
            entries = _load_csv(path, ctx)
        elif suffix in (".xlsx", ".xlsm"):
            entries = _load_xlsx(path, ctx)
        else:
            entries = _load_yaml(path, ctx)
    except OSError as problem:
        ctx.error(None, None, f"cannot be read ({problem.strerror or problem})")
        return [], ctx.errors
    return entries, ctx.errors


def _too_large(path: Path) -> str | None:
    """Why the file is not read at all: over the input policy's size limit."""
    limit = current_limits().chronology_bytes
    try:
        size = path.stat().st_size
    except OSError:
        return None  # the read that follows reports why
    if size <= limit:
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


# --- spreadsheets (CSV and XLSX share everything after the cells are read) ---------


def _load_table(rows: Iterator[Row], ctx: FileContext) -> list[ChronologyEntry]:
    rows = _within_row_limit(rows, ctx)
    first = []
    for row in rows:
        first.append(row)
        if len(first) >= HEADER_SEARCH_ROWS:
            break
    if not any(not is_blank_row(cells) for _, cells in first):
        ctx.error(None, None, "is empty; it needs a header row and one row per event")
        return []
    found = find_header_row([cells for _, cells in first])
    if found is None:
        row, cells = next((r, c) for r, c in first if not is_blank_row(c))
        hint = _separator_hint(cells)
        ctx.error(row, None, f'has no "Date" column: no header row names one{hint}')
        return []
    header_row, header_cells = first[found]
    header = read_header(header_cells, header_row)
    if not _header_is_usable(header, ctx):
        return []
    ctx.headers = {name: header.title_of[name] for name in header.index_of}
    return _table_entries(chain(first[found + 1 :], rows), header, ctx)


def _separator_hint(cells: Sequence[object]) -> str:
    """A hint for the CSV saved with semicolons or tabs: every header in one cell."""
    filled = [str(cell) for cell in cells if not is_blank(cell)]
    if len(filled) == 1 and any(mark in filled[0] for mark in (";", "\t")):
        return '; the columns are not separated by commas: save it as "CSV UTF-8 (Comma delimited)"'
    return ""


def is_blank_row(cells: Sequence[object]) -> bool:
    return all(is_blank(cell) for cell in cells)


def _header_is_usable(header: HeaderMap, ctx: FileContext) -> bool:
    for letter, text in header.unknown:
        ctx.error(
            header.row,
            text,
            f"column {letter} is not a column of the chronology template; rename it to one of: {_TEMPLATE_COLUMNS}",
        )
    for letter, text in header.duplicates:
        ctx.error(header.row, text, f"column {letter} repeats an earlier column; keep one")
    for name in header.missing:
        ctx.error(header.row, None, f'the required column "{COLUMN_TITLES[name]}" is missing')
    return not (header.unknown or header.duplicates or header.missing)


def _table_entries(rows: Iterable[Row], header: HeaderMap, ctx: FileContext) -> list[ChronologyEntry]:
    entries: list[ChronologyEntry] = []
    columns = list(header.index_of.items())
    blank_columns = header.blank_columns
    for row, cells in rows:
        if is_blank_row(cells):
            continue
        _check_blank_columns(cells, blank_columns, row, ctx)
        width = len(cells)
        values = {name: cells[index] if index < width else None for name, index in columns}
        entry = build_entry(values, row, ctx)
        if entry is not None:
            entries.append(entry)
    if not entries and not ctx.errors:
        ctx.errors.append(ChronologyError(ctx.file, None, None, "has no entries", "warning"))
    return entries


def _check_blank_columns(cells: Sequence[object], blank: list[int], row: int, ctx: FileContext) -> None:
    for index in blank:
        if index < len(cells) and not is_blank(cells[index]):
            ctx.error(
                row,
                column_letter(index + 1),
                "this cell is in a column with no header; name the column or clear the cell",
            )


def _load_csv(path: Path, ctx: FileContext) -> list[ChronologyEntry]:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as problem:
        ctx.error(
            None,
            None,
            f"is not UTF-8 text (byte {problem.start + 1} cannot be read); "
            'save it from Excel as "CSV UTF-8 (Comma delimited)"',
        )
        return []
    if "\x00" in text:
        ctx.error(None, None, "is not a text CSV file; save it as CSV UTF-8 or .xlsx")
        return []
    try:
        records = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as problem:
        ctx.error(None, None, f"is not a well-formed CSV file ({problem})")
        return []
    return _load_table(iter(enumerate(records, start=1)), ctx)


def _load_xlsx(path: Path, ctx: FileContext) -> list[ChronologyEntry]:
    """Read with python-calamine (a Rust reader): openpyxl's pure-Python parse of
    styles and cells cost 30-60 ms a workbook, the largest part of a check."""
    bomb = xlsx_inflated_problem(path, current_limits().xlsx_uncompressed_bytes)
    if bomb:
        ctx.error(None, None, bomb)
        return []
    try:
        rows = _sheet_with_header(CalamineWorkbook.from_path(str(path)))
    except Exception as problem:  # calamine raises its own kinds on a damaged file
        ctx.error(None, None, _damaged(path, problem))
        return []
    if rows is None:
        ctx.error(None, None, "has no worksheet")
        return []
    return _load_table(iter(rows), ctx)


def _sheet_with_header(workbook: CalamineWorkbook) -> list[Row] | None:
    """The first sheet whose top rows hold a Date header, else the first sheet (None
    when there is no sheet); later sheets are not read once one is found."""
    first = None
    for name in workbook.sheet_names:
        rows = _sheet_values(workbook.get_sheet_by_name(name))
        if find_header_row([cells for _, cells in rows[:HEADER_SEARCH_ROWS]]) is not None:
            return rows
        first = rows if first is None else first
    return first


def _sheet_values(sheet) -> list[Row]:
    """The sheet's rows numbered from 1 as Excel shows them, empty cells as None; past
    the input policy's row limit no more are read."""
    rows: list[Row] = []
    most = current_limits().chronology_rows + HEADER_SEARCH_ROWS + 1  # enough to say "too many rows"
    columns_before = [None] * (sheet.start[1] if sheet.start else 0)  # iter_rows starts at the first used column
    for number, cells in enumerate(sheet.iter_rows(), 1):  # streamed: no Python copy of a huge sheet
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


# --- YAML ---------------------------------------------------------------------------


def _load_yaml(path: Path, ctx: FileContext) -> list[ChronologyEntry]:
    ctx.where = "line"
    try:
        text = path.read_text(encoding="utf-8-sig")
        check_yaml_shape(yaml.parse(text))  # an alias bomb is refused before it is built
        root = yaml.compose(text)
    except UnicodeDecodeError:
        ctx.error(None, None, "is not UTF-8 text; save it with UTF-8 encoding")
        return []
    except YamlShapeError as problem:
        ctx.error(problem.line, None, problem.message)
        return []
    except yaml.YAMLError as problem:
        mark = getattr(problem, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        ctx.error(line, None, f"is not valid YAML ({getattr(problem, 'problem', None) or 'syntax error'})")
        return []
    items = _yaml_entry_nodes(root, ctx)
    if items is None:
        return []
    if len(items) > current_limits().chronology_rows:
        ctx.error(
            items[current_limits().chronology_rows].start_mark.line + 1,
            None,
            too_many_rows_message(current_limits().chronology_rows),
        )
        return []
    ctx.headers = {name: name for name in YAML_KEYS.values()}
    entries = []
    for node in items:
        cells = _yaml_cells(node, ctx)
        if cells is not None:
            entry = build_entry(cells, node.start_mark.line + 1, ctx)
            if entry is not None:
                entries.append(entry)
    if not items:
        ctx.errors.append(ChronologyError(ctx.file, None, None, "has no entries", "warning"))
    return entries


def _yaml_entry_nodes(root: yaml.Node | None, ctx: FileContext) -> list[yaml.Node] | None:
    """The entry nodes: a top-level list, or the list under ``entries:``."""
    if root is None:
        ctx.error(None, None, "is empty; it needs a list of entries")
        return None
    if isinstance(root, yaml.MappingNode):
        found = None
        for key, value in root.value:
            if key.value == "entries":
                found = value
            elif key.value != "agency":
                ctx.error(
                    key.start_mark.line + 1,
                    key.value,
                    'unknown key; only "entries" (and "agency") belong at the top',
                )
            elif isinstance(value, yaml.ScalarNode) and value.value:
                text = value.value.strip()
                ctx.default_agency = ctx.agencies.get(text.lower(), text)
        root = found
    if not isinstance(root, yaml.SequenceNode):
        ctx.error(None, None, 'needs a list of entries (a top-level list, or a list under "entries:")')
        return None
    return root.value


def _yaml_cells(node: yaml.Node, ctx: FileContext) -> dict[str, object] | None:
    line = node.start_mark.line + 1
    if not isinstance(node, yaml.MappingNode):
        ctx.error(line, None, "this entry is not a set of keys (date:, summary:, ...)")
        return None
    cells: dict[str, object] = {}
    for key, value in node.value:
        name = YAML_KEYS.get(str(key.value).strip().lower())
        if name is None:
            ctx.error(line, str(key.value), f"unknown key; use one of: {', '.join(YAML_KEYS)}")
            continue
        if isinstance(value, yaml.MappingNode):
            ctx.error(line, name, "expected text or a list here, not a set of keys")
            continue
        cells[name] = _yaml_value(value)
    return cells


def _yaml_value(node: yaml.Node) -> object:
    """The text as written: YAML's own typing would turn ``01:00`` into 60."""
    if isinstance(node, yaml.ScalarNode):
        if node.style is None and node.value in ("", "~", "null", "Null", "NULL"):
            return None
        return node.value
    if isinstance(node, yaml.SequenceNode):
        return [_yaml_value(item) for item in node.value]
    return None
