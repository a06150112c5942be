"""Every example in the authoring guide (content/guide/) is checked.

Examples are fenced code blocks with a title (``` ```yaml title="key.yml" ```):

* ``PATH`` / ``PATH (frontmatter)``: a file of the guide's example review
  (westdale-child-k-2025). The first example of each path builds the review; every
  example must leave the whole review free of findings when swapped in.
* ``PATH (…mistake)``: a deliberate mistake: frontmatter fields and key entities are
  merged into the example's, text is added at the end, ``whole file`` replaces it. The mistakes before a
  ``casereview check`` block are applied to the example review, and the messages
  check prints must be exactly the lines of that block, so rewording a message in
  the code breaks this test until the guide is updated.
* ``terminal``: each ``casereview`` line parses with the real command line.
* ``folder layout``: `casereview new review` creates exactly what it lists.
"""

from __future__ import annotations

import argparse
import re
import shlex
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from casereview.checks.detect import find_unkeyed
from casereview.checks.run import check_paths
from casereview.cli import main as cli
from casereview.cli import new as authoring
from casereview.sources.citations import find_labels
from casereview.sources.glossary import Glossary
from casereview.sources.key import Key
from casereview.sources.schemas import problems
from casereview.sources.yamlsource import load_yaml, to_json_compatible
from project_paths import DEMO_CONTENT

GUIDE = DEMO_CONTENT / "guide"
PAGES = [
    "index.md",
    "starting.md",
    "frontmatter.md",
    "people.md",
    "paragraphs.md",
    "recommendations.md",
    "check-messages.md",
    "pull-requests.md",
]
SLUG = "westdale-child-k-2025"
REVIEW = f"content/reviews/{SLUG}"
FENCE = re.compile(r"^```(?P<lang>[\w-]*)[ \t]*(?P<info>[^\n]*)\n(?P<body>.*?)^```[ \t]*$", re.M | re.S)
TITLE = re.compile(r'title="(?P<title>[^"]+)"')
FILE_TITLE = re.compile(r"^(?P<path>[\w./-]+)(?: \((?P<qualifiers>[^)]*)\))?$")
LOCATION = re.compile(r"^(?P<path>[^:\s]+)(?::\d+){1,2}: ")


@dataclass(frozen=True)
class Example:
    page: str
    line: int
    lang: str
    title: str
    text: str

    @property
    def where(self) -> str:
        return f"{self.page}:{self.line} ({self.title})"

    @property
    def path(self) -> str:
        match = FILE_TITLE.match(self.title)
        return match["path"] if match else ""

    @property
    def qualifiers(self) -> set[str]:
        match = FILE_TITLE.match(self.title)
        return {q.strip() for q in (match["qualifiers"] or "").split(",")} - {""} if match else set()

    @property
    def is_mistake(self) -> bool:
        return "mistake" in self.qualifiers

    @property
    def is_frontmatter(self) -> bool:
        return "frontmatter" in self.qualifiers


def page_examples(page: str) -> list[Example]:
    text = (GUIDE / page).read_text(encoding="utf-8")
    found = []
    for match in FENCE.finditer(text):
        title = TITLE.search(match["info"])
        line = text.count("\n", 0, match.start()) + 1
        found.append(Example(page, line, match["lang"], title["title"] if title else "", match["body"]))
    return found


ALL = [example for page in PAGES for example in page_examples(page)]


def of_kind(predicate) -> list[Example]:
    return [e for e in ALL if predicate(e)]


def ids(examples: list[Example]) -> list[str]:
    return [e.where for e in examples]


# --------------------------------------------------------------------------- the example review


def _first(predicate) -> dict[str, Example]:
    first: dict[str, Example] = {}
    for example in ALL:
        if example.path and not example.is_mistake and predicate(example):
            first.setdefault(example.path, example)
    return first


BASE_FRONTMATTER = _first(lambda e: e.is_frontmatter)
BASE_FILES = _first(lambda e: not e.is_frontmatter)


def _minimal_frontmatter(path: str) -> dict:
    doc_type = {"index.md": "terms-of-reference"}.get(path, Path(path).stem)
    return {"type": doc_type, "title": f"Example {doc_type}", "status": "draft", "version": "0.1"}


def _markdown_file(meta: dict, body: str) -> str:
    return "---\n" + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True) + "---\n\n" + body


def example_files(overrides: list[Example] = ()) -> dict[str, str]:
    """The example review's files (path in the review → text), with ``overrides`` applied."""
    metas = {p: yaml.safe_load(e.text) for p, e in BASE_FRONTMATTER.items()}
    bodies = {p: e.text for p, e in BASE_FILES.items()}
    key = yaml.safe_load(bodies.pop("key.yml"))
    whole: dict[str, str] = {}
    for example in overrides:
        if example.path == "key.yml":
            _merge_entities(key, yaml.safe_load(example.text)["entities"])
        elif example.is_frontmatter:
            metas[example.path] = {**metas.get(example.path, {}), **yaml.safe_load(example.text)}
        elif "whole file" in example.qualifiers:
            whole[example.path] = example.text
        elif example.is_mistake:  # added at the end of the document
            meta = metas.get(example.path) or _minimal_frontmatter(example.path)
            gap = "\n\n" if example.path.endswith(".md") else "\n"
            bodies[example.path] = bodies.get(example.path, f"# {meta['title']}").rstrip("\n") + gap + example.text
        else:
            bodies[example.path] = example.text
    files = {"key.yml": yaml.safe_dump(key, sort_keys=False, allow_unicode=True)}
    for path in sorted(set(metas) | {p for p in bodies if p.endswith(".md")}):
        body = bodies.pop(path, None)
        meta = metas.get(path) or _minimal_frontmatter(path)
        files[path] = (
            body
            if body is not None and body.startswith("---")
            else _markdown_file(meta, body if body is not None else f"# {meta['title']}\n")
        )
    files.update({p: text for p, text in bodies.items() if not p.startswith(("content/", "/"))})
    return {**files, **whole}


def _merge_entities(key: dict, entities: list[dict]) -> None:
    for entity in entities:
        same = [i for i, e in enumerate(key["entities"]) if e["acronym"] == entity["acronym"]]
        if same:
            key["entities"][same[0]] = entity
        else:
            key["entities"].append(entity)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Writes the example review (with overrides) into a fresh project; returns check's lines."""
    (tmp_path / "content").mkdir()
    shutil.copy(DEMO_CONTENT / "glossary.yml", tmp_path / "content" / "glossary.yml")
    monkeypatch.chdir(tmp_path)

    def check(overrides: list[Example] = ()) -> list[str]:
        folder = tmp_path / REVIEW
        shutil.rmtree(folder, ignore_errors=True)
        for path, text in example_files(overrides).items():
            (folder / path).parent.mkdir(parents=True, exist_ok=True)
            (folder / path).write_text(text, encoding="utf-8")
        return [f.format_text() for f in check_paths([Path("content")])]

    return check


def without_location(line: str) -> str:
    return LOCATION.sub(lambda m: m["path"] + ": ", line, count=1)


# --------------------------------------------------------------------------- tests


def test_every_example_is_of_a_kind_this_test_checks() -> None:
    unknown = [e.where for e in ALL if not (e.title in ("terminal", "folder layout", "casereview check") or e.path)]
    assert unknown == [], "give each example a title this test understands"
    assert {"key.yml", "index.md", "imr/csc.md", "action-plans/csc.md"} <= set(BASE_FRONTMATTER) | set(BASE_FILES)


def test_the_example_review_is_clean(project) -> None:
    assert project() == []


@pytest.mark.parametrize("example", of_kind(lambda e: e.path and not e.is_mistake), ids=lambda e: e.where)
def test_each_file_example_passes_check_in_the_example_review(project, example: Example) -> None:
    assert project([example]) == []


@pytest.mark.parametrize("example", of_kind(lambda e: e.is_frontmatter and not e.is_mistake), ids=lambda e: e.where)
def test_frontmatter_examples_validate_against_their_schema(example: Example) -> None:
    meta = as_checked(example.text)
    assert [p.message for p in problems(meta["type"], meta)] == []


@pytest.mark.parametrize("example", of_kind(lambda e: e.path == "key.yml" and not e.is_mistake), ids=lambda e: e.where)
def test_key_examples_load(example: Example) -> None:
    key = Key.from_mapping(yaml.safe_load(example.text))
    assert len(key) >= 1 and problems("key", as_checked(example.text)) == []


def as_checked(text: str) -> object:
    """YAML as casereview validates it (dates stay text, as the schemas expect)."""
    return to_json_compatible(load_yaml(text).data)


def _labels_by_section(body: str) -> dict[str, str]:
    """label → the ## section it is in."""
    headings = [(m.start(), m.group(1)) for m in re.finditer(r"^## (.+)$", body, re.M)]
    lines = body.splitlines(keepends=True)
    sections = {}
    for label in find_labels(body):
        offset = sum(len(line) for line in lines[: label.line - 1])
        before = [title for start, title in headings if start <= offset]
        sections[label.label] = before[-1] if before else ""
    return sections


@pytest.mark.parametrize(
    "example",
    of_kind(lambda e: e.is_frontmatter and not e.is_mistake and "recommendations" in yaml.safe_load(e.text)),
    ids=lambda e: e.where,
)
def test_recommendation_examples_are_smart_and_traceable(example: Example) -> None:
    key = Key.from_mapping(yaml.safe_load(BASE_FILES["key.yml"].text))
    people = [
        n for e in key if e.category in ("family", "professional", "official") for n in (*e.real_names, e.acronym)
    ]
    labels = _labels_by_section(BASE_FILES[example.path].text)
    actions = {a["recommendation"] for a in yaml.safe_load(BASE_FRONTMATTER["action-plans/csc.md"].text)["actions"]}
    for rec in yaml.safe_load(example.text)["recommendations"]:
        assert all(str(rec.get(f, "")).strip() for f in ("outcome", "measure", "lead", "timescale")), rec["id"]
        assert not [p for p in people if p.lower() in rec["lead"].lower()], f"{rec['id']}: lead is a person"
        assert rec["rests_on"], rec["id"]
        for label in rec["rests_on"]:
            assert labels.get(label) in ("Analysis of involvement", "Lessons learned"), (rec["id"], label)
        assert rec["id"] in actions, f"{rec['id']} has no action in the example action plan"


def _message_groups() -> list[tuple[Example, list[Example]]]:
    """Each `casereview check` block with the mistake examples written before it."""
    groups, pending = [], []
    for example in ALL:
        if example.is_mistake:
            pending.append(example)
        elif example.title == "casereview check":
            groups.append((example, pending))
            pending = []
    return groups


def test_every_mistake_is_followed_by_its_messages() -> None:
    orphans = [e for e in ALL if e.is_mistake and not any(e in m for _, m in _message_groups())]
    assert orphans == []
    assert len(_message_groups()) >= 15


@pytest.mark.parametrize(("messages", "mistakes"), _message_groups(), ids=[g[0].where for g in _message_groups()])
def test_documented_messages_are_what_check_prints(project, messages: Example, mistakes: list[Example]) -> None:
    documented = [line for line in messages.text.splitlines() if line.strip()]
    printed = [without_location(line) for line in project(mistakes)]
    assert sorted(printed) == sorted(documented)


def _parser() -> argparse.ArgumentParser:
    parser = cli.build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    if "new" not in sub.choices:  # until cli.py calls authoring.register itself
        authoring.register(sub)
    return parser


@pytest.mark.parametrize("example", of_kind(lambda e: e.title == "terminal"), ids=lambda e: e.where)
def test_terminal_commands_parse(example: Example) -> None:
    commands = [shlex.split(line)[1:] for line in example.text.splitlines() if line.startswith("casereview ")]
    for argv in commands:
        try:
            _parser().parse_args(argv)
        except SystemExit:
            pytest.fail(f"{example.where}: `casereview {' '.join(argv)}` does not parse")


def test_folder_layout_is_what_new_review_creates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (layout,) = of_kind(lambda e: e.title == "folder layout")
    command = next(
        line
        for e in of_kind(lambda e: e.title == "terminal")
        for line in e.text.splitlines()
        if line.startswith("casereview new review")
    )
    (tmp_path / "content").mkdir()
    monkeypatch.chdir(tmp_path)
    args = _parser().parse_args(shlex.split(command)[1:])
    assert authoring.cmd_new(args) == 0
    root, *entries = [line.split()[0] for line in layout.text.splitlines() if line.strip()]
    folder = tmp_path / root
    listed = {entry.rstrip("/") for entry in entries}
    created = {
        (p.parent if p.name == ".gitkeep" else p).relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.is_file()
    }
    assert created == listed


def test_guide_pages_pass_check() -> None:
    assert check_paths([GUIDE]) == []


def _prose(markdown: str) -> str:
    """The page without frontmatter, code blocks and inline code (kept line for line)."""
    text = re.sub(r"\A---\n.*?\n---\n", lambda m: "\n" * m.group().count("\n"), markdown, flags=re.S)
    text = FENCE.sub(lambda m: "\n" * m.group().count("\n"), text)
    return re.sub(r"`[^`\n]*`", " ", text)


@pytest.mark.parametrize("page", sorted(p.name for p in GUIDE.glob("*.md")))
def test_guide_prose_names_no_one(page: str) -> None:
    """Names belong in code blocks: the unknown-name detector finds none in the prose."""
    glossary = Glossary.from_mapping(yaml.safe_load((DEMO_CONTENT / "glossary.yml").read_text()))
    terms = [t for a in glossary for t in (a.abbr, a.expansion)]
    key = Key.from_mapping(yaml.safe_load(BASE_FILES["key.yml"].text))
    found = find_unkeyed(
        _prose((GUIDE / page).read_text(encoding="utf-8")), known_names=key.acronyms, known_terms=terms, allow=[]
    )
    assert [(c.line, c.kind, c.masked) for c in found] == []
