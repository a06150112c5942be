"""A review's agency chronologies read, checked and merged into the composite.

The chronology package knows files; this module knows the review around them: its
period (to resolve two-digit years and flag entries outside it), its agencies (the
merge order) and its key (people must be acronyms).
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path

from casereview.chronology import (
    ChronologyEntry,
    ChronologyError,
    MergedEntry,
    load_chronology,
    merge,
    outside_period,
    validate_people,
)
from casereview.review import Review, display_path


def review_period(review: Review) -> tuple[date, date] | None:
    period = review.meta.get("period") or {}
    try:
        return date.fromisoformat(str(period["start"])), date.fromisoformat(str(period["end"]))
    except (KeyError, TypeError, ValueError):
        return None


def agency_aliases(review: Review) -> dict[str, str]:
    """Agency acronyms and names as a chronology's Agency column may write them → agency id."""
    aliases: dict[str, str] = {}
    for agency in (review.tor.meta.get("agencies") if review.tor else None) or []:
        if isinstance(agency, dict) and agency.get("id"):
            for spelling in (agency.get("acronym"), agency.get("name"), agency["id"]):
                if spelling:
                    aliases[str(spelling)] = str(agency["id"])
    return aliases


@lru_cache(maxsize=64)
def _load(
    path: Path,
    mtime: float,
    period: tuple[date, date] | None,
    order: tuple[str, ...],
    aliases: tuple[tuple[str, str], ...],
) -> tuple[list[ChronologyEntry], list[ChronologyError]]:
    """Cached by modification time, so `mkdocs serve` rebuilds do not re-read spreadsheets."""
    return load_chronology(path, period=period, agency_order=list(order) or None, agency_aliases=dict(aliases) or None)


def load_review_chronologies(review: Review) -> tuple[list[list[ChronologyEntry]], list[ChronologyError]]:
    period = review_period(review)
    order = tuple(review.agency_ids)
    aliases = tuple(sorted(agency_aliases(review).items()))
    chronologies, errors = [], []
    for path in review.chronology_files:
        entries, problems = _load(path, path.stat().st_mtime, period, order, aliases)
        chronologies.append(entries)
        errors += problems
        if len(review.key):
            errors += validate_people(entries, set(review.key.acronyms))
        if period:
            errors += outside_period(entries, *period)
    return chronologies, errors


def composite(review: Review) -> tuple[list[MergedEntry], list[ChronologyError]]:
    chronologies, errors = load_review_chronologies(review)
    return merge(chronologies, review.agency_ids), errors


def relative_file(error: ChronologyError) -> str:
    return display_path(Path(error.file))
