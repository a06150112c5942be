"""Shared fixtures: a small valid review written into tmp_path, and the demo's location."""

from __future__ import annotations

import os
import shutil
import textwrap
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from project_paths import DEMO_CONTENT

# In-process builds of the suite use MkDocs, whichever test happens to build first;
# tests/test_properdocs.py runs `casereview build` through ProperDocs in subprocesses.
os.environ.setdefault("CASEREVIEW_ENGINE", "mkdocs")


def write_tree(root: Path, files: Mapping[str, str | bytes]) -> Path:
    """Write ``{relative path: content}`` under ``root``; text is dedented."""
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
    return root


MINI_REVIEW: dict[str, str] = {
    "content/glossary.yml": """
        abbreviations:
          - abbr: GP
            expansion: General Practitioner
          - abbr: CSC
            expansion: Children's Social Care
          - abbr: IMR
            expansion: Individual Management Review
    """,
    "content/reviews/mini-2024/index.md": """
        ---
        type: terms-of-reference
        title: "Terms of Reference: Child A"
        status: approved
        version: "1.0"
        review:
          title: "Serious Case Review: Child A"
          type: serious-case-review
          board: Testshire Safeguarding Children Partnership
          subject: Child A
          period: {start: 2023-01-01, end: 2023-12-31}
          year: 2024
        agencies:
          - {id: csc, name: Testshire Children's Social Care}
        questions:
          - {id: Q1, text: "Were the child's wishes and feelings sought?"}
        ---
        # Terms of Reference

        The review looks at the work with Child A during 2023.
    """,
    "content/reviews/mini-2024/key.yml": """
        entities:
          - acronym: Child A
            category: family
            names: ["Poppy Fenwick-Lowe"]
            role: Subject of the review
            subject: true
            sex: female
          - acronym: Mother M
            category: family
            names: ["Grace Fenwick"]
            aliases: ["Gracie"]
            common_words: ["Grace"]
            role: Mother of Child A
            sex: female
            parent_of: [Child A]
          - acronym: Board Chair
            category: official
            names: ["Henrietta Calloway"]
            role: Independent chair of the board
            public: true
    """,
    "content/reviews/mini-2024/imr/csc.md": """
        ---
        type: imr
        title: IMR of Children's Social Care
        status: submitted
        version: "0.2"
        agency: csc
        subject: Child A
        author: {name: Jo Author, job_title: Head of Service}
        commissioned: 2024-02-01
        recommendations:
          - id: CSC-R1
            recommendation: Record the child's views at every visit.
            lead: Head of Service
            timescale: 2024-09-30
            rests_on: [views-missed]
        ---
        # IMR of Children's Social Care

        ## Analysis of involvement

        Poppy's views were not recorded by the social worker. {#views-missed}

        ## Recommendations

        See paragraph [](#views-missed).
    """,
    "content/reviews/mini-2024/action-plans/csc.md": """
        ---
        type: action-plan
        title: Action plan of Children's Social Care
        status: submitted
        version: "0.1"
        agency: csc
        actions:
          - id: CSC-A1
            recommendation: CSC-R1
            action: Add a mandatory field for the child's views.
            owner: Head of Service
            target_date: 2024-09-30
            status: in-progress
        ---
        # Action plan
    """,
    "content/reviews/mini-2024/executive-summary.md": """
        ---
        type: executive-summary
        title: "Executive summary: Child A"
        status: approved
        version: "1.0"
        publish: true
        ---
        # Executive summary

        ## The review

        Henrietta Calloway chaired the board. Child A lived with Mother M.
    """,
}


@pytest.fixture
def mini_project(tmp_path: Path) -> Path:
    """A project folder with a tiny but valid review under content/."""
    return write_tree(tmp_path, MINI_REVIEW)


@pytest.fixture
def demo_copy(tmp_path: Path) -> Path:
    """A throw-away copy of the bundled demo content (tests may break it)."""
    target = tmp_path / "content"
    shutil.copytree(DEMO_CONTENT, target)
    return target


@pytest.fixture
def tree(tmp_path: Path) -> Callable[[Mapping[str, str | bytes]], Path]:
    return lambda files: write_tree(tmp_path, files)
