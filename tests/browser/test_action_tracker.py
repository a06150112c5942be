"""The action tracker's filters and overdue marks, in a real headless Chromium (Debian's)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import markdown
import pytest

from casereview.actions.html import tracker_page_markdown
from casereview.render.markdown import MARKDOWN_EXTENSIONS
from casereview.sources.review import load_review
from project_paths import DEMO_REVIEW, PROJECT

pytestmark = pytest.mark.slow

# CSC-A2, CSC-A3, EDUCATION-A1, HEALTH-A2 and POLICE-A2 are past their dates and not complete.
TODAY = date(2025, 1, 15)


def _page(tmp_path: Path) -> Path:
    review = load_review(DEMO_REVIEW)
    body = markdown.markdown(
        tracker_page_markdown([review], TODAY).split("---\n", 2)[2], extensions=MARKDOWN_EXTENSIONS
    )
    assets = PROJECT / "theme" / "overrides" / "assets"
    page = tmp_path / "tracker.html"
    page.write_text(
        f"<!doctype html><meta charset=utf-8><style>{(assets / 'actions.css').read_text()}</style>"
        f"{body}<script>{(assets / 'actions.js').read_text()}</script>",
        encoding="utf-8",
    )
    return page


@pytest.mark.browser
def test_tracker_filters_share_their_view_and_mark_overdue_actions(browser, tmp_path: Path) -> None:
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        # A shared link opens with its filters applied.
        page.goto(_page(tmp_path).as_uri() + "?agency=Police&overdue=yes")

        def count() -> str:
            return page.inner_text(".casereview-tracker__count")

        def visible_ids() -> list[str]:
            return page.locator(".casereview-tracker__table tbody tr:visible td:nth-child(3)").all_inner_texts()

        assert count() == "1 of 19 actions" and visible_ids() == ["POLICE-A2"]
        assert page.input_value("select[name=agency]") == "Police" and page.is_checked("input[name=overdue]")

        # Overdue is a word and a shape: "Overdue since ..." after a triangle, in a dashed box.
        mark = page.locator(".casereview-tracker__table tbody tr:visible .casereview-overdue")
        assert mark.inner_text().replace("\xa0", " ") == "▲ Overdue since 31 July 2024"
        assert mark.evaluate("e => getComputedStyle(e).borderTopStyle") == "dashed"

        page.click("button[type=reset]")
        page.wait_for_function(
            "document.querySelector('.casereview-tracker__count').textContent === '19 of 19 actions'"
        )
        assert "?" not in page.url

        page.select_option("select[name=state]", "not-started")
        assert sorted(visible_ids()) == ["CSC-A4", "EDUCATION-A3", "HEALTH-A2", "POLICE-A4"]
        assert page.url.endswith("?state=not-started")
        page.select_option("select[name=owner]", "Head of Health Visiting")
        assert visible_ids() == ["HEALTH-A2"] and count() == "1 of 19 actions"
        assert "owner=Head+of+Health+Visiting" in page.url
        assert page.locator("tr:visible .casereview-overdue").count() == 1

        page.click("button[type=reset]")
        page.select_option("select[name=review]", "eastmoor-child-t-2024")
        page.check("input[name=overdue]")
        assert sorted(visible_ids()) == ["CSC-A2", "CSC-A3", "EDUCATION-A1", "HEALTH-A2", "POLICE-A2"]
        assert page.locator("tbody tr:visible .casereview-overdue").count() == 5
        assert not errors
    finally:
        page.close()
