"""Frontmatter as typed records (issue 18): dates read once, as dates, in one place;
an author's own fields kept; a document with a bad date still loads."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from datetime import date, datetime
from pathlib import Path

import pytest
import yaml

from casereview.sources.dates import parse_date
from casereview.sources.documents import SourceDocument, read_markdown
from casereview.sources.records import document_meta
from casereview.sources.review import load_markdown, load_review
from project_paths import DEMO_REVIEW

IMR = """\
type: imr
title: "Individual Management Review: CSC"
status: draft
version: "0.3"
agency: csc
subject: Child T
author:
  name: A Author
  job_title: Head of Quality Assurance
commissioned: 2024-01-15
completed: {completed}
records_secured: 2023-11-28
sign_off:
  name: A Director
  designation: Director of Children's Services
  date: 2024-03-28
"""


def write_imr(tmp_path: Path, completed: str = "2024-03-27", extra: str = "") -> Path:
    path = tmp_path / "csc.md"
    path.write_text(f"---\n{IMR.format(completed=completed)}{extra}---\n# CSC\n\nText.\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2024, 1, 5), date(2024, 1, 5)),
        (datetime(2024, 1, 5, 14, 30), date(2024, 1, 5)),  # a timestamp's day
        ("2024-01-05", date(2024, 1, 5)),
        (" 2024-01-05 ", date(2024, 1, 5)),
        ("2024-02-29", date(2024, 2, 29)),
        ("2023-02-29", None),  # not a real day
        ("2024-02-30", None),
        ("31/01/2024", None),  # the schemas ask for YYYY-MM-DD; check reports this one
        ("2024-1-5", None),
        ("", None),
        (None, None),
        (True, None),
        (20240105, None),
        (["2024-01-05"], None),
    ],
)
def test_one_reading_of_a_frontmatter_date(value: object, expected: date | None) -> None:
    assert parse_date(value) == expected


def test_an_imr_gives_its_dates_as_dates(tmp_path: Path) -> None:
    doc, findings = load_markdown(write_imr(tmp_path))
    assert doc is not None and findings == []
    record = doc.record
    assert (record.type, record.status, record.version, record.agency) == ("imr", "draft", "0.3", "csc")
    assert record.author is not None and record.author.role == "Head of Quality Assurance"
    assert (record.commissioned, record.completed, record.records_secured) == (
        date(2024, 1, 15),
        date(2024, 3, 27),
        date(2023, 11, 28),
    )
    assert record.sign_off is not None and record.sign_off.date == date(2024, 3, 28)
    assert record.review is None and record.milestones == ()
    assert record.extra == {}


def test_an_authors_own_fields_are_kept_in_extra(tmp_path: Path) -> None:
    extra = "reviewer_notes: second reading by the panel\npanel_meeting: 2024-04-02\n"
    doc, findings = load_markdown(write_imr(tmp_path, extra=extra))
    assert doc is not None
    assert dict(doc.record.extra) == {"reviewer_notes": "second reading by the panel", "panel_meeting": "2024-04-02"}
    assert doc.meta["reviewer_notes"] == "second reading by the panel"  # the mapping as written, untouched
    # the check still names an unknown field, as before records existed
    assert findings and {f.field for f in findings} <= {"reviewer_notes", "panel_meeting"}


def test_a_date_that_is_not_a_day_reads_as_none_and_the_document_still_loads(tmp_path: Path) -> None:
    write_imr(tmp_path, completed="2024-02-30")
    review = load_review(tmp_path)
    [doc] = review.documents
    assert doc.record.completed is None
    assert doc.record.commissioned == date(2024, 1, 15)  # the other dates are still read
    assert [(f.field, "not a real date" in f.message) for f in review.findings] == [("completed", True)]


def test_a_yaml_date_and_a_date_written_as_text_give_the_same_record(tmp_path: Path) -> None:
    """MkDocs' own YAML loader gives date objects, casereview's keeps the text: a page's
    front sheet and a check must read the same dates either way."""
    doc, _ = read_markdown(write_imr(tmp_path), "csc.md")
    assert doc is not None and doc.meta["completed"] == "2024-03-27"
    as_mkdocs_reads_it = yaml.safe_load(IMR.format(completed="2024-03-27"))
    assert as_mkdocs_reads_it["completed"] == date(2024, 3, 27)
    assert document_meta(as_mkdocs_reads_it) == doc.record


def test_the_terms_of_reference_give_period_decision_and_milestones_as_dates() -> None:
    tor = load_review(DEMO_REVIEW).tor
    assert tor is not None
    review = tor.record.review
    assert review is not None
    assert review.period == (date(2022, 9, 1), date(2023, 11, 30))
    assert review.decision_date == date(2024, 1, 8)
    assert review.type == "serious-case-review" and "neglect" in review.themes
    assert [a.id for a in tor.record.agencies] == ["csc", "police", "health", "education"]
    first = tor.record.milestones[0]
    assert (first.week, first.due) == (0, date(2024, 1, 8))
    assert all(isinstance(m.due, date) for m in tor.record.milestones)


def test_a_record_tolerates_every_shape_the_schema_refuses() -> None:
    record = document_meta(
        {
            "title": ["not", "text"],
            "publish": "yes",
            "author": {"name": {"nested": 1}},
            "sign_off": ["A Director"],
            "review": {"period": "2022 to 2023", "year": "2024", "themes": "neglect", "decision_date": 8},
            "agencies": [1, {"id": 3, "imr": "no", "contact": "duty desk"}],
            "milestones": [{"name": "Panel", "week": True, "due": "next week", "owner": "chair"}, "M2"],
        }
    )
    assert (record.title, record.publish, record.sign_off, record.type) == (None, None, None, None)
    assert record.author is not None and record.author.name is None
    assert record.review is not None
    assert (record.review.period, record.review.year, record.review.themes, record.review.decision_date) == (
        None,
        None,
        (),
        None,
    )
    [agency] = record.agencies
    assert (agency.id, agency.imr, dict(agency.extra)) == ("3", None, {"contact": "duty desk"})
    [milestone] = record.milestones
    assert (milestone.name, milestone.week, milestone.due, dict(milestone.extra)) == (
        "Panel",
        None,
        None,
        {"owner": "chair"},
    )
    assert document_meta(None) == document_meta({})


def test_records_are_frozen(tmp_path: Path) -> None:
    doc, _ = load_markdown(write_imr(tmp_path, extra="reviewer_notes: x\n"))
    assert isinstance(doc, SourceDocument)
    with pytest.raises(dataclasses.FrozenInstanceError):
        doc.record.completed = date(2025, 1, 1)  # type: ignore[misc]
    with pytest.raises(TypeError):
        doc.record.extra["reviewer_notes"] = "changed"  # type: ignore[index]
    # a worker process gets the same record (checks of several reviews run in a pool)
    assert pickle.loads(pickle.dumps(doc.record)) == doc.record
    assert copy.deepcopy(doc.record).extra == {"reviewer_notes": "x"}


def test_a_document_copied_with_new_frontmatter_gets_a_new_record(tmp_path: Path) -> None:
    doc, _ = load_markdown(write_imr(tmp_path))
    assert doc is not None
    copy = dataclasses.replace(doc, meta={**doc.meta, "completed": "2024-04-01"})
    assert copy.record.completed == date(2024, 4, 1) and doc.record.completed == date(2024, 3, 27)
