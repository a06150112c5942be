"""``data:`` URIs inside published text: find them and decode their payload.

A ``data:`` URI carries a whole file inside an attribute, a CSS ``url()`` or a JSON
string; base64 hides the words of that file from a text scan. :func:`data_uris` finds
each one and returns its media type and decoded bytes, so the gate can read the
payload as the file it is (an SVG's ``<title>``, an HTML page, a PNG's metadata).

Bounded on purpose: a payload larger than :data:`MAX_PAYLOAD_CHARS` is not decoded but
reported as too large (the gate refuses it rather than publish what it did not read),
and the gate decodes nested URIs only :data:`MAX_DEPTH` levels deep.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import unquote_to_bytes

MAX_PAYLOAD_CHARS = 16_000_000
MAX_DEPTH = 3

# The scheme, an optional media type (``image/svg+xml``; ``\/`` as JSON writes it),
# parameters (``;charset=utf-8``) and the ``;base64`` flag, up to the comma.
DATA_URI = re.compile(
    r"""(?<![\w.+-])data:[ \t]*(?P<type>[a-z0-9!#$&^_.+-]+(?:\\?/)[a-z0-9!#$&^_.+-]+)?"""
    r"""(?P<params>(?:;[ \t]*[a-z0-9!#$&^_.+-]+(?:=(?:"[^"]*"|[^;,\s"'<>()]*))?)*?)"""
    r"""(?P<base64>;[ \t]*base64)?,""",
    re.IGNORECASE,
)
# Where a payload ends when the URI is not quoted.
UNQUOTED_END = re.compile(r"""[\s"'<>)`]""")
CLOSERS = {'"': '"', "'": "'", "(": ")", "`": "`"}
BASE64_NOISE = re.compile(r"[^A-Za-z0-9+/_-]")
_ESCAPED_QUOTE = re.compile(r"\\([\"'/])")
SUFFIX_OF_TYPE = {
    "image/svg+xml": ".svg",
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "text/xml": ".xml",
    "application/xml": ".xml",
    "application/json": ".json",
    "text/javascript": ".js",
    "application/javascript": ".js",
    "text/css": ".css",
    "text/plain": ".txt",
    "image/png": ".png",
    "image/apng": ".png",
    "image/jpeg": ".jpg",
    "image/jpg": ".jpg",
    "image/gif": ".gif",
    "image/webp": ".webp",
    "application/pdf": ".pdf",
    "application/gzip": ".gz",
    "image/avif": ".avif",
    "image/tiff": ".tif",
}


@dataclass(frozen=True)
class DataUri:
    """One ``data:`` URI: where it starts in the text, its media type and payload."""

    start: int
    media_type: str
    payload: bytes | None  # None: too large to decode, or not asked to

    @property
    def file_name(self) -> str:
        """A file name whose suffix tells the gate how to read the payload."""
        return "data" + SUFFIX_OF_TYPE.get(self.media_type, ".txt")

    @property
    def is_binary(self) -> bool:
        """A type the gate has no reader for and that is not text (a font, audio):
        only its runs of printable text are read, as in an image's raw chunks."""
        kind = self.media_type
        textual = kind.startswith("text/") or kind.endswith(("+xml", "+json", "/json", "/xml", "/javascript"))
        return not textual and kind not in SUFFIX_OF_TYPE


def has_data_uri(text: str) -> bool:
    """Cheap test before the regular expression: the scheme is case-insensitive, and
    ``str.lower`` is a C pass (a case-insensitive regular expression is 8x slower)."""
    return "data:" in text or "data:" in text.lower()


def data_uris(text: str, decode: bool = True) -> Iterator[DataUri]:
    """Every ``data:`` URI in ``text``, its payload decoded (base64 or URL escapes)
    unless ``decode`` is false (then the payload is None)."""
    if not has_data_uri(text):
        return
    for match in DATA_URI.finditer(text):
        media_type = (match.group("type") or "text/plain").replace("\\", "").lower()
        raw = _payload(text, match.start(), match.end())
        if len(raw) > MAX_PAYLOAD_CHARS or not decode:
            yield DataUri(match.start(), media_type, None)
            continue
        yield DataUri(match.start(), media_type, _decode(raw, bool(match.group("base64"))))


def _payload(text: str, start: int, payload_start: int) -> str:
    """The payload's text: up to the closing quote or parenthesis when the URI is
    enclosed in one, else up to the first space, quote or angle bracket."""
    opener = text[start - 1] if start else ""
    closer = CLOSERS.get(opener)
    if closer is not None:
        end = text.find(closer, payload_start)
        # An escaped quote inside JSON or JS (\") is not the end.
        while end > 0 and closer in "\"'" and text[end - 1] == "\\":
            end = text.find(closer, end + 1)
        if end >= 0:
            return text[payload_start:end]
    found = UNQUOTED_END.search(text, payload_start)
    return text[payload_start : found.start() if found else len(text)]


def _decode(raw: str, is_base64: bool) -> bytes:
    raw = _ESCAPED_QUOTE.sub(r"\1", raw)
    data = unquote_to_bytes(raw)
    if not is_base64:
        return data
    compact = BASE64_NOISE.sub("", data.decode("latin-1"))
    compact = compact.replace("-", "+").replace("_", "/")
    compact += "=" * (-len(compact) % 4)
    try:
        return base64.b64decode(compact)
    except (binascii.Error, ValueError):
        # Not valid base64: read what is there as text rather than skip it.
        return data
