"""PDFs at the end of a build: a thin adapter over :mod:`casereview.print.packs`."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger

from casereview.mkdocs.review.config import ReviewConfig
from casereview.print.packs import BoardSettingError, board_from_extra, write_panel_pack, write_public_pdfs
from casereview.print.pdf import Board, FontNotInstalled, PageLimitExceeded
from casereview.render.markerguard import UnresolvedMarker
from casereview.render.site import SiteState

log = get_plugin_logger(__name__)


def board_from_config(config: MkDocsConfig) -> Board:
    """The board of ``extra.casereview.board`` (name, logo from mkdocs.yml's folder)."""
    try:
        return board_from_extra(config.extra, Path(config.config_file_path or "mkdocs.yml").parent)
    except BoardSettingError as exc:
        raise PluginError(str(exc)) from None


def write_pdfs(state: SiteState, site: Path, options: ReviewConfig, config: MkDocsConfig) -> None:
    board = board_from_config(config)
    try:
        if state.public:
            for href in write_public_pdfs(state, site, options.marking, options.synopsis_page_limit, board):
                log.info(f"PDF written: {href}")
            return
        for review in state.reviews.values():
            written = write_panel_pack(state, review, site, options.marking, board=board)
            if written:
                log.info(f"panel pack written: {written}")
    except (FontNotInstalled, PageLimitExceeded, UnresolvedMarker) as exc:
        raise PluginError(str(exc)) from None
