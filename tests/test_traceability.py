"""Traceability: recommendation → analysis → narrative → chronology, and on to actions."""

from __future__ import annotations

import posixpath
import re
from datetime import date
from pathlib import Path

import markdown
import pytest
import yaml

from casereview.checks.traceability import (
    Traceability,
    prose_dates,
    trace_review,
    traceability_page_markdown,
)
from casereview.chronology.composite import composite
from casereview.chronology.page import composite_page_markdown
from casereview.render.markdown import MARKDOWN_EXTENSIONS, render_imr_pages, render_review
from casereview.render.rendered_page import RenderedPage
from casereview.render.site import SiteState
from casereview.sources.review import Review
from project_paths import DEMO_CONTENT

SLUG = "eastmoor-child-t-2024"
PERIOD = (date(2022, 9, 1), date(2023, 11, 30))
# Demo analysis paragraphs that neither cite the narrative nor mention a date (checked by
# reading imr/*.md): the matrix cannot see what they rest on until their authors say so.
DATELESS_DEMO_ANALYSIS = {"csc-child-voice", "police-pnd-not-shared", "education-hunger"}
STRUCTURAL_GAPS = ("no-rests-on", "label-outside-analysis", "no-action", "action-without-recommendation")


def traced(content: Path) -> tuple[Traceability, Review, list[RenderedPage]]:
    state = SiteState.load(content, "internal")
    review = state.reviews[SLUG]
    pages = render_imr_pages(state, review)
    return trace_review(review, pages), review, pages


@pytest.fixture(scope="module")
def demo() -> tuple[Traceability, Review, list[RenderedPage]]:
    return traced(DEMO_CONTENT)


def rows_by_id(trace: Traceability) -> dict:
    return {row.recommendation: row for imr in trace.imrs for row in imr.rows}


def days(*values: date) -> list[tuple[date, date]]:
    return [(d, d) for d in values]


# --------------------------------------------------------------------------- dates in prose


def test_a_list_of_days_takes_the_year_written_at_its_end() -> None:
    spans, _ = prose_dates("CIN meetings took place on 3 May, 28 June and 20 September 2023.")
    assert spans == days(date(2023, 5, 3), date(2023, 6, 28), date(2023, 9, 20))


def test_a_list_crossing_new_year_puts_its_first_day_in_the_year_before() -> None:
    spans, _ = prose_dates("She was away from 28 December to 3 January 2023.")
    assert spans == days(date(2022, 12, 28), date(2023, 1, 3))


def test_a_day_without_year_takes_the_year_nearest_the_previous_date() -> None:
    looking_back, _ = prose_dates("On 18 October 2022 the HV read the notice of the incident of 14 October.")
    moving_on, _ = prose_dates("On 20 December 2022 she visited. On 5 January the GP saw her.")
    assert looking_back[1] == (date(2022, 10, 14), date(2022, 10, 14))
    assert moving_on[1] == (date(2023, 1, 5), date(2023, 1, 5))


def test_the_previous_paragraph_carries_its_last_date_in() -> None:
    _, anchor = prose_dates("The case was allocated on 1 March 2023.")
    spans, _ = prose_dates("She visited on 8 March.", anchor)
    assert spans == days(date(2023, 3, 8))


def test_a_day_that_falls_twice_in_the_period_is_not_guessed() -> None:
    assert prose_dates("It happened on 14 October.", None, PERIOD)[0] == []
    assert prose_dates("It happened on 14 March.", None, PERIOD)[0] == days(date(2023, 3, 14))


def test_numeric_month_and_range_forms_are_read() -> None:
    spans, _ = prose_dates("Seen on 14.10.2022, 15/10/22 and 2022-10-16; absent 10 to 13 October 2023; in April 2023.")
    assert spans == [
        *days(date(2022, 10, 14), date(2022, 10, 15), date(2022, 10, 16), date(2023, 10, 10), date(2023, 10, 13)),
        (date(2023, 4, 1), date(2023, 4, 30)),
    ]


def test_numbers_that_are_not_dates_are_ignored() -> None:
    assert prose_dates("She weighed 12.2 kg; attendance for 2022/23 fell to 86%; 31 June 2023 is no day.")[0] == []


# --------------------------------------------------------------------------- the demo


def test_every_demo_recommendation_traces_to_analysis_and_to_an_action(demo) -> None:
    trace, review, _ = demo
    recommended = {r["id"] for doc in review.documents_of_type("imr") for r in doc.meta["recommendations"]}
    rows = rows_by_id(trace)
    assert set(rows) == recommended and len(recommended) == 14
    for row in rows.values():
        assert row.rests_on and not row.bad_labels, row.recommendation
        assert {p.section for p in row.rests_on} <= {"analysis", "lessons"}
        assert row.actions, row.recommendation
    assert [a.id for a in rows["CSC-R1"].actions] == ["CSC-A1", "CSC-A2"]
    assert [(a.id, a.status) for a in rows["CSC-R3"].actions] == [("CSC-A5", "complete")]


def test_the_demo_has_no_false_gaps(demo) -> None:
    trace, _, _ = demo
    assert [g for g in trace.gaps if g.kind in STRUCTURAL_GAPS] == []
    unanchored = {p.anchor for row in rows_by_id(trace).values() for p in row.unanchored}
    assert unanchored <= DATELESS_DEMO_ANALYSIS
    for row in rows_by_id(trace).values():
        if not {p.anchor for p in row.rests_on} <= DATELESS_DEMO_ANALYSIS:
            assert row.narrative and row.chronology, row.recommendation


def test_matrix_numbers_are_the_numbers_the_site_shows(demo) -> None:
    trace, _, pages = demo
    html_of = {page.url: page.html for page in pages}
    shown = [p for row in rows_by_id(trace).values() for p in (*row.rests_on, *row.narrative)]
    assert shown
    for paragraph in shown:
        assert f'id="{paragraph.anchor}" data-para="{paragraph.number}"' in html_of[paragraph.page]
    # csc-partner-checks is the second paragraph under Q4, the fifth of section 7 (Analysis).
    assert [p.number for p in rows_by_id(trace)["CSC-R1"].rests_on] == ["7.5"]


def test_analysis_reaches_the_chronology_through_dated_narrative(demo) -> None:
    rows = rows_by_id(demo[0])
    # "The assessment of April 2023" → narrative 6.3 "authorised on 19 April 2023" → the CSC entry.
    csc = rows["CSC-R1"]
    assert [p.number for p in csc.narrative] == ["6.3"]
    assert ("19.04.2023", "csc") in {(ref.date, ref.agency) for ref in csc.chronology}
    # "28 February 2023" (evidence-led prosecution) → the third Police narrative paragraph.
    police = rows["POLICE-R4"]
    assert [p.number for p in police.narrative] == ["6.3"]
    assert {ref.agency for ref in police.chronology} == {"police"}


def test_citing_another_imrs_analysis_is_a_cross_reference_not_evidence(demo) -> None:
    row = rows_by_id(demo[0])["EDUCATION-R3"]  # rests on a paragraph citing the CSC IMR's analysis
    assert {p.agency for p in row.narrative} == {"education"}
    assert {ref.agency for ref in row.chronology} == {"education"}


def test_unmentioned_chronology_entries_are_counted_per_agency(demo) -> None:
    trace, _, _ = demo
    by_agency = {imr.agency: imr for imr in trace.imrs}
    assert set(by_agency) == {"csc", "police", "health", "education"}
    for imr in by_agency.values():
        assert imr.chronology_total > 0
        # No narrative gives the date of 27 November 2023 (checked in imr/*.md); every chronology has it.
        assert "27.11.2023" in {ref.date for ref in imr.unmentioned}
    # "absent from 10 to 13 October 2023" mentions the entry of 10 October.
    assert "10.10.2023" not in {ref.date for ref in by_agency["education"].unmentioned}
    unmentioned_gaps = {g.agency: g for g in trace.gaps_of("unmentioned-chronology")}
    assert f"{len(by_agency['csc'].unmentioned)} of 20 CSC" in unmentioned_gaps["csc"].message


def test_render_review_pages_give_the_same_matrix(demo) -> None:
    trace, _, _ = demo
    state = SiteState.load(DEMO_CONTENT, "internal")
    again = trace_review(state.reviews[SLUG], render_review(state, state.reviews[SLUG]))
    numbers = {r.recommendation: [p.number for p in r.rests_on + r.narrative] for r in rows_by_id(trace).values()}
    assert numbers == {
        r.recommendation: [p.number for p in r.rests_on + r.narrative] for r in rows_by_id(again).values()
    }


# --------------------------------------------------------------------------- edited copies of the demo


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old  # guard the fixture edit itself, not the code under test
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def edit_frontmatter(path: Path, change) -> None:
    _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
    meta = yaml.safe_load(front)
    change(meta)
    path.write_text(
        "---\n" + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True) + "---\n" + body, encoding="utf-8"
    )


def test_dateless_analysis_is_anchored_once_it_cites_or_dates_the_narrative(demo_copy: Path) -> None:
    trace, _, _ = traced(demo_copy)
    assert {g.kind for g in trace.gaps} == {"unmentioned-chronology"}
    assert "police-pnd-result" in {p.anchor for p in rows_by_id(trace)["POLICE-R1"].narrative}
    # Without the dates and the citation, those analysis paragraphs rest on nothing.
    imr = demo_copy / "reviews" / SLUG / "imr"
    edit(imr / "csc.md", "saw him alone twice, on 8 and 15 March 2023, and", "saw him alone twice, and")
    edit(imr / "police.md", " (paragraph [](#police-pnd-result)).", ".")
    edit(imr / "education.md", "on starting nursery in September 2023 were", "on starting nursery were")
    trace, _, _ = traced(demo_copy)
    unanchored = {g.agency for g in trace.gaps if g.kind == "unanchored-analysis"}
    assert unanchored == {"csc", "police", "education"}


def break_demo(content: Path) -> None:
    review = content / "reviews" / SLUG

    def recommendations(meta: dict) -> None:
        recs = {r["id"]: r for r in meta["recommendations"]}
        del recs["CSC-R1"]["rests_on"]
        recs["CSC-R2"]["rests_on"] = ["no-such-label"]
        recs["CSC-R3"]["rests_on"] = ["csc-lessons"]  # a lessons paragraph: allowed

    def actions(meta: dict) -> None:
        meta["actions"] = [a for a in meta["actions"] if a["id"] != "CSC-A6"]
        meta["actions"].append({**meta["actions"][0], "id": "CSC-A7", "recommendation": "CSC-R9"})

    edit_frontmatter(review / "imr" / "csc.md", recommendations)
    edit(
        review / "imr" / "csc.md",
        "repeated as a recommendation here.",
        "repeated as a recommendation here. {#csc-lessons}",
    )
    edit_frontmatter(review / "action-plans" / "csc.md", actions)


def test_a_broken_copy_shows_each_gap(demo_copy: Path) -> None:
    break_demo(demo_copy)
    trace, _, _ = traced(demo_copy)
    found = {(g.kind, g.subject) for g in trace.gaps if g.kind in STRUCTURAL_GAPS}
    assert found == {
        ("no-rests-on", "CSC-R1"),
        ("label-outside-analysis", "CSC-R2"),
        ("no-action", "CSC-R4"),
        ("action-without-recommendation", "CSC-A7"),
    }
    assert "CSC-R9" in trace.gaps_of("action-without-recommendation")[0].message
    lessons_row = rows_by_id(trace)["CSC-R3"]
    assert [p.section for p in lessons_row.rests_on] == ["lessons"]
    # The lessons paragraph cites the analysis, which rests on narrative 6.3 and 6.4.
    assert [p.number for p in lessons_row.narrative] == ["6.3", "6.4"] and not lessons_row.unanchored


# --------------------------------------------------------------------------- the page


def page_html(trace: Traceability, review: Review) -> tuple[dict, str]:
    _, front, body = traceability_page_markdown(trace, review).split("---\n", 2)
    return yaml.safe_load(front), markdown.markdown(body, extensions=MARKDOWN_EXTENSIONS)


def table_rows(html: str) -> dict[str, str]:
    """Each table row by the recommendation or action id in its first cell."""
    rows = re.findall(r"<tr[^>]*>.*?</tr>", html, re.S)
    keyed = {}
    for row in rows:
        first = re.search(r"<td[^>]*>(.*?)</td>", row, re.S)
        if first:
            keyed[re.sub(r"<[^>]*>", "", first.group(1)).replace("\u26a0", "").strip()] = row
    return keyed


def test_the_page_has_its_frontmatter_and_one_table_per_imr(demo) -> None:
    trace, review, _ = demo
    text = traceability_page_markdown(trace, review)
    meta, html = page_html(trace, review)
    assert meta == {
        "type": "page",
        "title": "Traceability: Serious Case Review: Child T",
        "status": "approved",
        "version": "1.0",
    }
    assert html.count("<table>") == 4
    blocks = re.findall(r"(?m)^<div class=\"casereview-traceability casereview-no-number\">", text)
    assert len(blocks) == 5  # the gap list and four tables
    assert all(f"\n\n{b}" in text for b in blocks)


def test_paragraph_links_lead_to_the_numbered_paragraph(demo) -> None:
    trace, review, pages = demo
    _, html = page_html(trace, review)
    by_url = {page.url: page.html for page in pages}
    here = f"reviews/{SLUG}/traceability/"
    links = re.findall(r'<a href="(\.\./imr/[^"#]+/)#([^"]+)">([\d.]+)</a>', html)
    assert len(links) > 20
    for href, anchor, number in links:
        target = posixpath.normpath(posixpath.join(here, href)) + "/"
        assert f'id="{anchor}" data-para="{number}"' in by_url[target]
    assert '<a href="../imr/csc/#csc-partner-checks">7.5</a>' in html


def test_chronology_links_lead_to_the_composite_row_of_that_entry(demo) -> None:
    trace, review, _ = demo
    _, html = page_html(trace, review)
    composite_html = composite_page_markdown(review, composite(review)[0], with_ages=False)
    links = re.findall(r'<a href="\.\./chronology/#(entry-\d+)">([\d.]+) (\w+)</a>', html)
    assert links
    for row_id, shown_date, _agency in links:
        row = re.search(rf'<tr id="{row_id}".*?</tr>', composite_html, re.S)
        assert row is not None and shown_date in row.group(0)


def test_gaps_are_marked_on_the_page(demo_copy: Path) -> None:
    break_demo(demo_copy)
    trace, review, _ = traced(demo_copy)
    _, html = page_html(trace, review)
    rows = table_rows(html)
    for broken in ("CSC-R1", "CSC-R2", "CSC-R4", "CSC-R9: no such recommendation"):
        assert rows[broken].startswith('<tr class="gap">') and "\u26a0" in rows[broken], broken
    assert rows["CSC-R3"].startswith("<tr>") and "\u26a0" not in rows["CSC-R3"]
    assert "no action" in rows["CSC-R4"] and "no rests_on" in rows["CSC-R1"]


def test_the_page_names_no_one(demo) -> None:
    trace, review, _ = demo
    text = traceability_page_markdown(trace, review)
    for entity in review.key:
        if not entity.public:
            for name in (*entity.names, *entity.aliases):
                assert not re.search(rf"\b{re.escape(name)}\b", text, re.I), entity.acronym
