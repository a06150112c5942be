"""Find many multi-word phrases in a text at once: case-insensitive, any run of
whitespace between words, whole words only, an optional possessive.

One alternation of a review's few hundred phrases (key names, glossary terms, the
allowlist) made Python's regular-expression engine try every phrase at every
position of every document. Here an Aho-Corasick automaton finds the phrases' first
words; only at those places are the phrases starting with that word tried, each an
anchored pattern. The result is what the alternation, longest phrase first, found.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import ahocorasick

_WORD_CHAR = re.compile(r"[\w\-]")


_ENDING = r"(?:['\u2019]s?)?(?![\w\-])"  # an optional possessive, then no more word


def _words(phrase: str) -> str:
    return r"\s+".join(map(re.escape, phrase.split()))


class _Lazy:
    """A phrase's pattern, compiled when its first word is first met: most of a
    review's glossary never occurs in a given document, and compiling is the cost."""

    __slots__ = ("source", "_pattern")

    def __init__(self, source: str) -> None:
        self.source = source
        self._pattern: re.Pattern[str] | None = None

    def compiled(self) -> re.Pattern[str]:
        if self._pattern is None:
            self._pattern = re.compile(self.source, re.IGNORECASE)
        return self._pattern


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
        by_first: dict[str, list[tuple[int, _Lazy]]] = {}
        for rank, phrase in enumerate(unique):
            first = phrase.split()[0].lower()
            by_first.setdefault(first, []).append((rank, _Lazy(_words(phrase) + _ENDING)))
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
            if start and _WORD_CHAR.match(text, start - 1):
                continue
            for rank, pattern in patterns:  # longest first; another first word may rank higher
                if start in best and best[start][0] < rank:
                    break
                if match := pattern.compiled().match(text, start):
                    best[start] = (rank, match.end())
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
