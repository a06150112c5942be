"""Cells a spreadsheet program would run as a formula (CSV injection), made inert.

Excel, LibreOffice and Google Sheets treat a cell starting with ``=``, ``+``, ``-``
or ``@`` as a formula, and a leading tab or carriage return can hide one; a text from
a review ("=HYPERLINK(...)", "-2 weeks") must open as the text it is.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """``cell`` with a leading single quote when it starts like a formula (for CSV)."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell
