"""Numbered paragraphs, paragraph labels and citations.

Authors never type paragraph numbers.  They label a paragraph by ending it with
``{#label}`` and cite it with an empty link, ``[](#label)`` or
``[](../imr/police.md#label)``; the output shows the paragraph's current number ("6.3").

* HTML side (pure, on Python-Markdown output, MkDocs' ``page.content``):
  :func:`number_paragraphs` numbers one page and returns its labels;
  :func:`resolve_citations` fills empty links from the labels of *all* pages, so an
  adapter numbers every page first (``on_page_content``) and resolves once all are known
  (``on_post_page`` / ``on_env``).
* Source side: :mod:`casereview.sources.citations` finds labels and citations in the
  Markdown and reports broken ones with file and line, before a build.

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
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple
from urllib.parse import unquote, urlsplit

from casereview.sources.citations import LABEL_NAME

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
_LABEL_TOKEN = re.compile(rf"#({LABEL_NAME})$")
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


def _numbered_start(open_tag: _Tag, inner: str, number: str) -> tuple[str, str, str | None]:
    """The start tag of paragraph ``number`` (its id is its label, else ``p-3-2``), the
    paragraph's inner HTML without a trailing ``{: #label}``, and its label if any."""
    attrs = _attrs(open_tag.attrs_text)
    inner, trailing_label, extra_classes = _split_trailing_attrs(inner)
    label = trailing_label or attrs.get("id") or None
    if extra_classes:
        attrs["class"] = " ".join([*_classes(attrs), *extra_classes])
    attrs["id"] = label or "p-" + number.replace(".", "-")
    attrs["data-para"] = number
    return _start_tag("p", attrs), inner, label


def _numbered_paragraph(open_tag: _Tag, inner: str, number: str) -> tuple[str, str | None]:
    """Render one numbered ``<p>``; return its HTML and its label (if it has one)."""
    start, inner, label = _numbered_start(open_tag, inner, number)
    span = f'<span class="para-num">{number}</span> '
    return f"{start}{span}{inner.lstrip()}</p>", label


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


def _headings_and_paragraphs(html: str) -> Iterator[tuple[_Tag, _Tag | None]]:
    """The page's top-level ``<h2>`` openings, as ``(h2, None)``, and its top-level
    paragraphs, as ``(<p>, </p>)``, in order."""
    open_p: _Tag | None = None
    for tag in _top_level_tags(html):
        if not tag.closing:
            if tag.name == "h2":
                yield tag, None
            open_p = tag if tag.name == "p" else None
        elif tag.name == "p" and open_p is not None:
            yield open_p, tag
            open_p = None


def _typed_paragraphs(html: str) -> int:
    """How many top-level paragraphs start with a number the author typed."""
    return sum(
        _typed_number(html[open_p.end : close.start]) is not None
        for open_p, close in _headings_and_paragraphs(html)
        if close is not None
    )


def _keep_author_numbers(html: str) -> NumberedPage:
    """A page the author numbered by hand ("4.12 On 3 March…"): those numbers are kept
    as the paragraphs' numbers (``data-para``, ids, labels) and nothing is numbered a
    second time: no number before a heading or an unnumbered paragraph."""
    out: list[str] = []
    labels: dict[str, str] = {}
    copied = 0
    for open_p, close in _headings_and_paragraphs(html):
        if close is None:
            continue
        inner = html[open_p.end : close.start]
        number = _typed_number(inner) if NO_NUMBER_CLASS not in _classes(_attrs(open_p.attrs_text)) else None
        if number is not None:
            start, inner, label = _numbered_start(open_p, inner, number)
            out.append(html[copied : open_p.start] + f"{start}{inner}</p>")
            copied = close.end
            if label is not None:
                labels.setdefault(label, number)
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
    for tag, close in _headings_and_paragraphs(html):
        if close is None:  # an <h2>: a new section
            section, paragraph = section + 1, 0
            out.append(html[copied : tag.end] + f'<span class="heading-num">{section}</span> ')
            copied = tag.end
            continue
        inner = html[tag.end : close.start]
        if section and _is_numberable(tag, inner):
            paragraph += 1
            number = f"{section}.{paragraph}"
            rendered, label = _numbered_paragraph(tag, inner, number)
            out.append(html[copied : tag.start] + rendered)
            copied = close.end
            if label is not None:
                labels.setdefault(label, number)
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
