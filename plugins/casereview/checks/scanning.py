"""Run a costly pattern only where a match can start.

Python's regular-expression engine skips quickly to a match only when a pattern starts
with a character or a set of characters. A pattern that starts with a look-behind
(``(?<![\\w&])[A-Z]…``, "not inside a word") or an optional group is tried at every
position of the text, which made a few such patterns a large part of ``check``'s time.
:func:`finditer_from` lets a cheap pattern find the places where a match can start
(a capital at the start of a word, say) and tries the costly one there only: the
matches are those of ``pattern.finditer(text)``, provided ``starts`` matches wherever a
match of ``pattern`` can start.
"""

from __future__ import annotations

import re
from collections.abc import Iterator


def word_start(letters: str, not_after: str, then: str = "") -> re.Pattern[str]:
    """A pattern for one of ``letters`` (a character-set body such as ``A-Z``) not
    preceded by one of ``not_after``, followed by what the pattern ``then`` matches: it
    starts with the set, so the engine skips to it, and checks the character before
    once it has one."""
    return re.compile(rf"[{letters}](?<![{not_after}][{letters}]){then}")


def finditer_from(starts: re.Pattern[str] | None, pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """The matches of ``pattern.finditer(text)`` (for a pattern that never matches the
    empty string), trying ``pattern`` only where ``starts`` matches (everywhere when
    ``starts`` is None)."""
    if starts is None:
        yield from pattern.finditer(text)
        return
    position = 0
    while (candidate := starts.search(text, position)) is not None:
        at = candidate.start()
        found = pattern.match(text, at)  # its look-behind still sees the text before ``at``
        if found is None:
            position = at + 1
            continue
        yield found
        position = found.end()
