"""Numbered paragraphs, paragraph labels and citations.

Authors never type paragraph numbers.  They label a paragraph by ending it with
``{#label}`` and cite it with an empty link, ``[](#label)`` or
``[](../imr/police.md#label)``; the output shows the paragraph's current number ("6.3").

* HTML side (pure, on Python-Markdown output, MkDocs' ``page.content``):
  :func:`number_paragraphs` numbers one page and returns its labels;
  :func:`resolve_citations` fills empty links from the labels of *all* pages, so an
  adapter numbers every page first (``on_page_content``) and resolves once all are known
  (``on_post_page`` / ``on_env``).
* Source side: :func:`find_labels`, :func:`find_citations`, :func:`check_citations`
  report broken citations with file and line, before a build.

Numbered: each non-empty ``<p>`` at the top level of the page (not inside a table, list
item, blockquote, admonition, footnote, figure or any ``<div>``) after the first
``<h2>``, unless it has class ``casereview-no-number``.  Section n is the n-th top-level
``<h2>``; ``<h3>`` does not restart the count; a list belongs to the paragraph before it.

A page whose author typed the paragraph numbers ("4.12 On 3 March…", agencies' house
style) keeps them: they become the paragraphs' numbers and nothing is numbered again.

Ids: a labelled paragraph keeps its label as id; others get ``p-3-2``, which is NOT
stable (inserting a paragraph changes it).  Labels are the stable way to cite.

``attr_list`` only turns ``{#label}`` into an id when it stands on its own line; at the
end of the text (as the content guide shows) it stays literal, so
:func:`number_paragraphs` strips a trailing ``{#label}`` / ``{: #label .class}`` itself.
"""

from __future__ import annotations

import html as html_lib
import posixpath
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple
from urllib.parse import unquote, urlsplit

NO_NUMBER_CLASS = "casereview-no-number"

# --------------------------------------------------------------------------- HTML side

_TAG = re.compile(
    r"<!--.*?-->"
    r"|<(/?)([a-zA-Z][a-zA-Z0-9:-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>",
    re.S,
)
_ATTR = re.compile(r"""\s+([^\s=/>"']+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_RAW_TEXT = frozenset({"script", "style", "textarea", "title"})
# Opening one of these implicitly closes an open <p> (HTML's rule), e.g. in raw HTML.
_CLOSES_P = frozenset(
    "address article aside blockquote details div dl fieldset figure footer form h1 h2 h3 "
    "h4 h5 h6 header hr main nav ol p pre section table ul".split()
)
_TRAILING_ATTRS = re.compile(r"\s*\{:?\s*([^{}<>]*?)\s*\}\s*$")
_LABEL_NAME = r"[A-Za-z_][\w.-]*"
_LABEL_TOKEN = re.compile(rf"#({_LABEL_NAME})$")
_STRIP_TAGS = re.compile(r"<[^>]*>")


@dataclass
class NumberedPage:
    """A page's HTML with numbers added, and its labels (label -> "6.3")."""

    html: str
    labels: dict[str, str] = field(default_factory=dict)


@dataclass
class UnresolvedCitation:
    """An empty link whose page or label is unknown."""

    label: str
    href: str


class _Tag(NamedTuple):
    closing: bool
    name: str
    attrs_text: str
    start: int
    end: int


def _top_level_tags(html: str) -> Iterator[_Tag]:
    """Yield the tags at the top level of ``html`` (opening ones and their closers).

    Nested tags are only counted, comments and raw-text content (``<script>``) skipped.
    Lenient like browsers: a closing tag closes up to its matching open tag, and one
    with no open match is ignored.  Linear in the length of the input.
    """
    stack: list[str] = []
    pos = 0
    while (match := _TAG.search(html, pos)) is not None:
        pos = match.end()
        name = match.group(2)
        if name is None:  # comment
            continue
        name, attrs = name.lower(), match.group(3)
        if match.group(1):  # closing tag
            if name in stack:
                while stack.pop() != name:
                    pass
                if not stack:
                    yield _Tag(True, name, attrs, match.start(), pos)
            continue
        if stack and stack[-1] == "p" and name in _CLOSES_P:
            stack.pop()
        if not stack:
            yield _Tag(False, name, attrs, match.start(), pos)
        if name in _RAW_TEXT:
            end = re.compile(rf"</{name}\s*>", re.I).search(html, pos)
            pos = end.end() if end else len(html)
        elif name not in _VOID and not attrs.endswith("/"):
            stack.append(name)


def _attrs(attrs_text: str) -> dict[str, str]:
    """Parse a start tag's attribute text; values are HTML-unescaped."""
    parsed: dict[str, str] = {}
    for name, raw in _ATTR.findall(attrs_text):
        value = raw[1:-1] if raw[:1] in "\"'" and raw else raw
        parsed.setdefault(name.lower(), html_lib.unescape(value))
    return parsed


def _start_tag(name: str, attrs: Mapping[str, str]) -> str:
    rendered = "".join(f' {key}="{html_lib.escape(value)}"' for key, value in attrs.items())
    return f"<{name}{rendered}>"


def _classes(attrs: Mapping[str, str]) -> list[str]:
    return attrs.get("class", "").split()


def _split_trailing_attrs(inner: str) -> tuple[str, str | None, list[str]]:
    """Split a trailing ``{#label .class}`` off a paragraph's inner HTML.

    Returns (inner without it, label or None, classes).  Only a brace group holding a
    ``#label`` counts, so ordinary text ending in braces is left alone.
    """
    match = _TRAILING_ATTRS.search(inner)
    if match is None:
        return inner, None, []
    label: str | None = None
    classes: list[str] = []
    for token in match.group(1).split():
        if (found := _LABEL_TOKEN.match(token)) is not None:
            label = found.group(1)
        elif token.startswith(".") and len(token) > 1:
            classes.append(token[1:])
        elif "=" not in token:
            return inner, None, []
    if label is None:
        return inner, None, []
    return inner[: match.start()], label, classes


def _numbered_paragraph(open_tag: _Tag, inner: str, number: str) -> tuple[str, str | None]:
    """Render one numbered ``<p>``; return its HTML and its label (if it has one)."""
    attrs = _attrs(open_tag.attrs_text)
    inner, trailing_label, extra_classes = _split_trailing_attrs(inner)
    label = trailing_label or attrs.get("id") or None
    if extra_classes:
        attrs["class"] = " ".join([*_classes(attrs), *extra_classes])
    attrs["id"] = label or "p-" + number.replace(".", "-")
    attrs["data-para"] = number
    span = f'<span class="para-num">{number}</span> '
    return f"{_start_tag('p', attrs)}{span}{inner.lstrip()}</p>", label


def _is_numberable(open_tag: _Tag, inner: str) -> bool:
    if NO_NUMBER_CLASS in _classes(_attrs(open_tag.attrs_text)):
        return False
    return bool(html_lib.unescape(_STRIP_TAGS.sub("", inner)).strip())


#: A paragraph number the author typed: "4.12 On 3 March…", "5.1. I have answered…".
_TYPED_NUMBER = re.compile(r"^\s*(\d{1,3}(?:\.\d{1,3})+)\.?(?=\s)")
_MAYBE_TYPED = re.compile(r"<p\b[^>]*>\s*\d{1,3}\.\d")  # a cheap test before the full pass
#: Typed numbers on at least this many paragraphs make the page the author's numbering.
AUTHOR_NUMBERED_MIN = 2


def _typed_number(inner: str) -> str | None:
    match = _TYPED_NUMBER.match(html_lib.unescape(_STRIP_TAGS.sub("", inner)))
    return match.group(1) if match else None


def _typed_paragraphs(html: str) -> int:
    """How many top-level paragraphs start with a number the author typed."""
    count, open_p = 0, None
    for tag in _top_level_tags(html):
        if not tag.closing:
            open_p = tag if tag.name == "p" else None
        elif tag.name == "p" and open_p is not None:
            count += _typed_number(html[open_p.end : tag.start]) is not None
            open_p = None
    return count


def _keep_author_numbers(html: str) -> NumberedPage:
    """A page the author numbered by hand ("4.12 On 3 March…"): those numbers are kept
    as the paragraphs' numbers (``data-para``, ids, labels) and nothing is numbered a
    second time: no number before a heading or an unnumbered paragraph."""
    out: list[str] = []
    labels: dict[str, str] = {}
    copied = 0
    open_p: _Tag | None = None
    for tag in _top_level_tags(html):
        if not tag.closing:
            open_p = tag if tag.name == "p" else None
        elif tag.name == "p" and open_p is not None:
            inner = html[open_p.end : tag.start]
            number = _typed_number(inner) if NO_NUMBER_CLASS not in _classes(_attrs(open_p.attrs_text)) else None
            if number is not None:
                attrs = _attrs(open_p.attrs_text)
                inner, trailing_label, extra_classes = _split_trailing_attrs(inner)
                label = trailing_label or attrs.get("id") or None
                if extra_classes:
                    attrs["class"] = " ".join([*_classes(attrs), *extra_classes])
                attrs["id"] = label or "p-" + number.replace(".", "-")
                attrs["data-para"] = number
                out.append(html[copied : open_p.start] + f"{_start_tag('p', attrs)}{inner}</p>")
                copied = tag.end
                if label is not None:
                    labels.setdefault(label, number)
            open_p = None
    out.append(html[copied:])
    return NumberedPage("".join(out), labels)


def number_paragraphs(html: str) -> NumberedPage:
    """Number the top-level paragraphs of a page per ``<h2>`` section.

    See the module docstring for what is numbered.  The result's ``labels`` maps each
    author label to its number; when a label is used twice, the first one wins
    (:func:`check_citations` reports the duplicate to the author). A page whose author
    typed the paragraph numbers keeps them instead (:func:`_keep_author_numbers`).
    """
    if _MAYBE_TYPED.search(html) and _typed_paragraphs(html) >= AUTHOR_NUMBERED_MIN:
        return _keep_author_numbers(html)
    out: list[str] = []
    labels: dict[str, str] = {}
    copied = 0
    section = paragraph = 0
    open_p: _Tag | None = None
    for tag in _top_level_tags(html):
        if not tag.closing and tag.name == "h2":
            section, paragraph, open_p = section + 1, 0, None
            out.append(html[copied : tag.end] + f'<span class="heading-num">{section}</span> ')
            copied = tag.end
        elif not tag.closing:
            open_p = tag if tag.name == "p" and section else None
        elif tag.name == "p" and open_p is not None:
            inner = html[open_p.end : tag.start]
            if _is_numberable(open_p, inner):
                paragraph += 1
                number = f"{section}.{paragraph}"
                rendered, label = _numbered_paragraph(open_p, inner, number)
                out.append(html[copied : open_p.start] + rendered)
                copied = tag.end
                if label is not None:
                    labels.setdefault(label, number)
            open_p = None
    out.append(html[copied:])
    return NumberedPage("".join(out), labels)


_EMPTY_LINK = re.compile(r"<a(\s(?:[^>\"']|\"[^\"]*\"|'[^']*')*)?>(\s*)</a\s*>", re.I)


def _target_page(page_url: str, path: str) -> str:
    """Resolve a link path against a site-relative page URL (directory-URL aware)."""
    if not path:
        return page_url
    if path.startswith("/"):
        joined = path.lstrip("/")
    else:
        base = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url)
        joined = posixpath.join(base, path)
    resolved = posixpath.normpath(joined) if joined else ""
    if resolved in (".", "/"):
        return ""
    if path.endswith("/") and not resolved.endswith("/"):
        resolved += "/"
    return resolved


def _citation(attrs_text: str, page_url: str) -> tuple[str, str, str] | None:
    """(href, target page URL, label) when an empty link is a paragraph citation."""
    attrs = _attrs(attrs_text or "")
    href = attrs.get("href", "")
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.fragment or "headerlink" in _classes(attrs):
        return None
    return href, _target_page(page_url, unquote(parts.path)), unquote(parts.fragment)


def _filled_link(attrs_text: str, text: str, *, unknown: bool) -> str:
    attrs = _attrs(attrs_text or "")
    classes = [*_classes(attrs), "para-ref", *(["para-ref-unknown"] if unknown else [])]
    attrs["class"] = " ".join(classes)
    return f"{_start_tag('a', attrs)}{html_lib.escape(text)}</a>"


def resolve_citations(
    html: str, *, page_url: str, label_index: Mapping[str, Mapping[str, str]]
) -> tuple[str, list[UnresolvedCitation]]:
    """Give every empty ``<a href="...#label"></a>`` the cited paragraph's number.

    ``page_url`` is the page's site-relative URL ("reviews/x/imr/csc/", "" for the home
    page) and ``label_index`` maps each page URL to its labels.  Links with text,
    external links and links without a fragment are left alone.  An unknown page or
    label shows "[unknown paragraph: label]" and is returned so the build can warn.
    """
    unresolved: list[UnresolvedCitation] = []

    def fill(match: re.Match[str]) -> str:
        citation = _citation(match.group(1), page_url)
        if citation is None:
            return match.group(0)
        href, target, label = citation
        number = label_index.get(target, {}).get(label)
        if number is None:
            unresolved.append(UnresolvedCitation(label, href))
            return _filled_link(match.group(1), f"[unknown paragraph: {label}]", unknown=True)
        return _filled_link(match.group(1), number, unknown=False)

    return _EMPTY_LINK.sub(fill, html), unresolved


# ------------------------------------------------------------------------- source side


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
_SOURCE_LABEL = re.compile(rf"\{{:?[^{{}}]*?#({_LABEL_NAME})[^{{}}]*\}}\s*$")
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
