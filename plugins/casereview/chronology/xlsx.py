"""A formatted table written as .xlsx with openpyxl (imported only by the export)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from casereview.sources.spreadsheet_safety import FORMULA_STARTS

if TYPE_CHECKING:  # a private module of openpyxl: named for the types only
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet


def write_table(
    out: Path,
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    widths: Sequence[float],
    wrapped: set[int],
    number_formats: Mapping[int, str],
    extra_sheet: tuple[str, Sequence[str], Iterable[Sequence[object]]] | None = None,
) -> None:
    """One sheet: bold headers frozen at the top, then ``rows``. ``wrapped`` columns
    wrap their text; ``number_formats`` apply to the non-text cells of a column.
    ``extra_sheet`` (title, headers, rows) adds a second, plain sheet."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    sheet.freeze_panes = "A2"
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.append([_header_cell(sheet, text) for text in headers])
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        sheet.append(
            [
                _cell(sheet, value, wrap if column in wrapped else None, number_formats.get(column))
                for column, value in enumerate(row)
            ]
        )
    if extra_sheet is not None:
        extra_title, extra_headers, extra_rows = extra_sheet
        extra = workbook.create_sheet(extra_title)
        extra.column_dimensions["A"].width = 30
        extra.append([_header_cell(extra, text) for text in extra_headers])
        for row in extra_rows:
            extra.append([_cell(extra, value, None, None) for value in row])
    workbook.save(out)


def _header_cell(sheet: WriteOnlyWorksheet, text: str) -> Cell:
    cell = WriteOnlyCell(sheet, value=text)
    cell.font = Font(bold=True)
    return cell


def _cell(sheet: WriteOnlyWorksheet, value: object, alignment: Alignment | None, number_format: str | None) -> Cell:
    """A write-only cell; text is always stored as text, never as a formula. Text that
    starts like a formula (``=``, ``+``, ``-``, ``@``, tab, carriage return) also carries
    Excel's quote prefix, so it stays text even when someone edits the cell; the reader
    sees the text unchanged."""
    if isinstance(value, str):
        cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
        cell.data_type = "s"
        if value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
        if alignment is not None:
            cell.alignment = alignment
        return cell
    # openpyxl writes any cell value (dates and times too); its stub names fewer types.
    cell = WriteOnlyCell(sheet, value=value)  # type: ignore[arg-type]
    if number_format is not None:
        cell.number_format = number_format
    return cell
