"""Which source files each site carries, and the pages casereview generates."""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from casereview.render.accessibility_statement import (
    STATEMENT_PAGE,
    AccessibilitySettingError,
    settings_from_extra,
    statement_markdown,
)
from casereview.render.pages import landing_markdown, published_documents
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


class _UnchangedGeneratedFile(File):
    """A generated page whose review has not changed since the previous build in this
    process: a dirty build (`mkdocs serve --dirty`) leaves the page it wrote as it is."""

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
    for uri, content, review in state.internal_generated_pages():
        kind = _UnchangedGeneratedFile if dirty and state.unchanged_since_last_build(review) else File
        files.append(kind.generated(config, uri, content=content))
    for uri, content in state.board_generated_pages():
        files.append(File.generated(config, uri, content=content))


def _add_public_pages(files: Files, config: MkDocsConfig, state: SiteState, site_name: str) -> None:
    records = []
    for review in state.reviews.values():
        docs = published_documents(review)
        if not docs:
            continue
        entries = []
        for src_uri, meta in docs:
            entries.append(
                {"title": meta.get("title", ""), "url": src_uri, "pdf": state.pdf_href(src_uri, from_root=True)}
            )
        records.append(
            {
                "title": review.meta.get("title", review.slug),
                "year": review.meta.get("year"),
                "board": review.meta.get("board", ""),
                "review_type": state.review_type_name(review),
                "themes": list(review.meta.get("themes") or []),
                "documents": entries
                + [{"title": "Key to acronyms", "url": f"reviews/{review.slug}/key.md", "pdf": None}],
            }
        )
    files.append(File.generated(config, "index.md", content=landing_markdown(records, site_name)))
    files.append(File.generated(config, STATEMENT_PAGE, content=_statement(config, site_name)))
    for uri, content in state.public_generated_pages():
        files.append(File.generated(config, uri, content=content))


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
