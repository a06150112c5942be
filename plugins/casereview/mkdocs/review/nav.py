"""Navigation in the order a panel reads a review, not the alphabetical order of files."""

from __future__ import annotations

from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from casereview.sources import paths

READING_ORDER = (
    "index.md",
    "key.md",
    "executive-summary.md",
    "synopsis.md",
    "overview-report.md",
    "imr",
    "chronology.md",
    "action-plans",
    "qa.md",
    "problems.md",
    "traceability.md",
)


def _rank(item: object) -> tuple[int, str]:
    if isinstance(item, Page):
        name = item.file.src_uri.rsplit("/", 1)[-1]
        title = item.title or ""
    elif isinstance(item, Section):
        first = next((c for c in item.children if isinstance(c, Page)), None)
        name = first.file.src_uri.split("/")[-2] if first else ""
        title = item.title
    else:
        return (len(READING_ORDER), "")
    rank = READING_ORDER.index(name) if name in READING_ORDER else len(READING_ORDER)
    return (rank, title.casefold())


SECTION_TITLES = {"imr": "Individual Management Reviews", "action-plans": "Action plans", paths.REVIEWS: "Reviews"}


def _folder(section: Section, depth: int = 1) -> str:
    """The source folder a section stands for, read from the first page below it."""
    for child in section.children:
        if isinstance(child, Page):
            parts = child.file.src_uri.split("/")
            return parts[-1 - depth] if len(parts) > depth else ""
        if isinstance(child, Section):
            return _folder(child, depth + 1)
    return ""


def _sort(items: list, titles: dict[str, str]) -> None:
    for item in items:
        if isinstance(item, Section):
            folder = _folder(item)
            item.title = titles.get(folder) or SECTION_TITLES.get(folder, item.title)
            _sort(item.children, titles)
    if any(isinstance(i, Page) and i.file.src_uri.startswith(paths.REVIEWS + "/") for i in items):
        items.sort(key=_rank)


def order_navigation(nav: Navigation, review_titles: dict[str, str]) -> Navigation:
    """Sort each review's pages in reading order; name sections by review title."""
    _sort(nav.items, review_titles)
    return nav
