"""The ``[[marker]]`` lines authors may write, and where they stand in a document.

A marker stands alone on its line, outside fenced code. :mod:`casereview.render.markers`
expands them; ``casereview check`` reports unknown ones and those that include their own
document.
"""

from __future__ import annotations

import re

MARKER_LINE = re.compile(r"^[ \t]*\[\[([a-z-]+)\]\][ \t]*$", re.MULTILINE)
#: Markers filled from the rendered page (placeholders in the Markdown).
HTML_MARKERS = frozenset({"key", "glossary", "genogram"})
KNOWN_MARKERS = HTML_MARKERS | {"recommendations", "executive-summary", "milestones"}
# Markers that include another document, by the type of the document they include.
INCLUDING_MARKERS = {"executive-summary": "executive-summary"}
FENCE = re.compile(r"^(```|~~~)")


def find_markers(markdown: str) -> list[tuple[str, int]]:
    """Every marker with its 1-based line, outside fenced code."""
    found, in_fence = [], False
    for number, line in enumerate(markdown.splitlines(), start=1):
        if FENCE.match(line.strip()):
            in_fence = not in_fence
            continue
        match = MARKER_LINE.match(line)
        if match and not in_fence:
            found.append((match.group(1), number))
    return found
