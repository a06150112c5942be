"""Merge agency chronologies into the composite chronology, and read it per person."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, time

from casereview.chronology.model import ChronologyEntry, MergedEntry

_NO_TIME = time(0, 0)


def sort_key(entry: ChronologyEntry, agency_rank: dict[str, int]) -> tuple:
    """Earliest possible day; untimed entries first in their day; then the time (a part
    of the day at its start: "evening" at 18:00), agency order.

    The source file and row come last so that the order never depends on the order
    the chronologies were given in. Agencies missing from the order follow the
    listed ones, alphabetically.
    """
    rank = agency_rank.get(entry.agency.lower(), len(agency_rank))
    when = entry.sort_time
    return (
        entry.event_date.earliest,
        when is not None,
        when or _NO_TIME,
        rank,
        entry.agency.lower(),
        entry.source_file,
        entry.row,
    )


def merge(chronologies: Iterable[Iterable[ChronologyEntry]], agency_order: Sequence[str]) -> list[MergedEntry]:
    """One composite chronology, sorted, with likely duplicates flagged (never dropped)."""
    rank = {agency.lower(): index for index, agency in enumerate(agency_order)}
    entries = sorted(
        (entry for chronology in chronologies for entry in chronology),
        key=lambda entry: sort_key(entry, rank),
    )
    groups = _duplicate_groups(entries)
    return [MergedEntry(entry, groups.get(id(entry))) for entry in entries]


def _duplicate_key(entry: ChronologyEntry) -> tuple | None:
    """Same known day, same clock time, same people: probably the same event."""
    if not entry.event_date.is_exact or entry.time is None or not entry.people:
        return None
    people = frozenset(person.strip().lower() for person in entry.people)
    return (entry.event_date.earliest, entry.time, people)


def _duplicate_groups(entries: list[ChronologyEntry]) -> dict[int, str]:
    """Group id (``D1``, ``D2``... in chronological order) of each entry in a group
    of matching entries that spans more than one agency."""
    by_key: dict[tuple, list[ChronologyEntry]] = defaultdict(list)
    for entry in entries:
        key = _duplicate_key(entry)
        if key is not None:
            by_key[key].append(entry)
    found: dict[int, str] = {}
    number = 0
    for group in by_key.values():  # dicts keep insertion order: the sorted order
        if len({entry.agency.lower() for entry in group}) < 2:
            continue
        number += 1
        for entry in group:
            found[id(entry)] = f"D{number}"
    return found


def per_person(merged: Iterable[MergedEntry], acronym: str) -> list[MergedEntry]:
    """The entries of the composite chronology that involve ``acronym``."""
    wanted = acronym.strip().lower()
    return [item for item in merged if any(p.lower() == wanted for p in item.entry.people)]


def age_at(born: date, on: date) -> str:
    """Age in completed years and months, ``"2y 4m"``; days for a baby under a month.

    Returns ``"before birth"`` for antenatal events.
    """
    if on < born:
        return "before birth"
    months = (on.year - born.year) * 12 + on.month - born.month
    if on.day < born.day:
        months -= 1
    if months == 0:
        return f"{(on - born).days}d"
    return f"{months // 12}y {months % 12}m"
