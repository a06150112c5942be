"""Every action of a review's plans, and the recommendations they answer.

:func:`recommendations_of` is the one place recommendations are read from (today the
IMR frontmatter), so another source can replace it without touching its callers.
"""

from __future__ import annotations

import re
from typing import Any

from casereview.actions.model import Action, Recommendation, TargetDate
from casereview.actions.table import action_rows
from casereview.sources.documents import SourceDocument
from casereview.sources.recommendations import recommendations_of as imr_recommendations
from casereview.sources.review import Review

_REC_ID = re.compile(r"^[A-Z0-9]+-R[0-9]+$")


def recommendations_of(review: Review) -> list[Recommendation]:
    """The recommendations of the review's IMRs, in document order: frontmatter and
    tables in the body alike, read by the one model the audit and the traceability
    page read (:mod:`casereview.sources.recommendations`)."""
    found = []
    for imr in review.documents_of_type("imr"):
        for rec in imr_recommendations(imr):
            if isinstance(rec, dict) and rec.get("id"):
                text = " ".join(str(rec.get("recommendation") or "").split())
                found.append(Recommendation(str(rec["id"]), text, str(imr.meta.get("agency", "")), imr.display))
    return found


def agency_names(review: Review) -> dict[str, str]:
    """Agency id → the short name the Terms of Reference give it (its acronym)."""
    agencies = (review.tor.meta.get("agencies") if review.tor else None) or []
    return {
        str(a.get("id")): str(a.get("acronym") or a.get("name") or a.get("id")) for a in agencies if isinstance(a, dict)
    }


def _text(value: Any) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def frontmatter_actions(review: Review, plan: SourceDocument) -> list[Action]:
    agency = _text(plan.meta.get("agency"))
    actions = []
    for index, item in enumerate(plan.meta.get("actions") or []):
        if not isinstance(item, dict):
            continue
        actions.append(
            Action(
                review=review.slug,
                agency=agency,
                plan=plan.display,
                id=_text(item.get("id")),
                recommendation=_text(item.get("recommendation")),
                action=_text(item.get("action")),
                owner=_text(item.get("owner")),
                target=TargetDate.read(item.get("target_date")),
                status=_text(item.get("status")),
                evidence=_text(item.get("evidence")),
                line=plan.yaml.line_of(("actions", index)),
                field=f"actions[{index}]",
            )
        )
    return actions


def _recommendation_ref(cell: str, agency: str, recommendations: list[Recommendation]) -> str:
    """The id a table's recommendation cell refers to: an id as written, a number
    of this agency's recommendations ("1", "R1", "Rec 1"), or a recommendation's text."""
    cell = cell.strip()
    if _REC_ID.match(cell):
        return cell
    own = [r for r in recommendations if r.agency == agency] or recommendations
    number = re.fullmatch(r"(?:rec(?:ommendation)?\.?\s*)?r?\s*(\d+)\.?", cell, re.I)
    if number:
        matches = [r.id for r in own if r.id.endswith(f"-R{int(number[1])}")]
        return matches[0] if len(matches) == 1 else cell
    folded = cell.casefold()
    for rec in own:
        text = rec.text.casefold()
        if text and (text == folded or (len(folded) >= 30 and text.startswith(folded[:60]))):
            return rec.id
    return cell


def _action_id(cell: str, agency: str, row: int) -> str:
    """The action's id: as written, or ``EDUCATION-A2`` for a bare number (or none)."""
    number = re.fullmatch(r"(?:a(?:ction)?\.?\s*)?(\d+)\.?", cell.strip(), re.I)
    if cell.strip() and number is None:
        return cell.strip()
    return f"{agency.upper()}-A{int(number[1]) if number else row}"


def table_actions(review: Review, plan: SourceDocument, recommendations: list[Recommendation]) -> list[Action]:
    agency = _text(plan.meta.get("agency"))
    actions = []
    for number, row in enumerate(action_rows(plan.body), start=1):
        cells = row.cells
        actions.append(
            Action(
                review=review.slug,
                agency=agency,
                plan=plan.display,
                id=_action_id(cells.get("id", ""), agency, number),
                recommendation=_recommendation_ref(cells.get("recommendation", ""), agency, recommendations),
                action=cells["action"],
                owner=cells.get("owner", ""),
                target=TargetDate.read(cells.get("target")),
                status=cells.get("status", ""),
                evidence=cells.get("evidence", ""),
                line=plan.body_first_line + row.line - 1,
            )
        )
    return actions


def plan_actions(
    review: Review, plan: SourceDocument, recommendations: list[Recommendation] | None = None
) -> list[Action]:
    """The plan's actions: its frontmatter list, then any action table in its body."""
    recs = recommendations_of(review) if recommendations is None else recommendations
    return frontmatter_actions(review, plan) + table_actions(review, plan, recs)


def review_actions(review: Review) -> list[Action]:
    recommendations = recommendations_of(review)
    return [a for plan in review.documents_of_type("action-plan") for a in plan_actions(review, plan, recommendations)]
