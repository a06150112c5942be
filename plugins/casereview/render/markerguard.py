"""The last guard against a placeholder in print or on a page: ``[[marker]]`` left raw.

`casereview check` reports markers it does not know; this guard looks at what is
actually delivered (a page's final HTML, the HTML a PDF is made from) and fails
when a ``[[...]]`` survived outside code, naming the source file and line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

_CODE = re.compile(r"<(pre|code|script|style)\b.*?</\1>|<!--.*?-->", re.DOTALL | re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
LEFTOVER = re.compile(r"\[\[\s*([^\[\]\n]{1,80}?)\s*\]\]")


@dataclass(frozen=True)
class LeftoverMarker:
    marker: str
    line: int | None


class UnresolvedMarker(Exception):
    """A ``[[marker]]`` reached a page or a PDF unexpanded."""

    def __init__(self, where: str, leftovers: list[LeftoverMarker]) -> None:
        self.where = where
        self.leftovers = leftovers
        places = "; ".join(
            f"{where}:{m.line}: [[{m.marker}]]" if m.line else f"{where}: [[{m.marker}]]" for m in leftovers
        )
        super().__init__(
            f"{places}: this marker was not filled in and would print as written. A marker stands "
            "on a line of its own and is one casereview knows (see the content model guide); "
            "fix or remove it."
        )


def leftover_markers(html: str) -> list[str]:
    """The ``[[...]]`` still in the text of ``html``, outside code, comments and scripts."""
    text = _TAG.sub("", _CODE.sub("", html))
    return [match[1] for match in LEFTOVER.finditer(text)]


def source_line(source: str, marker: str) -> int | None:
    """The line of ``[[marker]]`` in the Markdown source, outside fenced code."""
    pattern = re.compile(r"\[\[\s*" + re.escape(marker) + r"\s*\]\]")
    fenced = False
    for number, line in enumerate(source.splitlines(), start=1):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        elif not fenced and pattern.search(line):
            return number
    return None


def check_markers(html: str, where: str, source: Path | None = None) -> None:
    """Raise :class:`UnresolvedMarker` when ``html`` still holds a marker.

    ``where`` names the page in messages (its path under the content folder);
    ``source`` is its Markdown file, read only to find the line.
    """
    found = leftover_markers(html)
    if not found:
        return
    text = source.read_text(encoding="utf-8", errors="replace") if source and source.is_file() else ""
    unique = list(dict.fromkeys(found))
    raise UnresolvedMarker(where, [LeftoverMarker(marker, source_line(text, marker)) for marker in unique])
