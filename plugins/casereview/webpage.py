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
