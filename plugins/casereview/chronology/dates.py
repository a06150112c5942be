"""Dates, times and yes/no cells as authors write them on the template.

Dates are always read day first (UK). Every parser raises :class:`CellProblem`
with a message meant for the author; the readers add file, row and column.
"""

from __future__ import annotations

import calendar
import re
from datetime import MAXYEAR, MINYEAR, date, datetime, time, timedelta

from casereview.chronology.model import PART_START, UNKNOWN_DAY, EventDate, Precision

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
_MONTH = r"(?P<month_name>[A-Za-z]{3,9})\.?"
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+)?"
_NUMERIC = re.compile(r"(?P<d>\d{1,2})(?P<sep>[./-])(?P<m>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})")
_ISO = re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})")
_NAMED_DAY = re.compile(
    _WEEKDAY + r"(?P<d>\d{1,2})(?:st|nd|rd|th)?(?:\s+|-|\s*of\s+)" + _MONTH + r",?(?:\s+|-)(?P<y>\d{4}|\d{2})",
    re.I,
)
_MONTH_DAY = re.compile(_WEEKDAY + _MONTH + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,\s*(?P<y>\d{4})", re.I)
_NAMED_MONTH = re.compile(_MONTH + r",?(?:\s+|-)(?P<y>\d{4}|\d{2})", re.I)
_NUMERIC_MONTH = re.compile(r"(?P<m>\d{1,2})[./-](?P<y>\d{4})")
_ISO_MONTH = re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})")
_YEAR = re.compile(r"(?P<y>\d{4})")
# "?.06.2019", "??.08.2019", "xx/06/19": the day is not known.
_DAY_UNKNOWN = re.compile(r"(?:\?{1,2}|x{1,2})(?P<sep>[./-])(?P<m>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})", re.I)
_MONTH_UNKNOWN = re.compile(r"(?:\?{1,2}|x{1,2})[./-](?:\?{1,2}|x{1,2})[./-](?P<y>\d{4})", re.I)
# "early June 2020", "mid-June 2020", "end of June 2020": a third of a month.
_PART_OF_MONTH = re.compile(
    r"(?P<part>early|beginning\s+of|start\s+of|mid|middle\s+of|late|end\s+of)[\s-]+" + _MONTH + r",?\s+(?P<y>\d{4})",
    re.I,
)
_SEASON = re.compile(r"(?P<season>spring|summer|autumn|fall|winter)\s+(?:of\s+)?(?P<y>\d{4})", re.I)
_APPROX_PREFIX = re.compile(
    r"^(?:c\.|ca\.|circa|approx\.?|approximately|about|around|before|after|~|\?|c(?=\s*\d))\s*", re.I
)
_APPROX_SUFFIX = re.compile(r"\s*(?:\?|\((?:approx\.?|approximate|estimated|date approximate)\)|approx\.?)$", re.I)
# A time written after the date in one cell ("12.06.2019 1430", "12/06/2019 14:30:00").
_TRAILING_TIME = re.compile(
    r"^(?P<date>.*?\d)\s*(?:,\s*|\s+at\s+|\s+|T)(?P<time>\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:\s*[ap]\.?m\.?)?"
    r"|\d{3,4}(?:\s*(?:hrs|hours|h))?|\d{1,2}\s*[ap]\.?m\.?|[A-Za-z][A-Za-z .]*)$",
    re.I,
)

DATE_HINT = "write it as DD.MM.YYYY"
# Excel stores years typed alone ("2004") as numbers; serials this small are 1905.
_YEAR_NUMBERS = range(1800, 2201)
_EXCEL_EPOCH = datetime(1899, 12, 30)
_SERIAL_TEXT = re.compile(r"\d{5}(?:\.\d+)?")
# What most date cells hold; neither an uncertain date nor an approximation marker can.
_DIGITS_AND_SEPARATORS = re.compile(r"[0-9./-]+")
_SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11), "winter": (12, 2)}


class CellProblem(ValueError):
    """A cell that cannot be read; the message is written for the author.

    ``fallback`` is the date to place the row at anyway (an impossible date at the
    start of the month it names, an unreadable one after every dated row), so that a
    bad cell never drops its row.
    """

    def __init__(self, message: str, fallback: EventDate | None = None) -> None:
        super().__init__(message)
        self.fallback = fallback


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


_SAFE_WORDS = set(MONTHS) | set(_SEASONS) | {
    "c", "ca", "circa", "approx", "about", "am", "pm", "noon", "midnight", "st", "nd", "rd",
    "th", "y", "n", "yes", "no", "true", "false", "t", "f", "record", "interview", "early",
    "mid", "late", "morning", "afternoon", "evening", "night", "x", "xx", "hrs",
}  # fmt: skip


def unknown_date(original: str) -> EventDate:
    """The date of a row whose date cell cannot be read: kept, placed last."""
    return EventDate(UNKNOWN_DAY, "unknown", False, original)


def parse_date(value: object, period: tuple[date, date] | None = None) -> EventDate:
    """Read a date cell: a spreadsheet date, an Excel serial number or text."""
    if isinstance(value, datetime):
        return EventDate(value.date(), "day", False, value.strftime("%d.%m.%Y"))
    if isinstance(value, date):
        return EventDate(value, "day", False, value.strftime("%d.%m.%Y"))
    if isinstance(value, bool):
        raise CellProblem(f"{shown(value)} is not a date; {DATE_HINT}", unknown_date(str(value)))
    if isinstance(value, int | float):
        return _from_number(value)
    text = str(value).strip()
    if _SERIAL_TEXT.fullmatch(text):  # a date cell saved to CSV in General format
        return _from_number(float(text))
    return parse_date_text(text, period)


def _from_number(value: int | float) -> EventDate:
    written = str(int(value)) if value == int(value) else str(value)
    if value == int(value) and int(value) in _YEAR_NUMBERS:
        return EventDate(date(int(value), 1, 1), "year", False, written)
    if not 1 <= value < 2958466:
        raise CellProblem(f"{shown(value)} is not a date; {DATE_HINT}", unknown_date(written))
    day = (_EXCEL_EPOCH + timedelta(days=int(value))).date()
    return EventDate(day, "day", False, day.strftime("%d.%m.%Y"), interpreted=f"Excel serial number {written}")


def parse_date_text(text: str, period: tuple[date, date] | None = None) -> EventDate:
    """Read a date written as text, day first (UK): never month first, never rolled over.

    A year Python's dates cannot hold ("00.00.0000") is an impossible date like any
    other: kept as written, marked invalid, reported."""
    original = " ".join(text.split())
    try:
        return _parse_date_text(original, period)
    except CellProblem:
        raise
    except (ValueError, OverflowError):  # year 0 or beyond 9999, reached by a form's own arithmetic
        raise CellProblem(f"{shown(original)} is not a real date; {DATE_HINT}", _invalid(original, 0)) from None


def _parse_date_text(original: str, period: tuple[date, date] | None) -> EventDate:
    if _DIGITS_AND_SEPARATORS.fullmatch(original):  # "12.06.2019": no word, "?" or "x" to read
        core, approximate = original, False
    else:
        uncertain = _uncertain(original, period)
        if uncertain is not None:
            return uncertain
        core, approximate = _strip_approximation(original)
    for pattern, precision in _FORMS:
        match = pattern.fullmatch(core)
        if match:
            earliest = _build(match, precision, original, period)
            return EventDate(earliest, precision, approximate, original)
    raise CellProblem(f"{shown(original)} is not a date I can read; {DATE_HINT}", unknown_date(original))


def _uncertain(original: str, period: tuple[date, date] | None) -> EventDate | None:
    """Dates the author marked as partly unknown: ``?.06.2019``, ``early June 2020``,
    ``summer 2017``. Each is placed at the start of its stretch and marked approximate."""
    core, _ = _strip_approximation(original)
    if match := _DAY_UNKNOWN.fullmatch(original) or _DAY_UNKNOWN.fullmatch(core):
        month = int(match["m"])
        year = _year(match["y"], month, 1, original, period)
        if not 1 <= month <= 12:
            raise CellProblem(f"{shown(original)} is not a real date; {DATE_HINT}", _invalid(original, year))
        return EventDate(date(year, month, 1), "month", True, original)
    if match := _MONTH_UNKNOWN.fullmatch(original) or _MONTH_UNKNOWN.fullmatch(core):
        return EventDate(date(int(match["y"]), 1, 1), "year", True, original)
    if match := _PART_OF_MONTH.fullmatch(core):
        month = _month_number(match.groupdict(), original)
        year = int(match["y"])
        last = calendar.monthrange(year, month)[1]
        part = match["part"].lower().split()[0]
        first_day, last_day = {"early": (1, 10), "beginning": (1, 10), "start": (1, 10), "mid": (11, 20),
                               "middle": (11, 20)}.get(part, (21, last))  # fmt: skip
        return EventDate(date(year, month, first_day), "period", True, original, until=date(year, month, last_day))
    if match := _SEASON.fullmatch(core):
        first, last = _SEASONS[match["season"].lower()]
        year = int(match["y"])
        end_year = year + 1 if last < first else year
        end = date(end_year, last, calendar.monthrange(end_year, last)[1])
        return EventDate(date(year, first, 1), "period", True, original, until=end)
    return None


def _strip_approximation(text: str) -> tuple[str, bool]:
    core = _APPROX_PREFIX.sub("", text, count=1)
    core = _APPROX_SUFFIX.sub("", core)
    return core.strip(), core != text


_FORMS: list[tuple[re.Pattern[str], Precision]] = [
    (_NUMERIC, "day"),
    (_ISO, "day"),
    (_NAMED_DAY, "day"),
    (_MONTH_DAY, "day"),
    (_NAMED_MONTH, "month"),
    (_NUMERIC_MONTH, "month"),
    (_ISO_MONTH, "month"),
    (_YEAR, "year"),
]


def split_date_and_time(text: str) -> tuple[str, str] | None:
    """``("12.06.2019", "1430")`` for a cell holding both; None when there is no time
    after the date (a text date such as ``3 March 2019`` is never split)."""
    match = _TRAILING_TIME.fullmatch(" ".join(text.split()))
    if match is None:
        return None
    return match["date"].strip().rstrip(","), match["time"].strip()


def _build(match: re.Match[str], precision: str, original: str, period: tuple[date, date] | None) -> date:
    groups = match.groupdict()
    month = _month_number(groups, original)
    day = int(groups.get("d") or 1)
    year = _year(groups["y"], month, day, original, period)
    try:
        return date(year, month, day)
    except ValueError:
        raise CellProblem(_impossible(original, day, month), _invalid(original, year, month)) from None


def _impossible(original: str, day: int, month: int) -> str:
    if month > 12 and 1 <= day <= 12:
        return (
            f"{shown(original)} is not a real date read day first (UK); it looks like a "
            f"month-first (US) date, which is never guessed: {DATE_HINT}"
        )
    return f"{shown(original)} is not a real date; {DATE_HINT}"


def _invalid(original: str, year: int, month: int = 0) -> EventDate:
    """An impossible date kept as written, at the start of its month (or its year);
    placed last, with the unreadable dates, when Python cannot hold its year."""
    if not MINYEAR <= year <= MAXYEAR:
        return EventDate(UNKNOWN_DAY, "unknown", False, original, invalid=True)
    if 1 <= month <= 12:
        return EventDate(date(year, month, 1), "month", False, original, invalid=True)
    return EventDate(date(year, 1, 1), "year", False, original, invalid=True)


def _month_number(groups: dict[str, str | None], original: str) -> int:
    name = groups.get("month_name")
    if name is None:
        return int(groups.get("m") or 1)
    number = MONTHS.get(name.lower())
    if number is None:
        raise CellProblem(f"{shown(original)} is not a date I can read; {DATE_HINT}", unknown_date(original))
    return number


def _year(year_text: str, month: int, day: int, original: str, period: tuple[date, date] | None) -> int:
    if len(year_text) == 4:
        return int(year_text)
    return _resolve_century(int(year_text), month, day, original, period)


def _resolve_century(yy: int, month: int, day: int, original: str, period: tuple[date, date] | None) -> int:
    """Pick the century that puts a two-digit year inside, or nearest, the period."""
    if period is None:
        raise CellProblem(
            f"{shown(original)} has a two-digit year and no review period is known "
            f"to tell the century; write the year in full (DD.MM.YYYY)",
            _invalid(original, 2000 + yy, month),
        )
    start, end = period
    # Each century tried alone: 29.02.00 is a real day in 2000 but not in 1900.
    candidates = [d for c in (1900, 2000, 2100) if (d := _maybe_date(c + yy, month, day))]
    if not candidates:
        nearest = min((c + yy for c in (1900, 2000, 2100)), key=lambda y: _distance(date(y, 1, 1), start, end))
        raise CellProblem(_impossible(original, day, month), _invalid(original, nearest, month))
    return min(candidates, key=lambda d: _distance(d, start, end)).year


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


_TIME_24 = re.compile(r"(?P<h>\d{1,2})[:.](?P<m>\d{2})(?:[:.](?P<s>\d{2}))?(?:\s*(?:hrs|hours|h))?")
_TIME_COMPACT = re.compile(r"(?P<h>\d{1,2})(?P<m>\d{2})(?:\s*(?:hrs|hours|h))?")
_TIME_12 = re.compile(r"(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))?\s*(?P<half>[ap])\.?m\.?")
_TIME_APPROX = re.compile(r"^(?:c\.|ca\.|circa|approx\.?|approximately|about|around|~)\s*", re.I)
TIME_HINT = "write it as HH:MM (24-hour clock) or leave it empty if not known"
# Words for a part of the day -> the part (a key of PART_START).
_PARTS = {
    "am": "am", "a.m.": "am", "a.m": "am", "morning": "morning", "in the morning": "morning",
    "pm": "pm", "p.m.": "pm", "p.m": "pm", "afternoon": "afternoon", "lunchtime": "lunchtime",
    "lunch time": "lunchtime", "lunch": "lunchtime", "evening": "evening", "teatime": "evening",
    "tea time": "evening", "night": "night", "night time": "night", "overnight": "overnight",
    "early hours": "early hours", "early morning": "morning", "late evening": "evening",
}  # fmt: skip


def part_of_day(value: object) -> str | None:
    """The part of the day a time cell names ("evening", "am"), or None."""
    if not isinstance(value, str):
        return None
    text = " ".join(value.lower().split()).strip(" .")
    part = _PARTS.get(text) or _PARTS.get(text + ".")
    return part if part in PART_START else None


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
    return _parse_time_text(_TIME_APPROX.sub("", str(value).strip()))


def _parse_time_text(text: str) -> time:
    lowered = text.lower()
    if lowered in ("noon", "midday", "12 noon", "12 midday"):
        return time(12, 0)
    if lowered in ("midnight", "12 midnight"):
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
