"""``casereview actions export|report`` and ``casereview export regulator|imr``."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from casereview.actions.export import ActionExportError, write_actions
from casereview.actions.report import REPORT_TITLE, progress_report_html
from casereview.anonymise import format_leak
from casereview.cli.output import MARKING, print_findings, say
from casereview.export.staged import ExportBlocked
from casereview.print.pdf import FontNotInstalled, PdfDocument, PdfMeta, render_document
from casereview.sources import paths
from casereview.sources.dates import parse_date
from casereview.sources.review import Review
from casereview.sources.today import build_date

if TYPE_CHECKING:  # the site state loads slowly: imported where a command runs
    from casereview.render.site import SiteState


def _today(args: argparse.Namespace, command: str) -> date | None:
    if not getattr(args, "today", None):
        return build_date()
    day = parse_date(args.today)
    if day is None:
        say(f"casereview {command}: --today {args.today} is not a date; write it as YYYY-MM-DD")
    return day


def _load(content: Path, command: str) -> SiteState | None:
    if not (content / paths.REVIEWS).is_dir():
        say(f"casereview {command}: {content} holds no reviews/ folder; give the content folder with --content")
        return None
    from casereview.render.site import SiteState  # with Python-Markdown it loads slowly: only when run

    state = SiteState.load(content, "internal")
    errors = [f for f in state.findings if f.is_error]
    if errors:
        print_findings(errors)
        say(f"casereview {command}: the sources have errors (above); run `casereview check` and fix them first")
        return None
    return state


def _reviews(state: SiteState, slug: str | None, command: str) -> list[Review] | None:
    if slug is None:
        return [r for r in state.reviews.values() if r.documents_of_type("action-plan")]
    if slug not in state.reviews:
        say(f'casereview {command}: no review "{slug}"; choose one of: {", ".join(state.reviews)}')
        return None
    return [state.reviews[slug]]


def _chosen_plans(args: argparse.Namespace, command: str) -> tuple[date, list[Review]] | None:
    """The day (``--today``) and the reviews (``--review``, else every review with an
    action plan) an actions command works on; None once a problem has been said."""
    today = _today(args, command)
    state = _load(Path(args.content), command) if today else None
    reviews = _reviews(state, args.review, command) if state else None
    if reviews is None or today is None:
        return None
    return today, reviews


def cmd_actions_export(args: argparse.Namespace) -> int:
    chosen = _chosen_plans(args, "actions export")
    if chosen is None:
        return 2
    today, reviews = chosen
    try:
        count = write_actions(reviews, Path(args.out), today)
    except ActionExportError as exc:
        say(f"casereview actions export: {exc}")
        return 2
    say(f"casereview actions export: {count} actions of {len(reviews)} review(s) written to {args.out}")
    return 0


def cmd_actions_report(args: argparse.Namespace) -> int:
    out = Path(args.out)
    if out.suffix.lower() != ".pdf":
        say(f"casereview actions report: {out}: give a file name ending .pdf")
        return 2
    chosen = _chosen_plans(args, "actions report")
    if chosen is None:
        return 2
    today, reviews = chosen
    try:
        report = PdfDocument(title=REPORT_TITLE, body_html=progress_report_html(reviews, today), kind="page")
        pdf = render_document(report, PdfMeta(REPORT_TITLE, "Action plans", MARKING))
    except FontNotInstalled as exc:
        say(f"casereview actions report: {exc}")
        return 1
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(pdf)
    say(f"casereview actions report: progress of {len(reviews)} review(s) written to {out}")
    return 0


def _export_review(args: argparse.Namespace, command: str) -> tuple[SiteState, Review] | None:
    state = _load(Path(args.content), command)
    if state is None:
        return None
    review = state.reviews.get(args.review)
    if review is None:
        say(f'casereview {command}: no review "{args.review}"; choose one of: {", ".join(state.reviews)}')
        return None
    return state, review


def _refused(command: str, exc: Exception) -> int:
    if isinstance(exc, ExportBlocked):
        for leak in exc.leaks:
            print(format_leak(leak))
        say(f"casereview {command}: refused: {exc}")
        return 1
    say(f"casereview {command}: {exc}")
    return 2


def _run_export(args: argparse.Namespace, command: str, export: Callable[[SiteState, Review], str]) -> int:
    """Load the review, run ``export`` on it (it returns what it wrote, in words), and say
    what came of it."""
    from casereview.export.regulator import ExportError  # loads the site state: only when run

    loaded = _export_review(args, command)
    if loaded is None:
        return 2
    state, review = loaded
    try:
        done = export(state, review)
    except ExportError as exc:
        return _refused(command, exc)
    except FontNotInstalled as exc:
        say(f"casereview {command}: {exc}")
        return 1
    say(f"casereview {command}: {done}, scanned clean, written to {args.out}")
    return 0


def cmd_export_regulator(args: argparse.Namespace) -> int:
    from casereview.export.regulator import export_regulator  # loads the site state: only when run

    def export(state: SiteState, review: Review) -> str:
        return f"{len(export_regulator(state.content_root, review, Path(args.out)))} files"

    return _run_export(args, "export regulator", export)


def cmd_export_imr(args: argparse.Namespace) -> int:
    from casereview.export.regulator import export_imr  # loads the site state: only when run

    def export(state: SiteState, review: Review) -> str:
        export_imr(state.content_root, review, args.agency, Path(args.out))
        return "the anonymised IMR"

    return _run_export(args, "export imr", export)


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``casereview actions`` and ``casereview export`` to the CLI."""
    actions = sub.add_parser("actions", help="the board's action tracking: export, progress report")
    what = actions.add_subparsers(dest="action", required=True, metavar="ACTION")
    export = what.add_parser("export", help="every action as .xlsx or .csv (formula-safe)")
    export.add_argument("--out", required=True, metavar="FILE.xlsx|FILE.csv")
    export.set_defaults(func=cmd_actions_export)
    report = what.add_parser("report", help="the progress report PDF for the quality assurance group")
    report.add_argument("--out", required=True, metavar="FILE.pdf")
    report.set_defaults(func=cmd_actions_report)
    for parser in (export, report):
        parser.add_argument("--review", help="one review folder name (default: every review with action plans)")
        parser.add_argument("--content", default="content")
        parser.add_argument("--today", metavar="YYYY-MM-DD", help="the date overdue is judged on (default: today)")

    exports = sub.add_parser("export", help="anonymised copies for the regulator, or an agency's IMR")
    kinds = exports.add_subparsers(dest="action", required=True, metavar="WHAT")
    regulator = kinds.add_parser("regulator", help="every document as an anonymised PDF, the chronology, a manifest")
    regulator.add_argument("review", help="review folder name under content/reviews/")
    regulator.add_argument("--out", required=True, metavar="DIR|FILE.zip")
    regulator.set_defaults(func=cmd_export_regulator)
    imr = kinds.add_parser("imr", help="the anonymised IMR an agency submits")
    imr.add_argument("review", help="review folder name under content/reviews/")
    imr.add_argument("agency", help="the agency id (as in the IMR's frontmatter)")
    imr.add_argument("--out", required=True, metavar="FILE.pdf")
    imr.set_defaults(func=cmd_export_imr)
    for parser in (regulator, imr):
        parser.add_argument("--content", default="content")
