"""Build the demo (or a changed copy of it) into a temporary project, as a user would."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

from casereview.cli.main import main as casereview

PROJECT = Path(__file__).resolve().parents[1]
EPOCH = "1717200000"  # a fixed SOURCE_DATE_EPOCH: builds must not depend on the clock


def make_project(target: Path, *, pdf: bool = True, internal_pdf: bool | None = None) -> Path:
    """Copy the configuration, theme and content into ``target``.

    ``pdf=False`` turns PDFs off on both sites; ``internal_pdf=False`` only skips the
    panel pack (the public site still writes the PDFs its landing page links to)."""
    target.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "mkdocs.public.yml"):
        shutil.copy(PROJECT / name, target / name)
    for name in ("theme", "content"):
        shutil.copytree(PROJECT / name, target / name, dirs_exist_ok=True)
    off = [] if pdf else ["mkdocs.yml", "mkdocs.public.yml"]
    if internal_pdf is False:
        off = sorted({*off, "mkdocs.yml"})
    for name in off:
        path = target / name
        path.write_text(re.sub(r"(\n      audience: \w+\n)", r"\1      pdf: false\n", path.read_text()))
    return target


def build(project: Path, site: str = "both") -> int:
    """Build with a fixed SOURCE_DATE_EPOCH, restoring the environment afterwards."""
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    try:
        return casereview(["build", "--project", str(project), "--site", site])
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


def files_under(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def configure_small_site(root: Path) -> Path:
    """Make ``root`` (holding a content/ folder, e.g. the ``mini_project`` fixture) a
    project: the repository's mkdocs.yml with PDFs off, and its theme (linked)."""
    (root / "theme").symlink_to(PROJECT / "theme")
    config = (PROJECT / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        re.sub(r"(\n      audience: \w+\n)", r"\1      pdf: false\n", config), encoding="utf-8"
    )
    return root
