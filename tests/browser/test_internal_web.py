"""The internal site's pages as the panel uses them: the marking that never scrolls
away, statuses told apart without colour, the review timeline, wide tables a keyboard
can scroll, and a chronology filter that the timeline follows and the address keeps."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest
from browser_support import Tab
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]

REVIEW = "reviews/eastmoor-child-t-2024/"
ENTRIES = re.compile(r"^(\d+) of (\d+) entries$")


def test_marking_stays_at_the_top_above_the_header_while_scrolling(internal_url: str, tab: Tab) -> None:
    page = tab.page
    page.goto(internal_url + REVIEW + "imr/police/")
    page.mouse.wheel(0, 4000)
    page.wait_for_function("() => window.scrollY > 1000")
    marking = page.locator(".md-banner .casereview-marking")
    expect(marking).to_be_in_viewport()
    box, header = marking.bounding_box(), page.locator(".md-header").bounding_box()
    assert box is not None and header is not None
    assert box["y"] < 30, f"the marking scrolled to y={box['y']}"
    assert header["y"] >= box["y"] + box["height"], "the header covers the marking"


def test_navigation_statuses_differ_in_word_and_shape(internal_url: str, tab: Tab) -> None:
    page = tab.page
    page.goto(internal_url + REVIEW + "imr/police/")
    nav = page.locator(".md-nav--primary")
    # The demo's health IMR is submitted, the police IMR approved.
    health = nav.get_by_role("link", name=re.compile("Individual Management Review: Health"))
    police = nav.get_by_role("link", name=re.compile("Individual Management Review: Police"))
    expect(health.locator(".md-status__text")).to_have_text("Submitted")
    expect(police.locator(".md-status__text")).to_have_text("Approved")
    expect(health).to_have_accessible_name(re.compile("Submitted"))

    def shape(link: object) -> str:
        return link.locator(".md-status").evaluate("e => getComputedStyle(e, '::after').maskImage")  # type: ignore[attr-defined]

    assert shape(health) != shape(police), "submitted and approved have the same icon"


def test_review_timeline_on_the_terms_of_reference_is_drawn(internal_url: str, tab: Tab) -> None:
    page = tab.page
    page.goto(internal_url + REVIEW)
    drawing = page.locator(".casereview-milestones svg")
    drawing.scroll_into_view_if_needed()
    expect(drawing).to_be_visible()
    box = drawing.bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] > 20, box


def scroll_by_keyboard(page: Page, region_selector: str) -> None:
    """A wide table's box is a named region a keyboard user can focus and scroll."""
    region = page.locator(region_selector).first
    expect(region).to_have_attribute("role", "region")
    expect(region).to_have_attribute("tabindex", "0")
    expect(region).to_have_attribute("aria-label", re.compile(r"\w"))
    assert region.evaluate("e => e.scrollWidth > e.clientWidth"), "the table fits: pick a wider one"
    # Inside the content column (material lets a table's box reach into its padding).
    column = page.locator(".md-content").bounding_box()
    box = region.bounding_box()
    assert column is not None and box is not None
    assert box["x"] + box["width"] <= column["x"] + column["width"] + 1, "the box is wider than the column"
    region.focus()
    expect(region).to_be_focused()
    for _ in range(8):
        page.keyboard.press("ArrowRight")
    page.wait_for_function("e => e.scrollLeft > 0", arg=region.element_handle())


def test_composite_chronology_table_scrolls_in_a_focusable_region(internal_url: str, tab: Tab) -> None:
    tab.page.goto(internal_url + REVIEW + "chronology/")
    scroll_by_keyboard(tab.page, ".casereview-chronology__scroll")


def test_qa_smart_table_scrolls_in_a_focusable_region(internal_url: str, tab: Tab) -> None:
    page = tab.page
    page.goto(internal_url + REVIEW + "qa/")
    page.wait_for_selector(".md-typeset__scrollwrap[role=region]")
    wide = page.evaluate(
        """() => [...document.querySelectorAll('.md-typeset__scrollwrap')]
            .map((e, i) => [i, e.scrollWidth > e.clientWidth]).filter(([, w]) => w).map(([i]) => i)"""
    )
    assert wide, "no QA table is wider than the page at this width"
    names = page.evaluate("() => [...document.querySelectorAll('.md-typeset__scrollwrap')].map(e => e.ariaLabel)")
    assert len(set(names)) == len(names), f"two table regions share a name: {names}"
    scroll_by_keyboard(page, f".md-typeset__scrollwrap >> nth={wide[0]}")


def shown(page: Page) -> tuple[int, int, int]:
    """(rows counted by the form, rows visible, timeline marks visible)."""
    match = ENTRIES.match(page.inner_text(".casereview-chronology__count"))
    assert match, "the filter form shows no count"
    rows = page.locator(".casereview-chronology__table tbody tr:visible").count()
    marks = page.evaluate(
        "() => [...document.querySelectorAll('.casereview-timeline [data-row]')]"
        ".filter(m => getComputedStyle(m).display !== 'none').length"
    )
    return int(match[1]), rows, marks


def test_chronology_filter_moves_the_timeline_and_lives_in_the_address(internal_url: str, tab: Tab) -> None:
    page = tab.page
    page.goto(internal_url + REVIEW + "chronology/")
    total = shown(page)
    assert total[0] == total[1] == total[2] > 0

    page.select_option("select[name=agency]", "police")
    page.check("input[name=seen]")
    counted, rows, marks = shown(page)
    assert 0 < counted < total[0] and counted == rows == marks
    query = parse_qs(urlparse(page.url).query)
    assert query == {"agency": ["police"], "seen": ["1"]}

    # The address opens the same view in a new tab.
    other = page.context.new_page()
    other.goto(page.url)
    expect(other.locator("select[name=agency]")).to_have_value("police")
    expect(other.locator("input[name=seen]")).to_be_checked()
    assert shown(other) == (counted, rows, marks)

    page.click("form.casereview-chronology__filter button[type=reset]")
    page.wait_for_function("() => !window.location.search")
    assert shown(page) == total


def test_chronology_ignores_a_value_the_form_does_not_offer(internal_url: str, tab: Tab) -> None:
    page = tab.page
    page.goto(internal_url + REVIEW + "chronology/?agency=nobody&from=not-a-date&alone=1")
    expect(page.locator("select[name=agency]")).to_have_value("")
    expect(page.locator("input[name=from]")).to_have_value("")
    expect(page.locator("input[name=alone]")).to_be_checked()
    assert parse_qs(urlparse(page.url).query) == {"alone": ["1"]}
