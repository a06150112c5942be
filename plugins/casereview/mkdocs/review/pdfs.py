"""PDFs from the finished page HTML: public documents, and the panel pack per review."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger

from casereview.mkdocs.review.config import ReviewConfig
from casereview.pdf import (
    FontNotInstalled,
    PageLimitExceeded,
    PdfDocument,
    PdfMeta,
    check_page_limit,
    render_document,
    render_pack,
)
from casereview.review import Review
from casereview.sitestate import RenderedPage, SiteState

log = get_plugin_logger(__name__)

PACK_ORDER = ("terms-of-reference", "key", "chronology", "imr", "action-plan", "overview-report",
              "executive-summary", "synopsis")


def write_pdfs(state: SiteState, site: Path, options: ReviewConfig) -> None:
    try:
        if state.public:
            _public_pdfs(state, site, options)
        else:
            for review in state.reviews.values():
                _panel_pack(state, review, site, options)
    except FontNotInstalled as exc:
        raise PluginError(str(exc)) from None
    except PageLimitExceeded as exc:
        raise PluginError(str(exc)) from None


def _meta(review: Review, title: str, marking: str) -> PdfMeta:
    acronym = str(review.meta.get("acronym") or review.meta.get("title") or review.slug)
    return PdfMeta(title=title, subject=acronym, marking=marking, review_title=str(review.meta.get("title", "")))


def _document(page: RenderedPage, review: Review) -> PdfDocument:
    meta = page.meta
    kind = str(meta.get("type", "page"))
    return PdfDocument(
        title=page.title, body_html=page.html, kind=kind,
        front_sheet=_front_sheet(meta, review) if kind == "imr" else None,
        version=str(meta.get("version", "")), status=str(meta.get("status", "")),
        sign_off=_sign_off(meta),
    )


def _front_sheet(meta: dict[str, Any], review: Review) -> dict[str, str]:
    agencies = {str(a.get("id")): str(a.get("name")) for a in (review.tor.meta.get("agencies") if review.tor else []) or []}
    author = meta.get("author") or {}
    return {
        "Agency": agencies.get(str(meta.get("agency")), str(meta.get("agency", ""))),
        "Subject": str(meta.get("subject", "")),
        "Author": f"{author.get('name', '')}, {author.get('job_title', '')}".strip(", "),
        "Date commissioned": str(meta.get("commissioned", "")),
        "Date completed": str(meta.get("completed", "")),
        "Records secured": str(meta.get("records_secured", "")),
    }


def _sign_off(meta: dict[str, Any]) -> dict[str, str] | None:
    sign_off = meta.get("sign_off")
    if not isinstance(sign_off, dict):
        return None
    return {"Name": str(sign_off.get("name", "")), "Designation": str(sign_off.get("designation", "")),
            "Date": str(sign_off.get("date", ""))}


def _public_pdfs(state: SiteState, site: Path, options: ReviewConfig) -> None:
    for src_uri in sorted(state.public_src_uris):
        page, review, href = state.pages.get(src_uri), state.review_for(src_uri), state.pdf_href(src_uri, from_root=True)
        if page is None or review is None or href is None:
            continue
        pdf = render_document(_document(page, review), _meta(review, page.title, options.marking))
        if page.meta.get("type") == "synopsis":
            check_page_limit(pdf, options.synopsis_page_limit, f"{Path(state.content_root).name}/{src_uri}")
        target = site / href
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(pdf)
        log.info(f"PDF written: {href}")


def pack_path(review: Review) -> str:
    return f"reviews/{review.slug}/{review.slug}-panel-pack.pdf"


def _panel_pack(state: SiteState, review: Review, site: Path, options: ReviewConfig) -> None:
    pages = [p for uri, p in state.pages.items() if state.review_for(uri) is review]
    pages.sort(key=lambda p: (_pack_rank(p), p.src_uri))
    docs = [_document(p, review) for p in pages]
    if not docs:
        return
    cover = {
        "Review": str(review.meta.get("title", "")), "Board": str(review.meta.get("board", "")),
        "Documents": str(len(docs)), "Marking": options.marking,
    }
    pdf = render_pack(docs, _meta(review, f"Panel pack: {review.meta.get('title', review.slug)}", options.marking), cover=cover)
    target = site / pack_path(review)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(pdf)
    log.info(f"panel pack written: {pack_path(review)}")


def _pack_rank(page: RenderedPage) -> int:
    kind = "key" if page.src_uri.endswith("/key.md") else "chronology" if page.src_uri.endswith("/chronology.md") else str(page.meta.get("type"))
    return PACK_ORDER.index(kind) if kind in PACK_ORDER else len(PACK_ORDER)
