"""``casereview check``: every rule over files or folders, as a list of findings."""

from __future__ import annotations

import argparse
from pathlib import Path

from casereview.checks.run import check_paths
from casereview.cli.output import print_findings, say, use_project_limits


def cmd_check(args: argparse.Namespace) -> int:
    paths = [Path(p) for p in args.paths] or [Path("content")]
    missing = [p for p in paths if not p.exists()]
    if missing:
        say(f"casereview check: {missing[0]} does not exist; give a file or folder under content/")
        return 2
    if not use_project_limits("check"):
        return 2
    findings = check_paths(paths)
    print_findings(findings, args.format)
    errors = sum(f.is_error for f in findings)
    notes = sum(f.is_note for f in findings)
    warnings = len(findings) - errors - notes
    if args.format == "text":
        say(f"casereview check: {errors} error(s), {warnings} warning(s), {notes} note(s)")
    return 1 if errors or (args.strict and warnings) else 0
