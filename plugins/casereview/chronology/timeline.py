"""The composite chronology as a timeline: one lane per agency, one marker per entry.

Pure: returns SVG text with inline presentation attributes only (no CSS needed), so
the same drawing renders in browsers and in WeasyPrint. Output is deterministic for
a given input. Nothing an author wrote in an entry's summary, decisions or issues is
drawn: the tooltips (``<title>``) carry the date, time, agency and type of event only,
and the labels are agency labels and the subject's acronym.

Markers: a hollow circle when the child was not seen (or it was not recorded), a
filled diamond when the child was seen, and an extra ring around it when seen alone.
A date known only to the month or year also gets a bar over the days it may fall on.
"""

from __future__ import annotations

import html
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from casereview.chronology import MergedEntry

WIDTH = 960
LABEL_WIDTH = 110
RIGHT_MARGIN = 24
LEGEND_HEIGHT = 30
LANE_HEIGHT = 40
AXIS_HEIGHT = 34
MIN_LABEL_SPACING = 44  # px between month labels before some are skipped
MARKER_RADIUS = 5
STACK_STEP = 8  # vertical offset between entries of one lane on the same day
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
FONT = 'font-family="Liberation Sans, Arial, sans-serif"'
SVG_NS = "http://www.w3.org/2000/svg"
TITLE = "Timeline of the composite chronology"


def _esc(text: str) -> str:
    """Escape for SVG text and double-quoted attributes, leaving ``'`` readable."""
    return html.escape(text, quote=False).replace('"', "&quot;")


@dataclass(frozen=True)
class _Scale:
    """Maps days to x positions between the first and the last month boundary."""

    start: date
    end: date
    left: float = LABEL_WIDTH
    right: float = WIDTH - RIGHT_MARGIN

    def x(self, day: date) -> float:
        span = max((self.end - self.start).days, 1)
        return self.left + (day - self.start).days / span * (self.right - self.left)


def timeline_svg(
    merged: Sequence[MergedEntry],
    agencies: Sequence[tuple[str, str]],
    *,
    subject_acronym: str | None,
    id_prefix: str = "casereview-timeline",
) -> str:
    """The timeline of ``merged`` as an SVG element (a string, no XML declaration).

    ``agencies`` is (agency id, label) in lane order; an entry of an agency missing
    from it gets a lane of its own, labelled with the agency as written. An entry whose
    date could not be read cannot be placed on the axis: the description says how many
    (the composite table shows them).
    """
    undated = sum(1 for item in merged if not item.entry.event_date.known)
    merged = [item for item in merged if item.entry.event_date.known]
    lanes = _lanes(merged, agencies)
    height = LEGEND_HEIGHT + LANE_HEIGHT * len(lanes) + AXIS_HEIGHT
    subject = f" of {subject_acronym}" if subject_acronym else ""
    head = (
        f'<svg xmlns="{SVG_NS}" class="casereview-timeline" role="img" width="{WIDTH}" '
        f'height="{height}" viewBox="0 0 {WIDTH} {height}" '
        f'aria-labelledby="{id_prefix}-title {id_prefix}-desc">',
        f'<title id="{id_prefix}-title">{_esc(TITLE + subject)}</title>',
        f'<desc id="{id_prefix}-desc">{_esc(_description(merged, lanes) + _undated(undated))}</desc>',
        f'<rect x="0" y="0" width="{WIDTH}" height="{height}" fill="#ffffff"/>',
    )
    if not merged:
        return "\n".join([*head, *_lane_rows(lanes), "</svg>"])
    scale = _scale(merged)
    body = [*_legend(), *_axis(scale, len(lanes)), *_lane_rows(lanes)]
    body += _markers(merged, lanes, scale)
    return "\n".join([*head, *body, "</svg>"])


def _lanes(merged: Sequence[MergedEntry], agencies: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    lanes = [(str(agency_id), str(label)) for agency_id, label in agencies]
    known = {agency_id.lower() for agency_id, _ in lanes}
    for item in merged:
        if item.entry.agency.lower() not in known:
            known.add(item.entry.agency.lower())
            lanes.append((item.entry.agency, item.entry.agency))
    return lanes


def _description(merged: Sequence[MergedEntry], lanes: list[tuple[str, str]]) -> str:
    if not merged:
        return "The composite chronology has no entries."
    first = min(item.entry.event_date.earliest for item in merged)
    last = max(item.entry.event_date.latest for item in merged)
    seen = sum(1 for item in merged if item.entry.child_seen is True)
    alone = sum(1 for item in merged if item.entry.child_seen is True and item.entry.seen_alone is True)
    names = ", ".join(label for _, label in lanes)
    return (
        f"{len(merged)} entries from {_long_date(first)} to {_long_date(last)}, one lane per "
        f"agency ({names}). The Child seen column says a child was seen in {seen} of them "
        f"(filled diamonds), alone in {alone} (ringed)."
    )


def _undated(count: int) -> str:
    if not count:
        return ""
    return f" {count} {'entry has a date' if count == 1 else 'entries have dates'} that could not be read and {'is' if count == 1 else 'are'} not drawn."


def _long_date(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _scale(merged: Sequence[MergedEntry]) -> _Scale:
    """From the first day of the first entry's month to the first day after the last month."""
    first = min(item.entry.event_date.earliest for item in merged)
    last = max(item.entry.event_date.latest for item in merged)
    return _Scale(first.replace(day=1), _next_month(last.replace(day=1)))


def _next_month(day: date) -> date:
    return date(day.year + 1, 1, 1) if day.month == 12 else date(day.year, day.month + 1, 1)


def _n(value: float) -> str:
    """A coordinate with at most one decimal, so the output is short and stable."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _lane_y(index: int) -> float:
    return LEGEND_HEIGHT + LANE_HEIGHT * index + LANE_HEIGHT / 2


def _lane_rows(lanes: list[tuple[str, str]]) -> list[str]:
    rows = []
    for index, (agency_id, label) in enumerate(lanes):
        top = LEGEND_HEIGHT + LANE_HEIGHT * index
        shade = "#f5f7f8" if index % 2 == 0 else "#ffffff"
        rows.append(
            f'<g class="casereview-timeline__lane" data-agency="{_esc(agency_id)}">'
            f'<rect x="{LABEL_WIDTH}" y="{top}" width="{WIDTH - RIGHT_MARGIN - LABEL_WIDTH}" '
            f'height="{LANE_HEIGHT}" fill="{shade}" fill-opacity="0.6"/>'
            f'<text x="{LABEL_WIDTH - 8}" y="{_n(_lane_y(index) + 4)}" text-anchor="end" '
            f'font-size="12" {FONT} fill="#263238">{_esc(label)}</text></g>'
        )
    return rows


def _months(scale: _Scale) -> list[date]:
    months, day = [], scale.start
    while day <= scale.end:
        months.append(day)
        day = _next_month(day)
    return months


def _axis(scale: _Scale, lane_count: int) -> list[str]:
    """A gridline at every month boundary; labels as often as there is room."""
    months = _months(scale)
    per_month = (scale.right - scale.left) / max(len(months) - 1, 1)
    every = max(1, -(-MIN_LABEL_SPACING // int(max(per_month, 1))))
    bottom = LEGEND_HEIGHT + LANE_HEIGHT * lane_count
    parts = []
    for index, month in enumerate(months):
        x = _n(scale.x(month))
        strong = month.month == 1
        parts.append(
            f'<line x1="{x}" y1="{LEGEND_HEIGHT}" x2="{x}" y2="{bottom + 4}" '
            f'stroke="{"#90a4ae" if strong else "#cfd8dc"}" stroke-width="1"/>'
        )
        if index % every == 0 and index < len(months) - 1:
            year = f" {month.year}" if strong or index == 0 else ""
            parts.append(
                f'<text x="{x}" y="{bottom + 18}" font-size="10" {FONT} fill="#455a64" '
                f'text-anchor="start" dx="2">{MONTHS[month.month - 1]}{year}</text>'
            )
    return parts


def _legend() -> list[str]:
    y = LEGEND_HEIGHT / 2
    x = LABEL_WIDTH
    return [
        _circle(x + 6, y, "#455a64", seen=False),
        _legend_text(x + 16, y, "child not seen / not recorded"),
        _diamond(x + 226, y, "#455a64"),
        _legend_text(x + 236, y, "child seen"),
        _diamond(x + 356, y, "#455a64"),
        _ring(x + 356, y, "#455a64"),
        _legend_text(x + 370, y, "child seen alone"),
        f'<line x1="{x + 500}" y1="{_n(y)}" x2="{x + 530}" y2="{_n(y)}" stroke="#455a64" '
        f'stroke-width="3" stroke-opacity="0.4"/>',
        _legend_text(x + 536, y, "date known to the month or year only"),
    ]


def _legend_text(x: float, y: float, text: str) -> str:
    return f'<text x="{_n(x)}" y="{_n(y + 4)}" font-size="11" {FONT} fill="#263238">{_esc(text)}</text>'


def _circle(x: float, y: float, colour: str, *, seen: bool) -> str:
    fill = colour if seen else "#ffffff"
    return f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{MARKER_RADIUS}" fill="{fill}" stroke="{colour}" stroke-width="1.5"/>'


def _diamond(x: float, y: float, colour: str) -> str:
    r = MARKER_RADIUS + 1.5
    points = f"M{_n(x)},{_n(y - r)} L{_n(x + r)},{_n(y)} L{_n(x)},{_n(y + r)} L{_n(x - r)},{_n(y)} Z"
    return f'<path d="{points}" fill="{colour}" stroke="{colour}" stroke-width="1"/>'


def _ring(x: float, y: float, colour: str) -> str:
    return (
        f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{MARKER_RADIUS + 5}" fill="none" stroke="{colour}" stroke-width="1.5"/>'
    )


def _stack_offsets(merged: Sequence[MergedEntry]) -> list[float]:
    """Vertical offsets that spread entries of one agency on one day across the lane."""
    groups: dict[tuple[str, date], list[int]] = defaultdict(list)
    for index, item in enumerate(merged):
        groups[(item.entry.agency.lower(), item.entry.event_date.earliest)].append(index)
    offsets = [0.0] * len(merged)
    limit = LANE_HEIGHT / 2 - MARKER_RADIUS - 2
    for members in groups.values():
        for rank, index in enumerate(members):
            offset = (rank - (len(members) - 1) / 2) * STACK_STEP
            offsets[index] = max(-limit, min(limit, offset))
    return offsets


def _markers(merged: Sequence[MergedEntry], lanes: list[tuple[str, str]], scale: _Scale) -> list[str]:
    lane_of = {agency_id.lower(): index for index, (agency_id, _) in enumerate(lanes)}
    labels = {agency_id.lower(): label for agency_id, label in lanes}
    offsets = _stack_offsets(merged)
    parts = []
    for index, item in enumerate(merged):
        agency = item.entry.agency.lower()
        lane = lane_of[agency]
        colour = PALETTE[lane % len(PALETTE)]
        y = _lane_y(lane) + offsets[index]
        parts.append(_marker(item, scale, y, colour, labels[agency], row=index + 1))
    return parts


def _marker(item: MergedEntry, scale: _Scale, y: float, colour: str, agency_label: str, *, row: int) -> str:
    """One entry's mark; ``data-row`` is its row's number in the composite table, so the
    page's filter script hides the marks of the rows it hides."""
    entry = item.entry
    when = entry.event_date
    x = scale.x(when.earliest)
    seen = entry.child_seen is True
    alone = seen and entry.seen_alone is True
    classes = "casereview-timeline__entry" + (" seen" if seen else "") + (" alone" if alone else "")
    shapes = []
    if when.precision != "day":
        end = scale.x(when.latest)
        shapes.append(
            f'<line x1="{_n(x)}" y1="{_n(y)}" x2="{_n(end)}" y2="{_n(y)}" stroke="{colour}" '
            f'stroke-width="3" stroke-opacity="0.4"/>'
        )
    shapes.append(_diamond(x, y, colour) if seen else _circle(x, y, colour, seen=False))
    if alone:
        shapes.append(_ring(x, y, colour))
    return (
        f'<g class="{classes}" data-date="{when.earliest.isoformat()}" data-row="{row}">'
        f"<title>{_esc(_tooltip(item, agency_label))}</title>{''.join(shapes)}</g>"
    )


def _tooltip(item: MergedEntry, agency_label: str) -> str:
    """Date, time, agency, type of event and what is known of the child being seen."""
    entry = item.entry
    time = entry.time.strftime("%H:%M") if entry.time is not None else "time not known"
    seen = {True: "child seen", False: "child not seen", None: "child seen: not recorded"}
    words = [f"{entry.event_date.display}, {time}", agency_label]
    if entry.event_type:
        words.append(entry.event_type)
    words.append(seen[entry.child_seen] + (" alone" if entry.child_seen and entry.seen_alone else ""))
    if item.duplicate_of:
        words.append(f"possible duplicate {item.duplicate_of}")
    return " · ".join(words)
