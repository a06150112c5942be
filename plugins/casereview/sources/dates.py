"""One reading of a date written in frontmatter, the Terms of Reference or an action plan.

YAML may give a date object (MkDocs' own loader, a test's mapping) or text (casereview's
loader keeps dates as text so that an impossible date reaches the schema check, which
names its line). Both read the same here. A value that is not a day as the schemas ask
(``YYYY-MM-DD``) reads as None, never an exception: the check reports it, and the build
goes on around it.

The agency chronologies' tolerant reader (uncertain dates, "early June 2020", Excel
serials) is a different job and lives in :mod:`casereview.chronology.dates`.
"""

from __future__ import annotations

import re
from datetime import date, datetime

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_date(value: object) -> date | None:
    """The day ``value`` gives: a date (a datetime's day), or ``YYYY-MM-DD`` text (spaces
    around it ignored); None for anything else (missing, empty, "31/03/2024", 2024-02-30).

    Exactly what the schemas' ``date`` format accepts, so a record holds a date exactly
    when ``check`` finds none wrong with it.
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not _ISO_DAY.fullmatch(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None
