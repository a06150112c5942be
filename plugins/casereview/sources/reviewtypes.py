"""The review-type registry: the kinds of statutory review a Terms of Reference names.

``review.type`` in the Terms of Reference is one of :data:`REVIEW_TYPES`. The record
says what readers call it (with the devolved nation whose procedure it is), whether
its subject is an adult (the standard questions of ``casereview new``) and which IMR
format (:mod:`casereview.checks.audit_presets`) a new review of it starts with. The
schema's enum of ``review.type`` lists the same names (a test keeps them equal, so
editors that read the schema offer the same choices).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ReviewType:
    name: str
    #: The review's name in its own procedure ("Child Practice Review").
    title: str
    #: The devolved nation whose procedure it is; empty for England's.
    nation: str = ""
    #: The subject is an adult: the adult standard questions and IMR format.
    adults: bool = False
    #: The IMR format of its own procedure, where it differs from the child or adult one.
    own_imr_format: str = ""

    @property
    def label(self) -> str:
        """What readers see: "Child Practice Review (Wales)"."""
        return f"{self.title} ({self.nation})" if self.nation else self.title

    @property
    def imr_format(self) -> str:
        """The IMR format a new review of this type starts with (``review.format``)."""
        if self.own_imr_format:
            return self.own_imr_format
        return "adult-review" if self.adults else "pan-dorset"


REVIEW_TYPES: tuple[ReviewType, ...] = (
    ReviewType("serious-case-review", "Serious Case Review"),
    ReviewType("child-safeguarding-practice-review", "Child Safeguarding Practice Review"),
    ReviewType("safeguarding-adults-review", "Safeguarding Adults Review", adults=True),
    ReviewType("domestic-homicide-review", "Domestic Homicide Review", adults=True, own_imr_format="core"),
    ReviewType("child-practice-review", "Child Practice Review", "Wales"),
    ReviewType("adult-practice-review", "Adult Practice Review", "Wales", adults=True),
    ReviewType("significant-case-review", "Significant Case Review", "Scotland"),
    ReviewType("learning-review", "Learning Review", "Scotland"),
    ReviewType("case-management-review", "Case Management Review", "Northern Ireland"),
    ReviewType("serious-adverse-incident-review", "Serious Adverse Incident Review", "Northern Ireland"),
)
DEFAULT_REVIEW_TYPE = "serious-case-review"


def review_type(name: object) -> ReviewType | None:
    return next((t for t in REVIEW_TYPES if t.name == name), None)


def review_type_names() -> list[str]:
    return [t.name for t in REVIEW_TYPES]


def review_type_label(name: object, unknown: str | None = None) -> str:
    """What readers call the review type ``name``; an unknown one as ``unknown``
    (default: the name as written)."""
    found = review_type(name)
    if found is not None:
        return found.label
    return str(name) if unknown is None else unknown
