"""Links inside a PDF: a web address relative to the page means nothing on paper.

A page links to others the way the site does (``../imr/police/#police-late-referral``,
relative to its own URL). In a PDF such a link would open a browser on nothing. Each
one becomes a link to the cited document's anchor when that document is in the same
PDF (the panel pack: its ids carry the document's prefix ``d3-``), or plain text when
it is not (the reader sees "paragraph 6.3 of the Police IMR", no dead link). Links
with a scheme (``https:``, ``mailto:``) and links inside the page (``#x``, already
prefixed) are left alone.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

_LINK = re.compile(r"<a\b([^>]*)>(.*?)</a>", re.DOTALL | re.IGNORECASE)
_HREF = re.compile(r'\bhref="([^"]*)"', re.IGNORECASE)
_CLASS = re.compile(r'\bclass="([^"]*)"', re.IGNORECASE)


@dataclass(frozen=True)
class PackIndex:
    """Which page URLs one PDF holds, and the number of each (its id prefix ``dN-``)."""

    numbers: Mapping[str, int] = field(default_factory=dict)

    @classmethod
    def of(cls, numbers: Mapping[str, int]) -> PackIndex:
        return cls({_normal(url): number for url, number in numbers.items()})

    def anchor(self, url: str, fragment: str) -> str | None:
        """``#d3-fragment`` (or ``#d3`` for the document itself), None when not in the PDF."""
        number = self.numbers.get(_normal(url))
        if number is None:
            return None
        return f"#d{number}-{fragment}" if fragment else f"#d{number}"


def _normal(url: str) -> str:
    """``reviews/x/imr/police/`` whatever the slashes: the key pages are found by."""
    stripped = url.strip("/")
    return stripped + "/" if stripped else ""


def target_url(page_url: str, href_path: str) -> str:
    """The site-relative URL a relative link of the page at ``page_url`` leads to."""
    base = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url) + "/"
    if href_path.startswith("/"):
        return _normal(href_path)
    joined = posixpath.normpath(posixpath.join(base or ".", href_path))
    return "" if joined in (".", "") else _normal(joined)


def is_web_link(href: str) -> bool:
    """True for a link a PDF reader cannot follow inside the file: relative web addresses."""
    parts = urlsplit(href)
    return not parts.scheme and not href.startswith("#")


def localise_links(body_html: str, page_url: str, index: PackIndex) -> str:
    """Every relative web link in ``body_html`` → an anchor in the PDF, or its text."""

    def replace(match: re.Match[str]) -> str:
        attrs, inner = match[1], match[2]
        href_match = _HREF.search(attrs)
        if href_match is None or not is_web_link(href_match[1]):
            return match[0]
        parts = urlsplit(href_match[1])
        anchor = index.anchor(target_url(page_url, unquote(parts.path)), unquote(parts.fragment))
        if anchor is None:
            klass = _CLASS.search(attrs)
            classes = f"{klass[1]} xref-text".strip() if klass else "xref-text"
            return f'<span class="{classes}">{inner}</span>'
        attrs = attrs[: href_match.start()] + f'href="{anchor}"' + attrs[href_match.end() :]
        klass = _CLASS.search(attrs)
        if klass:
            attrs = attrs[: klass.start()] + f'class="{klass[1]} xref-doc"' + attrs[klass.end() :]
        else:
            attrs += ' class="xref-doc"'
        return f"<a{attrs}>{inner}</a>"

    return _LINK.sub(replace, body_html)
