"""Labels and citations as authors write them in the Markdown source, and what is
wrong with them, with file and line, before any build.

A paragraph is labelled by ending it with ``{#label}`` and cited with an empty link,
``[](#label)`` or ``[](../imr/police.md#label)``; :mod:`casereview.render.numbering`
gives the labelled paragraphs their numbers on the page. :func:`find_labels`,
:func:`find_citations` and :func:`check_citations` read the source.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

#: What a label may be called (``{#late-referral}``), in the source and on the page.
LABEL_NAME = r"[A-Za-z_][\w.-]*"


@dataclass
class SourceLabel:
    """A ``{#label}`` in the Markdown; ``numbered`` is False where it gets no number
    (in a list item, admonition, blockquote, table, footnote or before the first ``##``)."""

    label: str
    line: int
    numbered: bool = True


@dataclass
class SourceCitation:
    """An empty link ``[](target#label)``; ``target`` is the path part ('' = same page)."""

    label: str
    target: str
    line: int


@dataclass
class CitationProblem:
    """A broken citation or label, located in a document (path relative to docs dir)."""

    path: str
    line: int
    label: str
    message: str

    def describe(self, docs_dir: str = "") -> str:
        """``content/reviews/x/imr/csc.md:42: cites paragraph ...`` for the author."""
        return f"{posixpath.join(docs_dir, self.path)}:{self.line}: {self.message}"

    def __str__(self) -> str:
        return self.describe()


@dataclass(frozen=True)
class _Line:
    number: int
    text: str
    kind: str  # "body" | "container" | "heading"
    after_first_h2: bool


_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
# Blocks whose content continues on lines indented by four spaces, even after a blank.
_INDENT_CONTAINER = re.compile(r"^\s{0,3}(?:[-*+]\s|\d+[.)]\s|!!!|\?\?\?|\[\^[^\]]+\]:)")
# Blocks that end at a blank line: blockquote, table, raw HTML.
_FLAT_CONTAINER = re.compile(r"^\s{0,3}[>|<]")
_HEADING = re.compile(r"^\s{0,3}(#{1,6})(?:\s|$)")
_INDENTED = re.compile(r"^(?: {4}|\t)")
_SOURCE_LABEL = re.compile(rf"\{{:?[^{{}}]*?#({LABEL_NAME})[^{{}}]*\}}\s*$")
_CODE_SPAN = re.compile(r"(`+).+?\1")
_SOURCE_CITATION = re.compile(r"\[\s*\]\(\s*<?([^()\s<>#]*)#([^()\s<>\"']+?)>?(?:\s+\"[^\"]*\")?\s*\)")


def _frontmatter_end(lines: list[str]) -> int:
    """Index of the first body line: skips a leading ``---`` YAML block if present."""
    if not lines or lines[0].strip() != "---":
        return 0
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            return index + 1
    return 0


class _LineClassifier:
    """Tracks fenced/indented code and block containers line by line."""

    def __init__(self) -> None:
        self.fence: str | None = None
        self.in_container = self.in_indent_container = self.in_indented_code = False
        self.previous_blank = True
        self.after_first_h2 = False

    def classify(self, text: str) -> str | None:
        """Return the line's kind, or None for code, blank and fence lines."""
        if self.fence is not None:
            if text.strip().startswith(self.fence) and not text.strip().strip(self.fence[0]):
                self.fence = None
            return None
        if (fence := _FENCE.match(text)) is not None:
            self.fence = fence.group(1)
            return None
        if not text.strip():
            self.previous_blank = True
            return None
        kind = self._kind(text)
        self.previous_blank = False
        return kind

    def _kind(self, text: str) -> str | None:
        if _INDENTED.match(text):
            if self.in_indent_container or (self.in_container and not self.previous_blank):
                return "container"
            if self.previous_blank or self.in_indented_code:
                self.in_indented_code = True
                return None
            return "body"  # lazy continuation of a paragraph
        self.in_indented_code = False
        if (heading := _HEADING.match(text)) is not None:
            self.in_container = self.in_indent_container = False
            self.after_first_h2 = self.after_first_h2 or len(heading.group(1)) == 2
            return "heading"
        if _INDENT_CONTAINER.match(text):
            self.in_container = self.in_indent_container = True
        elif _FLAT_CONTAINER.match(text):
            self.in_container, self.in_indent_container = True, False
        elif self.previous_blank:
            self.in_container = self.in_indent_container = False
        return "container" if self.in_container else "body"


def _content_lines(markdown: str, first_line: int) -> Iterator[_Line]:
    """Non-blank lines outside code blocks and frontmatter, with their kind."""
    lines = markdown.splitlines()
    classifier = _LineClassifier()
    for index in range(_frontmatter_end(lines), len(lines)):
        kind = classifier.classify(lines[index])
        if kind is not None:
            yield _Line(first_line + index, lines[index], kind, classifier.after_first_h2)


def find_labels(markdown: str, first_line: int = 1) -> list[SourceLabel]:
    """Every paragraph label ``{#label}`` (or ``{: #label}``) ending a line.

    Heading ids (``## Title {#id}``) are not paragraph labels.  ``first_line`` is the
    file line of the text's first line (when the frontmatter was cut off before).
    """
    return _labels_in(_content_lines(markdown, first_line))


def _labels_in(lines: Iterable[_Line]) -> list[SourceLabel]:
    found: list[SourceLabel] = []
    for line in lines:
        if "{" not in line.text or line.kind == "heading":  # most lines: no label to look for
            continue
        match = _SOURCE_LABEL.search(_CODE_SPAN.sub("", line.text))
        if match is None:
            continue
        numbered = line.kind == "body" and line.after_first_h2
        found.append(SourceLabel(match.group(1), line.number, numbered))
    return found


def find_citations(markdown: str, first_line: int = 1) -> list[SourceCitation]:
    """Every empty link with a fragment, ``[](#label)`` or ``[](doc.md#label)``.

    External links (``https://...#x``) are not citations and are skipped.
    """
    return _citations_in(_content_lines(markdown, first_line))


def _citations_in(lines: Iterable[_Line]) -> list[SourceCitation]:
    found: list[SourceCitation] = []
    for line in lines:
        if "]" not in line.text or "(" not in line.text:  # removing code spans adds neither
            continue
        for match in _SOURCE_CITATION.finditer(_CODE_SPAN.sub("", line.text)):
            target, label = match.group(1), match.group(2)
            if urlsplit(target).scheme:
                continue
            found.append(SourceCitation(unquote(label), unquote(target), line.number))
    return found


@dataclass
class _DocumentLabels:
    numbered: dict[str, int] = field(default_factory=dict)  # label -> line
    unnumbered: dict[str, int] = field(default_factory=dict)


def _label_problems(path: str, labels: list[SourceLabel]) -> Iterator[CitationProblem]:
    """Duplicate labels, and labels on paragraphs that get no number."""
    first_seen: dict[str, int] = {}
    for found in labels:
        label, message = found.label, ""
        if label in first_seen:
            message = (
                f'label "{label}" is already used on line {first_seen[label]}; labels '
                "must be unique within a document, so rename one of them"
            )
        elif not found.numbered:
            message = (
                f'label "{label}" is on a paragraph that gets no number (inside a list, '
                "table, quote, admonition or footnote, or before the first ## heading); "
                f"move {{#{label}}} to the end of a body paragraph"
            )
        first_seen.setdefault(label, found.line)
        if message:
            yield CitationProblem(path, found.line, label, message)


def _collect_labels(labels: list[SourceLabel]) -> _DocumentLabels:
    collected = _DocumentLabels()
    for found in labels:
        bucket = collected.numbered if found.numbered else collected.unnumbered
        bucket.setdefault(found.label, found.line)
    return collected


def _target_document(path: str, target: str) -> str:
    """The docs-relative path a citation's ``target`` points at ('' = same document)."""
    if not target:
        return path
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(posixpath.dirname(path), target))


def _citation_problem(
    path: str, citation: SourceCitation, index: Mapping[str, _DocumentLabels]
) -> CitationProblem | None:
    label = citation.label
    document = _target_document(path, citation.target)
    where = "" if document == path else f" of {document}"
    there = "" if document == path else f" in {document}"
    labels = index.get(document)
    if labels is None:
        if not citation.target.endswith(".md"):
            return None  # a link to a page that is not Markdown: not ours to check
        message = (
            f'cites paragraph "{label}" in "{citation.target}", but there is no document '
            f"{document}; check the path (it is relative to this file)"
        )
    elif label in labels.numbered:
        return None
    elif label in labels.unnumbered:
        message = (
            f'cites paragraph "{label}"{where}, but that label (line '
            f"{labels.unnumbered[label]}) is on a paragraph that gets no number; move "
            f"{{#{label}}} to the end of a body paragraph{there}"
        )
    else:
        message = (
            f'cites paragraph "{label}"{where} but no paragraph has that label; check the '
            f"spelling or add {{#{label}}} to the end of the paragraph{there}"
        )
    return CitationProblem(path, citation.line, label, message)


def check_citations(docs: Mapping[str, str]) -> list[CitationProblem]:
    """Check every citation and label of a set of documents.

    ``docs`` maps a path relative to the docs dir ("reviews/x/imr/csc.md") to its
    Markdown; a leading ``---`` frontmatter block is skipped but counted, so passing
    the whole file gives file line numbers.  Relative ``.md`` targets are resolved
    against the citing document.  Problems come sorted by path and line.
    """
    lines = {path: list(_content_lines(text, 1)) for path, text in docs.items()}  # classified once for both
    found = {path: _labels_in(content) for path, content in lines.items()}
    index = {path: _collect_labels(labels) for path, labels in found.items()}
    problems = [p for path, labels in found.items() for p in _label_problems(path, labels)]
    for path, content in lines.items():
        for citation in _citations_in(content):
            if (problem := _citation_problem(path, citation, index)) is not None:
                problems.append(problem)
    return sorted(problems, key=lambda problem: (problem.path, problem.line))
