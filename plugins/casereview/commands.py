"""What each ``casereview`` subcommand does; :mod:`casereview.cli` only parses arguments."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from casereview.check import check_paths
from casereview.findings import Finding

MARKING = "OFFICIAL-SENSITIVE: panel only"


def say(message: str) -> None:
    print(message, file=sys.stderr)


def print_findings(findings: list[Finding], fmt: str = "text") -> None:
    for finding in findings:
        print(finding.format_github() if fmt == "github" else finding.format_text())


def _use_project_limits(command: str) -> bool:
    """Apply the input limits of ./mkdocs.yml, as the build does; False when they are wrong."""
    from casereview.inputs import limits_from_mkdocs_yml, use_limits

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
    if args.format == "text":
        say(f"casereview check: {errors} error(s), {len(findings) - errors} warning(s)")
    return 1 if errors or (args.strict and findings) else 0


def cmd_build(args: argparse.Namespace) -> int:
    from casereview.mkdocs.build import build_all

    which = ["internal", "public"] if args.site == "both" else [args.site]
    return build_all(Path(args.project), which, strict=args.strict)


def cmd_scan(args: argparse.Namespace) -> int:
    from casereview.gate import describe, keys_under, scan

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


def cmd_chronology_merge(args: argparse.Namespace) -> int:
    """Write the composite chronology for those who still need a spreadsheet."""
    from casereview.chronology import CompositeExportError, write_composite
    from casereview.composite import composite
    from casereview.review import display_path, load_review

    folder = Path(args.content) / "reviews" / args.review
    if not folder.is_dir():
        say(f"casereview chronology merge: no review folder {folder}")
        return 2
    if not _use_project_limits("chronology merge"):
        return 2
    review = load_review(folder)
    merged, problems = composite(review)
    errors = [p for p in problems if p.severity == "error"]
    for problem in problems:
        say(str(problem).replace(str(problem.file), display_path(Path(problem.file)), 1))
    if errors:
        say("casereview chronology merge: fix the errors above first; nothing was written")
        return 1
    try:
        write_composite(merged, Path(args.out))
    except CompositeExportError as exc:
        say(f"casereview chronology merge: {exc}")
        return 2
    say(
        f"casereview chronology merge: {len(merged)} entries from {len(review.chronology_files)} agencies written to {args.out}"
    )
    return 0
