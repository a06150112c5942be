"""What an action of an action plan is, whichever way its plan was written.

A plan lists its actions in the frontmatter (``actions:``) or as a Markdown table in
its body; both become :class:`Action`. Statuses are kept as the author wrote them and
sorted into the three states a board monitors (``not-started``, ``in-progress``,
``complete``); a status the rules do not know stays ``unknown`` and is shown as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from casereview.chronology.dates import CellProblem, parse_date_text
from casereview.sources.dates import parse_date
from casereview.sources.today import uk_date

STATES = ("not-started", "in-progress", "complete")
STATE_WORDS = {
    "not-started": "Not started",
    "in-progress": "In progress",
    "complete": "Complete",
    "unknown": "Other status",
}
# RAG ratings as boards abbreviate them, in words (never a colour alone).
RAG_WORDS = {"g": "Green (on track)", "a": "Amber (at risk)", "r": "Red (off track)", "b": "Blue (complete)"}
# Words boards write in the status (or RAG) column, folded to lower case, spaces
# for hyphens and underscores. Red means "off track", not "not started": unknown.
_STATUS_SYNONYMS = {
    "complete": "complete",
    "completed": "complete",
    "done": "complete",
    "closed": "complete",
    "achieved": "complete",
    "blue": "complete",
    "b": "complete",
    "in progress": "in-progress",
    "progressing": "in-progress",
    "ongoing": "in-progress",
    "on track": "in-progress",
    "started": "in-progress",
    "green": "in-progress",
    "amber": "in-progress",
    "g": "in-progress",
    "a": "in-progress",
    "partially complete": "in-progress",
    "not started": "not-started",
    "not yet started": "not-started",
    "not begun": "not-started",
    "to do": "not-started",
    "planned": "not-started",
}


def status_state(written: str) -> str:
    """One of :data:`STATES`, or ``unknown``, for a status as an author wrote it."""
    folded = re.sub(r"[\s_-]+", " ", written.strip().casefold()).strip(" .")
    if folded in _STATUS_SYNONYMS:
        return _STATUS_SYNONYMS[folded]
    first = re.split(r"\s*[(:;,/]\s*|\s+-\s+", folded, maxsplit=1)[0]  # "Amber (on track)"
    return _STATUS_SYNONYMS.get(first, "unknown")


_EXACT_DATE = re.compile(
    r"\d{4}-\d{2}-\d{2}|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{1,2}(?:st|nd|rd|th)? [A-Za-z]+\.? \d{4}"
)


@dataclass(frozen=True)
class TargetDate:
    """A target date as written, and the last day it allows (None: not a date, e.g.
    "Ongoing"). "March 2025" is due by 31 March 2025."""

    written: str
    due: date | None

    @classmethod
    def read(cls, value: object) -> TargetDate:
        """A YAML date or ``YYYY-MM-DD`` through :func:`~casereview.sources.dates.parse_date`;
        other words (a UK date, "March 2025") through the chronologies' tolerant reader."""
        day = parse_date(value)
        if isinstance(value, date) and day is not None:
            return cls(day.isoformat(), day)
        text = "" if value is None else str(value).strip()
        if not text:
            return cls("", None)
        if day is not None:
            return cls(text, day)
        try:
            return cls(text, parse_date_text(text).latest)
        except (CellProblem, ValueError):
            return cls(text, None)

    @property
    def exact(self) -> bool:
        """A day written as a date (not "March 2025", not "Ongoing")."""
        return self.due is not None and bool(_EXACT_DATE.fullmatch(self.written))

    @property
    def shown(self) -> str:
        """``15 January 2025`` for a day; otherwise as written."""
        if self.due is None:
            return self.written or "No target date"
        return uk_date(self.due) if self.exact else self.written


@dataclass(frozen=True)
class Action:
    """One action of one plan, with where it was written (for messages)."""

    review: str
    agency: str
    plan: str  # the plan's display path
    id: str
    recommendation: str
    action: str
    owner: str
    target: TargetDate
    status: str  # as written
    evidence: str
    line: int | None = None
    field: str = ""  # "actions[2]" for frontmatter, "" for a body table

    @property
    def state(self) -> str:
        return status_state(self.status)

    @property
    def status_words(self) -> str:
        """The state in words; a RAG rating or an unknown status as well, as written."""
        written = RAG_WORDS.get(self.status.strip().casefold(), self.status.strip())
        state = self.state
        if state == "unknown":
            return written or "No status"
        words = STATE_WORDS[state]
        same = re.sub(r"[\s_-]+", " ", written.casefold()) == words.casefold()
        return words if same else f"{words}: {written}"

    def is_overdue(self, today: date) -> bool:
        """Past its target date and not complete."""
        return self.target.due is not None and self.target.due < today and self.state != "complete"


@dataclass(frozen=True)
class Recommendation:
    """A recommendation of an IMR: its id (``CSC-R1``), text and agency."""

    id: str
    text: str
    agency: str
    source: str  # the IMR's display path
