"""Loading agency chronologies from CSV, XLSX and YAML, and the errors authors see."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

import openpyxl
import pytest

from casereview.chronology import load_chronology

FIXTURES = Path(__file__).parent / "fixtures" / "chronology"
PERIOD = (date(2022, 6, 1), date(2024, 3, 31))


def problems(errors) -> list:
    """Errors and warnings: the notes on how a file was read are left out."""
    return [error for error in errors if error.severity != "note"]


def only_error(errors) -> str:
    errors = problems(errors)
    assert len(errors) == 1, [str(e) for e in errors]
    return str(errors[0])


def test_csv_template_with_title_rows() -> None:
    entries, errors = load_chronology(FIXTURES / "csc.csv", period=PERIOD)
    assert problems(errors) == []
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
    assert problems(errors) == [] and entries[0].agency == "police"


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
    assert problems(errors) == []
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
    assert problems(errors) == []
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
    assert problems(errors) == []
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
    assert problems(errors) == []
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
    assert problems(errors) == [] and entries[0].row == 1 and entries[0].agency == "education"


# --- one malformed file per error class ----------------------------------------------


def test_impossible_date_names_file_row_and_column_and_keeps_the_row() -> None:
    entries, errors = load_chronology(FIXTURES / "bad_date.csv")
    message = only_error(errors)
    assert message.startswith(
        f'{FIXTURES / "bad_date.csv"}: row 7, column "Date": "31.02.2004" is not a real date; write it as DD.MM.YYYY'
    )
    assert "the row is kept as written" in message
    assert [e.row for e in entries] == [2, 3, 4, 5, 6, 7, 8]
    bad = entries[5].event_date
    # Kept as written, placed at the start of February: never rolled over to 2 March.
    assert (bad.original, bad.invalid, bad.earliest) == ("31.02.2004", True, date(2004, 2, 1))
    assert entries[5].flags == ["invalid date"] and bad.display == "31.02.2004 (invalid date)"


def test_impossible_date_in_xlsx_row_7(tmp_path: Path) -> None:
    rows = [["Event date", "Summary"]] + [[f"0{n}.01.2004", "Ok"] for n in range(1, 6)]
    rows.append(["31.02.2004", "Bad"])
    path = make_xlsx(tmp_path / "police.xlsx", rows)
    _, errors = load_chronology(path)
    errors = problems(errors)
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
    assert only_error(errors).startswith(
        f'{path}: line 4, column "date": "31.02.2004" is not a real date; write it as DD.MM.YYYY'
    )


def test_unknown_column_is_kept_with_one_note() -> None:
    entries, errors = load_chronology(FIXTURES / "unknown_column.csv")
    assert problems(errors) == []
    [note] = errors
    assert note.severity == "note" and note.row == 1
    assert 'column C "Colour of car" is not on the template: kept and shown' in note.message
    assert entries[0].extra == {"Colour of car": "red"} and entries[0].summary == "One"


def test_when_is_a_date_column() -> None:
    entries, errors = load_chronology(FIXTURES / "no_date_column.csv")  # "When,Summary"
    assert problems(errors) == [] and entries[0].event_date.earliest == date(2004, 1, 1)


def test_missing_date_column(tmp_path: Path) -> None:
    path = tmp_path / "csc.csv"
    path.write_text("Colour,Summary\nred,One\n", encoding="utf-8")
    assert "has no header row naming a date column" in only_error(load_chronology(path)[1])


def test_missing_summary_column(tmp_path: Path) -> None:
    path = tmp_path / "csc.csv"
    path.write_text("Date,Time\n01.01.2004,01:00\n", encoding="utf-8")
    entries, errors = load_chronology(path)
    assert 'row 1: no column holds the "Summary of key information"' in only_error(errors)
    assert entries[0].flags == ["no summary"]  # the row is still shown


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


def test_latin1_csv_is_read_with_a_note() -> None:
    entries, errors = load_chronology(FIXTURES / "latin1.csv")
    assert problems(errors) == []
    assert entries[0].summary == "Café visit"
    assert [e.message for e in errors] == ["read as Latin-1 (ISO-8859-1) text"]


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
    assert [(e.row, e.column) for e in problems(errors)] == [(2, "Date"), (3, "Summary")]
    # Both rows are shown, flagged: the undated one after every dated entry.
    assert [(e.row, e.flags, e.event_date.known) for e in entries] == [
        (2, ["no date"], False),
        (3, ["no summary"], True),
    ]


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


def test_semicolon_csv_is_read(tmp_path: Path) -> None:
    path = tmp_path / "csc.csv"
    path.write_text("Date;Summary\n01.01.2004;Visit, then a call\n", encoding="utf-8")
    entries, errors = load_chronology(path)
    assert problems(errors) == [] and entries[0].summary == "Visit, then a call"
    assert [e.message for e in errors] == ["columns separated by semicolons"]


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
    assert problems(errors) == [] and [(e.row, e.summary) for e in entries] == [(4, "Visit")]


def test_yaml_unknown_key_and_nested_value(tmp_path: Path) -> None:
    path = tmp_path / "health.yml"
    path.write_text("- date: 01.02.2023\n  summary: ok\n  colour: red\n  people: {a: b}\n", encoding="utf-8")
    entries, errors = load_chronology(path)
    assert problems(errors) == []
    assert [e.message for e in errors] == [
        'key "colour" (line 3) not on the template: kept and shown as other information '
        "(to map one, name it in the review's chronology-columns.yml)"
    ]
    assert entries[0].extra == {"colour": "red"} and entries[0].people == ["a: b"]


# --- files as agencies send them -----------------------------------------------------

REVIEW_AGENCIES = {"agency_order": ["csc", "health", "police"], "agency_aliases": {"CSC": "csc",
                   "Children's Social Care": "csc", "Health": "health", "Police": "police"}}  # fmt: skip


def test_windows_1252_csv_saved_by_excel(tmp_path: Path) -> None:
    path = tmp_path / "health.csv"
    text = 'Date,Summary\r\n10.08.2017,"Rent \u00a3400 behind; \u201cnot on my caseload\u201d \u2013 Child\u2019s caf\u00e9"\r\n'
    path.write_bytes(text.encode("cp1252"))
    entries, errors = load_chronology(path)
    assert entries[0].summary == "Rent £400 behind; “not on my caseload” – Child’s café"
    assert [(e.severity, e.message) for e in errors] == [("note", "read as Windows-1252 text")]


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_utf8_with_or_without_bom_needs_no_note(tmp_path: Path, bom: bytes) -> None:
    path = tmp_path / "health.csv"
    path.write_bytes(bom + "Date,Summary\n01.02.2019,£5 café\n".encode())
    entries, errors = load_chronology(path)
    assert errors == [] and entries[0].summary == "£5 café"


def test_tab_delimited_latin1_with_date_and_time_in_one_column(tmp_path: Path) -> None:
    path = tmp_path / "asc.csv"
    rows = [
        "Date/Time\tKey Information\tPerson(s)",
        "12.06.2019 1430\tVisit to the café\tAdult B; SW1",
        "?.06.2019\t£40\tSW1",
    ]
    path.write_bytes("\n".join(rows).encode("latin-1"))
    entries, errors = load_chronology(path)
    assert problems(errors) == []
    assert (entries[0].event_date.earliest, entries[0].time) == (date(2019, 6, 12), time(14, 30))
    assert entries[0].summary == "Visit to the café" and entries[0].people == ["Adult B", "SW1"]
    assert entries[1].event_date.display == "?.06.2019 (month only, approximate)" and entries[1].summary == "£40"
    assert "read as Latin-1 (ISO-8859-1) text; columns separated by tabs" in [e.message for e in errors]


def test_semicolon_csv_with_agency_headers(tmp_path: Path) -> None:
    path = tmp_path / "police.csv"
    path.write_text(
        "Date;Time;Who;What happened;Action / Decision;Action taken;Comment for Panel\n"
        "14/06/17;10:00;DS1, SW1;Strategy meeting;S47 agreed;Visit school;None\n",
        encoding="utf-8",
    )
    entries, errors = load_chronology(path, period=(date(2016, 1, 1), date(2017, 12, 31)))
    entry = entries[0]
    assert (entry.event_date.earliest, entry.time, entry.people) == (date(2017, 6, 14), time(10, 0), ["DS1", "SW1"])
    # Two columns for one field: both kept, in order.
    assert entry.decisions == "S47 agreed\nVisit school" and entry.issues == "None"
    notes = [e.message for e in errors if e.severity == "note"]
    assert notes[0] == "columns separated by semicolons"
    assert '"What happened" → Summary of key information' in notes[1]
    assert "column F added to Decisions and actions (column E)" in notes[1]
    assert problems(errors) == []


def test_xlsx_title_rows_name_the_agency_and_headers_are_mapped(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Marlshire LSCB - Children's Social Care single agency chronology"])
    sheet.merge_cells("A1:E1")
    sheet.append(["Date of Contact", "Time", "Source", "Who", "What happened"])
    sheet.append([datetime(2016, 9, 23), time(9, 30), "MASH record", "Child R, Mother", "Referral"])
    sheet.append(["c. 2016", None, "Single assessment", "Mr G / Mother", "Moved in"])
    sheet.append([42887, "2.15pm", "Case note", "SW1", "School visit"])
    sheet.append(["early June 2017", "evening", "Interview with SW1", "SW1", "Recalled visit"])
    workbook.save(tmp_path / "chronology-v3.xlsx")
    entries, errors = load_chronology(tmp_path / "chronology-v3.xlsx", **REVIEW_AGENCIES)
    assert problems(errors) == []
    assert [e.agency for e in entries] == ["csc"] * 4  # from the title row
    assert [e.row for e in entries] == [3, 4, 5, 6]
    # "Source" holding document sources is the type of event / document source.
    assert [e.event_type for e in entries][:2] == ["MASH record", "Single assessment"] and entries[0].source == ""
    assert entries[1].people == ["Mr G", "Mother"] and entries[1].event_date.marker == "year only, approximate"
    assert entries[2].event_date.earliest == date(2017, 6, 1) and entries[2].time == time(14, 15)
    assert entries[3].time is None and entries[3].time_part == "evening"
    notes = [e.message for e in errors]
    assert 'no Agency column: the agency "csc" is taken from this title row' in notes
    assert any(n.startswith("header on row 2, below 1 title row; columns read as:") for n in notes)
    assert "1 date is an Excel serial number, read as a date and marked so (row 5: 42887 → 01.06.2017)" in notes


def test_agency_from_the_file_name_when_no_title_names_one(tmp_path: Path) -> None:
    path = tmp_path / "Police_chronology_v2.csv"
    path.write_text("Date,Summary\n01.02.2019,Call\n", encoding="utf-8")
    entries, errors = load_chronology(path, **REVIEW_AGENCIES)
    assert entries[0].agency == "police"
    assert [e.message for e in errors] == ['no Agency column: the agency "police" is taken from the file name']


def test_yaml_with_the_agency_own_keys(tmp_path: Path) -> None:
    path = tmp_path / "education.yml"
    path.write_text(
        "events:\n"
        "  - Date of Contact: Sept 2017\n"
        "    Who: Child R; DSL1\n"
        "    What happened: >\n      Moved to the front\n      of the class.\n"
        "    Action taken: Seated at the front\n"
        "    Comment for Panel: SENCO not asked\n"
        "    Year group: 3\n"
        "  - date: ??.08.2019\n"
        "    summary: Absence\n",
        encoding="utf-8",
    )
    entries, errors = load_chronology(path)
    first = entries[0]
    assert (first.summary, first.decisions, first.issues) == (
        "Moved to the front of the class.",
        "Seated at the front",
        "SENCO not asked",
    )
    assert first.people == ["Child R", "DSL1"] and first.extra == {"Year group": "3"}
    assert first.event_date.precision == "month" and entries[1].event_date.approximate
    assert problems(errors) == []
    notes = [e.message for e in errors]
    assert "the entries are read from this list" in notes
    assert any(n.startswith('keys read as: "Date of Contact" → date; "Who" → people') for n in notes)
    assert 'key "Year group" (line 9) not on the template' in " ".join(notes)


def test_a_review_names_its_own_headers(tmp_path: Path) -> None:
    from casereview.chronology.overrides import load_column_names

    (tmp_path / "chronology-columns.yml").write_text(
        'columns:\n  "Practitioner notes": summary\n  "Contact on": date\n  "Who": other\n  "Oops": colour\n',
        encoding="utf-8",
    )
    names, errors = load_column_names(tmp_path)
    assert [(e.column, e.message.split(";")[0]) for e in errors] == [("Oops", '"colour" is not a field')]
    path = tmp_path / "health.csv"
    path.write_text("Contact on,Practitioner notes,Who\n01.02.2019,Seen,GP1\n", encoding="utf-8")
    entries, load_errors = load_chronology(path, names=names)
    assert problems(load_errors) == []
    assert entries[0].summary == "Seen" and entries[0].people == [] and entries[0].extra == {"Who": "GP1"}


def test_an_unreadable_time_or_flag_is_kept_as_written(tmp_path: Path) -> None:
    path = tmp_path / "csc.csv"
    path.write_text("Date,Time,Summary,Child seen\n01.02.2019,soon,Visit,sometimes\n", encoding="utf-8")
    entries, errors = load_chronology(path)
    entry = entries[0]
    assert entry.time is None and entry.time_text == "soon"
    assert entry.flags == ["time not read", "child seen not read"] and entry.extra == {"Child seen": "sometimes"}
    assert [(e.row, e.column, e.severity) for e in problems(errors)] == [
        (2, "Time", "warning"),
        (2, "Child seen", "warning"),
    ]


def test_a_record_after_a_cell_with_line_breaks_keeps_its_row_and_physical_line(tmp_path: Path) -> None:
    path = tmp_path / "health.csv"
    path.write_text('Date,Summary\n01.02.2019,"Seen.\nTwo lines."\n02.02.2019,ok\n31.02.2019,bad\n', encoding="utf-8")
    entries, errors = load_chronology(path)
    assert [(e.row, e.line) for e in entries] == [(2, None), (3, 4), (4, 5)]
    [error] = problems(errors)
    assert (error.row, error.line, error.file_line) == (4, 5, 5)  # "row 4" as a spreadsheet shows, line 5
    assert str(error).startswith(f"{path}: row 4, ")


def test_a_filled_column_without_a_header_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "csc.csv"
    path.write_text("Date,Summary,,\n01.02.2019,Visit,see file 12,\n", encoding="utf-8")
    entries, errors = load_chronology(path)
    assert entries[0].extra == {"column C": "see file 12"}
    assert [e.message.split(" is not")[0] for e in errors] == ['column C "(no header)"']


def test_a_time_in_both_the_date_and_the_time_cell_keeps_both(tmp_path: Path) -> None:
    path = tmp_path / "csc.csv"
    path.write_text("Date,Time,Summary\n12.06.2019 1430,15:00,Visit\n12.06.2019 0900,,Call\n", encoding="utf-8")
    entries, _ = load_chronology(path)
    assert entries[0].time == time(15, 0) and entries[0].extra == {"Time written with the date": "1430"}
    assert entries[1].time == time(9, 0) and entries[1].extra == {}


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
    assert [(e.row, e.severity) for e in errors] == [(3, "note")]  # an extra column is kept, told once
    assert 'column E "Bogus"' in errors[0].message


def test_rows_past_the_limit_are_one_error_and_not_read(tmp_path: Path) -> None:
    from casereview.sources.inputs import InputLimits, use_limits

    path = tmp_path / "csc.csv"
    path.write_text("Date,Summary of key information\n" + "01.01.2023,Visit\n" * 30, encoding="utf-8")
    use_limits(InputLimits(chronology_rows=20))
    try:
        entries, errors = load_chronology(path)
    finally:
        use_limits(InputLimits())
    assert len(entries) == 19 and [(e.row, "more than 20 rows" in e.message) for e in errors] == [(21, True)]


@pytest.mark.parametrize("cell", ["0000", "00.00.0000", "31.02.0000", "?.06.0000", "June 0000", "summer 0000"])
def test_a_year_no_calendar_holds_is_an_invalid_date_not_a_crash(tmp_path: Path, cell: str) -> None:
    path = tmp_path / "health.csv"
    path.write_text(f"Date,Summary\n01.02.2019,Seen\n{cell},Visit\n", encoding="utf-8")
    entries, errors = load_chronology(path)
    assert [e.summary for e in entries] == ["Seen", "Visit"]  # the row is kept, in its place
    assert entries[1].event_date.invalid and entries[1].event_date.original == cell
    [error] = problems(errors)
    assert error.row == 3 and "is not a real date" in error.message
