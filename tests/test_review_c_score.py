"""review-c, a child SCR written by others, scored against its own DEFECTS.md.

The corpus is in tests/fixtures/review-c exactly as its authors wrote it. The review is
copied into a copy of the project's content and `casereview check` and `casereview
audit` are run on it as a user would (a subprocess each); their messages are scored
with tests/review_scoring.py. Run with `-s` to see the score and every false alarm.

The issue's target (every file loads, at least 16 of the 18 planted defects reported
at their place, no trap, at most 10 % false alarms) is asserted as it stands.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from casereview.checks.audit import audit_review
from casereview.sources.review import Review
from review_scoring import Message, PracticeReview, parse_sheet, score, unique

CORPUS = Path(__file__).parent / "fixtures" / "review-c"
SLUG = "marlshire-child-r-2018"
SHEET = (CORPUS / "DEFECTS.md").read_text(encoding="utf-8")

# The issue's target (issue 14, "Done when").
TARGET_REPORTED, TARGET_TRAPS, TARGET_FALSE_ALARMS = 16, 0, 0.10


# The day the review was finished ("Final version, 20 June 2018", overview report):
# the sheet was written as of then. Checked as of today, every 2018 action would be
# years overdue, a true finding the sheet (older than the action tracker) cannot know.
AS_OF = datetime(2018, 6, 20, tzinfo=UTC)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> PracticeReview:
    return PracticeReview.copy(tmp_path_factory.mktemp("review-c"), CORPUS / "reviews" / SLUG, AS_OF)


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


# ------------------------------------------------------------------------------ the score


def test_sheet_is_parsed_with_every_item_and_location() -> None:
    items = {i.id: i for i in parse_sheet(SHEET)}
    assert len([i for i in items.values() if i.id.startswith("A")]) == 22
    assert len([i for i in items.values() if i.id.startswith("B")]) == 20
    assert sum(i.kind == "R" for i in items.values()) == 18
    assert items["A9"].locations == {"chronology/csc.xlsx": {3}}
    assert items["A15"].locations == {"chronology/education.yml": {158, 159, 11}}
    assert items["A13"].locations == {"chronology/health.csv": {14}}
    assert 217 in items["A3"].locations["imr/health.md"]


def test_score_of_check_and_audit(messages: list[Message]) -> None:
    result = score(parse_sheet(SHEET), messages)
    print("\nreview-c score\n" + result.summary())
    assert len(result.reported) >= TARGET_REPORTED, result.summary()
    assert len(result.traps_hit) <= TARGET_TRAPS, result.summary()
    assert result.false_alarm_share <= TARGET_FALSE_ALARMS, result.summary()
    # Only notes on how a file was read may stand outside the sheet: no error or
    # warning that matches nothing.
    assert all(m.severity == "note" for m in result.false_alarms), result.summary()


def test_score_reaches_the_issue_target(messages: list[Message]) -> None:
    result = score(parse_sheet(SHEET), messages)
    assert len(result.reported) >= TARGET_REPORTED
    assert len(result.traps_hit) <= TARGET_TRAPS
    assert result.false_alarm_share <= TARGET_FALSE_ALARMS


def test_every_message_names_an_acronym_never_a_real_name(messages: list[Message], review) -> None:
    names = {n for e in review.key if not e.public for n in e.real_names}
    leaked = [m for m in messages if any(n in m.text for n in names)]
    assert not leaked


# --------------------------------------------------------------------- C: must-pass facts


def test_c1_documents_and_key_load(review, check_messages: list[Message]) -> None:
    """Every Markdown file and the key load (the chronologies: C1 below)."""
    md = sorted(p for p in review.folder.rglob("*.md"))
    assert len(review.documents) == len(md)
    assert not [m for m in check_messages if m.path.endswith(".md") and "frontmatter" in m.text]


def test_c1_every_chronology_row_reaches_the_composite(review) -> None:
    from casereview.chronology.composite import composite

    merged, problems = composite(review)
    assert len(merged) in (58, 59)
    assert not [p for p in problems if p.severity == "error" and "30.02" not in str(p)][1:]


def test_c3_every_chronology_file_is_read(check_messages: list[Message]) -> None:
    unreadable = [m for m in check_messages if m.path.startswith("chronology/") and m.severity == "error"]
    assert [m.path for m in unreadable] in ([], ["chronology/health.csv"])  # A10 only


def test_c4_key_loads_despite_the_administrators_fields(review, check_messages: list[Message]) -> None:
    assert len(review.key) == 36
    assert sorted(e.acronym for e in review.key if e.public) == sorted(
        ["Board Chair", "Panel Chair", "Overview Author", "CSC", "Health", "Education", "Police"]
    )
    on_key = [m for m in check_messages if m.path == "key.yml"]
    assert not [m for m in on_key if m.severity == "error"]
    for field in ("notes", "date_added", "changed_by"):
        assert len([m for m in on_key if f"`{field}`" in m.text]) == 1, field


def test_c5_terms_of_reference(review, messages: list[Message]) -> None:
    from casereview.checks.audit_rules import tor_questions
    from casereview.checks.milestones import review_milestones

    assert [q for _, q in tor_questions(review)] == [f"Q{n}" for n in range(1, 9)]
    assert review.agency_ids == ["csc", "health", "education", "police"]
    assert len(review_milestones(review)[0]) == 14
    assert (str(review.meta["period"]["start"]), str(review.meta["period"]["end"])) == ("2016-01-01", "2017-12-31")
    assert not [m for m in messages if "police" in m.text and ("no IMR" in m.text or "no action plan" in m.text)]


def test_c6_recommendations_and_action_plans(review) -> None:
    report = audit_review(review)
    counts = {imr.agency: len(imr.smart) for imr in report.imrs}
    assert counts == {"csc": 5, "health": 4, "education": 3}
    findings = [f for imr in report.imrs for f in imr.findings]
    coverage = [f for f in findings if "has no action in" in f.message]
    assert len(coverage) == 1 and re.search(r"\b4\b", coverage[0].message) and "csc" in coverage[0].path
    from casereview.sources.recommendations import actions_of

    plans = {d.meta.get("agency"): d for d in review.documents_of_type("action-plan")}
    assert {agency: len(actions_of(plan)) for agency, plan in plans.items()} == {
        "csc": 12,
        "health": 12,
        "education": 8,
    }


def test_c7_tor_answers(messages: list[Message]) -> None:
    unanswered = sorted(
        (m.path, q) for m in messages for q in re.findall(r"ToR question (Q\d+) is not answered", m.text)
    )
    assert unanswered == [("imr/health.md", "Q7")]


def test_c8_one_diversity_finding_for_education(messages: list[Message]) -> None:
    diversity = [m for m in messages if re.search(r"(?i)divers", m.text)]
    assert [m.path for m in diversity] == ["imr/education.md"]


def test_c9_no_document_reported_too_long(messages: list[Message]) -> None:
    assert not [m for m in messages if re.search(r"(?i)too long|over two sides|words", m.text)]


def test_c10_exactly_two_findings_block_publication(check_messages: list[Message]) -> None:
    publishable = ("executive-summary.md", "synopsis.md", "overview-report.md")
    blocking = [m for m in check_messages if m.path in publishable and m.severity == "error"]
    assert sorted((m.path, m.line) for m in blocking) == [("executive-summary.md", 21), ("synopsis.md", 24)]


def test_traceability_reads_the_authors_sections_and_the_same_recommendations(project: Path) -> None:
    from casereview.checks.traceability import page_paragraphs, trace_review
    from casereview.render.markdown import render_imr_pages
    from casereview.render.site import SiteState

    state = SiteState.load(project / "content", "internal", run_checks=False)
    review = state.reviews[SLUG]
    pages = render_imr_pages(state, review)
    for page in pages:  # "5. WHAT WAS OUR INVOLVEMENT…", "4 Health involvement", "## ANALYSIS OF INVOLVEMENT"
        sections = {p.section for p in page_paragraphs(page)}
        assert sections == {"involvement", "analysis", "lessons"}, page.url
    trace = trace_review(review, pages)
    actions = {imr.agency: [len(row.actions) for row in imr.rows] for imr in trace.imrs}
    assert actions == {"csc": [3, 3, 3, 0, 3], "health": [4, 3, 3, 2], "education": [3, 3, 2]}
    assert [g.message for g in trace.gaps_of("no-action")] == ["4 has no action in the CSC action plan"]
    # Recommendations in a table cannot name paragraphs: said once per IMR, not once a row.
    assert [g.subject for g in trace.gaps_of("no-rests-on")] == ["CSC", "Health", "Education"]
