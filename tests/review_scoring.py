"""Score `casereview check` and `audit` messages against a practice review's DEFECTS.md,
and run a practice review as a user would (:class:`PracticeReview`).

The sheet is parsed, not copied: each item's id, its kind (R: must be reported, B:
behaviour, trap: must not be reported) and every location written in it
(`path`:LINE, `path`:LINE (record row N), `csc.xlsx` row N, `x.yml` entry N, line L).
What the sheet says only in prose — which words make a message "the same problem" —
is the small table :data:`PROBLEM_WORDS` (and :data:`TOLERATED` for its section D).
A message reports an item when it names a file of the item, a line within one of a
location of that file (or no line, where the sheet accepts a file-level finding), and
the problem's words.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from casereview.sources.review import Review, load_glossary, load_review
from project_paths import DEMO_CONTENT

MESSAGE = re.compile(r"^(?P<path>[^\s:][^:]*?)(?::(?P<line>\d+))?(?::\d+)?: (?P<severity>error|warning|note): (?P<text>.*)$")
ITEM = re.compile(r"^\*\*(?P<id>[AB]\d+)(?: \((?P<kind>[RB])[^)]*\))?(?: – (?P<title>[\s\S]*?))?\*\*", re.MULTILINE)
LINE_LOCATION = re.compile(r"`(?P<path>[^`]+)`:(?P<line>\d+)(?: \(record row (?P<record>\d+)\))?")
SHEET_LOCATION = re.compile(r"`(?P<path>[^`]+\.xlsx)` row (?P<row>\d+)")
ENTRY_LOCATION = re.compile(r"`(?P<path>[^`]+\.ya?ml)` entry (?P<entry>\d+), line (?P<line>\d+)")

#: Item id -> (words a message about that problem contains, file-level finding accepted).
PROBLEM_WORDS: dict[str, tuple[str, bool]] = {
    "A1": (r"(?i)divers", True),
    "A2": (r"\bQ7\b", True),
    "A3": (r"(?i)\blead\b|job title|names a person", False),
    "A4": (r"(?i)recommendation\D{0,20}\b4\b", True),
    "A5": (r"\bSALT\b", False),
    "A6": (r"\bLCS\b", False),
    "A7": (r"\bENT\b", False),
    "A8": (r"\bTAF\b", False),
    "A9": (r"(?i)period", False),
    "A10": (r"(?i)date", False),
    "A11": (r"(?i)duplicate", False),
    "A12": (r"(?i)name", False),
    "A13": (r"(?i)name", False),
    "A14": (r"(?i)name", False),
    "A15": (r"(?i)name", False),
    "A16": (r"(?i)name", False),
    "A17": (r"Mr G", False),
    "A18": (r"Estate 1", False),
}

#: Section D: messages neither credited nor counted as false alarms (path regex, severities, words).
TOLERATED: list[tuple[str, frozenset[str], str]] = [
    (r".*", frozenset({"warning", "note"}), r'first use of "(?:NHS|Ofsted)"'),
    (r"^(?!.*(?:executive-summary|synopsis|overview-report)\.md).*", frozenset({"warning", "note"}), r"date of birth"),
    (r"key\.yml$", frozenset({"warning", "note"}), r"\b(?:notes|date_added|changed_by)\b"),
    (r"key\.yml$", frozenset({"note"}), r"Neighbour 1.*family|family.*Neighbour 1"),
    (r".*", frozenset({"note"}), r"(?i)approximate|part of the day|serial"),
]

#: Items about the chronology readers and dates (another part of the work): scored and
#: printed like every other item, but listed so a shortfall can be attributed.
CHRONOLOGY_ITEMS = frozenset({"A9", "A10", "A11", "A12", "A13", "A14", "A15", "A16", "A19", "A20", "A21", "A22"})


@dataclass(frozen=True)
class Message:
    path: str  # relative to the review folder
    line: int | None
    severity: str
    text: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.severity}: {self.text}"


@dataclass
class Item:
    id: str
    kind: str  # "R", "B" (behaviour) or "trap"
    text: str
    locations: dict[str, set[int]] = field(default_factory=dict)

    def add(self, path: str, *lines: int) -> None:
        self.locations.setdefault(path, set()).update(lines)

    def near(self, message: Message, file_level: bool) -> bool:
        lines = self.locations.get(message.path)
        if lines is None:
            return False
        if message.line is None:
            return file_level
        return any(abs(message.line - line) <= 1 for line in lines)


def parse_sheet(sheet: str) -> list[Item]:
    """Every item of sections A and B with its locations."""
    body = sheet.split("## C.", 1)[0]
    starts = list(ITEM.finditer(body))
    items = []
    for index, match in enumerate(starts):
        end = starts[index + 1].start() if index + 1 < len(starts) else len(body)
        text = body[match.start() : end]
        kind = "trap" if match["id"].startswith("B") else match["kind"]
        item = Item(match["id"], kind, text)
        for loc in LINE_LOCATION.finditer(text):
            lines = [int(loc["line"])] + ([int(loc["record"])] if loc["record"] else [])
            item.add(loc["path"], *lines)
        for loc in SHEET_LOCATION.finditer(text):
            item.add(loc["path"], int(loc["row"]))
        for loc in ENTRY_LOCATION.finditer(text):
            item.add(loc["path"], int(loc["line"]), int(loc["entry"]))
        items.append(item)
    return items


def parse_messages(output: str, review_prefix: str) -> list[Message]:
    """Finding lines of a command's output, paths made relative to the review folder."""
    found = []
    for raw in output.splitlines():
        match = MESSAGE.match(raw.strip())
        if match is None or not match["path"].startswith(review_prefix):
            continue
        line = int(match["line"]) if match["line"] else None
        found.append(Message(match["path"][len(review_prefix) :], line, match["severity"], match["text"]))
    return found


@dataclass
class Score:
    messages: list[Message]
    reported: dict[str, list[Message]]
    missed: list[str]
    traps_hit: dict[str, list[Message]]
    tolerated: list[Message]
    false_alarms: list[Message]
    planted: int

    @property
    def false_alarm_share(self) -> float:
        return len(self.false_alarms) / len(self.messages) if self.messages else 0.0

    def summary(self) -> str:
        lines = [
            f"planted R defects reported: {len(self.reported)} of {self.planted}"
            f" (missed: {', '.join(self.missed) or 'none'})",
            f"traps reported: {len(self.traps_hit)} ({', '.join(sorted(self.traps_hit)) or 'none'})",
            f"messages: {len(self.messages)}, tolerated {len(self.tolerated)}, false alarms "
            f"{len(self.false_alarms)} ({self.false_alarm_share:.0%})",
        ]
        lines += [f"  trap {item}: {m}" for item, ms in sorted(self.traps_hit.items()) for m in ms]
        lines += [f"  false alarm: {m}" for m in self.false_alarms]
        return "\n".join(lines)


Tolerated = list[tuple[str, frozenset[str], str]]


def _tolerated(message: Message, tolerated: Tolerated) -> bool:
    return any(
        re.search(path, message.path) and message.severity in severities and re.search(words, message.text)
        for path, severities, words in tolerated
    )


def score(
    items: list[Item],
    messages: list[Message],
    problem_words: dict[str, tuple[str, bool]] | None = None,
    tolerated_entries: Tolerated | None = None,
) -> Score:
    """Score against a sheet; ``problem_words`` and ``tolerated_entries`` are that sheet's
    (review-c's :data:`PROBLEM_WORDS` and :data:`TOLERATED` by default)."""
    problem_words = PROBLEM_WORDS if problem_words is None else problem_words
    tolerated_entries = TOLERATED if tolerated_entries is None else tolerated_entries
    planted = [i for i in items if i.kind == "R"]
    reported: dict[str, list[Message]] = {}
    credited: set[int] = set()
    for item in planted:
        words, file_level = problem_words[item.id]
        hits = [m for m in messages if item.near(m, file_level) and re.search(words, m.text)]
        if hits:
            reported[item.id] = hits
            credited |= {id(m) for m in hits}
    tolerated = [m for m in messages if id(m) not in credited and _tolerated(m, tolerated_entries)]
    spare = {id(m) for m in tolerated} | credited
    traps_hit: dict[str, list[Message]] = {}
    for item in items:
        if item.kind == "R":
            continue
        note_allowed = "note" in item.text or item.kind == "B"
        hits = [
            m
            for m in messages
            if id(m) not in spare and item.near(m, False) and not (note_allowed and m.severity == "note")
        ]
        if hits:
            traps_hit[item.id] = hits
    false_alarms = [m for m in messages if id(m) not in spare]
    missed = [i.id for i in planted if i.id not in reported]
    return Score(messages, reported, missed, traps_hit, tolerated, false_alarms, len(planted))


def unique(messages: list[Message]) -> list[Message]:
    """One message per fact: the same file, line and words from two commands count once."""
    seen: dict[tuple[str, int | None, str], Message] = {}
    for message in messages:
        seen.setdefault((message.path, message.line, message.text), message)
    return list(seen.values())


def review_prefix(project: Path, review: Path) -> str:
    return review.relative_to(project).as_posix() + "/"


@dataclass(frozen=True)
class PracticeReview:
    """A practice review copied, unchanged, into a scratch project beside the demo's
    shared content (glossary, guide), and run as a user would: the ``casereview``
    command in a subprocess, as of the day its sheet was written."""

    project: Path
    slug: str
    as_of: datetime | None  # None: as of today

    @classmethod
    def copy(cls, root: Path, review: Path, as_of: datetime | None = None) -> PracticeReview:
        """``review``: the practice review's folder, copied under its own name."""
        shutil.copytree(DEMO_CONTENT, root / "content", ignore=shutil.ignore_patterns("reviews"))
        shutil.copytree(review, root / "content" / "reviews" / review.name)
        return cls(root, review.name, as_of)

    @property
    def folder(self) -> Path:
        return self.project / "content" / "reviews" / self.slug

    def run(self, *args: str) -> str:
        """What ``casereview ARGS`` prints (both streams), which must never be a crash."""
        done = subprocess.run(
            [sys.executable, "-m", "casereview.cli.main", *args],
            cwd=self.project,
            capture_output=True,
            text=True,
            timeout=300,
            env=os.environ if self.as_of is None else {**os.environ, "SOURCE_DATE_EPOCH": f"{self.as_of.timestamp():.0f}"},
        )
        assert "internal error" not in done.stderr, done.stderr
        assert "Traceback" not in done.stderr, done.stderr
        return done.stdout + done.stderr

    def messages(self, *args: str) -> list[Message]:
        """The messages ``casereview ARGS`` prints about this review's files."""
        return parse_messages(self.run(*args), review_prefix(self.project, self.folder))

    def check_messages(self) -> list[Message]:
        return self.messages("check", f"content/reviews/{self.slug}")

    def audit_messages(self) -> list[Message]:
        return self.messages("audit", self.slug)

    def review(self) -> Review:
        return load_review(self.folder, load_glossary(self.project / "content" / "glossary.yml")[0])
