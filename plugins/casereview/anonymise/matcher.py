"""Find the name forms of a key in a word view, with one Aho-Corasick pass.

The automaton holds the *first token* of every form padded with spaces (``" tilly "``),
so it can only hit whole words. A one-token form is a match at once; a longer form is
confirmed by a small regular expression anchored at the hit, which allows any run of
spaces between tokens (``Tilly\\nHarper-Quinn`` is ``tilly harper quinn`` with two
spaces). Matches then resolve leftmost-longest, so ``Tilly Harper-Quinn`` is one match,
not three, and a protected form (a public name, an acronym) shields what it covers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick

from casereview.anonymise.identifiers import PathMatcher
from casereview.anonymise.names import HONORIFIC_BEFORE, ORDINARY_AFTER, TITLE_PATTERN, NameForm, name_forms
from casereview.anonymise.normalise import Views
from casereview.sources.key import Entity, Key

_Multi = tuple[tuple[str, ...], NameForm]


@dataclass(frozen=True)
class Hit:
    """A form found at ``start..end`` of a padded word view."""

    start: int
    end: int
    form: NameForm


@dataclass
class _Trigger:
    width: int
    single: NameForm | None
    multis: list[_Multi]


def _tokens_end(lower: str, start: int, tokens: tuple[str, ...]) -> int | None:
    """Where ``tokens``, separated by runs of spaces and followed by a space, end when
    they start at ``start`` of a padded word view (``tok1 +tok2(?= )`` as a regular
    expression: compiling one per form was most of building a large key's matcher)."""
    position = start
    for index, token in enumerate(tokens):
        if index:
            if lower[position : position + 1] != " ":
                return None
            while lower[position : position + 1] == " ":
                position += 1
        if not lower.startswith(token, position):
            return None
        position += len(token)
    return position if lower[position : position + 1] == " " else None


def _capitalised(word: str) -> bool:
    return word.isupper() or word.istitle()


def _has_private(trigger: _Trigger) -> bool:
    forms = [form for _, form in trigger.multis] + ([trigger.single] if trigger.single is not None else [])
    return any(not form.protected for form in forms)


def _automaton(triggers: dict[str, _Trigger]) -> ahocorasick.Automaton | None:
    """An automaton over ``" token "`` for each trigger (None when there is none)."""
    if not triggers:
        return None
    automaton = ahocorasick.Automaton()
    for token, trigger in triggers.items():
        automaton.add_word(f" {token} ", trigger)
    automaton.make_automaton()
    return automaton


class Matcher:
    """An automaton over the forms of one key; build it once (see :func:`matcher_for`).

    ``paths`` finds the same names in identifiers (file names, URLs, ids, e-mail
    addresses), where they are run together and lower case; it is built on first use
    (a check builds matchers of part of a key that only ever read text)."""

    _entities: tuple[Entity, ...] | None = None
    _paths: PathMatcher | None = None

    @property
    def paths(self) -> PathMatcher | None:
        if self._paths is None and self._entities is not None:
            self._paths = PathMatcher(self._entities)
        return self._paths

    def __init__(self, forms: Iterable[NameForm]) -> None:
        triggers: dict[str, _Trigger] = {}
        forms_seen = list(forms)
        for form in forms_seen:
            first = form.tokens[0]
            trigger = triggers.setdefault(first, _Trigger(len(first) + 2, None, []))
            if len(form.tokens) == 1:
                trigger.single = form
            else:
                trigger.multis.append((form.tokens, form))
        self._automaton = _automaton(triggers)
        self._private_automaton = _automaton({token: t for token, t in triggers.items() if _has_private(t)})
        longest = max((sum(map(len, t.tokens)) + len(t.tokens) for t in forms_seen), default=0)
        self._reach = 4 * longest + 64  # context a shielding protected form may need

    def hits(self, views: Views) -> list[Hit]:
        """Resolved matches in ``views``: common words only when capitalised, no tag or
        attribute names, leftmost-longest.

        The automaton of private first tokens runs over the whole text; only around
        what it finds does the full automaton (acronyms and public names included) run.
        """
        private = [h for h in _scan(self._private_automaton, views.lower, 0) if h.form.acronym]
        private = _keep_text_matches(private, views)
        if not private:
            return []
        found: list[Hit] = []
        for begin, end in _windows(private, len(views.lower), self._reach):
            found += _scan(self._automaton, views.lower[begin:end], begin)
        return resolve(_keep_text_matches(found, views))

    def leaks(self, views: Views) -> set[str]:
        """Acronyms of the private forms in ``views`` (empty when it is clean)."""
        return {hit.form.acronym for hit in self.hits(views) if hit.form.acronym}


def _scan(automaton: ahocorasick.Automaton | None, lower: str, offset: int) -> list[Hit]:
    """Every form whose tokens occur in ``lower``, overlapping ones included."""
    if automaton is None:
        return []
    found: list[Hit] = []
    for last, trigger in automaton.iter(lower):
        start = last - trigger.width + 2
        if trigger.single is not None:
            found.append(Hit(offset + start, offset + last, trigger.single))
        for tokens, form in trigger.multis:
            if (end := _tokens_end(lower, start, tokens)) is not None:
                found.append(Hit(offset + start, offset + end, form))
    return found


def _keep_text_matches(found: list[Hit], views: Views) -> list[Hit]:
    """Drop tag and attribute names, and common words that are not capitalised or that
    the next word makes an ordinary phrase ("Summer term", "May half-term"), unless a
    form of address comes just before them ("Ms rose" is a name in any case)."""
    found = [h for h in found if not views.in_tag_syntax(h.start, h.end)]
    if any(hit.form.common for hit in found):
        case, lower = views.case, views.lower
        found = [
            h
            for h in found
            if not h.form.common
            or (_capitalised(case[h.start : h.end]) and _next_word(lower, h.end) not in ORDINARY_AFTER)
            or (h.form.person and _after_honorific(lower, h.start))
        ]
    return found


def _after_honorific(lower: str, start: int) -> bool:
    return HONORIFIC_BEFORE.search(lower, max(0, start - 12), start) is not None


def _next_word(lower: str, end: int) -> str:
    """The word after ``end`` of a padded word view ("" at the end)."""
    start = end
    while start < len(lower) and lower[start] == " ":
        start += 1
    stop = lower.find(" ", start)
    return lower[start : stop if stop != -1 else len(lower)]


def _windows(hits: list[Hit], size: int, reach: int) -> list[tuple[int, int]]:
    """Spans of ``reach`` around each hit, overlapping ones merged."""
    spans: list[tuple[int, int]] = []
    for hit in sorted(hits, key=lambda h: h.start):
        begin, end = max(0, hit.start - reach), min(size, hit.end + reach)
        if spans and begin <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], end))
        else:
            spans.append((begin, end))
    return spans


def resolve(found: list[Hit]) -> list[Hit]:
    """Leftmost-longest, private before protected on a tie; a private match that only
    partly overlaps an accepted one is kept too (it would otherwise slip through)."""
    ordered = sorted(found, key=lambda h: (h.start, -h.end, h.form.protected))
    accepted: list[Hit] = []
    for hit in ordered:
        if not accepted or hit.start >= accepted[-1].end:
            accepted.append(hit)
        elif hit.end > accepted[-1].end and not hit.form.protected:
            accepted.append(hit)
    return accepted


def with_title(hit: Hit, lower: str) -> Hit:
    """Extend a person's match over a title just before it (``Mr Harper`` -> one match)."""
    if not hit.form.person:
        return hit
    title = TITLE_PATTERN.search(lower, max(0, hit.start - 48), hit.start)
    if title is None:
        return hit
    return Hit(title.start() + (lower[title.start()] == " "), hit.end, hit.form)


# Sized for a board's whole estate of reviews: a smaller cache thrashes when a
# build visits every review in turn (one automaton per review, about 100 KB each).
@lru_cache(maxsize=1024)
# Keyed by the key's entities themselves (frozen), so it answers the same in any
# build; cleared at the end of a plugin session (clear_cache): it holds real names.
def _matcher_for_entities(entities: tuple[Entity, ...]) -> Matcher:
    matcher = Matcher(name_forms(Key(list(entities))))
    matcher._entities = entities
    return matcher


def matcher_for(key: Key) -> Matcher:
    """The matcher of ``key``, built once per distinct key content."""
    return _matcher_for_entities(tuple(key.entities))


def clear_cache() -> None:
    """Forget every key's automaton (at the end of a plugin session)."""
    _matcher_for_entities.cache_clear()
