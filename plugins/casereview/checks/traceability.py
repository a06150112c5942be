"""Traceability: does each recommendation flow from analysis that rests on the facts?

The chain inspectors follow through each Individual Management Review (IMR): chronology
entry → narrative paragraph ("Agency involvement") → analysis or lessons paragraph →
recommendation (``rests_on`` labels) → action (``actions[].recommendation``). A narrative
paragraph rests on its agency's chronology entries whose dates it mentions; an analysis or
lessons paragraph on the narrative it cites with ``[](#label)`` (directly or through the
analysis of its IMR it cites), failing that on the narrative of its IMR mentioning the
same dates. Paragraph numbers come from the rendered pages, as the site shows them. The
matrix holds numbers, dates, ids and labels only, never a document's prose.
"""

from __future__ import annotations

import bisect
import html as html_lib
import json
import posixpath
import re
from calendar import monthrange
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol
from urllib.parse import unquote, urlsplit

from casereview.checks.audit_presets import section_key
from casereview.chronology.composite import composite, review_period
from casereview.chronology.dates import MONTHS
from casereview.chronology.model import MergedEntry
from casereview.sources import paths
from casereview.sources.recommendations import actions_of, recommendations_of, same_recommendation
from casereview.sources.review import Review

# The traced sections by their key (audit_presets.SYNONYMS): whatever the format or the
# author calls them ("Agency involvement", "What was our involvement…", "4 Health
# involvement"), one table of names serves the audit and this page.
NARRATIVE, ANALYSIS, LESSONS = "involvement", "analysis", "lessons"
TRACEABLE_SECTIONS = frozenset({NARRATIVE, ANALYSIS, LESSONS})
SECTION_WORDS = {NARRATIVE: "narrative of involvement", ANALYSIS: "analysis", LESSONS: "lessons learned"}
GAP_MARK = "\u26a0"

# --------------------------------------------------------------------------- dates in prose

Span = tuple[date, date]  # first and last day a mention can mean (a day or a month)

_MONTH_WORDS = "|".join(sorted((m.capitalize() for m in MONTHS), key=len, reverse=True))
_PROSE_DATE = re.compile(
    r"\b(?:(?P<iso>\d{4})-(?P<iso_m>\d{2})-(?P<iso_d>\d{2})"
    r"|(?P<num_d>\d{1,2})(?P<sep>[./])(?P<num_m>\d{1,2})(?P=sep)(?P<num_y>\d{4}|\d{2})"
    rf"|(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<day_month>{_MONTH_WORDS})\b\.?(?:,?\s+(?P<day_year>\d{{4}}))?"
    rf"|(?P<month>{_MONTH_WORDS})\b\.?,?\s+(?P<month_year>\d{{4}}))\b"
)
# The first day of "10 to 13 October", "8 and 15 March", "10-13 October": a day of the next date's month.
_FIRST_OF_TWO_DAYS = re.compile(
    rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s*(?:-|\u2013|to|and|&)\s*"
    rf"(?=\d{{1,2}}(?:st|nd|rd|th)?\s+(?P<month>{_MONTH_WORDS})\b)"
)
_SENTENCE_END = re.compile(r"[.!?](?=\s+[A-Z0-9(\"]|\s*$)")


def _day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


@dataclass
class _Mention:
    position: int
    day: int | None  # None: the mention names a whole month ("April 2023")
    month: int
    year: int | None  # None until resolved ("on 14 October")

    def span(self) -> Span | None:
        if self.year is None or not 1 <= self.month <= 12:
            return None
        if self.day is None:
            return date(self.year, self.month, 1), date(self.year, self.month, monthrange(self.year, self.month)[1])
        day = _day(self.year, self.month, self.day)
        return (day, day) if day else None


def _mention(match: re.Match[str]) -> _Mention:
    if match["iso"]:
        return _Mention(match.start(), int(match["iso_d"]), int(match["iso_m"]), int(match["iso"]))
    if match["num_d"]:
        year = int(match["num_y"])
        return _Mention(match.start(), int(match["num_d"]), int(match["num_m"]), year + 2000 if year < 100 else year)
    if match["day"]:
        stated_year = int(match["day_year"]) if match["day_year"] else None
        return _Mention(match.start(), int(match["day"]), MONTHS[match["day_month"].lower()], stated_year)
    return _Mention(match.start(), None, MONTHS[match["month"].lower()], int(match["month_year"]))


def _resolve_year(
    mention: _Mention, later: Sequence[_Mention], sentence_end: int, anchor: date | None, period: Span | None
) -> int | None:
    """The year of a day written without one; see :func:`prose_dates`."""
    following = next((m for m in later if m.year is not None and m.position < sentence_end), None)
    day, month = mention.day or 1, mention.month
    if following is not None and (end := following.span()) is not None:
        # "3 May, 28 June and 20 September 2023"; "28 December to 3 January 2023" is 2022.
        candidate = _day(end[0].year, month, day)
        return end[0].year if candidate is None or candidate <= end[1] else end[0].year - 1
    if anchor is not None:  # narratives move on, and look back: the year nearest the last date
        options = [(abs((d - anchor).days), d.year) for y in (-1, 0, 1) if (d := _day(anchor.year + y, month, day))]
        return min(options)[1] if options else None
    if period is not None:
        years = [
            y
            for y in range(period[0].year, period[1].year + 1)
            if (d := _day(y, month, day)) and period[0] <= d <= period[1]
        ]
        return years[0] if len(years) == 1 else None
    return None


def prose_dates(text: str, anchor: date | None = None, period: Span | None = None) -> tuple[list[Span], date | None]:
    """The days and months a paragraph mentions, and the last date it mentions.

    A day without a year ("on 14 October") takes the year written later in the same
    sentence, else the year nearest the previous date (``anchor`` carries it in from
    the previous paragraph), else the only year that puts it inside ``period``.
    """
    mentions = [_mention(m) for m in _PROSE_DATE.finditer(text)]
    mentions += [
        _Mention(m.start(), int(m["day"]), MONTHS[m["month"].lower()], None) for m in _FIRST_OF_TWO_DAYS.finditer(text)
    ]
    mentions.sort(key=lambda mention: mention.position)
    sentence_ends = [m.end() for m in _SENTENCE_END.finditer(text)] + [len(text)]
    spans: list[Span] = []
    for index, mention in enumerate(mentions):
        if mention.year is None:
            sentence_end = next(end for end in sentence_ends if end > mention.position)
            mention.year = _resolve_year(mention, mentions[index + 1 :], sentence_end, anchor, period)
        if (span := mention.span()) is not None:
            spans.append(span)
            anchor = span[0]
    return spans, anchor


def _within(inner: Span, outer: Span) -> bool:
    return outer[0] <= inner[0] and inner[1] <= outer[1]


def spans_meet(first: Iterable[Span], second: Iterable[Span]) -> bool:
    """Two paragraphs mention the same date: the same day, or a day within a named month."""
    second = list(second)
    return any(_within(a, b) or _within(b, a) for a in first for b in second)


def mentions_entry(spans: Iterable[Span], entry: MergedEntry) -> bool:
    """A paragraph mentions an entry's date: a day inside it, or exactly its month."""
    event = entry.entry.event_date
    entry_span = (event.earliest, event.latest)
    return any(span == entry_span or (span[0] == span[1] and _within(span, entry_span)) for span in spans)


# --------------------------------------------------------------------------- paragraphs of the rendered IMRs


@dataclass
class Paragraph:
    page: str  # the IMR's site-relative URL, "reviews/<slug>/imr/csc/"
    agency: str
    number: str  # "7.5", as the site shows it
    anchor: str  # the paragraph's id: its label when it has one
    section: str  # the key of its level-2 section: "involvement", "analysis", "lessons"
    cites: list[tuple[str, str]] = field(default_factory=list)  # (page URL, anchor)
    dates: list[Span] = field(default_factory=list)

    @property
    def key(self) -> tuple[str, str]:
        return self.page, self.anchor


_H2 = re.compile(r"<h2\b[^>]*>(.*?)</h2>", re.S)
_NUMBERED_P = re.compile(r'<p\b(?P<attrs>[^>]*\bdata-para="(?P<number>[\d.]+)"[^>]*)>(?P<inner>.*?)</p>', re.S)
_ID = re.compile(r'\bid="([^"]*)"')
_HREF = re.compile(r'<a\b[^>]*\bhref="([^"]*)"')
_TAGS = re.compile(r"<[^>]*>")


def _plain(fragment: str) -> str:
    return " ".join(html_lib.unescape(_TAGS.sub(" ", fragment)).split())


def _cited(href: str, here: str) -> tuple[str, str] | None:
    parts = urlsplit(html_lib.unescape(href))
    if parts.scheme or parts.netloc or not parts.fragment:
        return None
    if not parts.path:
        return here, unquote(parts.fragment)
    target = posixpath.normpath(posixpath.join(here, unquote(parts.path)))
    return target.rstrip("/") + "/", unquote(parts.fragment)


class TracedPage(Protocol):
    """What the matrix reads of an IMR page the site rendered (the site's own page
    record has these fields): its URL, frontmatter, title and finished HTML."""

    @property
    def url(self) -> str: ...

    @property
    def title(self) -> str: ...

    @property
    def meta(self) -> Mapping[str, Any]: ...

    @property
    def html(self) -> str: ...


def page_paragraphs(page: TracedPage, period: Span | None = None) -> list[Paragraph]:
    """The numbered paragraphs of the traced sections of one rendered IMR page."""
    # Each paragraph belongs to the level-2 heading above it, numbered by the site or
    # by the author: its section is that heading's key, never one hard-coded title.
    starts = [(m.start(), section_key(_plain(m.group(1))) or "") for m in _H2.finditer(page.html)]
    agency = str(page.meta.get("agency", ""))
    found: list[Paragraph] = []
    anchor: date | None = None
    current = -1
    for match in _NUMBERED_P.finditer(page.html):
        index = bisect.bisect_right([start for start, _ in starts], match.start()) - 1
        section = starts[index][1] if index >= 0 else ""
        if section not in TRACEABLE_SECTIONS:
            continue
        if index != current:
            current, anchor = index, None
        id_match = _ID.search(match["attrs"])
        cites = [c for href in _HREF.findall(match["inner"]) if (c := _cited(href, page.url))]
        dates, anchor = prose_dates(_plain(match["inner"]), anchor, period)
        found.append(
            Paragraph(page.url, agency, match["number"], id_match[1] if id_match else "", section, cites, dates)
        )
    return found


# --------------------------------------------------------------------------- the matrix


@dataclass(frozen=True)
class ChronologyRef:
    index: int  # 1-based row of the composite chronology (its row id is ``entry-<index>``)
    date: str  # as the author wrote it
    agency: str  # the agency id


@dataclass(frozen=True)
class ActionRef:
    id: str
    status: str
    recommendation: str
    agency: str  # of the action plan it is in


@dataclass(frozen=True)
class Gap:
    """One break in the chain. ``kind``: no-rests-on, label-outside-analysis,
    unanchored-analysis, no-action, action-without-recommendation, unmentioned-chronology."""

    kind: str
    agency: str
    subject: str  # the recommendation id, action id, paragraph number or agency it is about
    message: str


@dataclass
class TraceRow:
    recommendation: str
    agency: str
    rests_on: list[Paragraph] = field(default_factory=list)
    bad_labels: list[str] = field(default_factory=list)  # labels outside analysis/lessons or unknown
    unanchored: list[Paragraph] = field(default_factory=list)  # rests_on paragraphs resting on nothing
    narrative: list[Paragraph] = field(default_factory=list)
    chronology: list[ChronologyRef] = field(default_factory=list)
    actions: list[ActionRef] = field(default_factory=list)
    from_table: bool = False  # a row of a table in the IMR's text: it cannot name paragraphs

    @property
    def has_gap(self) -> bool:
        untraced = not self.rests_on and not self.from_table
        return untraced or bool(self.bad_labels or self.unanchored) or not self.actions


@dataclass
class ImrTrace:
    agency: str
    acronym: str
    page: str
    title: str
    rows: list[TraceRow] = field(default_factory=list)
    orphan_actions: list[ActionRef] = field(default_factory=list)
    chronology_total: int = 0
    unmentioned: list[ChronologyRef] = field(default_factory=list)


@dataclass
class Traceability:
    review: str
    imrs: list[ImrTrace] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)

    def gaps_of(self, kind: str) -> list[Gap]:
        return [gap for gap in self.gaps if gap.kind == kind]


def _agency_acronyms(review: Review) -> dict[str, str]:
    agencies = (review.tor.meta.get("agencies") if review.tor else None) or []
    return {str(a["id"]): str(a.get("acronym") or a["id"]) for a in agencies if isinstance(a, dict) and a.get("id")}


def _actions(review: Review) -> list[ActionRef]:
    """Every action of every action plan, frontmatter and body tables alike."""
    return [
        ActionRef(
            str(a.get("id", "")),
            str(a.get("status", "")),
            str(a.get("recommendation") or ""),
            str(plan.meta.get("agency", "")),
        )
        for plan in review.documents_of_type("action-plan")
        for a in actions_of(plan)
    ]


def _is_narrative(paragraph: Paragraph) -> bool:
    return paragraph.section == NARRATIVE


class _Linker:
    """Links between the paragraphs of all IMRs and the composite chronology."""

    def __init__(self, paragraphs: Sequence[Paragraph], merged: Sequence[MergedEntry]) -> None:
        self.by_key = {p.key: p for p in paragraphs}
        self.paragraphs = paragraphs
        self.entries = [
            (ChronologyRef(i, e.entry.event_date.display, e.entry.agency), e) for i, e in enumerate(merged, start=1)
        ]

    def chronology_of(self, paragraph: Paragraph) -> list[ChronologyRef]:
        return [
            ref
            for ref, entry in self.entries
            if ref.agency == paragraph.agency and mentions_entry(paragraph.dates, entry)
        ]

    def narrative_of(self, paragraph: Paragraph, seen: frozenset[tuple[str, str]] = frozenset()) -> list[Paragraph]:
        """The narrative a paragraph cites, directly or through the analysis it cites;
        failing that, the narrative of its IMR that mentions the same dates. Analysis of
        another IMR that it cites is a cross-reference, not evidence, and is not followed."""
        seen = seen | {paragraph.key}
        found: list[Paragraph] = []
        for cited in (self.by_key[c] for c in paragraph.cites if c in self.by_key and c not in seen):
            if _is_narrative(cited):
                found.append(cited)
            elif cited.page == paragraph.page:  # lessons citing analysis; another IMR's analysis is a cross-reference
                found += self.narrative_of(cited, seen)
        if not found:
            found = [
                p
                for p in self.paragraphs
                if p.page == paragraph.page and _is_narrative(p) and spans_meet(paragraph.dates, p.dates)
            ]
        return _unique_paragraphs(found)

    def evidence_of(self, paragraph: Paragraph) -> tuple[list[Paragraph], list[ChronologyRef]]:
        """The narrative and chronology an analysis or lessons paragraph rests on."""
        narrative = self.narrative_of(paragraph)
        sources = narrative or [paragraph]  # no narrative: its own dates may still meet the chronology
        chronology = sorted({ref for p in sources for ref in self.chronology_of(p)}, key=lambda r: r.index)
        return narrative, chronology


def _unique_paragraphs(paragraphs: Iterable[Paragraph]) -> list[Paragraph]:
    return list({p.key: p for p in paragraphs}.values())


def trace_review(review: Review, pages: Sequence[TracedPage]) -> Traceability:
    """The traceability matrix of ``review`` from its rendered pages (only IMRs are read).

    ``pages`` come from :func:`render_imr_pages` or ``render.render_review``.
    """
    period = review_period(review)
    order = {agency: i for i, agency in enumerate(review.agency_ids)}
    imr_pages = sorted(
        (p for p in pages if p.meta.get("type") == "imr"),
        key=lambda p: (order.get(str(p.meta.get("agency")), len(order)), p.url),
    )
    paragraphs = [para for page in imr_pages for para in page_paragraphs(page, period)]
    linker = _Linker(paragraphs, composite(review)[0] if review.chronology_files else [])
    actions = _actions(review)
    acronyms = _agency_acronyms(review)
    trace = Traceability(review.slug)
    documents = {str(d.meta.get("agency", "")): d for d in review.documents_of_type("imr")}
    for page in imr_pages:
        agency = str(page.meta.get("agency", ""))
        imr = ImrTrace(agency, acronyms.get(agency, agency), page.url, page.title)
        source = documents.get(agency)
        recommendations = recommendations_of(source) if source is not None else page.meta.get("recommendations")
        imr.rows = [_trace_row(rec, page, linker, actions) for rec in recommendations or [] if isinstance(rec, dict)]
        _add_chronology_coverage(imr, linker)
        trace.imrs.append(imr)
    _add_orphan_actions(trace, actions, acronyms)
    trace.gaps = [gap for imr in trace.imrs for gap in _gaps(imr)]
    return trace


def _trace_row(rec: dict, page: TracedPage, linker: _Linker, actions: Sequence[ActionRef]) -> TraceRow:
    row = TraceRow(str(rec.get("id", "")), str(page.meta.get("agency", "")), from_table=rec.get("_source") == "table")
    for label in rec.get("rests_on") or []:
        paragraph = linker.by_key.get((page.url, str(label)))
        if paragraph is not None and paragraph.section in (ANALYSIS, LESSONS):
            row.rests_on.append(paragraph)
        else:
            row.bad_labels.append(str(label))
    chronology: set[ChronologyRef] = set()
    for paragraph in row.rests_on:
        narrative, entries = linker.evidence_of(paragraph)
        if not narrative and not entries:
            row.unanchored.append(paragraph)
        row.narrative += narrative
        chronology.update(entries)
    row.narrative = _unique_paragraphs(row.narrative)
    row.chronology = sorted(chronology, key=lambda ref: ref.index)
    row.actions = [
        action
        for action in actions
        if action.agency == row.agency and same_recommendation(row.recommendation, action.recommendation)
    ]
    return row


def _add_chronology_coverage(imr: ImrTrace, linker: _Linker) -> None:
    """Which of the agency's chronology entries no narrative paragraph of its IMR mentions."""
    own = [ref for ref, _ in linker.entries if ref.agency == imr.agency]
    mentioned = {
        ref for p in linker.paragraphs if p.page == imr.page and _is_narrative(p) for ref in linker.chronology_of(p)
    }
    imr.chronology_total = len(own)
    imr.unmentioned = [ref for ref in own if ref not in mentioned]


def _add_orphan_actions(trace: Traceability, actions: Sequence[ActionRef], acronyms: dict[str, str]) -> None:
    known = [(imr.agency, row.recommendation) for imr in trace.imrs for row in imr.rows if row.recommendation]
    by_agency = {imr.agency: imr for imr in trace.imrs}
    for action in actions:
        if any(agency == action.agency and same_recommendation(rec, action.recommendation) for agency, rec in known):
            continue
        agency = action.agency
        if agency not in by_agency:  # an action plan without an IMR still gets its table
            by_agency[agency] = ImrTrace(
                agency, acronyms.get(agency, agency), "", f"Action plan: {acronyms.get(agency, agency)}"
            )
            trace.imrs.append(by_agency[agency])
        by_agency[agency].orphan_actions.append(action)


def _gaps(imr: ImrTrace) -> Iterable[Gap]:
    tabled = [row.recommendation for row in imr.rows if row.from_table and not row.rests_on]
    if tabled:  # one fact, said once for the IMR rather than once a row
        yield Gap(
            "no-rests-on",
            imr.agency,
            imr.acronym,
            f"the {len(tabled)} recommendations of the {imr.acronym} IMR are a table in its text, so they "
            "name no analysis paragraph; write them in the frontmatter with rests_on to trace them",
        )
    for row in imr.rows:
        yield from _row_gaps(imr, row)
    for action in imr.orphan_actions:
        named = (
            f"names {action.recommendation}, which no IMR recommends"
            if action.recommendation
            else "names no recommendation"
        )
        yield Gap(
            "action-without-recommendation",
            imr.agency,
            action.id,
            f"action {action.id} of the {imr.acronym} action plan {named}",
        )
    if imr.unmentioned:
        yield Gap(
            "unmentioned-chronology",
            imr.agency,
            imr.acronym,
            f"{len(imr.unmentioned)} of {imr.chronology_total} {imr.acronym} chronology entries are "
            "never mentioned (by date) in the IMR's narrative of involvement",
        )


def _row_gaps(imr: ImrTrace, row: TraceRow) -> Iterable[Gap]:
    rec = row.recommendation
    if not row.rests_on and not row.bad_labels and not row.from_table:
        yield Gap(
            "no-rests-on", imr.agency, rec, f"{rec} has no rests_on: it does not say which analysis it flows from"
        )
    for label in row.bad_labels:
        yield Gap(
            "label-outside-analysis",
            imr.agency,
            rec,
            f'{rec} rests on "{label}", which labels no paragraph of the {SECTION_WORDS[ANALYSIS]} '
            f"or the {SECTION_WORDS[LESSONS]}",
        )
    for paragraph in row.unanchored:
        yield Gap(
            "unanchored-analysis",
            imr.agency,
            paragraph.number,
            f"{imr.acronym} IMR paragraph {paragraph.number} ({paragraph.anchor}), on which {rec} rests, cites no "
            "narrative paragraph and mentions no date of the narrative or the chronology",
        )
    if not row.actions:
        yield Gap("no-action", imr.agency, rec, f"{rec} has no action in the {imr.acronym} action plan")


# --------------------------------------------------------------------------- the page


def _esc(value: object) -> str:
    return html_lib.escape(str(value), quote=False)


def _gap(content: str) -> str:
    """A gap: the ⚠ marker for readers and screen readers, the class for the eye."""
    return f'<span class="gap">{GAP_MARK} {content}</span>'


class _PageWriter:
    """HTML fragments of one review's page, linking relative to ``reviews/<slug>/traceability/``."""

    def __init__(self, review: Review) -> None:
        self.root = paths.review_folder(review.slug)
        self.acronyms = _agency_acronyms(review)

    def link(self, target: str, anchor: str, text: str) -> str:
        relative = posixpath.relpath(target.rstrip("/"), self.root + "traceability")
        return f'<a href="{html_lib.escape(relative + "/" + (f"#{anchor}" if anchor else ""))}">{_esc(text)}</a>'

    def paragraph(self, paragraph: Paragraph, imr: ImrTrace) -> str:
        other = "" if paragraph.page == imr.page else f" ({self.acronyms.get(paragraph.agency, paragraph.agency)})"
        return self.link(paragraph.page, paragraph.anchor, paragraph.number + other)

    def entry(self, ref: ChronologyRef) -> str:
        text = f"{ref.date} {self.acronyms.get(ref.agency, ref.agency)}"
        return self.link(self.root + "chronology/", f"entry-{ref.index}", text)

    def action(self, action: ActionRef) -> str:
        status = _esc(action.status)
        return (
            self.link(self.root + f"action-plans/{action.agency}/", "", action.id)
            + f' <span class="status status-{status}">{status}</span>'
        )


def _cell(parts: Sequence[str], empty: str = "\u2014", *, gap: bool = False) -> str:
    return ('<td class="gap">' if gap else "<td>") + ("<br>".join(parts) or empty) + "</td>"


def _row_html(row: TraceRow, imr: ImrTrace, out: _PageWriter) -> str:
    unanchored = {p.key for p in row.unanchored}
    rests = [_gap(out.paragraph(p, imr)) if p.key in unanchored else out.paragraph(p, imr) for p in row.rests_on]
    rests += [_gap(f"{_esc(label)}: not an analysis or lessons paragraph") for label in row.bad_labels]
    cells = [
        _cell([out.link(imr.page, "recommendations", row.recommendation)]),
        _cell(
            rests,
            "not stated (a table in the text)" if row.from_table else _gap("no rests_on"),
            gap=(not row.rests_on and not row.from_table) or bool(row.bad_labels or unanchored),
        ),
        _cell(
            [out.paragraph(p, imr) for p in row.narrative],
            _gap("none") if row.rests_on else "\u2014",
            gap=bool(unanchored),
        ),
        _cell([out.entry(ref) for ref in row.chronology]),
        _cell([out.action(a) for a in row.actions], _gap("no action"), gap=not row.actions),
    ]
    return ('<tr class="gap">' if row.has_gap else "<tr>") + "".join(cells) + "</tr>"


def _orphan_html(action: ActionRef, out: _PageWriter) -> str:
    named = f"{_esc(action.recommendation)}: no such recommendation" if action.recommendation else "no recommendation"
    return f'<tr class="gap">{_cell([_gap(named)], gap=True)}{_cell([]) * 3}{_cell([out.action(action)])}</tr>'


def _coverage_html(imr: ImrTrace, out: _PageWriter) -> str:
    total, missing = imr.chronology_total, imr.unmentioned
    if not missing:
        return (
            f"<p>All {total} {_esc(imr.acronym)} chronology entries are mentioned in the narrative.</p>"
            if total
            else ""
        )
    entries = ", ".join(out.entry(ref) for ref in missing)
    return (
        f'<p class="gap">{GAP_MARK} {len(missing)} of {total} {_esc(imr.acronym)} chronology entries '
        f"are never mentioned in the narrative of involvement: {entries}</p>"
    )


_HEAD = "".join(
    f'<th scope="col">{title}</th>'
    for title in (
        "Recommendation",
        "Rests on (analysis, lessons)",
        "Narrative of involvement",
        "Chronology",
        "Actions",
    )
)
_BLOCK = '<div class="casereview-traceability casereview-no-number">\n{}\n</div>\n'


def _imr_block(imr: ImrTrace, out: _PageWriter) -> str:
    rows = [_row_html(row, imr, out) for row in imr.rows] + [_orphan_html(a, out) for a in imr.orphan_actions]
    body = "\n".join(rows) or '<tr><td colspan="5">No recommendations.</td></tr>'
    table = f"<table>\n<thead><tr>{_HEAD}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>"
    return _BLOCK.format(table + "\n" + _coverage_html(imr, out))


def _gaps_block(trace: Traceability) -> str:
    if not trace.gaps:
        return _BLOCK.format(
            "<p>No gaps: every recommendation rests on analysis grounded in the narrative "
            "and the chronology, and has at least one action.</p>"
        )
    items = "\n".join(f'<li class="gap">{GAP_MARK} {_esc(gap.message)}</li>' for gap in trace.gaps)
    return _BLOCK.format(f"<ul>\n{items}\n</ul>")


_INTRO = (
    "Each row follows one recommendation back through the analysis or lessons paragraphs it "
    "rests on (`rests_on`), the narrative paragraphs those cite or share dates with, and the "
    "chronology entries the narrative mentions, and forward to the actions of the action plan. "
    f"Numbers link to the paragraphs; {GAP_MARK} marks a gap.\n"
)


def traceability_page_markdown(trace: Traceability, review: Review) -> str:
    """The internal traceability page of a review, for ``reviews/<slug>/traceability.md``."""
    title = f"Traceability: {review.meta.get('title', review.slug)}"
    out = _PageWriter(review)
    parts = [
        f'---\ntype: page\ntitle: {json.dumps(title)}\nstatus: approved\nversion: "1.0"\n---\n',
        f"# {title}\n",
        _INTRO,
        "## Gaps\n",
        _gaps_block(trace),
    ]
    for imr in trace.imrs:
        parts += [f"## {imr.title}\n", _imr_block(imr, out)]
    return "\n".join(parts)
