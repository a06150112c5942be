"""The pages casereview writes itself: which pages each site gets, where, and from what.

Internal site, in every review's folder: the key with real names, the composite
chronology (with its timeline) when the review has chronologies, the traceability
matrix and the QA report when it has IMRs, and the open problems. Once per internal
site: the board's action tracker. Public site: the landing page, the accessibility
statement and, for each review with a published document, its key (acronyms and roles,
never names). The paths are :mod:`casereview.sources.paths`'s; the Markdown of each page
comes from its own module (``pages``, ``chronology.page``, ``checks.audit_report``…).

Choosing a site's files needs only the list: each page is *made* when MkDocs first
reads it (:attr:`GeneratedPage.make`), so choosing the files never runs the audit, the
composite chronology or its timeline. Two pages are stubs filled once the whole site is
rendered: the traceability matrix and the open problems
(:meth:`~casereview.render.site.SiteState.traceability_page`,
:meth:`~casereview.render.site.SiteState.problems_html`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from casereview.actions.html import tracker_page_markdown
from casereview.checks.audit import audit_review
from casereview.checks.audit_report import qa_page_markdown
from casereview.chronology.composite import composite_with_counts
from casereview.chronology.page import composite_page_markdown
from casereview.render.pages import key_page_markdown, landing_markdown, published_documents
from casereview.render.site_view import SiteView
from casereview.sources import paths
from casereview.sources.review import Review


@dataclass(frozen=True)
class GeneratedPage:
    """A page casereview adds to a site: its source path and how to make its Markdown
    (with frontmatter), called when the page is read."""

    src_uri: str
    make: Callable[[], str]
    #: The review the page belongs to; None for a page of the whole site.
    review: Review | None = None


def internal_pages(state: SiteView) -> list[GeneratedPage]:
    """Every page the internal site adds: each review's, then the board's."""
    pages = [page for review in state.reviews.values() for page in review_pages(state, review)]
    return pages + board_pages(state)


def review_pages(state: SiteView, review: Review) -> list[GeneratedPage]:
    """The pages the internal site adds to ``review``, in reading order. Each is made
    again only when the review's files changed since an earlier build of the plugin's
    session (`mkdocs serve`)."""
    slug, makers = review.slug, []
    if len(review.key):
        makers.append((paths.KEY_PAGE, lambda: key_page_markdown(review, with_names=True)))
    if review.chronology_files:
        makers.append((paths.CHRONOLOGY_PAGE, lambda: _chronology_page(state, review)))
    if review.documents_of_type("imr"):
        makers.append((paths.TRACEABILITY_PAGE, lambda: _traceability_stub(review)))
        makers.append((paths.QA_PAGE, lambda: qa_page_markdown(audit_review(review))))
    makers.append((paths.PROBLEMS_PAGE, lambda: _problems_stub(review)))
    return [
        GeneratedPage(uri, _remembered(state, review, uri, make), review)
        for uri, make in ((paths.review_page(slug, name), make) for name, make in makers)
    ]


def board_pages(state: SiteView) -> list[GeneratedPage]:
    """Internal pages about every review at once: the board's action tracker."""
    reviews = [r for r in state.reviews.values() if r.documents_of_type("action-plan")]
    if state.public or not reviews:
        return []
    return [GeneratedPage(paths.TRACKER_PAGE, lambda: tracker_page_markdown(reviews, state.today))]


def public_pages(state: SiteView, site_name: str, statement: str) -> list[GeneratedPage]:
    """The landing page, the accessibility statement (``statement``, its Markdown) and
    the key of each published review: acronyms and roles, never names."""
    pages = [
        GeneratedPage(paths.LANDING_PAGE, lambda: landing_markdown(landing_records(state), site_name)),
        GeneratedPage(paths.STATEMENT_PAGE, lambda: statement),
    ]
    for review in state.reviews.values():
        if len(review.key) and published_documents(review):
            pages.append(
                GeneratedPage(
                    paths.review_page(review.slug, paths.KEY_PAGE),
                    partial(key_page_markdown, review, with_names=False),
                    review,
                )
            )
    return pages


def landing_records(state: SiteView) -> list[dict]:
    """What the landing page lists of each review with a published document."""
    records = []
    for review in state.reviews.values():
        docs = published_documents(review)
        if not docs:
            continue
        entries = [
            {"title": meta.get("title", ""), "url": src_uri, "pdf": state.pdf_href(src_uri, from_root=True)}
            for src_uri, meta in docs
        ]
        key_entry = {"title": "Key to acronyms", "url": paths.review_page(review.slug, paths.KEY_PAGE), "pdf": None}
        records.append(
            {
                "title": review.meta.get("title", review.slug),
                "year": review.meta.get("year"),
                "board": review.meta.get("board", ""),
                "review_type": state.review_type_name(review),
                "themes": list(review.meta.get("themes") or []),
                "documents": [*entries, key_entry],
            }
        )
    return records


def _remembered(state: SiteView, review: Review, src_uri: str, make: Callable[[], str]) -> Callable[[], str]:
    """``make``, answered from the session's memory while the review's files are as
    they were; the raw-HTML blocks the page keeps out of Markdown come back with it."""

    def page() -> str:
        signature = state.review_signature(review)
        key = (state.audience, src_uri)
        cached = state.memory.generated.get(key)
        if signature is not None and cached is not None and cached[0] == signature:
            state.raw_blocks.update(cached[2])
            return cached[1]
        before = set(state.raw_blocks)
        text = make()
        blocks = {name: block for name, block in state.raw_blocks.items() if name not in before}
        if signature is not None:
            state.memory.generated[key] = (signature, text, blocks)
        return text

    return page


def _chronology_page(state: SiteView, review: Review) -> str:
    """The composite chronology with the child's ages and its timeline; its large
    raw-HTML blocks are kept out of Python-Markdown (``SiteView.stash_raw_html``)."""
    merged, _, counts = composite_with_counts(review)
    return composite_page_markdown(
        review, merged, with_ages=True, raw=state.stash_raw_html, counts=[(c.name, c.rows) for c in counts]
    )


def _stub(title: str, body: str = "") -> str:
    return f'---\ntype: page\ntitle: "{title}"\nstatus: approved\nversion: "1.0"\n---\n# {title}\n{body}'


def _problems_stub(review: Review) -> str:
    return _stub(f"Open problems: {review.meta.get('title', review.slug)}")


def _traceability_stub(review: Review) -> str:
    return _stub(f"Traceability: {review.meta.get('title', review.slug)}", "\n[[traceability]]\n")
