"""Normalisation: turn any published text into a *word view* a name can be found in.

The word view keeps letters and digits and turns every other character into a space,
one for one, after decoding what a browser or a reader would decode:

1. escapes: ``\\u00eb`` and ``\\x41`` everywhere; ``\\n``, ``\\"``... in JSON and JS;
2. HTML entities (``&euml;``, ``&#90;``, ``&amp;eacute;``) and URL escapes
   (``Zo%C3%AB``), repeated while a round still produces ``&``, ``%`` or ``\\``;
3. inline tags (``<em>``, ``<span class=...>``) removed, so ``Ti<em>lly</em>`` reads
   ``Tilly``; block tags stay as word breaks;
4. folding: Unicode NFKC (fullwidth letters), zero-width characters and soft hyphens
   removed, diacritics stripped (``Zoë`` -> ``Zoe``), a few letters spelled in
   ASCII (``ß`` -> ``ss``) and look-alikes of other scripts read as the ASCII letter
   they imitate (Cyrillic ``е`` -> ``e``, UTS #39 confusables).

Every step exists twice: a fast one for the publication gate (``re.sub`` and
``bytes.translate`` over whole files, no per-character Python), and a *mapped* one
(:class:`MappedText`) that remembers, for each character of the result, the span of
the original text it came from, so a match can be replaced in the original.
Whitespace is not collapsed: matching allows any run of spaces between two tokens.
"""

from __future__ import annotations

import codecs
import html
import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

from casereview.anonymise.confusables import ascii_lookalike

ESCAPE_TEXT = re.compile(
    r"\\u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}"
    r"|\\u[0-9a-fA-F]{4}|\\x[0-9a-fA-F]{2}"
)
ESCAPE_CODE = re.compile(ESCAPE_TEXT.pattern + r"""|\\[nrtbfv0"'/\\`]""")
ENTITY = re.compile(r"&(?:#[0-9]{1,7};?|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{1,31};)")
PERCENT = re.compile(r"%[0-9A-Fa-f]{2}(?:%[0-9A-Fa-f]{2})*")
_ESCAPE_TEXT_SPLIT = re.compile(f"({ESCAPE_TEXT.pattern})")
_ESCAPE_CODE_SPLIT = re.compile(f"({ESCAPE_CODE.pattern})")
_ENTITY_SPLIT = re.compile(f"({ENTITY.pattern})")
_PERCENT_SPLIT = re.compile(f"({PERCENT.pattern})")
# HTML's inline elements, and SVG's inside <text> (textPath spelled as SVG spells it:
# the fast split below is case-sensitive).
INLINE_TAG_NAMES = (
    "a abbr acronym b bdi bdo big cite code data del dfn em font i img ins kbd mark q rb rp rt rtc ruby s samp "
    "small span strike strong sub sup time tt u var wbr tspan textPath tref"
)
# Comments and CDATA markers show nothing either: "Kay<!-- -->leigh" and
# "<![CDATA[Kay]]>leigh" read "Kayleigh" (a comment's own text is still read, after).
# Every alternative starts with "<" (fast to look for); the end of a CDATA section is
# only looked for in a text that opens one.
_INLINE = (
    r"<(?:/?(?:" + "|".join(INLINE_TAG_NAMES.split()) + r")(?=[\s/>])[^<>]*>"
    r"|(?s:!--.{0,65536}?-->)|!\[CDATA\[)"
)
_CDATA_OPEN = "<![CDATA["
_INLINE_CDATA = _INLINE + r"|\]\]>"
INLINE_TAG = re.compile(_INLINE_CDATA, re.IGNORECASE)
# The same, faster, for the usual all-lower-case markup (IGNORECASE costs 2.5x).
_INLINE_SPLIT_LOWER = re.compile("(" + _INLINE + ")")
_INLINE_SPLIT_ANY = re.compile("(" + _INLINE + ")", re.IGNORECASE)
_INLINE_CDATA_SPLIT = re.compile("(" + _INLINE_CDATA + ")", re.IGNORECASE)
_UPPER_CASE_TAG = re.compile(r"</?[A-Z]")
# Unicode's Default_Ignorable_Code_Point (DerivedCoreProperties.txt): characters a
# renderer draws as nothing, so "Kay<U+200E>leigh" reads "Kayleigh". Every one is
# removed, not only the zero-width space: direction marks, variation selectors, tag
# characters, fillers and invisible operators hide a name just as well.
INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]"
)
COMBINING = re.compile("[\u0300-\u036f\u0483-\u0489\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
SPELLED_OUT = {
    "ß": "ss",
    "æ": "ae",
    "Æ": "AE",
    "ø": "o",
    "Ø": "O",
    "ł": "l",
    "Ł": "L",
    "đ": "d",
    "Đ": "D",
    "œ": "oe",
    "Œ": "OE",
    "þ": "th",
    "Þ": "TH",
    "ı": "i",
    "ð": "d",
    "Ð": "D",
    "ŋ": "ng",
    "ſ": "s",
}
SPELLED_OUT_CHARS = re.compile("[" + "".join(SPELLED_OUT) + "]")
NON_ASCII_CHAR = re.compile(r"[^\x00-\x7f]")
MAX_ROUNDS = 6

_KEEP_CASE = bytes(c if chr(c).isalnum() and c < 0x80 else 0x20 for c in range(256))
_LOWER = bytes((c + 32) if 65 <= c <= 90 else c for c in _KEEP_CASE)
_REDECODE = ("&", "%", "\\")


# --- single decodings ---------------------------------------------------------------
def _code_point(hex_digits: str) -> str:
    value = int(hex_digits, 16)
    return chr(value) if value < 0xD800 or value > 0xDFFF else " "


@lru_cache(maxsize=4096)
def decode_escape(escape: str) -> str:
    """One backslash escape as JSON or JavaScript would read it."""
    kind = escape[1]
    if kind == "u" and len(escape) == 12:
        high, low = int(escape[2:6], 16), int(escape[8:12], 16)
        return chr(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
    if kind in "ux":
        return _code_point(escape[2:])
    return {"n": "\n", "r": "\n", "t": " ", "b": " ", "f": " ", "v": " ", "0": " "}.get(kind, kind)


@lru_cache(maxsize=4096)
def decode_entity(token: str) -> str:
    """One HTML entity (an unknown one stays as written)."""
    decoded = html.unescape(token)
    return " " if decoded == "\x00" else decoded


@lru_cache(maxsize=4096)
def decode_percent(token: str) -> str:
    """One run of URL escapes, decoded as UTF-8 where it is valid UTF-8."""
    raw = bytes(int(token[i + 1 : i + 3], 16) for i in range(0, len(token), 3))
    text = raw.decode("utf-8", errors="surrogateescape")
    if not any("\udc80" <= ch <= "\udcff" for ch in text):
        return text
    return _keep_invalid_escapes(text, token)


def _keep_invalid_escapes(text: str, token: str) -> str:
    """Bytes that are not UTF-8 stay as they were written (``50%Abbey`` keeps ``Abbey``)."""
    out, byte_index = [], 0
    for ch in text:
        if "\udc80" <= ch <= "\udcff":
            out.append(token[byte_index * 3 : byte_index * 3 + 3])
            byte_index += 1
        else:
            out.append(ch)
            byte_index += len(ch.encode("utf-8"))
    return "".join(out)


def _needs_another_round(decoded: str) -> bool:
    return any(mark in decoded for mark in _REDECODE)


# --- folding --------------------------------------------------------------------------
@lru_cache(maxsize=8192)
def fold_run(run: str) -> str:
    """A run of non-ASCII characters folded to ASCII: NFKC, invisible characters
    removed, diacritics stripped, a few letters spelled out, look-alike letters of
    other scripts (Cyrillic ``е``, Greek ``Ο``) read as the ASCII letter they imitate
    (:mod:`.confusables`); what is still not ASCII becomes a space (punctuation,
    symbols) or, for a letter or digit of another script, a stand-in word ``x<hex>x``
    of its lower case, so it stays a word."""
    text = INVISIBLE.sub("", unicodedata.normalize("NFKC", run))
    text = COMBINING.sub("", unicodedata.normalize("NFD", text))
    text = unicodedata.normalize("NFC", SPELLED_OUT_CHARS.sub(_spell_out, text))
    if text.isascii():
        return text
    return "".join(ch if ch.isascii() else ascii_lookalike(ch) or _stand_in(ch) for ch in text)


def _spell_out(match: re.Match[str]) -> str:
    return SPELLED_OUT[match.group()]


def _stand_in(ch: str) -> str:
    if not ch.isalnum():
        return " "
    return "".join(f"x{ord(lower):x}x" for lower in ch.lower())


def _fold_error(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    return fold_run(error.object[error.start : error.end]), error.end


codecs.register_error("casereview.fold", _fold_error)


def fold_to_bytes(text: str) -> bytes:
    """:func:`fold` as ASCII bytes (one C pass; Python only for non-ASCII runs)."""
    return text.encode("ascii", errors="casereview.fold")


def fold(text: str) -> str:
    """``text`` in ASCII: see :func:`fold_run`; case is kept."""
    if text.isascii():
        return text
    return fold_to_bytes(text).decode("ascii")


def case_view(folded: str) -> str:
    """Letters and digits kept, every other character a space, padded with spaces."""
    return " " + folded.encode("ascii").translate(_KEEP_CASE).decode("ascii") + " "


def lower_view(folded: str) -> str:
    """:func:`case_view` in lower case."""
    return " " + folded.encode("ascii").translate(_LOWER).decode("ascii") + " "


def word_tokens(name: str) -> tuple[str, ...]:
    """The folded lower-case word tokens of a name as written in a key."""
    return tuple(lower_view(fold(name)).split())


# --- fast decoding (gate) -------------------------------------------------------------
def _decode_tokens(text: str, pattern: re.Pattern[str], table: Callable[[str], str]) -> tuple[str, bool]:
    """Each token ``pattern`` finds replaced through ``table``; and whether a decoded
    token brought a new ``&``, ``%`` or ``\\`` (so another round is needed).

    ``split`` and C-level mapping, not ``sub`` with a callback: a page holds
    thousands of entities, and a Python call for each costs more than the rest."""
    parts = pattern.split(text)
    if len(parts) == 1:
        return text, False
    tokens = parts[1::2]
    decoded = {token: table(token) for token in set(tokens)}
    parts[1::2] = map(decoded.__getitem__, tokens)
    again = any(new != old and _needs_another_round(new) for old, new in decoded.items())
    return "".join(parts), again


@lru_cache(maxsize=4096)
def _folded_escape(token: str) -> str:
    return fold(decode_escape(token))


@lru_cache(maxsize=4096)
def _folded_entity(token: str) -> str:
    return fold(decode_entity(token))


@lru_cache(maxsize=4096)
def _folded_percent(token: str) -> str:
    return fold(decode_percent(token))


def decode(text: str, code: bool = False) -> str:
    """Escapes, entities and URL escapes decoded, rounds repeated until stable.

    What they decode to is folded at once (``&rsquo;`` becomes a space, ``&euml;``
    an ``e``), so a page whose only non-ASCII characters were escaped stays ASCII
    and skips the slower folding of non-ASCII text."""
    steps = (
        ("\\", _ESCAPE_CODE_SPLIT if code else _ESCAPE_TEXT_SPLIT, _folded_escape),
        ("&", _ENTITY_SPLIT, _folded_entity),
        ("%", _PERCENT_SPLIT, _folded_percent),
    )
    for _ in range(MAX_ROUNDS):
        again = False
        for marker, pattern, table in steps:
            if marker in text:
                text, more = _decode_tokens(text, pattern, table)
                again = again or more
        if not again:
            break
    return text


def join_inline_tags(text: str) -> str:
    """Inline tags removed from the flow; their own text (attributes) appended after it."""
    if "<" not in text:
        return text
    if _CDATA_OPEN in text:
        pattern = _INLINE_CDATA_SPLIT
    else:
        pattern = _INLINE_SPLIT_ANY if _UPPER_CASE_TAG.search(text) else _INLINE_SPLIT_LOWER
    parts = pattern.split(text)
    if len(parts) == 1:
        return text
    return "".join(parts[0::2]) + "\n" + " ".join(parts[1::2])


# A right-to-left override (U+202E) shows the letters after it in reverse order, up to
# its pop (U+202C), the end of an isolate (U+2069) or of the paragraph: "\u202eyllit"
# is read as "tilly". It may be written raw or as an entity or escape (``&#x202E;``).
RIGHT_TO_LEFT_OVERRIDE = "\u202e"
_MAY_OVERRIDE = re.compile(r"\u202e|\\u202e|(?:#|%23)(?:x0*202e|0*8238)|%E2%80%AE", re.IGNORECASE)
_OVERRIDE_MARKS = (RIGHT_TO_LEFT_OVERRIDE, "202e", "202E", "8238", "%AE", "%ae", "%Ae", "%aE")
_OVERRIDDEN = re.compile("\u202e([^\u202c\u2069\n<]*)")


def _may_override(text: str) -> bool:
    """A fast test (substring searches) before the slower pattern."""
    return any(mark in text for mark in _OVERRIDE_MARKS) and _MAY_OVERRIDE.search(text) is not None


def displayed_order(text: str, code: bool = False, markup: bool = True) -> str | None:
    """``text`` decoded, with each run a right-to-left override reverses put in the
    order a reader sees it; None when ``text`` holds no override (the usual case, told
    by one search). Folding removes the override as an invisible character, so the
    reversed letters are only found in this second reading."""
    if not _may_override(text):
        return None
    steps = (
        (_ESCAPE_CODE_SPLIT if code else _ESCAPE_TEXT_SPLIT, decode_escape),
        (_ENTITY_SPLIT, decode_entity),
        (_PERCENT_SPLIT, decode_percent),
    )
    for _ in range(MAX_ROUNDS):
        again = False
        for pattern, table in steps:
            text, more = _decode_tokens(text, pattern, table)
            again = again or more
        if not again:
            break
    if markup:
        text = join_inline_tags(text)
    if RIGHT_TO_LEFT_OVERRIDE not in text:
        return None
    return _OVERRIDDEN.sub(lambda match: match.group(1)[::-1], text)


class Views:
    """The word views of one text, with the folded text they were made from.

    ``lower`` and ``case`` are padded with one space each side, so view index ``i``
    is index ``i - 1`` of ``folded``; ``markup`` says tag and attribute names are not
    text there.
    """

    __slots__ = ("lower", "folded", "markup", "_case")

    def __init__(self, folded: str, markup: bool) -> None:
        self.folded = folded
        self.markup = markup
        self.lower = lower_view(folded)
        self._case: str | None = None

    @property
    def case(self) -> str:
        if self._case is None:
            self._case = case_view(self.folded)
        return self._case

    def in_tag_syntax(self, start: int, end: int) -> bool:
        """Whether view span ``start..end`` is a tag name (``<meta``) or an attribute
        name (`` content="``) rather than text, in markup."""
        if not self.markup:
            return False
        before = self.folded[max(0, start - 3) : start - 1]
        after = self.folded[end - 1 : end + 1]
        return before.endswith(("<", "</")) or (before[-1:].isspace() and after in ('="', "='"))


def fast_views(text: str, code: bool = False, markup: bool = True) -> Views:
    """The word views of ``text`` after decoding, tag joining and folding."""
    text = decode(text, code)
    if markup:
        text = join_inline_tags(text)
    return Views(fold(text), markup)
