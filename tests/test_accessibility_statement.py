"""The public site's accessibility statement (GOV.UK model) from mkdocs.yml's settings,
and the key and glossary folded on public web pages."""

from __future__ import annotations

from datetime import date

import pytest

from casereview.render.accessibility_statement import (
    AccessibilitySettingError,
    settings_from_extra,
    statement_markdown,
)
from casereview.render.markers import html_table
from casereview.render.webpage import collapse_reference_tables

MODEL_SECTIONS = [
    "## Using this website",
    "## How accessible this website is",
    "## Feedback and contact information",
    "## Enforcement procedure",
    "## Technical information about this website's accessibility",
    "### Compliance status",
    "### Non-accessible content",
    "## How we tested this website",
    "## Preparation of this accessibility statement",
]


def extra(**accessibility: object) -> dict[str, object]:
    return {"casereview": {"board": {"name": "Northfell Board"}, "accessibility": accessibility}}


def test_statement_has_every_section_of_the_model_filled_from_the_settings() -> None:
    settings = settings_from_extra(
        extra(contact_email="a11y@northfell.example", contact_phone="01632 960 123", prepared=date(2024, 1, 15))
    )
    page = statement_markdown(settings, "Northfell Board", "Northfell reviews")
    positions = [page.index(section) for section in MODEL_SECTIONS]
    assert positions == sorted(positions), "the sections are in the model statement's order"
    assert "mailto:a11y@northfell.example" in page and "01632 960 123" in page
    assert "prepared on 15 January 2024" in page
    assert "partially compliant" in page  # the default: nothing was claimed
    assert "Equality Advisory and Support Service" in page
    assert page.startswith("---\ntype: page\n")  # no paragraph numbers, like the landing page


def test_fully_compliant_board_says_so_and_lists_its_known_issues() -> None:
    settings = settings_from_extra(
        extra(contact_email="a@b.example", compliance="Fully", known_issues=["Old scans have no text layer."])
    )
    page = statement_markdown(settings, "Northfell Board", "Northfell reviews")
    assert "fully compliant" in page and "partially compliant" not in page
    assert "- Old scans have no text layer." in page


def test_no_settings_still_gives_a_statement_naming_the_board() -> None:
    assert settings_from_extra({"casereview": {}}) is None
    page = statement_markdown(None, "Northfell Board", "Northfell reviews")
    assert "contact Northfell Board" in page and "a date the board has not yet recorded" in page


@pytest.mark.parametrize(
    ("settings", "field"),
    [
        ({"prepared": "2024-01-15"}, "contact_email"),
        ({"contact_email": "a@b.example", "prepared": "15/01/2024"}, "prepared"),
        ({"contact_email": "a@b.example", "compliance": "mostly"}, "compliance"),
        ({"contact_email": "a@b.example", "known_issues": "PDFs"}, "known_issues"),
    ],
)
def test_unusable_setting_names_the_field(settings: dict[str, object], field: str) -> None:
    with pytest.raises(AccessibilitySettingError, match=rf"extra\.casereview\.accessibility\.{field} in mkdocs\.yml"):
        settings_from_extra(extra(**settings))


def test_settings_as_a_list_are_refused() -> None:
    with pytest.raises(AccessibilitySettingError, match="must be a mapping"):
        settings_from_extra({"casereview": {"accessibility": ["a@b.example"]}})


def test_key_and_glossary_fold_into_closed_details_and_the_text_is_kept() -> None:
    key = html_table("Key to acronyms", ["Acronym", "Role"], [["Child T", "Subject"]], "casereview-key")
    glossary = html_table(
        "Glossary of abbreviations", ["Abbreviation", "Meaning"], [["GP", "doctor"]], "casereview-glossary"
    )
    page = f"<h1>Summary</h1>{key}{glossary}<h2>About</h2><p>Text</p>"
    folded = collapse_reference_tables(page)
    assert folded.count("<details") == 2 and "<details open" not in folded
    assert "<summary>Key to acronyms</summary>" in folded
    assert "<summary>Glossary of abbreviations</summary>" in folded
    assert "<td>Child T</td>" in folded and "<td>GP</td>" in folded
    assert folded.endswith("<h2>About</h2><p>Text</p>")
