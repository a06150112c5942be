"""The progress report for the board's quality assurance group: per review, what is
complete (with its evidence), what is overdue, what is not started, what is in hand.

Returned as the body of a print document (the command prints it as a PDF); each review's
text is passed through its key's :class:`Anonymiser`, as the panel site's pages are.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from datetime import date

from casereview.actions.html import OVERDUE_MARK
from casereview.actions.model import Action
from casereview.actions.plans import agency_names, review_actions
from casereview.anonymise import Anonymiser
from casereview.sources.review import Review
from casereview.sources.today import uk_date

REPORT_TITLE = "Action plans: progress report"


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _list(actions: Sequence[Action], names: dict[str, str], detail: Callable[[Action], str]) -> str:
    if not actions:
        return "<p>None.</p>"
    items = []
    for action in actions:
        agency = names.get(action.agency, action.agency)
        items.append(
            f"<li><strong>{_e(action.id)}</strong> ({_e(agency)}, {_e(action.recommendation or 'no recommendation')}): "
            f"{_e(action.action)} <em>Owner:</em> {_e(action.owner or 'none')}. {detail(action)}</li>"
        )
    return "<ul>" + "".join(items) + "</ul>"


def _review_section(review: Review, today: date) -> str:
    names = agency_names(review)
    actions = review_actions(review)
    complete = [a for a in actions if a.state == "complete"]
    overdue = [a for a in actions if a.is_overdue(today)]
    not_started = [a for a in actions if a.state == "not-started" and not a.is_overdue(today)]
    in_hand = [a for a in actions if a.state not in ("complete", "not-started") and not a.is_overdue(today)]

    def evidence(action: Action) -> str:
        return f"<em>Evidence:</em> {_e(action.evidence)}" if action.evidence else "<em>No evidence recorded.</em>"

    def late(action: Action) -> str:
        return (
            f"{OVERDUE_MARK} <strong>Overdue</strong> since {_e(uk_date(action.target.due))} "  # type: ignore[arg-type]
            f"({_e(action.status_words)}). " + evidence(action)
        )

    def due(action: Action) -> str:
        return f"<em>Target:</em> {_e(action.target.shown)}."

    title = str(review.meta.get("title", review.slug))
    parts = [
        f"<h2>{_e(title)}</h2>",
        f"<p>{len(actions)} actions: {len(complete)} complete, {len(overdue)} overdue, "
        f"{len(not_started)} not started (not yet due), {len(in_hand)} in progress and on time.</p>",
        f"<h3>Complete ({len(complete)})</h3>",
        _list(complete, names, evidence),
        f"<h3>Overdue ({len(overdue)})</h3>",
        _list(overdue, names, late),
        f"<h3>Not started ({len(not_started)})</h3>",
        _list(not_started, names, due),
        f"<h3>In progress and on time ({len(in_hand)})</h3>",
        _list(in_hand, names, due),
    ]
    return Anonymiser(review.key).substitute("\n".join(parts))


def progress_report_html(reviews: Sequence[Review], today: date) -> str:
    """The report's body as print HTML: one chapter per review with action plans."""
    intro = (
        f"<p>The action plans of {len(reviews)} review(s) as of {_e(uk_date(today))}. An action is overdue "
        "when its target date has passed and it is not complete.</p>"
    )
    return intro + "".join(_review_section(r, today) for r in reviews)
