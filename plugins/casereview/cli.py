"""The ``casereview`` command: the front door for everything that is not ``mkdocs build``."""

from __future__ import annotations

import argparse
import sys
import traceback
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


def cmd_build(args: argparse.Namespace) -> int:
    from casereview.mkdocs.build import build_all

    which = ["internal", "public"] if args.site == "both" else [args.site]
    return build_all(Path(args.project), which, strict=args.strict)


def cmd_scan(args: argparse.Namespace) -> int:
    from casereview.gate import describe, keys_under, scan

    content = Path(args.content)
    if not content.is_dir():
        print(f"casereview scan: {content} is not a folder; give the content folder that holds reviews/ with --content", file=sys.stderr)
        return 2
    try:
        key = keys_under(content)
    except ValueError as exc:
        print(f"casereview scan: {exc}", file=sys.stderr)
        return 2
    targets = [Path(p) for p in args.paths]
    missing = [p for p in targets if not p.exists()]
    if missing:
        print(f"casereview scan: {missing[0]} does not exist", file=sys.stderr)
        return 2
    leaks = scan(targets, key)
    for line in describe(leaks):
        print(line)
    print(f"casereview scan: {len(leaks)} real name(s) found against {len(key)} key entities", file=sys.stderr)
    return 1 if leaks else 0


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

    build = sub.add_parser("build", help="build the internal and public sites (public through the publication gate)")
    build.add_argument("--site", choices=("both", "internal", "public"), default="both")
    build.add_argument("--project", default=".", help="folder holding mkdocs.yml and mkdocs.public.yml")
    build.add_argument("--strict", action="store_true", help="warnings fail the build")
    build.set_defaults(func=cmd_build)

    scan = sub.add_parser("scan", help="the publication gate: find real names in built output")
    scan.add_argument("paths", nargs="+", metavar="DIR|FILE")
    scan.add_argument("--content", default="content", help="content folder whose review keys to use")
    scan.set_defaults(func=cmd_scan)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # noqa: BLE001 - the user gets one line, never a traceback
        # The message of an unexpected error could quote a document, so only the
        # kind of error and where it arose are printed (CI logs may be public).
        frame = traceback.extract_tb(exc.__traceback__)[-1]
        where = f"{Path(frame.filename).name}:{frame.lineno}"
        print(f"casereview {args.command}: internal error {type(exc).__name__} at {where}; "
              "please report it with the command you ran", file=sys.stderr)
        return 3


if __name__ == "__main__":
    sys.exit(main())
