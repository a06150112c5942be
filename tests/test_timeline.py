"""The timeline of the composite chronology: lanes, markers, axis, and nothing sensitive."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date, time

import pytest

from casereview.chronology import ChronologyEntry, EventDate, MergedEntry
from casereview.chronology.composite import composite
from casereview.chronology.timeline import LABEL_WIDTH, timeline_svg
from casereview.sources.review import load_review
from project_paths import DEMO_REVIEW

SVG = "{http://www.w3.org/2000/svg}"
AGENCIES = [("csc", "CSC"), ("police", "Police"), ("health", "Health"), ("education", "Education")]


@pytest.fixture(scope="module")
def demo() -> tuple[list[MergedEntry], list[tuple[str, str]]]:
    review = load_review(DEMO_REVIEW)
    merged, errors = composite(review)
    assert not errors
    agencies = [(str(a["id"]), str(a["acronym"])) for a in review.tor.meta["agencies"]]
    return merged, agencies


def item(
    agency: str,
    day: date,
    *,
    seen: bool | None = None,
    alone: bool | None = None,
    precision: str = "day",
    summary: str = "Summary text",
    event_type: str = "Home visit",
    at: time | None = None,
) -> MergedEntry:
    when = EventDate(day, precision, original=day.strftime("%d.%m.%Y"))  # type: ignore[arg-type]
    return MergedEntry(
        ChronologyEntry(
            agency,
            f"{agency}.csv",
            2,
            when,
            summary,
            time=at,
            event_type=event_type,
            child_seen=seen,
            seen_alone=alone,
        )
    )


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def groups(root: ET.Element, css_class: str) -> list[ET.Element]:
    return [g for g in root.iter(f"{SVG}g") if css_class in (g.get("class") or "").split()]


def test_demo_timeline_has_one_lane_per_agency_in_order(demo) -> None:
    merged, agencies = demo
    root = parse(timeline_svg(merged, agencies, subject_acronym="Child T"))
    lanes = groups(root, "casereview-timeline__lane")
    assert [lane.get("data-agency") for lane in lanes] == ["csc", "police", "health", "education"]
    assert [lane.find(f"{SVG}text").text for lane in lanes] == [
        "CSC",
        "Police",
        "Health",
        "Education",
    ]


def test_demo_timeline_has_one_marker_per_entry_and_marks_seen_and_alone(demo) -> None:
    merged, agencies = demo
    root = parse(timeline_svg(merged, agencies, subject_acronym="Child T"))
    entries = groups(root, "casereview-timeline__entry")
    assert len(entries) == len(merged) == 67
    seen = [e for e in entries if "seen" in e.get("class").split()]
    assert len(seen) == sum(1 for m in merged if m.entry.child_seen is True)
    alone = [e for e in entries if "alone" in e.get("class").split()]
    assert len(alone) == sum(1 for m in merged if m.entry.child_seen and m.entry.seen_alone)
    # Seen entries are drawn as a filled diamond, the others as a hollow circle.
    assert all(e.find(f"{SVG}path") is not None for e in seen)
    assert all(e.find(f"{SVG}circle").get("fill") == "#ffffff" for e in entries if e not in seen)
    # Seen alone adds a ring around the diamond.
    assert all(e.find(f"{SVG}circle").get("fill") == "none" for e in alone)


def test_demo_timeline_keeps_the_entries_text_out(demo) -> None:
    merged, agencies = demo
    svg = timeline_svg(merged, agencies, subject_acronym="Child T")
    for m in merged:
        for text in (m.entry.summary, m.entry.decisions, m.entry.issues):
            assert not text or text not in svg
    root = parse(svg)
    assert root.find(f"{SVG}title").text == "Timeline of the composite chronology of Child T"
    assert "67 entries" in root.find(f"{SVG}desc").text
    tooltip = groups(root, "casereview-timeline__entry")[0].find(f"{SVG}title").text
    first = merged[0].entry
    assert first.event_date.original in tooltip and first.event_type in tooltip


def test_output_is_deterministic(demo) -> None:
    merged, agencies = demo
    first = timeline_svg(merged, agencies, subject_acronym="Child T")
    assert timeline_svg(list(merged), list(agencies), subject_acronym="Child T") == first


def test_axis_runs_from_the_first_month_to_the_last_with_a_line_per_month() -> None:
    merged = [
        item("csc", date(2023, 1, 1)),
        item("csc", date(2023, 2, 15)),
        item("csc", date(2023, 3, 31)),
    ]
    root = parse(timeline_svg(merged, [("csc", "CSC")], subject_acronym=None))
    gridlines = [line for line in root.iter(f"{SVG}line") if line.get("y1") != line.get("y2")]
    xs = [float(line.get("x1")) for line in gridlines]
    assert len(xs) == 4  # 1 Jan, 1 Feb, 1 Mar, 1 Apr
    assert xs == sorted(xs) and xs[0] == LABEL_WIDTH
    labels = [t.text for t in root.iter(f"{SVG}text")]
    assert "Jan 2023" in labels and "Feb" in labels and "Mar" in labels
    markers = [g.find(f"{SVG}circle") for g in groups(root, "casereview-timeline__entry")]
    cx = [float(c.get("cx")) for c in markers]
    assert cx[0] == xs[0]  # 1 January sits on the January line
    assert xs[1] < cx[1] < xs[2] < cx[2] < xs[3]


def test_a_date_known_to_the_month_gets_a_bar_over_the_month() -> None:
    merged = [item("csc", date(2023, 1, 10)), item("csc", date(2023, 3, 1), precision="month")]
    root = parse(timeline_svg(merged, [("csc", "CSC")], subject_acronym=None))
    month_entry = groups(root, "casereview-timeline__entry")[1]
    bar = month_entry.find(f"{SVG}line")
    assert bar is not None and float(bar.get("x2")) > float(bar.get("x1"))
    assert groups(root, "casereview-timeline__entry")[0].find(f"{SVG}line") is None


def test_entries_of_an_agency_not_listed_get_their_own_lane() -> None:
    merged = [item("csc", date(2023, 1, 10)), item("Probation", date(2023, 2, 1))]
    root = parse(timeline_svg(merged, [("csc", "CSC")], subject_acronym=None))
    assert [g.get("data-agency") for g in groups(root, "casereview-timeline__lane")] == [
        "csc",
        "Probation",
    ]


def test_same_day_entries_of_one_agency_do_not_overlap() -> None:
    merged = [
        item("csc", date(2023, 1, 10), at=time(9)),
        item("csc", date(2023, 1, 10), at=time(10)),
    ]
    root = parse(timeline_svg(merged, [("csc", "CSC")], subject_acronym=None))
    ys = [g.find(f"{SVG}circle").get("cy") for g in groups(root, "casereview-timeline__entry")]
    assert ys[0] != ys[1]


def test_markup_in_labels_and_event_types_is_escaped() -> None:
    merged = [item("a&b", date(2023, 1, 10), event_type='<script>"x"</script>')]
    svg = timeline_svg(merged, [("a&b", "A & B <agency>")], subject_acronym="Child <T>")
    root = parse(svg)
    assert "<script>" not in svg
    assert [g.find(f"{SVG}text").text for g in groups(root, "casereview-timeline__lane")] == ["A & B <agency>"]


def test_no_entries_still_gives_a_valid_drawing() -> None:
    root = parse(timeline_svg([], [("csc", "CSC")], subject_acronym=None))
    assert root.find(f"{SVG}desc").text == "The composite chronology has no entries."
    assert groups(root, "casereview-timeline__entry") == []


def test_an_undated_entry_is_not_drawn_but_counted() -> None:
    undated = MergedEntry(ChronologyEntry("csc", "csc.csv", 3, EventDate(date.max, "unknown", original="?"), "x"))
    root = parse(timeline_svg([item("csc", date(2023, 3, 1)), undated], AGENCIES, subject_acronym="Child T"))
    desc = root.find(f"{SVG}desc").text
    assert desc.startswith("1 entries from 1 Mar 2023 to 1 Mar 2023")
    assert desc.endswith("1 entry has a date that could not be read and is not drawn.")
