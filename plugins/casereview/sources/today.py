"""The day a build or a check runs "as of": today, or the day of SOURCE_DATE_EPOCH.

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
