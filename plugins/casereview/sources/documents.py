"""Reading the sources of a review: what each file is, and its parsed contents.

Every way a file can be unreadable (empty, binary, not UTF-8, no frontmatter,
malformed YAML, unknown type) becomes one :class:`Finding`, never a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import frontmatter

from casereview.sources.doctypes import type_names
from casereview.sources.findings import Finding
from casereview.sources.inputs import read_source_text
from casereview.sources.records import DocumentMeta, document_meta
from casereview.sources.yamlsource import YamlSource, YamlSyntaxError, load_yaml

MARKDOWN_SUFFIXES = {".md", ".markdown"}
CHRONOLOGY_SUFFIXES = {".csv", ".xlsx", ".yml", ".yaml"}


@dataclass
class SourceDocument:
    """A Markdown document: its frontmatter (with line numbers) and its body.

    ``record`` is the frontmatter as a typed record (dates as dates), built once with the
    document from the mapping the schema checks; it tolerates what the check reports.
    ``meta`` stays the mapping as written."""

    path: Path
    display: str
    meta: dict[str, Any]
    body: str
    body_first_line: int
    yaml: YamlSource = field(repr=False, default_factory=lambda: YamlSource({}))
    record: DocumentMeta = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.record = document_meta(self.meta)

    @property
    def doc_type(self) -> str:
        return str(self.meta.get("type", ""))


def classify(path: Path) -> str:
    """What a file under ``content/`` is: markdown, key, glossary, allowlist, chronology, other."""
    name = path.name.lower()
    if path.suffix.lower() in MARKDOWN_SUFFIXES:
        return "markdown"
    if name in ("key.yml", "key.yaml"):
        return "key"
    if name in ("glossary.yml", "glossary.yaml"):
        return "glossary"
    if name in ("allowlist.yml", "allowlist.yaml"):
        return "allowlist"
    if path.parent.name == "chronology" and path.suffix.lower() in CHRONOLOGY_SUFFIXES:
        return "chronology"
    return "other"


def read_text(path: Path, display: str, kind: str = "markdown") -> tuple[str | None, Finding | None]:
    """The file's text, or the one finding that says why it cannot be read (the input
    policy of :mod:`casereview.sources.inputs`: size, encoding, NUL characters, nesting)."""
    return read_source_text(path, display, kind)


def read_markdown(path: Path, display: str) -> tuple[SourceDocument | None, list[Finding]]:
    text, problem = read_text(path, display)
    if problem or text is None:
        return None, [problem] if problem else []
    if not text.startswith("---"):
        return None, [
            Finding(
                display,
                1,
                "has no frontmatter; start the file with a `---` block giving at least type, title, status and version",
            )
        ]
    try:
        fm_text, body = frontmatter.YAMLHandler().split(text)
    except ValueError:
        return None, [Finding(display, 1, "frontmatter is not closed; add a line `---` after the last field")]
    try:
        source = load_yaml(fm_text, first_line=text[: text.index(fm_text)].count("\n") + 1)
    except YamlSyntaxError as exc:
        return None, [Finding(display, exc.line, exc.text)]
    if not isinstance(source.data, dict):
        return None, [Finding(display, 2, "frontmatter must be a set of `field: value` lines")]
    first_body_line = text[: len(text) - len(body)].count("\n") + 1
    doc = SourceDocument(path, display, source.data, body, first_body_line, source)
    findings = [
        Finding(display, line, "appears twice; keep one", field=".".join(map(str, p))) for p, line in source.duplicates
    ]
    doc_type, known = doc.doc_type, type_names()
    if doc_type not in known:
        line = source.line_of(("type",)) or 2
        shown = f'"{doc_type}"' if doc_type else "missing"
        findings.append(
            Finding(
                display,
                line,
                f"document type {shown} is unknown; use one of: {', '.join(known)}",
                field="type",
            )
        )
    return doc, findings


def read_yaml_file(path: Path, display: str) -> tuple[YamlSource | None, list[Finding]]:
    text, problem = read_text(path, display, "yaml")
    if problem or text is None:
        return None, [problem] if problem else []
    try:
        source = load_yaml(text)
    except YamlSyntaxError as exc:
        return None, [Finding(display, exc.line, exc.text)]
    findings = [
        Finding(display, line, "appears twice; keep one", field=".".join(map(str, p))) for p, line in source.duplicates
    ]
    return source, findings


def frontmatter_text(value: Any) -> str:
    """A frontmatter value as a reader should see it in a page's metadata: an author
    ``{name, job_title}`` as "Name, Job title", a list joined with "; ", never a
    Python repr ("{'name': …}")."""
    if isinstance(value, dict):
        preferred = [value.get(k) for k in ("name", "job_title", "designation", "agency") if value.get(k)]
        parts = preferred or [v for v in value.values() if isinstance(v, str | int | float) and str(v).strip()]
        return ", ".join(str(p).strip() for p in parts)
    if isinstance(value, list | tuple):
        return "; ".join(text for item in value if (text := frontmatter_text(item)))
    return "" if value is None else str(value)
