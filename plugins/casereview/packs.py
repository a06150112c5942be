"""Which PDFs a review gets, built from finished page HTML: the public documents and
the panel pack. Used by the MkDocs plugin and by ``casereview pdf`` alike."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from casereview.documents import frontmatter_text
from casereview.pdf import PdfDocument, PdfMeta, check_page_limit, render_document, render_pack
from casereview.review import Review
from casereview.sitestate import RenderedPage, SiteState

PACK_ORDER = (
    "terms-of-reference",
    "key",
    "chronology",
    "imr",
    "action-plan",
    "overview-report",
    "executive-summary",
    "synopsis",
)
Progress = Callable[[int, int], None]


def pdf_meta(review: Review, title: str, marking: str) -> PdfMeta:
    acronym = str(review.meta.get("acronym") or review.meta.get("title") or review.slug)
    return PdfMeta(title=title, subject=acronym, marking=marking, review_title=str(review.meta.get("title", "")))


KEY_OR_GLOSSARY = re.compile(r'<div class="casereview-(?:key|glossary) casereview-no-number">.*?</table></div>', re.S)


def pdf_document(page: RenderedPage, review: Review) -> PdfDocument:
    """The page as a printed document: the key and glossary move under the contents,
    as the formats ask."""
    meta = page.meta
    kind = _kind(page)
    body = page.html
    tables = KEY_OR_GLOSSARY.findall(body) if kind not in ("key", "synopsis") else []
    for table in tables:
        body = body.replace(table, "")
    return PdfDocument(
        title=page.title,
        body_html=body,
        kind=kind,
        glossary_html="".join(tables),
        front_sheet=_front_sheet(meta, review) if kind == "imr" else None,
        version=str(meta.get("version", "")),
        status=str(meta.get("status", "")),
        sign_off=_sign_off(meta),
        landscape=kind == "chronology",
    )


def _kind(page: RenderedPage) -> str:
    if page.src_uri.endswith("/key.md"):
        return "key"
    if page.src_uri.endswith("/chronology.md"):
        return "chronology"
    return str(page.meta.get("type", "page"))


def _front_sheet(meta: dict[str, Any], review: Review) -> dict[str, str]:
    agencies = {
        str(a.get("id")): str(a.get("name")) for a in (review.tor.meta.get("agencies") if review.tor else []) or []
    }
    return {
        "Agency": agencies.get(str(meta.get("agency")), str(meta.get("agency", ""))),
        "Subject": str(meta.get("subject", "")),
        "Author": frontmatter_text(meta.get("author")),
        "Date commissioned": str(meta.get("commissioned", "")),
        "Date completed": str(meta.get("completed", "")),
        "Records secured": str(meta.get("records_secured", "")),
    }


def _sign_off(meta: dict[str, Any]) -> dict[str, str] | None:
    sign_off = meta.get("sign_off")
    if not isinstance(sign_off, dict):
        return None
    return {
        "Name": str(sign_off.get("name", "")),
        "Designation": str(sign_off.get("designation", "")),
        "Date": str(sign_off.get("date", "")),
    }


def write_public_pdfs(state: SiteState, site: Path, marking: str, synopsis_limit: int) -> list[str]:
    """Each public document's PDF; a synopsis over the limit raises PageLimitExceeded."""
    written = []
    for src_uri in sorted(state.public_src_uris):
        page, review, href = (
            state.pages.get(src_uri),
            state.review_for(src_uri),
            state.pdf_href(src_uri, from_root=True),
        )
        if page is None or review is None or href is None:
            continue
        pdf = render_document(pdf_document(page, review), pdf_meta(review, page.title, marking))
        if page.meta.get("type") == "synopsis":
            check_page_limit(pdf, synopsis_limit, f"{state.content_root.name}/{src_uri}")
        target = site / href
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(pdf)
        written.append(href)
    return written


def pack_path(review: Review) -> str:
    return f"reviews/{review.slug}/{review.slug}-panel-pack.pdf"


def pack_pages(state: SiteState, review: Review) -> list[RenderedPage]:
    pages = [p for uri, p in state.pages.items() if state.review_for(uri) is review]
    return sorted(pages, key=lambda p: (_pack_rank(p), p.src_uri))


def write_panel_pack(
    state: SiteState, review: Review, site: Path, marking: str, progress: Progress | None = None
) -> str | None:
    docs = [pdf_document(p, review) for p in pack_pages(state, review)]
    if not docs:
        return None
    cover = {
        "Review": str(review.meta.get("title", "")),
        "Board": str(review.meta.get("board", "")),
        "Documents": str(len(docs)),
        "Marking": marking,
    }
    title = f"Panel pack: {review.meta.get('title', review.slug)}"
    pdf = render_pack(docs, pdf_meta(review, title, marking), cover=cover, progress=progress)
    target = site / pack_path(review)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(pdf)
    return pack_path(review)


def _pack_rank(page: RenderedPage) -> int:
    kind = _kind(page)
    return PACK_ORDER.index(kind) if kind in PACK_ORDER else len(PACK_ORDER)
