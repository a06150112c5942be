"""The two built sites as a reader sees them, in a real headless Chromium.

Internal: the marking banner, the status line, paragraph numbers, citation links
and search. Public: the landing page, its PDFs, search that finds the executive
summary but nothing from an IMR, and internal pages that are simply not there.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urljoin

import pytest
from browser_support import BuiltSites, Tab
from playwright.sync_api import Locator, Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]

REVIEW = "reviews/eastmoor-child-t-2024/"
REVIEW_TITLE = "Serious Case Review: Child T"
MARKING = "OFFICIAL-SENSITIVE"
PARA_NUMBER = re.compile(r"^\d+(\.\d+)+$")
# In the health and police IMRs only: not in the executive summary, synopsis or terms of reference.
IMR_ONLY_WORD = "ambulance"
# From the executive summary's summary of the case.
EXEC_SUMMARY_WORD = "unresponsive"


def settle(page: Page) -> None:
    """Wait out CSS transitions (material animates nav sections) so a click lands where aimed."""
    page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')")


def screenshot(page: Page, artifacts: Path, name: str) -> None:
    settle(page)
    page.screenshot(path=str(artifacts / f"{name}.png"), full_page=True)


def primary_nav_link(page: Page, text: str) -> Locator:
    """The navigation link titled ``text``; its name may end with the page's status word."""
    name = re.compile("^" + re.escape(text) + r"(\s+(Draft|Submitted|Approved|Published))?$")
    return page.locator(".md-nav--primary").get_by_role("link", name=name)


def expect_marking_banner(page: Page) -> None:
    banner = page.locator(".md-banner .casereview-marking")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text(MARKING, ignore_case=True)


def require_word(content: Path, word: str, in_files: list[str], not_in_files: list[str]) -> None:
    """Fail clearly if the demo content no longer fits a search test's chosen word."""
    review = content / REVIEW

    def holds(pattern: str) -> bool:
        return any(word in path.read_text(encoding="utf-8").lower() for path in review.glob(pattern))

    if not all(map(holds, in_files)) or any(map(holds, not_in_files)):
        pytest.fail(
            f"the demo content changed: {word!r} should occur in {in_files} and not in "
            f"{not_in_files}; pick another word for this test"
        )


def search_for(page: Page, word: str) -> None:
    """Type into material's search box the way a reader would (the index runs in a worker)."""
    query = page.locator("input.md-search__input")
    query.click()
    expect(query).to_be_focused()
    query.press_sequentially(word, delay=20)


def search_meta(page: Page) -> Locator:
    return page.locator(".md-search-result__meta")


# --- internal site ---------------------------------------------------------------


def test_internal_nav_leads_to_marked_numbered_documents(internal_url: str, tab: Tab, artifacts: Path) -> None:
    page = tab.page
    page.goto(internal_url)
    expect_marking_banner(page)
    screenshot(page, artifacts, "internal-home")

    primary_nav_link(page, REVIEW_TITLE).click()
    expect(page).to_have_url(internal_url + REVIEW)
    expect(page.locator("article h1")).to_contain_text("Terms of Reference")
    expect_marking_banner(page)
    screenshot(page, artifacts, "internal-terms-of-reference")

    # With navigation.prune a closed section is a link to its first page.
    nav = page.locator(".md-nav--primary")
    nav.locator(".md-nav__link", has_text="Individual Management Reviews").first.click()
    settle(page)
    primary_nav_link(page, "Individual Management Review: Police").click()
    expect(page).to_have_url(internal_url + REVIEW + "imr/police/")
    expect_marking_banner(page)
    status = page.locator("article .casereview-status")
    expect(status).to_be_visible()
    expect(status).to_have_text(re.compile(r"Approved\s*·\s*version\s+\d+\.\d+"))
    numbers = page.locator("article p[data-para] > .para-num")
    expect(numbers.first).to_be_visible()
    assert numbers.count() >= 10, "an IMR of several sections should show many paragraph numbers"
    assert PARA_NUMBER.match(numbers.first.inner_text().strip())
    screenshot(page, artifacts, "internal-imr-police")
    assert tab.script_errors == []


def test_citation_link_scrolls_to_the_paragraph_it_names(internal_url: str, tab: Tab) -> None:
    page = tab.page
    page.goto(internal_url + REVIEW + "imr/police/")
    citation = page.locator("article a.para-ref[href^='#']").last
    number = citation.inner_text().strip()
    assert PARA_NUMBER.match(number), f"citation link shows {number!r}, not a paragraph number"
    citation.click()
    target = page.locator(":target")
    expect(target).to_have_attribute("data-para", number)
    expect(target).to_be_in_viewport()


def test_citation_of_another_imr_opens_that_paragraph(internal_url: str, tab: Tab) -> None:
    page = tab.page
    page.goto(internal_url + REVIEW + "imr/police/")
    citation = page.locator("article a.para-ref[href^='../']").first
    number = citation.inner_text().strip()
    assert PARA_NUMBER.match(number), f"citation link shows {number!r}, not a paragraph number"
    citation.click()
    expect(page).not_to_have_url(internal_url + REVIEW + "imr/police/")
    target = page.locator(":target")
    expect(target).to_have_attribute("data-para", number)
    expect(target).to_be_in_viewport()
    expect_marking_banner(page)


def test_every_citation_on_an_imr_shows_its_targets_number(internal_url: str, tab: Tab) -> None:
    page = tab.page
    page.goto(internal_url + REVIEW + "imr/health/")
    mismatches = page.evaluate(
        """() => [...document.querySelectorAll("article a.para-ref[href^='#']")]
            .map(a => [a.textContent.trim(),
                       document.getElementById(decodeURIComponent(a.hash.slice(1)))
                           ?.dataset.para ?? null])
            .filter(([shown, target]) => shown !== target)"""
    )
    assert page.locator("article a.para-ref").count() > 0
    assert mismatches == []


def test_internal_search_finds_a_word_from_an_imr(
    built_sites: BuiltSites, internal_url: str, tab: Tab, artifacts: Path
) -> None:
    require_word(built_sites.content, IMR_ONLY_WORD, ["imr/*.md"], [])
    page = tab.page
    page.goto(internal_url)
    search_for(page, IMR_ONLY_WORD)
    results = page.locator(".md-search-result__item")
    expect(results.first).to_be_visible()
    expect(search_meta(page)).to_contain_text("matching document")
    # A section hit (its snippet shows the word marked), not the page-level entry above it.
    imr_hit = page.locator(f".md-search-result__link[href*='{REVIEW}imr/']:has(mark)").first
    expect(imr_hit).to_be_visible()
    screenshot(page, artifacts, "internal-search")
    imr_hit.click()
    expect(page).to_have_url(re.compile(re.escape(internal_url + REVIEW) + r"imr/\w+/"))
    expect(page.locator("article mark[data-md-highlight]").first).to_be_visible()
    assert tab.script_errors == []


# --- public site -------------------------------------------------------------------


def test_public_landing_lists_the_review_and_its_documents(public_url: str, tab: Tab, artifacts: Path) -> None:
    page = tab.page
    page.goto(public_url)
    article = page.locator("article")
    expect(article.get_by_role("heading", name=re.compile(REVIEW_TITLE))).to_be_visible()
    documents = (("executive-summary", "Executive summary"), ("synopsis", "Synopsis of learning"))
    for slug, title in documents:
        expect(article.locator(f"a[href='{REVIEW}{slug}/']", has_text=title)).to_be_visible()
        pdf_link = article.locator(f"a[href$='-{slug}.pdf']")
        expect(pdf_link).to_be_visible()
        response = page.request.get(urljoin(page.url, pdf_link.get_attribute("href") or ""))
        assert response.status == 200
        assert response.headers["content-type"] == "application/pdf"
        assert response.body().startswith(b"%PDF-")
    screenshot(page, artifacts, "public-landing")
    assert tab.script_errors == []


@pytest.mark.parametrize("slug", ["executive-summary", "synopsis"])
def test_public_documents_open_from_the_landing_page_without_a_marking(
    public_url: str, tab: Tab, artifacts: Path, slug: str
) -> None:
    page = tab.page
    page.goto(public_url)
    expect(page.locator(".md-banner")).to_have_count(0)
    page.locator(f"article a[href='{REVIEW}{slug}/']").click()
    expect(page).to_have_url(public_url + REVIEW + slug + "/")
    expect(page.locator("article h1")).to_be_visible()
    expect(page.locator(".md-banner, .casereview-marking")).to_have_count(0)
    expect(page.get_by_text(MARKING, exact=False)).to_have_count(0)
    screenshot(page, artifacts, f"public-{slug}")
    assert tab.script_errors == []


def test_public_search_finds_the_executive_summary_but_no_imr(
    built_sites: BuiltSites, public_url: str, tab: Tab
) -> None:
    require_word(built_sites.content, EXEC_SUMMARY_WORD, ["executive-summary.md"], [])
    require_word(built_sites.content, IMR_ONLY_WORD, ["imr/*.md"], ["executive-summary.md", "synopsis.md", "index.md"])
    page = tab.page
    page.goto(public_url)
    search_for(page, EXEC_SUMMARY_WORD)
    expect(page.locator(f".md-search-result__link[href*='{REVIEW}executive-summary/']").first).to_be_visible()

    page.locator("input.md-search__input").fill("")
    search_for(page, IMR_ONLY_WORD)
    expect(search_meta(page)).to_have_text(re.compile("no matching documents", re.IGNORECASE))
    expect(page.locator(".md-search-result__item")).to_have_count(0)


def test_reviews_json_lists_documents_the_public_server_serves(public_url: str, tab: Tab) -> None:
    response = tab.page.request.get(public_url + "reviews.json")
    assert response.status == 200
    assert response.headers["content-type"].startswith("application/json")
    reviews = json.loads(response.body())["reviews"]
    documents = [doc for review in reviews for doc in review["documents"]]
    assert {doc["type"] for doc in documents} >= {"executive-summary", "synopsis"}
    for doc in documents:
        for link in (doc["url"], doc["pdf"]):
            assert tab.page.request.get(public_url + link).status == 200, link


@pytest.mark.parametrize(
    "path",
    [
        REVIEW,  # the terms of reference
        REVIEW + "imr/police/",
        REVIEW + "imr/health/",
        REVIEW + "overview-report/",
        REVIEW + "action-plans/csc/",
        REVIEW + "chronology/",
        "guide/content-model/",
    ],
)
def test_public_server_has_no_internal_page(public_url: str, tab: Tab, path: str) -> None:
    response = tab.page.request.get(public_url + path)
    assert response.status == 404
