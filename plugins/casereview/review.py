"""A review folder as one object: its Terms of Reference, key, glossary and documents.

Loading never raises on bad input; every problem becomes a :class:`Finding` in
``Review.findings`` and the review is still returned with what could be read, so
one bad file does not hide the problems of the others.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from casereview.documents import SourceDocument, classify, read_markdown, read_yaml_file
from casereview.findings import Finding
from casereview.glossary import Glossary
from casereview.key import Key
from casereview.schemas import problems
from casereview.yamlsource import YamlSource, to_json_compatible


@dataclass
class Review:
    slug: str
    folder: Path
    key: Key = field(default_factory=Key)
    key_yaml: YamlSource | None = None
    tor: SourceDocument | None = None
    documents: list[SourceDocument] = field(default_factory=list)
    chronology_files: list[Path] = field(default_factory=list)
    glossary: Glossary = field(default_factory=Glossary)
    allowlist: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    unreadable: list[Path] = field(default_factory=list)
    """Markdown files that could not be read: rules across documents stay silent
    rather than blame a document for what the unreadable one would have held."""
    key_unreadable: bool = False
    """key.yml exists but could not be read as text at all (encoding, NUL, size, YAML
    syntax or limits): every name would look unkeyed, so that rule stays silent."""

    @property
    def meta(self) -> dict[str, Any]:
        """The ``review:`` block of the Terms of Reference."""
        return dict((self.tor.meta.get("review") if self.tor else None) or {})

    @property
    def agency_ids(self) -> list[str]:
        agencies = (self.tor.meta.get("agencies") if self.tor else None) or []
        return [str(a.get("id")) for a in agencies if isinstance(a, dict)]

    def documents_of_type(self, doc_type: str) -> list[SourceDocument]:
        return [d for d in self.documents if d.doc_type == doc_type]


def display_path(path: Path) -> str:
    """A path as the user should see it: relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def schema_findings(
    name: str, data: Any, source: YamlSource, display: str, *, hide_values: bool = False
) -> list[Finding]:
    return [
        Finding(display, source.line_of(p.path), p.message, field=p.field)
        for p in problems(name, to_json_compatible(data), hide_values=hide_values)
    ]


def load_markdown(path: Path) -> tuple[SourceDocument | None, list[Finding]]:
    """Read a Markdown document and check its frontmatter against its type's schema."""
    display = display_path(path)
    doc, findings = read_markdown(path, display)
    if doc is not None and not findings:
        findings += schema_findings(doc.doc_type, doc.meta, doc.yaml, display)
    return doc, findings


def load_yaml_data(path: Path, schema: str, *, hide_values: bool = False) -> tuple[YamlSource | None, list[Finding]]:
    display = display_path(path)
    source, findings = read_yaml_file(path, display)
    if source is not None:
        findings += schema_findings(schema, source.data, source, display, hide_values=hide_values)
    return source, findings


def load_glossary(path: Path) -> tuple[Glossary, list[Finding]]:
    if not path.is_file():
        return Glossary(), []
    source, findings = load_yaml_data(path, "glossary")
    data = source.data if source is not None and isinstance(source.data, dict) else None
    return Glossary.from_mapping(data), findings


def load_review(folder: Path, shared_glossary: Glossary | None = None) -> Review:
    review = Review(folder.name, folder)
    review.glossary = shared_glossary or Glossary()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        _load_file(review, path)
    return review


def _load_file(review: Review, path: Path) -> None:
    kind = classify(path)
    if kind == "markdown":
        doc, findings = load_markdown(path)
        review.findings += findings
        if doc is None:
            review.unreadable.append(path)
        else:
            review.documents.append(doc)
            if doc.doc_type == "terms-of-reference" and path.name == "index.md":
                review.tor = doc
    elif kind == "key":
        source, findings = load_yaml_data(path, "key", hide_values=True)
        review.findings += findings
        review.key_unreadable = source is None
        if source is not None and isinstance(source.data, dict) and not findings:
            review.key_yaml = source
            review.key = Key.from_mapping(source.data)
    elif kind == "glossary":
        extra, findings = load_glossary(path)
        review.findings += findings
        review.glossary = review.glossary.extended(extra)
    elif kind == "allowlist":
        source, findings = load_yaml_data(path, "allowlist")
        review.findings += findings
        if source is not None and isinstance(source.data, dict):
            review.allowlist = [str(a) for a in source.data.get("allow") or []]
    elif kind == "chronology":
        review.chronology_files.append(path)
