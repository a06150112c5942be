"""casereview new: documents made from templates pass check, carry guidance, never overwrite."""

from __future__ import annotations

import argparse
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml

from casereview.checks.run import check_paths
from casereview.cli import new as authoring
from project_paths import DEMO_CONTENT

SLUG = "westdale-child-k-2025"
TODAY = date(2025, 3, 1)
REQUIRED_IMR_SECTIONS = [
    "Author and statement of independence",
    "Introduction",
    "Terms of reference",
    "Methodology",
    "Family composition",
    "Agency involvement",
    "Analysis of involvement",
    "Diversity",
    "Lessons learned",
    "Recommendations",
    "References",
    "Sign-off",
]


def new(*argv: str) -> int:
    """Run ``casereview new ...`` through the parser the CLI builds with ``register``."""
    parser = argparse.ArgumentParser(prog="casereview")
    authoring.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["new", *argv])
    return authoring.cmd_new(args, today=TODAY)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty project with the shared glossary, as a board starts with."""
    (tmp_path / "content").mkdir()
    shutil.copy(DEMO_CONTENT / "glossary.yml", tmp_path / "content" / "glossary.yml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def frontmatter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


def review_folder(project: Path) -> Path:
    return project / "content" / "reviews" / SLUG


def test_new_review_passes_check_with_questions_and_timetable(project: Path) -> None:
    assert new("review", SLUG, "--decision-date", "2025-01-06") == 0
    folder = review_folder(project)
    assert check_paths([project / "content"]) == []
    tor = frontmatter(folder / "index.md")
    assert tor["review"]["subject"] == "Child K"
    assert [q["id"] for q in tor["questions"]] == [f"Q{n}" for n in range(1, 13)]
    due = {m["week"]: m["due"] for m in tor["milestones"]}
    assert due[0] == date(2025, 1, 6) and due[8] == date(2025, 3, 3) and due[26] == date(2025, 7, 7)
    key = yaml.safe_load((folder / "key.yml").read_text(encoding="utf-8"))
    assert key["entities"][0] == {
        "acronym": "Child K",
        "category": "family",
        "role": "Subject of the review",
        "subject": True,
        "sex": "unknown",
    }
    header = (folder / "chronology/template/chronology-template.csv").read_text().splitlines()[0]
    assert header.startswith("Date,Time,Agency,Type of event / document source,Person(s) involved")
    assert (folder / "imr/.gitkeep").is_file() and (folder / "action-plans/.gitkeep").is_file()


def test_adult_review_gets_the_adult_questions(project: Path) -> None:
    assert new("review", "northby-adult-b-2025", "--type", "safeguarding-adults-review") == 0
    tor = frontmatter(project / "content/reviews/northby-adult-b-2025/index.md")
    assert tor["review"]["subject"] == "Adult B" and tor["review"]["format"] == "adult-review"
    assert len(tor["questions"]) == 14 and "mental capacity" in tor["questions"][6]["text"]
    assert tor["milestones"][0]["due"] == TODAY
    assert check_paths([project / "content"]) == []


def test_new_imr_has_every_section_and_a_heading_per_question(project: Path) -> None:
    new("review", SLUG)
    assert new("imr", SLUG, "csc") == 0
    imr = review_folder(project) / "imr/csc.md"
    text = imr.read_text(encoding="utf-8")
    assert re.findall(r"^## (.+)$", text, re.M) == REQUIRED_IMR_SECTIONS
    assert re.findall(r"^### (Q\d+):", text, re.M) == [f"Q{n}" for n in range(1, 13)]
    sections = re.split(r"^##+ .+$", text, flags=re.M)[1:]
    assert all('!!! note "Guidance"' in s for s in sections), "every section tells the author what to write"
    meta = frontmatter(imr)
    assert meta["agency"] == "csc" and meta["subject"] == "Child K" and meta["commissioned"] == TODAY
    assert meta["recommendations"][0]["id"] == "CSC-R1"
    assert check_paths([project / "content"]) == []


def test_new_imr_uses_the_questions_the_panel_added(project: Path) -> None:
    new("review", SLUG)
    index = review_folder(project) / "index.md"
    index.write_text(
        index.read_text().replace(
            "milestones:",
            '  - id: Q13\n    text: "How did the agency respond to the missed health appointments?"\nmilestones:',
            1,
        )
    )
    new("imr", SLUG, "csc")
    text = (review_folder(project) / "imr/csc.md").read_text(encoding="utf-8")
    assert "### Q13: How did the agency respond to the missed health appointments" in text
    assert check_paths([project / "content"]) == []


def test_new_action_plan_has_one_action_per_recommendation(project: Path) -> None:
    new("review", SLUG)
    new("imr", SLUG, "csc")
    imr = review_folder(project) / "imr/csc.md"
    imr.write_text(
        imr.read_text().replace(
            "recommendations:\n",
            """recommendations:
  - id: CSC-R2
    recommendation: Audit supervision records.
    lead: Head of Quality Assurance
    timescale: 2025-12-31
""",
            1,
        )
    )
    assert new("action-plan", SLUG, "csc") == 0
    actions = frontmatter(review_folder(project) / "action-plans/csc.md")["actions"]
    assert [(a["recommendation"], a["owner"], a["target_date"]) for a in actions] == [
        ("CSC-R2", "Head of Quality Assurance", date(2025, 12, 31)),
        ("CSC-R1", "Job title of the lead officer", date(2025, 8, 30)),  # the last milestone
    ]
    assert check_paths([project / "content"]) == []


def test_action_plan_without_an_imr_has_no_actions_yet(project: Path) -> None:
    new("review", SLUG)
    assert new("action-plan", SLUG, "csc") == 0
    assert frontmatter(review_folder(project) / "action-plans/csc.md")["actions"] == []
    assert check_paths([project / "content"]) == []


@pytest.mark.parametrize("argv", [("review", SLUG), ("imr", SLUG, "csc"), ("action-plan", SLUG, "csc")])
def test_never_overwrites(project: Path, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...]) -> None:
    new("review", SLUG)
    if argv[0] != "review":
        new(*argv)
    target = {"review": "index.md", "imr": "imr/csc.md", "action-plan": "action-plans/csc.md"}[argv[0]]
    path = review_folder(project) / target
    path.write_text(path.read_text() + "\nMy own words.\n")
    capsys.readouterr()
    assert new(*argv) == 1
    assert "already exists; nothing was written" in capsys.readouterr().err
    assert path.read_text().endswith("My own words.\n")


def test_unknown_agency_is_refused_with_how_to_add_it(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    new("review", SLUG)
    capsys.readouterr()
    assert new("imr", SLUG, "police") == 1
    err = capsys.readouterr().err
    assert 'agency "police" is not listed under `agencies:`' in err and "(listed: csc)" in err
    assert "- id: police" in err
    assert not (review_folder(project) / "imr/police.md").exists()
    assert new("action-plan", SLUG, "police") == 1


def test_missing_review_is_refused(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert new("imr", "no-such-review-2025", "csc") == 1
    assert "casereview new review no-such-review-2025" in capsys.readouterr().err


@pytest.mark.parametrize(
    "slug", ["Westdale-Child-K", "westdale child k", "westdale_child_k", "westdale-", "westdale--k"]
)
def test_bad_slug_is_refused(project: Path, capsys: pytest.CaptureFixture[str], slug: str) -> None:
    assert new("review", slug) == 1
    assert "lower-case letters, digits and hyphens" in capsys.readouterr().err
    assert not (project / "content" / "reviews").exists()


def test_new_review_reminds_to_use_the_pseudonym(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    new("review", SLUG)
    assert "use the pseudonym and year" in capsys.readouterr().err


def test_names_with_quotes_and_colons_stay_valid_yaml(project: Path) -> None:
    assert (
        new("review", SLUG, "--board", 'St Aldhelm\'s "Safeguarding": Partnership', "--subject", "Young Person Y") == 0
    )
    review = frontmatter(review_folder(project) / "index.md")["review"]
    assert review["board"] == 'St Aldhelm\'s "Safeguarding": Partnership'
    assert review["title"] == "Serious Case Review: Young Person Y"
    assert check_paths([project / "content"]) == []
