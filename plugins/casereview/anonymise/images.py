"""The text a raster image carries besides its pixels, for the publication gate.

A photograph or a scanned genogram can hold a real name in its metadata: EXIF
(``ImageDescription``, ``Artist``, ``XPAuthor``, ``UserComment``...), XMP, PNG text
chunks (``tEXt``, ``iTXt``, ``zTXt``), JPEG comments, the ICC profile's description.
Two readings, so a field no library knows still gets read:

* Pillow's: each field by name (``EXIF Artist``, ``PNG text "Author"``);
* the container's: every PNG chunk, JPEG segment and WebP chunk that is not pixel
  data, as raw bytes (``PNG chunk prVt``).

An image Pillow cannot open and decode (corrupt, truncated, a decompression bomb) is
:class:`UnreadableImage`: the gate refuses it rather than publish what it did not read.
Text drawn as pixels is not seen here; the README says what the board must do about it.
"""

from __future__ import annotations

import struct
import warnings
import zlib
from collections.abc import Iterator
from io import BytesIO

RASTER_SUFFIXES = frozenset({".png", ".apng", ".jpg", ".jpeg", ".jpe", ".jfif", ".gif", ".webp", ".tif", ".tiff"})
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PNG_PIXEL_CHUNKS = frozenset({b"IDAT", b"fdAT", b"IEND"})
WEBP_PIXEL_CHUNKS = frozenset({b"VP8 ", b"VP8L", b"ALPH", b"ANMF"})
# XPTitle, XPComment, XPAuthor, XPKeywords, XPSubject: UTF-16LE byte strings.
XP_TAGS = frozenset({0x9C9B, 0x9C9C, 0x9C9D, 0x9C9E, 0x9C9F})
USER_COMMENT = 0x9286
MAX_ZTXT_BYTES = 8_000_000
Field = tuple[str, str | bytes]


class UnreadableImage(Exception):
    """An image the gate cannot read (the message says why, never a name)."""


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
    from PIL import Image, UnidentifiedImageError

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
    for name, value in info.items():
        if name == "icc_profile" and isinstance(value, bytes):
            yield from _icc_fields(value)
        elif isinstance(value, (str, bytes)):
            yield _info_field(kind, name), value
        elif isinstance(value, tuple):  # dpi, aspect...: numbers, but read them anyway
            yield _info_field(kind, name), " ".join(map(str, value))
    yield from exif_fields


def _info_field(kind: str, name: str) -> str:
    known = {"comment": f"{kind} comment", "exif": "EXIF (raw)", "xmp": "XMP", "XML:com.adobe.xmp": "XMP"}
    return known.get(name, f'{kind} text "{name}"' if kind == "PNG" else f'{kind} info "{name}"')


def _exif_fields(exif: object) -> Iterator[Field]:
    from PIL import ExifTags

    ifds = [("", exif)]
    for ifd in (ExifTags.IFD.Exif, ExifTags.IFD.GPSInfo, ExifTags.IFD.Interop):
        try:
            ifds.append((f"{ifd.name} ", exif.get_ifd(ifd)))  # type: ignore[attr-defined]
        except (KeyError, ValueError, TypeError, struct.error):
            continue
    for prefix, values in ifds:
        for tag, value in dict(values).items():
            name = ExifTags.TAGS.get(tag, ExifTags.GPSTAGS.get(tag, f"tag {tag:#06x}"))
            field = f"EXIF {prefix}{name}".replace("EXIF Exif ", "EXIF ")
            if isinstance(value, bytes):
                if tag in XP_TAGS or tag == USER_COMMENT:
                    yield field, value.decode("utf-16-le", errors="replace")
                yield field, value
            elif isinstance(value, (str, tuple)):
                yield field, str(value)


def _icc_fields(profile: bytes) -> Iterator[Field]:
    try:
        from PIL import ImageCms

        description = ImageCms.ImageCmsProfile(BytesIO(profile)).profile.profile_description
    except (ImportError, OSError, ValueError, TypeError, AttributeError):
        description = None
    if description:
        yield "ICC profile description", str(description)
    # v4 profiles write text as UTF-16BE ('mluc'); v2 as ASCII ('desc').
    yield "ICC profile", profile
    yield "ICC profile", profile.decode("utf-16-be", errors="replace")


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
        if kind in PNG_PIXEL_CHUNKS:
            continue
        where = f"PNG chunk {kind.decode('latin-1')}"
        yield where, body
        if kind in (b"zTXt", b"iTXt", b"iCCP"):
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
        if 0xE0 <= marker <= 0xEF:
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
        if kind not in WEBP_PIXEL_CHUNKS:
            yield f"WebP chunk {kind.decode('latin-1').strip()}", body
