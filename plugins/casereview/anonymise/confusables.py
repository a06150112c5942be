"""Look-alike letters of other scripts, folded to the ASCII letter they imitate.

A Cyrillic ``е`` inside ``Kеstrel`` or a Greek ``Ο`` in ``Οkafor`` reads as the name
to a person and to a search engine, but not to a matcher that compares code points.
Unicode's confusables data (UTS #39, ``confusables.txt``) says which characters look
alike; the table here maps each non-ASCII letter or digit whose look-alikes include
an ASCII letter or digit to that ASCII character.

The data comes from the ``confusable-homoglyphs`` package, chosen because it ships
the Unicode data files (``confusables.txt`` and the script ranges of ``Scripts.txt``)
as plain JSON in a small pure-Python wheel, is widely used for the same purpose
(homograph checks of user names), and needs no compiled ICU. What it does not cover:
look-alikes inside ASCII itself (``l``/``I``/``1``, ``rn``/``m``), see the README's
security section.

Case matters for the choice: UTS #39 maps ``I`` and the Cyrillic ``І`` to the
prototype ``l``; for matching names in lower case the letter of the same case is
wanted (``І`` -> ``I``), so each character takes, from its class of ASCII look-alikes,
a letter of its own case first, then any letter, then a digit.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import cache
from importlib import resources

from confusable_homoglyphs import categories

#: Scripts that are not a script of their own for the mixed-script rule.
NEUTRAL_SCRIPTS = frozenset({"COMMON", "INHERITED", "Unknown"})


def _is_ascii_alnum(text: str) -> bool:
    return len(text) == 1 and text.isascii() and text.isalnum()


@cache
def _data() -> dict[str, list[dict[str, str]]]:
    raw = (resources.files("confusable_homoglyphs") / "confusables.json").read_text(encoding="utf-8")
    data: dict[str, list[dict[str, str]]] = json.loads(raw)
    return data


def _ascii_alikes(ch: str) -> set[str]:
    data = _data()
    first = {h["c"] for h in data.get(ch, ()) if _is_ascii_alnum(h["c"])}
    alikes = set(first)
    for letter in first:
        alikes |= {h["c"] for h in data.get(letter, ()) if _is_ascii_alnum(h["c"])}
    return alikes


def _preference(ch: str, candidate: str) -> tuple[int, str]:
    same_case = candidate.isalpha() and (candidate.isupper() == ch.isupper())
    return (0 if same_case else 1 if candidate.isalpha() else 2, candidate)


#: A Latin letter that is an ASCII letter in another form, by its Unicode name: small
#: capitals (``ᴋ``, LATIN LETTER SMALL CAPITAL K), subscripts, letters with a hook or
#: belt the decomposition does not strip. confusables.txt leaves most of them out.
_LATIN_FORM = re.compile(
    r"LATIN (?:(LETTER SMALL CAPITAL|SUBSCRIPT SMALL LETTER|SMALL LETTER)|CAPITAL LETTER) ([A-Z])(?: WITH [A-Z ]+)?"
)


def _latin_letter_form(ch: str) -> str | None:
    match = _LATIN_FORM.fullmatch(unicodedata.name(ch, ""))
    if match is None:
        return None
    return match.group(2).lower() if match.group(1) else match.group(2)


@cache
def ascii_lookalike(ch: str) -> str | None:
    """The ASCII letter or digit ``ch`` imitates, or None (``ch`` is not ASCII)."""
    alikes = _ascii_alikes(ch)
    if not alikes:
        return _latin_letter_form(ch)
    return min(alikes, key=lambda candidate: _preference(ch, candidate))


@cache
def script_of(ch: str) -> str:
    """The Unicode script of a character (``LATIN``, ``CYRILLIC``, ``COMMON``…)."""
    return categories.alias(ch)


def mixed_script_words(words: list[str]) -> list[str]:
    """The words that mix letters of two or more scripts (``Kеstrel``: Latin and
    Cyrillic). Punctuation, digits and marks belong to no script of their own."""
    mixed = []
    for word in words:
        if word.isascii():
            continue
        scripts = {script_of(ch) for ch in word if ch.isalpha()} - NEUTRAL_SCRIPTS
        if len(scripts) > 1:
            mixed.append(word)
    return mixed
