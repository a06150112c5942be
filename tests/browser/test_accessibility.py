"""WCAG 2.2 AA in a real browser: axe-core (vendored, tests/browser/vendor/) over every
public page and the internal pages a panel member works in, at a desktop and a phone
width. The sites are the session's one build (conftest.built_sites)."""

from __future__ import annotations

import pytest
from axe_support import axe_violations, describe
from browser_support import Tab

pytestmark = [pytest.mark.browser, pytest.mark.slow]

REVIEW = "reviews/eastmoor-child-t-2024/"
PUBLIC_PAGES = [
    "",  # the landing page
    REVIEW + "executive-summary/",
    REVIEW + "synopsis/",
    REVIEW + "key/",
    "accessibility/",
]
INTERNAL_PAGES = [
    REVIEW,  # the terms of reference, with the review timeline
    REVIEW + "imr/police/",
    REVIEW + "key/",
    REVIEW + "chronology/",
    REVIEW + "qa/",
    REVIEW + "traceability/",
    "actions/",
]
PHONE = {"width": 390, "height": 844}


def check_page(tab: Tab, url: str) -> None:
    response = tab.page.goto(url)
    assert response is not None and response.status == 200, f"{url} is not served"
    tab.page.wait_for_load_state("load")
    violations = axe_violations(tab.page)
    assert violations == [], f"{url}:\n{describe(violations)}"


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page_has_no_wcag_violation(public_url: str, tab: Tab, path: str) -> None:
    check_page(tab, public_url + path)


@pytest.mark.parametrize("path", INTERNAL_PAGES)
def test_internal_page_has_no_wcag_violation(internal_url: str, tab: Tab, path: str) -> None:
    check_page(tab, internal_url + path)


@pytest.mark.parametrize(
    ("site", "path"), [("public", REVIEW + "executive-summary/"), ("internal", REVIEW + "imr/police/")]
)
def test_page_on_a_phone_has_no_wcag_violation(
    public_url: str, internal_url: str, tab: Tab, site: str, path: str
) -> None:
    tab.page.set_viewport_size(PHONE)
    check_page(tab, (public_url if site == "public" else internal_url) + path)


def test_axe_reports_what_it_should(tab: Tab) -> None:
    """The helper really runs the rules: a page with grey-on-white text and an unnamed
    image is reported, so an empty list above means the pages passed."""
    tab.page.set_content(
        '<!doctype html><html lang="en"><title>t</title><main>'
        '<p style="color:#aaa;background:#fff">Faint text</p><img src="data:,"></main></html>'
    )
    found = {violation["id"] for violation in axe_violations(tab.page)}
    assert {"color-contrast", "image-alt"} <= found
