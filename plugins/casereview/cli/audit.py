"""``casereview audit``: the audit of a review's IMRs as terminal tables, then each
finding as ``file:line: error: message`` (:mod:`casereview.checks.audit` audits)."""

from __future__ import annotations

import argparse
import io
import shutil
import sys
from datetime import date
from pathlib import Path

from rich import box
from rich.console import Console
from rich.table import Table

from casereview.checks.audit import audit_review
from casereview.checks.audit_report import SMART_LETTERS, AuditReport, ImrAudit, check_mark, share_sentence
from casereview.cli.output import print_findings, say
from casereview.sources import paths
from casereview.sources.findings import sort_findings
from casereview.sources.review import load_glossary, load_review, review_folders


def _rules_table(imr: ImrAudit) -> Table:
    short = "/".join(imr.path.replace("\\", "/").split("/")[-2:])
    table = Table(
        title=f"{imr.agency_label} ({short}, {imr.format_label} format)", box=box.SIMPLE_HEAVY, title_justify="left"
    )
    table.add_column("check")
    table.add_column("result", justify="center")
    table.add_column("findings", justify="right")
    for rule in imr.rules:
        table.add_row(rule.title, rule.mark, str(len(rule.findings)) if rule.findings else "")
    return table


def _smart_table(imr: ImrAudit) -> Table:
    table = Table(
        title=f"{imr.agency_label}: SMART recommendations",
        box=box.SIMPLE_HEAVY,
        title_justify="left",
        caption=share_sentence(imr.smart),
        caption_justify="left",
    )
    table.add_column("recommendation")
    for _, letter, _ in SMART_LETTERS:
        table.add_column(letter, justify="center")
    table.add_column("SMART, timed, owned", justify="center")
    for score in imr.smart:
        marks = [check_mark(getattr(score, name)) for name, _, _ in SMART_LETTERS]
        table.add_row(score.recommendation, *marks, check_mark(score.smart))
    return table


def format_table(report: AuditReport, *, color: bool = False, width: int = 100) -> str:
    """The audit as text: per IMR a table of the checks and one of the SMART tests, then
    the review's share. ``color`` only when writing to a terminal."""
    console = Console(
        file=io.StringIO(),
        width=width,
        force_terminal=color,
        no_color=not color,
        color_system="standard" if color else None,
        highlight=False,
        legacy_windows=False,
    )
    console.print(
        f"Audit of {report.title} ({report.slug})" + (f", {report.today.isoformat()}" if report.today else "")
    )
    for imr in report.imrs:
        console.print()
        console.print(_rules_table(imr))
        console.print(_smart_table(imr))
    console.print(f"Whole review: {share_sentence(report.smart)}")
    output = console.file.getvalue()  # type: ignore[attr-defined]
    return str(output)



def _audit_date(value: object) -> date | None:
    """``--today``: a flag (today's date) or an ISO date; absent means no date checks."""
    if value is None or value is False:
        return None
    if value is True:
        return date.today()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def cmd_audit(args: argparse.Namespace) -> int:
    """Print a table per IMR, then each finding as ``file:line: error: message``.

    ``args.review``: a review folder name or None (every review); ``args.content``: the
    content folder; ``args.today`` (optional). Returns 1 when any finding is an error,
    2 when the review or the date cannot be found."""
    content = Path(getattr(args, "content", None) or "content")
    slug = getattr(args, "review", None)
    try:
        today = _audit_date(getattr(args, "today", None))
    except ValueError:
        say(f"casereview audit: --today {args.today} is not a date; write it as YYYY-MM-DD")
        return 2
    folders = [paths.review_folder_in(content, slug)] if slug else review_folders(content)
    if not folders or not folders[0].is_dir():
        say(f"casereview audit: no review folder {folders[0] if folders else content / 'reviews'}")
        return 2
    shared = load_glossary(content / "glossary.yml")[0]
    reports = [audit_review(load_review(folder, shared), today) for folder in folders]
    color = sys.stdout.isatty()
    width = shutil.get_terminal_size((100, 24)).columns if color else 100
    for report in reports:
        print(format_table(report, color=color, width=width), end="")
    findings = sort_findings(f for report in reports for f in report.findings)
    print_findings(findings)
    errors = sum(f.is_error for f in findings)
    notes = sum(f.is_note for f in findings)
    imrs = sum(len(report.imrs) for report in reports)
    say(
        f"casereview audit: {imrs} IMR(s) audited, {errors} error(s), "
        f"{len(findings) - errors - notes} warning(s), {notes} note(s)"
    )
    return 1 if errors else 0
