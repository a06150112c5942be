"""The ``casereview`` command: the front door for everything that is not ``mkdocs build``."""

from __future__ import annotations

import argparse
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from casereview import __version__
from casereview.anonymise.redact import masked_streams, register_content, reset
from casereview.cli.check import cmd_check
from casereview.cli.chronology import cmd_chronology_merge
from casereview.cli.new import register as _add_new
from casereview.cli.site import cmd_build, cmd_scan, cmd_verify
from casereview.sources.review import find_content_root


def cmd_pdf(args: argparse.Namespace) -> int:
    from casereview.cli.pdf import cmd_pdf as run  # the site state and Python-Markdown load slowly: only when asked

    return run(args)


def cmd_audit(args: argparse.Namespace) -> int:
    from casereview.cli.audit import cmd_audit as run  # rich loads slowly: only when asked

    return run(args)


def _add_actions(sub: argparse._SubParsersAction) -> None:
    from casereview.cli.actions import register  # the site state and Python-Markdown load slowly: only when asked

    register(sub)


def _add_check(sub: argparse._SubParsersAction) -> None:
    check = sub.add_parser("check", help="validate documents, keys and chronologies")
    check.add_argument("paths", nargs="*", metavar="PATH", help="files or folders (default: content)")
    check.add_argument("--format", choices=("text", "github"), default="text", help="github: Actions annotations")
    check.add_argument("--strict", action="store_true", help="warnings fail too")
    check.set_defaults(func=cmd_check)


def _add_build(sub: argparse._SubParsersAction) -> None:
    build = sub.add_parser("build", help="build the internal and public sites (public through the gate)")
    build.add_argument("--site", choices=("both", "internal", "public"), default="both")
    build.add_argument("--project", default=".", help="folder holding mkdocs.yml and mkdocs.public.yml")
    build.add_argument("--strict", action="store_true", help="warnings fail the build")
    build.set_defaults(func=cmd_build)


def _add_scan(sub: argparse._SubParsersAction) -> None:
    scan = sub.add_parser("scan", help="the publication gate: find real names in built output")
    scan.add_argument("paths", nargs="+", metavar="DIR|FILE")
    scan.add_argument("--content", default="content", help="content folder whose review keys to use")
    scan.set_defaults(func=cmd_scan)


def _add_verify(sub: argparse._SubParsersAction) -> None:
    verify = sub.add_parser("verify", help="refuse a public site the gate did not publish, or that changed since")
    verify.add_argument("site", nargs="?", default="site/public", metavar="DIR", help="default: site/public")
    verify.add_argument("--content", default="content", help="content folder whose review keys to use")
    verify.set_defaults(func=cmd_verify)


def _add_pdf(sub: argparse._SubParsersAction) -> None:
    pdf = sub.add_parser("pdf", help="build the panel pack (default) or one document as PDF")
    pdf.add_argument("review", nargs="?", help="review folder name (default: every review)")
    what = pdf.add_mutually_exclusive_group()
    what.add_argument("--pack", action="store_true", help="the panel pack (the default)")
    what.add_argument("--document", metavar="PATH", help="one Markdown document of a review")
    pdf.add_argument("--content", default="content")
    pdf.add_argument("--out", default="site/internal", help="where to write (default: site/internal)")
    pdf.add_argument(
        "--config", help="mkdocs.yml with the board's name and logo (default: the one beside the content folder)"
    )
    pdf.add_argument("--no-progress", dest="progress", action="store_false", help="no progress bar")
    pdf.set_defaults(func=cmd_pdf, progress=sys.stderr.isatty())


def _add_audit(sub: argparse._SubParsersAction) -> None:
    audit = sub.add_parser("audit", help="the audit tool: every IMR against its format, SMART recommendations")
    audit.add_argument("review", nargs="?", help="review folder name (default: every review)")
    audit.add_argument("--content", default="content")
    audit.add_argument(
        "--today",
        nargs="?",
        const=True,
        metavar="YYYY-MM-DD",
        help="also flag actions past their target date (as of today, or the date given)",
    )
    audit.set_defaults(func=cmd_audit)


def _add_chronology(sub: argparse._SubParsersAction) -> None:
    chronology = sub.add_parser("chronology", help="work with agency chronologies")
    actions = chronology.add_subparsers(dest="action", required=True, metavar="ACTION")
    merge = actions.add_parser("merge", help="write the composite chronology as .xlsx or .csv")
    merge.add_argument("review", help="review folder name under content/reviews/")
    merge.add_argument("--out", required=True, metavar="FILE.xlsx|FILE.csv")
    merge.add_argument("--content", default="content")
    merge.set_defaults(func=cmd_chronology_merge)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="casereview", description=__doc__)
    parser.add_argument("--version", action="version", version=f"casereview {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for add in (
        _add_check,
        _add_build,
        _add_scan,
        _add_verify,
        _add_pdf,
        _add_audit,
        _add_chronology,
        _add_new,
        _add_actions,
    ):
        add(sub)
    return parser


def _register_keys(args: argparse.Namespace) -> None:
    """Every key the command may touch, so that whatever it prints is masked."""
    reset()
    roots = {Path(getattr(args, "content", None) or "content")}
    roots.add(Path(getattr(args, "project", None) or ".") / "content")
    for path in getattr(args, "paths", None) or []:
        if Path(path).exists():
            roots.add(find_content_root(Path(path)))
    for root in sorted(roots):
        register_content(root)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    with masked_streams():
        _register_keys(args)
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # noqa: BLE001 - the user gets one line, never a traceback
        # The message of an unexpected error could quote a document, so only the
        # kind of error and where it arose are printed (CI logs may be public).
        frame = traceback.extract_tb(exc.__traceback__)[-1]
        where = f"{Path(frame.filename).name}:{frame.lineno}"
        print(
            f"casereview {args.command}: internal error {type(exc).__name__} at {where}; "
            "please report it with the command you ran",
            file=sys.stderr,
        )
        return 3


if __name__ == "__main__":
    sys.exit(main())
