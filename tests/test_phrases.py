"""The phrase finder finds what one case-insensitive alternation of the phrases as
written, longest first, would find: the slow way it replaced is the specification."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from casereview.anonymise.phrases import PhraseFinder

WORDS = ["child", "t", "multi-agency", "multi", "agency", "hub", "Tilly", "harper", "Dr", "o'rourke", "ß", "İstanbul"]


def alternation_spans(phrases: list[str], text: str) -> list[tuple[int, int]]:
    spelled = {" ".join(p.split()).casefold(): " ".join(p.split()) for p in phrases if p.split()}
    unique = sorted(spelled.values(), key=lambda p: (-len(p), p.casefold()))
    if not unique:
        return []
    alternatives = "|".join(r"\s+".join(map(re.escape, p.split())) for p in unique)
    pattern = re.compile(rf"(?<![\w\-])(?:{alternatives})(?:['\u2019]s?)?(?![\w\-])", re.IGNORECASE)
    return [m.span() for m in pattern.finditer(text)]


def test_finds_phrases_across_lines_and_case_with_possessive() -> None:
    finder = PhraseFinder(["Multi-Agency Safeguarding Hub", "Child T"])
    text = "The multi-agency\n   safeguarding HUB's log named child t, not Child Tom."
    found = [text[a:b] for a, b in finder.spans(text)]
    assert found == ["multi-agency\n   safeguarding HUB's", "child t"]


def test_longer_phrase_wins_over_a_shorter_one_starting_elsewhere_in_it() -> None:
    finder = PhraseFinder(["Health Visitor", "Visitor Centre", "Health Visitor Team"])
    text = "the Health Visitor Centre; the health visitor team"
    assert [text[a:b] for a, b in finder.spans(text)] == ["Health Visitor", "health visitor team"]


def test_no_phrases_finds_nothing() -> None:
    assert PhraseFinder([]).spans("Child T") == []


@settings(max_examples=1500, deadline=None)
@given(
    phrases=st.lists(st.lists(st.sampled_from(WORDS), min_size=1, max_size=3).map(" ".join), max_size=6),
    pieces=st.lists(
        st.sampled_from([*WORDS, "the", "-", "'s", "'", "\u2019s", "S", "_", " ", " ", "\n", "  ", ",", "x"]),
        max_size=40,
    ),
)
def test_same_spans_as_the_alternation(phrases: list[str], pieces: list[str]) -> None:
    text = "".join(pieces)  # words glued to possessives, hyphens and each other, or spaced
    assert PhraseFinder(phrases).spans(text) == alternation_spans(phrases, text)
