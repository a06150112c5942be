"""Changes to a page's HTML for the web only: the PDF is made from the page as rendered
before these (SiteState.pages), so print keeps the key and glossary where they were."""

from __future__ import annotations

import re

# markers.html_table writes exactly this: one div around one table, no div inside.
_REFERENCE_TABLE = re.compile(
    r'<div class="(?P<kind>casereview-key|casereview-glossary) casereview-no-number">'
    r"(?P<table><table><caption>(?P<caption>.*?)</caption>.*?</table>)</div>",
    re.DOTALL,
)


def collapse_reference_tables(page_html: str) -> str:
    """The key and glossary tables folded into a closed ``<details>``: on a phone a reader
    meets the text first, not two screens of tables, and opens the key when needed."""

    def fold(match: re.Match[str]) -> str:
        return (
            f'<details class="{match["kind"]} casereview-reference casereview-no-number">'
            f"<summary>{match['caption']}</summary>{match['table']}</details>"
        )

    return _REFERENCE_TABLE.sub(fold, page_html)


# mkdocs-material's status mark in the navigation: an empty span with a tooltip.
_NAV_STATUS = re.compile(r'<span class="md-status md-status--(?P<status>[\w-]+)"(?P<title> title="[^"]*")?>\s*</span>')


def label_nav_statuses(page_html: str) -> str:
    """Each status mark in the navigation gets its word ("Draft", "Approved"), so statuses
    are told apart by text (and, in casereview.css, by shape), not by a tooltip alone."""

    def label(match: re.Match[str]) -> str:
        status = match["status"]
        word = status.replace("-", " ").capitalize()
        return (
            f'<span class="md-status md-status--{status}"{match["title"] or ""}>'
            f'<span class="md-status__text">{word}</span></span>'
        )

    return _NAV_STATUS.sub(label, page_html)
