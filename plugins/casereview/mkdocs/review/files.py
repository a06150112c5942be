"""Which source files each site carries, and the pages casereview generates."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from casereview.render.accessibility_statement import (
    AccessibilitySettingError,
    settings_from_extra,
    statement_markdown,
)
from casereview.render.generated import GeneratedPage, internal_pages, public_pages
from casereview.render.site import SiteState
from casereview.sources.documents import classify

# Raw data is shown as pages (key page, chronology page), never copied as files.
DATA_KINDS = frozenset({"key", "glossary", "allowlist", "chronology"})


def _from_docs(file: File, config: MkDocsConfig) -> bool:
    return (
        file.src_dir is not None
        and file.abs_src_path is not None
        and (file.abs_src_path.startswith(str(config.docs_dir)))
    )


# Theme assets only the internal site uses; the public site does not ship them.
INTERNAL_ASSETS = ("assets/chronology.", "assets/actions.")


class _GeneratedFile(File):
    """A page casereview generates, made when MkDocs first reads it: choosing the
    site's files needs its path only (casereview.render.generated)."""

    _make: Callable[[], str] | None = None
    _made: str | bytes | None = None

    @classmethod
    def of(cls, config: MkDocsConfig, page: GeneratedPage) -> File:
        file = cls.generated(config, page.src_uri, content="")
        assert isinstance(file, _GeneratedFile)  # File.generated makes an instance of cls
        file._make = page.make
        return file

    @property
    def _content(self) -> str | bytes | None:
        if self._make is not None:
            self._made, self._make = self._make(), None
        return self._made

    @_content.setter
    def _content(self, value: str | bytes | None) -> None:
        self._made, self._make = value, None


class _UnchangedGeneratedFile(_GeneratedFile):
    """A generated page whose review has not changed since the previous build in this
    session: a dirty build (`mkdocs serve --dirty`) leaves the page it wrote as it is."""

    def is_modified(self) -> bool:
        return not os.path.isfile(self.abs_dest_path)


def select_files(files: Files, config: MkDocsConfig, state: SiteState, *, site_name: str, dirty: bool = False) -> Files:
    for file in list(files):
        if _from_docs(file, config) and not _keep(file, state):
            files.remove(file)
        elif state.public and file.src_uri.startswith(INTERNAL_ASSETS):
            files.remove(file)
    if state.public:
        _add_public_pages(files, config, state, site_name)
    else:
        _add_internal_pages(files, config, state, dirty)
    return files


def _keep(file: File, state: SiteState) -> bool:
    if file.abs_src_path is None:
        return False
    kind = classify(Path(file.abs_src_path))
    if kind in DATA_KINDS:
        return False
    if not state.public:
        return True
    # Publishable documents, and the images they show (no other file of content/).
    return file.src_uri in state.public_src_uris or file.src_uri in state.public_image_uris


def _add_internal_pages(files: Files, config: MkDocsConfig, state: SiteState, dirty: bool) -> None:
    for page in internal_pages(state):
        unchanged = dirty and page.review is not None and state.unchanged_since_last_build(page.review)
        files.append((_UnchangedGeneratedFile if unchanged else _GeneratedFile).of(config, page))


def _add_public_pages(files: Files, config: MkDocsConfig, state: SiteState, site_name: str) -> None:
    for page in public_pages(state, site_name, _statement(config, site_name)):
        files.append(_GeneratedFile.of(config, page))


def _statement(config: MkDocsConfig, site_name: str) -> str:
    """The accessibility statement, from extra.casereview.accessibility and .board.name."""
    try:
        settings = settings_from_extra(config.extra)
    except AccessibilitySettingError as exc:
        raise PluginError(f"casereview: {exc}") from None
    casereview = config.extra.get("casereview") or {}
    board = casereview.get("board") if isinstance(casereview, dict) else None
    name = str(board.get("name") or "") if isinstance(board, dict) else ""
    return statement_markdown(settings, name, site_name)
