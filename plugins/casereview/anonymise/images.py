"""The text a raster image carries besides its pixels, for the publication gate.

A photograph or a scanned genogram can hold a real name in its metadata: EXIF
(``ImageDescription``, ``Artist``, ``XPAuthor``, ``UserComment``...), XMP, PNG text
chunks (``tEXt``, ``iTXt``, ``zTXt``), JPEG comments, the ICC profile's description.
Two readings, so a field no library knows still gets read:

* Pillow's: each field by name (``EXIF Artist``, ``PNG text "Author"``);
* the container's: every PNG chunk, JPEG segment and WebP chunk that is not pixel
  data and not a block Pillow parsed whole (EXIF), as raw bytes (``PNG chunk prVt``).

Raw bytes are read only by their runs of printable text (:func:`printable_text`):
read whole, compressed data or a thumbnail would sooner or later spell a short name
between two non-letters, a false leak that blocks a clean build at random.

An image Pillow cannot open and decode (corrupt, truncated, a decompression bomb) is
:class:`UnreadableImage`: the gate refuses it rather than publish what it did not read.
Text drawn as pixels is not seen here; the README says what the board must do about it.
"""

from __future__ import annotations

import re
import struct
import warnings
import zlib
from collections.abc import Iterator, Mapping
from io import BytesIO
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # Pillow is imported where it is used, not when this module loads
    from PIL.Image import Exif

RASTER_SUFFIXES = frozenset(
    {".png", ".apng", ".jpg", ".jpeg", ".jpe", ".jfif", ".gif", ".webp", ".tif", ".tiff", ".avif"}
)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PNG_PIXEL_CHUNKS = frozenset({b"IDAT", b"fdAT", b"IEND"})
WEBP_PIXEL_CHUNKS = frozenset({b"VP8 ", b"VP8L", b"ALPH", b"ANMF"})
# XPTitle, XPComment, XPAuthor, XPKeywords, XPSubject: UTF-16LE byte strings.
XP_TAGS = frozenset({0x9C9B, 0x9C9C, 0x9C9D, 0x9C9E, 0x9C9F})
USER_COMMENT = 0x9286
MAX_ZTXT_BYTES = 8_000_000
# Four or more printable characters: ASCII, UTF-8, or UTF-16 (either byte order) ASCII.
PRINTABLE_RUN = re.compile(rb"(?:[\x20-\x7e\t\r\n]|[\xc2-\xf4][\x80-\xbf]{1,3}){4,}")
UTF16_RUNS = (re.compile(rb"(?:\x00[\x20-\x7e]){4,}"), re.compile(rb"(?:[\x20-\x7e]\x00){4,}"))
Field = tuple[str, str | bytes]


class UnreadableImage(Exception):
    """An image the gate cannot read (the message says why, never a name)."""


def printable_text(data: bytes) -> str:
    """The runs of printable text in binary ``data``, one per line (UTF-8 and UTF-16
    ASCII runs), and nothing of the bytes between them."""
    runs = [run.decode("utf-8", errors="replace") for run in PRINTABLE_RUN.findall(data)]
    for pattern in UTF16_RUNS:
        runs += [run.replace(b"\x00", b"").decode("ascii") for run in pattern.findall(data)]
    return "\n".join(runs)


def is_raster(name: str, data: bytes) -> bool:
    """Whether ``data`` (named ``name``) is a raster image, by suffix or signature."""
    suffix = name[name.rfind(".") :].lower() if "." in name else ""
    return (
        suffix in RASTER_SUFFIXES
        or data.startswith((PNG_SIGNATURE, b"\xff\xd8\xff", b"GIF8"))
        or (data[:4] == b"RIFF" and data[8:12] == b"WEBP")
    )


def image_texts(data: bytes) -> tuple[list[Field], list[Field]]:
    """(field, text or raw bytes) of every piece of metadata in the image ``data``:
    the fields Pillow names, then the container's raw chunks and segments."""
    return list(_pillow_fields(data)), list(_container_fields(data))


def _pillow_fields(data: bytes) -> Iterator[Field]:
    from PIL import Image, UnidentifiedImageError  # Pillow loads slowly: only when an image is read

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(BytesIO(data)) as image:
                image.load()  # PNG text chunks after the pixels are read only now
                info = dict(image.info)
                exif = image.getexif()
                exif_fields = list(_exif_fields(exif))
                kind = image.format or "image"
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise UnreadableImage(type(error).__name__) from None
    except (OSError, SyntaxError, ValueError, EOFError, struct.error, zlib.error) as error:
        raise UnreadableImage(f"{type(error).__name__}: {error}") from None
    info.pop("exif", None)  # read tag by tag below
    for name, value in info.items():
        if name == "icc_profile" and isinstance(value, bytes):
            yield from _icc_fields(value)
        elif isinstance(value, (str, bytes)):
            yield _info_field(kind, str(name)), value
        elif isinstance(value, tuple):  # dpi, aspect...: numbers, but read them anyway
            yield _info_field(kind, str(name)), " ".join(map(str, value))
    yield from exif_fields


def _info_field(kind: str, name: str) -> str:
    known = {"comment": f"{kind} comment", "xmp": "XMP", "XML:com.adobe.xmp": "XMP"}
    return known.get(name, f'{kind} text "{name}"' if kind == "PNG" else f'{kind} info "{name}"')


def _exif_fields(exif: Exif) -> Iterator[Field]:
    from PIL import ExifTags  # Pillow loads slowly: only when an image is read

    ifds: list[tuple[str, Mapping[int, Any]]] = [("", exif)]
    for ifd in (ExifTags.IFD.Exif, ExifTags.IFD.GPSInfo, ExifTags.IFD.Interop, ExifTags.IFD.IFD1):
        try:
            ifds.append((f"{ifd.name} ", exif.get_ifd(ifd)))
        except (KeyError, ValueError, TypeError, struct.error):
            continue
    for prefix, values in ifds:
        for tag, value in dict(values).items():
            name = ExifTags.TAGS.get(tag, ExifTags.GPSTAGS.get(tag, f"tag {tag:#06x}"))
            field = f"EXIF {prefix}{name}".replace("EXIF Exif ", "EXIF ")
            if isinstance(value, bytes):
                if tag in XP_TAGS:
                    yield field, value.decode("utf-16-le", errors="replace")
                elif tag == USER_COMMENT and value[:8] == b"UNICODE\x00":
                    order = "utf-16-be" if getattr(exif, "endian", ">") == ">" else "utf-16-le"
                    yield field, value[8:].decode(order, errors="replace")
                yield field, value
            elif isinstance(value, (str, tuple)):
                yield field, str(value)


def _icc_fields(profile: bytes) -> Iterator[Field]:
    try:
        from PIL import ImageCms  # Pillow's colour management loads slowly: only for an ICC profile

        parsed = ImageCms.ImageCmsProfile(BytesIO(profile)).profile
        names = ("profile_description", "copyright", "manufacturer", "model")
        texts = {name: getattr(parsed, name, None) for name in names}
    except (ImportError, OSError, ValueError, TypeError, AttributeError):
        texts = {}
    for name, text in texts.items():
        if text:
            yield f"ICC profile {name.replace('_', ' ')}", str(text)
    # Every tag, named or not: v2 text is ASCII, v4 ('mluc') UTF-16BE; both are runs.
    yield "ICC profile", profile


def _container_fields(data: bytes) -> Iterator[Field]:
    if data.startswith(PNG_SIGNATURE):
        yield from _png_chunks(data)
    elif data.startswith(b"\xff\xd8"):
        yield from _jpeg_segments(data)
    elif data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        yield from _webp_chunks(data)


def _png_chunks(data: bytes) -> Iterator[Field]:
    position = len(PNG_SIGNATURE)
    while position + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[position : position + 8])
        body = data[position + 8 : position + 8 + length]
        position += 12 + length
        if kind in PNG_PIXEL_CHUNKS or kind == b"eXIf":  # eXIf: parsed tag by tag
            continue
        where = f"PNG chunk {kind.decode('latin-1')}"
        keyword_end = body.find(b"\x00")
        compressed = kind in (b"zTXt", b"iCCP") or (
            kind == b"iTXt" and body[keyword_end + 1 : keyword_end + 2] == b"\x01"
        )
        if not compressed:
            yield where, body
            continue
        yield where, body[: max(0, keyword_end)]  # the keyword
        inflated = _inflate_after_keyword(body)
        if inflated is not None:
            yield where + " (decompressed)", inflated


def _inflate_after_keyword(body: bytes) -> bytes | None:
    """The compressed text of a zTXt/iTXt/iCCP chunk (it follows the keyword's NUL)."""
    start = body.find(b"\x00")
    for offset in range(start + 1, min(len(body), start + 64)):
        if body[offset : offset + 1] == b"\x78":  # a zlib stream's first byte
            try:
                inflater = zlib.decompressobj()
                return inflater.decompress(body[offset:], MAX_ZTXT_BYTES)
            except zlib.error:
                continue
    return None


def _jpeg_segments(data: bytes) -> Iterator[Field]:
    position = 2
    while position + 4 <= len(data) and data[position] == 0xFF:
        marker = data[position + 1]
        if marker == 0xDA:  # start of scan: pixels follow
            return
        (length,) = struct.unpack(">H", data[position + 2 : position + 4])
        body = data[position + 4 : position + 2 + length]
        position += 2 + length
        if 0xE0 <= marker <= 0xEF and not (marker == 0xE1 and body.startswith(b"Exif\x00")):
            yield f"JPEG APP{marker - 0xE0} segment", body
        elif marker == 0xFE:
            yield "JPEG comment", body


def _webp_chunks(data: bytes) -> Iterator[Field]:
    position = 12
    while position + 8 <= len(data):
        kind = data[position : position + 4]
        (length,) = struct.unpack("<I", data[position + 4 : position + 8])
        body = data[position + 8 : position + 8 + length]
        position += 8 + length + (length & 1)
        if kind not in WEBP_PIXEL_CHUNKS and kind != b"EXIF":  # EXIF: parsed tag by tag
            yield f"WebP chunk {kind.decode('latin-1').strip()}", body
