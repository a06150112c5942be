"""The name forms of a key: every way a real name may be written, and whose it is.

A *form* is a sequence of folded word tokens (see :func:`casereview.anonymise.normalise.
word_tokens`): ``"Tilly Harper-Quinn"`` is ``("tilly", "harper", "quinn")``. Each form
belongs to one acronym, or to none when it is *protected* (a public official's name,
or an acronym itself): a protected form that covers a private token shields it, so
``Margaret Ellison-Bray`` (public) stays whole even when ``Margaret`` is also the first
name of a family member.

Shared tokens. When two private entities yield the same form (two family members
share the surname ``Harper``), the form goes to the entity for which it is closest to
what the key wrote: first one that wrote it out in full as a ``names``/``aliases``
entry, then one for which it is a whole word of a name (``Harper`` of ``Kayleigh
Harper``), then one for which it is only part of a hyphenated word (``Harper`` of
``Harper-Quinn``); on a tie, the first of them in key order. The choice only changes
which acronym replaces the token; the token is replaced (and flagged) either way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from casereview.anonymise.normalise import word_tokens
from casereview.sources.key import Entity, Key

#: Honorifics and ranks that are never a name on their own: a name is matched through
#: its distinctive tokens, so "the Detective Sergeant attended" names no one.
TITLES = frozenset(
    """mr mrs ms miss mx dr prof professor sir dame lady lord rev revd reverend fr pc dc ds
    di dci dsi dcs supt sgt ps insp cllr councillor hhj pcso det detective sergeant
    inspector constable chief superintendent acting temporary special""".split()
)

#: First names (and a few surnames) that are also ordinary English words. As a single
#: token they match only capitalised (``Hope``, ``HOPE``), never ``we hope``.
COMMON_NAME_WORDS = frozenset(
    """grace hope rose will mark dawn amber may faith joy june april summer autumn
    holly ivy daisy lily poppy violet hazel heather jasmine iris ruby pearl crystal
    sky skye rain river storm star honor honour patience charity mercy prudence
    constance felicity harmony melody destiny trinity bill bob rob sue pat art bud
    jack frank sandy rusty chase hunter mason cash drew gene guy ray jay dean chip
    wade lane dale glen forest brook reed rod miles gray grey brown green white black
    young king baker cook smith ward hall wood hill stone rich penny ginny kitty
    sunny happy angel blue dusty carol eve victor sterling fisher shepherd page""".split()
) | frozenset(
    # English surnames that are ordinary words: trades ("a dog walker"), descriptions
    # ("a bright woman"), nature and places. In lower case they are the word, so a
    # surname alone matches only capitalised; the full name matches in any case.
    """walker bright fox bird wolf swan lamb bell hart long short strong sharp wise
    gold silver price bond street field fields marsh moss heath bush banks booth
    barber butcher carpenter carter cooper draper farmer fowler gardener glover
    miller painter porter potter sawyer slater thatcher turner weaver archer bishop
    knight noble steward chamberlain child little small sweet moody good best jolly
    merry love friend bliss pride cross ford pool lake wells waters hedges birch ash
    oak thorn nightingale crow crane drake finch hawk heron partridge peacock
    sparrow starling swift wren bull buck hare roach pike salmon herring
    mills booker reader rider sadler driver player singer dancer
    hope""".split()
)

#: Words after which a common-word name is an ordinary word again, even capitalised:
#: "Summer term", "the Summer holidays", "May half-term", "Hope Street" is not here
#: (a street is an identifier of its own).
ORDINARY_AFTER = frozenset(
    """term terms holiday holidays half half-term halfterm break breaks months season
    seasons timetable fair fete camp uniform reading school schools""".split()
)

MIN_TOKEN_LETTERS = 3


@dataclass(frozen=True)
class NameForm:
    """One matchable form: its tokens, whose it is, and how strictly it matches."""

    tokens: tuple[str, ...]
    acronym: str | None  # None: a protected form (public name or acronym), never a leak
    common: bool = False  # a single common word: matched only when capitalised
    written: bool = False  # written in full in the key
    rank: int = 0  # for a shared token: 0 written, 1 a whole word, 2 a hyphenated part
    person: bool = False  # may swallow a preceding title ("Mr Harper")

    @property
    def protected(self) -> bool:
        return self.acronym is None


def _letters(token: str) -> int:
    return sum(ch.isalpha() for ch in token)


def _raw_words(name: str) -> list[str]:
    """Whitespace words of a written name, titles (``Dr``, ``PC.``, ``Detective``) and
    collar numbers (``PC 4417``, ``#4417``) left out."""
    return [w for w in name.split() if w.strip(".").casefold() not in TITLES and not any(c.isdigit() for c in w)]


def person_words(written: str) -> list[str]:
    """The folded words of a person's written name, titles and collar numbers left out."""
    return [t for w in _raw_words(written) for t in word_tokens(w)]


def plurals(token: str) -> tuple[str, ...]:
    """The plural of a name token, as a family is called (``the Harpers``,
    ``the Joneses``); a possessive (``Harpers’``, ``Harpers's``) reads as the plural
    followed by a word break."""
    if token.endswith(("s", "x", "z", "ch", "sh")):
        return (token + "es",)
    return (token + "s",)


def person_parts(name: str) -> Iterator[tuple[str, int]]:
    """Given names, surname, each hyphenated word and its parts, with their rank."""
    words = _raw_words(name)
    if len(words) > 2:
        yield f"{words[0]} {words[-1]}", 1
    if len(words) > 1:
        yield " ".join(words), 1
    for word in words:
        yield word, 1
        if "-" in word:
            yield from ((part, 2) for part in word.split("-") if part)


def _entity_forms(entity: Entity, common_words: frozenset[str]) -> Iterator[NameForm]:
    for written in entity.real_names:
        if tokens := word_tokens(written):
            common = _is_common(tokens, common_words)
            yield NameForm(tokens, entity.acronym, common, written=True, person=entity.is_person)
            yield from _plural_forms(tokens, entity.acronym, common, entity.is_person, rank=0)
        if not entity.is_person:
            continue
        for part, rank in person_parts(written):
            tokens = word_tokens(part)
            if not tokens or (len(tokens) == 1 and _letters(tokens[0]) < MIN_TOKEN_LETTERS):
                continue
            common = _is_common(tokens, common_words)
            yield NameForm(tokens, entity.acronym, common, person=True, rank=rank)
            yield from _plural_forms(tokens, entity.acronym, common, True, rank)


def _plural_forms(
    tokens: tuple[str, ...], acronym: str, common: bool, person: bool, rank: int
) -> Iterator[NameForm]:
    """``Harpers`` for a one-word form ``Harper``; as strict as the form itself."""
    if len(tokens) != 1 or _letters(tokens[0]) < MIN_TOKEN_LETTERS or tokens[0].isdigit():
        return
    for plural in plurals(tokens[0]):
        yield NameForm((plural,), acronym, common, person=person, rank=rank)


def _is_common(tokens: tuple[str, ...], common_words: frozenset[str]) -> bool:
    return len(tokens) == 1 and tokens[0] in common_words


def _protected_forms(key: Key) -> Iterator[NameForm]:
    private = private_name_tokens(key)
    for entity in key:
        if entity.public:
            for written in entity.real_names:
                if tokens := word_tokens(written):
                    yield NameForm(tokens, None)
        # An acronym shields what it spells ("SW1"), unless it holds a private name
        # ("Neighbour Kayleigh Harper"): that key is refused, and meanwhile the name
        # inside it is still matched.
        if (tokens := word_tokens(entity.acronym)) and not set(tokens) & private:
            yield NameForm(tokens, None)


def _merge(candidates: list[NameForm]) -> NameForm:
    """One form per token sequence: private beats protected, written beats derived."""
    private = [f for f in candidates if not f.protected]
    if not private:
        return candidates[0]
    winner = min(private, key=lambda f: f.rank)  # min keeps the first of equal ranks
    common = all(f.common for f in private)
    person = any(f.person for f in private)
    return NameForm(winner.tokens, winner.acronym, common, winner.written, winner.rank, person)


def name_forms(key: Key) -> list[NameForm]:
    """Every form of ``key``, one per distinct token sequence, in a stable order."""
    grouped: dict[tuple[str, ...], list[NameForm]] = {}
    for form in _all_forms(key):
        grouped.setdefault(form.tokens, []).append(form)
    return [_merge(forms) for forms in grouped.values()]


def _all_forms(key: Key) -> Iterator[NameForm]:
    for entity in key.private:
        common = COMMON_NAME_WORDS | _folded_words(entity.common_words)
        yield from _entity_forms(entity, common)
    yield from _protected_forms(key)


def _folded_words(words: Iterable[str]) -> frozenset[str]:
    return frozenset(t for w in words for t in word_tokens(w))


def private_name_tokens(key: Key) -> frozenset[str]:
    """The words that identify someone on their own: every word of a private person's
    name (titles left out) and the one-word names of places and organisations, in
    folded lower case. (``School`` of ``Ashcombe Primary School`` identifies no one.)"""
    tokens: set[str] = set()
    for entity in key.private:
        for written in entity.real_names:
            if entity.is_person:
                words = person_words(written)
            else:
                words = list(word_tokens(written))
                words = words if len(words) == 1 else []
            tokens.update(t for t in words if _letters(t) >= MIN_TOKEN_LETTERS)
    return frozenset(tokens)


def _private_phrases(key: Key) -> list[tuple[str, ...]]:
    return [word_tokens(w) for e in key.private if not e.is_person for w in e.real_names if len(word_tokens(w)) > 1]


def _holds(tokens: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    return any(tokens[i : i + len(phrase)] == phrase for i in range(len(tokens) - len(phrase) + 1))


def acronyms_holding_names(key: Key) -> list[int]:
    """Indexes of the entities whose acronym holds a private name: a word of a
    person's name, a one-word place name, or a longer place or organisation name."""
    private = private_name_tokens(key)
    phrases = _private_phrases(key)
    return [
        index
        for index, entity in enumerate(key)
        if set(tokens := word_tokens(entity.acronym)) & private or any(_holds(tokens, p) for p in phrases)
    ]


# A form of address just before a word: what follows it is a name, even in lower case
# ("Ms rose"). Only these, not ranks: "the sergeant will attend" names no one.
HONORIFIC_BEFORE = re.compile(r"(?:^| )(?:mr|mrs|ms|miss|mx) +$")
# One or more titles just before a name ("Detective Inspector Harper").
TITLE_PATTERN = re.compile(r"(?:^| )(?:(?:" + "|".join(sorted(TITLES)) + r") +)+$")
