"""`casereview audit`: the handbook's audit tool run on a review's IMRs.

Most tests copy the demo review (which passes every rule), break one thing the way an
author would, and check that the matching rule fails on the right file and line.
"""

from __future__ import annotations

import argparse
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml

from casereview.checks.audit import audit_review, qa_page_markdown
from casereview.checks.audit_presets import PRESETS, outline, preset_for, section_key
from casereview.checks.audit_report import AuditReport, RuleResult, SmartScore, band, smart_share
from casereview.cli.audit import cmd_audit, format_table
from casereview.sources.findings import Finding
from casereview.sources.review import display_path, load_review

FIXTURES = Path(__file__).parent / "fixtures" / "audit"
SLUG = "eastmoor-child-t-2024"


# ------------------------------------------------------------------------------ helpers


def review_dir(content: Path) -> Path:
    return content / "reviews" / SLUG


def audit(content: Path, today: date | None = None) -> AuditReport:
    return audit_review(load_review(review_dir(content)), today)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def cut_section(path: Path, heading: str) -> None:
    """Remove a level-2 section (heading and text) up to the next level-2 heading."""
    text = path.read_text(encoding="utf-8")
    pattern = re.compile(rf"^## {re.escape(heading)}\n.*?(?=^## )", re.MULTILINE | re.DOTALL)
    assert pattern.search(text), f"test setup: no section {heading!r}"
    path.write_text(pattern.sub("", text, count=1), encoding="utf-8")


def line_of(path: Path, text: str) -> int:
    """1-based line of the first line of ``path`` that starts with ``text``."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if line.startswith(text))


def rule(report: AuditReport, agency: str, rule_id: str) -> RuleResult:
    imr = next(i for i in report.imrs if i.agency == agency)
    return next(r for r in imr.rules if r.rule_id == rule_id)


def only_failure(report: AuditReport, agency: str, rule_id: str) -> list[Finding]:
    """The findings of the one failing rule; every other rule of every IMR passes."""
    failing = [(i.agency, r.rule_id) for i in report.imrs for r in i.rules if not r.passed]
    assert failing == [(agency, rule_id)]
    return rule(report, agency, rule_id).findings


def run(content: Path, capsys: pytest.CaptureFixture[str], **extra: object) -> tuple[int, str]:
    args = argparse.Namespace(review=extra.pop("review", SLUG), content=str(content), **extra)
    code = cmd_audit(args)
    return code, capsys.readouterr().out


# --------------------------------------------------------------------- the demo review


def test_demo_review_passes_every_rule_with_no_findings(demo_copy: Path) -> None:
    report = audit(demo_copy)
    assert [i.agency for i in report.imrs] == ["csc", "police", "health", "education"]
    assert report.findings == []
    assert all(imr.passed for imr in report.imrs)
    assert len(report.smart) == 14 and all(s.smart for s in report.smart)
    assert band(smart_share(report.smart)) == "most"


def test_audit_command_on_demo_exits_0_with_a_table_per_imr(demo_copy: Path, capsys) -> None:
    code, out = run(demo_copy, capsys)
    assert code == 0
    for agency in ("csc", "police", "health", "education"):
        assert f"imr/{agency}.md" in out
    assert out.count("SMART recommendations") == 4
    assert "Every ToR question answered" in out
    assert ": error:" not in out and "\x1b[" not in out


def test_removing_the_diversity_section_exits_1_naming_file_and_line(demo_copy: Path, capsys) -> None:
    imr = review_dir(demo_copy) / "imr" / "education.md"
    cut_section(imr, "Diversity")
    code, out = run(demo_copy, capsys)
    assert code == 1
    # Reported where the section belongs: on the heading of the section before it.
    where = f"{display_path(imr)}:{line_of(imr, '## Analysis of involvement')}: error:"
    errors = [line for line in out.splitlines() if line.startswith(where)]
    # One fact, one message: the diversity rule says it, the sections rule does not repeat it.
    assert [line for line in errors if "iversity" in line] == [
        next(line for line in errors if "diversity is not addressed" in line)
    ]


def test_deleting_an_action_exits_1_naming_the_plan_and_line(demo_copy: Path, capsys) -> None:
    plan = review_dir(demo_copy) / "action-plans" / "csc.md"
    text = plan.read_text(encoding="utf-8")
    start = text.index("  - id: CSC-A6")
    plan.write_text(text[:start] + text[text.index("---", start) :], encoding="utf-8")
    code, out = run(demo_copy, capsys)
    assert code == 1
    where = f"{display_path(plan)}:{line_of(plan, 'actions:')}: error:"
    assert any(line.startswith(where) and "CSC-R4" in line for line in out.splitlines())


def test_unknown_review_folder_exits_2(demo_copy: Path, capsys) -> None:
    assert run(demo_copy, capsys, review="no-such-review")[0] == 2


# ----------------------------------------------------------------------------- sections


def test_a_missing_section_is_reported_after_the_section_before_it(demo_copy: Path) -> None:
    imr = review_dir(demo_copy) / "imr" / "health.md"
    cut_section(imr, "Methodology")
    findings = audit(demo_copy)
    # Reported once, by the methodology rule, where the section belongs.
    assert rule(findings, "health", "sections").passed
    methodology = rule(findings, "health", "methodology").findings
    assert [(f.line, "## Methodology" in f.message) for f in methodology] == [
        (line_of(imr, "## Terms of reference"), True)
    ]


def test_an_empty_section_is_reported_on_its_heading(demo_copy: Path) -> None:
    imr = review_dir(demo_copy) / "imr" / "police.md"
    text = imr.read_text(encoding="utf-8")
    start = text.index("## Introduction\n") + len("## Introduction\n")
    imr.write_text(
        text[:start] + "\n<!-- to do -->\n\n" + text[text.index("## Terms of reference") :], encoding="utf-8"
    )
    findings = only_failure(audit(demo_copy), "police", "sections")
    assert [(f.line, "empty" in f.message) for f in findings] == [(line_of(imr, "## Introduction"), True)]


def test_numbered_and_synonym_headings_are_accepted(demo_copy: Path) -> None:
    imr = review_dir(demo_copy) / "imr" / "csc.md"
    edit(imr, "## Lessons learned", "## 9. Lessons learnt")
    edit(imr, "## Agency involvement", "## What was the agency’s involvement with this child and family?")
    edit(imr, "## Author and statement of independence", "## Statement of independence")
    assert audit(demo_copy).findings == []


@pytest.mark.parametrize(
    ("heading", "key"),
    [
        ("What do we learn from this case?", "lessons"),
        ("5.3 Statement of Independence", "independence"),
        ("Recommendations for action", "recommendations"),
        ("Sign-off of the IMR & chronology", "sign-off"),
        ("Family/Household composition", "family"),
        ("Analysis of involvement {#analysis}", "analysis"),
        ("Chronology of agency involvement", None),
    ],
)
def test_section_synonyms(heading: str, key: str | None) -> None:
    assert section_key(heading) == key


def test_headings_inside_code_blocks_are_not_sections() -> None:
    body = "# T\n\n## Diversity\n\n```\n## Lessons learned\n```\n\nText.\n"
    shape = outline(body, 10)
    assert [(s.title, s.line, s.end_line) for s in shape.sections] == [("Diversity", 12, 18)]
    assert shape.title_line == 10


def test_the_review_format_picks_the_preset() -> None:
    assert preset_for({"format": "north-yorkshire"}) is PRESETS["north-yorkshire"]
    assert preset_for({}) is PRESETS["pan-dorset"]


# -------------------------------------------------------------- the other two formats


@pytest.mark.parametrize("slug", ["ny-child-b-2024", "sar-adult-c-2024"])
def test_fixture_reviews_in_their_own_format_pass(slug: str) -> None:
    report = audit_review(load_review(FIXTURES / "reviews" / slug))
    assert len(report.imrs) == 1 and report.findings == []


def test_north_yorkshire_headings_fail_the_pan_dorset_format(tmp_path: Path) -> None:
    folder = shutil.copytree(FIXTURES / "reviews" / "ny-child-b-2024", tmp_path / "ny")
    edit(folder / "index.md", "format: north-yorkshire", "format: pan-dorset")
    report = audit_review(load_review(folder))
    missing = {
        m.group(1)
        for f in rule(report, "health", "sections").findings
        if (m := re.search(r'section "([^"]+)"', f.message))
    }
    assert missing == {"References"}  # the methodology rule reports the other, once
    # North Yorkshire puts the sources in the statement of independence; Pan Dorset does not.
    assert not rule(report, "health", "methodology").passed


# ------------------------------------------------------------- independence and author


def test_statement_without_independence_wording_fails(demo_copy: Path) -> None:
    imr = review_dir(demo_copy) / "imr" / "education.md"
    edit(
        imr,
        "He has had no contact with\nthe family or with Ashcombe Primary School about this case, "
        "and does not manage any member\nof its staff.",
        "He knows the school well.",
    )
    findings = only_failure(audit(demo_copy), "education", "independence")
    assert [f.line for f in findings] == [line_of(imr, "## Author and statement of independence")]


def test_not_involved_wording_is_enough(demo_copy: Path) -> None:
    imr = review_dir(demo_copy) / "imr" / "education.md"
    edit(
        imr,
        "He has had no contact with\nthe family or with Ashcombe Primary School about this case, "
        "and does not manage any member\nof its staff.",
        "He was not involved in the case.",
    )
    assert audit(demo_copy).findings == []


def test_author_without_job_title_fails(demo_copy: Path) -> None:
    imr = review_dir(demo_copy) / "imr" / "police.md"
    edit(imr, "  job_title: Detective Inspector, Safeguarding Review Unit, Eastmoor Constabulary\n", "")
    findings = rule(audit(demo_copy), "police", "author").findings
    assert [(f.line, f.field) for f in findings] == [(line_of(imr, "author:"), "author.job_title")]


def test_records_not_secured_fails(demo_copy: Path) -> None:
    imr = review_dir(demo_copy) / "imr" / "csc.md"
    edit(imr, "records_secured: 2023-11-28\n", "")
    edit(imr, "Records were secured on 28 November 2023. ", "")
    assert only_failure(audit(demo_copy), "csc", "records-secured")


# --------------------------------------------------------------------------- methodology


def test_methodology_without_interviews_or_dates_fails(demo_copy: Path) -> None:
    imr = review_dir(demo_copy) / "imr" / "health.md"
    text = imr.read_text(encoding="utf-8")
    start = text.index("## Methodology\n")
    imr.write_text(
        text[:start]
        + "## Methodology\n\nThe author read the health visiting record.\n\n"
        + text[text.index("## Family composition") :],
        encoding="utf-8",
    )
    findings = only_failure(audit(demo_copy), "health", "methodology")
    assert len(findings) == 1 and findings[0].line == line_of(imr, "## Methodology")
    assert "staff interviewed" in findings[0].message and "dates" in findings[0].message
    assert "documents read" not in findings[0].message


# ----------------------------------------------------------------------------- diversity


@pytest.mark.parametrize(
    ("text", "passes"),
    [
        ("None apply.", False),
        ("There are no diversity issues in this case.", False),
        ("Not applicable.", False),
        ("None apply, because the family are White British, speak English and no disability was known.", True),
        ("No diversity issues arose as the family's identity played no part in decisions.", True),
    ],
)
def test_diversity_excluded_needs_a_reason(demo_copy: Path, text: str, passes: bool) -> None:
    imr = review_dir(demo_copy) / "imr" / "police.md"
    body = imr.read_text(encoding="utf-8")
    start = body.index("## Diversity\n")
    imr.write_text(
        body[:start] + f"## Diversity\n\n{text}\n\n" + body[body.index("## Lessons learned") :], encoding="utf-8"
    )
    report = audit(demo_copy)
    if passes:
        assert report.findings == []
    else:
        findings = only_failure(report, "police", "diversity")
        assert [f.line for f in findings] == [line_of(imr, "## Diversity")]


# ----------------------------------------------------------------------------- questions


def test_unanswered_question_is_named(demo_copy: Path) -> None:
    imr = review_dir(demo_copy) / "imr" / "csc.md"
    text = imr.read_text(encoding="utf-8")
    start = text.index("### Q5:")
    imr.write_text(text[:start] + text[text.index("### Q6:") :], encoding="utf-8")
    findings = only_failure(audit(demo_copy), "csc", "questions")
    # Reported where the answer belongs: after the answer to the question before it.
    assert [(f.line, "Q5" in f.message) for f in findings] == [(line_of(imr, "### Q4:"), True)]
    assert "after the answer to Q4" in findings[0].message


def test_not_applicable_without_a_reason_fails(demo_copy: Path) -> None:
    imr = review_dir(demo_copy) / "imr" / "police.md"
    text = imr.read_text(encoding="utf-8")
    start = text.index("Not applicable: Tilly was never")
    imr.write_text(text[:start] + "Not applicable.\n\n" + text[text.index("### Q9:") :], encoding="utf-8")
    findings = only_failure(audit(demo_copy), "police", "questions")
    assert [(f.line, "Q8" in f.message) for f in findings] == [(line_of(imr, "### Q8:"), True)]


# ------------------------------------------------------------------ sign-off, chronology


def test_missing_sign_off_fails(demo_copy: Path) -> None:
    imr = review_dir(demo_copy) / "imr" / "education.md"
    edit(
        imr,
        "sign_off:\n  name: Deborah Lanyon\n  designation: Director of Education and Inclusion, "
        "Eastmoor Council\n  date: 2024-03-28\n",
        "",
    )
    assert only_failure(audit(demo_copy), "education", "sign-off")


def test_missing_chronology_fails(demo_copy: Path) -> None:
    (review_dir(demo_copy) / "chronology" / "health.csv").unlink()
    findings = only_failure(audit(demo_copy), "health", "chronology")
    assert "chronology/health.csv" in findings[0].message


def test_invalid_chronology_fails_with_its_error_count(demo_copy: Path) -> None:
    chronology = review_dir(demo_copy) / "chronology" / "csc.csv"
    edit(chronology, "17.10.2022,09:15", "31.02.2022,09:15")
    edit(chronology, "18.10.22,", "45.10.22,")
    findings = only_failure(audit(demo_copy), "csc", "chronology")
    assert len(findings) == 1 and findings[0].path == display_path(chronology)
    assert "2 error(s)" in findings[0].message and findings[0].line == 2


# ----------------------------------------------------------------------- recommendations


def test_recommendation_resting_on_a_paragraph_outside_the_analysis_fails(demo_copy: Path) -> None:
    imr = review_dir(demo_copy) / "imr" / "csc.md"
    edit(
        imr,
        "are addressed in the service's recruitment plan and are not\nrepeated as a recommendation here.",
        "are addressed in the service's recruitment plan and are not\nrepeated as a recommendation here. "
        "{#csc-workload}",
    )
    edit(imr, "rests_on: [csc-child-voice]", "rests_on: [csc-child-voice, csc-workload]")
    findings = only_failure(audit(demo_copy), "csc", "rests-on")
    assert [f.line for f in findings] == [line_of(imr, "    rests_on: [csc-child-voice, csc-workload]")]
    assert "csc-workload" in findings[0].message and "Analysis of involvement" in findings[0].message


def test_recommendation_resting_on_nothing_or_an_unknown_label_fails(demo_copy: Path) -> None:
    imr = review_dir(demo_copy) / "imr" / "csc.md"
    edit(imr, "rests_on: [csc-child-voice]", "rests_on: []")
    edit(imr, "rests_on: [csc-partner-checks]", "rests_on: [csc-no-such-paragraph]")
    report = audit(demo_copy)
    messages = [f.message for f in rule(report, "csc", "rests-on").findings]
    assert len(messages) == 2
    assert any("CSC-R1" in m and "does not exist" in m for m in messages)
    assert any("CSC-R4" in m and "does not say" in m for m in messages)
    # Without an analysis paragraph to rest on, CSC-R4 is not achievable and relevant.
    assert [s.recommendation for s in report.smart if not s.achievable] == ["CSC-R4"]


def test_a_single_label_without_brackets_is_read_as_one_label(demo_copy: Path) -> None:
    imr = review_dir(demo_copy) / "imr" / "csc.md"
    edit(imr, "rests_on: [csc-child-voice]", "rests_on: csc-child-voice")
    report = audit(demo_copy)
    assert rule(report, "csc", "rests-on").findings == []
    # The schema still asks for a list, through the review's own findings.
    assert [f.field for f in report.review_findings] == ["recommendations[3].rests_on"]


def test_action_for_an_unknown_recommendation_fails(demo_copy: Path) -> None:
    plan = review_dir(demo_copy) / "action-plans" / "police.md"
    edit(plan, "recommendation: POLICE-R4", "recommendation: POLICE-R9")
    report = audit(demo_copy)
    findings = rule(report, "police", "actions").findings
    assert [(f.path, f.line) for f in findings] == [
        (display_path(plan), line_of(plan, "    recommendation: POLICE-R9"))
    ]
    # POLICE-R4 has lost its only action too.
    assert "POLICE-R4" in rule(report, "police", "action-plan").findings[0].message


def test_leads_and_owners_naming_a_person_fail_without_printing_the_name(demo_copy: Path) -> None:
    imr = review_dir(demo_copy) / "imr" / "health.md"
    plan = review_dir(demo_copy) / "action-plans" / "csc.md"
    edit(imr, "lead: Named GP for Safeguarding Children", "lead: Dr Imogen Tranter")
    edit(imr, "lead: Designated Nurse for Safeguarding Children", "lead: HV1")
    edit(plan, "owner: Principal Social Worker", "owner: Ms Ramanathan")
    report = audit(demo_copy)
    health = [(f.line, f.message) for f in rule(report, "health", "job-titles").findings]
    assert [line for line, _ in health] == [line_of(imr, "    lead: Dr Imogen Tranter"), line_of(imr, "    lead: HV1")]
    assert "(GP1)" in health[0][1] and "(HV1)" in health[1][1]
    csc = rule(report, "csc", "job-titles").findings
    assert [(f.path, f.line) for f in csc] == [(display_path(plan), line_of(plan, "    owner: Ms Ramanathan"))]
    assert "(SW1)" in csc[0].message
    assert not any(re.search("Tranter|Ramanathan|Imogen", f.message) for f in report.findings)
    assert {s.recommendation for s in report.smart if not s.owned} == {"HEALTH-R2", "HEALTH-R3"}


# ---------------------------------------------------------------------------------- SMART


@pytest.mark.parametrize(
    ("field", "value", "failed"),
    [
        ("recommendation", "Improve information sharing.", "Specific"),
        ("recommendation", "Consider whether the strategy meeting template should record police checks.", "Specific"),
        ("recommendation", "Amend the strategy meeting template to record police checks as appropriate.", "Specific"),
        ("measure", "", "Measurable"),
        ("outcome", "", "Achievable and relevant"),
        ("timescale", "when resources allow", "Timed"),
    ],
)
def test_smart_tests(demo_copy: Path, field: str, value: str, failed: str) -> None:
    imr = review_dir(demo_copy) / "imr" / "education.md"
    text = imr.read_text(encoding="utf-8")
    meta = yaml.safe_load(text.split("---")[1])
    meta["recommendations"][0][field] = value
    imr.write_text("---\n" + yaml.safe_dump(meta, sort_keys=False) + "---" + text.split("---", 2)[2], encoding="utf-8")
    report = audit(demo_copy)
    scores = {s.recommendation: s for s in report.smart}
    assert scores["EDUCATION-R1"].failed == [failed]
    assert sum(s.smart for s in report.smart) == 13
    assert "EDUCATION-R1" in rule(report, "education", "smart").findings[0].message


@pytest.mark.parametrize(
    ("smart", "total", "expected"),
    [
        (4, 5, "most"),
        (79, 100, "large majority"),
        (13, 20, "large majority"),
        (64, 100, "majority"),
        (1, 2, "majority"),
        (49, 100, "minority"),
        (0, 0, "no recommendations"),
    ],
)
def test_inspectors_bands(smart: int, total: int, expected: str) -> None:
    scores = [SmartScore(f"R{i}", *(5 * [i < smart])) for i in range(total)]
    assert band(smart_share(scores)) == expected


# ---------------------------------------------------------------------- dates and output


def test_with_a_date_overdue_actions_are_warnings(demo_copy: Path, capsys) -> None:
    plan = review_dir(demo_copy) / "action-plans" / "csc.md"
    report = audit(demo_copy, today=date(2024, 10, 1))
    overdue = rule(report, "csc", "on-track").findings
    # CSC-A2 and CSC-A3 were due on 30 September 2024 and are in progress; CSC-A1 is complete.
    due_lines = [
        i
        for i, line in enumerate(plan.read_text(encoding="utf-8").splitlines(), 1)
        if line == "    target_date: 2024-09-30"
    ]
    assert sorted(f.line for f in overdue) == due_lines
    assert sorted(re.search(r"CSC-A\d", f.message).group(0) for f in overdue) == ["CSC-A2", "CSC-A3"]
    assert not report.has_errors and rule(report, "csc", "on-track").mark == "!"
    code, out = run(demo_copy, capsys, today="2024-10-01")
    assert code == 0 and ": warning:" in out
    assert run(demo_copy, capsys, today="next week")[0] == 2


def test_format_table_is_plain_text_unless_coloured(demo_copy: Path) -> None:
    report = audit(demo_copy)
    plain = format_table(report)
    assert "\x1b[" not in plain and "CSC (imr/csc.md, Pan Dorset format)" in plain
    assert "14 of 14 recommendations SMART, timed and owned (100%): most" in plain
    assert "\x1b[" in format_table(report, color=True)


def test_qa_page_is_a_page_with_a_section_per_imr(demo_copy: Path) -> None:
    cut_section(review_dir(demo_copy) / "imr" / "education.md", "Diversity")
    page = qa_page_markdown(audit(demo_copy))
    _, front, body = page.split("---\n", 2)
    assert yaml.safe_load(front) == {
        "type": "page",
        "title": "Quality assurance: Serious Case Review: Child T",
        "status": "approved",
        "version": "1.0",
    }
    assert [h for h in body.splitlines() if h.startswith("## ")][:4] == [
        "## CSC",
        "## Police",
        "## Health",
        "## Education",
    ]
    education = body[body.index("## Education") : body.index("## The whole review")]
    assert "| Diversity addressed or excluded with a reason | ✗ |" in education
    assert "diversity is not addressed" in education
    assert "3 of 3 recommendations SMART, timed and owned (100%): most" in education


def test_an_agency_without_an_imr_is_a_review_finding(demo_copy: Path) -> None:
    (review_dir(demo_copy) / "imr" / "police.md").unlink()
    report = audit(demo_copy)
    index = review_dir(demo_copy) / "index.md"
    assert [(f.path, f.line) for f in report.review_findings] == [
        (display_path(index), line_of(index, "  - id: police"))
    ]
    assert report.has_errors
