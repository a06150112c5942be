"""The normalisation of :mod:`.normalise`, remembering where each character came from.

Used where a match must be found *in the original text*: substitution, and the line
number of a leak. It costs a Python step per decoded entity, inline tag and non-ASCII
character, so the gate only runs it on a file that already failed the fast scan.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from casereview.anonymise.normalise import (
    ENTITY,
    ESCAPE_CODE,
    ESCAPE_TEXT,
    INLINE_TAG,
    MAX_ROUNDS,
    NON_ASCII_CHAR,
    PERCENT,
    Views,
    _needs_another_round,
    decode_entity,
    decode_escape,
    decode_percent,
    fold_run,
)


class MappedText:
    """A text and, for each of its characters, the span of the original it stands for."""

    __slots__ = ("text", "starts", "ends")

    def __init__(self, text: str, starts: list[int] | None = None, ends: list[int] | None = None):
        self.text = text
        self.starts = list(range(len(text))) if starts is None else starts
        self.ends = list(range(1, len(text) + 1)) if ends is None else ends

    def sub(self, pattern: re.Pattern[str], replace: Callable[[str], str]) -> MappedText:
        """Like ``pattern.sub``; each replacement character maps to the whole match."""
        text, starts, ends = self.text, self.starts, self.ends
        pieces: list[str] = []
        new_starts: list[int] = []
        new_ends: list[int] = []
        done = 0
        for match in pattern.finditer(text):
            begin, stop = match.span()
            replacement = replace(match.group())
            if replacement == match.group() or begin == stop:
                continue
            pieces.append(text[done:begin])
            new_starts += starts[done:begin]
            new_ends += ends[done:begin]
            pieces.append(replacement)
            new_starts += [starts[begin]] * len(replacement)
            new_ends += [ends[stop - 1]] * len(replacement)
            done = stop
        if not pieces:
            return self
        pieces.append(text[done:])
        return MappedText("".join(pieces), new_starts + starts[done:], new_ends + ends[done:])

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text behind characters ``start..end`` (end exclusive)."""
        return self.starts[start], self.ends[end - 1]


def mapped_decode(mapped: MappedText, code: bool = False) -> MappedText:
    escapes = ESCAPE_CODE if code else ESCAPE_TEXT
    for _ in range(MAX_ROUNDS):
        again = False

        def one(token: str, table: Callable[[str], str]) -> str:
            nonlocal again
            decoded = table(token)
            again = again or (decoded != token and _needs_another_round(decoded))
            return decoded

        if "\\" in mapped.text:
            mapped = mapped.sub(escapes, lambda t: one(t, decode_escape))
        if "&" in mapped.text:
            mapped = mapped.sub(ENTITY, lambda t: one(t, decode_entity))
        if "%" in mapped.text:
            mapped = mapped.sub(PERCENT, lambda t: one(t, decode_percent))
        if not again:
            break
    return mapped


def mapped_fold(mapped: MappedText) -> MappedText:
    """:func:`fold`, one non-ASCII character at a time."""
    if mapped.text.isascii():
        return mapped
    return mapped.sub(NON_ASCII_CHAR, fold_run)


class MappedViews(Views):
    """:class:`Views` whose characters can be traced back to the original text."""

    __slots__ = ("mapped",)

    def __init__(self, text: str, code: bool = False, markup: bool = True) -> None:
        mapped = mapped_decode(MappedText(text), code)
        if markup and "<" in mapped.text:
            mapped = mapped.sub(INLINE_TAG, lambda _tag: "")
        self.mapped = mapped_fold(mapped)
        super().__init__(self.mapped.text, markup)

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Original span of view characters ``start..end`` (view indices are padded)."""
        return self.mapped.original_span(start - 1, end - 1)
