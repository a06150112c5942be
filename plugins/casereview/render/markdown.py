"""Render a review's documents to finished HTML without MkDocs.

``casereview pdf`` and the benchmarks need the pages exactly as the sites show them
(markers, anonymisation, numbering, citations) but not a whole site. This is the
same :class:`~casereview.render.site.SiteState` pipeline, with Python-Markdown called directly and
``.md`` links rewritten to directory URLs the way MkDocs does.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable

import markdown
import yaml

from casereview.anonymise.sanitise import SITE_MARKDOWN_EXTENSIONS
from casereview.render.generated import review_pages
from casereview.render.markerguard import check_markers
from casereview.render.rendered_page import RenderedPage
from casereview.render.site_view import SiteView
from casereview.sources import paths
from casereview.sources.review import Review

# The site's Markdown extensions, one list: the sanitiser's allow-list is written for them.
MARKDOWN_EXTENSIONS = SITE_MARKDOWN_EXTENSIONS
MD_LINK = re.compile(r"\]\((?P<target>[^)\s#]+\.md)(?P<anchor>#[^)\s]*)?\)")


def page_url(src_uri: str) -> str:
    """MkDocs' directory URL for a source path: imr/police.md → imr/police/."""
    stem = src_uri[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def rewrite_links(md_text: str, src_uri: str) -> str:
    """``[](../imr/police.md#x)`` → ``[](../police/#x)``, relative to this page's URL."""
    here = page_url(src_uri)

    def replace(match: re.Match[str]) -> str:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), match["target"]))
        relative = posixpath.relpath(page_url(target) or ".", here or ".")
        relative = relative if relative.endswith("/") else relative + "/"
        return f"]({relative}{match['anchor'] or ''})"

    return MD_LINK.sub(replace, md_text)


def document_sources(state: SiteView, review: Review) -> Iterable[tuple[str, str, dict]]:
    """(src_uri, body, meta) of the review's documents this audience's site shows."""
    root = state.content_root
    for doc in review.documents:
        if state.public and not state.is_published(doc.meta):
            continue
        yield doc.path.relative_to(root).as_posix(), doc.body, dict(doc.meta)


def _sources(state: SiteView, review: Review) -> Iterable[tuple[str, str, dict]]:
    yield from document_sources(state, review)
    if not state.public:
        for page in review_pages(state, review):
            _, front, body = page.make().split("---\n", 2)
            yield page.src_uri, body, yaml.safe_load(front)


def render_page(state: SiteView, src_uri: str, body: str, meta: dict) -> RenderedPage:
    """One page as the site renders it: prepared, converted, finished (and recorded in
    ``state``); citations are resolved once every page of the review is rendered."""
    prepared = rewrite_links(state.prepare_markdown(src_uri, body, meta), src_uri)
    html = markdown.markdown(prepared, extensions=MARKDOWN_EXTENSIONS)
    page = RenderedPage(src_uri, page_url(src_uri), str(meta.get("title", "")), meta, html)
    state.finish_html(page)
    return page


def render_imr_pages(state: SiteView, review: Review) -> list[RenderedPage]:
    """The review's IMRs rendered as the site renders them (numbers included)."""
    return [
        render_page(state, doc.path.relative_to(state.content_root).as_posix(), doc.body, dict(doc.meta))
        for doc in review.documents_of_type("imr")
    ]


def render_review(state: SiteView, review: Review) -> list[RenderedPage]:
    """Every page of ``review`` for this audience, finished and with citations resolved.

    Raises :class:`~casereview.render.markerguard.UnresolvedMarker` when a page still holds
    a ``[[marker]]`` (file and line in the message)."""
    pages = [render_page(state, src_uri, body, meta) for src_uri, body, meta in _sources(state, review)]
    for page in pages:
        if paths.is_review_page(page.src_uri, paths.TRACEABILITY_PAGE):
            page.html = state.traceability_html(review.slug)  # as the site fills its stub
        else:
            state.resolve(page)
        root = state.content_root
        check_markers(page.html, f"{root.name}/{page.src_uri}", root / page.src_uri)
    return pages
