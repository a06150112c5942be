"""Checks on loaded entries against the review: its key and its period."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from casereview.key import Key

from .model import ChronologyEntry, ChronologyError


def initials(text: str) -> str:
    """``"J. S."`` for a two-word token: enough to find it, too little to name anyone."""
    words = [word for word in text.replace(".", " ").split() if word[:1].isalnum()]
    return " ".join(f"{word[0].upper()}." for word in words) or "?"


def validate_people(entries: Iterable[ChronologyEntry], acronyms: set[str]) -> list[ChronologyError]:
    """An error for each person not written as an acronym of the key.

    The token itself is never printed: it may be a real name. The message gives
    its initials, or the key's spelling when only the letter case differs.
    """
    by_lower = {acronym.lower(): acronym for acronym in acronyms}
    errors = []
    for entry in entries:
        for person in entry.people:
            if person in acronyms:
                continue
            errors.append(entry.error("people", _unknown_person_message(person, entry, by_lower)))
    return errors


def _unknown_person_message(person: str, entry: ChronologyEntry, by_lower: dict[str, str]) -> str:
    spelled = by_lower.get(person.lower())
    if spelled is not None:
        return f'an acronym written in the wrong case; write it as in the key: "{spelled}"'
    return (
        f"an unknown person (not in the key) in column '{entry.column_title('people')}', "
        f"initials {initials(person)}; use the key's acronym, or ask the review "
        f"administrator to add one"
    )


def outside_period(entries: Iterable[ChronologyEntry], start: date, end: date) -> list[ChronologyError]:
    """Warnings for entries that cannot fall inside the review period.

    An imprecise date (``2003``, ``Dec 2003``) is outside only when every day it
    may stand for is.
    """
    period = f"{start:%d.%m.%Y} to {end:%d.%m.%Y}"
    warnings = []
    for entry in entries:
        when = entry.event_date
        if not when.known or when.invalid:
            continue  # already reported: its date cannot be read, or is impossible
        if when.latest < start:
            side = "before"
        elif when.earliest > end:
            side = "after"
        else:
            continue
        message = f'"{when.display}" is {side} the review period ({period}); the row is kept'
        warnings.append(entry.error("date", message, severity="warning"))
        flag = f"{side} the review period"
        if flag not in entry.flags:  # entries are cached between builds: flag them once
            entry.flags.append(flag)
    return warnings


_TEXT_FIELDS = ("event_type", "summary", "decisions", "issues")


def validate_names(entries: Iterable[ChronologyEntry], key: Key) -> list[ChronologyError]:
    """A warning for each cell holding a real name of the key, naming the entity by its
    acronym only. The chronology is internal, so this does not block anything; the
    composite page and the merged spreadsheet show the acronym in its place."""
    from casereview.anonymise.matcher import matcher_for
    from casereview.anonymise.normalise import fast_views

    matcher = matcher_for(key)
    warnings = []
    for entry in entries:
        cells = [(name, getattr(entry, name)) for name in _TEXT_FIELDS]
        cells += [(f"other:{header}", text) for header, text in entry.extra.items()]
        for name, text in cells:
            if not text:
                continue
            found = sorted(matcher.leaks(fast_views(text, markup=False)))
            if not found:
                continue
            listed = ", ".join(found)
            column = name.removeprefix("other:") if name.startswith("other:") else entry.column_title(name)
            warnings.append(
                ChronologyError(
                    entry.source_file,
                    entry.row,
                    column,
                    f"a real name of {listed} in the text; write the acronym instead (the composite "
                    f"chronology shows the acronym)",
                    "warning",
                    entry.where,
                    entry.line,
                )
            )
    return warnings
