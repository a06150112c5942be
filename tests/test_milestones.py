"""The review timeline: milestone states on a fixed day, and the block for the ToR page."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import markdown
import pytest

from casereview.checks.milestones import milestone_states, milestones_markdown, review_milestones, state_on
from casereview.render.markdown import MARKDOWN_EXTENSIONS
from casereview.render.numbering import number_paragraphs
from casereview.sources.review import Review, load_review
from project_paths import DEMO_REVIEW

TODAY = date(2024, 3, 1)  # a Friday in week 7 of the demo review (decision 8 January 2024)


@pytest.fixture(scope="module")
def demo() -> Review:
    """The demo review as it stood part-way through: its milestones without done dates."""
    review = load_review(DEMO_REVIEW)
    for milestone in review.tor.meta["milestones"]:
        milestone.pop("done", None)
    return review


def test_the_finished_demo_review_shows_every_milestone_done() -> None:
    milestones, _ = review_milestones(load_review(DEMO_REVIEW))
    assert {s.state for s in milestone_states(milestones, TODAY)} == {"done"}


@pytest.mark.parametrize(
    ("due_in_days", "expected"),
    [
        (-30, "overdue"),
        (-1, "overdue"),  # yesterday
        (0, "due-soon"),  # today is not yet late
        (1, "due-soon"),
        (14, "due-soon"),  # the last day of the fortnight
        (15, "upcoming"),
        (90, "upcoming"),
    ],
)
def test_the_state_follows_the_due_date(due_in_days: int, expected: str) -> None:
    assert state_on(TODAY + timedelta(days=due_in_days), None, TODAY) == expected


@pytest.mark.parametrize("due_in_days", [-30, 0, 30])
def test_a_done_date_means_done_whatever_the_due_date(due_in_days: int) -> None:
    assert state_on(TODAY + timedelta(days=due_in_days), date(2024, 1, 20), TODAY) == "done"


def test_milestone_states_reads_the_frontmatter_shape() -> None:
    milestones = [
        {"id": "M3", "name": "Later", "week": 12, "due": "2024-04-01"},
        {"id": "M1", "name": "Decision", "week": 0, "due": date(2024, 1, 8), "done": date(2024, 1, 8)},
        {"id": "M2", "name": "Late", "week": 6, "due": date(2024, 2, 19)},
        {"id": "M4", "name": "Soon", "week": 8, "due": date(2024, 3, 4)},
        {"id": "MX", "name": "No due date"},
    ]
    states = milestone_states(milestones, TODAY)
    assert [(s.id, s.state) for s in states] == [
        ("M1", "done"),
        ("M2", "overdue"),
        ("M4", "due-soon"),
        ("M3", "upcoming"),
    ]
    assert [s.label for s in states] == [
        "done on 8 January 2024",
        "overdue by 11 days",
        "due soon in 3 days",
        "upcoming in 31 days",
    ]


def test_the_demo_timeline_on_a_fixed_day(demo: Review) -> None:
    milestones, decision = review_milestones(demo)
    assert decision == date(2024, 1, 8) and len(milestones) == 15
    states = {s.id: s.state for s in milestone_states(milestones, TODAY)}
    # M4 was due 19 February, M5 on 4 March, M6 on 11 March (10 days), M7 on 1 April (31 days).
    assert states["M4"] == "overdue"
    assert states["M5"] == states["M6"] == "due-soon"
    assert states["M7"] == states["M15"] == "upcoming"


def test_the_block_is_a_table_with_a_row_and_state_class_per_milestone(demo: Review) -> None:
    block = milestones_markdown(demo, TODAY)
    assert not block.lstrip().startswith("#") and block.startswith("<div")
    assert "\n\n" not in block.strip()  # one raw-HTML block for Python-Markdown
    html = markdown.markdown("## Review timeline\n\n" + block, extensions=MARKDOWN_EXTENSIONS)
    rows = re.findall(r'<tr class="milestone-([a-z-]+)"><td>(\d*)</td><td>([^<]*)</td><td>([^<]*)</td>', html)
    assert len(rows) == 15
    assert rows[0] == ("overdue", "0", "8 January 2024", "Decision of the ESCP chair to conduct a SCR")
    assert rows[4][:3] == ("due-soon", "8", "4 March 2024")
    assert rows[-1][:3] == ("upcoming", "26", "8 July 2024")
    assert '<span class="milestone-state milestone-state-due-soon">due soon</span>' in html
    assert "data-para" not in number_paragraphs(html).html  # the block adds no numbered paragraph


def test_the_bar_places_today_between_the_milestones_around_it(demo: Review) -> None:
    svg = milestones_markdown(demo, TODAY)
    markers = re.findall(r'<circle class="milestone-[a-z-]+" cx="([\d.]+)"', svg)
    today = re.search(r'<line class="milestone-today" x1="([\d.]+)"', svg)
    assert len(markers) == 15 and today is not None
    week_6, week_8 = float(markers[3]), float(markers[4])  # M4 (week 6) and M5 (week 8)
    assert week_6 < float(today.group(1)) < week_8


def test_weeks_missing_from_the_tor_come_from_the_decision_date(demo: Review) -> None:
    milestones = [{"id": "M9", "name": "Report", "due": date(2024, 5, 13)}]  # 18 weeks after 8 January
    review = replace(demo, tor=replace(demo.tor, meta={**demo.tor.meta, "milestones": milestones}))
    html = milestones_markdown(review, TODAY)
    assert '<tr class="milestone-upcoming"><td>18</td><td>13 May 2024</td>' in html


def test_no_milestones_give_no_block(mini_project: Path) -> None:
    review = load_review(mini_project / "content" / "reviews" / "mini-2024")
    assert milestones_markdown(review, TODAY) == ""
