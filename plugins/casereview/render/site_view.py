"""What the renderer and the generated pages need of one site build, as a protocol.

:class:`casereview.render.site.SiteState` is the one implementation. The renderer
(:mod:`casereview.render.markdown`) and the generated pages
(:mod:`casereview.render.generated`) are called by the site state, so they name what
they use of it here instead of importing it back: no circle, not even for types.
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from datetime import date
from pathlib import Path
from typing import Any, Protocol

from casereview.render.memory import BuildMemory
from casereview.render.rendered_page import RenderedPage
from casereview.sources.review import Review


class SiteView(Protocol):
    """One site build (internal or public) as the renderer and the generated pages see it."""

    content_root: Path
    audience: str
    today: date
    reviews: dict[str, Review]
    raw_blocks: dict[str, str]
    memory: BuildMemory

    @property
    def public(self) -> bool: ...

    def is_published(self, meta: Mapping[str, Any]) -> bool: ...

    def prepare_markdown(self, src_uri: str, markdown: str, meta: MutableMapping[str, Any]) -> str: ...

    def finish_html(self, page: RenderedPage) -> str: ...

    def resolve(self, page: RenderedPage) -> tuple[str, list[Any]]: ...

    def traceability_html(self, slug: str) -> str: ...

    def stash_raw_html(self, block: str) -> str: ...

    def review_signature(self, review: Review) -> tuple[Any, ...] | None: ...

    def review_type_name(self, review: Review) -> str: ...

    def pdf_href(self, src_uri: str, *, from_root: bool = False) -> str | None: ...
