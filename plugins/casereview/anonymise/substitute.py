"""Replace every real name of a key by its acronym, in Markdown or in HTML.

``Anonymiser(key).substitute(text)`` first runs the fast scan of the publication gate;
a page with no name (the usual case) is returned as it is. Otherwise it maps each
match back to the original text and replaces just that span:

* a possessive keeps its ending: ``Kayleigh's`` -> ``Mother M's``;
* a title before a person's name goes with it: ``Ms Ramanathan`` -> ``SW1``;
* a name split by inline tags keeps the tags, emptied: ``Ti<em>lly</em>`` ->
  ``Child T<em></em>``, so no tag is ever lost or unbalanced;
* attribute values are text too (``alt``, ``title``, ``href``); inside a URL escape
  the acronym is URL-escaped (``Zo%C3%AB`` -> ``Child%20Z``);
* an acronym holding ``&``, ``<``, ``>`` or ``"`` is inserted HTML-escaped.
"""

from __future__ import annotations

import html
import re
from urllib.parse import quote

from casereview.anonymise.mapped import MappedViews
from casereview.anonymise.matcher import Hit, matcher_for, with_title
from casereview.anonymise.normalise import INLINE_TAG, fast_views
from casereview.sources.key import Key

HTML_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
ANY_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
URL_ESCAPE = re.compile(r"%[0-9A-Fa-f]{2}")
HTML_SPECIAL = re.compile(r'[&<>"]')


def strip_html_comments(markup: str) -> str:
    """``markup`` without its HTML comments (an unclosed one runs to the end)."""
    return HTML_COMMENT.sub("", markup)


class Anonymiser:
    """Substitutes the names of one key; cheap to create (the automaton is cached)."""

    def __init__(self, key: Key) -> None:
        self.key = key
        self._matcher = matcher_for(key)

    def has_names(self, text: str) -> bool:
        """Whether ``text`` holds a real name of the key (the gate's own test)."""
        return bool(self._matcher.leaks(fast_views(text)))

    def substitute(self, text: str) -> str:
        """``text`` with every real name replaced by its entity's acronym."""
        if not text or not self.has_names(text):
            return text
        if "<" in text:
            text = INLINE_TAG.sub(lambda tag: self._replace(tag.group(), markup=False), text)
        return self._replace(text, markup=True)

    def _replace(self, text: str, markup: bool) -> str:
        views = MappedViews(text, markup=markup)
        pieces: list[str] = []
        done = view_done = 0
        for hit in self._matcher.hits(views):
            if hit.form.acronym is None:
                view_done = max(view_done, hit.end)
                continue
            view_start, view_end = _span(with_title(hit, views.lower), views.lower, view_done)
            if view_start >= view_end:
                continue
            start, end = views.original_span(view_start, view_end)
            pieces += [text[done:start], _replacement(hit.form.acronym, text[start:end])]
            done, view_done = end, view_end
        return "".join(pieces) + text[done:]


def _span(hit: Hit, lower: str, taken: int) -> tuple[int, int]:
    """The hit's view span after ``taken`` (a partial overlap), leading spaces trimmed."""
    start = max(hit.start, taken)
    while start < hit.end and lower[start] == " ":
        start += 1
    return start, hit.end


def _replacement(acronym: str, original: str) -> str:
    """The acronym, escaped for where it goes, followed by any tag the name enclosed."""
    if URL_ESCAPE.search(original) and " " not in original:
        text = quote(acronym, safe="")
    elif HTML_SPECIAL.search(acronym):
        text = html.escape(acronym, quote=True)
    else:
        text = acronym
    return text + "".join(ANY_TAG.findall(original))
