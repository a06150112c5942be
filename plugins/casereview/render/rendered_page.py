"""One page as a site shows it: where it came from, its URL, its frontmatter, its HTML.

A record of its own, so the renderer (:mod:`casereview.render.markdown`), the site's
state and the print stage share it without importing one another.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from dataclasses import dataclass
from typing import Any


@dataclass
class RenderedPage:
    src_uri: str
    url: str
    title: str
    meta: MutableMapping[str, Any]  # the page's frontmatter (MkDocs's page.meta while building)
    html: str = ""
