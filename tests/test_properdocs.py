"""MkDocs 1.x is unmaintained: the same plugins must build the demo under ProperDocs."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest

from sitebuild import EPOCH, make_project

pytestmark = pytest.mark.slow


def test_plugins_are_registered_for_both_tools() -> None:
    for group in ("mkdocs.plugins", "properdocs.plugins"):
        names = {ep.name for ep in entry_points(group=group)}
        assert {"casereview", "casereview-publish"} <= names, group


def test_properdocs_builds_both_sites(tmp_path: Path) -> None:
    project = make_project(tmp_path, pdf=False)
    properdocs = Path(sys.executable).with_name("properdocs")
    for config in ("mkdocs.yml", "mkdocs.public.yml"):
        result = subprocess.run(
            [str(properdocs), "build", "-f", config],
            cwd=project,
            capture_output=True,
            text=True,
            env={"PATH": "/usr/bin:/bin", "SOURCE_DATE_EPOCH": EPOCH},
            timeout=300,
        )
        assert result.returncode == 0, result.stderr[-2000:]
    imr = (project / "site/internal/reviews/eastmoor-child-t-2024/imr/police/index.html").read_text()
    assert "OFFICIAL-SENSITIVE" in imr and 'data-para="2.1"' in imr
    public = project / "site/public"
    assert (public / "reviews/eastmoor-child-t-2024/executive-summary/index.html").is_file()
    assert not (public / "reviews/eastmoor-child-t-2024/imr").exists()
    assert (public / "reviews.json").is_file()
