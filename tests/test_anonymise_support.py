"""Shared fixtures for the anonymisation tests (no tests here): the fictional key, file builders."""

from __future__ import annotations

import base64
import gzip
import struct
import zlib
from io import BytesIO
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.annotations import Link

from casereview.sources.key import Key

FIXTURES = Path(__file__).parent / "fixtures" / "anonymise"

KEY_DATA = {
    "entities": [
        {
            "acronym": "Child T",
            "category": "family",
            "names": ["Tilly Harper-Quinn"],
            "aliases": ["Tilly-Mae"],
            "subject": True,
        },
        {"acronym": "Mother M", "category": "family", "names": ["Kayleigh Harper"], "aliases": ["Kayleigh Pemberton"]},
        {"acronym": "Sibling Z", "category": "family", "names": ["Zoë O'Rourke"]},
        {"acronym": "Aunt G", "category": "family", "names": ["Hope Siân Okafor"]},
        {"acronym": "SW1", "category": "professional", "names": ["Priya Ramanathan"], "title": "Ms"},
        {"acronym": "SW2", "category": "professional", "names": ["Renee Dubois"]},
        {"acronym": "Board Chair", "category": "official", "names": ["Margaret Ellison-Bray"], "public": True},
        {"acronym": "School 1", "category": "school", "names": ["St Wilfrid's Primary School"]},
    ]
}


def fixture_key() -> Key:
    return Key.from_mapping(KEY_DATA)


def html_pdf(body_html: str) -> bytes:
    """A PDF rendered by WeasyPrint from ``body_html``."""
    from weasyprint import HTML

    return HTML(string=f"<html><body>{body_html}</body></html>").write_pdf()


def with_pdf_extras(base: bytes, kind: str, content: str) -> bytes:
    """``base`` with ``content`` as metadata, a bookmark or a link URI (pypdf writer)."""
    writer = PdfWriter(clone_from=PdfReader(BytesIO(base)))
    field = {
        "pdf-title": "/Title",
        "pdf-author": "/Author",
        "pdf-subject": "/Subject",
        "pdf-keywords": "/Keywords",
    }.get(kind)
    if field:
        writer.add_metadata({field: content})
    elif kind == "pdf-bookmark":
        writer.add_outline_item(title=content, page_number=0)
    elif kind == "pdf-link":
        writer.add_annotation(0, Link(rect=(50, 50, 200, 80), url=content))
    else:
        raise ValueError(kind)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


SUFFIXES = {"html": ".html", "json": ".json", "xml": ".xml", "js": ".js", "svg": ".svg", "txt": ".md"}
# Traps carried inside a page as a base64 data: URI, by media type.
DATA_URI_KINDS = {"data-uri-svg": "image/svg+xml", "data-uri-html": "text/html", "data-uri-json": "application/json"}


def data_uri(media_type: str, payload: bytes) -> str:
    return f"data:{media_type};base64,{base64.b64encode(payload).decode('ascii')}"


def image_with_metadata(kind: str, content: str) -> tuple[str, bytes]:
    """(file name, bytes) of a small image holding ``content`` in the metadata ``kind`` names:
    png-text (tEXt "Author"), png-ztxt (compressed zTXt), png-chunk (a private chunk no
    library knows), jpeg-exif (EXIF Artist), jpeg-comment (COM segment), jpeg-xpauthor
    (EXIF XPAuthor, UTF-16), jpeg-usercomment (EXIF UserComment, UTF-16), jpeg-icc (the
    ICC profile's description, 13 characters at most), jpeg-xmp and png-xmp-itxt (XMP
    dc:creator; in PNG a compressed iTXt chunk), webp-exif (EXIF
    ImageDescription), gif-comment."""
    from PIL import Image, ImageCms, PngImagePlugin

    image, out = Image.new("RGB", (8, 8), "white"), BytesIO()
    exif = Image.Exif()
    if kind == "png-chunk":
        image.save(out, "PNG")
        data, body = out.getvalue(), content.encode("utf-8")
        chunk = struct.pack(">I", len(body)) + b"prVt" + body + struct.pack(">I", zlib.crc32(b"prVt" + body))
        end = data.rfind(b"IEND") - 4
        return "figure.png", data[:end] + chunk + data[end:]
    if kind == "jpeg-icc":
        icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
        described = icc.replace("sRGB built-in".encode("utf-16-be"), content.ljust(13)[:13].encode("utf-16-be"))
        image.save(out, "JPEG", icc_profile=described)
        return "figure.jpg", out.getvalue()
    if kind in ("jpeg-xmp", "png-xmp-itxt"):
        xmp = (
            '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
            '<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f"<dc:creator>{content}</dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>"
        )
        if kind == "jpeg-xmp":
            image.save(out, "JPEG", xmp=xmp.encode("utf-8"))
            return "figure.jpg", out.getvalue()
        info = PngImagePlugin.PngInfo()
        info.add_itxt("XML:com.adobe.xmp", xmp, zip=True)
        image.save(out, "PNG", pnginfo=info)
        return "figure.png", out.getvalue()
    if kind == "jpeg-usercomment":
        exif.get_ifd(0x8769)[0x9286] = b"UNICODE\0" + content.encode("utf-16-be")
    if kind in ("png-text", "png-ztxt"):
        info = PngImagePlugin.PngInfo()
        info.add_text("Author", content, zip=kind == "png-ztxt")
        image.save(out, "PNG", pnginfo=info)
        return "figure.png", out.getvalue()
    if kind == "jpeg-exif":
        exif[0x013B] = content
    elif kind == "jpeg-xpauthor":
        exif[0x9C9D] = content.encode("utf-16-le") + b"\0\0"
    elif kind == "webp-exif":
        exif[0x010E] = content
        image.save(out, "WEBP", exif=exif)
        return "figure.webp", out.getvalue()
    elif kind == "gif-comment":
        image.save(out, "GIF", comment=content.encode("utf-8"))
        return "figure.gif", out.getvalue()
    comment = content.encode("utf-8") if kind == "jpeg-comment" else b""
    image.save(out, "JPEG", exif=exif, comment=comment)
    return "figure.jpg", out.getvalue()


IMAGE_KINDS = frozenset(
    {
        "png-text",
        "png-ztxt",
        "png-chunk",
        "jpeg-exif",
        "jpeg-comment",
        "jpeg-xpauthor",
        "jpeg-usercomment",
        "jpeg-icc",
        "jpeg-xmp",
        "png-xmp-itxt",
        "webp-exif",
        "gif-comment",
    }
)


def write_trap(folder: Path, kind: str, content: str, neutral_pdf: bytes) -> None:
    """Write one trap into the empty ``folder`` as the file (or name) its kind says."""
    if kind in SUFFIXES:
        (folder / f"page{SUFFIXES[kind]}").write_text(content, encoding="utf-8")
    elif kind in DATA_URI_KINDS:
        uri = data_uri(DATA_URI_KINDS[kind], content.encode("utf-8"))
        (folder / "page.html").write_text(f'<p>Figure</p>\n<img src="{uri}" alt="figure">', encoding="utf-8")
    elif kind in IMAGE_KINDS:
        name, data = image_with_metadata(kind, content)
        (folder / name).write_bytes(data)
    elif kind == "gz":
        (folder / "page.html.gz").write_bytes(gzip.compress(content.encode("utf-8")))
    elif kind == "filename":
        (folder / content).write_text("nothing to see", encoding="utf-8")
    elif kind == "foldername":
        (folder / content).mkdir()
        (folder / content / "index.html").write_text("<p>ok</p>", encoding="utf-8")
    elif kind == "pdf-text":
        (folder / "doc.pdf").write_bytes(html_pdf(f"<p>{content}</p>"))
    else:
        (folder / "doc.pdf").write_bytes(with_pdf_extras(neutral_pdf, kind, content))
