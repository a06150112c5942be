"""Navigation in the order a panel reads a review, not the alphabetical order of files."""

from __future__ import annotations

from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from casereview.sources import paths
from casereview.sources.doctypes import per_agency_types, reading_order


def _rank(item: object, order: list[str]) -> tuple[int, str]:
    if isinstance(item, Page):
        name = item.file.src_uri.rsplit("/", 1)[-1]
        title = item.title or ""
    elif isinstance(item, Section):
        first = next((c for c in item.children if isinstance(c, Page)), None)
        name = first.file.src_uri.split("/")[-2] if first else ""
        title = item.title
    else:
        return (len(order), "")
    rank = order.index(name) if name in order else len(order)
    return (rank, title.casefold())


def section_titles() -> dict[str, str]:
    """Titles of the folders: each per-agency document type's, and the reviews'."""
    return {**{t.location: t.section_title for t in per_agency_types()}, paths.REVIEWS: "Reviews"}


def _folder(section: Section, depth: int = 1) -> str:
    """The source folder a section stands for, read from the first page below it."""
    for child in section.children:
        if isinstance(child, Page):
            parts = child.file.src_uri.split("/")
            return parts[-1 - depth] if len(parts) > depth else ""
        if isinstance(child, Section):
            return _folder(child, depth + 1)
    return ""


def _sort(items: list, titles: dict[str, str], order: list[str], sections: dict[str, str]) -> None:
    for item in items:
        if isinstance(item, Section):
            folder = _folder(item)
            item.title = titles.get(folder) or sections.get(folder, item.title)
            _sort(item.children, titles, order, sections)
    if any(isinstance(i, Page) and i.file.src_uri.startswith(paths.REVIEWS + "/") for i in items):
        items.sort(key=lambda item: _rank(item, order))


def order_navigation(nav: Navigation, review_titles: dict[str, str]) -> Navigation:
    """Sort each review's pages in reading order; name sections by review title."""
    _sort(nav.items, review_titles, reading_order(), section_titles())
    return nav
