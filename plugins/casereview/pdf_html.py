"""Assemble the print HTML that :mod:`casereview.pdf` hands to WeasyPrint.

Pure string work: each document becomes one ``<section class="doc">`` holding its
front sheet (or, for compact documents, a title block), its contents page with the
glossary under it, its body and its sign-off page. A panel pack is a cover sheet, a
contents listing and the documents, all in ONE HTML file so WeasyPrint lays the
whole pack out once (page numbers, bookmarks and cross-references come for free).

Ids in each body are prefixed with the document's number (``d3-``) because every
IMR has the same chapter headings, so the same ids, and a pack holds many IMRs.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

#: Documents whose every chapter (h2) starts a new page.
CHAPTER_BREAK_KINDS = frozenset({"imr", "overview-report"})
#: Documents that get a contents page (with the glossary under it).
CONTENTS_KINDS = frozenset({"imr", "overview-report", "executive-summary", "terms-of-reference"})
#: Documents that end with a sign-off page.
SIGN_OFF_KINDS = frozenset({"imr", "overview-report"})
#: Documents kept compact: a title block on the first page instead of a front sheet.
COMPACT_KINDS = frozenset({"synopsis", "page"})
#: The sign-off fields shown (blank, to be filled in by hand) when none are given.
DEFAULT_SIGN_OFF = ("Name", "Designation", "Signature", "Date")

KIND_LABELS: Mapping[str, str] = {
    "imr": "Individual Management Review",
    "executive-summary": "Executive summary",
    "synopsis": "Case synopsis",
    "overview-report": "Overview report",
    "terms-of-reference": "Terms of Reference",
    "key": "Anonymisation key",
    "chronology": "Chronology",
    "action-plan": "Action plan",
    "page": "Document",
}


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


@dataclass
class PdfMeta:
    """What the PDF says about itself: title, subject (the review's acronym), marking."""

    title: str
    subject: str
    marking: str = ""
    review_title: str = ""
    lang: str = "en-GB"


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


# ---------- document parts ----------


def _table(rows: Mapping[str, str], css_class: str = "") -> str:
    cells = "".join(f'<tr><th scope="row">{_e(label)}</th><td>{_e(value)}</td></tr>' for label, value in rows.items())
    klass = f' class="{css_class}"' if css_class else ""
    return f"<table{klass}><tbody>{cells}</tbody></table>"


def _front_rows(doc: PdfDocument) -> dict[str, str]:
    rows = dict(doc.front_sheet or {})
    if doc.version and "Version" not in rows:
        rows["Version"] = doc.version
    if doc.status and "Status" not in rows:
        rows["Status"] = doc.status.capitalize()
    return rows


def _title_part(doc: PdfDocument, meta: PdfMeta) -> str:
    """The front sheet page, or the compact title block of a synopsis."""
    compact = doc.kind in COMPACT_KINDS
    # The running header already carries the marking; compact documents save the line.
    banner = f'<p class="marking-banner">{_e(meta.marking)}</p>' if meta.marking and not compact else ""
    review = meta.review_title or meta.subject
    rows = _front_rows(doc)
    if compact and not doc.front_sheet:
        rows = {}
    return (
        f'<header class="{"title-block" if compact else "front-sheet"}">{banner}'
        f'<h1 class="doc-title" data-bookmark="{_e(doc.title)}">{_e(doc.title)}</h1>'
        f'<p class="review-title">{_e(review)}</p>'
        f"{_table(rows) if rows else ''}</header>"
    )


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


def document_section(doc: PdfDocument, meta: PdfMeta, number: int) -> str:
    """The whole of one document: front sheet, contents, body, sign-off.

    A sign-off page is added at the end (and listed in the contents) unless the
    body already has a "Sign-off" chapter, as an IMR written to the content model does.
    """
    prefix = f"d{number}-"
    body = prefix_ids(drop_title_heading(doc.body_html, doc.title), prefix)
    body, chapters = collect_chapters(body, prefix)
    has_body_sign_off = any(text.casefold() == "sign-off" for _, text in chapters)
    wants_sign_off = doc.sign_off is not None or doc.kind in SIGN_OFF_KINDS
    sign_off = ""
    if wants_sign_off and not has_body_sign_off:
        sign_off = _sign_off(doc, f"{prefix}sign-off-page")
        chapters.append((f"{prefix}sign-off-page", "Sign-off"))
    has_contents = doc.kind in CONTENTS_KINDS and bool(chapters)
    classes = f"doc doc--{_e(doc.kind)}" + (" doc--landscape" if doc.landscape else "")
    return "".join(
        [
            f'<section class="{classes}" id="d{number}" data-title="{_e(doc.title)}"'
            f' data-version="{_e(version_label(doc))}">',
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
        f'<li><a href="#d{number}">{_e(doc.title)}'
        f' <span class="doc-kind">({_e(KIND_LABELS.get(doc.kind, doc.kind))})</span></a></li>'
        for number, doc in enumerate(docs, start=1)
    )
    return (
        '<section class="pack-cover" data-title="Panel pack" data-version="">'
        f'<div class="cover-sheet">{banner}<h1>{_e(meta.review_title or meta.title)}</h1>'
        f'<p class="pack-name">Panel pack</p>{_table(cover) if cover else ""}</div>'
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

    Title, Subject (``description``) and Creator (``generator``) only: there is
    deliberately no ``author`` meta, so no person's name reaches the PDF.
    """
    head = (
        f'<meta charset="utf-8"><title>{_e(meta.title)}</title>'
        f'<meta name="description" content="{_e(meta.subject)}">'
        '<meta name="generator" content="casereview">'
        f"{_date_meta(source_date_epoch)}"
    )
    body_attrs = f' data-review="{_e(meta.subject)}" data-marking="{_e(meta.marking)}"'
    return (
        f'<!DOCTYPE html><html lang="{_e(meta.lang)}"><head>{head}</head>'
        f"<body{body_attrs}>{''.join(sections)}</body></html>"
    )
