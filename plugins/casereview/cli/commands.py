"""What each ``casereview`` subcommand does; :mod:`casereview.cli.main` only parses arguments."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from casereview.anonymise import Anonymiser
from casereview.anonymise.gate import (
    UnpublishableOutput,
    describe,
    differences,
    keys_under,
    mask_path,
    record_path,
    scan,
)
from casereview.checks.run import check_paths
from casereview.chronology import CompositeExportError, write_composite
from casereview.chronology.composite import composite_with_counts
from casereview.sources import paths
from casereview.sources.findings import Finding
from casereview.sources.inputs import limits_from_mkdocs_yml, use_limits
from casereview.sources.review import display_path, load_review

MARKING = "OFFICIAL-SENSITIVE: panel only"


def say(message: str) -> None:
    print(message, file=sys.stderr)


def print_findings(findings: list[Finding], fmt: str = "text") -> None:
    for finding in findings:
        print(finding.format_github() if fmt == "github" else finding.format_text())


def _use_project_limits(command: str) -> bool:
    """Apply the input limits of ./mkdocs.yml, as the build does; False when they are wrong."""
    try:
        use_limits(limits_from_mkdocs_yml(Path("mkdocs.yml")))
    except ValueError as exc:
        say(f"casereview {command}: mkdocs.yml, plugin casereview, limits: {exc}")
        return False
    return True


def cmd_check(args: argparse.Namespace) -> int:
    paths = [Path(p) for p in args.paths] or [Path("content")]
    missing = [p for p in paths if not p.exists()]
    if missing:
        say(f"casereview check: {missing[0]} does not exist; give a file or folder under content/")
        return 2
    if not _use_project_limits("check"):
        return 2
    findings = check_paths(paths)
    print_findings(findings, args.format)
    errors = sum(f.is_error for f in findings)
    notes = sum(f.is_note for f in findings)
    warnings = len(findings) - errors - notes
    if args.format == "text":
        say(f"casereview check: {errors} error(s), {warnings} warning(s), {notes} note(s)")
    return 1 if errors or (args.strict and warnings) else 0


def cmd_build(args: argparse.Namespace) -> int:
    from casereview.mkdocs.build import build_all  # MkDocs or ProperDocs loads slowly: only for a build

    which = ["internal", "public"] if args.site == "both" else [args.site]
    return build_all(Path(args.project), which, strict=args.strict)


def cmd_scan(args: argparse.Namespace) -> int:
    content = Path(args.content)
    if not content.is_dir():
        say(f"casereview scan: {content} is not a folder; give the content folder that holds reviews/ with --content")
        return 2
    try:
        key = keys_under(content)
    except ValueError as exc:
        say(f"casereview scan: {exc}")
        return 2
    targets = [Path(p) for p in args.paths]
    missing = [p for p in targets if not p.exists()]
    if missing:
        say(f"casereview scan: {missing[0]} does not exist")
        return 2
    leaks = scan(targets, key)
    for line in describe(leaks):
        print(line)
    say(f"casereview scan: {len(leaks)} real name(s) found against {len(key)} key entities")
    return 1 if leaks else 0


def cmd_verify(args: argparse.Namespace) -> int:
    """Refuse a published folder the gate did not publish, or that changed since."""
    site, content = Path(args.site), Path(args.content)
    if not content.is_dir():
        say(f"casereview verify: {content} is not a folder; give the content folder that holds reviews/ with --content")
        return 2
    if not site.is_dir():
        say(f"casereview verify: {site} does not exist; build it with `casereview build`")
        return 2
    try:
        key = keys_under(content)
    except ValueError as exc:
        say(f"casereview verify: {exc}")
        return 2
    try:
        found = differences(site)
    except UnpublishableOutput as refused:
        say(f"casereview verify: {site}/{mask_path(refused.relative, key)}: {refused}")
        return 1
    if found == [("unrecorded", "")]:
        say(
            f"casereview verify: {site} has no valid gate record ({record_path(site)}), so the publication "
            "gate did not publish it; build it with `casereview build` and publish nothing else"
        )
        return 1
    for what, relative in found:
        print(f"NOT FROM THE GATE: {site}/{mask_path(relative, key)} {what} since the gate published {site}")
    if found:
        say(
            f"casereview verify: {len(found)} file(s) of {site} differ from what the gate scanned and "
            "published; do not publish it. Build it again with `casereview build`"
        )
        return 1
    leaks = scan([site], key)  # the independent scan, with the keys as they are now
    for line in describe(leaks):
        print(line)
    if leaks:
        say(f"casereview verify: {len(leaks)} real name(s) found against {len(key)} key entities; do not publish")
        return 1
    say(f"casereview verify: {site} is what the gate published, and no real name is in it ({len(key)} key entities)")
    return 0


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
    if not _use_project_limits("chronology merge"):
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
