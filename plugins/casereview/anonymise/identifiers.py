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

from casereview.anonymise.names import COMMON_NAME_WORDS, MIN_TOKEN_LETTERS, _letters, person_words, plurals
from casereview.anonymise.normalise import decode, fold, lower_view, word_tokens
from casereview.sources.key import Entity, Key

#: A glued form shorter than this is too likely to be a part of an ordinary word.
MIN_GLUED_LETTERS = 5
MIN_INSIDE_LETTERS = 5

_CASE_BREAK = re.compile(r"([a-z])(?=[A-Z0-9])|([0-9])(?=[A-Za-z])")

#: Identifier contexts in published text, each found by a pattern that starts with a
#: literal (so the regular expression engine skips ahead quickly): quoted attribute
#: values without spaces (``href``, ``src``, ``id``... – prose attributes such as
#: ``alt`` hold spaces; a ``class`` names styles, not things), CSS ``url()``, sitemap
#: ``<loc>``, a search index's ``"location"``, Markdown link targets, web addresses
#: (``mailto:`` too) and e-mail addresses.
_ATTRIBUTE = (re.compile(r'="([^"\s<>]+)"'), re.compile(r"='([^'\s<>]+)'"))
_CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")\s]+)")
_WEB_ADDRESS = re.compile(r"https?:[^\s\"'<>()]+")
_MAILTO = re.compile(r"mailto:[^\s\"'<>()]+")
_SITEMAP = re.compile(r"<loc>\s*([^<\s]+)")
_SEARCH_LOCATION = re.compile(r'"location":\s*"([^"\s]*)"')
_MARKDOWN_LINK = re.compile(r"\]\(<?([^)\s>]+)")
#: The patterns worth running on each kind of text: each pass over a large file costs
#: as much as a pattern that finds nothing, so a page is not searched for a sitemap's
#: ``<loc>`` nor a sitemap for Markdown links.
IDENTIFIER_PATTERNS = {
    "html": (*_ATTRIBUTE, _CSS_URL, _WEB_ADDRESS),
    "json": (_SEARCH_LOCATION, _WEB_ADDRESS, _MAILTO, _CSS_URL, *_ATTRIBUTE),
    "xml": (_SITEMAP, *_ATTRIBUTE, _WEB_ADDRESS),
    "text": (_MARKDOWN_LINK, *_ATTRIBUTE, _CSS_URL, _WEB_ADDRESS, _MAILTO, _SITEMAP, _SEARCH_LOCATION),
}
EMAIL_LOCAL = re.compile(r"[\w.%+\-]{1,64}$")
EMAIL_DOMAIN = re.compile(r"[\w\-]+(?:\.[\w\-]+)*")
#: Identifiers already read and found clean, so a site's navigation links, repeated
#: on every page, are read once (bounded).
MAX_REMEMBERED = 200_000


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
        self._automaton = _automaton(whole, inside)
        self._shield = shielded
        self._clean: set[str] = set()

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
                words = person_words(written)
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
        fresh = [identifier for identifier in set(identifiers) if identifier not in self._clean]
        if not fresh:
            return set()
        found = self._leaks_in(fresh)
        if not found and len(self._clean) < MAX_REMEMBERED:
            self._clean.update(fresh)
        return found

    def _leaks_in(self, identifiers: list[str]) -> set[str]:
        view = pieces_view(identifiers)
        assert self._automaton is not None
        found = set()
        for end, (acronym, width, whole) in self._automaton.iter(view):
            if whole:
                if view[end + 1 : end + 2] in (" ", ""):
                    found.add(acronym)
            elif _piece_around(view, end - width + 1, end + 1) not in self._shield:
                found.add(acronym)  # inside a longer piece that is not an acronym's word ("Mother")
        return found


def _piece_around(view: str, start: int, end: int) -> str:
    """The whole space-delimited piece of ``view`` that holds ``view[start:end]``."""
    return view[view.rfind(" ", 0, start) + 1 : view.find(" ", end) if view.find(" ", end) != -1 else len(view)]


def _automaton(whole: dict[str, str], inside: dict[str, str]) -> ahocorasick.Automaton | None:
    """Whole pieces as ``" piece"`` (the caller checks that a space follows), inside
    pieces as they are; the value is (acronym, width, whole)."""
    if not whole and not inside:
        return None
    automaton = ahocorasick.Automaton()
    for piece, acronym in inside.items():
        automaton.add_word(piece, (acronym, len(piece), False))
    for piece, acronym in whole.items():
        automaton.add_word(f" {piece}", (acronym, len(piece) + 1, True))
    automaton.make_automaton()
    return automaton


def pieces_view(identifiers: Iterable[str]) -> str:
    """The identifiers decoded, folded, split into lower-case pieces, space-padded
    (all of them in one pass: a site has millions)."""
    text = _CASE_BREAK.sub(r"\1\2 ", fold(decode("\n".join(identifiers))))
    return lower_view(text)


def identifiers_in(text: str) -> set[str]:
    """The identifier contexts of a published text (see :data:`IDENTIFIER_PATTERNS`)."""
    if "class=" in text:  # a class names styles, not things: hide its value's quotes
        text = text.replace('class="', "class=\x01").replace("class='", "class=\x01")
    values: list[str] = []
    for pattern in IDENTIFIER_PATTERNS[_kind_of(text)]:
        values += pattern.findall(text)
    found = set(values)
    if "@" in text:
        found.update(_emails(text))
    return found


def _kind_of(text: str) -> str:
    """HTML, JSON (or JavaScript), XML or other text, from how the text begins."""
    head = text[:256].lstrip().lower()
    if head.startswith(("<!doctype html", "<html")):
        return "html"
    if head.startswith(("{", "[")):
        return "json"
    if head.startswith("<?xml") or head.startswith("<urlset"):
        return "xml"
    return "text"


def _emails(text: str) -> Iterator[str]:
    """E-mail addresses, found from each ``@`` (a pattern starting with a character
    class would be tried at every position of the text)."""
    at = text.find("@")
    while at != -1:
        local = EMAIL_LOCAL.search(text, max(0, at - 64), at)
        domain = EMAIL_DOMAIN.match(text, at + 1)
        if local and domain:
            yield f"{local.group()}@{domain.group()}"
        at = text.find("@", at + 1)


# Keyed by the key's entities themselves (frozen): the same answer in any build;
# cleared at the end of a plugin session (clear_cache): it holds real names.
@lru_cache(maxsize=1024)
def _path_matcher_for_entities(entities: tuple[Entity, ...]) -> PathMatcher:
    return PathMatcher(entities)


def path_matcher_for(key: Key) -> PathMatcher:
    """The identifier matcher of ``key``, built once per distinct key content."""
    return _path_matcher_for_entities(tuple(key.entities))


def clear_cache() -> None:
    """Forget every key's path matcher (at the end of a plugin session)."""
    _path_matcher_for_entities.cache_clear()
