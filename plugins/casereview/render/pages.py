"""Pages casereview writes itself: the review key page, the public landing page and
the machine-readable index of published reviews."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from casereview.render.usage import key_table_html
from casereview.sources import paths
from casereview.sources.doctypes import is_public
from casereview.sources.key import CATEGORIES
from casereview.sources.review import Review
from casereview.sources.reviewtypes import review_type

NUMBER_SPAN = re.compile(r'<span class="(?:para|heading)-num">.*?</span>')
CATEGORY_HEADINGS = {
    "family": "Family and household",
    "professional": "Professionals",
    "official": "Officials",
    "agency": "Agencies",
    "school": "Schools",
    "place": "Places",
    "organisation": "Organisations",
}


def key_page_markdown(review: Review, *, with_names: bool) -> str:
    """The whole key of a review by category. Real names only on the internal site."""
    title = f"Key to acronyms: {review.meta.get('title', review.slug)}"
    front = f'---\ntype: page\ntitle: {json.dumps(title)}\nstatus: approved\nversion: "1.0"\n---\n'
    parts = [front, f"# {title}\n"]
    if not with_names:
        parts.append(
            "Who each acronym in this review's documents stands for, by role or relationship. "
            "Real names are never published.\n"
        )
    if with_names:
        parts.append(
            '!!! danger "Contains real names"\n    This page is for the panel only. Never copy it into anything that leaves the panel.\n'
        )
    for category in CATEGORIES:
        entities = [e for e in review.key if e.category == category]
        if entities:
            parts.append(
                f"## {CATEGORY_HEADINGS[category]}\n\n"
                + key_table_html(entities, review.key, with_names=with_names, public=not with_names)
                + "\n"
            )
    return "\n".join(parts)


@dataclass(frozen=True)
class PublishedDocument:
    doc_type: str
    title: str
    url: str
    pdf_url: str | None


def published_documents(review: Review) -> list[tuple[str, dict[str, Any]]]:
    """(src_uri, meta) of each document of the review that may be published."""
    root = review.folder.parent.parent
    return [(doc.path.relative_to(root).as_posix(), doc.meta) for doc in review.documents if is_public(doc.meta)]


def review_record(review: Review, documents: Iterable[PublishedDocument], recommendations: list[str]) -> dict[str, Any]:
    """What national repositories catalogue about a published review."""
    meta = review.meta
    kind = review_type(meta.get("type"))
    return {
        "slug": review.slug,
        "title": meta.get("title", ""),
        "year": meta.get("year"),
        "board": meta.get("board", ""),
        "area": meta.get("area", ""),
        "review_type": kind.label if kind else meta.get("type"),
        "subject": meta.get("subject", ""),
        "themes": list(meta.get("themes") or []),
        "recommendations": recommendations,
        "documents": [{"type": d.doc_type, "title": d.title, "url": d.url, "pdf": d.pdf_url} for d in documents],
    }


def landing_markdown(records: list[dict[str, Any]], site_name: str) -> str:
    lines = [
        '---\ntype: page\ntitle: Published reviews\nstatus: published\nversion: "1.0"\n---\n',
        f"# {site_name}\n",
        "Executive summaries and case synopses of the reviews this board has published. "
        "Every document is anonymised: people are referred to by an agreed pseudonym. "
        f'A machine-readable index is at <a href="{paths.PUBLIC_INDEX}">{paths.PUBLIC_INDEX}</a>.\n',
    ]
    if not records:
        lines.append("No review has been published yet.\n")
    for record in sorted(records, key=lambda r: (-(r["year"] or 0), r["title"])):
        lines.append(f"## {record['title']}\n")
        lines.append(f"{record['review_type']} · {record['year']} · {record['board']}\n")
        if record["themes"]:
            lines.append("Themes: " + ", ".join(f"`{t}`" for t in record["themes"]) + "\n")
        for doc in record["documents"]:
            # Raw HTML: MkDocs validates Markdown links against its files, and the PDF is
            # written after the pages.
            pdf = f' (<a href="{doc["pdf"]}">PDF</a>)' if doc["pdf"] else ""
            lines.append(f"- [{doc['title']}]({doc['url']}){pdf}")
        lines.append("")
    return "\n".join(lines)


def recommendations_from_html(page_html: str) -> list[str]:
    """Texts of the list items (or else paragraphs) under the first h2 naming recommendations."""
    heading = re.search(r"<h2[^>]*>(?:(?!</h2>).)*recommendation(?:(?!</h2>).)*</h2>", page_html, re.I | re.S)
    if heading is None:
        return []
    section = page_html[heading.end() :]
    following = re.search(r"<h2[^>]*>", section)
    section = section[: following.start()] if following else section
    items = re.findall(r"<li[^>]*>(.*?)</li>", section, re.S) or re.findall(r"<p[^>]*>(.*?)</p>", section, re.S)
    texts = [
        re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", NUMBER_SPAN.sub("", item)))).strip() for item in items
    ]
    return [t for t in texts if t]
