"""review-sar, a second review in another format (adult SAR): `check` and `audit` report
exactly its planted defects, each once, and nothing else (tests/fixtures/review-sar)."""

from __future__ import annotations

from pathlib import Path

import pytest

from review_scoring import Message, PracticeReview, unique

FIXTURE = Path(__file__).parent / "fixtures" / "review-sar" / "dunmere-adult-m-2021"
SLUG = FIXTURE.name


def line_of(relative: str, text: str) -> int:
    """The file line that holds ``text``, read from the fixture (never from the output)."""
    lines = (FIXTURE / relative).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


@pytest.fixture(scope="module")
def messages(tmp_path_factory: pytest.TempPathFactory) -> list[Message]:
    review = PracticeReview.copy(tmp_path_factory.mktemp("review-sar"), FIXTURE)
    return unique(review.check_messages() + review.audit_messages())


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
