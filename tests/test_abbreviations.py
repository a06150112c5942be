"""Abbreviation checks: unknown abbreviations, first use spelled out, and the rewrite."""

from __future__ import annotations

import textwrap
from pathlib import Path

import frontmatter
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from casereview.checks.abbreviations import (
    expand_first_use,
    find_first_use_not_spelled_out,
    find_unknown_abbreviations,
    pluralise,
)
from casereview.sources.glossary import Abbreviation, Glossary
from casereview.sources.key import Key

GLOSSARY = Glossary(
    [
        Abbreviation("A&E", "Accident and Emergency"),
        Abbreviation("CSC", "Children's Social Care"),
        Abbreviation("GP", "General Practitioner"),
        Abbreviation("HV", "Health Visitor"),
        Abbreviation("ICPC", "Initial Child Protection Conference"),
        Abbreviation("LAC", "Looked After Child"),
        Abbreviation("MASH", "Multi-Agency Safeguarding Hub"),
        Abbreviation("S47", "Section 47 of the Children Act 1989"),
        Abbreviation("ToR", "Terms of Reference"),
    ]
)
DEMO_CONTENT = Path(__file__).resolve().parents[1] / "content"
DEMO_REVIEW = DEMO_CONTENT / "reviews" / "eastmoor-child-t-2024"
KEY_ACRONYMS = ["Child T", "Mother M", "SW1", "PC1", "DS1", "School 1", "GP Practice 1", "CSC"]


def md(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def unknown(text: str, first_line: int = 1) -> list[tuple[str, int, int]]:
    problems = find_unknown_abbreviations(md(text), glossary=GLOSSARY, key_acronyms=KEY_ACRONYMS, first_line=first_line)
    assert all(p.kind == "unknown" for p in problems)
    return [(p.abbr, p.line, p.column) for p in problems]


def not_spelled_out(text: str, first_line: int = 1) -> list[tuple[str, int, int]]:
    problems = find_first_use_not_spelled_out(
        md(text), glossary=GLOSSARY, key_acronyms=KEY_ACRONYMS, first_line=first_line
    )
    assert all(p.kind == "not-spelled-out" for p in problems)
    return [(p.abbr, p.line, p.column) for p in problems]


def expand(text: str) -> str:
    return expand_first_use(md(text), glossary=GLOSSARY, key_acronyms=KEY_ACRONYMS)


IMR_EXTRACT = """
    # Individual Management Review: Health

    ## Agency involvement

    Mother M registered Child T with GP Practice 1 in 2021. The General Practitioner (GP)
    saw Child T twice. On 3 March 2023 SW1 phoned the GP and the Health Visitor (HV).
    The QXZ panel met; the GP sent a letter. The QXZ minutes were not shared.
"""


# --- unknown abbreviations -------------------------------------------------------


def test_unknown_abbreviation_reported_once_at_first_use_with_file_line() -> None:
    # the body starts on line 12 of the file, after the frontmatter
    assert unknown(IMR_EXTRACT, first_line=12) == [("QXZ", 18, 5)]


def test_unknown_message_names_the_fix_and_counts_uses() -> None:
    [problem] = find_unknown_abbreviations(md(IMR_EXTRACT), glossary=GLOSSARY, key_acronyms=KEY_ACRONYMS)
    assert "glossary.yml" in problem.message and "write it in full" in problem.message
    assert '"QXZ" (used 2 times' in problem.message


def test_glossary_and_key_acronyms_are_known() -> None:
    text = """
        The MASH, A&E and the GPs saw the S47 papers; SW1 and PC1 told DS1 and CSC.
        School 1 and GP Practice 1 were asked; the ToR were agreed.
    """
    assert unknown(text) == []


def test_words_of_key_acronyms_are_not_unknown() -> None:
    assert (
        find_unknown_abbreviations(
            "The PPX team met. PPX Team 1 attended.", glossary=GLOSSARY, key_acronyms=["PPX Team 1"]
        )
        == []
    )


def test_plural_of_an_unknown_abbreviation_is_reported_by_its_singular() -> None:
    assert unknown("Two ABCs were held.") == [("ABC", 1, 5)]


def test_ampersand_belongs_to_the_token() -> None:
    assert unknown("He went to R&D and then to ward B12 and the XY unit.") == [("R&D", 1, 12), ("XY", 1, 45)]


def test_capitals_with_digits_are_reference_numbers_unless_they_look_like_a_key_acronym() -> None:
    # NICE guideline NG76, recommendation R4, ward B12: numbers of things, not jargon.
    # SW3 beside the key's SW1 is a person's acronym the key lacks: still reported.
    assert unknown("NICE guideline NG76 and CG89; recommendation R4; ward B12. SW3 visited.") == [
        ("NICE", 1, 1),
        ("SW3", 1, 60),
    ]


def test_ordinary_capitals_roman_numerals_and_times_are_ignored() -> None:
    text = "NB: this is NOT final. See Part IV and Appendix XII. The call was at 10 PM. OFFICIAL"
    assert unknown(text) == []


def test_code_links_labels_markers_and_html_are_ignored() -> None:
    text = """
        [[key]]

        See the [guidance](https://example.org/QXA/index.html "QXB") and <https://example.org/QXC>.
        A paragraph about the meeting. {#late-referral}

        ```yaml
        QXD: true
        ```

            QXE indented code

        Use `QXF` in the template. <span class="QXG" data-x="QXH">text</span> <!-- QXI note -->
        [](#late-referral) [](../imr/police.md#QXJ-label)

        *[QXK]: An abbreviation definition line
    """
    assert unknown(text) == []


def test_indented_list_continuation_is_prose_not_code() -> None:
    text = """
        - first point

            continued in the list item, mentioning QXL
    """
    assert unknown(text) == [("QXL", 3, 44)]


def test_headings_and_tables_count_as_use() -> None:
    text = """
        ## The QXM decision

        | Date | Event |
        |---|---|
        | 1 May | QXN meeting |
    """
    assert unknown(text) == [("QXM", 1, 8), ("QXN", 5, 11)]


def test_mixed_case_abbreviation_known_only_when_in_glossary() -> None:
    assert unknown("The ToR and the DoLS") == []  # mixed case is never a candidate unless known
    assert not_spelled_out("The ToR were agreed.") == [("ToR", 1, 5)]


# --- first use spelled out -------------------------------------------------------


def test_spelled_out_first_uses_are_not_reported() -> None:
    assert not_spelled_out(IMR_EXTRACT) == []


def test_first_use_not_spelled_out_reported_once_at_first_use() -> None:
    text = """
        The MASH screened the referral.
        Later the MASH closed it, and the MASH reopened it.
    """
    problems = find_first_use_not_spelled_out(md(text), glossary=GLOSSARY, key_acronyms=KEY_ACRONYMS, first_line=20)
    assert [(p.abbr, p.line, p.column) for p in problems] == [("MASH", 20, 5)]
    assert '"Multi-Agency Safeguarding Hub (MASH)"' in problems[0].message


def test_spelled_out_later_is_still_reported_at_the_first_use() -> None:
    text = "The GP saw her. Later the General Practitioner (GP) referred her."
    assert not_spelled_out(text) == [("GP", 1, 5)]


def test_tolerated_forms_of_the_spelled_out_first_use() -> None:
    text = """
        Two general practitioners (GPs) and the accident & emergency (A&E) team;
        a **Multi Agency Safeguarding Hub** (MASH) and
        an ICPC (Initial Child Protection Conference, held on 2 May). Section 47 of the
        Children Act 1989 (S47) enquiries. Looked After Children (LAC) and the
        Terms of Reference (ToR); the HV (Health Visitors) visited.
    """
    assert not_spelled_out(text) == []


def test_wrong_expansion_is_reported() -> None:
    assert not_spelled_out("The Health Visiting (HV) service called.") == [("HV", 1, 22)]


def test_key_acronyms_need_no_spelling_out_even_when_in_glossary() -> None:
    assert not_spelled_out("CSC and SW1 met at GP Practice 1.") == []


def test_use_inside_a_key_acronym_is_not_the_first_use() -> None:
    # "GP" inside "GP Practice 1" is part of the key acronym; the later bare GP is the first use
    assert not_spelled_out("Child T attended GP Practice 1.\nThe GP was told.") == [("GP", 2, 5)]


def test_heading_need_not_spell_out_but_body_must() -> None:
    text = """
        ## Involvement of the GP

        The General Practitioner (GP) saw Child T.

        ## The MASH

        The MASH screened it.
    """
    assert not_spelled_out(text) == [("MASH", 7, 5)]


def test_spelled_out_in_a_heading_counts() -> None:
    text = """
        ## The Multi-Agency Safeguarding Hub (MASH)

        The MASH screened it.
    """
    assert not_spelled_out(text) == []


def test_code_is_not_a_first_use() -> None:
    text = """
        ```
        GP
        ```
        The `GP` field. The General Practitioner (GP) was told.
    """
    assert not_spelled_out(text) == []


# --- expand_first_use ---------------------------------------------------------------


def test_expand_rewrites_only_the_first_use() -> None:
    text = "The GP saw her; the GP wrote to the MASH.\n"
    assert expand(text) == (
        "The General Practitioner (GP) saw her; the GP wrote to the Multi-Agency Safeguarding Hub (MASH).\n"
    )


def test_expand_leaves_code_links_headings_and_key_acronyms_alone() -> None:
    text = """
        ## The GP

        ```
        GP code
        ```

        See [the guide](https://example.org/GP/) and `GP`; GP Practice 1 and CSC.
        The GPs met.
    """
    expected = md(text).replace("The GPs met.", "The General Practitioners (GPs) met.")
    assert expand(text) == expected


def test_expand_is_idempotent_on_spelled_out_text() -> None:
    assert expand(IMR_EXTRACT) == md(IMR_EXTRACT)
    once = expand("The MASH and A&E. The MASH.")
    assert once == "The Multi-Agency Safeguarding Hub (MASH) and Accident and Emergency (A&E). The MASH."
    assert expand_first_use(once, glossary=GLOSSARY, key_acronyms=KEY_ACRONYMS) == once


PLURALS = {
    "Health Visitor": "Health Visitors",
    "Looked After Child": "Looked After Children",
    "Public Protection Notice": "Public Protection Notices",
    "Safeguarding Adults Board": "Safeguarding Adults Boards",
    "Family Group Conference": "Family Group Conferences",
    "Independent Domestic Violence Adviser": "Independent Domestic Violence Advisers",
    "Strategy": "Strategies",
    "Box": "Boxes",
}


@pytest.mark.parametrize(("phrase", "plural"), PLURALS.items())
def test_pluralise(phrase: str, plural: str) -> None:
    assert pluralise(phrase) == plural


# --- the demo review ------------------------------------------------------------------


def _demo_glossary() -> Glossary:
    shared = Glossary.from_mapping(yaml.safe_load((DEMO_CONTENT / "glossary.yml").read_text()))
    return shared.extended(Glossary.from_mapping(yaml.safe_load((DEMO_REVIEW / "glossary.yml").read_text())))


def test_demo_review_has_no_unknown_abbreviations() -> None:
    glossary = _demo_glossary()
    key = Key.from_mapping(yaml.safe_load((DEMO_REVIEW / "key.yml").read_text()))
    for path in sorted(DEMO_REVIEW.rglob("*.md")):
        body = frontmatter.loads(path.read_text()).content
        problems = find_unknown_abbreviations(body, glossary=glossary, key_acronyms=key.acronyms)
        assert problems == [], (path.name, [(p.abbr, p.line) for p in problems])


def test_own_wording_is_reported_with_its_own_fix_but_not_rewritten() -> None:
    text = "The Health Visiting (HV) service called. The HV came back."
    [problem] = find_first_use_not_spelled_out(text, glossary=GLOSSARY, key_acronyms=KEY_ACRONYMS)
    assert "other words" in problem.message and '"Health Visitor"' in problem.message
    assert expand_first_use(text, glossary=GLOSSARY, key_acronyms=KEY_ACRONYMS) == text


@settings(max_examples=300, deadline=None)
@given(
    cuts=st.lists(st.integers(0, 60), max_size=12, unique=True).map(sorted),
    start=st.integers(0, 60),
    width=st.integers(1, 10),
)
def test_overlap_test_agrees_with_checking_every_span(cuts: list[int], start: int, width: int) -> None:
    from casereview.checks.abbreviations import _inside

    spans = list(zip(cuts[0::2], cuts[1::2], strict=False))  # sorted, not overlapping
    naive = any(s < start + width and start < e for s, e in spans)
    assert _inside(spans, start, start + width) == naive


# --- issue 14: report only what is wrong ------------------------------------------------


def test_words_of_capitals_headings_titles_and_runs_are_not_abbreviations() -> None:
    text = (
        "# SERIOUS CASE REVIEW: CHILD R – EXECUTIVE SUMMARY\n\n"
        "## 4. METHODOLOGY\n\n"
        "**FRONT SHEET**\n\n"
        "Issued by the MARLSHIRE LOCAL SAFEGUARDING CHILDREN BOARD on behalf of the XYZ.\n"
    )
    assert unknown(text) == [("XYZ", 7, 76)]


def test_a_lone_capitals_heading_is_an_abbreviation_where_headings_are_not_in_capitals() -> None:
    assert unknown("## Methodology\n\n## QXR\n\nText.") == [("QXR", 3, 4)]


def test_citations_honorifics_ranks_ids_and_postcodes_are_not_abbreviations() -> None:
    text = (
        "(Re B (Children) [2008] UKHL 35); Re W [2013] EWCA Civ 1146. HM Government (2015).\n"
        "The DS and a DCI attended with PC 2286 at LS1 4AB. POLICE-R1 and HEALTH-A2.1 are done."
    )
    assert unknown(text) == []


def test_a_glossary_section_in_the_document_defines_its_abbreviations() -> None:
    from casereview.checks.abbreviations import document_glossary

    body = (
        "The TAF met and the EWO came.\n\n## 12. Glossary\n\n| Abbreviation | Meaning |\n|---|---|\n"
        "| TAF | Team Around the Family |\n\n**Abbreviations**\n\nEWO – Education Welfare Officer\n"
    )
    own = document_glossary(body)
    assert [(a.abbr, a.expansion) for a in own] == [
        ("TAF", "Team Around the Family"),
        ("EWO", "Education Welfare Officer"),
    ]
    problems = find_unknown_abbreviations(body, glossary=GLOSSARY.extended(own), key_acronyms=KEY_ACRONYMS)
    assert problems == []


def test_glossary_definition_lines_are_not_uses() -> None:
    # A&E is defined in the document's glossary: that line is neither a use nor the expansion.
    body = "## Glossary\n\n| A&E | Accident and Emergency |\n"
    assert not_spelled_out(body) == []


def test_a_key_acronym_broken_across_lines_is_one_acronym() -> None:
    assert unknown("one health IMR covering GP\nPractice 1 and School 1.") == [("IMR", 1, 12)]


def test_legitimate_variants_of_spelling_out_count() -> None:
    assert not_spelled_out("Progress is Accident or Emergency (A&E) rated.") == []
    assert not_spelled_out("section 17 of the Children Social Care Act 1989 (CSC)") == []


def test_a_document_glossary_entry_keeps_its_explanation_apart() -> None:
    from casereview.checks.abbreviations import document_glossary

    own = document_glossary("## Glossary\n\n| EDT | Emergency Duty Team – the out-of-hours service |\n| CIN | Child in Need (s17) |\n")
    assert [(a.abbr, a.expansion) for a in own] == [("EDT", "Emergency Duty Team"), ("CIN", "Child in Need")]


def test_a_run_of_abbreviations_is_not_a_title() -> None:
    assert unknown("Referrals went to QXR – ZPQ – KWV that week.") == [("QXR", 1, 19), ("ZPQ", 1, 25), ("KWV", 1, 31)]


def test_a_use_before_the_spelling_out_says_where_it_is_spelled_out() -> None:
    problems = find_first_use_not_spelled_out(
        md("The GP saw her.\n\nLater the General Practitioner (GP) referred her."),
        glossary=GLOSSARY,
        key_acronyms=KEY_ACRONYMS,
    )
    assert [p.message for p in problems] == [
        '"GP" is used here before it is spelled out (line 3); spell it out at this first use instead'
    ]
