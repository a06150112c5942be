"""MkDocs 1.x is unmaintained: the same plugins must build the demo under ProperDocs."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest

from sitebuild import EPOCH, make_project
from test_leak_routes import SECRETS, _inject_names

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


def _casereview_build(project: Path, engine: str | None) -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/bin:/bin", "SOURCE_DATE_EPOCH": EPOCH}
    if engine:
        env["CASEREVIEW_ENGINE"] = engine
    return subprocess.run(
        [str(Path(sys.executable).with_name("casereview")), "build"],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


@pytest.mark.parametrize(("engine", "expected"), [(None, "properdocs 1.6"), ("mkdocs", "mkdocs 1.6")])
def test_casereview_build_prefers_properdocs_and_still_supports_mkdocs(
    tmp_path: Path, engine: str | None, expected: str
) -> None:
    project = make_project(tmp_path, pdf=False)
    result = _casereview_build(project, engine)
    assert result.returncode == 0, result.stderr[-2000:]
    assert f"mkdocs.yml with {expected}" in result.stderr
    assert f"mkdocs.public.yml with {expected}" in result.stderr
    # The theme overrides come from the plugin (mkdocs.yml names no custom_dir).
    index = (project / "site/internal/index.html").read_text()
    assert "casereview-marking" in index and "assets/chronology.js" in index
    public = (project / "site/public/index.html").read_text()
    assert "assets/casereview.css" in public and "chronology" not in public
    assert (project / "site/public.gate.json").is_file()


def test_an_unknown_engine_is_refused_with_the_choices(tmp_path: Path) -> None:
    project = make_project(tmp_path, pdf=False)
    result = _casereview_build(project, "zensical")
    assert result.returncode == 1
    assert 'CASEREVIEW_ENGINE="zensical": use one of properdocs, mkdocs' in result.stderr
    assert not (project / "site").exists()


def test_properdocs_cannot_take_over_once_mkdocs_is_loaded(monkeypatch: pytest.MonkeyPatch) -> None:
    import mkdocs  # noqa: F401 - the state being tested: MkDocs already in this process

    from casereview.mkdocs.engine import EngineUnavailable, choose

    monkeypatch.delenv("CASEREVIEW_ENGINE", raising=False)
    assert choose() == "mkdocs"
    with pytest.raises(EngineUnavailable, match="already loaded"):
        choose("properdocs")


def test_names_reach_no_log_line_under_properdocs(tmp_path: Path) -> None:
    """ProperDocs logs under its own logger name: its messages are masked too, through
    `casereview build` and through its own command line."""
    project = make_project(tmp_path, pdf=False)
    _inject_names(project)
    outputs = [_casereview_build(project, None)]
    properdocs = Path(sys.executable).with_name("properdocs")
    outputs.append(
        subprocess.run(
            [str(properdocs), "build", "-f", "mkdocs.yml"],
            cwd=project,
            capture_output=True,
            text=True,
            env={"PATH": "/usr/bin:/bin", "SOURCE_DATE_EPOCH": EPOCH},
            timeout=300,
        )
    )
    text = "\n".join(result.stdout + result.stderr for result in outputs)
    assert "with properdocs" in text
    assert "[Town 1]" in text  # the review folder's name was logged, masked
    assert not SECRETS.search(text), SECRETS.search(text)
