"""Which PDFs a review gets, built from finished page HTML: the public documents and
the panel pack. Used by the MkDocs plugin and by ``casereview pdf`` alike."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from casereview.print.pdf import Board, PdfDocument, PdfMeta, check_page_limit, render_document, render_pack
from casereview.print.pdf_html import KIND_LABELS, logo_data_uri, uk_date
from casereview.render.markerguard import check_markers
from casereview.render.site import RenderedPage, SiteState
from casereview.sources import paths
from casereview.sources.doctypes import REVIEW_TYPE_NAMES
from casereview.sources.documents import frontmatter_text
from casereview.sources.review import Review

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
BOARD_SETTING = "extra.casereview.board"


class BoardSettingError(ValueError):
    """``extra.casereview.board`` in mkdocs.yml is not usable (the message says why)."""


def board_from_extra(extra: Any, project: Path) -> Board:
    """The board of ``extra: casereview: board: {name, logo}`` in mkdocs.yml.

    ``logo`` is a path from the project folder (where mkdocs.yml is). A missing or
    unreadable logo is an error: a front sheet without the board's logo is not what
    the board configured.
    """
    settings = extra.get("casereview") if isinstance(extra, Mapping) else None  # MkDocs gives a Config
    board = settings.get("board") if isinstance(settings, Mapping) else None
    if not board:
        return Board()
    if not isinstance(board, Mapping):
        raise BoardSettingError(f"{BOARD_SETTING} in mkdocs.yml must be a mapping with `name` and `logo`")
    name, logo = str(board.get("name") or ""), board.get("logo")
    if not logo:
        return Board(name)
    path = project / str(logo)
    try:
        return Board(name, logo_data_uri(path.suffix, path.read_bytes()))
    except OSError:
        raise BoardSettingError(f"{BOARD_SETTING}.logo in mkdocs.yml: {logo} is not a readable file") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise BoardSettingError(f"{BOARD_SETTING}.logo in mkdocs.yml: {logo}: {exc}") from None


def pdf_meta(review: Review, title: str, marking: str, board: Board | None = None, kind: str = "") -> PdfMeta:
    """What a PDF of this review says about itself. Author is the board (the board of
    the configuration, else the review's own ``board``), never a person."""
    acronym = str(review.meta.get("acronym") or review.meta.get("title") or review.slug)
    board = (
        board if board and board.name else Board(str(review.meta.get("board") or ""), board.logo_uri if board else "")
    )
    review_type = str(review.meta.get("type") or "")
    keywords = [
        KIND_LABELS.get(kind, ""),
        REVIEW_TYPE_NAMES.get(review_type, review_type.replace("-", " ").capitalize()),
        str(review.meta.get("subject") or ""),
        *(str(theme) for theme in review.meta.get("themes") or []),
    ]
    return PdfMeta(
        title=title,
        subject=acronym,
        marking=marking,
        review_title=str(review.meta.get("title", "")),
        board=board,
        keywords=tuple(dict.fromkeys(k for k in keywords if k)),
    )


KEY_OR_GLOSSARY = re.compile(r'<div class="casereview-(?:key|glossary) casereview-no-number">.*?</table></div>', re.S)


def pdf_document(page: RenderedPage, review: Review, today: date | None = None) -> PdfDocument:
    """The page as a printed document: the key and glossary move under the contents,
    as the formats ask. The front sheet's date is the document's own ``date`` (else,
    for an IMR, the date it was completed), else ``today`` (the build's day)."""
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
        url=page.url,
        date=_document_date(meta) or today,
    )


def _as_date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _document_date(meta: dict[str, Any]) -> date | None:
    return _as_date(meta.get("date")) or _as_date(meta.get("completed"))


def _uk(value: Any) -> str:
    """A frontmatter date in UK form; text that is not a date is shown as written."""
    parsed = _as_date(value)
    return uk_date(parsed) if parsed else str(value or "")


def _kind(page: RenderedPage) -> str:
    if paths.is_review_page(page.src_uri, paths.KEY_PAGE):
        return "key"
    if paths.is_review_page(page.src_uri, paths.CHRONOLOGY_PAGE):
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
        "Date commissioned": _uk(meta.get("commissioned")),
        "Date completed": _uk(meta.get("completed")),
        "Records secured": _uk(meta.get("records_secured")),
    }


def _sign_off(meta: dict[str, Any]) -> dict[str, str] | None:
    sign_off = meta.get("sign_off")
    if not isinstance(sign_off, dict):
        return None
    return {
        "Name": str(sign_off.get("name", "")),
        "Designation": str(sign_off.get("designation", "")),
        "Date": _uk(sign_off.get("date")),
    }


def _checked(page: RenderedPage, state: SiteState) -> RenderedPage:
    """The page, once its HTML is known to hold no unfilled ``[[marker]]``."""
    check_markers(page.html, f"{state.content_root.name}/{page.src_uri}", state.content_root / page.src_uri)
    return page


def write_public_pdfs(
    state: SiteState, site: Path, marking: str, synopsis_limit: int, board: Board | None = None
) -> list[str]:
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
        doc = pdf_document(_checked(page, state), review, state.today)
        pdf = render_document(doc, pdf_meta(review, page.title, marking, board, doc.kind))
        if page.meta.get("type") == "synopsis":
            check_page_limit(pdf, synopsis_limit, f"{state.content_root.name}/{src_uri}")
        target = site / href
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(pdf)
        written.append(href)
    return written


def pack_path(review: Review) -> str:
    return paths.panel_pack(review.slug)


def pack_pages(state: SiteState, review: Review) -> list[RenderedPage]:
    pages = [p for uri, p in state.pages.items() if state.review_for(uri) is review]
    return sorted(pages, key=lambda p: (_pack_rank(p), p.src_uri))


def write_panel_pack(
    state: SiteState,
    review: Review,
    site: Path,
    marking: str,
    progress: Progress | None = None,
    board: Board | None = None,
) -> str | None:
    docs = [pdf_document(_checked(p, state), review, state.today) for p in pack_pages(state, review)]
    if not docs:
        return None
    meta = pdf_meta(review, f"Panel pack: {review.meta.get('title', review.slug)}", marking, board)
    cover = {
        "Review": str(review.meta.get("title", "")),
        "Board": meta.board.name,
        "Documents": str(len(docs)),
        "Marking": marking,
        "Date": uk_date(state.today),
    }
    pdf = render_pack(docs, meta, cover={k: v for k, v in cover.items() if v}, progress=progress)
    target = site / pack_path(review)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(pdf)
    return pack_path(review)


def _pack_rank(page: RenderedPage) -> int:
    kind = _kind(page)
    return PACK_ORDER.index(kind) if kind in PACK_ORDER else len(PACK_ORDER)
