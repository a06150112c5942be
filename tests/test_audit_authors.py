"""The audit reads IMRs as agency authors write them (issue 14): their own headings,
their own ToR markers, recommendations and actions as tables in the body."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from casereview.checks.audit import writes_an_imr
from casereview.checks.audit_presets import PRESETS, outline, section_keys
from casereview.checks.audit_rules import find_answers
from casereview.sources.documents import SourceDocument, frontmatter_text, read_markdown
from casereview.sources.recommendations import (
    actions_of,
    read_timescale,
    recommendations_of,
    same_recommendation,
)


def document(tmp_path: Path, body: str, meta: str = "type: imr\ntitle: T\nagency: csc\n") -> SourceDocument:
    path = tmp_path / "doc.md"
    path.write_text(f"---\n{meta}---\n{body}", encoding="utf-8")
    doc, problems = read_markdown(path, "doc.md")
    assert doc is not None and not problems
    return doc


@pytest.mark.parametrize(
    ("heading", "keys"),
    [
        ("3. ANALYSIS OF INVOLVEMENT", ["analysis"]),
        ("4 Analysis", ["analysis"]),
        ("5. WHAT WAS OUR INVOLVEMENT WITH CHILD R AND HER FAMILY?", ["involvement"]),
        ("4 Health involvement", ["involvement"]),
        ("1 Introduction and statement of independence", ["introduction", "independence"]),
        ("INTRODUCTION AND INDEPENDENCE OF THE AUTHOR", ["introduction", "independence"]),
        ("2. KEY ACRONYMS AND GENOGRAM", ["glossary", "family"]),
        ("CONCLUSIONS AND LESSONS LEARNED", ["lessons"]),
        ("11. AGENCY SIGN OFF", ["sign-off"]),
        ("2 Scope", ["tor"]),
        ("What do we learn from this case?", ["lessons"]),
        ("SMART Recommendations for action", ["recommendations"]),
        ("Q9: Sensitivity to identity and diversity", []),  # a question, not the diversity section
    ],
)
def test_the_authors_headings_name_the_formats_sections(heading: str, keys: list[str]) -> None:
    assert section_keys(heading) == keys


def test_a_bold_line_on_its_own_is_a_heading() -> None:
    body = "## 5 Analysis\n\nText.\n\n**Diversity**\n\nThe family are White British; none apply because…\n"
    shape = outline(body)
    diversity = shape.keyed()["diversity"]
    assert diversity.line == 5 and "White British" in diversity.text


def test_north_yorkshire_does_not_require_what_the_board_provides() -> None:
    assert PRESETS["north-yorkshire"].required_keys == [
        "independence",
        "involvement",
        "analysis",
        "diversity",
        "lessons",
        "recommendations",
        "sign-off",
    ]


def test_a_question_is_answered_where_a_heading_or_marker_names_it(tmp_path: Path) -> None:
    body = (
        "## Analysis\n\n"
        "### ToR Q1 – Neglect\n\nAnswer one.\n\n"
        "**Child's voice (ToR Q2)**\n\nAnswer two.\n\n"
        "**Question 3 – Assessment**\n\nAnswer three.\n\n"
        "### Term of reference 4\n\nAnswer four.\n\n"
        "Information was shared late (Q5), as the chronology shows.\n\n"
        "Out-of-hours services were involved twice; question seven is about them.\n"
    )
    answers = find_answers(document(tmp_path, body), ["Q1", "Q2", "Q3", "Q4", "Q5", "Q6", "Q7"])
    assert {q: a.text.split("\n")[0] for q, a in answers.items()} == {
        "Q1": "Answer one.",
        "Q2": "Answer two.",
        "Q3": "Answer three.",
        "Q4": "Answer four.",
        "Q5": "Information was shared late (Q5), as the chronology shows.",
    }  # Q6 and Q7 are not answered: "question seven" only mentions one
    assert answers["Q2"].line == 12  # the file line of the bold heading


def test_recommendations_table_with_columns_in_any_order_and_their_synonyms(tmp_path: Path) -> None:
    body = (
        "## 7 Recommendations\n\n"
        "| Timescale | Owner | Action | Measure | Ref | RAG |\n"
        "|---|---|---|---|---|---|\n"
        "| Within 6 months | Head of Service | Audit every step-down. | Audit report | 1 | Amber |\n"
        "| Quarterly | Principal Social Worker | See each child alone. | Dip sample | 2 | Green |\n"
    )
    doc = document(tmp_path, body)
    recs = recommendations_of(doc)
    assert [(r["id"], r["recommendation"], r["lead"], r["timescale"], r["_line"]) for r in recs] == [
        ("1", "Audit every step-down.", "Head of Service", "Within 6 months", 10),
        ("2", "See each child alone.", "Principal Social Worker", "Quarterly", 11),
    ]


def test_actions_belong_to_the_recommendation_named_above_their_table(tmp_path: Path) -> None:
    body = (
        "## Recommendation 1\n\n| Ref | Action | Owner | Target date |\n|---|---|---|---|\n"
        "| 1.1 | Revise the form. | Head of Service | 31/07/2018 |\n\n"
        "**Recommendation 2.** Schools to refer.\n\n| Action | Owner | Target date |\n|---|---|---|\n"
        "| Refer below 90%. | Head of Inclusion | September 2018 |\n"
        "| Report termly. | Head of Inclusion | Each term |\n"
    )
    actions = actions_of(document(tmp_path, body, "type: action-plan\ntitle: P\nagency: csc\nactions: []\n"))
    assert [(a["recommendation"], a["action"], a["target_date"]) for a in actions] == [
        ("1", "Revise the form.", "31/07/2018"),
        ("2", "Refer below 90%.", "September 2018"),
        ("2", "Report termly.", "Each term"),
    ]
    assert [a["id"] for a in actions] == ["1.1", "2.1", "2.2"]  # the Ref column, else rec.place
    assert same_recommendation("4", "4.") and same_recommendation("CSC-R4", "4")
    assert not same_recommendation("CSC-R4", "CSC-R14")


@pytest.mark.parametrize(
    ("written", "kind", "due"),
    [
        ("2024-07-31", "date", date(2024, 7, 31)),
        ("31/07/2018", "date", date(2018, 7, 31)),
        ("Within 6 months", "relative", date(2018, 11, 15)),
        ("Within 3 months", "relative", date(2018, 8, 15)),
        ("March 2025", "month", date(2025, 3, 31)),
        ("Sept 2018", "month", date(2018, 9, 30)),
        ("Quarterly", "recurring", None),
        ("Quarterly from Oct 2018", "recurring", date(2018, 10, 31)),
        ("In place", "in-place", None),
        ("when resources allow", "unknown", None),
    ],
)
def test_timescales_in_words_are_kept_and_interpreted(written: str, kind: str, due: date | None) -> None:
    timescale = read_timescale(written, start=date(2018, 5, 15))
    assert (timescale.text, timescale.kind, timescale.due) == (written, kind, due)


def test_an_agency_that_sends_only_a_chronology_owes_no_imr() -> None:
    assert not writes_an_imr({"id": "police", "name": "Marlshire Police (chronology and information report only)"})
    assert not writes_an_imr({"id": "police", "name": "Police", "imr": False})
    assert writes_an_imr({"id": "csc", "name": "Children's Social Care"})


def test_frontmatter_objects_are_text_in_page_metadata() -> None:
    author = {"name": "Alison Thwaite", "job_title": "Designated Nurse", "qualifications": "RGN"}
    assert frontmatter_text(author) == "Alison Thwaite, Designated Nurse"
    assert "{" not in frontmatter_text([author, "Panel"])


def test_the_page_head_gets_the_author_as_text(demo_copy: Path) -> None:
    from casereview.render.site import SiteState

    state = SiteState.load(demo_copy, "internal", run_checks=False)
    meta = {"type": "imr", "title": "IMR", "author": {"name": "Alison Thwaite", "job_title": "Designated Nurse"}}
    state.prepare_markdown("reviews/eastmoor-child-t-2024/imr/csc.md", "## Analysis\n\nText.\n", meta)
    assert meta["author"] == "Alison Thwaite, Designated Nurse"


def test_an_adult_review_imr_in_its_own_format_has_every_section() -> None:
    # The adult SAR IMR format (reference 001): numbered, "&", capitals, a colon.
    body = "\n\n".join(
        f"{heading}\n\nText."
        for heading in (
            "## INTRODUCTION & DETAILS OF AGENCY",
            "## IMR AUTHOR DETAILS:",
            "## ORGANISATIONAL CONTEXT",
            "## Family and household composition",
            "## 1. Factual & contextual summary",
            "## 2. Chronology of agency involvement",
            "## 3. Source documentation",
            "## 4. Analysis of agency involvement",
            "**Diversity**",
            "## 5. Recommendations for action",
            "## 6. Learning",
            "## 8. Sign-off of the IMR & Chronology",
            "## 10. Abbreviations & anonymisation",
        )
    )
    found = outline(body).keyed()
    assert set(PRESETS["adult-review"].required_keys) <= set(found)
    assert found["involvement"].title == "1. Factual & contextual summary"  # not the chronology heading
