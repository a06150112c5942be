"""Which PDFs a review gets, built from finished page HTML: the public documents and
the panel pack. Used by the MkDocs plugin and by ``casereview pdf`` alike."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from casereview.print.pdf import Board, PdfDocument, PdfMeta, check_page_limit, render_document, render_pack
from casereview.print.pdf_html import logo_data_uri
from casereview.render.markerguard import check_markers
from casereview.render.rendered_page import RenderedPage
from casereview.render.site import SiteState
from casereview.sources import paths
from casereview.sources.dates import parse_date
from casereview.sources.doctypes import document_type, layout, pack_rank, print_kind
from casereview.sources.documents import frontmatter_text
from casereview.sources.records import document_meta
from casereview.sources.review import Review
from casereview.sources.reviewtypes import review_type_label
from casereview.sources.today import uk_date

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
    printed_as = document_type(kind)
    keywords = [
        printed_as.label if printed_as else "",
        review_type_label(review_type, review_type.replace("-", " ").capitalize()),
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
    kind = print_kind(page.src_uri, page.meta)
    printed = layout(kind)
    body = page.html
    tables = [] if printed.tables_in_place else KEY_OR_GLOSSARY.findall(body)
    for table in tables:
        body = body.replace(table, "")
    return PdfDocument(
        title=page.title,
        body_html=body,
        kind=kind,
        glossary_html="".join(tables),
        front_sheet=_front_sheet(meta, review) if printed.agency_front_sheet else None,
        version=str(meta.get("version", "")),
        status=str(meta.get("status", "")),
        sign_off=_sign_off(meta),
        landscape=printed.landscape,
        url=page.url,
        date=_document_date(meta) or today,
    )


def _document_date(meta: Mapping[str, Any]) -> date | None:
    record = document_meta(meta)
    return record.date or record.completed


def _uk(value: Any) -> str:
    """A frontmatter date in UK form; text that is not a date is shown as written."""
    parsed = parse_date(value)
    return uk_date(parsed) if parsed else str(value or "")


def _front_sheet(meta: Mapping[str, Any], review: Review) -> dict[str, str]:
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


def _sign_off(meta: Mapping[str, Any]) -> dict[str, str] | None:
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
    """Each public document's PDF; one over its type's page limit raises PageLimitExceeded.
    ``synopsis_limit`` is the board's setting (``synopsis_page_limit``), which replaces
    the synopsis's own limit."""
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
        kind = str(page.meta.get("type"))
        limit = synopsis_limit if kind == "synopsis" else layout(kind).page_limit
        if limit is not None:
            what = f"the {kind.replace('-', ' ')}"
            check_page_limit(pdf, limit, f"{state.content_root.name}/{src_uri}", what=what)
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
    return pack_rank(print_kind(page.src_uri, page.meta))
