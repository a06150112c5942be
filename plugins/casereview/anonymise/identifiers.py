"""Real names in file names, URLs, ids and e-mail addresses.

Text is matched word by word (:mod:`.matcher`); identifiers are not text. They run
words together (``/people/lilyharper/``), abbreviate them (``lharper``, ``l.harper``)
and are lower case, so a first name that is also an ordinary word (``lily``), which
text matching accepts only when capitalised, is a name here. :class:`PathMatcher`
reads an identifier as a run of pieces split at punctuation, at case changes
(``lilyTimeline``) and between letters and digits, and finds in it:

* any word of a private person's name, or a one-word name of a place or
  organisation, as a whole piece, whatever its case (``lily-timeline.md``);
* run-together forms of a person's name: given name and surname either way round,
  initial and surname either way round, all the words of a name (``lilyharper``,
  ``harperlily``, ``lharper``, ``harperl``, ``tillyharperquinn``, ``tillyquinn``), and a place's or
  organisation's whole name run together (``hollinbank``);
* inside a longer piece, any of the above of five letters or more that is not also
  an ordinary word (``harperfamily``).

Words of a public official's name (or of an acronym) are left out, as the text
matcher leaves them: they may be published.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

import ahocorasick

from casereview.anonymise.names import COMMON_NAME_WORDS, MIN_TOKEN_LETTERS, _raw_words, plurals
from casereview.anonymise.normalise import decode, fold, word_tokens
from casereview.key import Entity, Key

#: A glued form shorter than this is too likely to be a part of an ordinary word.
MIN_GLUED_LETTERS = 5
MIN_INSIDE_LETTERS = 5

_CASE_BREAK = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Za-z])(?=[0-9])|(?<=[0-9])(?=[A-Za-z])")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")

#: Identifier contexts in published text: attribute values that are addresses or ids,
#: CSS ``url()``, and any run of non-space characters holding ``/``, ``@`` or ``#``
#: (a URL, a path, an e-mail address, a fragment), in HTML, JSON, XML or JS alike.
IDENTIFIER_CONTEXTS = re.compile(
    r"""(?:\b(?:id|name|for|href|src|srcset|action|formaction|poster|cite|data|background|xlink:href"""
    r"""|aria-labelledby|aria-describedby|headers)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))"""
    r"""|url\(\s*['"]?([^'")]*)"""
    r"""|([^\s"'<>()\[\]{}`,;]*[/@#][^\s"'<>()\[\]{}`,;]*)""",
    re.IGNORECASE,
)


def _person_words(written: str) -> list[str]:
    return [t for w in _raw_words(written) for t in word_tokens(w)]


def _glued_person(words: list[str]) -> Iterator[str]:
    """Run-together forms of one person's name words (titles left out): all of them,
    the given name with each other word either way round, and its initial likewise."""
    if len(words) < 2:
        return
    first, others = words[0], words[1:]
    yield "".join(words)
    if len(others) > 1:  # a hyphenated or double surname run together
        yield "".join(others)
        yield first[0] + "".join(others)
    for other in others:
        yield first + other
        yield other + first
        yield first[0] + other
        yield other + first[0]


def _letters(token: str) -> int:
    return sum(ch.isalpha() for ch in token)


class PathMatcher:
    """The private name pieces of one key, for identifiers (see the module doc)."""

    def __init__(self, entities: Iterable[Entity]) -> None:
        entities = list(entities)
        shielded = self._shielded(entities)
        whole: dict[str, str] = {}  # piece -> acronym, matched as a whole piece
        inside: dict[str, str] = {}  # matched anywhere inside a piece
        for entity in entities:
            if entity.public:
                continue
            for piece, is_word in self._pieces(entity):
                if piece in shielded or _letters(piece) < MIN_TOKEN_LETTERS or piece.isdigit():
                    continue
                whole.setdefault(piece, entity.acronym)
                long_enough = _letters(piece) >= (MIN_INSIDE_LETTERS if is_word else MIN_GLUED_LETTERS)
                if long_enough and piece not in COMMON_NAME_WORDS:
                    inside.setdefault(piece, entity.acronym)
        self._automaton: ahocorasick.Automaton | None = None
        if whole or inside:
            automaton = ahocorasick.Automaton()
            for piece, acronym in whole.items():
                automaton.add_word(f" {piece} ", (acronym, len(piece) + 2))
            for piece, acronym in inside.items():
                automaton.add_word(piece, (acronym, len(piece)))
            automaton.make_automaton()
            self._automaton = automaton

    @staticmethod
    def _shielded(entities: list[Entity]) -> frozenset[str]:
        shielded: set[str] = set()
        for entity in entities:
            shielded.update(word_tokens(entity.acronym))
            if entity.public:
                for written in entity.real_names:
                    shielded.update(word_tokens(written))
        return frozenset(shielded)

    @staticmethod
    def _pieces(entity: Entity) -> Iterator[tuple[str, bool]]:
        """(piece, whether it is a single word of a name) for one private entity."""
        for written in entity.real_names:
            if entity.is_person:
                words = _person_words(written)
                for word in words:
                    yield word, True
                    for plural in plurals(word):
                        yield plural, True
                yield from ((glued, False) for glued in _glued_person(words))
            else:
                words = list(word_tokens(written))
                if len(words) == 1:
                    yield words[0], True
                    yield from ((plural, True) for plural in plurals(words[0]))
                elif words:
                    yield "".join(words), False

    def leaks(self, identifiers: Iterable[str]) -> set[str]:
        """Acronyms whose names are in any of ``identifiers``."""
        if self._automaton is None:
            return set()
        view = pieces_view(identifiers)
        return {acronym for _, (acronym, _) in self._automaton.iter(view)}


def pieces_view(identifiers: Iterable[str]) -> str:
    """The identifiers decoded, folded, split into lower-case pieces, space-padded."""
    parts = []
    for identifier in identifiers:
        text = fold(decode(identifier))
        parts.append(_NOT_ALNUM.sub(" ", _CASE_BREAK.sub(" ", text).lower()))
    return " " + " ".join(parts) + " "


def identifiers_in(text: str) -> set[str]:
    """The identifier contexts of a published text (see :data:`IDENTIFIER_CONTEXTS`)."""
    if not any(mark in text for mark in ("/", "@", "#", "=", "url(")):
        return set()
    found: set[str] = set()
    for match in IDENTIFIER_CONTEXTS.finditer(text):
        value = next((group for group in match.groups() if group), None)
        if value:
            found.add(value)
    return found


@lru_cache(maxsize=1024)
def _path_matcher_for_entities(entities: tuple[Entity, ...]) -> PathMatcher:
    return PathMatcher(entities)


def path_matcher_for(key: Key) -> PathMatcher:
    """The identifier matcher of ``key``, built once per distinct key content."""
    return _path_matcher_for_entities(tuple(key.entities))
