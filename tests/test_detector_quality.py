"""The unkeyed-identifier detector on hand-labelled sentences: the floors the README
quotes. The sentences were written and labelled by hand (tests/fixtures/detector/)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1] / "bench" / "detector_quality.py"
spec = importlib.util.spec_from_file_location("detector_quality", BENCH)
assert spec is not None and spec.loader is not None
detector_quality = importlib.util.module_from_spec(spec)
sys.modules["detector_quality"] = detector_quality  # dataclasses look their module up
spec.loader.exec_module(detector_quality)


def test_precision_and_recall_on_the_labelled_sentences() -> None:
    result = detector_quality.score()
    assert result.expected >= 25 and result.candidates >= 20  # the set is not trivial
    assert result.precision >= 0.95, result.false_alarms
    assert result.recall >= 0.95, result.missed


def test_the_scorer_counts_a_false_alarm_and_a_miss(tmp_path: Path) -> None:
    """The measure itself: a sentence labelled wrongly on purpose costs both figures."""
    (tmp_path / "s.yml").write_text(
        'known_names: []\nknown_terms: []\nsentences:\n'
        '  - {text: "Jordan Fairley visited.", expect: []}\n'
        '  - {text: "The Family Court sat.", expect: ["Family Court"]}\n',
        encoding="utf-8",
    )
    result = detector_quality.score(tmp_path / "s.yml")
    assert (result.candidates, result.right, result.expected, result.found) == (1, 0, 1, 0)
