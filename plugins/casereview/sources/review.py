"""A review folder as one object: its Terms of Reference, key, glossary and documents.

Loading never raises on bad input; every problem becomes a :class:`Finding` in
``Review.findings`` and the review is still returned with what could be read, so
one bad file does not hide the problems of the others.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from casereview.sources import paths
from casereview.sources.doctypes import document_type
from casereview.sources.documents import SourceDocument, classify, read_markdown, read_yaml_file
from casereview.sources.findings import Finding, Severity
from casereview.sources.glossary import Glossary
from casereview.sources.key import Key, entity_from_mapping
from casereview.sources.links import content_boundary, leaves, unfollowed
from casereview.sources.schemas import known_fields, problems
from casereview.sources.yamlsource import YamlSource, to_json_compatible


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


def known_terms(review: Review) -> list[str]:
    """What the review's glossary, agencies and own title name: words that are not
    someone's name (the unkeyed-name detector's vocabulary)."""
    terms = [t for a in review.glossary for t in (a.abbr, a.expansion)]
    for agency in (review.tor.meta.get("agencies") if review.tor else None) or []:
        if isinstance(agency, dict):
            terms += [str(agency.get("name", "")), str(agency.get("acronym", ""))]
    terms += [str(review.meta.get(k, "")) for k in ("board", "area", "title")]
    return [t for t in terms if t]


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
    kind = document_type(doc.doc_type) if doc is not None else None
    if doc is not None and not findings and kind is not None and kind.schema:
        findings += schema_findings(kind.schema, doc.meta, doc.yaml, display)
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
    boundary = content_boundary(folder)
    # A link out of the content folder is never read; `check` and the build report it.
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and not leaves(p, boundary)):
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
        key, source, findings = load_key(path)
        review.findings += findings
        review.key_unreadable = source is None
        if source is not None:
            review.key_yaml = source
            review.key = key
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


def load_key(path: Path) -> tuple[Key, YamlSource | None, list[Finding]]:
    """Read ``key.yml`` as administrators keep it: tolerant, never all-or-nothing.

    Fields casereview does not know (``notes``, ``date_added``…) are kept in the file
    and ignored, with one note per field name. An entity with a real problem is
    reported, and still kept in the key with what can be read of it: its real names
    must go on being substituted and scanned (a dropped entity would be a leak), and
    one bad row must not make every other acronym "unknown". Only a file that cannot
    be read at all gives an empty key.
    """
    display = display_path(path)
    source, findings = read_yaml_file(path, display)
    if source is None or not isinstance(source.data, dict):
        if source is not None:
            findings += schema_findings("key", source.data, source, display, hide_values=True)
        return Key(), source, findings
    data, unknown = _without_unknown_fields(source.data)
    findings += [
        Finding(
            display,
            source.line_of(first),
            f"{_field_words(name)} is not a casereview field ({count} "
            f"{'entry' if count == 1 else 'entries'}); it is kept in the file and ignored "
            "(check its spelling if you meant a field of the key)",
            severity=Severity.NOTE,
        )
        for name, (first, count) in unknown.items()
    ]
    findings += schema_findings("key", data, source, display, hide_values=True)
    entities = []
    for raw in data.get("entities") or []:
        if isinstance(raw, dict) and raw.get("acronym") not in (None, ""):
            try:
                entities.append(entity_from_mapping(raw))
            except (TypeError, ValueError, KeyError):
                continue  # reported by the schema check above; this one entry is left out
    return Key(entities), source, findings


_FIELD_NAME = re.compile(r"[a-z][a-z0-9_-]{0,39}")


def _field_words(name: str) -> str:
    """A field name as a message may show it: the key holds real names, so only a name
    shaped like a field (``date_added``) is quoted, never one that could be a person's."""
    return f"field `{name}`" if _FIELD_NAME.fullmatch(name) else "a field"


def _without_unknown_fields(data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, tuple[tuple, int]]]:
    """``data`` without the fields the key schema does not define, and for each such
    field name the path of its first use and how many times it occurs."""
    top_known, entity_known = known_fields("key"), known_fields("key", "entity")
    unknown: dict[str, tuple[tuple, int]] = {}

    def note(name: str, where: tuple) -> None:
        first, count = unknown.get(name, (where, 0))
        unknown[name] = (first, count + 1)

    kept = {}
    for name, value in data.items():
        if name in top_known:
            kept[name] = value
        else:
            note(str(name), (name,))
    entities = kept.get("entities")
    if isinstance(entities, list):
        cleaned = []
        for index, raw in enumerate(entities):
            if isinstance(raw, dict):
                for name in raw:
                    if name not in entity_known:
                        note(str(name), ("entities", index, name))
                raw = {k: v for k, v in raw.items() if k in entity_known}
            cleaned.append(raw)
        kept["entities"] = cleaned
    return kept, unknown


def find_content_root(path: Path) -> Path:
    """The ``content/`` folder above ``path`` (or ``path`` itself), where glossary.yml lives.

    A symbolic link given by name is placed where the link is, not where it points."""
    path = unfollowed(path)
    for candidate in (path, *path.parents):
        if candidate.name == "content" or (candidate / paths.REVIEWS).is_dir():
            return candidate
    return path if path.is_dir() else path.parent


def review_folders(root: Path) -> list[Path]:
    reviews = root / paths.REVIEWS
    if not reviews.is_dir():
        return []
    return sorted(p for p in reviews.iterdir() if p.is_dir())
