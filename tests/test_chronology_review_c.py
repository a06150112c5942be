"""The chronologies of review-c, a practice review written by others (tests/fixtures/review-c,
copied unchanged from the shared corpus): every one of their 59 rows is read, merged and
shown, with the flags its DEFECTS.md asks for (items A9-A11, A19-A22, B11-B13, C1-C3)."""

from __future__ import annotations

import contextlib
import io
import re
import shutil
from datetime import date, time
from pathlib import Path

import pytest
from openpyxl import load_workbook

from casereview.chronology.composite import composite_with_counts
from casereview.chronology.page import composite_page_markdown
from casereview.cli.main import main
from casereview.sources.review import load_review

SLUG = "marlshire-child-r-2018"
CORPUS = Path(__file__).parent / "fixtures" / "review-c" / "reviews" / SLUG
ROWS_PER_FILE = {"csc.xlsx": 20, "education.yml": 13, "health.csv": 18, "police.csv": 8}  # DEFECTS.md C1


@pytest.fixture(scope="module")
def merged_xlsx(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, str, list[dict], list[tuple]]:
    content = tmp_path_factory.mktemp("review-c") / "content"
    shutil.copytree(CORPUS, content / "reviews" / SLUG)
    out = content.parent / "composite.xlsx"
    stream = io.StringIO()
    with contextlib.redirect_stderr(stream):
        status = main(["chronology", "merge", SLUG, "--content", str(content), "--out", str(out)])
    workbook = load_workbook(out)
    sheet = workbook["Composite chronology"]
    header = [cell.value for cell in sheet[1]]
    rows = [dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2, values_only=True)]
    counts = list(workbook["Rows read per file"].iter_rows(min_row=2, values_only=True))
    return status, stream.getvalue(), rows, counts


def row_of(rows: list[dict], file: str, number: int) -> dict:
    [found] = [row for row in rows if row["Source file"] == file and row["Row"] == number]
    return found


def test_merge_writes_all_59_rows_and_says_so(merged_xlsx) -> None:
    status, err, rows, counts = merged_xlsx
    assert len(rows) == 59
    assert counts == [(name, read, read) for name, read in ROWS_PER_FILE.items()] + [("All files", 59, 59)]
    for name, read in ROWS_PER_FILE.items():
        assert f"{name}: {read} rows read" in err
    assert "59 rows from 4 chronologies written" in err
    # A10, the one error: the file is still written, and the exit status says there is an error.
    assert status == 1
    assert re.search(r'health\.csv: row 11, column "Date": "30\.02\.2017" is not a real date', err)


def test_every_file_is_read_as_the_agency_wrote_it(merged_xlsx) -> None:
    _, err, rows, _ = merged_xlsx
    # C3: Windows-1252 CSV, semicolon CSV, XLSX header under a merged title row.
    assert "health.csv: note: read as Windows-1252 text" in err
    assert "police.csv: note: columns separated by semicolons" in err
    assert "csc.xlsx: row 2: note: header on row 2, below 1 title row" in err
    money = row_of(rows, "health.csv", 16)
    assert "£400 behind" in money["Summary of key information"]
    assert "café" in money["Decisions and actions"] and "“not on my caseload”" in money["Issues for review / comment"]
    visit = row_of(rows, "csc.xlsx", 5)
    assert visit["Type of event / document source"] == "MASH record"  # the ambiguous "Source" column
    assert visit["Person(s) involved"] == "Child R; Sibling K; Mother; Mr G; TM1"
    assert row_of(rows, "csc.xlsx", 4)["Person(s) involved"] == "Mr G; Mother"  # split on "/"
    assert row_of(rows, "csc.xlsx", 3)["Issues for review / comment"].startswith("Before the review period")
    assert row_of(rows, "csc.xlsx", 3)["Agency"] == "csc"  # no Agency column: from the file name
    # Folded YAML joined into one paragraph: A15's name, which spans two source lines,
    # is found whole and exported as its acronym.
    summary = row_of(rows, "education.yml", 151)["Summary of key information"]
    assert "own mother, MGM, who said" in summary and "Pauline" not in summary
    # No mapping decision is a warning: the warnings are A9's date before the period and
    # the real names typed in cells (A12-A16), each naming an acronym only.
    warnings = [line for line in err.splitlines() if ": warning: " in line]
    assert sum("before the review period" in line for line in warnings) == 1
    names = [line for line in warnings if "a real name of" in line]
    assert len(names) == len(warnings) - 1 == 5, warnings


def test_dates_and_times_as_sent(merged_xlsx) -> None:
    _, _, rows, _ = merged_xlsx
    day = {(r["Source file"], r["Row"]): r["Date"] for r in rows}
    assert day["csc.xlsx", 8].date() == date(2017, 4, 3)  # "03.04.2017"
    assert day["csc.xlsx", 9].date() == date(2017, 5, 4)  # "4/5/17": day first, never 5 April
    assert day["police.csv", 5].date() == date(2017, 6, 14)  # "14/06/17"
    assert day["education.yml", 109].date() == date(2017, 10, 2)  # 2017-10-02
    serial = row_of(rows, "csc.xlsx", 11)  # B12: 42887 in General format
    assert serial["Date"].date() == date(2017, 6, 1) and serial["Date marker"] == "Excel serial number 42887"
    assert serial["Time"] == time(14, 15)  # "2.15pm"
    assert row_of(rows, "education.yml", 65)["Time"] == time(14, 40)  # unquoted 1440
    assert row_of(rows, "csc.xlsx", 5)["Time"] == time(9, 30)  # a real time cell
    assert row_of(rows, "csc.xlsx", 17)["Time"] == "evening (part of the day)"
    assert row_of(rows, "csc.xlsx", 6)["Time"] == "am (part of the day)"
    assert row_of(rows, "education.yml", 138)["Time"] == "not known"  # "time:" (null)


def test_uncertain_invalid_and_outside_dates_are_kept_and_flagged(merged_xlsx) -> None:
    _, err, rows, _ = merged_xlsx
    expected = {
        ("csc.xlsx", 4): ("c. 2016 (year only, approximate)", "approximate date"),  # A19
        ("csc.xlsx", 10): ("early June 2017 (approximate)", "approximate date"),  # A20
        ("csc.xlsx", 15): ("?.07.2017 (month only, approximate)", "approximate date"),  # A21
        ("education.yml", 94): ("Sept 2017 (month only)", "approximate date"),  # A22
        ("health.csv", 11): ("30.02.2017 (invalid date)", "invalid date"),  # A10
    }
    for (file, number), (shown, flag) in expected.items():
        row = row_of(rows, file, number)
        assert (row["Date"], row["Flags"]) == (shown, flag), (file, number)
    before = row_of(rows, "csc.xlsx", 3)  # A9: a true date cell before the period
    assert before["Date"].date() == date(2015, 10, 14) and before["Flags"] == "before the review period"
    assert 'csc.xlsx: row 3, column "Date of Contact": warning: "14.10.2015" is before the review period' in err
    # c. 2016 overlaps the period: no outside-period finding (A19).
    assert "c. 2016" not in err


def test_composite_order_and_the_one_duplicate(merged_xlsx) -> None:
    _, _, rows, _ = merged_xlsx
    places = [(r["Source file"], r["Row"]) for r in rows]
    # C2: within 14.06.2017, the strategy meeting (both copies) before the medical at 14:15.
    start = places.index(("csc.xlsx", 12))
    assert places[start : start + 3] == [("csc.xlsx", 12), ("police.csv", 5), ("health.csv", 15)]
    # A11 is the only duplicate pair; B13's look-alikes are not flagged.
    duplicates = [(r["Source file"], r["Row"], r["Possible duplicate"]) for r in rows if r["Possible duplicate"]]
    assert duplicates == [("csc.xlsx", 12, "D1"), ("police.csv", 5, "D1")]
    # The invalid 30.02.2017 is placed at the start of February 2017, not in March.
    invalid = places.index(("health.csv", 11))
    assert places[invalid - 1] == ("health.csv", 10) and places[invalid + 1] == ("police.csv", 3)
    # A19 "c. 2016" sits at 01.01.2016, before the first dated 2016 entry.
    assert places[1] == ("csc.xlsx", 4)


def test_composite_page_lists_every_row_and_the_counts(tmp_path: Path) -> None:
    shutil.copytree(CORPUS, tmp_path / "reviews" / SLUG)
    review = load_review(tmp_path / "reviews" / SLUG)
    merged, _, counts = composite_with_counts(review)
    page = composite_page_markdown(review, merged, with_ages=False, counts=[(c.name, c.rows) for c in counts])
    assert len(re.findall(r'<tr id="entry-\d+"', page)) == 59
    assert "| `health.csv` | 18 | 18 |" in page and "| **All files** | **59** | **59** |" in page
    assert "30.02.2017 <span" in page and "invalid date" in page
    assert "?.07.2017 <span" in page and "early June 2017" in page and "c. 2016" in page
    assert "evening (part of the day)" in page
    assert "order within its day is not known" in page


@pytest.mark.slow
def test_internal_site_of_review_c_is_built_with_every_row(tmp_path: Path) -> None:
    """review-c has open errors (the impossible 30.02.2017 among them): the internal
    build still makes the panel's site, whose composite chronology shows all 59 rows
    and whose Open problems page lists the error; the public build stops."""
    from sitebuild import build, make_project

    project = make_project(tmp_path / "project", pdf=False)
    shutil.rmtree(project / "content" / "reviews")
    shutil.copytree(CORPUS, project / "content" / "reviews" / SLUG)
    assert build(project, "internal") == 0
    site = project / "site" / "internal" / "reviews" / SLUG
    page = (site / "chronology" / "index.html").read_text(encoding="utf-8")
    assert len(re.findall(r'<tr id="entry-\d+"', page)) == 59
    assert "30.02.2017" in page and "invalid date" in page and "?.07.2017" in page
    problems = (site / "problems" / "index.html").read_text(encoding="utf-8")
    assert "<code>chronology/health.csv</code></td><td>11</td>" in problems and "30.02.2017" in problems
    assert build(project, "public") != 0


def test_real_names_in_cells_are_reported_by_acronym_only() -> None:
    """A12-A16: a nickname, a curly apostrophe, a missing diacritic, a name folded over two
    YAML lines, a title and surname. The key is read directly here (its extra fields are
    the key loader's business); each finding names the acronym, never the name."""
    import yaml

    from casereview.chronology import load_chronology
    from casereview.chronology.validate import validate_names
    from casereview.sources.key import Key

    key = Key.from_mapping(yaml.safe_load((CORPUS / "key.yml").read_text(encoding="utf-8")))
    period = (date(2016, 1, 1), date(2017, 12, 31))
    found = {}
    for path in sorted((CORPUS / "chronology").iterdir()):
        entries, _ = load_chronology(path, period=period)
        for warning in validate_names(entries, key):
            found.setdefault((path.name, warning.row), []).append(warning)
    expected = {
        ("police.csv", 9): "Mr G",  # "Daz"
        ("health.csv", 14): "HV1",  # Mrs O’Dwyer
        ("police.csv", 7): "Neighbour 1",  # Wisniewska
        ("education.yml", 151): "MGM",  # Pauline / Hebden, folded
        ("csc.xlsx", 11): "DSL1",  # Mrs Whitlock
    }
    for place, acronym in expected.items():
        messages = [w.message for w in found.get(place, [])]
        assert any(m.startswith(f"a real name of {acronym} in the text") for m in messages), (place, messages)
    assert found["health.csv", 14][0].file_line == 14 and found["health.csv", 14][0].severity == "warning"
    # A15: told at the line where the folded name starts (DEFECTS.md: line 158), not the entry's first line.
    assert found["education.yml", 151][0].file_line == 158
    # B1: "at home for the summer holidays" in lower case is an ordinary word, not Child R.
    assert ("health.csv", 16) not in found
    names = [n for entity in key for n in entity.names]
    assert not any(name in w.message for ws in found.values() for w in ws for name in names)
