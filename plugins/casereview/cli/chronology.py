"""``casereview chronology merge``: the composite chronology as a spreadsheet."""

from __future__ import annotations

import argparse
from pathlib import Path

from casereview.anonymise import Anonymiser
from casereview.chronology import CompositeExportError, write_composite
from casereview.chronology.composite import composite_with_counts
from casereview.cli.output import say, use_project_limits
from casereview.sources import paths
from casereview.sources.review import display_path, load_review


def cmd_chronology_merge(args: argparse.Namespace) -> int:
    """Write the composite chronology for those who still need a spreadsheet.

    Every row of every chronology is written, flagged where something is wrong with it:
    a review in progress always has open problems and the panel still needs the
    composite. Errors are listed and make the exit status 1, after the file is written.
    Real names an agency wrote are replaced by the key's acronyms, as on the site.
    """
    folder = paths.review_folder_in(Path(args.content), args.review)
    if not folder.is_dir():
        say(f"casereview chronology merge: no review folder {folder}")
        return 2
    if not use_project_limits("chronology merge"):
        return 2
    review = load_review(folder)
    merged, problems, counts = composite_with_counts(review)
    errors = [p for p in problems if p.severity == "error"]
    for problem in problems:
        say(str(problem).replace(str(problem.file), display_path(Path(problem.file)), 1))
    try:
        write_composite(
            merged,
            Path(args.out),
            [(count.name, count.rows) for count in counts],
            inputs=review.chronology_files,
            rewrite=Anonymiser(review.key).substitute if len(review.key) else None,
        )
    except CompositeExportError as exc:
        say(f"casereview chronology merge: {exc}")
        return 2
    for count in counts:
        state = "" if count.read else " (not read: see the error above)"
        say(f"casereview chronology merge: {count.name}: {count.rows} rows read{state}")
    flagged = sum(1 for item in merged if item.entry.flags)
    say(
        f"casereview chronology merge: {len(merged)} rows from {len(counts)} chronologies written to "
        f"{args.out} ({flagged} flagged)"
    )
    if errors:
        say(
            f"casereview chronology merge: {len(errors)} error(s) above; the rows concerned are written "
            f"and flagged: correct them in the agencies' chronologies"
        )
        return 1
    return 0
