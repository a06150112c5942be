"""The composite chronology: merge order, duplicates, per-person views, checks, export."""

from __future__ import annotations

import csv
import random
from datetime import date, time
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casereview.chronology import (
    ChronologyEntry,
    CompositeExportError,
    EventDate,
    age_at,
    load_chronology,
    merge,
    outside_period,
    per_person,
    validate_people,
    write_composite,
)

AGENCIES = ["csc", "police", "health", "education"]


def entry(
    agency: str,
    day: date,
    at: time | None = None,
    row: int = 2,
    people: list[str] | None = None,
    precision: str = "day",
    approximate: bool = False,
) -> ChronologyEntry:
    return ChronologyEntry(
        agency=agency,
        source_file=f"chronology/{agency}.csv",
        row=row,
        event_date=EventDate(day, precision, approximate, day.strftime("%d.%m.%Y")),
        summary=f"{agency} row {row}",
        time=at,
        people=people or ["Child T"],
    )


def keys(merged) -> list[tuple[str, int]]:
    return [(item.entry.agency, item.entry.row) for item in merged]


def test_sorted_by_date_then_time_with_untimed_first_then_agency_order() -> None:
    day = date(2023, 3, 1)
    police = [entry("police", day, time(9, 0), 2), entry("police", day, None, 3)]
    csc = [entry("csc", day, time(9, 0), 2), entry("csc", date(2023, 2, 28), time(23, 0), 3)]
    health = [entry("health", day, None, 2), entry("health", day, time(8, 0), 3)]
    merged = merge([police, csc, health], AGENCIES)
    assert keys(merged) == [
        ("csc", 3),  # the day before
        ("police", 3),  # untimed entries open the day, police before health by agency order
        ("health", 2),
        ("health", 3),  # 08:00
        ("csc", 2),  # 09:00, csc listed before police
        ("police", 2),
    ]
    assert [item.time_unknown for item in merged] == [False, True, True, False, False, False]


def test_imprecise_dates_sort_on_their_earliest_day() -> None:
    month = entry("csc", date(2023, 3, 1), precision="month", row=5)
    exact = entry("csc", date(2023, 2, 27), row=6)
    assert keys(merge([[month, exact]], AGENCIES)) == [("csc", 6), ("csc", 5)]


def test_agencies_outside_the_order_come_after_it() -> None:
    day = date(2023, 3, 1)
    merged = merge([[entry("probation", day)], [entry("education", day)]], AGENCIES)
    assert keys(merged) == [("education", 2), ("probation", 2)]


def test_likely_duplicates_across_agencies_are_flagged_not_dropped() -> None:
    day, at = date(2023, 3, 1), time(10, 0)
    csc = entry("csc", day, at, people=["Child T", "Mother M"])
    police = entry("police", day, at, people=["Mother M", "Child T"])
    other_people = entry("health", day, at, people=["Child T"])
    untimed = entry("education", day, None, people=["Child T", "Mother M"])
    merged = merge([[csc], [police], [other_people], [untimed]], AGENCIES)
    assert len(merged) == 4
    flags = {item.entry.agency: item.duplicate_of for item in merged}
    assert flags == {"csc": "D1", "police": "D1", "health": None, "education": None}


def test_same_agency_twice_is_not_a_cross_agency_duplicate() -> None:
    day, at = date(2023, 3, 1), time(10, 0)
    merged = merge([[entry("csc", day, at, 2), entry("csc", day, at, 3)]], AGENCIES)
    assert [item.duplicate_of for item in merged] == [None, None]


entries_strategy = st.lists(
    st.builds(
        lambda agency, days, minutes: (agency, days, minutes),
        st.sampled_from(AGENCIES + ["probation"]),
        st.integers(0, 5),
        st.one_of(st.none(), st.sampled_from([0, 30, 600])),
    ),
    max_size=30,
)


def build(specs) -> list[list[ChronologyEntry]]:
    by_agency: dict[str, list[ChronologyEntry]] = {}
    for row, (agency, days, minutes) in enumerate(specs, start=2):
        at = None if minutes is None else time(minutes // 60, minutes % 60)
        day = date(2023, 1, 1 + days)
        by_agency.setdefault(agency, []).append(entry(agency, day, at, row))
    return list(by_agency.values())


@settings(max_examples=80, deadline=None)
@given(entries_strategy, st.randoms(use_true_random=False))
def test_merge_does_not_depend_on_the_order_of_its_inputs(specs, rnd: random.Random) -> None:
    chronologies = build(specs)
    expected = merge(chronologies, AGENCIES)
    shuffled = [rnd.sample(chronology, len(chronology)) for chronology in chronologies]
    rnd.shuffle(shuffled)
    assert merge(shuffled, AGENCIES) == expected


@settings(max_examples=80, deadline=None)
@given(entries_strategy)
def test_merge_is_sorted_and_stable(specs) -> None:
    merged = [item.entry for item in merge(build(specs), AGENCIES)]
    rank = {agency: index for index, agency in enumerate(AGENCIES)}
    for before, after in zip(merged, merged[1:], strict=False):
        a = (before.event_date.earliest, before.time is not None, before.time or time(0))
        b = (after.event_date.earliest, after.time is not None, after.time or time(0))
        assert a <= b
        if a == b:
            ra, rb = rank.get(before.agency, 99), rank.get(after.agency, 99)
            assert ra <= rb
            if before.agency == after.agency:  # equal keys keep their file row order
                assert before.row < after.row
    assert len(merged) == len(specs)


def test_per_person() -> None:
    day = date(2023, 3, 1)
    merged = merge(
        [[entry("csc", day, people=["Child T", "Mother M"], row=2), entry("csc", day, row=3)]],
        AGENCIES,
    )
    assert [item.entry.row for item in per_person(merged, "Mother M")] == [2]
    assert len(per_person(merged, "Child T")) == 2
    assert per_person(merged, "Father F") == []


@pytest.mark.parametrize(
    ("born", "on", "expected"),
    [
        (date(2020, 6, 14), date(2022, 10, 20), "2y 4m"),
        (date(2020, 6, 14), date(2022, 10, 13), "2y 3m"),  # a day short of 4 months
        (date(2020, 6, 14), date(2021, 6, 14), "1y 0m"),
        (date(2020, 6, 14), date(2020, 6, 30), "16d"),
        (date(2020, 6, 14), date(2020, 5, 1), "before birth"),
    ],
)
def test_age_at(born: date, on: date, expected: str) -> None:
    assert age_at(born, on) == expected


def test_validate_people_masks_unknown_names() -> None:
    rows = [entry("csc", date(2023, 3, 1), people=["Child T", "Tilly Harper", "child t"])]
    errors = validate_people(rows, {"Child T", "Mother M"})
    messages = [str(error) for error in errors]
    assert len(messages) == 2
    assert "Tilly" not in messages[0] and "Harper" not in messages[0]
    assert "an unknown person (not in the key) in column 'Person(s) involved'" in messages[0]
    assert "initials T. H." in messages[0]
    assert messages[0].startswith('chronology/csc.csv: row 2, column "Person(s) involved": ')
    assert 'write it as in the key: "Child T"' in messages[1]


def test_validate_people_uses_the_files_own_header(tmp_path: Path) -> None:
    path = tmp_path / "csc.csv"
    path.write_text("Date,Who,Summary\n01.01.2004,SW9,Visit\n", encoding="utf-8")
    entries, _ = load_chronology(path)
    (error,) = validate_people(entries, {"SW1"})
    assert error.column == "Who" and error.row == 2


def test_outside_period_warns_only_when_no_day_can_be_inside() -> None:
    start, end = date(2023, 1, 15), date(2023, 12, 31)
    rows = [
        entry("csc", date(2023, 1, 1), row=2, precision="month"),  # Jan 2023 overlaps
        entry("csc", date(2023, 1, 14), row=3),
        entry("csc", date(2024, 1, 1), row=4),
        entry("csc", date(2023, 6, 1), row=5),
    ]
    warnings = outside_period(rows, start, end)
    assert [(w.row, w.severity) for w in warnings] == [(3, "warning"), (4, "warning")]
    assert "is before the review period (15.01.2023 to 31.12.2023)" in str(warnings[0])
    assert "is after" in str(warnings[1])


def sample_merged():
    day = date(2023, 3, 1)
    return merge(
        [
            [
                entry("csc", day, time(9, 30), row=2, people=["Child T", "SW1"]),
                entry("csc", day, None, row=3, approximate=True),
            ],
            [entry("police", day, time(9, 30), row=4, people=["SW1", "Child T"])],
        ],
        AGENCIES,
    )


def test_write_xlsx(tmp_path: Path) -> None:
    merged = sample_merged()
    merged[1].entry.summary = '=HYPERLINK("http://x")'  # must stay text, never a formula
    out = tmp_path / "composite.xlsx"
    write_composite(merged, out)
    sheet = openpyxl.load_workbook(out).active
    assert sheet.freeze_panes == "A2" and sheet["A1"].font.b
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 3
    # The untimed, approximate entry comes first: its date is text with a marker.
    assert rows[0][0] == "01.03.2023 (approximate)" and rows[0][2] == "not known"
    assert rows[1][0].date() == date(2023, 3, 1) and rows[1][2] == time(9, 30)
    assert sheet["A3"].number_format == "DD.MM.YYYY"
    assert sheet["G3"].data_type == "s" and sheet["G3"].value.startswith("=HYPERLINK")
    assert [row[14] for row in rows] == [None, "D1", "D1"]


def test_write_csv(tmp_path: Path) -> None:
    out = tmp_path / "composite.csv"
    write_composite(sample_merged(), out)
    with out.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.reader(stream))
    assert rows[0][:3] == ["Date", "Date marker", "Time"]
    assert rows[2][:4] == ["01.03.2023", "", "09:30", "csc"]


def test_export_refuses_to_overwrite_an_input(tmp_path: Path) -> None:
    source = tmp_path / "csc.csv"
    source.write_text("Date,Summary\n01.01.2004,Visit\n", encoding="utf-8")
    entries, _ = load_chronology(source)
    before = source.read_bytes()
    with pytest.raises(CompositeExportError, match="refusing"):
        write_composite(merge([entries], ["csc"]), tmp_path / "." / "csc.csv")
    assert source.read_bytes() == before
    with pytest.raises(CompositeExportError, match=".xlsx or .csv"):
        write_composite(merge([entries], ["csc"]), tmp_path / "composite.pdf")


FORMULAS = ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1:A2)", "\tindented", "\rreturn"]


def _with_formulas(merged):
    for item, text in zip(merged, FORMULAS, strict=False):
        item.entry.summary = text
    merged[0].entry.decisions = "- see the plan"  # a dash in prose is prefixed too (OWASP)
    merged[1].entry.decisions = "Plan agreed; review in 10 days"  # ordinary text stays as it is
    return merged


def test_csv_export_neutralises_formulas(tmp_path: Path) -> None:
    """OWASP CSV injection: a cell starting with = + - @ tab or CR gets a leading quote,
    which spreadsheets hide; numbers (the Row column) stay numbers."""
    out = tmp_path / "composite.csv"
    merged = _with_formulas(sample_merged())
    write_composite(merged, out)
    with out.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.reader(stream))[1:]
    assert [row[6] for row in rows] == ["'" + text for text in FORMULAS[: len(rows)]]
    assert rows[0][7] == "'- see the plan" and rows[1][7] == "Plan agreed; review in 10 days"
    assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r")) for row in rows for cell in row)
    assert [row[16] for row in rows] == [str(item.entry.row) for item in merged]


def test_xlsx_export_keeps_formula_like_text_as_text(tmp_path: Path) -> None:
    """In XLSX the text is unchanged (no visible quote) but stored as a string cell with
    Excel's quote prefix, so it stays text even when someone edits the cell."""
    out = tmp_path / "composite.xlsx"
    merged = _with_formulas(sample_merged())
    write_composite(merged, out)
    sheet = openpyxl.load_workbook(out).active
    for row, text in zip(range(2, 2 + len(merged)), FORMULAS, strict=False):
        cell = sheet.cell(row=row, column=7)
        assert cell.data_type == "s" and cell.value == text
        assert cell.quotePrefix
    assert not sheet.cell(row=3, column=8).quotePrefix
