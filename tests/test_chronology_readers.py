"""Loading agency chronologies from CSV, XLSX and YAML, and the errors authors see."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

import openpyxl
import pytest

from casereview.chronology import load_chronology

FIXTURES = Path(__file__).parent / "fixtures" / "chronology"
PERIOD = (date(2022, 6, 1), date(2024, 3, 31))


def only_error(errors) -> str:
    assert len(errors) == 1, [str(e) for e in errors]
    return str(errors[0])


def test_csv_template_with_title_rows() -> None:
    entries, errors = load_chronology(FIXTURES / "csc.csv", period=PERIOD)
    assert errors == []
    assert [e.row for e in entries] == [4, 5, 6, 7, 8]  # header is on spreadsheet row 3
    first = entries[0]
    assert first.agency == "CSC"
    assert first.event_date.earliest == date(2023, 2, 3) and first.time == time(9, 30)
    assert first.people == ["Child T", "Mother M"]
    assert first.summary == 'Referral received from School 1, concerns about "neglect".'
    assert first.decisions == "Strategy discussion to be held"
    assert first.issues == "Delay of 2 days"
    assert (first.child_seen, first.seen_alone, first.wishes_sought) == (False, False, False)
    assert first.source == "record"
    assert entries[1].time is None
    visit = entries[2]
    assert visit.event_date.earliest == date(2023, 3, 14)  # "14.03.23" inside the period
    assert visit.people == ["Child T", "Mother M", "SW1"]
    assert visit.source == "interview (substantiated)"
    assert entries[3].event_date.approximate
    assert entries[3].source == "interview (unsubstantiated)"
    assert entries[4].event_date.precision == "month"


def test_agency_defaults_to_the_file_name(tmp_path: Path) -> None:
    path = tmp_path / "Police.csv"
    path.write_text("Date,Summary\n01.01.2004,Call\n", encoding="utf-8")
    entries, errors = load_chronology(path)
    assert errors == [] and entries[0].agency == "police"


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Date of event", "date"),
        ("EVENT DATE", "date"),
        ("Event type", "event_type"),
        ("Source document", "event_type"),
        ("Persons involved", "people"),
        ("Who", "people"),
        ("Key information", "summary"),
        ("Action taken", "decisions"),
        ("Comments", "issues"),
        ("Wishes sought", "wishes_sought"),
        ("Record or interview", "source"),
        ("Recorded on", "recorded_date"),
    ],
)
def test_header_synonyms(tmp_path: Path, header: str, field: str) -> None:
    values = {
        "date": "05.06.2004",
        "event_type": "Police log",
        "people": "Child T",
        "summary": "Text",
        "decisions": "NFA",
        "issues": "Late",
        "wishes_sought": "Y",
        "source": "record",
        "recorded_date": "07.06.2004",
    }
    columns = {"date": "Date", "summary": "Summary", field: header}
    path = tmp_path / "police.csv"
    path.write_text(
        ",".join(columns.values()) + "\n" + ",".join(values[f] for f in columns) + "\n",
        encoding="utf-8",
    )
    entries, errors = load_chronology(path)
    assert errors == []
    entry = entries[0]
    if field == "date":
        got = entry.event_date.original
    elif field == "recorded_date":
        got = entry.recorded_date.original
    else:
        got = getattr(entry, field)
    expected = {"people": ["Child T"], "wishes_sought": True}.get(field, values[field])
    assert got == expected


def test_event_date_and_recorded_date_are_distinct(tmp_path: Path) -> None:
    path = tmp_path / "gp.csv"
    path.write_text("Date of event,Date recorded,Summary\n01.01.2004,15.01.2004,Late entry\n", encoding="utf-8")
    entries, errors = load_chronology(path)
    assert errors == []
    assert entries[0].event_date.earliest == date(2004, 1, 1)
    assert entries[0].recorded_date.earliest == date(2004, 1, 15)


def make_xlsx(path: Path, rows: list[list[object]], title_rows: int = 0) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for number in range(title_rows):
        sheet.append([f"Title line {number + 1}"])
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def test_xlsx_with_date_cells_serials_and_text(tmp_path: Path) -> None:
    path = make_xlsx(
        tmp_path / "police.xlsx",
        [
            ["Date", "Time", "People", "Summary", "Child seen"],
            [datetime(2023, 3, 1), time(22, 15), "Child T", "Date and time cells", True],
            [44986, 0.75, "Child T, Father F", "Serial date, fraction time", "N"],
            ["14.03.23", "1pm", "Child T", "Text date", None],
            [datetime(2023, 3, 20, 17, 45), None, None, "Date cell with a time", None],
            [2023, None, None, "Year typed as a number", None],
        ],
        title_rows=2,
    )
    entries, errors = load_chronology(path, period=PERIOD)
    assert errors == []
    assert [e.row for e in entries] == [4, 5, 6, 7, 8]
    assert entries[0].event_date.earliest == date(2023, 3, 1) and entries[0].time == time(22, 15)
    assert entries[0].child_seen is True
    # Serial 44986 is 1 March 2023 (44927 is 1 January 2023, plus 59 days).
    assert entries[1].event_date.earliest == date(2023, 3, 1) and entries[1].time == time(18, 0)
    assert entries[1].people == ["Child T", "Father F"]
    assert entries[2].event_date.earliest == date(2023, 3, 14) and entries[2].time == time(13, 0)
    assert entries[3].time == time(17, 45)
    assert entries[4].event_date.precision == "year"


def test_yaml_entries_keep_their_text_and_lines() -> None:
    entries, errors = load_chronology(FIXTURES / "health.yml")
    assert errors == []
    assert [e.row for e in entries] == [3, 11, 23]
    birth, gp, missed = entries
    assert birth.time == time(8, 20) and birth.people == ["Child T", "Mother M"]
    # Unquoted 13:05 is sexagesimal 785 to a YAML 1.1 loader; it must stay 13:05.
    assert gp.time == time(13, 5)
    assert gp.event_date.earliest == date(2023, 3, 1)
    assert gp.summary == "Seen by GP1 with a chest infection.\nMother M did not attend."
    assert (gp.child_seen, gp.seen_alone, gp.wishes_sought) == (True, False, False)
    assert gp.people == ["Child T", "GP1"]
    assert missed.event_date.precision == "month" and missed.agency == "health"


def test_yaml_top_level_list(tmp_path: Path) -> None:
    path = tmp_path / "education.yml"
    path.write_text("- date: 01.09.2023\n  summary: Started at School 1\n", encoding="utf-8")
    entries, errors = load_chronology(path)
    assert errors == [] and entries[0].row == 1 and entries[0].agency == "education"


# --- one malformed file per error class ----------------------------------------------


def test_impossible_date_names_file_row_and_column() -> None:
    entries, errors = load_chronology(FIXTURES / "bad_date.csv")
    message = only_error(errors)
    assert message == (
        f'{FIXTURES / "bad_date.csv"}: row 7, column "Date": "31.02.2004" is not a real date; write it as DD.MM.YYYY'
    )
    assert [e.row for e in entries] == [2, 3, 4, 5, 6, 8]


def test_impossible_date_in_xlsx_row_7(tmp_path: Path) -> None:
    rows = [["Event date", "Summary"]] + [[f"0{n}.01.2004", "Ok"] for n in range(1, 6)]
    rows.append(["31.02.2004", "Bad"])
    path = make_xlsx(tmp_path / "police.xlsx", rows)
    _, errors = load_chronology(path)
    error = errors[0]
    assert len(errors) == 1
    assert (error.row, error.column) == (7, "Event date")
    assert str(error).startswith(f'{path}: row 7, column "Event date": "31.02.2004"')


def test_impossible_date_in_yaml_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "education.yml"
    path.write_text(
        "entries:\n  - date: 01.02.2004\n    summary: ok\n  - summary: bad\n    date: 31.02.2004\n",
        encoding="utf-8",
    )
    _, errors = load_chronology(path)
    assert only_error(errors) == (
        f'{path}: line 4, column "date": "31.02.2004" is not a real date; write it as DD.MM.YYYY'
    )


def test_unknown_column_is_an_error_not_dropped() -> None:
    entries, errors = load_chronology(FIXTURES / "unknown_column.csv")
    message = only_error(errors)
    assert 'row 1, column "Colour of car": column C is not a column' in message
    assert entries == []


def test_missing_date_column() -> None:
    _, errors = load_chronology(FIXTURES / "no_date_column.csv")
    assert 'no "Date" column' in only_error(errors)


def test_missing_summary_column(tmp_path: Path) -> None:
    path = tmp_path / "csc.csv"
    path.write_text("Date,Time\n01.01.2004,01:00\n", encoding="utf-8")
    _, errors = load_chronology(path)
    assert 'row 1: the required column "Summary of key information" is missing' in only_error(errors)


def test_bad_time_names_row_and_column() -> None:
    entries, errors = load_chronology(FIXTURES / "bad_time.csv")
    message = only_error(errors)
    assert message.startswith(f'{FIXTURES / "bad_time.csv"}: row 3, column "Time": ')
    assert "HH:MM" in message
    assert [e.time for e in entries] == [time(9, 0), None]  # the row is kept, time unknown


def test_corrupt_xlsx_is_one_error() -> None:
    entries, errors = load_chronology(FIXTURES / "corrupt.xlsx")
    assert entries == []
    assert "is not an .xlsx workbook" in only_error(errors)


def test_csv_renamed_to_xlsx_is_one_error(tmp_path: Path) -> None:
    path = tmp_path / "police.xlsx"
    path.write_bytes((FIXTURES / "csc.csv").read_bytes())
    assert "save it again as .xlsx" in only_error(load_chronology(path)[1])


def test_empty_file_is_one_error() -> None:
    entries, errors = load_chronology(FIXTURES / "empty.csv")
    assert entries == [] and "is empty" in only_error(errors)


def test_non_utf8_csv_is_one_clear_error() -> None:
    entries, errors = load_chronology(FIXTURES / "latin1.csv")
    assert entries == []
    assert "is not UTF-8 text" in only_error(errors) and "CSV UTF-8" in only_error(errors)


def test_invalid_yaml_is_one_error(tmp_path: Path) -> None:
    path = tmp_path / "health.yml"
    path.write_text("entries:\n  - date: 01.01.2004\n   summary: [unclosed\n", encoding="utf-8")
    assert "is not valid YAML" in only_error(load_chronology(path)[1])


def test_missing_file_and_wrong_suffix(tmp_path: Path) -> None:
    assert "cannot be read" in only_error(load_chronology(tmp_path / "gone.csv")[1])
    (tmp_path / "notes.docx").write_bytes(b"x")
    assert "save it as .csv, .xlsx or .yml" in only_error(load_chronology(tmp_path / "notes.docx")[1])


def test_row_without_date_or_summary(tmp_path: Path) -> None:
    path = tmp_path / "csc.csv"
    path.write_text("Date,Summary,Time\n,Something,\n01.01.2004,,\n,,\n", encoding="utf-8")
    entries, errors = load_chronology(path)
    assert entries == []
    assert [(e.row, e.column) for e in errors] == [(2, "Date"), (3, "Summary")]


def test_agency_column_checked_against_the_review(tmp_path: Path) -> None:
    path = tmp_path / "health.csv"
    path.write_text(
        "Date,Agency,Summary\n01.01.2004,GP,Seen\n02.01.2004,Hospital Trust,Seen\n",
        encoding="utf-8",
    )
    entries, errors = load_chronology(path, agency_order=["csc", "health"], agency_aliases={"GP": "health"})
    assert [e.agency for e in entries] == ["health", "Hospital Trust"]
    assert 'row 3, column "Agency": "H. T." is not an agency of this review' in only_error(errors)


def test_bad_cells_never_echo_a_possible_name(tmp_path: Path) -> None:
    path = tmp_path / "csc.csv"
    path.write_text("Date,Summary\nTilly Harper,Seen\n", encoding="utf-8")
    message = only_error(load_chronology(path)[1])
    assert "Tilly" not in message and "Harper" not in message and '"T. H."' in message


def test_semicolon_csv_gets_a_hint(tmp_path: Path) -> None:
    path = tmp_path / "csc.csv"
    path.write_text("Date;Summary\n01.01.2004;Visit\n", encoding="utf-8")
    assert "not separated by commas" in only_error(load_chronology(path)[1])


def test_xlsx_header_on_a_later_sheet_and_title_rows(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    workbook.active.title = "Notes"
    workbook.active.append(["Guidance for authors"])
    sheet = workbook.create_sheet("Chronology")
    sheet.append(["ESCP chronology template"])
    sheet.append([])
    sheet.append(["Date", "Summary"])
    sheet.append(["01.02.2023", "Visit"])
    workbook.save(tmp_path / "health.xlsx")
    entries, errors = load_chronology(tmp_path / "health.xlsx")
    assert errors == [] and [(e.row, e.summary) for e in entries] == [(4, "Visit")]


def test_yaml_unknown_key_and_nested_value(tmp_path: Path) -> None:
    path = tmp_path / "health.yml"
    path.write_text("- date: 01.02.2023\n  summary: ok\n  colour: red\n  people: {a: b}\n", encoding="utf-8")
    _, errors = load_chronology(path)
    assert [(e.row, e.column) for e in errors] == [(1, "colour"), (1, "people")]


def test_xlsx_starting_at_c3_keeps_excels_rows_and_column_letters(tmp_path: Path) -> None:
    """Rows are read streamed (issue 15); a sheet whose cells start at C3 still names
    Excel's own row numbers and column letters."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet["C3"], sheet["D3"], sheet["E3"] = "Date", "Summary of key information", "Bogus"
    sheet["C4"], sheet["D4"] = "01.01.2023", "Visit"
    path = tmp_path / "csc.xlsx"
    book.save(path)
    _, errors = load_chronology(path)
    assert [(e.row, e.column) for e in errors] == [(3, "Bogus")]
    assert "column E " in errors[0].message


def test_rows_past_the_limit_are_one_error_and_not_read(tmp_path: Path) -> None:
    from casereview.inputs import InputLimits, use_limits

    path = tmp_path / "csc.csv"
    path.write_text("Date,Summary of key information\n" + "01.01.2023,Visit\n" * 30, encoding="utf-8")
    use_limits(InputLimits(chronology_rows=20))
    try:
        entries, errors = load_chronology(path)
    finally:
        use_limits(InputLimits())
    assert len(entries) == 19 and [(e.row, "more than 20 rows" in e.message) for e in errors] == [(21, True)]
