"""Every piece of text a PDF carries, each with where a reader would meet it.

Page text is only one place a name hides in a PDF: the document information
(``/Title``, ``/Author``...), the XMP packet, bookmarks, named destinations (WeasyPrint
names them after HTML ids), link annotations and their URIs, form fields and
attachments all travel with the file. A part pypdf cannot read is skipped; the raw
bytes of the file are scanned as well by the caller, so a broken structure does not
hide plain strings.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from io import BytesIO
from typing import Any

from pypdf import PdfReader

Piece = tuple[str, str]  # (location, text)

ANNOTATION_KEYS = ("/Contents", "/T", "/Subj", "/RC", "/TU", "/NM", "/Dest")
ACTION_KEYS = ("/URI", "/F", "/D", "/JS", "/UF")


def pdf_texts(data: bytes) -> Iterator[Piece]:
    """(location, text) for each text-bearing part of the PDF ``data``."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        reader = _open(data)
        if reader is None:
            return
        parts: list[Callable[[PdfReader], Iterator[Piece]]] = [
            _metadata,
            _xmp,
            _outline,
            _named_destinations,
            _pages,
            _fields,
            _attachments,
        ]
        for part in parts:
            yield from _guarded(part, reader)


def _open(data: bytes) -> PdfReader | None:
    try:
        reader = PdfReader(BytesIO(data))
        if reader.is_encrypted:
            reader.decrypt("")
        return reader
    except Exception:  # noqa: BLE001 - any unreadable PDF: the raw bytes are still scanned
        return None


def _guarded(part: Callable[[PdfReader], Iterator[Piece]], reader: PdfReader) -> list[Piece]:
    """The pieces one part yields before pypdf fails on it (a damaged file)."""
    pieces: list[Piece] = []
    try:
        pieces.extend(part(reader))
    except Exception:  # noqa: BLE001 - pypdf raises many kinds on damaged files
        pass
    return pieces


def _metadata(reader: PdfReader) -> Iterator[Piece]:
    for name, value in (reader.metadata or {}).items():
        yield f"metadata {name}", str(value)


def _xmp(reader: PdfReader) -> Iterator[Piece]:
    stream = reader.root_object.get("/Metadata")
    if stream is not None:
        yield "metadata XMP", stream.get_object().get_data().decode("utf-8", errors="replace")


def _outline(reader: PdfReader) -> Iterator[Piece]:
    pending: list[Any] = list(reader.outline)
    while pending:
        item = pending.pop(0)
        if isinstance(item, list):
            pending[:0] = item
        else:
            yield "outline", str(getattr(item, "title", "") or "")


def _named_destinations(reader: PdfReader) -> Iterator[Piece]:
    for name in reader.named_destinations:
        yield "named destination", str(name)


def _pages(reader: PdfReader) -> Iterator[Piece]:
    for number, page in enumerate(reader.pages, start=1):
        yield f"page {number}", page.extract_text() or ""
        for annotation in page.get("/Annots") or []:
            yield from _annotation(annotation.get_object(), number)


def _annotation(annotation: Any, page: int) -> Iterator[Piece]:
    where = f"annotation on page {page}"
    for key in ANNOTATION_KEYS:
        if key in annotation:
            yield where, str(annotation[key])
    action = annotation.get("/A")
    if action is not None:
        action = action.get_object()
        for key in ACTION_KEYS:
            if key in action:
                yield where, str(action[key])


def _fields(reader: PdfReader) -> Iterator[Piece]:
    for name, field in (reader.get_fields() or {}).items():
        yield "form field", f"{name} {field.get('/V', '')} {field.get('/TU', '')}"


def _attachments(reader: PdfReader) -> Iterator[Piece]:
    for name, contents in reader.attachments.items():
        yield "attachment", name
        for content in contents:
            yield "attachment", content.decode("utf-8", errors="replace")
