"""Dates, times and Y/N cells as agencies write them on the chronology template."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from casereview.chronology import EventDate, parse_date, parse_time, parse_yes_no
from casereview.chronology.dates import CellProblem, part_of_day, shown, split_date_and_time

PERIOD = (date(2003, 6, 1), date(2004, 12, 31))


@pytest.mark.parametrize(
    "text",
    ["01.01.2004", "1/1/2004", "01-01-2004", "2004-01-01", "1 January 2004", "1st Jan 2004"],
)
def test_every_day_form_reads_the_same_day(text: str) -> None:
    parsed = parse_date(text)
    assert parsed == EventDate(date(2004, 1, 1), "day", False, text)
    assert parsed.is_exact
    assert parsed.display == text


def test_dates_are_day_first() -> None:
    assert parse_date("03.04.2004").earliest == date(2004, 4, 3)
    assert parse_date("3/4/2004").earliest == date(2004, 4, 3)


@pytest.mark.parametrize("text", ["Jan 2004", "January 2004", "03/2004"])
def test_month_only_dates(text: str) -> None:
    parsed = parse_date(text)
    assert (parsed.earliest, parsed.latest, parsed.precision) == (
        date(2004, 1 if "an" in text else 3, 1),
        date(2004, 1, 31) if "an" in text else date(2004, 3, 31),
        "month",
    )
    assert not parsed.is_exact
    assert parsed.display == f"{text} (month only)"


def test_year_only_date_spans_the_year() -> None:
    parsed = parse_date("2004")
    assert (parsed.earliest, parsed.latest, parsed.precision) == (
        date(2004, 1, 1),
        date(2004, 12, 31),
        "year",
    )
    assert parsed.display == "2004 (year only)"


@pytest.mark.parametrize("text", ["c. 12.03.2004", "?12.03.2004", "12.03.2004?", "circa 12.03.2004"])
def test_approximate_markers(text: str) -> None:
    parsed = parse_date(text)
    assert parsed.earliest == date(2004, 3, 12)
    assert parsed.approximate and parsed.precision == "day"
    assert not parsed.is_exact
    assert parsed.display == f"{text} (approximate)"


def test_approximate_month_keeps_both_markers() -> None:
    assert parse_date("c. March 2004").marker == "month only, approximate"


def test_two_digit_year_takes_the_century_of_the_review_period() -> None:
    assert parse_date("22.05.04", PERIOD).earliest == date(2004, 5, 22)
    # A review of the late 1990s puts '98' in 1998, not 2098.
    assert parse_date("01.02.98", (date(1997, 1, 1), date(1999, 1, 1))).earliest == date(1998, 2, 1)
    # Outside the period, the nearest century wins: '99' is 1999 for a 2003-2004 review.
    assert parse_date("31.12.99", PERIOD).earliest == date(1999, 12, 31)


def test_two_digit_year_without_a_period_is_an_error() -> None:
    with pytest.raises(CellProblem, match="two-digit year"):
        parse_date("22.05.04")


@pytest.mark.parametrize("text", ["31.02.2004", "29.02.2003", "00.01.2004", "12.13.2004"])
def test_impossible_dates_are_errors(text: str) -> None:
    with pytest.raises(CellProblem, match="not a real date") as raised:
        parse_date(text)
    # The row is placed anyway, from what the date names, marked invalid and kept as written.
    fallback = raised.value.fallback
    assert fallback.invalid and fallback.original == text and fallback.earliest.year == int(text[-4:])
    assert "invalid date" in fallback.display


def test_impossible_day_is_placed_at_the_start_of_its_month_not_rolled_over() -> None:
    with pytest.raises(CellProblem) as raised:
        parse_date("31.02.2019")
    assert raised.value.fallback.earliest == date(2019, 2, 1)  # never 3 March
    assert raised.value.fallback.display == "31.02.2019 (invalid date)"


def test_a_month_first_date_is_never_swapped_silently() -> None:
    with pytest.raises(CellProblem, match="month-first \\(US\\) date, which is never guessed"):
        parse_date("04/25/2019")
    # Read as written, day first: 3 April, not 4 March.
    assert parse_date("03/04/2019").earliest == date(2019, 4, 3)


@pytest.mark.parametrize("text", ["yesterday", "01.01", "Smarch 2004", "1.1.1.2004"])
def test_unreadable_dates_are_errors(text: str) -> None:
    with pytest.raises(CellProblem, match="not a date"):
        parse_date(text)


def test_spreadsheet_cells_and_serial_numbers() -> None:
    assert parse_date(datetime(2004, 1, 2, 10, 30)).earliest == date(2004, 1, 2)
    assert parse_date(date(2004, 1, 2)).display == "02.01.2004"
    # Excel serial 38000 is 14 January 2004 (day 1 = 1 January 1900, with the 1900 leap bug).
    assert parse_date(38000).earliest == date(2004, 1, 14)
    assert parse_date(38000.0).earliest == date(2004, 1, 14)
    # A year typed alone into a cell is stored as a number: read it as the year.
    assert parse_date(2004).precision == "year"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("01:00", time(1, 0)),
        ("0100", time(1, 0)),
        ("1.00pm", time(13, 0)),
        ("1pm", time(13, 0)),
        ("12am", time(0, 0)),
        ("12.30 p.m.", time(12, 30)),
        ("13.05", time(13, 5)),
        ("13:05:00", time(13, 5)),
        (datetime(2004, 1, 1, 9, 15), time(9, 15)),
        (time(23, 59), time(23, 59)),
        (0.5, time(12, 0)),  # Excel stores a time as a fraction of a day
        (930, time(9, 30)),  # "0930" typed into a number cell loses its zero
    ],
)
def test_time_forms(value: object, expected: time) -> None:
    assert parse_time(value) == expected


@pytest.mark.parametrize("value", [None, "", "   "])
def test_empty_time_is_unknown(value: object) -> None:
    assert parse_time(value) is None


@pytest.mark.parametrize("value", ["25:00", "12:60", "13pm", "0pm", "soon", "1.2.3"])
def test_bad_times_are_errors(value: str) -> None:
    with pytest.raises(CellProblem, match="HH:MM"):
        parse_time(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("Y", True), ("yes", True), ("TRUE", True), (True, True), ("n", False), ("No", False),
     ("False", False), (False, False), ("", None), (None, None), ("N/A", None)],
)  # fmt: skip
def test_yes_no(value: object, expected: bool | None) -> None:
    assert parse_yes_no(value) is expected


def test_yes_no_rejects_other_words() -> None:
    with pytest.raises(CellProblem, match="not Y or N"):
        parse_yes_no("sometimes")


def test_shown_masks_words_that_may_be_names() -> None:
    assert shown("Tilly Harper 12.03.2004") == '"T. H. 12.03.2004"'
    assert shown("c. 12 March 2004") == '"c. 12 March 2004"'


def test_two_digit_leap_day_takes_the_century_where_it_exists() -> None:
    # 29 February exists in 2000, not in 1900: a 1990s review still gets 2000.
    assert parse_date("29.02.00", (date(1995, 1, 1), date(1999, 12, 31))).earliest == date(2000, 2, 29)
    with pytest.raises(CellProblem, match="not a real date"):
        parse_date("30.02.04", PERIOD)


# --- dates and times as agencies send them ---------------------------------------------

AGENCY_PERIOD = (date(2016, 1, 1), date(2020, 12, 31))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12.06.2019", date(2019, 6, 12)),
        ("12.06.19", date(2019, 6, 12)),
        ("4/5/17", date(2017, 5, 4)),
        ("3 March 2019", date(2019, 3, 3)),
        ("3rd March 2019", date(2019, 3, 3)),
        ("Sun 3 March 2019", date(2019, 3, 3)),
        ("03-Mar-19", date(2019, 3, 3)),
        ("March 3, 2019", date(2019, 3, 3)),
    ],
)
def test_agency_date_forms(text: str, expected: date) -> None:
    parsed = parse_date(text, AGENCY_PERIOD)
    assert parsed.earliest == expected and parsed.is_exact and parsed.original == text


@pytest.mark.parametrize(
    ("text", "earliest", "latest", "marker"),
    [
        ("?.06.2019", date(2019, 6, 1), date(2019, 6, 30), "month only, approximate"),
        ("??.08.2019", date(2019, 8, 1), date(2019, 8, 31), "month only, approximate"),
        ("xx/08/2019", date(2019, 8, 1), date(2019, 8, 31), "month only, approximate"),
        ("early June 2020", date(2020, 6, 1), date(2020, 6, 10), "approximate"),
        ("mid-June 2020", date(2020, 6, 11), date(2020, 6, 20), "approximate"),
        ("late June 2020", date(2020, 6, 21), date(2020, 6, 30), "approximate"),
        ("c. 2019", date(2019, 1, 1), date(2019, 12, 31), "year only, approximate"),
        ("Sept 2017", date(2017, 9, 1), date(2017, 9, 30), "month only"),
        ("summer 2017", date(2017, 6, 1), date(2017, 8, 31), "approximate"),
    ],
)
def test_uncertain_dates_keep_their_precision_at_the_start_of_their_period(
    text: str, earliest: date, latest: date, marker: str
) -> None:
    parsed = parse_date(text, AGENCY_PERIOD)
    assert (parsed.earliest, parsed.latest, parsed.marker) == (earliest, latest, marker)
    assert parsed.original == text and not parsed.is_exact and not parsed.invalid


def test_serial_numbers_are_interpreted_and_marked() -> None:
    # 42887 days after 30.12.1899 is 1 June 2017 (Excel's own reading of the number).
    for value in (42887, 42887.0, "42887"):
        parsed = parse_date(value)
        assert parsed.earliest == date(2017, 6, 1) and parsed.interpreted == "Excel serial number 42887"
    assert parse_date(42887).display == "01.06.2017 (Excel serial number 42887)"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("0100", time(1, 0)), ("1.30pm", time(13, 30)), ("13:30", time(13, 30)), ("2.15pm", time(14, 15)),
     ("1430hrs", time(14, 30)), ("c. 14:00", time(14, 0)), ("12 noon", time(12, 0))],
)  # fmt: skip
def test_agency_time_forms(value: str, expected: time) -> None:
    assert parse_time(value) == expected


@pytest.mark.parametrize(
    ("text", "part"),
    [("am", "am"), ("a.m.", "am"), ("PM", "pm"), ("Morning", "morning"), ("evening", "evening"),
     ("night", "night"), ("lunchtime", "lunchtime")],
)  # fmt: skip
def test_parts_of_the_day(text: str, part: str) -> None:
    assert part_of_day(text) == part


def test_parts_of_the_day_are_not_clock_times() -> None:
    assert part_of_day("14:30") is None and part_of_day("Mother") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [("12.06.2019 1430", ("12.06.2019", "1430")), ("12/06/2019 14:30:00", ("12/06/2019", "14:30:00")),
     ("12.06.2019 at 2.30pm", ("12.06.2019", "2.30pm")), ("12.06.2019 evening", ("12.06.2019", "evening"))],
)  # fmt: skip
def test_a_time_after_the_date_in_one_cell(text: str, expected: tuple[str, str]) -> None:
    assert split_date_and_time(text) == expected
