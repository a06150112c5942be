"""The ``casereview`` command: the front door for everything that is not ``mkdocs build``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from casereview import __version__
from casereview.check import check_paths
from casereview.findings import Finding


def _print_findings(findings: list[Finding], fmt: str) -> None:
    for finding in findings:
        print(finding.format_github() if fmt == "github" else finding.format_text())


def cmd_check(args: argparse.Namespace) -> int:
    paths = [Path(p) for p in args.paths] or [Path("content")]
    missing = [p for p in paths if not p.exists()]
    if missing:
        print(f"casereview check: {missing[0]} does not exist; give a file or folder under content/", file=sys.stderr)
        return 2
    findings = check_paths(paths)
    _print_findings(findings, args.format)
    errors = sum(f.is_error for f in findings)
    warnings = len(findings) - errors
    if args.format == "text":
        print(f"casereview check: {errors} error(s), {warnings} warning(s)", file=sys.stderr)
    return 1 if errors or (args.strict and warnings) else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="casereview", description=__doc__)
    parser.add_argument("--version", action="version", version=f"casereview {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = sub.add_parser("check", help="validate documents, keys and chronologies")
    check.add_argument("paths", nargs="*", metavar="PATH", help="files or folders (default: content)")
    check.add_argument("--format", choices=("text", "github"), default="text",
                       help="github prints GitHub Actions annotations")
    check.add_argument("--strict", action="store_true", help="warnings fail too")
    check.set_defaults(func=cmd_check)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
