"""A review's agency chronologies read, checked and merged into the composite.

The chronology package knows files; this module knows the review around them: its
period (to resolve two-digit years and flag entries outside it), its agencies (the
merge order) and its key (people must be acronyms).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
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
from casereview.chronology.columns import ColumnNames
from casereview.chronology.overrides import load_column_names
from casereview.chronology.validate import validate_names
from casereview.sources.review import Review, display_path


@dataclass(frozen=True)
class FileCount:
    """How many rows one agency chronology gave: every non-blank row after its header
    is read into one entry, so ``rows`` is both the rows read and the rows shown.
    ``read`` is False when the file could not be read at all (see its error)."""

    path: Path
    rows: int
    read: bool

    @property
    def name(self) -> str:
        return self.path.name


def review_period(review: Review) -> tuple[date, date] | None:
    info = review.tor.record.review if review.tor else None
    return info.period if info else None


def agency_aliases(review: Review) -> dict[str, str]:
    """Agency acronyms and names as a chronology's Agency column may write them → agency id."""
    aliases: dict[str, str] = {}
    for agency in (review.tor.meta.get("agencies") if review.tor else None) or []:
        if isinstance(agency, dict) and agency.get("id"):
            for spelling in (agency.get("acronym"), agency.get("name"), agency["id"]):
                if spelling:
                    aliases[str(spelling)] = str(agency["id"])
    return aliases


_Settings = tuple[tuple[date, date] | None, tuple[str, ...], tuple[tuple[str, str], ...], ColumnNames]
_READ: dict[Path, tuple[tuple[int, int, _Settings], tuple[list[ChronologyEntry], list[ChronologyError]]]] = {}


def _load(path: Path, settings: _Settings) -> tuple[list[ChronologyEntry], list[ChronologyError]]:
    """One chronology file, read once per content: a build asks for it from the check,
    the chronology page and the traceability matrix, and `mkdocs serve` rebuilds ask
    again. Keyed by path (one entry each, however many edits) and checked against the
    file's modification time and size."""
    stat = path.stat()
    signature = (stat.st_mtime_ns, stat.st_size, settings)
    cached = _READ.get(path)
    if cached is not None and cached[0] == signature:
        return cached[1]
    period, order, aliases, names = settings
    result = load_chronology(
        path, period=period, agency_order=list(order) or None, agency_aliases=dict(aliases) or None, names=names
    )
    _READ[path] = (signature, result)
    return result


def clear_cache() -> None:
    """Forget every chronology read (the review plugin calls this at shutdown): the
    entries are keyed by path and checked against the file's size, modification time
    and the reading settings, so a stale one is never used, but they hold every row."""
    _READ.clear()


def load_review_chronologies(review: Review) -> tuple[list[list[ChronologyEntry]], list[ChronologyError]]:
    chronologies, errors, _ = read_review_chronologies(review)
    return chronologies, errors


def read_review_chronologies(
    review: Review,
) -> tuple[list[list[ChronologyEntry]], list[ChronologyError], list[FileCount]]:
    """Every chronology of ``review`` read with the review's period, agencies and column
    names; the problems found; and the rows read from each file."""
    period = review_period(review)
    order = tuple(review.agency_ids)
    aliases = tuple(sorted(agency_aliases(review).items()))
    names, errors = load_column_names(review.folder)
    chronologies, counts = [], []
    for path in review.chronology_files:
        entries, problems = _load(path, (period, order, aliases, names))
        chronologies.append(entries)
        counts.append(FileCount(path, len(entries), bool(entries) or not _unreadable(problems)))
        errors += problems
        if len(review.key):
            errors += validate_people(entries, set(review.key.acronyms))
            errors += validate_names(entries, review.key)
        if period:
            errors += outside_period(entries, *period)
    return chronologies, errors, counts


def _unreadable(problems: list[ChronologyError]) -> bool:
    """An error in a file that gave no rows: it could not be read at all."""
    return any(problem.severity == "error" for problem in problems)


def composite(review: Review) -> tuple[list[MergedEntry], list[ChronologyError]]:
    merged, errors, _ = composite_with_counts(review)
    return merged, errors


def composite_with_counts(review: Review) -> tuple[list[MergedEntry], list[ChronologyError], list[FileCount]]:
    """The composite chronology of every row of every file, the problems, the rows per file."""
    chronologies, errors, counts = read_review_chronologies(review)
    return merge(chronologies, review.agency_ids), errors, counts


def relative_file(error: ChronologyError) -> str:
    return display_path(Path(error.file))
