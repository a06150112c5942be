"""`casereview check` rules on action plans (:mod:`casereview.actions`), registered in
``check.REVIEW_CHECKS``.

Warnings, not errors: a plan is a live document and a board decides what to do.
Messages name a person by acronym or masked, never in full (CI logs may be public).
"""

from __future__ import annotations

import re

from casereview.actions.model import Action
from casereview.actions.plans import plan_actions, recommendations_of, review_actions
from casereview.checks.audit_rules import people_finder
from casereview.checks.detect import find_unkeyed
from casereview.sources.findings import Finding, Severity
from casereview.sources.review import Review, known_terms
from casereview.sources.today import build_date, uk_date

_OWNER_PARTS = re.compile(r"\s*[,/;()]\s*|\s+(?:and|or|&)\s+")


def _is_a_name(kind: str, text: str, owner: str) -> bool:
    """A name after a title ("Mrs J Smith"), or a part of the owner that is nothing but a
    capitalised name ("Jane Smith, Head of Service"). Capitalised words inside a longer
    part are an organisation's name ("Named Nurse, Marlshire Acute Hospitals NHS Trust")."""
    if kind == "titled-name":
        return True
    if kind != "capitalised-name":
        return False
    return any(part.strip(" .") == text.strip(" .") for part in _OWNER_PARTS.split(owner))


def _warning(action: Action, message: str, field: str) -> Finding:
    where = f"{action.field}.{field}" if action.field else field
    return Finding(action.plan, action.line, f"action {action.id}: {message}", field=where, severity=Severity.WARNING)


#: Plans the board monitors: an agreed plan. While a plan is drafted or submitted its
#: dates and evidence are still being settled with the panel.
MONITORED = frozenset({"approved", "published"})


def _evidence_missing(review: Review) -> list[Finding]:
    """In an agreed plan: an overdue action, or one marked complete, with no evidence."""
    today, found = build_date(), []
    recommendations = recommendations_of(review)
    monitored = [p for p in review.documents_of_type("action-plan") if p.meta.get("status") in MONITORED]
    for action in (a for plan in monitored for a in plan_actions(review, plan, recommendations)):
        if action.evidence:
            continue
        if action.state == "complete":
            found.append(
                _warning(action, "is complete but records no evidence; add what shows the change was made", "evidence")
            )
        elif action.is_overdue(today):
            found.append(
                _warning(
                    action,
                    f"is overdue (target {uk_date(action.target.due)}) and records no evidence of progress; "  # type: ignore[arg-type]
                    "add evidence, or agree a new target date with the board",
                    "evidence",
                )
            )
    return found


def _owner_is_a_person(review: Review) -> list[Finding]:
    """An owner must be a post: a key person (by name or acronym), or what reads as a
    person's name (a title before a name, a run of capitalised unknown words)."""
    people = people_finder(review.key)
    key_names = [n for e in review.key for n in (*e.real_names, e.acronym)]
    terms = known_terms(review)
    found = []
    for action in review_actions(review):
        if not action.owner:
            continue
        named = people(action.owner)
        if named:
            what = f'names a person of the key ("{named[0]}")'
        else:
            candidates = [
                c
                for c in find_unkeyed(action.owner, known_names=key_names, known_terms=terms, allow=review.allowlist)
                if _is_a_name(c.kind, c.text, action.owner)
            ]
            if not candidates:
                continue
            what = f"reads as a person's name ({candidates[0].masked})"
        found.append(
            _warning(action, f"the owner {what}; write the job title that owns the action, not who holds it", "owner")
        )
    return found


ACTION_CHECKS = [_evidence_missing, _owner_is_a_person]
