"""review-sar, a second review in another format (adult SAR): `check` and `audit` report
exactly its planted defects, each once, and nothing else (tests/fixtures/review-sar)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from project_paths import DEMO_CONTENT
from review_scoring import Message, parse_messages, unique

FIXTURE = Path(__file__).parent / "fixtures" / "review-sar" / "dunmere-adult-m-2021"
SLUG = FIXTURE.name


def line_of(relative: str, text: str) -> int:
    """The file line that holds ``text``, read from the fixture (never from the output)."""
    lines = (FIXTURE / relative).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


def run(project: Path, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "casereview.cli.main", *args], cwd=project, capture_output=True, text=True, timeout=300
    )
    assert "internal error" not in done.stderr, done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def messages(tmp_path_factory: pytest.TempPathFactory) -> list[Message]:
    root = tmp_path_factory.mktemp("review-sar")
    shutil.copytree(DEMO_CONTENT, root / "content", ignore=shutil.ignore_patterns("reviews"))
    shutil.copytree(FIXTURE, root / "content" / "reviews" / SLUG)
    prefix = f"content/reviews/{SLUG}/"
    found = parse_messages(run(root, "check", f"content/reviews/{SLUG}"), prefix)
    return unique(found + parse_messages(run(root, "audit", SLUG), prefix))


def test_exactly_the_planted_defects_are_reported_once_each(messages: list[Message]) -> None:
    expected = [
        ("imr/asc.md", line_of("imr/asc.md", "the LPS,"), "error", '"LPS"'),
        ("imr/asc.md", line_of("imr/asc.md", "(Q3)"), "error", "Q4 is not answered"),
        ("imr/asc.md", line_of("imr/asc.md", "| R2 |"), "error", "names a person (SW1)"),
        ("imr/asc.md", line_of("imr/asc.md", "| R3 |"), "error", "R3 of imr/asc.md has no action"),
        ("key.yml", line_of("key.yml", "comment:"), "note", "`comment`"),
        ("key.yml", line_of("key.yml", "added_on:"), "note", "`added_on` is not a casereview field (4 entries)"),
    ]
    got = sorted((m.path, m.line, m.severity, m.text) for m in messages)
    assert len(got) == len(expected), "\n".join(map(str, messages))
    for (path, line, severity, words), message in zip(sorted(expected), got, strict=True):
        assert message[:3] == (path, line, severity) and words in message[3], message
