"""The audit's results and the QA page that shows them (the terminal tables are the
command line's: :mod:`casereview.cli.audit`).

Inspectors' proportions (handbook, appendix D): "most" means 80% or more, "a large
majority" 65% to 79%, "the majority" 50% or more (here 50% to 64%, below the large
majority); below 50% the audit says "minority". A recommendation counts when it is
SMART, timed and owned: all five of Specific, Measurable, Achievable/Relevant, Timed
and Owned (see :func:`casereview.checks.audit.smart_score` for how each is judged).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date

from casereview.sources.findings import Finding, sort_findings

SMART_LETTERS = (
    ("specific", "S", "Specific"),
    ("measurable", "M", "Measurable"),
    ("achievable", "A/R", "Achievable and relevant"),
    ("timed", "T", "Timed"),
    ("owned", "O", "Owned"),
)
PASS, FAIL, WARN = "✓", "✗", "!"


@dataclass
class RuleResult:
    rule_id: str
    title: str
    findings: list[Finding] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not any(f.is_error for f in self.findings)

    @property
    def mark(self) -> str:
        """✓ passed, ! passed with warnings, ✗ failed."""
        return WARN if self.passed and self.findings else check_mark(self.passed)


@dataclass(frozen=True)
class SmartScore:
    """One recommendation's five SMART tests."""

    recommendation: str
    specific: bool
    measurable: bool
    achievable: bool
    timed: bool
    owned: bool

    @property
    def smart(self) -> bool:
        return all(getattr(self, name) for name, _, _ in SMART_LETTERS)

    @property
    def failed(self) -> list[str]:
        """Names of the tests it fails, e.g. ["Measurable", "Timed"]."""
        return [words for name, _, words in SMART_LETTERS if not getattr(self, name)]


@dataclass
class ImrAudit:
    agency: str
    agency_label: str
    path: str
    format_label: str
    rules: list[RuleResult] = field(default_factory=list)
    smart: list[SmartScore] = field(default_factory=list)

    @property
    def findings(self) -> list[Finding]:
        return [f for rule in self.rules for f in rule.findings]

    @property
    def passed(self) -> bool:
        return all(rule.passed for rule in self.rules)


@dataclass
class AuditReport:
    slug: str
    title: str
    imrs: list[ImrAudit] = field(default_factory=list)
    review_findings: list[Finding] = field(default_factory=list)
    today: date | None = None

    @property
    def findings(self) -> list[Finding]:
        return sort_findings([*self.review_findings, *(f for i in self.imrs for f in i.findings)])

    @property
    def has_errors(self) -> bool:
        return any(f.is_error for f in self.findings)

    @property
    def smart(self) -> list[SmartScore]:
        return [score for imr in self.imrs for score in imr.smart]


def smart_share(scores: list[SmartScore]) -> float | None:
    """The share of recommendations that are SMART, timed and owned (None: no recommendations)."""
    return sum(s.smart for s in scores) / len(scores) if scores else None


def band(share: float | None) -> str:
    """The inspectors' word for a share (appendix D of the handbook)."""
    if share is None:
        return "no recommendations"
    if share >= 0.8:
        return "most"
    if share >= 0.65:
        return "large majority"
    if share >= 0.5:
        return "majority"
    return "minority"


def share_sentence(scores: list[SmartScore]) -> str:
    """ "3 of 4 recommendations SMART, timed and owned (75%): large majority" """
    share = smart_share(scores)
    if share is None:
        return "no recommendations"
    count = sum(s.smart for s in scores)
    return f"{count} of {len(scores)} recommendations SMART, timed and owned ({share:.0%}): {band(share)}"


def check_mark(ok: bool) -> str:
    return PASS if ok else FAIL


# ------------------------------------------------------------------------- QA page


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + "."


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _finding_item(finding: Finding) -> str:
    where = finding.path if finding.line is None else f"{finding.path}:{finding.line}"
    return f"- `{where}` {finding.severity.value}: {_cell(finding.message)}"


def _imr_markdown(imr: ImrAudit) -> list[str]:
    lines = [
        f"## {imr.agency_label}",
        "",
        f"`{imr.path}`, {imr.format_label} format: " + ("every check passed." if imr.passed else "some checks failed."),
        "",
        "| check | result | findings |",
        "|---|:---:|---:|",
    ]
    lines += [f"| {_cell(r.title)} | {r.mark} | {len(r.findings) or ''} |" for r in imr.rules]
    if imr.findings:
        lines += ["", "Findings:", ""] + [_finding_item(f) for f in sort_findings(imr.findings)]
    lines += [
        "",
        "| recommendation | " + " | ".join(letter for _, letter, _ in SMART_LETTERS) + " | SMART, timed and owned |",
        "|---|" + ":---:|" * (len(SMART_LETTERS) + 1),
    ]
    lines += [
        f"| {s.recommendation} | "
        + " | ".join(check_mark(getattr(s, n)) for n, _, _ in SMART_LETTERS)
        + f" | {check_mark(s.smart)} |"
        for s in imr.smart
    ]
    lines += ["", _sentence(share_sentence(imr.smart)), ""]
    return lines


def _summary_markdown(report: AuditReport) -> list[str]:
    lines = ["## The whole review", "", "| IMR | checks | SMART, timed and owned | band |", "|---|:---:|---:|---|"]
    for imr in report.imrs:
        share = smart_share(imr.smart)
        shown = "" if share is None else f"{sum(s.smart for s in imr.smart)} of {len(imr.smart)} ({share:.0%})"
        lines.append(f"| {imr.agency_label} | {check_mark(imr.passed)} | {shown} | {band(share)} |")
    lines += ["", _sentence(share_sentence(report.smart))]
    if report.review_findings:
        lines += ["", "Findings about the review as a whole:", ""]
        lines += [_finding_item(f) for f in sort_findings(report.review_findings)]
    return lines


def qa_page_markdown(report: AuditReport) -> str:
    """The quality-assurance page of a review: frontmatter, one section per IMR (checks,
    findings, SMART table and band), the whole review, and how the bands are read."""
    title = f"Quality assurance: {report.title}"
    when = f" on {report.today.day} {report.today:%B %Y}" if report.today else ""
    lines = [
        "---",
        "type: page",
        f"title: {json.dumps(title, ensure_ascii=False)}",
        "status: approved",
        'version: "1.0"',
        "---",
        "",
        f"# {title}",
        "",
        f"Each Individual Management Review (IMR) of this review was audited{when} against "
        "the checklist of the handbook's audit tool (appendix A). A check marked "
        f"{FAIL} has findings that must be resolved before the panel sees the IMR.",
        "",
    ]
    for imr in report.imrs:
        lines += _imr_markdown(imr)
    lines += _summary_markdown(report)
    lines += [
        "",
        "## How the audit reads recommendations",
        "",
        "A recommendation is SMART, timed and owned when it is specific (an action of at "
        'least eight words, not hedged with "consider" or "as appropriate"), '
        "measurable (a measure), achievable and relevant (an intended outcome, and the "
        "analysis paragraphs it rests on), timed (a date) and owned (a lead given as a job "
        "title, not a person). Inspectors' proportions: most means 80% or more, a large "
        "majority 65% to 79%, the majority 50% to 64%; below 50% is a minority.",
        "",
    ]
    return "\n".join(lines)
