"""Action plans a board monitors: reading plans (frontmatter or a body table), their
pages, the board's tracker, the spreadsheet export and the progress report (its rules
for `casereview check` are in :mod:`casereview.checks.action_plans`).

Pure core: nothing here imports MkDocs.
"""

from casereview.actions.model import (
    STATE_WORDS,
    STATES,
    Action,
    Recommendation,
    TargetDate,
    status_state,
)
from casereview.actions.plans import plan_actions, recommendations_of, review_actions
from casereview.sources.today import uk_date

__all__ = [
    "STATES",
    "STATE_WORDS",
    "Action",
    "Recommendation",
    "TargetDate",
    "plan_actions",
    "recommendations_of",
    "review_actions",
    "status_state",
    "uk_date",
]
