"""The chronology page's filters, in a real headless Chromium (Debian's)."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest

from casereview.chronology import per_person
from casereview.chronology.composite import composite
from casereview.chronology.page import composite_page_markdown
from casereview.sources.review import load_review
from project_paths import DEMO_REVIEW, PROJECT
from test_chronology_page import SITE_EXTENSIONS, expected_count

pytestmark = pytest.mark.slow


@pytest.mark.browser
def test_filter_script_in_headless_chromium(browser, tmp_path: Path) -> None:
    review = load_review(DEMO_REVIEW)
    merged, errors = composite(review)
    assert not errors
    demo_page = composite_page_markdown(review, merged, with_ages=True)
    assets = PROJECT / "theme" / "overrides" / "assets"
    body = markdown.markdown(demo_page.split("---\n", 2)[2], extensions=SITE_EXTENSIONS)
    (tmp_path / "page.html").write_text(
        f"<!doctype html><meta charset=utf-8><style>{(assets / 'chronology.css').read_text()}"
        f"</style>{body}<script>{(assets / 'chronology.js').read_text()}</script>",
        encoding="utf-8",
    )
    page = browser.new_page()
    try:
        page.goto((tmp_path / "page.html").as_uri())

        def count() -> str:
            return page.inner_text(".casereview-chronology__count")

        def visible() -> int:
            return page.locator(".casereview-chronology__table tbody tr:visible").count()

        assert count() == "67 of 67 entries"
        page.select_option("select[name=agency]", "police")
        page.check("input[name=seen]")
        n = expected_count(merged, agency="police", seen=True)
        assert count() == f"{n} of 67 entries" and visible() == n
        page.click("button[type=reset]")
        page.select_option("select[name=person]", "Grandmother G")
        page.fill("input[name=from]", "2023-03-01")
        page.fill("input[name=to]", "2023-06-30")
        n = expected_count(merged, person="Grandmother G", start="2023-03-01", end="2023-06-30")
        assert count() == f"{n} of 67 entries" and visible() == n
        page.click("button[type=reset]")
        page.wait_for_function(
            "document.querySelector('.casereview-chronology__count').textContent === '67 of 67 entries'"
        )
        # The button of a family member's section filters the table to them.
        page.click('details[data-person="Sibling S"] > summary')
        page.click('button[data-filter-person="Sibling S"]')
        n = len(per_person(merged, "Sibling S"))
        assert count() == f"{n} of 67 entries" and visible() == n
        assert page.input_value("input[name=from]") == ""
    finally:
        page.close()
