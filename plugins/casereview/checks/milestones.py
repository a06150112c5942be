"""The review timeline: where each milestone of the Terms of Reference stands today.

Milestones come from the ToR frontmatter (``milestones``: ``id``, ``name``, ``week``,
``due`` and, once reached, ``done``); week 0 is ``review.decision_date``. ``today`` is
always passed in, so the same sources and the same day give the same page.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from casereview.sources.records import milestone_from
from casereview.sources.review import Review

State = Literal["done", "overdue", "due-soon", "upcoming"]
DUE_SOON_DAYS = 14
STATE_LABELS: dict[str, str] = {"done": "done", "overdue": "overdue", "due-soon": "due soon", "upcoming": "upcoming"}
STATE_COLOURS: dict[str, str] = {"done": "#2e7d32", "overdue": "#c62828", "due-soon": "#e65100", "upcoming": "#757575"}
STANDARD_WEEKS = 26  # the statutory timescale of a serious case review


@dataclass(frozen=True)
class MilestoneState:
    id: str
    name: str
    week: int | None
    due: date
    done: date | None
    state: State
    days_left: int  # due minus today: negative when the due date has passed

    @property
    def detail(self) -> str:
        """The words after the state: "on 10 January 2024", "by 3 days", "in 5 days", "today"."""
        if self.done is not None:
            return f"on {format_date(self.done)}"
        if self.days_left == 0:
            return "today"
        return f"by {_days(-self.days_left)}" if self.days_left < 0 else f"in {_days(self.days_left)}"

    @property
    def label(self) -> str:
        return f"{STATE_LABELS[self.state]} {self.detail}"


def _days(count: int) -> str:
    return "1 day" if count == 1 else f"{count} days"


def format_date(day: date) -> str:
    """``8 January 2024``, as the documents write dates."""
    return f"{day.day} {day:%B %Y}"


def state_on(due: date, done: date | None, today: date) -> State:
    """done (has a done date) > overdue (due before today) > due-soon (within 14 days) > upcoming."""
    if done is not None:
        return "done"
    if due < today:
        return "overdue"
    if (due - today).days <= DUE_SOON_DAYS:
        return "due-soon"
    return "upcoming"


def milestone_states(milestones: Iterable[Mapping[str, Any]], today: date) -> list[MilestoneState]:
    """The state of each milestone on ``today``, in due-date order.

    Entries without a readable ``due`` date are skipped (``casereview check`` reports them).
    """
    states = []
    for milestone in (milestone_from(m) for m in milestones if isinstance(m, Mapping)):
        due, done = milestone.due, milestone.done
        if due is None:
            continue
        states.append(
            MilestoneState(
                milestone.id or "",
                milestone.name or "",
                milestone.week,
                due,
                done,
                state_on(due, done, today),
                (due - today).days,
            )
        )
    return sorted(states, key=lambda s: (s.due, s.week if s.week is not None else -1))


def review_milestones(review: Review) -> tuple[list[Mapping[str, Any]], date | None]:
    """The ToR's milestones (as written) and its decision date (week 0)."""
    meta = review.tor.meta if review.tor else {}
    milestones = [m for m in meta.get("milestones") or [] if isinstance(m, Mapping)]
    info = review.tor.record.review if review.tor else None
    return milestones, info.decision_date if info else None


def _week_of(state: MilestoneState, decision: date | None) -> int | None:
    if state.week is not None:
        return state.week
    return (state.due - decision).days // 7 if decision is not None else None


def _table(states: Sequence[MilestoneState], decision: date | None) -> str:
    rows = []
    for s in states:
        week = _week_of(s, decision)
        rows.append(
            f'<tr class="milestone-{s.state}"><td>{"" if week is None else week}</td>'
            f"<td>{format_date(s.due)}</td><td>{html.escape(s.name, quote=False)}</td>"
            f'<td><span class="milestone-state milestone-state-{s.state}">{STATE_LABELS[s.state]}</span> '
            f"<small>{s.detail}</small></td></tr>"
        )
    head = "".join(f'<th scope="col">{title}</th>' for title in ("Week", "Due", "Milestone", "State"))
    body = "\n".join(rows)
    return f'<table class="casereview-milestones__table">\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>'


def timeline_svg(states: Sequence[MilestoneState], decision: date | None, today: date) -> str:
    """A bar of weeks 0-26 (longer if a milestone is later), a marker per milestone, a line at today."""
    weeks = [w for s in states if (w := _week_of(s, decision)) is not None]
    span = max([STANDARD_WEEKS, *weeks])
    width, left, right, axis_y = 640, 16, 16, 28

    def x(week: float) -> float:
        return round(left + (width - left - right) * min(max(week, 0), span) / span, 1)

    parts = [f'<line x1="{x(0)}" y1="{axis_y}" x2="{x(span)}" y2="{axis_y}" stroke="#9e9e9e" stroke-width="4"/>']
    parts += [
        f'<text x="{x(w)}" y="{axis_y + 22}" font-size="10" text-anchor="middle">{w}</text>'
        for w in range(0, span + 1, 2)
    ]
    if decision is not None:
        now = (today - decision).days / 7
        parts.append(
            f'<line class="milestone-today" x1="{x(now)}" y1="6" x2="{x(now)}" y2="{axis_y + 10}" '
            f'stroke="#1565c0" stroke-width="2"><title>today, {format_date(today)}</title></line>'
        )
    for s in states:
        if (week := _week_of(s, decision)) is not None:
            tip = html.escape(f"{s.id}, week {week}: {s.name} ({s.label})", quote=False)
            parts.append(
                f'<circle class="milestone-{s.state}" cx="{x(week)}" cy="{axis_y}" r="6" '
                f'fill="{STATE_COLOURS[s.state]}"><title>{tip}</title></circle>'
            )
    return (
        f'<svg class="casereview-milestones__bar" viewBox="0 0 {width} 56" role="img" '
        f'aria-label="Review timeline, weeks 0 to {span}" xmlns="http://www.w3.org/2000/svg">'
        + "".join(parts)
        + "</svg>"
    )


def milestones_markdown(review: Review, today: date) -> str:
    """The review timeline as one raw-HTML block (no heading): a bar and a table.

    Empty when the ToR has no milestones. The block starts at column 0 and holds no
    blank line, so Python-Markdown passes it through whole.
    """
    milestones, decision = review_milestones(review)
    states = milestone_states(milestones, today)
    if not states:
        return ""
    return (
        '<div class="casereview-milestones casereview-no-number">\n'
        f"<figure>{timeline_svg(states, decision, today)}</figure>\n"
        f"{_table(states, decision)}\n</div>\n"
    )
