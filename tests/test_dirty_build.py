"""`mkdocs build --dirty` / `mkdocs serve --dirty` render only changed pages; the
pages they do render must be the same as in a full build (citations to unchanged
pages numbered, the traceability matrix complete)."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from sitebuild import EPOCH, make_project

REVIEW = "reviews/eastmoor-child-t-2024"
OTHER_REVIEW = "reviews/eastmoor-copy-2024"
EDITED = f"content/{REVIEW}/imr/police.md"
ADDED = "\n\nA paragraph added between builds; it cites the handover [](csc.md#csc-edt-handover).\n"


def mkdocs_build(project: Path, *, dirty: bool, shutdown: bool = True) -> None:
    """One build; ``shutdown=False`` keeps the plugins' session open for the next build,
    as `mkdocs serve` does between rebuilds."""
    config = load_config(config_file=str(project / "mkdocs.yml"))
    config.plugins.on_startup(command="build", dirty=dirty)
    try:
        build(config, dirty=dirty)
    finally:
        if shutdown:
            config.plugins.on_shutdown()


@pytest.fixture
def epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


def page(project: Path, url: str) -> str:
    return (project / "site" / "internal" / url / "index.html").read_text(encoding="utf-8")


def article(project: Path, url: str) -> str:
    """The document itself: MkDocs warns that a dirty build's navigation is inexact."""
    html = page(project, url)
    start = html.index("<article")
    return html[start : html.index("</article>", start)]


# First build full (`mkdocs build --dirty` later, in a new session: unchanged pages
# are rendered without the theme) or dirty too (`mkdocs serve --dirty`: they are
# taken from the earlier build in the same plugin session).
@pytest.mark.parametrize("first_dirty", [False, True], ids=["build-then-dirty", "serve-dirty"])
def test_dirty_build_renders_the_edited_page_as_a_full_build_does(tmp_path: Path, epoch, first_dirty: bool) -> None:
    dirty = make_project(tmp_path / "dirty", pdf=False)
    shutil.copytree(dirty / "content" / REVIEW, dirty / "content" / OTHER_REVIEW)  # unchanged by the edit
    mkdocs_build(dirty, dirty=first_dirty, shutdown=not first_dirty)
    unchanged_page = page(dirty, f"{REVIEW}/imr/csc")
    time.sleep(0.05)
    with (dirty / EDITED).open("a", encoding="utf-8") as imr:
        imr.write(ADDED)
    os.utime(dirty / EDITED)
    mkdocs_build(dirty, dirty=True)

    full = tmp_path / "full"
    shutil.copytree(dirty, full, ignore=shutil.ignore_patterns("site"))
    mkdocs_build(full, dirty=False)

    edited = article(dirty, f"{REVIEW}/imr/police")
    assert "A paragraph added between builds" in edited
    assert "unknown paragraph" not in edited
    assert edited == article(full, f"{REVIEW}/imr/police")
    assert article(dirty, f"{REVIEW}/traceability") == article(full, f"{REVIEW}/traceability")
    assert page(dirty, f"{REVIEW}/imr/csc") == unchanged_page  # not rewritten
    assert article(dirty, f"{OTHER_REVIEW}/traceability") == article(full, f"{OTHER_REVIEW}/traceability")
