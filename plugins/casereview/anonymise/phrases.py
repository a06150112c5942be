"""Find many multi-word phrases in a text at once: case-insensitive, any run of
whitespace between words, whole words only, an optional possessive.

One alternation of a review's few hundred phrases (key names, glossary terms, the
allowlist) made Python's regular-expression engine try every phrase at every
position of every document. Here an Aho-Corasick automaton finds the phrases' first
words; only at those places are the phrases starting with that word compared, word
by word. The result is what the alternation, longest phrase first, found (the
alternation itself is kept for the rare text whose lower case changes its length).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import ahocorasick

_ENDING = r"(?:['\u2019]s?)?(?![\w\-])"  # an optional possessive, then no more word


def _words(phrase: str) -> str:
    return r"\s+".join(map(re.escape, phrase.split()))


def _end_of_match(view: str, start: int, tokens: tuple[str, ...]) -> int | None:
    """Where ``tokens`` (lower case), separated by any whitespace and followed by an
    optional possessive and no more word, end when they start at ``start`` of ``view``;
    the same as the regular expression ``tok1\\s+tok2...(?:['’]s?)?(?![\\w\\-])``."""
    position = start
    for index, token in enumerate(tokens):
        if index:
            after_gap = _after_whitespace(view, position)
            if after_gap is None:
                return None
            position = after_gap
        if not view.startswith(token, position):
            return None
        position += len(token)
    if position < len(view) and view[position] in "'\u2019":
        if view.startswith("s", position + 1) and not _word_at(view, position + 2):
            return position + 2
        if not _word_at(view, position + 1):
            return position + 1
    return None if _word_at(view, position) else position


def _after_whitespace(view: str, index: int) -> int | None:
    """The index after the run of whitespace at ``index`` (None when there is none)."""
    end = index
    while end < len(view) and view[end].isspace():
        end += 1
    return end if end > index else None


def _word_at(view: str, index: int) -> bool:
    return index < len(view) and (view[index].isalnum() or view[index] in "_-")


class PhraseFinder:
    """Built once per vocabulary; :meth:`spans` runs once per document."""

    def __init__(self, phrases: Iterable[str]) -> None:
        spelled = {" ".join(p.split()).casefold(): " ".join(p.split()) for p in phrases if p.split()}
        unique = sorted(spelled.values(), key=lambda p: (-len(p), p.casefold()))
        self._automaton: ahocorasick.Automaton | None = None
        self._fallback_source = ""
        self._fallback: re.Pattern[str] | None = None
        if not unique:
            return
        by_first: dict[str, list[tuple[int, tuple[str, ...]]]] = {}
        for rank, phrase in enumerate(unique):
            tokens = tuple(phrase.lower().split())
            by_first.setdefault(tokens[0], []).append((rank, tokens))
        self._automaton = ahocorasick.Automaton()
        for first, patterns in by_first.items():
            self._automaton.add_word(first, (len(first), patterns))
        self._automaton.make_automaton()
        alternatives = "|".join(map(_words, unique))
        self._fallback_source = rf"(?<![\w\-])(?:{alternatives}){_ENDING}"

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Non-overlapping ``(start, end)`` of the phrases in ``text``, leftmost first."""
        if self._automaton is None:
            return []
        view = text.lower()
        if len(view) != len(text):  # a letter whose lower case is longer: positions shift
            return [m.span() for m in self._fallback_pattern().finditer(text)]
        best: dict[int, tuple[int, int]] = {}  # start -> (rank, end)
        for last, (width, patterns) in self._automaton.iter(view):
            start = last - width + 1
            if start and _word_at(view, start - 1):
                continue
            second = _after_whitespace(view, last + 1)  # where a second word would start
            for rank, tokens in patterns:  # longest first; another first word may rank higher
                if start in best and best[start][0] < rank:
                    break
                if len(tokens) > 1 and (second is None or not view.startswith(tokens[1], second)):
                    continue  # the cheap test that rules out most phrases
                if (end := _end_of_match(view, start, tokens)) is not None:
                    best[start] = (rank, end)
                    break
        return _leftmost(best)

    def _fallback_pattern(self) -> re.Pattern[str]:
        if self._fallback is None:
            self._fallback = re.compile(self._fallback_source, re.IGNORECASE)
        return self._fallback


def _leftmost(best: dict[int, tuple[int, int]]) -> list[tuple[int, int]]:
    found: list[tuple[int, int]] = []
    reached = 0
    for start in sorted(best):
        if start >= reached:
            end = best[start][1]
            found.append((start, end))
            reached = end
    return found
