"""Frontmatter as typed, frozen records, built once when a document is read.

Every later stage reads dates as :class:`datetime.date` from here instead of parsing
frontmatter text again. The records are built from the mapping the schema checks, and
built for every document, valid or not: the internal site builds around problems, so a
field that is missing or not of its type reads as None (``check`` reports it), and
building never raises. Fields a record has no attribute for (an author's own
``reviewer_notes:``, an IMR's ``recommendations``) are kept, as written, in ``extra``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from casereview.sources.dates import parse_date


class Extra(Mapping[str, Any]):
    """Fields as written that a record has no attribute for: read-only, and unlike a
    ``MappingProxyType`` it can be copied and sent to a worker process."""

    __slots__ = ("_fields",)

    def __init__(self, fields: Mapping[str, Any] | None = None) -> None:
        self._fields = dict(fields or {})

    def __getitem__(self, name: str) -> Any:
        return self._fields[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._fields)

    def __len__(self) -> int:
        return len(self._fields)

    def __repr__(self) -> str:
        return f"Extra({self._fields!r})"


_NO_EXTRA = Extra()


def _no_extra() -> Mapping[str, Any]:
    return _NO_EXTRA


@dataclass(frozen=True)
class Author:
    """An author: ``author: {name, job_title}`` in an IMR, or a name written as text."""

    name: str | None
    role: str | None = None
    qualifications: str | None = None


@dataclass(frozen=True)
class SignOff:
    name: str | None
    designation: str | None
    date: dt.date | None


@dataclass(frozen=True)
class Milestone:
    """A milestone of the Terms of Reference's timetable."""

    id: str | None
    name: str | None
    week: int | None
    due: dt.date | None
    done: dt.date | None
    extra: Mapping[str, Any] = field(default_factory=_no_extra)


@dataclass(frozen=True)
class Agency:
    id: str | None
    name: str | None
    acronym: str | None
    imr: bool | None
    extra: Mapping[str, Any] = field(default_factory=_no_extra)


@dataclass(frozen=True)
class Question:
    id: str | None
    text: str | None
    extra: Mapping[str, Any] = field(default_factory=_no_extra)


@dataclass(frozen=True)
class ReviewInfo:
    """The ``review:`` block of the Terms of Reference."""

    title: str | None
    type: str | None
    acronym: str | None
    board: str | None
    area: str | None
    subject: str | None
    period_start: dt.date | None
    period_end: dt.date | None
    decision_date: dt.date | None
    year: int | None
    themes: tuple[str, ...]
    format: str | None
    marking: str | None
    extra: Mapping[str, Any] = field(default_factory=_no_extra)

    @property
    def period(self) -> tuple[dt.date, dt.date] | None:
        """The period under review, when both ends are dates."""
        if self.period_start is None or self.period_end is None:
            return None
        return self.period_start, self.period_end


@dataclass(frozen=True)
class DocumentMeta:
    """A document's frontmatter. The Terms of Reference's own parts (``review``,
    ``agencies``, ``questions``, ``milestones``) are empty for other documents."""

    type: str | None
    title: str | None
    status: str | None
    version: str | None
    publish: bool | None
    description: str | None
    marking: str | None
    agency: str | None
    subject: str | None
    author: Author | None
    date: dt.date | None
    commissioned: dt.date | None
    completed: dt.date | None
    records_secured: dt.date | None
    approved: dt.date | None
    published: dt.date | None
    sign_off: SignOff | None
    review: ReviewInfo | None = None
    agencies: tuple[Agency, ...] = ()
    questions: tuple[Question, ...] = ()
    milestones: tuple[Milestone, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=_no_extra)


def _text(value: Any) -> str | None:
    """Text as the pages show it today (``str``); None when missing or not a scalar."""
    if value is None or isinstance(value, Mapping | list | tuple | set):
        return None
    return str(value)


def _flag(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


def _whole_number(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _items(value: Any) -> list[Mapping[str, Any]]:
    return [item for item in value if isinstance(item, Mapping)] if isinstance(value, list) else []


def _extra(data: Mapping[Any, Any], modelled: frozenset[str]) -> Mapping[str, Any]:
    """The fields a record has no attribute for, as written (never dropped)."""
    rest = {str(name): value for name, value in data.items() if str(name) not in modelled}
    return Extra(rest) if rest else _NO_EXTRA


def author_from(value: Any) -> Author | None:
    if isinstance(value, Mapping):
        return Author(_text(value.get("name")), _text(value.get("job_title")), _text(value.get("qualifications")))
    name = _text(value)
    return Author(name) if name else None


def sign_off_from(value: Any) -> SignOff | None:
    if not isinstance(value, Mapping):
        return None
    return SignOff(_text(value.get("name")), _text(value.get("designation")), parse_date(value.get("date")))


_MILESTONE_FIELDS = frozenset({"id", "name", "week", "due", "done"})


def milestone_from(data: Mapping[str, Any]) -> Milestone:
    return Milestone(
        _text(data.get("id")),
        _text(data.get("name")),
        _whole_number(data.get("week")),
        parse_date(data.get("due")),
        parse_date(data.get("done")),
        _extra(data, _MILESTONE_FIELDS),
    )


_AGENCY_FIELDS = frozenset({"id", "name", "acronym", "imr"})


def _agency(data: Mapping[str, Any]) -> Agency:
    return Agency(
        _text(data.get("id")),
        _text(data.get("name")),
        _text(data.get("acronym")),
        _flag(data.get("imr")),
        _extra(data, _AGENCY_FIELDS),
    )


def _question(data: Mapping[str, Any]) -> Question:
    return Question(_text(data.get("id")), _text(data.get("text")), _extra(data, frozenset({"id", "text"})))


_REVIEW_FIELDS = frozenset(
    {"title", "type", "acronym", "board", "area", "subject", "period", "decision_date", "year", "themes"}
    | {"format", "marking"}
)


def review_info_from(value: Any) -> ReviewInfo | None:
    if not isinstance(value, Mapping):
        return None
    period = _mapping(value.get("period"))
    themes = value.get("themes")
    return ReviewInfo(
        title=_text(value.get("title")),
        type=_text(value.get("type")),
        acronym=_text(value.get("acronym")),
        board=_text(value.get("board")),
        area=_text(value.get("area")),
        subject=_text(value.get("subject")),
        period_start=parse_date(period.get("start")),
        period_end=parse_date(period.get("end")),
        decision_date=parse_date(value.get("decision_date")),
        year=_whole_number(value.get("year")),
        themes=tuple(str(t) for t in themes if _text(t)) if isinstance(themes, list) else (),
        format=_text(value.get("format")),
        marking=_text(value.get("marking")),
        extra=_extra(value, _REVIEW_FIELDS),
    )


_DATE_FIELDS = ("date", "commissioned", "completed", "records_secured", "approved", "published")
_DOCUMENT_FIELDS = frozenset(
    {"type", "title", "status", "version", "publish", "description", "marking", "agency", "subject", "author"}
    | set(_DATE_FIELDS)
    | {"sign_off", "review", "agencies", "questions", "milestones"}
)


def document_meta(data: Mapping[Any, Any] | None) -> DocumentMeta:
    """The record of a document's frontmatter mapping; never raises (see the module)."""
    data = data if isinstance(data, Mapping) else {}
    return DocumentMeta(
        type=_text(data.get("type")),
        title=_text(data.get("title")),
        status=_text(data.get("status")),
        version=_text(data.get("version")),
        publish=_flag(data.get("publish")),
        description=_text(data.get("description")),
        marking=_text(data.get("marking")),
        agency=_text(data.get("agency")),
        subject=_text(data.get("subject")),
        author=author_from(data.get("author")),
        date=parse_date(data.get("date")),
        commissioned=parse_date(data.get("commissioned")),
        completed=parse_date(data.get("completed")),
        records_secured=parse_date(data.get("records_secured")),
        approved=parse_date(data.get("approved")),
        published=parse_date(data.get("published")),
        sign_off=sign_off_from(data.get("sign_off")),
        review=review_info_from(data.get("review")),
        agencies=tuple(_agency(a) for a in _items(data.get("agencies"))),
        questions=tuple(_question(q) for q in _items(data.get("questions"))),
        milestones=tuple(milestone_from(m) for m in _items(data.get("milestones"))),
        extra=_extra(data, _DOCUMENT_FIELDS),
    )
