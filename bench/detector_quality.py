"""Precision and recall of the unkeyed-identifier detector on hand-labelled text.

The detector (``casereview.checks.detect``) reports names and identifiers that a review's key
does not cover. It must catch them (recall) without blocking clean documents with
false alarms (precision). This measures both on ``tests/fixtures/detector/
sentences.yml``, sentences written and labelled by hand for this purpose:

* a *reported* candidate is right when its text overlaps an expected identifier;
* precision = right candidates / all candidates; recall = expected identifiers
  found / all expected identifiers.

Run: ``.venv/bin/python bench/detector_quality.py`` (the test suite asserts the
floors in ``tests/test_detector_quality.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from casereview.checks.detect import find_unkeyed

SENTENCES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "detector" / "sentences.yml"


@dataclass(frozen=True)
class Score:
    candidates: int
    right: int
    expected: int
    found: int
    false_alarms: list[str]
    missed: list[str]

    @property
    def precision(self) -> float:
        return self.right / self.candidates if self.candidates else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 1.0


def score(path: Path = SENTENCES) -> Score:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    candidates = right = expected = found = 0
    false_alarms: list[str] = []
    missed: list[str] = []
    for sentence in data["sentences"]:
        text, wanted = sentence["text"], list(sentence["expect"])
        spans = [(text.index(item), text.index(item) + len(item)) for item in wanted]
        reported = find_unkeyed(text, known_names=data["known_names"], known_terms=data["known_terms"], allow=[])
        hits = set()
        for candidate in reported:
            line_start = 0
            start = line_start + candidate.column - 1
            end = start + len(candidate.text)
            overlapping = [i for i, (s, e) in enumerate(spans) if start < e and s < end]
            candidates += 1
            if overlapping:
                right += 1
                hits.update(overlapping)
            else:
                false_alarms.append(f"{candidate.masked} in: {text}")
        expected += len(wanted)
        found += len(hits)
        missed += [f"{wanted[i]!r} in: {text}" for i in range(len(wanted)) if i not in hits]
    return Score(candidates, right, expected, found, false_alarms, missed)


def main() -> None:
    result = score()
    print(f"sentences: {SENTENCES.relative_to(Path.cwd()) if SENTENCES.is_relative_to(Path.cwd()) else SENTENCES}")
    print(f"precision {result.precision:.2f} ({result.right}/{result.candidates} candidates right)")
    print(f"recall    {result.recall:.2f} ({result.found}/{result.expected} identifiers found)")
    for line in result.false_alarms:
        print(f"  false alarm: {line}")
    for line in result.missed:
        print(f"  missed: {line}")


if __name__ == "__main__":
    main()
