"""PDFs at the end of a build: a thin adapter over :mod:`casereview.packs`."""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger

from casereview.mkdocs.review.config import ReviewConfig
from casereview.packs import write_panel_pack, write_public_pdfs
from casereview.pdf import FontNotInstalled, PageLimitExceeded
from casereview.sitestate import SiteState

log = get_plugin_logger(__name__)


def write_pdfs(state: SiteState, site: Path, options: ReviewConfig) -> None:
    try:
        if state.public:
            for href in write_public_pdfs(state, site, options.marking, options.synopsis_page_limit):
                log.info(f"PDF written: {href}")
            return
        for review in state.reviews.values():
            written = write_panel_pack(state, review, site, options.marking)
            if written:
                log.info(f"panel pack written: {written}")
    except (FontNotInstalled, PageLimitExceeded) as exc:
        raise PluginError(str(exc)) from None
