"""Assemble the print HTML that :mod:`casereview.print.pdf` hands to WeasyPrint.

Pure string work: each document becomes one ``<section class="doc">`` holding its
front sheet (or, for compact documents, a title block), its contents page with the
glossary under it, its body and its sign-off page. A panel pack is a cover sheet, a
contents listing and the documents, all in ONE HTML file so WeasyPrint lays the
whole pack out once (page numbers, bookmarks and cross-references come for free).

Ids in each body are prefixed with the document's number (``d3-``) because every
IMR has the same chapter headings, so the same ids, and a pack holds many IMRs. Links
to other pages (``../imr/police/#x``) lead nowhere in print: they become links to the
cited document's anchor when it is in the same PDF, plain text when it is not
(:mod:`casereview.print.pdf_links`).
"""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from casereview.print.pdf_links import PackIndex, localise_links
from casereview.sources.doctypes import label, layout
from casereview.sources.today import uk_date

#: The sign-off fields shown (blank, to be filled in by hand) when none are given.
DEFAULT_SIGN_OFF = ("Name", "Designation", "Signature", "Date")

@dataclass
class PdfDocument:
    """One document to print; ``body_html`` is the page HTML, paragraphs already numbered."""

    title: str
    body_html: str
    kind: str
    front_sheet: dict[str, str] | None = None
    version: str = ""
    status: str = ""
    glossary_html: str = ""
    landscape: bool = False
    sign_off: dict[str, str] | None = None
    #: The page's site-relative URL ("reviews/x/imr/police/"): links to it resolve in a pack.
    url: str = ""
    #: The date the front sheet shows (the document's own, else the build's).
    date: date | None = None


@dataclass(frozen=True)
class Board:
    """The safeguarding board that publishes: its name and logo on every front sheet.

    ``logo_uri`` is a ``data:`` URI of the image (:func:`logo_data_uri`; the adapter
    reads the file), so the core reads no files and the PDF embeds the logo.
    """

    name: str = ""
    logo_uri: str = ""


@dataclass
class PdfMeta:
    """What the PDF says about itself: title, subject (the review's acronym), marking,
    author (the board), keywords and language; the board's name and logo for covers."""

    title: str
    subject: str
    marking: str = ""
    review_title: str = ""
    lang: str = "en-GB"
    board: Board = Board()
    keywords: tuple[str, ...] = ()


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _plain(fragment: str) -> str:
    """The text of an HTML fragment, tags dropped, entities decoded, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", fragment)).split())


def version_label(doc: PdfDocument) -> str:
    """``Version 0.3 - Draft`` for the running header; empty when neither is known."""
    parts = [f"Version {doc.version}" if doc.version else "", doc.status.capitalize()]
    return " - ".join(part for part in parts if part)


# ---------- ids and chapters ----------

_ID_ATTR = re.compile(r'(\bid=")([^"]+)(")')
_LOCAL_REF = re.compile(r'(\bhref="#|url\(#)')
_H2 = re.compile(r"<h2\b([^>]*)>(.*?)</h2>", re.DOTALL | re.IGNORECASE)
_LEADING_H1 = re.compile(r"^\s*<h1\b[^>]*>(.*?)</h1>\s*", re.DOTALL | re.IGNORECASE)


def prefix_ids(body_html: str, prefix: str) -> str:
    """Prefix every id and every in-page reference (``href="#x"``, ``url(#x)``)."""
    body = _ID_ATTR.sub(lambda m: f"{m[1]}{prefix}{m[2]}{m[3]}", body_html)
    return _LOCAL_REF.sub(lambda m: f"{m[1]}{prefix}", body)


def drop_title_heading(body_html: str, title: str) -> str:
    """Drop a leading ``<h1>`` repeating the title: the front sheet already shows it."""
    match = _LEADING_H1.match(body_html)
    if match and _plain(match[1]).casefold() == title.strip().casefold():
        return body_html[match.end() :]
    return body_html


def collect_chapters(body_html: str, prefix: str) -> tuple[str, list[tuple[str, str]]]:
    """Give every h2 an id; return the body and its chapters as ``(id, text)``.

    The h2 titled "Sign-off" gets the class ``sign-off-heading`` so it starts a
    page of its own whatever the kind of document.
    """
    chapters: list[tuple[str, str]] = []

    def visit(match: re.Match[str]) -> str:
        attrs, inner = match[1], match[2]
        found = re.search(r'\bid="([^"]+)"', attrs)
        anchor = found[1] if found else f"{prefix}chapter-{len(chapters) + 1}"
        if not found:
            attrs += f' id="{anchor}"'
        text = _plain(inner)
        chapters.append((anchor, text))
        if text.casefold().replace(" ", "-") == "sign-off":
            attrs += ' class="sign-off-heading"' if "class=" not in attrs else ""
        return f"<h2{attrs}>{inner}</h2>"

    return _H2.sub(visit, body_html), chapters


# ---------- figures ----------

_SVG = re.compile(r"<svg\b(?P<attrs>[^>]*)>(?P<inner>.*?)</svg>", re.DOTALL | re.IGNORECASE)
_SVG_TITLE = re.compile(r"<title\b[^>]*>(.*?)</title>", re.DOTALL | re.IGNORECASE)
_ARIA_LABEL = re.compile(r'\baria-label="([^"]*)"')


LOGO_TYPES: Mapping[str, str] = {
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
}


def logo_data_uri(suffix: str, data: bytes) -> str:
    """A logo file's bytes as a ``data:`` URI; ``suffix`` (".svg", ".png", ".jpg") gives its type."""
    kind = LOGO_TYPES.get(suffix.lower())
    if kind is None:
        raise ValueError(f"a logo must be one of {', '.join(LOGO_TYPES)}, not {suffix or 'a file without suffix'}")
    if kind == "image/svg+xml":
        return svg_data_uri(data.decode("utf-8"))
    return f"data:{kind};base64," + base64.b64encode(data).decode("ascii")


def svg_data_uri(svg: str) -> str:
    """The SVG as a ``data:`` URI, so WeasyPrint embeds it with no file to find."""
    if "xmlns=" not in svg[: svg.find(">")]:
        svg = svg.replace("<svg", '<svg xmlns="http://www.w3.org/2000/svg"', 1)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def svg_as_images(body_html: str) -> str:
    """Every inline SVG (genogram, timelines) → ``<img alt>``: PDF/UA needs a figure's
    alternative text, which WeasyPrint takes from ``alt`` and not from an SVG's title.
    The alternative text is the SVG's ``aria-label`` or its first ``<title>``."""

    def replace(match: re.Match[str]) -> str:
        label = _ARIA_LABEL.search(match["attrs"])
        title = _SVG_TITLE.search(match["inner"])
        alt = _plain(label[1]) if label else _plain(title[1]) if title else "Diagram"
        klass = re.search(r'\bclass="([^"]*)"', match["attrs"])
        classes = f"print-svg {klass[1]}" if klass else "print-svg"
        return f'<img class="{_e(classes)}" alt="{_e(alt)}" src="{svg_data_uri(match[0])}">'

    return _SVG.sub(replace, body_html)


# ---------- print-only layout ----------

_PARA_NUM_SPACE = re.compile(r'(<span class="para-num">[^<]*</span>)\s+')
_ORIGIN = re.compile(r'(<span class="casereview-chronology__origin">)(.*?)(</span>)', re.DOTALL)
_KEEP_START = re.compile(
    r"<h([2-6])\b[^>]*>(?:(?!</h[1-6]>).)*</h\1>\s*<(p|ul|ol|table|div|figure|dl)\b", re.DOTALL | re.IGNORECASE
)
#: A block under a heading longer than this (about half a page) is not kept whole
#: with it: its first lines keep the heading company through ``break-after: avoid``.
KEEP_LIMIT = 4000


def break_file_names(body_html: str) -> str:
    """Chronology source cells name files (``police_chronology-v2.xlsx``): allow a line
    break after ``/``, ``_``, ``.`` and ``-`` (a zero-width space; WeasyPrint 70 does not
    break at ``<wbr>``) so a narrow column breaks a name there, not mid-word."""
    return _ORIGIN.sub(lambda m: m[1] + re.sub(r"([/_.\-])", "\\1&#8203;", m[2]) + m[3], body_html)


def _element_end(html_text: str, start: int, tag: str) -> int:
    """The index after the ``</tag>`` closing the element opened at ``start``."""
    depth, pattern = 0, re.compile(rf"<(/?){tag}\b[^>]*>", re.IGNORECASE)
    for match in pattern.finditer(html_text, start):
        depth += -1 if match[1] else 1
        if depth == 0:
            return match.end()
    return -1


def keep_headings_with_text(body_html: str) -> str:
    """Wrap each heading and the block under it (a paragraph, a short list or table)
    in ``<div class="keep">``, which print.css never breaks inside: no heading is
    stranded at the foot of a page."""
    out, position = [], 0
    for match in _KEEP_START.finditer(body_html):
        if match.start() < position:
            continue
        block_start = match.start(2) - 1
        end = _element_end(body_html, block_start, match[2])
        if end < 0 or (match[2].lower() != "p" and end - block_start > KEEP_LIMIT):
            continue
        out += [body_html[position : match.start()], '<div class="keep">', body_html[match.start() : end], "</div>"]
        position = end
    out.append(body_html[position:])
    return "".join(out)


def running_header(meta: PdfMeta, title: str, version: str) -> str:
    """The page header of a document (a running element, see print.css): the marking
    centred in a row of its own, under it the review and document left, version right,
    so the two never share a line."""
    return (
        '<div class="running-header">'
        f'<div class="rh-marking">{_e(meta.marking)}</div>'
        f'<div class="rh-row"><div class="rh-doc"><div>{_e(meta.subject)}</div><div>{_e(title)}</div></div>'
        f'<div class="rh-version">{_e(version)}</div></div></div>'
    )


# ---------- document parts ----------


def _table(rows: Mapping[str, str], css_class: str = "") -> str:
    cells = "".join(f'<tr><th scope="row">{_e(label)}</th><td>{_e(value)}</td></tr>' for label, value in rows.items())
    klass = f' class="{css_class}"' if css_class else ""
    return f"<table{klass}><tbody>{cells}</tbody></table>"


def _front_rows(doc: PdfDocument) -> dict[str, str]:
    """The document's own rows, then version, status and date (always in this order)."""
    rows = dict(doc.front_sheet or {})
    if doc.version and "Version" not in rows:
        rows["Version"] = doc.version
    if doc.status and "Status" not in rows:
        rows["Status"] = doc.status.capitalize()
    if doc.date is not None and "Date" not in rows and uk_date(doc.date) not in rows.values():
        rows["Date"] = uk_date(doc.date)  # unless a row already shows it ("Date completed")
    return rows


def board_masthead(board: Board, *, compact: bool = False) -> str:
    """The board's logo and name, at the head of every front sheet and cover."""
    if not (board.name or board.logo_uri):
        return ""
    alt = f"Logo of {board.name}" if board.name else "Logo of the board"
    logo = f'<img class="board-logo" alt="{_e(alt)}" src="{board.logo_uri}">' if board.logo_uri else ""
    name = f'<span class="board-name">{_e(board.name)}</span>' if board.name else ""
    return f'<div class="board{" board--compact" if compact else ""}">{logo}{name}</div>'


def _title_part(doc: PdfDocument, meta: PdfMeta) -> str:
    """The front sheet page, or the compact title block of a synopsis."""
    compact = layout(doc.kind).compact
    # The running header already carries the marking; compact documents save the line.
    banner = f'<p class="marking-banner">{_e(meta.marking)}</p>' if meta.marking and not compact else ""
    review = meta.review_title or meta.subject
    rows = _front_rows(doc)
    table = _table(rows, "front-rows") if rows else ""
    if compact:
        table = _compact_rows(rows) if rows else ""
    return (
        f'<header class="{"title-block" if compact else "front-sheet"}">'
        f"{board_masthead(meta.board, compact=compact)}{banner}"
        f'<h1 class="doc-title" data-bookmark="{_e(doc.title)}">{_e(doc.title)}</h1>'
        f'<p class="review-title">{_e(review)}</p>'
        f"{table}</header>"
    )


def _compact_rows(rows: Mapping[str, str]) -> str:
    """Version, status and date on one line: a synopsis has two sides of A4."""
    items = "".join(f'<span class="meta-item"><b>{_e(k)}:</b> {_e(v)}</span>' for k, v in rows.items() if v)
    return f'<p class="meta-line">{items}</p>'


def _glossary(glossary_html: str) -> str:
    if not glossary_html.strip():
        return ""
    return f'<section class="glossary"><h3>Glossary of abbreviations</h3>{glossary_html}</section>'


def _contents(chapters: Sequence[tuple[str, str]], glossary_html: str) -> str:
    items = "".join(f'<li><a href="#{_e(anchor)}">{_e(text)}</a></li>' for anchor, text in chapters)
    return (
        f'<nav class="contents"><h2 class="contents-title">Contents</h2><ol>{items}</ol>'
        f"{_glossary(glossary_html)}</nav>"
    )


def _sign_off(doc: PdfDocument, anchor: str) -> str:
    rows = doc.sign_off or dict.fromkeys(DEFAULT_SIGN_OFF, "")
    return f'<section class="sign-off"><h2 id="{anchor}">Sign-off</h2>{_table(rows)}</section>'


def document_section(doc: PdfDocument, meta: PdfMeta, number: int, index: PackIndex | None = None) -> str:
    """The whole of one document: front sheet, contents, body, sign-off.

    A sign-off page is added at the end (and listed in the contents) unless the
    body already has a "Sign-off" chapter, as an IMR written to the content model does.
    ``index`` tells which pages the same PDF holds, so links to them stay links.
    """
    prefix = f"d{number}-"
    body = break_file_names(keep_headings_with_text(svg_as_images(doc.body_html)))
    body = _PARA_NUM_SPACE.sub(r"\1", body)  # the number's box is the gap: no space after it
    body = prefix_ids(drop_title_heading(body, doc.title), prefix)
    body = localise_links(body, doc.url, index or PackIndex.of({doc.url: number} if doc.url else {}))
    body, chapters = collect_chapters(body, prefix)
    has_body_sign_off = any(text.casefold() == "sign-off" for _, text in chapters)
    printed = layout(doc.kind)
    wants_sign_off = doc.sign_off is not None or printed.sign_off_page
    sign_off = ""
    if wants_sign_off and not has_body_sign_off:
        sign_off = _sign_off(doc, f"{prefix}sign-off-page")
        chapters.append((f"{prefix}sign-off-page", "Sign-off"))
    has_contents = printed.contents_page and bool(chapters)
    classes = f"doc doc--{_e(doc.kind)}" + (" doc--landscape" if doc.landscape else "")
    classes += " doc--chapter-breaks" if printed.chapter_breaks else ""
    return "".join(
        [
            f'<section class="{classes}" id="d{number}" data-title="{_e(doc.title)}"'
            f' data-version="{_e(version_label(doc))}">',
            running_header(meta, doc.title, version_label(doc)),
            _title_part(doc, meta),
            _contents(chapters, doc.glossary_html) if has_contents else "",
            f'<div class="doc-body">{body}</div>',
            "" if has_contents else _glossary(doc.glossary_html),
            sign_off,
            "</section>",
        ]
    )


def pack_cover(docs: Sequence[PdfDocument], meta: PdfMeta, cover: Mapping[str, str]) -> str:
    """The pack's cover sheet and its contents page listing every document."""
    banner = f'<p class="marking-banner">{_e(meta.marking)}</p>' if meta.marking else ""
    items = "".join(
        # One text run per link: WeasyPrint 70 tags a second box inside a link as an
        # annotation outside the Link element, which PDF/UA forbids.
        f'<li><a href="#d{number}">{_e(doc.title)} ({_e(label(doc.kind))})</a></li>'
        for number, doc in enumerate(docs, start=1)
    )
    return (
        '<section class="pack-cover" data-title="Panel pack" data-version="">'
        f"{running_header(meta, 'Panel pack', '')}"
        f'<div class="cover-sheet">{board_masthead(meta.board)}{banner}'
        f'<h1 data-bookmark="Panel pack">Panel pack</h1>'
        f'<p class="review-title">{_e(meta.review_title or meta.title)}</p>'
        f"{_table(cover, 'front-rows') if cover else ''}</div>"
        f'<nav class="pack-contents"><h2>Contents of this pack</h2><ol>{items}</ol></nav>'
        "</section>"
    )


# ---------- the HTML file ----------


def _date_meta(source_date_epoch: str | None) -> str:
    """Creation and modification dates only from SOURCE_DATE_EPOCH (reproducible)."""
    if not source_date_epoch or not source_date_epoch.strip().isdigit():
        return ""
    stamp = datetime.fromtimestamp(int(source_date_epoch), tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return f'<meta name="dcterms.created" content="{stamp}"><meta name="dcterms.modified" content="{stamp}">'


def build_html(sections: Sequence[str], meta: PdfMeta, *, source_date_epoch: str | None) -> str:
    """The complete HTML file. WeasyPrint takes the PDF metadata from its head.

    Title, Subject (``description``), Keywords, Creator (``generator``) and Author:
    the board, never a person, so no one's name reaches the PDF's metadata.
    """
    author = f'<meta name="author" content="{_e(meta.board.name)}">' if meta.board.name else ""
    keywords = f'<meta name="keywords" content="{_e(", ".join(meta.keywords))}">' if meta.keywords else ""
    head = (
        f'<meta charset="utf-8"><title>{_e(meta.title)}</title>'
        f'<meta name="description" content="{_e(meta.subject)}">'
        f"{author}{keywords}"
        '<meta name="generator" content="casereview">'
        f"{_date_meta(source_date_epoch)}"
    )
    body_attrs = f' data-review="{_e(meta.subject)}" data-marking="{_e(meta.marking)}"'
    return (
        f'<!DOCTYPE html><html lang="{_e(meta.lang)}"><head>{head}</head>'
        f"<body{body_attrs}>{''.join(sections)}</body></html>"
    )
