"""Checks on loaded entries against the review: its key and its period."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import lru_cache
from pathlib import Path

from casereview.anonymise.matcher import Matcher, matcher_for
from casereview.anonymise.normalise import fast_views
from casereview.chronology.model import ChronologyEntry, ChronologyError
from casereview.sources.key import Key


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
    matcher = matcher_for(key)
    warnings: list[ChronologyError] = []
    entries = list(entries)
    cells_of = {id(entry): _cells(entry) for entry in entries}
    # One pass over every cell of the file first: most chronologies hold no name, and
    # a text per cell costs a Python step per cell. Cells stay apart (a blank line).
    whole = "\n\n".join(text for cells in cells_of.values() for _, text in cells if text)
    if not whole or not matcher.leaks(fast_views(whole, markup=False)):
        return warnings
    starts = _entry_starts(entries)
    for entry in entries:
        for name, text in cells_of[id(entry)]:
            if not text:
                continue
            found = sorted(matcher.leaks(fast_views(text, markup=False)))
            if not found:
                continue
            listed = ", ".join(found)
            column = name.removeprefix("other:") if name.startswith("other:") else entry.column_title(name)
            line = _line_of_name(entry, starts, found, matcher)
            warnings.append(
                ChronologyError(
                    entry.source_file,
                    entry.row,
                    column,
                    f"a real name of {listed} in the text; write the acronym instead (the composite "
                    f"chronology shows the acronym)",
                    "warning",
                    entry.where,
                    line if line is not None else entry.line,
                )
            )
    return warnings


def _cells(entry: ChronologyEntry) -> list[tuple[str, str]]:
    cells = [(name, getattr(entry, name)) for name in _TEXT_FIELDS]
    return cells + [(f"other:{header}", text) for header, text in entry.extra.items()]


def _entry_starts(entries: list[ChronologyEntry]) -> dict[str, list[int]]:
    """The first physical line of each entry of each text file, in order."""
    starts: dict[str, list[int]] = {}
    for entry in entries:
        first = entry.line if entry.line is not None else entry.row
        if first is not None and not str(entry.source_file).lower().endswith(".xlsx"):
            starts.setdefault(str(entry.source_file), []).append(first)
    return {file: sorted(lines) for file, lines in starts.items()}


def _line_of_name(
    entry: ChronologyEntry, starts: dict[str, list[int]], acronyms: list[str], matcher: Matcher
) -> int | None:
    """The physical line of a text chronology (CSV, YAML) on which the name is written,
    between the entry's first line and the next entry's: a folded YAML value or a cell
    with line breaks runs over several lines, and the author looks for the name, not
    for the entry. None for a spreadsheet, or when no single line holds it."""
    lines_of_file = starts.get(str(entry.source_file))
    first = entry.line if entry.line is not None else entry.row
    if not lines_of_file or first is None:
        return None
    later = [line for line in lines_of_file if line > first]
    last = later[0] - 1 if later else first + 200
    text = _source_lines(str(entry.source_file))
    for number in range(first, min(last, len(text)) + 1):
        if matcher.leaks(fast_views(text[number - 1], markup=False)) & set(acronyms):
            return number
    return None


def _source_lines(path: str) -> list[str]:
    try:
        stat = Path(path).stat()
    except OSError:
        return []
    return _lines_of(path, stat.st_mtime_ns, stat.st_size)


# Keyed by the file's modification time and size as well as its path: an edited file
# is read again. Cleared at the end of a plugin session (clear_cache).
@lru_cache(maxsize=64)
def _lines_of(path: str, _mtime_ns: int, _size: int) -> list[str]:
    """A text chronology's lines, read once per version of the file."""
    try:
        return Path(path).read_bytes().decode("utf-8", errors="replace").splitlines()
    except OSError:
        return []


def clear_cache() -> None:
    """Forget the chronology lines read for messages (at the end of a plugin session)."""
    _lines_of.cache_clear()
