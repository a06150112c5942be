"""Dates, times and yes/no cells as authors write them on the template.

Dates are always read day first (UK). Every parser raises :class:`CellProblem`
with a message meant for the author; the readers add file, row and column.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from .model import EventDate

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month_name>[A-Za-z]+)\.?"
_NUMERIC = re.compile(r"(?P<d>\d{1,2})(?P<sep>[./-])(?P<m>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})")
_ISO = re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})")
_NAMED_DAY = re.compile(r"(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(?P<y>\d{4}|\d{2})")
_NAMED_MONTH = re.compile(_MONTH + r",?\s+(?P<y>\d{4}|\d{2})")
_NUMERIC_MONTH = re.compile(r"(?P<m>\d{1,2})[./-](?P<y>\d{4})")
_YEAR = re.compile(r"(?P<y>\d{4})")
_APPROX_PREFIX = re.compile(r"^(?:c\.|ca\.|circa|approx\.?|about|~|\?|c(?=\s*\d))\s*", re.I)
_APPROX_SUFFIX = re.compile(r"\s*\?$")

DATE_HINT = "write it as DD.MM.YYYY"
# Excel stores years typed alone ("2004") as numbers; serials this small are 1905.
_YEAR_NUMBERS = range(1800, 2201)
_EXCEL_EPOCH = datetime(1899, 12, 30)


class CellProblem(ValueError):
    """A cell that cannot be read; the message is written for the author."""


def shown(value: object) -> str:
    """Quote a cell for a message without risking a real name in a log.

    Digits, punctuation and date words are shown as written; any other word is
    cut to its initial, since a misplaced cell may hold a person's name.
    """
    text = str(value).strip()
    if len(text) > 40:
        text = text[:40] + "..."

    def mask(match: re.Match[str]) -> str:
        word = match.group(0)
        return word if word.lower() in _SAFE_WORDS else word[0] + "."

    return '"' + re.sub(r"[A-Za-z]+", mask, text) + '"'


_SAFE_WORDS = set(MONTHS) | {
    "c", "ca", "circa", "approx", "about", "am", "pm", "noon", "midnight", "st", "nd", "rd",
    "th", "y", "n", "yes", "no", "true", "false", "t", "f", "record", "interview",
}  # fmt: skip


def parse_date(value: object, period: tuple[date, date] | None = None) -> EventDate:
    """Read a date cell: a spreadsheet date, an Excel serial number or text."""
    if isinstance(value, datetime):
        return EventDate(value.date(), "day", False, value.strftime("%d.%m.%Y"))
    if isinstance(value, date):
        return EventDate(value, "day", False, value.strftime("%d.%m.%Y"))
    if isinstance(value, bool):
        raise CellProblem(f"{shown(value)} is not a date; {DATE_HINT}")
    if isinstance(value, int | float):
        return _from_number(value)
    return parse_date_text(str(value), period)


def _from_number(value: int | float) -> EventDate:
    if value == int(value) and int(value) in _YEAR_NUMBERS:
        return EventDate(date(int(value), 1, 1), "year", False, str(int(value)))
    if not 1 <= value < 2958466:
        raise CellProblem(f"{shown(value)} is not a date; {DATE_HINT}")
    day = (_EXCEL_EPOCH + timedelta(days=int(value))).date()
    return EventDate(day, "day", False, day.strftime("%d.%m.%Y"))


def parse_date_text(text: str, period: tuple[date, date] | None = None) -> EventDate:
    """Read a date written as text, day first; see the module doc for the forms."""
    original = " ".join(text.split())
    core, approximate = _strip_approximation(original)
    for pattern, precision in _FORMS:
        match = pattern.fullmatch(core)
        if match:
            earliest = _build(match, precision, original, period)
            return EventDate(earliest, precision, approximate, original)
    raise CellProblem(f"{shown(original)} is not a date I can read; {DATE_HINT}")


def _strip_approximation(text: str) -> tuple[str, bool]:
    core = _APPROX_PREFIX.sub("", text, count=1)
    core = _APPROX_SUFFIX.sub("", core)
    return core.strip(), core != text


_FORMS = [
    (_NUMERIC, "day"),
    (_ISO, "day"),
    (_NAMED_DAY, "day"),
    (_NAMED_MONTH, "month"),
    (_NUMERIC_MONTH, "month"),
    (_YEAR, "year"),
]


def _build(match: re.Match[str], precision: str, original: str, period) -> date:
    groups = match.groupdict()
    month = _month_number(groups, original)
    day = int(groups.get("d") or 1)
    year_text = groups["y"]
    if len(year_text) == 2:
        return _resolve_century(int(year_text), month, day, original, period)
    try:
        return date(int(year_text), month, day)
    except ValueError:
        raise CellProblem(f"{shown(original)} is not a real date; {DATE_HINT}") from None


def _month_number(groups: dict[str, str | None], original: str) -> int:
    name = groups.get("month_name")
    if name is None:
        return int(groups.get("m") or 1)
    number = MONTHS.get(name.lower())
    if number is None:
        raise CellProblem(f"{shown(original)} is not a date I can read; {DATE_HINT}")
    return number


def _resolve_century(yy: int, month: int, day: int, original: str, period) -> date:
    """Pick the century that puts a two-digit year inside, or nearest, the period."""
    if period is None:
        raise CellProblem(
            f"{shown(original)} has a two-digit year and no review period is known "
            f"to tell the century; write the year in full (DD.MM.YYYY)"
        )
    start, end = period
    # Each century tried alone: 29.02.00 is a real day in 2000 but not in 1900.
    candidates = [d for c in (1900, 2000, 2100) if (d := _maybe_date(c + yy, month, day))]
    if not candidates:
        raise CellProblem(f"{shown(original)} is not a real date; {DATE_HINT}")
    return min(candidates, key=lambda d: _distance(d, start, end))


def _maybe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _distance(day: date, start: date, end: date) -> int:
    if day < start:
        return (start - day).days
    if day > end:
        return (day - end).days
    return 0


_TIME_24 = re.compile(r"(?P<h>\d{1,2})[:.](?P<m>\d{2})(?:[:.](?P<s>\d{2}))?")
_TIME_COMPACT = re.compile(r"(?P<h>\d{1,2})(?P<m>\d{2})(?:hrs|hours|h)?")
_TIME_12 = re.compile(r"(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))?\s*(?P<half>[ap])\.?m\.?")
TIME_HINT = "write it as HH:MM (24-hour clock) or leave it empty if not known"


def parse_time(value: object) -> time | None:
    """Read a time cell; empty means the time is not known."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return value.time().replace(microsecond=0)
    if isinstance(value, time):
        return value.replace(microsecond=0)
    if isinstance(value, bool) or isinstance(value, date):
        raise CellProblem(f"{shown(value)} is not a time; {TIME_HINT}")
    if isinstance(value, float) and 0 <= value < 1:
        seconds = round(value * 86400)
        return time(seconds // 3600 % 24, seconds // 60 % 60, seconds % 60)
    if isinstance(value, int | float) and value == int(value):
        value = f"{int(value):04d}"
    return _parse_time_text(str(value).strip())


def _parse_time_text(text: str) -> time:
    lowered = text.lower()
    if lowered in ("noon", "midday"):
        return time(12, 0)
    if lowered == "midnight":
        return time(0, 0)
    for pattern in (_TIME_24, _TIME_COMPACT, _TIME_12):
        match = pattern.fullmatch(lowered)
        if match:
            return _build_time(match, text)
    raise CellProblem(f"{shown(text)} is not a time I can read; {TIME_HINT}")


def _build_time(match: re.Match[str], text: str) -> time:
    groups = match.groupdict()
    hour, minute, second = int(groups["h"]), int(groups["m"] or 0), int(groups.get("s") or 0)
    half = groups.get("half")
    if half is not None:
        if not 1 <= hour <= 12:
            raise CellProblem(f"{shown(text)} is not a real time; {TIME_HINT}")
        hour = hour % 12 + (12 if half == "p" else 0)
    if hour > 23 or minute > 59 or second > 59:
        raise CellProblem(f"{shown(text)} is not a real time; {TIME_HINT}")
    return time(hour, minute, second)


_YES = {"y", "yes", "true", "t", "1"}
_NO = {"n", "no", "false", "f", "0"}
_UNKNOWN = {"", "n/a", "na", "not known", "unknown", "-"}


def parse_yes_no(value: object) -> bool | None:
    """Read a Y/N cell: Y, Yes, True, N, No, False; empty (or N/A) means not recorded."""
    if value is None or isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _YES:
        return True
    if text in _NO:
        return False
    if text in _UNKNOWN:
        return None
    raise CellProblem(f"{shown(value)} is not Y or N; write Y, N or leave it empty")
