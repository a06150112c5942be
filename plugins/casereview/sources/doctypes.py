"""Which documents may leave the panel: the one rule both sites and the gate share."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

PUBLISHABLE_TYPES = frozenset({"executive-summary", "synopsis", "overview-report"})
PUBLISHABLE_STATUSES = frozenset({"approved", "published"})


def is_public(meta: Mapping[str, Any]) -> bool:
    """A document is public only if its type may be published, the board set
    ``publish: true`` and the panel approved it. Anything else stays internal."""
    return (
        meta.get("type") in PUBLISHABLE_TYPES
        and meta.get("publish") is True
        and meta.get("status") in PUBLISHABLE_STATUSES
    )


REVIEW_TYPE_NAMES = {
    "serious-case-review": "Serious Case Review",
    "child-safeguarding-practice-review": "Child Safeguarding Practice Review",
    "safeguarding-adults-review": "Safeguarding Adults Review",
    "domestic-homicide-review": "Domestic Homicide Review",
    "child-practice-review": "Child Practice Review (Wales)",
    "adult-practice-review": "Adult Practice Review (Wales)",
    "significant-case-review": "Significant Case Review (Scotland)",
    "learning-review": "Learning Review (Scotland)",
    "case-management-review": "Case Management Review (Northern Ireland)",
    "serious-adverse-incident-review": "Serious Adverse Incident Review (Northern Ireland)",
}
