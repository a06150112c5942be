"""Action plans a board monitors: plans read from frontmatter or a body table, their
pages and place in the pack, the tracker page, the exports, the progress report and
the check warnings."""

from __future__ import annotations

import csv
import html
import re
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from casereview.actions import review_actions
from casereview.actions.table import action_rows
from casereview.checks.run import check_paths
from casereview.cli.main import main as casereview
from casereview.sources.review import load_review
from project_paths import DEMO_CONTENT
from sitebuild import build, make_project

SLUG = "eastmoor-child-t-2024"
TODAY = "2025-01-15"  # CSC-A2, CSC-A3, EDUCATION-A1, HEALTH-A2 and POLICE-A2 are overdue then
OVERDUE = ["CSC-A2", "CSC-A3", "EDUCATION-A1", "HEALTH-A2", "POLICE-A2"]


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


# ---------------------------------------------------------------- reading plans


def test_a_body_table_is_read_whatever_its_column_order_and_names() -> None:
    body = (
        "Intro.\n\n| RAG | Timescale | Lead | Action to be taken | Rec no. | Ref | Evidence of completion |\n"
        "|:--|--|--|--|--|--|--|\n"
        "| Blue | March 2025 | Head of Service | Write the procedure. | 2 | 7 | Issued 1 March 2025 |\n"
        "| Red | Ongoing | Named Nurse | Audit \\| report. | R1 | | |\n\n"
        "| Name | Role |\n|---|---|\n| not | an action table |\n\n"
        "```text\n| Action | Owner |\n|---|---|\n| An example in code. | Nobody |\n```\n"
    )
    rows = list(action_rows(body))
    assert [r.cells.get("action") for r in rows] == ["Write the procedure.", "Audit | report."]
    first = rows[0].cells
    assert (first["status"], first["target"], first["owner"], first["recommendation"], first["id"]) == (
        "Blue",
        "March 2025",
        "Head of Service",
        "2",
        "7",
    )
    assert first["evidence"] == "Issued 1 March 2025" and rows[0].line == 5


def test_a_table_under_a_recommendation_heading_answers_that_recommendation() -> None:
    body = (
        "| | |\n|---|---|\n| Lead officer | Designated Nurse |\n\n"
        "### Recommendation 2 – discharge after missed appointments\n\n"
        "| Action | Owner | Target date | RAG | Evidence |\n|---|---|---|---|---|\n"
        "| Revise the policy. | Clinical Director | 30/09/2018 | A | Draft v0.3 |\n"
        "| Add a prompt. | Head of Outpatients | Dec 2018 | R | |\n\n"
        "**Recommendation 3.** Schools refer when attendance falls.\n\n"
        "| Action | Owner | Target date | RAG | Evidence |\n|---|---|---|---|---|\n"
        "| Change the guidance. | Head of Inclusion | Within 6 months | G | |\n"
    )
    rows = list(action_rows(body))
    assert [(r.cells["recommendation"], r.cells["status"]) for r in rows] == [("2", "A"), ("2", "R"), ("3", "G")]


def test_rag_ratings_and_unread_dates_are_shown_in_words() -> None:
    from casereview.actions.model import Action, TargetDate

    def action(status: str, target: str) -> Action:
        return Action(
            "r", "a", "plan.md", "1.1", "R1", "Do it.", "Head of Service", TargetDate.read(target), status, ""
        )

    red, amber, blue = action("R", "Dec 2018"), action("A", "Within 6 months"), action("B", "30/09/2018")
    assert (red.state, red.status_words) == ("unknown", "Red (off track)")
    assert (amber.state, amber.status_words) == ("in-progress", "In progress: Amber (at risk)")
    assert (blue.state, blue.target.shown) == ("complete", "30 September 2018")
    assert (
        red.target.shown == "Dec 2018" and red.is_overdue(date(2019, 1, 1)) and not red.is_overdue(date(2018, 12, 31))
    )
    assert amber.target.due is None and not amber.is_overdue(date(2030, 1, 1))


def test_demo_plans_give_every_state_and_the_table_plan_its_recommendations() -> None:
    actions = {a.id: a for a in review_actions(load_review(DEMO_CONTENT / "reviews" / SLUG))}
    assert {a.state for a in actions.values()} == {"complete", "in-progress", "not-started"}
    table = actions["EDUCATION-A2"]  # written "| 2 | R1 | ... | 31.07.2024 | Blue |"
    assert (table.recommendation, table.state, table.target.shown) == ("EDUCATION-R1", "complete", "31 July 2024")
    assert table.line == 22 and table.plan.endswith("action-plans/education.md")
    assert sorted(a.id for a in actions.values() if a.is_overdue(date.fromisoformat(TODAY))) == OVERDUE


# ---------------------------------------------------------------- the sites


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("actions"), pdf=False)
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text().replace("      audience: internal\n", f'      audience: internal\n      today: "{TODAY}"\n')
    )
    assert build(project) == 0
    return project / "site"


@pytest.mark.slow
def test_plan_page_groups_actions_under_the_recommendation_text(sites: Path) -> None:
    page = (sites / f"internal/reviews/{SLUG}/action-plans/csc/index.html").read_text(encoding="utf-8")
    section = page[page.index("Actions by recommendation") :]
    text = _text(section)
    r1 = text.index("CSC-R1 Amend the strategy meeting and single assessment templates")
    assert r1 < text.index("CSC-A1") < text.index("CSC-A2") < text.index("CSC-R2") < text.index("CSC-A3")
    assert (
        "CSC-A1 Add a mandatory field" in text
        and "Head of Service, Assessment and Child in Need 30 June 2024 Complete" in text
    )
    assert "Templates changed in the case management system on 14 June 2024." in text
    a2 = section[section.index("CSC-A2") : section.index("CSC-A3")]
    assert "In progress" in _text(a2) and "Overdue since 30 September 2024" in _text(a2) and "▲" in a2
    # The plan kept as a table in its body is shown grouped too, its RAG in words.
    education = _text((sites / f"internal/reviews/{SLUG}/action-plans/education/index.html").read_text())
    grouped = education[education.index("Actions by recommendation") :]
    assert "EDUCATION-R1 Deliver refresher training to every designated safeguarding lead" in grouped
    assert "EDUCATION-A2 Add cumulative concerns" in grouped and "31 July 2024 Complete" in grouped


@pytest.mark.slow
def test_tracker_lists_every_action_with_counts_overdue_marks_and_gaps(sites: Path) -> None:
    page = (sites / "internal/actions/index.html").read_text(encoding="utf-8")
    rows = re.findall(r"<tr data-review=[^>]*>.*?</tr>", page, re.S)
    assert len(rows) == 19
    overdue = sorted(re.search(r"<strong>([A-Z]+-A\d)</strong>", r)[1] for r in rows if 'data-overdue="yes"' in r)
    assert overdue == OVERDUE
    assert all("Overdue since" in r for r in rows if 'data-overdue="yes"' in r)
    assert not any("Overdue" in r for r in rows if 'data-overdue="no"' in r)
    counts = _text(page[page.index("casereview-actions__counts") : page.index('id="every-action"')])
    assert "Serious Case Review: Child T 4 10 5 0 5 19" in counts  # not started, in progress, complete, ?, overdue, all
    assert "Every recommendation has an action, and every action answers a recommendation." in _text(page)
    assert not (sites / "public/actions").exists()
    assert "actions.js" not in (sites / "public/index.html").read_text()


def test_tracker_lists_recommendations_without_action_and_actions_without_recommendation(demo_copy: Path) -> None:
    from casereview.actions.html import tracker_page_markdown

    plan = demo_copy / "reviews" / SLUG / "action-plans" / "police.md"
    text = plan.read_text(encoding="utf-8")
    text = text.replace("recommendation: POLICE-R4", "recommendation: POLICE-R9")
    plan.write_text(text, encoding="utf-8")
    page = _text(tracker_page_markdown([load_review(demo_copy / "reviews" / SLUG)], date(2025, 1, 15)))
    assert "recommendation POLICE-R4 has no action" in page
    assert "action POLICE-A5" in page and "recommendation POLICE-R9 is in no IMR" in page


# ---------------------------------------------------------------- the pack


@pytest.mark.slow
def test_panel_pack_carries_each_plan_grouped_by_recommendation() -> None:
    from casereview.print.packs import pack_pages, pdf_document, pdf_meta
    from casereview.print.pdf import render_pack
    from casereview.render.markdown import render_review
    from casereview.render.site import SiteState

    state = SiteState.load(DEMO_CONTENT, "internal", run_checks=False)
    state.today = date.fromisoformat(TODAY)
    review = state.reviews[SLUG]
    render_review(state, review)
    plans = [pdf_document(p, review) for p in pack_pages(state, review) if p.meta.get("type") == "action-plan"]
    pdf = render_pack(plans, pdf_meta(review, "Pack", "OFFICIAL-SENSITIVE"), cover={})
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(__import__("io").BytesIO(pdf)).pages).split())
    assert "POLICE-R1" in text and "POLICE-A2" in text and "Detective Chief Inspector, Public Protection Unit" in text
    assert text.index("POLICE-R1") < text.index("POLICE-A1") < text.index("POLICE-R2")
    assert "Overdue since 31 July 2024" in text and "Not started" in text and "Complete" in text


# ---------------------------------------------------------------- exports and report


def _plant_formula(content: Path) -> None:
    plan = content / "reviews" / SLUG / "action-plans" / "csc.md"
    text = plan.read_text(encoding="utf-8")
    text = text.replace(
        "evidence: Templates changed in the case management system on 14 June 2024.",
        'evidence: "=HYPERLINK(\\"http://x.example\\",\\"click\\")"',
    )
    plan.write_text(text, encoding="utf-8")


def test_csv_export_lists_every_action_and_neutralises_formulas(demo_copy: Path, tmp_path: Path) -> None:
    _plant_formula(demo_copy)
    out = tmp_path / "actions.csv"
    assert casereview(["actions", "export", "--content", str(demo_copy), "--out", str(out), "--today", TODAY]) == 0
    with out.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert len(rows) == 19
    a1 = next(r for r in rows if r["Action"] == "CSC-A1")
    assert a1["Evidence"] == '\'=HYPERLINK("http://x.example","click")'
    assert (a1["Status"], a1["Target date"], a1["Agency"]) == ("Complete", "30/06/2024", "CSC")
    assert sorted(r["Action"] for r in rows if r["Overdue"] == "Overdue") == OVERDUE


def test_xlsx_export_stores_a_formula_as_text(demo_copy: Path, tmp_path: Path) -> None:
    _plant_formula(demo_copy)
    out = tmp_path / "actions.xlsx"
    assert casereview(["actions", "export", "--content", str(demo_copy), "--out", str(out), "--today", TODAY]) == 0
    workbook = load_workbook(out)
    sheet = workbook.active
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, (c for c in row), strict=True)) for row in sheet.iter_rows(min_row=2)]
    a1 = next(r for r in rows if r["Action"].value == "CSC-A1")
    assert a1["Evidence"].value.startswith("=HYPERLINK") and a1["Evidence"].data_type == "s"
    assert a1["Target date"].value.date() == date(2024, 6, 30)
    assert len(rows) == 19


def test_export_refuses_another_format(tmp_path: Path, capsys) -> None:
    assert casereview(["actions", "export", "--content", str(DEMO_CONTENT), "--out", str(tmp_path / "a.ods")]) == 2
    assert ".xlsx or .csv" in capsys.readouterr().err


@pytest.mark.slow
def test_progress_report_lists_complete_with_evidence_overdue_and_not_started(tmp_path: Path) -> None:
    out = tmp_path / "progress.pdf"
    assert casereview(["actions", "report", "--content", str(DEMO_CONTENT), "--out", str(out), "--today", TODAY]) == 0
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(out).pages).split())
    complete = text[text.index("COMPLETE (5)") : text.index("OVERDUE (5)")]
    assert "POLICE-A1" in complete and "Procedure published 3 June 2024" in complete
    overdue = text[text.index("OVERDUE (5)") : text.index("NOT STARTED (3)")]
    assert [a for a in OVERDUE if a in overdue] == OVERDUE
    assert "Overdue since 30 September 2024" in overdue
    not_started = text[text.index("NOT STARTED (3)") : text.index("IN PROGRESS AND ON TIME")]
    assert {"CSC-A4", "EDUCATION-A3", "POLICE-A4"} <= set(re.findall(r"[A-Z]+-A\d", not_started))


# ---------------------------------------------------------------- check


def test_check_warns_on_missing_evidence_and_owners_that_are_people(demo_copy: Path, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1736899200")  # 15 January 2025
    review = demo_copy / "reviews" / SLUG
    assert not [f for f in check_paths([review]) if "action " in f.message]
    plan = review / "action-plans" / "police.md"
    text = plan.read_text(encoding="utf-8")
    text = text.replace("    evidence: Procedure published 3 June 2024; briefing delivered to all PPU staff.\n", "")
    text = text.replace(
        "    evidence: Aliases field added to the PPN on 1 July 2024; the name-check procedure awaits sign-off.\n", ""
    )
    text = text.replace("owner: Head of Public Protection", "owner: DS Amrit Sandhu")
    text = text.replace("owner: Superintendent, Response Policing", "owner: Mr Desmond Okonkwo-Fairley")
    text = text.replace(
        "owner: Detective Chief Inspector, Public Protection Unit\n    target_date: 2027-09-30",
        "owner: Detective Chief Inspector, Harrowgate Vale Public Protection Unit\n    target_date: 2027-09-30",
    )
    plan.write_text(text, encoding="utf-8")
    found = {f.message: f for f in check_paths([plan]) if "action " in f.message}
    messages = sorted(found)
    assert any("POLICE-A1: is complete but records no evidence" in m for m in messages)
    assert any("POLICE-A2: is overdue (target 31 July 2024) and records no evidence" in m for m in messages)
    assert any('POLICE-A3: the owner names a person of the key ("DS1")' in m for m in messages)
    assert any("POLICE-A4: the owner reads as a person's name" in m for m in messages)
    assert not any("POLICE-A5" in m for m in messages)  # an organisation's name in a job title
    assert all(f.severity.name == "WARNING" for f in found.values())
    assert not any(n in m for m in messages for n in ("Sandhu", "Amrit", "Okonkwo", "Desmond"))
    lines = {m.split(":")[0]: f.line for m, f in found.items()}
    assert lines and all(line is not None for line in lines.values())


def test_a_plan_not_yet_agreed_is_not_held_to_evidence(demo_copy: Path, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1736899200")
    plan = demo_copy / "reviews" / SLUG / "action-plans" / "police.md"
    text = plan.read_text(encoding="utf-8").replace("status: approved", "status: submitted", 1)
    plan.write_text(re.sub(r"\n    evidence: .*", "", text), encoding="utf-8")
    assert not [f for f in check_paths([plan]) if "evidence" in f.message]
    plan.write_text(text.replace("status: submitted", "status: approved", 1), encoding="utf-8")
    plan.write_text(re.sub(r"\n    evidence: .*", "", plan.read_text(encoding="utf-8")), encoding="utf-8")
    assert len([f for f in check_paths([plan]) if "evidence" in f.message]) == 2  # POLICE-A1 complete, A2 overdue


def test_table_plan_warnings_name_the_row(demo_copy: Path, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1736899200")
    plan = demo_copy / "reviews" / SLUG / "action-plans" / "education.md"
    text = plan.read_text(encoding="utf-8").replace(
        "| Blue | Model policy re-issued to all schools on 15 July 2024. |", "| Blue | |"
    )
    plan.write_text(text, encoding="utf-8")
    (finding,) = [f for f in check_paths([plan]) if "action " in f.message]
    assert "EDUCATION-A2: is complete but records no evidence" in finding.message and finding.line == 22


def test_demo_plans_raise_no_action_warning() -> None:
    """The demo's plans raise no action warning today (the overdue ones record evidence)."""
    assert not [f for f in check_paths([DEMO_CONTENT / "reviews" / SLUG / "action-plans"]) if "action " in f.message]
