"""Print-ready PDFs of review documents and the panel pack (WeasyPrint).

Pure core: no mkdocs import. The look is fixed by ``theme/print/print.css`` (the
print style of the review formats: Arial 11 pt, bold upper-case headings, "Page X of
Y" bottom right, chapters on new pages, A4); this module adds the Liberation Sans
``@font-face`` rules, builds the HTML (see :mod:`casereview.print.pdf_html`) and renders.

Every PDF is tagged (a structure tree a screen reader follows) and identified as
PDF/UA-1, with its language, title, author (the board), subject and keywords.

Output is reproducible: the PDF carries no dates unless ``SOURCE_DATE_EPOCH`` is
set (then both dates are that instant), and no random file identifier, so two
renders of the same input are byte-identical.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from pypdf import PdfReader

from casereview.print.pdf_html import (
    Board,
    PdfDocument,
    PdfMeta,
    build_html,
    document_section,
    pack_cover,
)
from casereview.print.pdf_links import PackIndex
from casereview.sources.resources import print_css

__all__ = [
    "PDF_VARIANT",
    "Board",
    "FontNotInstalled",
    "PageLimitExceeded",
    "PdfDocument",
    "PdfMeta",
    "check_page_limit",
    "clear_stylesheet_cache",
    "page_count",
    "print_css_path",
    "render_document",
    "render_pack",
]

#: Every PDF is tagged and identified as PDF/UA-1 (ISO 14289-1): the structure tree,
#: document language, title shown in the window, tab order and the XMP identification.
PDF_VARIANT = "pdf/ua-1"

#: The Debian/Ubuntu package that installs Liberation Sans.
FONT_PACKAGE = "fonts-liberation"
FONT_FAMILY = "Liberation Sans"
_FONT_DIRS = (
    Path("/usr/share/fonts/truetype/liberation2"),
    Path("/usr/share/fonts/truetype/liberation"),
    Path("/usr/share/fonts/liberation-sans"),  # Fedora
    Path("/usr/share/fonts"),
    Path("/usr/local/share/fonts"),
    Path.home() / ".local/share/fonts",
)
# (file stem suffix, full font name for local(), weight, style)
_FACES = (
    ("Regular", "Liberation Sans", 400, "normal"),
    ("Bold", "Liberation Sans Bold", 700, "normal"),
    ("Italic", "Liberation Sans Italic", 400, "italic"),
    ("BoldItalic", "Liberation Sans Bold Italic", 700, "italic"),
)

if TYPE_CHECKING:  # weasyprint is imported lazily: it takes a second to load
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

ProgressCallback = Callable[[int, int], None]


class FontNotInstalled(RuntimeError):
    """Liberation Sans is missing: printing in another font would break the house style."""


class PageLimitExceeded(Exception):
    """A document runs past its page limit (the synopsis: 2 sides of A4)."""

    def __init__(self, path: str, pages: int, limit: int, what: str = "the synopsis") -> None:
        self.path = path
        self.pages = pages
        self.limit = limit
        sides = "side" if limit == 1 else "sides"
        super().__init__(f"{path}: {what} runs to {pages} pages of A4; the limit is {limit} {sides}. Shorten it.")


def print_css_path() -> Path:
    """The print stylesheet casereview ships (``theme/print/print.css`` of this repository)."""
    return print_css()


def _find_face(stem: str) -> Path | None:
    name = f"LiberationSans-{stem}.ttf"
    for folder in _FONT_DIRS:
        if (folder / name).is_file():
            return folder / name
    for folder in _FONT_DIRS[3:]:
        found = next(iter(sorted(folder.glob(f"**/{name}"))), None) if folder.is_dir() else None
        if found:
            return found
    return None


@lru_cache(maxsize=1)
def font_face_css() -> str:
    """``@font-face`` rules: the installed font by name, its file as the fallback.

    Raises :class:`FontNotInstalled` naming the package to install rather than
    letting the renderer fall back silently to some other sans-serif.
    """
    rules = []
    for stem, full_name, weight, style in _FACES:
        path = _find_face(stem)
        if path is None:
            raise FontNotInstalled(
                f"The print font {FONT_FAMILY} ({stem}) is not installed; PDFs must use it "
                f"(metric-compatible with Arial). Install the Debian package {FONT_PACKAGE}: "
                f"sudo apt-get install {FONT_PACKAGE}"
            )
        rules.append(
            f'@font-face {{ font-family: "{FONT_FAMILY}"; font-weight: {weight}; '
            f'font-style: {style}; src: local("{full_name}"), url("{path.as_uri()}"); }}'
        )
    return "\n".join(rules)


@lru_cache(maxsize=1)
def _stylesheet() -> tuple[CSS, FontConfiguration]:
    """The compiled print stylesheet and its font configuration, built once per process."""
    from weasyprint import CSS  # WeasyPrint takes a second to load: only when printing
    from weasyprint.text.fonts import FontConfiguration

    font_config = FontConfiguration()
    text = font_face_css() + "\n" + print_css_path().read_text(encoding="utf-8")
    return CSS(string=text, font_config=font_config), font_config


def clear_stylesheet_cache() -> None:
    """Forget the compiled stylesheet and font lookup (after print.css changed on disk)."""
    _stylesheet.cache_clear()
    font_face_css.cache_clear()


def _render_html(html_text: str, base_url: str | None, progress: Callable[[], None] | None = None) -> bytes:
    from weasyprint import HTML  # WeasyPrint takes a second to load: only when printing

    stylesheet, font_config = _stylesheet()
    document = HTML(string=html_text, base_url=base_url).render(stylesheets=[stylesheet], font_config=font_config)
    if progress:
        progress()
    return document.write_pdf(pdf_variant=PDF_VARIANT, pdf_tags=True)


def _source_date_epoch() -> str | None:
    return os.environ.get("SOURCE_DATE_EPOCH")


def render_document(doc: PdfDocument, meta: PdfMeta, *, base_url: str | None = None) -> bytes:
    """One document as a PDF: front sheet, contents and glossary, body, sign-off."""
    html_text = build_html([document_section(doc, meta, 1)], meta, source_date_epoch=_source_date_epoch())
    return _render_html(html_text, base_url)


def pack_html(docs: Sequence[PdfDocument], meta: PdfMeta, cover: Mapping[str, str]) -> str:
    """The panel pack as one HTML file (exposed for the benchmark and for debugging)."""
    index = PackIndex.of({doc.url: n for n, doc in enumerate(docs, start=1) if doc.url})
    sections = [pack_cover(docs, meta, cover)]
    sections += [document_section(doc, meta, n, index) for n, doc in enumerate(docs, start=1)]
    return build_html(sections, meta, source_date_epoch=_source_date_epoch())


def render_pack(
    docs: list[PdfDocument],
    meta: PdfMeta,
    *,
    cover: dict[str, str],
    progress: ProgressCallback | None = None,
    base_url: str | None = None,
) -> bytes:
    """The panel pack: cover, contents, then every document, as ONE WeasyPrint render.

    ``progress(done, total)`` is called once the HTML is built, once the pages are
    laid out and once the PDF is written (total 3): layout dominates the time.
    """
    total = 3
    html_text = pack_html(docs, meta, cover)
    if progress:
        progress(1, total)
    laid_out = (lambda: progress(2, total)) if progress else None
    pdf = _render_html(html_text, base_url, laid_out)
    if progress:
        progress(3, total)
    return pdf


def page_count(pdf: bytes) -> int:
    """The number of pages of a PDF."""
    return len(PdfReader(io.BytesIO(pdf)).pages)


def check_page_limit(pdf: bytes, limit: int, source_path: str, *, what: str = "the synopsis") -> None:
    """Raise :class:`PageLimitExceeded` when the PDF has more than ``limit`` pages."""
    pages = page_count(pdf)
    if pages > limit:
        raise PageLimitExceeded(source_path, pages, limit, what)
