"""The public site as a member of the public meets it: the board's name and logo, an
accessibility statement linked from every page, and the text before the key tables."""

from __future__ import annotations

import re

import pytest
from browser_support import Tab
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]

REVIEW = "reviews/eastmoor-child-t-2024/"
BOARD = "Eastmoor Safeguarding Children Partnership"  # extra.casereview.board.name in mkdocs.yml
PUBLIC_PAGES = ["", REVIEW + "executive-summary/", REVIEW + "synopsis/", REVIEW + "key/", "accessibility/"]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_every_public_page_names_the_board_and_links_the_statement(public_url: str, tab: Tab, path: str) -> None:
    page = tab.page
    page.goto(public_url + path)
    footer = page.locator("footer")
    expect(footer).to_contain_text(BOARD)
    expect(footer).not_to_contain_text("Material for MkDocs")
    logo = page.locator("header .md-logo img")
    expect(logo).to_be_visible()
    assert (logo.get_attribute("src") or "").startswith("data:image/svg+xml")
    footer.get_by_role("link", name="Accessibility statement").click()
    expect(page).to_have_url(public_url + "accessibility/")
    expect(page.locator("article h1")).to_have_text(re.compile("Accessibility statement"))


def test_statement_gives_contact_compliance_enforcement_and_date(public_url: str, tab: Tab) -> None:
    page = tab.page
    page.goto(public_url + "accessibility/")
    article = page.locator("article")
    for heading in (
        "Using this website",
        "How accessible this website is",
        "Feedback and contact information",
        "Enforcement procedure",
        "Compliance status",
        "Non-accessible content",
        "How we tested this website",
        "Preparation of this accessibility statement",
    ):
        expect(article.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    # The values of extra.casereview.accessibility in mkdocs.yml.
    email = article.get_by_role("link", name="accessibility@eastmoor-scp.example.org")
    expect(email).to_have_attribute("href", "mailto:accessibility@eastmoor-scp.example.org")
    expect(article).to_contain_text("01632 960 000")
    expect(article).to_contain_text("partially compliant with the Web Content Accessibility Guidelines version 2.2 AA")
    expect(article).to_contain_text("prepared on 1 June 2024")
    expect(article.get_by_role("link", name="Equality Advisory and Support Service (EASS)")).to_be_visible()


@pytest.mark.parametrize("slug", ["executive-summary", "synopsis"])
def test_public_document_on_a_phone_opens_with_its_text(public_url: str, tab: Tab, slug: str) -> None:
    page = tab.page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(public_url + REVIEW + slug + "/")
    first_paragraph = page.locator("article p[data-para]").first
    expect(first_paragraph).to_be_in_viewport()
    tables_above = page.evaluate(
        """() => {
            const first = document.querySelector('article p[data-para]').getBoundingClientRect().top;
            return [...document.querySelectorAll('article table')]
                .filter(t => t.checkVisibility() && t.getBoundingClientRect().top < first).length;
        }"""
    )
    assert tables_above == 0, "a table is shown before the document's first paragraph"


def test_key_of_the_executive_summary_opens_on_demand(public_url: str, tab: Tab) -> None:
    page = tab.page
    page.goto(public_url + REVIEW + "executive-summary/")
    key = page.locator("article details.casereview-key")
    expect(key.locator("table")).not_to_be_visible()
    key.locator("summary").click()
    expect(key.get_by_role("cell", name="Child T", exact=True)).to_be_visible()
    glossary = page.locator("article details.casereview-glossary")
    expect(glossary.locator("summary")).to_have_text("Glossary of abbreviations")
