"""review-dhr, a Domestic Homicide Review written as agencies and a DHR chair write,
scored against its own DEFECTS.md as tests/test_review_c_score.py scores review-c.

A third corpus in a third format, so the rules scored on review-c and the SAR are not
tuned to them: `casereview check`, `casereview audit` and `casereview chronology merge`
are run on it as a user would (a subprocess each), as of the day the review was
finished. The expectations below are the sheet's, written by hand. Run with `-s` to see
the score and every false alarm.
"""

from __future__ import annotations

import csv
import re
from datetime import UTC, datetime
from pathlib import Path

import openpyxl
import pytest

from casereview.checks.audit import audit_review
from casereview.sources.review import Review
from review_scoring import LINE_LOCATION, Message, PracticeReview, parse_sheet, score, unique

CORPUS = Path(__file__).parent / "fixtures" / "review-dhr"
SLUG = "wexcombe-dhr-adult-e-2023"
SHEET = (CORPUS / "DEFECTS.md").read_text(encoding="utf-8")

#: Words a message about each planted defect contains (the sheet's prose, as a pattern),
#: and whether a finding without a line counts.
PROBLEM_WORDS: dict[str, tuple[str, bool]] = {
    "A1": (r"\bMr K\b", False),
    "A2": (r"(?i)not in the key", False),
    "A3": (r"\bDVPN\b", False),
    "A4": (r"\bRIC\b", False),
    "A5": (r"31\.09\.21", False),
    "A6": (r"(?i)period", False),
    "A7": (r"(?i)sign", True),
    "A8": (r"\bQ5\b", True),
    "A9": (r"\bP3\b", False),
    "A10": (r"(?i)names a person|job title", False),
    "A11": (r"(?i)no chronology", False),
}

#: Section D of the sheet.
TOLERATED: list[tuple[str, frozenset[str], str]] = [
    (r".*", frozenset({"warning", "note"}), r"^first use of "),
    (r"^imr/", frozenset({"error", "warning"}), r"is not SMART, timed and owned: no measure; no intended outcome$"),
    (r"key\.yml$", frozenset({"note"}), r"`(?:pseudonym_agreed_with|entered_by|review_note)`"),
]

TARGET_FALSE_ALARMS = 0.10

# "Overview report approved by the CSP, 1 February 2023" (the sheet is as of then).
AS_OF = datetime(2023, 2, 1, tzinfo=UTC)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> PracticeReview:
    return PracticeReview.copy(tmp_path_factory.mktemp("review-dhr"), CORPUS / "reviews" / SLUG, AS_OF)


@pytest.fixture(scope="module")
def project(corpus: PracticeReview) -> Path:
    return corpus.project


@pytest.fixture(scope="module")
def check_messages(corpus: PracticeReview) -> list[Message]:
    return corpus.check_messages()


@pytest.fixture(scope="module")
def audit_messages(corpus: PracticeReview) -> list[Message]:
    return corpus.audit_messages()


@pytest.fixture(scope="module")
def messages(check_messages: list[Message], audit_messages: list[Message]) -> list[Message]:
    return unique(check_messages + audit_messages)


@pytest.fixture(scope="module")
def review(corpus: PracticeReview) -> Review:
    return corpus.review()


@pytest.fixture(scope="module")
def merged_rows(corpus: PracticeReview) -> tuple[str, list[dict[str, str]]]:
    out = corpus.project / "composite.csv"
    output = corpus.run("chronology", "merge", SLUG, "--out", str(out))
    with out.open(encoding="utf-8-sig", newline="") as handle:
        return output, list(csv.DictReader(handle))


# ------------------------------------------------------------------------------ the sheet


def test_sheet_locations_hold_the_quoted_text() -> None:
    """Every `path`:LINE «quote» of the sheet is true of the files (so the score below
    scores the places the sheet means)."""
    folder = CORPUS / "reviews" / SLUG
    wrong = []
    for match in re.finditer(LINE_LOCATION.pattern + r" «([^»]+)»", SHEET):
        path, line, quote = match["path"], int(match["line"]), match.group(match.lastindex or 0)
        raw = (folder / path).read_bytes()
        text = raw.decode("cp1252") if path.endswith(".csv") else raw.decode("utf-8")
        if quote not in text.splitlines()[line - 1]:
            wrong.append(f"{path}:{line} «{quote}»")
    assert not wrong


def test_sheet_xlsx_locations_hold_the_quoted_text() -> None:
    sheet = openpyxl.load_workbook(CORPUS / "reviews" / SLUG / "chronology" / "police.xlsx").active
    wrong = []
    for match in re.finditer(r"`chronology/police\.xlsx` row (\d+), column ([A-G]) «([^»]+)»", SHEET):
        value = sheet[f"{match[2]}{match[1]}"].value
        shown = value.strftime("%d/%m/%Y") if isinstance(value, datetime) else str(value)
        if match[3] not in shown:
            wrong.append(match.group())
    assert not wrong


def test_sheet_is_parsed_with_every_item() -> None:
    items = parse_sheet(SHEET)
    assert [i.id for i in items if i.kind == "R"] == [f"A{n}" for n in range(1, 12)]
    assert len([i for i in items if i.kind == "trap"]) == 14
    assert set(PROBLEM_WORDS) == {i.id for i in items if i.kind == "R"}


# ------------------------------------------------------------------------------ the score


def test_score_of_check_and_audit(messages: list[Message]) -> None:
    result = score(parse_sheet(SHEET), messages, PROBLEM_WORDS, TOLERATED)
    print("\nreview-dhr score\n" + result.summary())
    assert result.missed == [], result.summary()
    assert result.traps_hit == {}, result.summary()
    assert result.false_alarm_share <= TARGET_FALSE_ALARMS, result.summary()
    # Only notes on how a file was read may stand outside the sheet.
    assert all(m.severity == "note" for m in result.false_alarms), result.summary()


def test_every_message_names_an_acronym_never_a_real_name(messages: list[Message], review) -> None:
    names = {n for e in review.key if not e.public for n in e.real_names}
    assert not [m for m in messages if any(n in m.text for n in names)]


# --------------------------------------------------------------------- C: must-pass facts


def test_c1_every_file_loads_and_every_row_reaches_the_composite(
    review, check_messages: list[Message], merged_rows: tuple[str, list[dict[str, str]]]
) -> None:
    md = sorted(review.folder.rglob("*.md"))
    assert len(review.documents) == len(md)
    assert not [m for m in check_messages if "frontmatter" in m.text or "cannot be read" in m.text]
    output, rows = merged_rows
    assert "17 rows from 2 chronologies" in output
    assert len(rows) == 17
    dates = [r["Date"] for r in rows]
    assert dates.index("14.11.2019") == 0  # A6 kept, first
    assert "31.09.21 (invalid date)" in dates[: dates.index("02.10.2021")]  # A5 kept, in September
    assert any(d.startswith("early Nov 2021") for d in dates) and any(d.startswith("??.11.21") for d in dates)


def test_c2_the_windows_1252_csv_is_read_as_written(merged_rows: tuple[str, list[dict[str, str]]]) -> None:
    _, rows = merged_rows
    wdas = [r for r in rows if r["Agency"] == "wdas"]
    assert any("£20" in r["Summary of key information"] and "café" in r["Summary of key information"] for r in wdas)
    assert [r["Time"] for r in wdas if r["Date"] == "02.10.2021"] == ["09:15", "13:30"]


def test_c3_recommendations_and_action_plans(review, messages: list[Message]) -> None:
    report = audit_review(review)
    assert {imr.agency: len(imr.smart) for imr in report.imrs} == {"police": 3, "health": 2, "wdas": 2, "asc": 1}
    coverage = [m for m in messages if "has no action in" in m.text]
    assert [(m.path, re.findall(r"recommendation (\S+)", m.text)) for m in coverage] == [("imr/police.md", ["P3"])]
    assert not [m for m in messages if "has no recommendations" in m.text or "is not in imr/" in m.text]


def test_c4_tor_answers(review, messages: list[Message]) -> None:
    from casereview.checks.audit_rules import tor_questions

    assert [q for _, q in tor_questions(review)] == [f"Q{n}" for n in range(1, 7)]
    unanswered = sorted(
        (m.path, q) for m in messages for q in re.findall(r"ToR question (Q\d+) is not answered", m.text)
    )
    assert unanswered == [("imr/asc.md", "Q5")]


def test_c5_key_loads_with_the_coordinators_fields(review, check_messages: list[Message]) -> None:
    assert len(review.key) == 17
    assert sorted(e.acronym for e in review.key if e.public) == ["ASC", "DHR Chair", "Health", "Police", "WDAS"]
    on_key = [m for m in check_messages if m.path == "key.yml"]
    assert not [m for m in on_key if m.severity == "error"]
    for field in ("pseudonym_agreed_with", "entered_by", "review_note"):
        assert len([m for m in on_key if f"`{field}`" in m.text]) == 1, field


def test_c6_exactly_two_findings_block_publication(check_messages: list[Message]) -> None:
    publishable = ("executive-summary.md", "overview-report.md")
    blocking = [m for m in check_messages if m.path in publishable and m.severity == "error"]
    assert sorted((m.path, m.line) for m in blocking) == [("executive-summary.md", 24), ("overview-report.md", 31)]


def test_c7_no_diversity_finding_and_no_child_scr_section_demanded(messages: list[Message]) -> None:
    assert not [m for m in messages if re.search(r"(?i)divers", m.text)]
    assert not [m for m in messages if re.search(r"Family composition|References|Terms of reference", m.text)]
