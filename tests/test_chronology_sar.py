"""A second messy chronology set in another style than review-c: an adult review (SAR) with
a tab-delimited Latin-1 export that has the date and time in one "Date/Time" column, a
workbook of date cells and Excel serial numbers under two title rows (built here with
openpyxl), and a YAML export with the force's own key names. Every expected value below
was worked out by hand from the files (serials counted from 43466 = 01.01.2019), not
copied from the program's output, to show the rules are not tuned to review-c."""

from __future__ import annotations

import contextlib
import io
import shutil
from datetime import datetime, time
from pathlib import Path

import openpyxl
import pytest

from casereview.chronology.composite import composite_with_counts
from casereview.chronology.page import composite_page_markdown
from casereview.cli.main import main
from casereview.sources.review import load_review

SLUG = "riverside-adult-b-2021"
SOURCE = Path(__file__).parent / "fixtures" / "chronology-sar" / "reviews" / SLUG


def write_gp_workbook(path: Path) -> None:
    """The surgery's workbook: two title rows, a blank row, its own headers, date cells,
    serial numbers in General format, time cells, text times and a date cell with a time."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Chronology"
    sheet.append(["Riverside Surgery"])
    sheet.append(["GP records chronology for the Safeguarding Adults Review"])
    sheet.append([])
    sheet.append(
        ["Date of Contact", "Time", "Who", "What happened", "Action taken", "Comment for Panel", "Internal ref"]
    )
    sheet.append([datetime(2019, 5, 2), time(9, 10), "Adult B; GP1", "Seen for a leg ulcer.", "Dressings", None, "R-1"])
    sheet.append([43628, "1.30pm", "Adult B; GP1", "Telephone consultation.", None, None, "R-2"])
    sheet.append([43800, 0.5625, "Adult B; GP1", "Home visit.", None, "Late visit", "R-3"])
    sheet.append(["14.01.20", "evening", "Adult B", "Out-of-hours call.", None, None, None])
    sheet.append([datetime(2020, 2, 3, 16, 45), None, "Adult B; GP1", "Date cell holding a time.", None, None, None])
    sheet.append(["??.03.2020", None, "Adult B", "Letter, day not known.", None, None, None])
    sheet.append(["30.02.2020", None, "Adult B", "Entry with an impossible date.", None, None, None])
    sheet.append([])
    sheet.append([44000, "1000", "Adult B; GP1", "Medication review.", None, None, None])
    workbook.save(path)


@pytest.fixture(scope="module")
def review_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    content = tmp_path_factory.mktemp("sar") / "content"
    folder = content / "reviews" / SLUG
    shutil.copytree(SOURCE, folder)
    write_gp_workbook(folder / "chronology" / "gp.xlsx")
    return folder


@pytest.fixture(scope="module")
def merged(review_folder: Path) -> tuple[int, str, list[dict]]:
    out = review_folder.parent.parent.parent / "composite.xlsx"
    stream = io.StringIO()
    with contextlib.redirect_stderr(stream):
        status = main(["chronology", "merge", SLUG, "--content", str(review_folder.parents[1]), "--out", str(out)])
    sheet = openpyxl.load_workbook(out)["Composite chronology"]
    header = [cell.value for cell in sheet[1]]
    rows = [dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2, values_only=True)]
    return status, stream.getvalue(), rows


# (file, row or YAML line, date as shown, time as shown, flags), in the composite's order,
# worked out by hand: earliest possible day; untimed rows first in their day; then the
# time (a part of the day at its start, "am" at 00:00); then the agency's ToR order.
EXPECTED = [
    ("asc-chronology.csv", 9, "c. 2019 (year only, approximate)", "not known", "approximate date"),
    ("police.yml", 17, "c. 2019 (year only, approximate)", "not known", "approximate date"),
    # Month-first 04/25/2019: never swapped; invalid, kept, at the start of 2019, its time read.
    ("asc-chronology.csv", 11, "04/25/2019 (invalid date)", "10:00", "invalid date"),
    ("asc-chronology.csv", 7, "31.02.2019 (invalid date)", "not known", "invalid date"),
    ("asc-chronology.csv", 6, "03.04.2019", "am (part of the day)", "part of the day"),  # 3 April
    ("gp.xlsx", 5, "02.05.2019", "09:10", ""),
    ("asc-chronology.csv", 4, "?.06.2019 (month only, approximate)", "not known", "approximate date"),
    ("police.yml", 4, "12.06.2019", "01:00", ""),
    ("gp.xlsx", 6, "12.06.2019", "13:30", "serial date interpreted"),  # 43628
    ("asc-chronology.csv", 3, "12.06.2019", "14:30", ""),
    ("police.yml", 19, "12.06.2019", "14:30", ""),
    ("asc-chronology.csv", 10, "13.07.2019", "01:00", ""),  # "13.07.19 0100"
    ("asc-chronology.csv", 5, "??.08.2019 (month only, approximate)", "not known", "approximate date"),
    ("gp.xlsx", 7, "01.12.2019", "13:30", "serial date interpreted"),  # 43800, 0.5625 of a day
    ("gp.xlsx", 8, "14.01.2020", "evening (part of the day)", "part of the day"),
    ("gp.xlsx", 11, "30.02.2020 (invalid date)", "not known", "invalid date"),
    ("gp.xlsx", 9, "03.02.2020", "16:45", ""),
    ("gp.xlsx", 10, "??.03.2020 (month only, approximate)", "not known", "approximate date"),
    ("police.yml", 13, "03.03.2020", "13:30", ""),
    ("asc-chronology.csv", 8, "early June 2020 (approximate)", "not known", "approximate date"),
    ("gp.xlsx", 13, "18.06.2020", "10:00", "serial date interpreted"),  # 44000
    ("asc-chronology.csv", 14, "Sept 2020 (month only)", "not known", "approximate date"),
    ("asc-chronology.csv", 12, "21.09.2020", "evening (part of the day)", "part of the day"),
]


def shown(value: object) -> str:
    if isinstance(value, datetime):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, time):
        return value.strftime("%H:%M")
    return value or ""


def test_every_row_in_the_hand_worked_order_with_its_flags(merged) -> None:
    _, _, rows = merged
    got = [(r["Source file"], r["Row"], shown(r["Date"]), shown(r["Time"]), r["Flags"] or "") for r in rows]
    assert got == EXPECTED


def test_columns_agencies_and_text_as_sent(merged) -> None:
    status, err, rows = merged
    by_place = {(r["Source file"], r["Row"]): r for r in rows}
    first = by_place["asc-chronology.csv", 3]
    assert first["Agency"] == "asc"  # from the title row "Adult Social Care chronology - ..."
    assert first["Type of event / document source"] == "Care Act assessment"  # "Source of Info"
    assert first["Person(s) involved"] == "Adult B; SW1" and first["Child seen"] == "Y"  # "Adult seen"
    assert "the café downstairs" in first["Summary of key information"]
    assert "£40 owed" in by_place["asc-chronology.csv", 4]["Summary of key information"]
    assert by_place["asc-chronology.csv", 4]["Issues for review / comment"] == "Date not recorded"
    gp = by_place["gp.xlsx", 7]
    assert gp["Agency"] == "gp"  # from the title row "Riverside Surgery"
    assert gp["Issues for review / comment"] == "Late visit" and gp["Other information"] == "Internal ref: R-3"
    theft = by_place["police.yml", 4]
    assert theft["Agency"] == "police" and theft["Person(s) involved"] == "Adult B; PC1"
    assert theft["Summary of key information"] == "Adult B reported a theft of cash from her flat."
    assert theft["Decisions and actions"] == "Crime recorded." and theft["Other information"] == "collar_number: 4471"
    # The one duplicate pair: same day, same time, same people, two agencies.
    assert [(r["Source file"], r["Row"]) for r in rows if r["Possible duplicate"]] == [
        ("asc-chronology.csv", 3),
        ("police.yml", 19),
    ]
    assert status == 1  # three impossible dates


def test_messages_each_problem_once_and_each_decision_as_a_note(merged) -> None:
    _, err, _ = merged
    lines = [line.split("/chronology/", 1)[-1] for line in err.splitlines() if "/chronology/" in line]
    errors = [line for line in lines if ": note: " not in line and ": warning: " not in line]
    assert [line.split(":", 1)[0] for line in errors] == ["asc-chronology.csv", "asc-chronology.csv", "gp.xlsx"]
    assert any(
        line.startswith('asc-chronology.csv: row 7, column "Date/Time": "31.02.2019" is not a real') for line in errors
    )
    assert any("row 11" in line and "month-first (US) date, which is never guessed" for line in errors)
    assert any(line.startswith('gp.xlsx: row 11, column "Date of Contact": "30.02.2020"') for line in errors)
    assert not [line for line in lines if ": warning: " in line]
    notes = [line for line in lines if ": note: " in line]
    assert "asc-chronology.csv: note: read as Latin-1 (ISO-8859-1) text; columns separated by tabs" in notes
    assert any("gp.xlsx: row 4: note: header on row 4, below 2 title rows" in line for line in notes)
    assert any(
        'gp.xlsx: row 1: note: no Agency column: the agency "gp" is taken from this title row' in n for n in notes
    )
    assert (
        'gp.xlsx: row 6, column "Date of Contact": note: 3 dates are Excel serial numbers, read as dates and '
        "marked so (row 6: 43628 → 12.06.2019; row 7: 43800 → 01.12.2019; row 13: 44000 → 18.06.2020)"
    ) in notes
    assert any('"what_happened" → summary' in line for line in notes)
    assert any('key "collar_number" (line 12) not on the template' in line for line in notes)
    assert "23 rows from 3 chronologies written" in err


def test_composite_page_shows_all_23_rows(review_folder: Path) -> None:
    review = load_review(review_folder)
    merged, _, counts = composite_with_counts(review)
    page = composite_page_markdown(review, merged, with_ages=False, counts=[(c.name, c.rows) for c in counts])
    assert page.count('<tr id="entry-') == 23
    assert "| `asc-chronology.csv` | 11 | 11 |" in page and "| `gp.xlsx` | 8 | 8 |" in page
    assert "| `police.yml` | 4 | 4 |" in page and "16 rows are flagged." in page


def test_the_review_own_column_names_apply_to_its_chronologies(review_folder: Path, tmp_path: Path) -> None:
    folder = tmp_path / SLUG
    shutil.copytree(review_folder, folder)
    (folder / "chronology-columns.yml").write_text('columns:\n  "Internal ref": source\n', encoding="utf-8")
    review = load_review(folder)
    merged, errors, _ = composite_with_counts(review)
    gp = [item.entry for item in merged if item.entry.source_file.endswith("gp.xlsx")]
    assert [entry.source for entry in gp[:3]] == ["R-1", "R-2", "R-3"] and gp[0].extra == {}
    assert not [e for e in errors if e.file.endswith("chronology-columns.yml")]
    assert any('"Internal ref" → Source' in e.message for e in errors if e.severity == "note")
