"""The day a build or a check runs "as of": today, or the day of SOURCE_DATE_EPOCH;
and how a day is written for readers (:func:`uk_date`).

One rule for every date-relative finding (an overdue action, a review past its
milestone), so that two builds of the same sources are identical and a test, or a
board re-checking an old review, can say which day it is.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime


def build_date() -> date:
    """Today, or the day of SOURCE_DATE_EPOCH so that two builds are identical."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC).date()
    return date.today()


def uk_date(day: date) -> str:
    """``15 January 2025``: the form UK boards and public bodies print, never ISO."""
    return f"{day.day} {day:%B %Y}"
