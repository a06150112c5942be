"""What the plugin writes after the pages: the JSON index of published reviews and PDFs."""

from __future__ import annotations

import json
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

from casereview.mkdocs.review.config import ReviewConfig
from casereview.mkdocs.review.pdfs import write_pdfs
from casereview.render.pages import (
    PublishedDocument,
    published_documents,
    recommendations_from_html,
    review_record,
)
from casereview.render.site import SiteState
from casereview.sources import paths
from casereview.sources.review import Review


def write_outputs(state: SiteState, config: MkDocsConfig, options: ReviewConfig, *, pdfs: bool) -> None:
    site = Path(config.site_dir)
    if pdfs:
        write_pdfs(state, site, options, config)
    if state.public:
        _write_public_index(state, site)


def _write_public_index(state: SiteState, site: Path) -> None:
    records = []
    for review in state.reviews.values():
        docs = []
        for src_uri, meta in published_documents(review):
            page = state.pages.get(src_uri)
            pdf = state.pdf_href(src_uri, from_root=True)
            docs.append(
                PublishedDocument(
                    str(meta.get("type")),
                    page.title if page else str(meta.get("title", "")),
                    page.url if page else src_uri,
                    pdf if pdf and (site / pdf).is_file() else None,
                )
            )
        if docs:
            records.append(review_record(review, docs, _recommendation_summary(state, review)))
    payload = {"schema": "casereview/published-reviews/1", "reviews": records}
    (site / paths.PUBLIC_INDEX).write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _recommendation_summary(state: SiteState, review: Review) -> list[str]:
    """The recommendations as the published executive summary states them (already
    anonymised): the list items or paragraphs under its "Recommendations" heading."""
    for src_uri, meta in published_documents(review):
        page = state.pages.get(src_uri)
        if meta.get("type") == "executive-summary" and page is not None:
            return recommendations_from_html(page.html)
    return []
