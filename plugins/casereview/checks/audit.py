"""``casereview audit``: the handbook's IMR audit tool (appendix A), run mechanically.

:func:`audit_review` runs every rule of :data:`RULES` on each IMR of a review and scores
each recommendation SMART, timed and owned, and returns the :class:`AuditReport`;
:mod:`casereview.checks.audit_report` shows it as the review's quality-assurance page
(:func:`qa_page_markdown`), the command (:mod:`casereview.cli.audit`) as terminal tables.
The rules on the
IMR's text are in :mod:`casereview.checks.audit_rules`, the formats in
:mod:`casereview.checks.audit_presets`; the rules on recommendations and actions are here.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from casereview.checks.audit_presets import FormatPreset, outline, preset_for
from casereview.checks.audit_report import (
    AuditReport,
    ImrAudit,
    RuleResult,
    SmartScore,
    qa_page_markdown,
)
from casereview.checks.audit_rules import (
    ImrContext,
    PeopleFinder,
    Rule,
    check_author,
    check_chronology,
    check_diversity,
    check_independence,
    check_methodology,
    check_questions,
    check_records_secured,
    check_sections,
    check_sign_off,
    people_finder,
)
from casereview.chronology import ChronologyError
from casereview.chronology.composite import load_review_chronologies
from casereview.sources.citations import find_labels
from casereview.sources.documents import SourceDocument
from casereview.sources.findings import Finding, Severity
from casereview.sources.recommendations import read_timescale, same_recommendation
from casereview.sources.review import Review, display_path

__all__ = ["RULES", "AuditReport", "audit_review", "qa_page_markdown", "smart_score"]


def _text(value: Any) -> str:
    return str(value).strip() if value is not None else ""


def _name(rec: dict[str, Any]) -> str:
    """How a message names a recommendation: its id ("CSC-R1"), or "recommendation 4"
    for a number from a table."""
    rid = _text(rec.get("id"))
    return f"recommendation {rid}" if rid.isdigit() else rid


def _labels(value: Any) -> list[str]:
    """``rests_on`` as a list of labels, also when an author wrote one label without brackets."""
    if isinstance(value, list | tuple):
        return [_text(v) for v in value if _text(v)]
    return [_text(value)] if _text(value) else []


# ---------------------------------------------------------------------- recommendations


def check_rests_on_analysis(ctx: ImrContext) -> list[Finding]:
    """Each recommendation names the labelled analysis paragraphs it flows from."""
    labels = {label.label: label.line for label in find_labels(ctx.imr.body, ctx.imr.body_first_line)}
    analysis = ctx.sections.get("analysis")
    title = ctx.preset.title_of("analysis")
    found = []
    for index, rec in ctx.recommendations:
        if rec.get("_source") == "table":
            continue  # a table in the body has no paragraph labels to point at
        rid = _text(rec.get("id")) or f"recommendation {index + 1}"
        rests_on = _labels(rec.get("rests_on"))
        if not rests_on:
            found.append(
                ctx.finding(
                    ctx.recommendation_line(index, "id"),
                    f"{rid} does "
                    "not say which analysis paragraph it rests on; add `rests_on:` "
                    "with the paragraph labels",
                    field=f"recommendations[{index}].rests_on",
                )
            )
        for position, label in enumerate(rests_on):
            line = ctx.recommendation_line(index, "rests_on", position)
            where = labels.get(str(label))
            if where is None:
                found.append(
                    ctx.finding(
                        line,
                        f'{rid} rests on paragraph "{label}", which does not '
                        f"exist; end the analysis paragraph with `{{#{label}}}`",
                    )
                )
            elif analysis is None or not analysis.contains(where):
                found.append(
                    ctx.finding(
                        line,
                        f'{rid} rests on paragraph "{label}" (line {where}), '
                        f'which is not in "{title}"; a recommendation must flow '
                        "from the analysis",
                    )
                )
    return found


def check_in_action_plan(ctx: ImrContext) -> list[Finding]:
    """Every recommendation appears in the agency's action plan (handbook, section 7)."""
    if not ctx.recommendations:
        return []
    if ctx.plan is None:
        return [
            ctx.finding(
                ctx.recommendation_line(0),
                f'no action plan for "{ctx.agency}"; '
                f"create action-plans/{ctx.agency}.md with an action for each recommendation",
            )
        ]
    planned = [_text(action.get("recommendation")) for _, action in ctx.actions]
    found = []
    for _, rec in ctx.recommendations:
        rid = _text(rec.get("id"))
        if not rid or any(same_recommendation(rid, p) for p in planned):
            continue
        if rec.get("_source") == "table":  # reported where the recommendation is written
            where, line, field = ctx.imr.display, rec["_line"], ""
            how = f'a section "Recommendation {rid}" with its actions'
        else:
            where, line, field = ctx.plan.display, ctx.plan.yaml.line_of(("actions",)), "actions"
            how = f"an action with `recommendation: {rid}`"
        found.append(
            Finding(
                where,
                line,
                f"recommendation {rid} of imr/{ctx.imr.path.name} has no action in "
                f"action-plans/{ctx.plan.path.name}; add {how}",
                field=field,
            )
        )
    return found


def check_actions_match(ctx: ImrContext) -> list[Finding]:
    """Every action of the plan implements a recommendation of this IMR."""
    if ctx.plan is None:
        return []
    ids = [_text(rec.get("id")) for _, rec in ctx.recommendations]
    found = []
    for index, action in ctx.actions:
        rid = _text(action.get("recommendation"))
        if any(same_recommendation(rid, i) for i in ids):
            continue
        aid = _text(action.get("id")) or f"action {index + 1}"
        line = ctx.action_line(index, "recommendation")
        reason = (
            f'refers to recommendation "{rid}", which is not in imr/{ctx.imr.path.name}'
            if rid
            else "does not say which recommendation it implements"
        )
        found.append(
            Finding(
                ctx.plan.display,
                line,
                f"action {aid} {reason}; use one of: {', '.join(ids) or '(the IMR has no recommendations)'}",
                field=f"actions[{index}].recommendation",
            )
        )
    return found


def check_job_titles(ctx: ImrContext) -> list[Finding]:
    """Leads and owners are posts, never people: staff change (handbook, 5.11)."""
    found = []
    for index, rec in ctx.recommendations:
        named = ctx.people_in(_text(rec.get("lead")))
        if named:
            found.append(
                ctx.finding(
                    ctx.recommendation_line(index, "lead"),
                    f"the lead of {_name(rec)} names a person ({', '.join(named)}); use a job title",
                    field=ctx.recommendation_field(index, "lead"),
                )
            )
    for index, action in ctx.actions:
        named = ctx.people_in(_text(action.get("owner")))
        if named and ctx.plan is not None:
            found.append(
                Finding(
                    ctx.plan.display,
                    ctx.action_line(index, "owner"),
                    f"the owner of {_text(action.get('id'))} names a person ({', '.join(named)}); use a job title",
                    field=f"actions[{index}].owner",
                )
            )
    return found


def check_actions_on_track(ctx: ImrContext) -> list[Finding]:
    """With a date to audit on (``--today``): actions past their target date and not complete."""
    if ctx.plan is None or ctx.today is None:
        return []
    found = []
    for index, action in ctx.actions:
        due = _text(action.get("target_date"))
        when = read_timescale(action.get("target_date"), ctx.start).due
        if when is not None and when < ctx.today and action.get("status") not in ("complete", "G", "Green"):
            found.append(
                Finding(
                    ctx.plan.display,
                    ctx.action_line(index, "target_date"),
                    f"action {_text(action.get('id'))} was due on {due} and is "
                    f"{action.get('status') or 'without a status'}; update its status "
                    "or agree a new date",
                    severity=Severity.WARNING,
                )
            )
    return found


# --------------------------------------------------------------------------------- SMART

MIN_WORDS = 8
#: Vague: the recommendation asks only to "consider", "explore", "look at/into", "think
#: about", "continue to" or "reflect on" (as its opening verb, or after "should", "will",
#: "must"), or hedges with "as/where/if appropriate", "as/where/if necessary", "where possible".
VAGUE_ACTION = re.compile(
    r"^(?:[^.;:]{0,80}?\b(?:should|will|must|shall)\s+)?(?:consider|explore|look\s+(?:at|into)"
    r"|think\s+about|continue\s+to|reflect\s+on)\b",
    re.IGNORECASE,
)
HEDGE = re.compile(r"\b(?:as|where|if)\s+(?:appropriate|necessary|possible)\b", re.IGNORECASE)


def smart_problems(rec: dict[str, Any], people_in: PeopleFinder, start: date | None = None) -> dict[str, str]:
    """SMART test name → why the recommendation fails it (empty: SMART, timed and owned)."""
    text = _text(rec.get("recommendation"))
    problems: dict[str, str] = {}
    if len(text.split()) < MIN_WORDS:
        problems["specific"] = f"the action has fewer than {MIN_WORDS} words"
    elif VAGUE_ACTION.search(text) or HEDGE.search(text):
        problems["specific"] = 'the action is vague ("consider", "as appropriate")'
    if not _text(rec.get("measure")):
        problems["measurable"] = "no measure"
    from_table = rec.get("_source") == "table"  # a body table has no paragraph labels
    if not _text(rec.get("outcome")) or not (from_table or _labels(rec.get("rests_on"))):
        problems["achievable"] = (
            "no intended outcome" if not _text(rec.get("outcome")) else "rests on no analysis paragraph"
        )
    if not read_timescale(rec.get("timescale"), start).timed:
        problems["timed"] = "no timescale that can be read as a date, a period or a frequency"
    lead = _text(rec.get("lead"))
    if not lead or people_in(lead):
        problems["owned"] = "no lead given as a job title"
    return problems


def smart_score(rec: dict[str, Any], people_in: PeopleFinder, start: date | None = None) -> SmartScore:
    problems = smart_problems(rec, people_in, start)
    return SmartScore(
        _text(rec.get("id")),
        **{name: name not in problems for name in ("specific", "measurable", "achievable", "timed", "owned")},
    )


def check_smart(ctx: ImrContext) -> list[Finding]:
    found = []
    for index, rec in ctx.recommendations:
        problems = smart_problems(rec, ctx.people_in, ctx.start)
        if _text(rec.get("lead")):
            problems.pop("owned", None)  # a lead naming a person: the job-titles rule says so, once
        if problems:
            found.append(
                ctx.finding(
                    ctx.recommendation_line(index, "id"),
                    f"{_name(rec)} is not SMART, timed and owned: " + "; ".join(problems.values()),
                    field=ctx.recommendation_field(index),
                )
            )
    return found


RULES: list[Rule] = [
    Rule("sections", "Sections of the agreed format present", check_sections),
    Rule("independence", "Statement of independence", check_independence),
    Rule("author", "Author named with job title", check_author),
    Rule("records-secured", "Case records secured", check_records_secured),
    Rule("methodology", "Records read and staff interviewed, with dates", check_methodology),
    Rule("diversity", "Diversity addressed or excluded with a reason", check_diversity),
    Rule("questions", "Every ToR question answered", check_questions),
    Rule("sign-off", "Senior sign-off with name, designation, date", check_sign_off),
    Rule("chronology", "Chronology on the template and valid", check_chronology),
    Rule("rests-on", "Recommendations flow from the analysis", check_rests_on_analysis),
    Rule("action-plan", "Every recommendation in the action plan", check_in_action_plan),
    Rule("actions", "Every action implements a recommendation", check_actions_match),
    Rule("job-titles", "Leads and owners are job titles", check_job_titles),
    Rule("smart", "Recommendations SMART, timed and owned", check_smart),
]
#: Only when the audit has a date (``--today``): the action plan is on track.
ON_TRACK = Rule("on-track", "Actions on track", check_actions_on_track)


# ------------------------------------------------------------------------------ review


def _agency_of(doc: SourceDocument) -> str:
    return _text(doc.meta.get("agency")) or doc.path.stem


def _agencies(review: Review) -> list[dict[str, Any]]:
    agencies = (review.tor.meta.get("agencies") if review.tor else None) or []
    return [a for a in agencies if isinstance(a, dict)]


#: "Marlshire Police (chronology and information report only)", "(chronology only)".
CONTRIBUTION_ONLY = re.compile(r"\b(?:chronolog\w*|information\s+report|report)\b[^()]*\bonly\b", re.IGNORECASE)


def writes_an_imr(agency: dict[str, Any]) -> bool:
    """Whether the ToR expects an IMR of this agency: not when it says `imr: false`, nor
    when its name says it supplies a chronology or an information report only."""
    if agency.get("imr") is not None:
        return bool(agency["imr"])
    return not CONTRIBUTION_ONLY.search(_text(agency.get("name")))


def _agency_label(review: Review, agency: str) -> str:
    match = next((a for a in _agencies(review) if _text(a.get("id")) == agency), {})
    return _text(match.get("acronym")) or _text(match.get("name")) or agency


def _context(
    review: Review,
    imr: SourceDocument,
    preset: FormatPreset,
    errors: list[ChronologyError],
    people_in: PeopleFinder,
    today: date | None,
) -> ImrContext:
    agency = _agency_of(imr)
    plan = next((d for d in review.documents_of_type("action-plan") if _agency_of(d) == agency), None)
    chronology = next((p for p in review.chronology_files if p.stem == agency), None)
    own_errors = [e for e in errors if chronology is not None and Path(e.file).resolve() == chronology.resolve()]
    shape = outline(imr.body, imr.body_first_line)
    return ImrContext(review, imr, agency, preset, shape, shape.keyed(), plan, chronology, own_errors, people_in, today)


def _audit_imr(ctx: ImrContext) -> ImrAudit:
    rules = RULES + ([ON_TRACK] if ctx.today else [])
    return ImrAudit(
        ctx.agency,
        _agency_label(ctx.review, ctx.agency),
        ctx.imr.display,
        ctx.preset.label,
        [RuleResult(rule.id, rule.title, rule.check(ctx)) for rule in rules],
        [smart_score(rec, ctx.people_in, ctx.start) for _, rec in ctx.recommendations],
    )


def _review_findings(review: Review) -> list[Finding]:
    """Problems loading the review, and agencies of the ToR that sent no IMR."""
    if review.tor is None:
        return [
            *review.findings,
            Finding(
                display_path(review.folder / "index.md"),
                None,
                "the review has no Terms of Reference, so no IMR can be audited",
            ),
        ]
    have = {_agency_of(d) for d in review.documents_of_type("imr")}
    expected = [(i, a) for i, a in enumerate(_agencies(review)) if writes_an_imr(a)]
    missing = [
        Finding(
            review.tor.display,
            review.tor.yaml.line_of(("agencies", index, "id")),
            f'agency "{agency["id"]}" has no IMR; add imr/{agency["id"]}.md',
        )
        for index, agency in expected
        if agency.get("id") and agency["id"] not in have
    ]
    return [*review.findings, *missing]


def audit_review(review: Review, today: date | None = None) -> AuditReport:
    """Audit every IMR of ``review``; ``today`` also checks that actions are on track."""
    preset = preset_for(review.meta)
    errors = load_review_chronologies(review)[1] if review.chronology_files else []
    people_in = people_finder(review.key)
    order = {agency: i for i, agency in enumerate(review.agency_ids)}
    imrs = sorted(review.documents_of_type("imr"), key=lambda d: (order.get(_agency_of(d), len(order)), str(d.path)))
    report = AuditReport(
        review.slug,
        _text(review.meta.get("title")) or review.slug,
        review_findings=_review_findings(review),
        today=today,
    )
    report.imrs = [_audit_imr(_context(review, imr, preset, errors, people_in, today)) for imr in imrs]
    return report
