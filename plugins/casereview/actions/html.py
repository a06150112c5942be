"""Action plans as HTML: a plan grouped by recommendation (its page and its place in
the panel pack) and the board's action tracker (a page of the internal site).

Status is always written in words; overdue is a word and a shape (a triangle
before it, a dashed border), never a colour alone.
"""

from __future__ import annotations

import html
import json
from collections import Counter
from collections.abc import Sequence
from datetime import date

from casereview.actions.model import STATE_WORDS, STATES, Action, Recommendation
from casereview.actions.plans import agency_names, plan_actions, recommendations_of, review_actions
from casereview.sources import paths
from casereview.sources.documents import SourceDocument
from casereview.sources.review import Review
from casereview.sources.today import uk_date

OVERDUE_MARK = "▲"
TRACKER_PAGE = paths.TRACKER_PAGE


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def status_html(action: Action, today: date) -> str:
    """The status in words; "Overdue" (with its triangle) after it when overdue."""
    words = f'<span class="casereview-action-status casereview-action-status--{action.state}">{_e(action.status_words)}</span>'
    if action.is_overdue(today):
        words += (
            f' <span class="casereview-overdue"><span aria-hidden="true">{OVERDUE_MARK}</span> '
            f"Overdue since {_e(uk_date(action.target.due))}</span>"  # type: ignore[arg-type]
        )
    return words


def _action_row(action: Action, today: date) -> str:
    overdue = ' data-overdue="yes" class="casereview-actions__overdue"' if action.is_overdue(today) else ""
    return (
        f'<tr data-state="{_e(action.state)}"{overdue}>'
        f"<td><strong>{_e(action.id)}</strong> {_e(action.action)}</td>"
        f"<td>{_e(action.owner) or '<em>No owner</em>'}</td>"
        f"<td>{_e(action.target.shown)}</td>"
        f"<td>{status_html(action, today)}</td>"
        f"<td>{_e(action.evidence) or '<em>None recorded</em>'}</td></tr>"
    )


_HEAD = "<thead><tr><th>Action</th><th>Owner</th><th>Target date</th><th>Status</th><th>Evidence</th></tr></thead>"


def plan_html(review: Review, plan: SourceDocument, today: date) -> str:
    """The plan's actions under the text of the recommendation each answers."""
    recommendations = recommendations_of(review)
    actions = plan_actions(review, plan, recommendations)
    by_id = {r.id: r for r in recommendations}
    agency = str(plan.meta.get("agency", ""))
    order = [r.id for r in recommendations if r.agency == agency]
    order += [a.recommendation for a in actions if a.recommendation not in order]
    parts = ['<div class="casereview-actions casereview-no-number">', "<h2>Actions by recommendation</h2>"]
    if not actions:
        parts.append("<p>This plan lists no actions yet.</p>")
    for rec_id in order:
        mine = [a for a in actions if a.recommendation == rec_id]
        rec = by_id.get(rec_id)
        title = rec_id or "No recommendation given"
        parts.append(f'<section class="casereview-actions__recommendation"><h3>{_e(title)}</h3>')
        if rec is not None:
            parts.append(f'<p class="casereview-actions__text">{_e(rec.text)}</p>')
        elif rec_id:
            parts.append("<p><em>No IMR of this review has this recommendation.</em></p>")
        if mine:
            rows = "".join(_action_row(a, today) for a in mine)
            parts.append(f'<table class="casereview-actions__table">{_HEAD}<tbody>{rows}</tbody></table>')
        else:
            parts.append('<p class="casereview-actions__gap">No action answers this recommendation yet.</p>')
        parts.append("</section>")
    parts.append("</div>")
    return "\n".join(parts)


# ---------- the tracker ----------


def _options(name: str, label: str, values: Sequence[tuple[str, str]]) -> str:
    options = "".join(f'<option value="{_e(v)}">{_e(t)}</option>' for v, t in values)
    return f'<label>{_e(label)} <select name="{name}"><option value="">All</option>{options}</select></label>'


def _tracker_row(action: Action, review_title: str, agency: str, today: date) -> str:
    overdue = action.is_overdue(today)
    attrs = {
        "data-review": action.review,
        "data-agency": agency,
        "data-state": action.state,
        "data-owner": action.owner,
        "data-overdue": "yes" if overdue else "no",
    }
    attr_text = " ".join(f'{k}="{_e(v)}"' for k, v in attrs.items())
    css = ' class="casereview-actions__overdue"' if overdue else ""
    return (
        f"<tr {attr_text}{css}><td>{_e(review_title)}</td><td>{_e(agency)}</td>"
        f"<td><strong>{_e(action.id)}</strong></td><td>{_e(action.recommendation) or '<em>None</em>'}</td>"
        f"<td>{_e(action.action)}</td><td>{_e(action.owner)}</td><td>{_e(action.target.shown)}</td>"
        f"<td>{status_html(action, today)}</td><td>{_e(action.evidence)}</td></tr>"
    )


def _counts_table(rows: list[tuple[str, list[Action]]], today: date) -> str:
    head = "".join(f"<th>{_e(STATE_WORDS[s])}</th>" for s in STATES)
    body = []
    for title, actions in rows:
        counts = Counter(a.state for a in actions)
        overdue = sum(a.is_overdue(today) for a in actions)
        cells = "".join(f"<td>{counts.get(s, 0)}</td>" for s in STATES)
        body.append(
            f"<tr><td>{_e(title)}</td>{cells}<td>{counts.get('unknown', 0)}</td><td>{overdue}</td>"
            f"<td>{len(actions)}</td></tr>"
        )
    return (
        '<table class="casereview-actions__counts"><thead><tr><th>Review</th>'
        f"{head}<th>{_e(STATE_WORDS['unknown'])}</th><th>Overdue</th><th>All</th></tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def gaps(review: Review) -> tuple[list[Recommendation], list[Action]]:
    """Recommendations no action answers, and actions that answer no recommendation."""
    recommendations = recommendations_of(review)
    actions = review_actions(review)
    answered = {a.recommendation for a in actions}
    known = {r.id for r in recommendations}
    return [r for r in recommendations if r.id not in answered], [a for a in actions if a.recommendation not in known]


def _gaps_html(reviews: Sequence[Review]) -> str:
    parts = []
    for review in reviews:
        unanswered, orphans = gaps(review)
        title = _e(str(review.meta.get("title", review.slug)))
        for rec in unanswered:
            parts.append(f"<li>{title}: recommendation <strong>{_e(rec.id)}</strong> has no action.</li>")
        for action in orphans:
            what = (
                f"recommendation {_e(action.recommendation)} is in no IMR"
                if action.recommendation
                else "it names no recommendation"
            )
            parts.append(f"<li>{title}: action <strong>{_e(action.id)}</strong> ({_e(action.plan)}): {what}.</li>")
    if not parts:
        return "<p>Every recommendation has an action, and every action answers a recommendation.</p>"
    return "<ul>" + "".join(parts) + "</ul>"


def tracker_page_markdown(reviews: Sequence[Review], today: date) -> str:
    """The board's action tracker: every action of every review, with filters."""
    rows, counted, agencies, owners = [], [], set(), set()
    for review in reviews:
        names = agency_names(review)
        title = str(review.meta.get("title", review.slug))
        actions = review_actions(review)
        counted.append((title, actions))
        for action in actions:
            agency = names.get(action.agency, action.agency)
            agencies.add(agency)
            owners.add(action.owner)
            rows.append(_tracker_row(action, title, agency, today))
    total = len(rows)
    states = [(s, STATE_WORDS[s]) for s in (*STATES, "unknown")]
    form = (
        '<form class="casereview-tracker__filter" hidden>'
        + _options("review", "Review", [(r.slug, str(r.meta.get("title", r.slug))) for r in reviews])
        + _options("agency", "Agency", [(a, a) for a in sorted(agencies)])
        + _options("state", "Status", states)
        + _options("owner", "Owner", [(o, o) for o in sorted(owners) if o])
        + '<label><input type="checkbox" name="overdue" value="yes"> Overdue only</label>'
        + '<button type="reset">Show all</button>'
        + f'<output class="casereview-tracker__count">{total} of {total} actions</output></form>'
    )
    table = (
        '<table class="casereview-tracker__table"><thead><tr><th>Review</th><th>Agency</th><th>Action</th>'
        "<th>Recommendation</th><th>What</th><th>Owner</th><th>Target date</th><th>Status</th><th>Evidence</th>"
        f"</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )
    front = json.dumps("Action tracker")
    return "\n".join(
        [
            f'---\ntype: page\ntitle: {front}\nstatus: approved\nversion: "1.0"\n---\n',
            "# Action tracker\n",
            f"Every action of every review's action plans, as of {uk_date(today)}. An action is "
            f"**overdue** ({OVERDUE_MARK}) when its target date has passed and it is not complete. "
            "The filters are kept in the address, so a filtered view can be shared as a link.\n",
            "## Actions by status\n",
            f'<div class="casereview-tracker casereview-no-number" markdown="0">\n{_counts_table(counted, today)}\n</div>\n',
            "## Every action\n",
            f'<div class="casereview-tracker casereview-no-number" markdown="0">\n{form}\n{table}\n</div>\n',
            "## Gaps\n",
            f'<div class="casereview-tracker casereview-no-number" markdown="0">\n{_gaps_html(reviews)}\n</div>\n',
        ]
    )
