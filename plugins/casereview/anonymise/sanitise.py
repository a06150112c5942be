"""Sanitise the HTML of public pages: keep what the site's Markdown makes, drop the rest.

A public document may hold raw HTML (Markdown allows it): a ``<script>``, an
``<img onerror>``, a ``javascript:`` link, an ``<iframe>`` would reach the public site
as written. :func:`sanitise_html` cleans a page with nh3 (the Rust ``ammonia``
sanitiser) against an allow-list of what Python-Markdown makes with the site's
extensions (:data:`SITE_MARKDOWN_EXTENSIONS`: tables, abbr, footnotes, admonitions,
details, code blocks, ``attr_list`` ids and classes) and a few harmless formatting
tags an author may write by hand. casereview's own markup (key and glossary tables,
the genogram, paragraph numbers) is added after sanitising, so it needs no place here.

:func:`removed_markup` tells what sanitising takes out of a document, so
``casereview check`` can report it on the author's line before anything is built.
Internal pages are not sanitised.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser

import nh3

# The extensions of mkdocs.yml, also the ones render.py converts with: the allow-list
# is written for them.
SITE_MARKDOWN_EXTENSIONS = [
    "abbr",
    "admonition",
    "attr_list",
    "footnotes",
    "md_in_html",
    "tables",
    "toc",
    "pymdownx.details",
    "pymdownx.superfences",
]
TAGS = frozenset(
    """a abbr b blockquote br caption cite code col colgroup dd del details dfn div dl dt em
    figcaption figure h1 h2 h3 h4 h5 h6 hr i img ins kbd li mark ol p pre q s samp section
    small span strong sub summary sup table tbody td tfoot th thead time tr u ul var""".split()
)
EVERY_TAG = frozenset({"id", "class", "title", "lang", "dir"})
ATTRIBUTES = {
    "*": set(EVERY_TAG),
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start", "type"},
    "td": {"colspan", "rowspan", "style"},
    "th": {"colspan", "rowspan", "scope", "style"},
    "details": {"open"},
    "time": {"datetime"},
    "col": {"span"},
    "colgroup": {"span"},
    "q": {"cite"},
    "blockquote": {"cite"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel", "data"})
URL_ATTRIBUTES = frozenset({"href", "src", "cite"})
# The tables extension aligns columns with style="text-align: ..."; no other style.
STYLE_PROPERTIES = frozenset({"text-align"})
# Images may be inline data; nothing else may (a data: link opens a page of its own).
DATA_IMAGE = re.compile(r"\s*data:image/(?:png|jpeg|gif|webp|avif|svg\+xml)[;,]", re.IGNORECASE)
# mkdocs-material's scripts act on its own data-md-* attributes.
THEME_DATA_PREFIX = "data-md-"


def _keep_attribute(tag: str, name: str, value: str) -> str | None:
    if name.startswith(THEME_DATA_PREFIX):
        return None
    if name in URL_ATTRIBUTES and value.lstrip()[:5].lower() == "data:":
        return value if tag == "img" and name == "src" and DATA_IMAGE.match(value) else None
    return value


def sanitise_html(html: str) -> str:
    """``html`` with every element, attribute and URL outside the allow-list removed
    (``<script>`` and ``<style>`` with their content, comments too)."""
    return nh3.clean(
        html,
        tags=set(TAGS),
        clean_content_tags={"script", "style"},
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        attribute_filter=_keep_attribute,
        strip_comments=True,
        link_rel=None,
        generic_attribute_prefixes={"data-"},
        url_schemes=set(URL_SCHEMES),
        filter_style_properties=set(STYLE_PROPERTIES),
    )


@dataclass(frozen=True)
class Removed:
    """One piece of markup sanitising removes, and a pattern of the source to find it by."""

    what: str
    needle: str  # a regular expression, matched case-insensitively


class _Inventory(HTMLParser):
    """Elements, attributes (with URL schemes and style properties) of an HTML text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.items: Counter[tuple[str, str, str]] = Counter()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.items[(tag, "", "")] += 1
        for name, value in attrs:
            self.items[(tag, name, _attribute_detail(name, value or ""))] += 1

    handle_startendtag = handle_starttag


def _attribute_detail(name: str, value: str) -> str:
    if name == "style":
        return " ".join(sorted(p.split(":")[0].strip().lower() for p in value.split(";") if ":" in p))
    if name in URL_ATTRIBUTES:
        scheme = re.match(r"\s*([a-zA-Z][a-zA-Z0-9+.-]*):", value)
        return scheme.group(1).lower() if scheme else ""
    return ""


def _inventory(html: str) -> Counter[tuple[str, str, str]]:
    parser = _Inventory()
    parser.feed(html)
    parser.close()
    return parser.items


def removed_markup(html: str) -> list[Removed]:
    """What :func:`sanitise_html` removes from ``html``: elements, attributes, URLs."""
    lost = _inventory(html) - _inventory(sanitise_html(html))
    gone = {tag for tag, name, _ in lost if not name}  # their attributes go with them
    found = []
    for tag, name, detail in sorted(lost):
        if not name:
            found.append(Removed(f"the <{tag}> element", rf"<{tag}\b"))
        elif tag in gone:
            continue
        elif name == "style":
            found.append(Removed(f"the style attribute on <{tag}> (only text-align is kept)", r"\bstyle\s*="))
        elif name in URL_ATTRIBUTES and detail:
            found.append(Removed(f"a {detail}: address in the {name} of <{tag}>", rf"\b{detail}\s*:"))
        else:
            found.append(Removed(f"the {name} attribute on <{tag}>", rf"(?<![\w-]){re.escape(name)}\s*="))
    return found


#: What Markdown must hold before its page can carry markup the sanitiser removes: raw
#: HTML or an entity; an attribute list that sets an attribute (``{ onclick="…" }``;
#: ``{#label}`` and ``{.class}`` are kept); a link or reference whose address has a
#: scheme other than http, https or mailto, or holds an escape (``jav&#x61;script:``).
#: A document with none of these renders to allowed markup only, so it is not rendered
#: again here (that was a sixth of `check`'s time). The build sanitises every public
#: page whatever this says: a miss here costs a message, never a page.
MARKUP_TRIGGER = re.compile(
    r"<[A-Za-z!/?]|&#?\w+;|\{[^}\n]*=[^}\n]*\}"
    r"|(?:\]\(|^\s*\[[^\]\n]+\]:)\s*<?(?:(?!https?:|mailto:)[A-Za-z][\w+.-]*:|[^)\s]*[&%\\])",
    re.MULTILINE,
)


def markup_problems(markdown_body: str) -> list[tuple[int, str]]:
    """(line within ``markdown_body``, what is removed) for what sanitising would take
    out of the page this Markdown renders to, each on the first line that shows it."""
    if not MARKUP_TRIGGER.search(markdown_body):
        return []
    import markdown  # Python-Markdown loads slowly: only for a body holding raw markup

    html = markdown.markdown(markdown_body, extensions=SITE_MARKDOWN_EXTENSIONS)
    lines = markdown_body.splitlines()
    problems = []
    for removed in removed_markup(html):
        needle = re.compile(removed.needle, re.IGNORECASE)
        line = next((number for number, text in enumerate(lines, 1) if needle.search(text)), 1)
        problems.append((line, removed.what))
    return sorted(problems)


# What makes an SVG file active when opened on its own (not through <img>): it would
# run on the public site's own address.
SVG_ACTIVE = [
    (re.compile(r"<script\b", re.IGNORECASE), "a <script> element"),
    (re.compile(r"<foreignObject\b", re.IGNORECASE), "a <foreignObject> element (HTML inside the SVG)"),
    (re.compile(r"<(?:iframe|embed|object)\b", re.IGNORECASE), "an embedded frame or object"),
    (re.compile(r"""[\s"'/]on[a-z]+\s*=""", re.IGNORECASE), "an event handler attribute (on...=)"),
    (re.compile(r"javascript\s*:", re.IGNORECASE), "a javascript: address"),
]


def svg_problems(svg_text: str) -> list[tuple[int, str]]:
    """(line, what) of each kind of active content in an SVG file a public page shows."""
    problems = []
    for pattern, what in SVG_ACTIVE:
        found = pattern.search(svg_text)
        if found:
            problems.append((svg_text.count("\n", 0, found.start()) + 1, what))
    return sorted(problems)
