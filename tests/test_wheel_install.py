"""A board's view: the wheel installed into a fresh virtual environment outside this
repository, `casereview new site`, then check, build (both sites, PDFs), verify, and
the pre-commit hook of `.pre-commit-hooks.yaml` as a board's `git commit` runs it.

The locked runtime wheels are downloaded once into the pytest cache; every install
here (the venv, and the environment pre-commit builds for the hook) then uses only
them (`--no-index`), so the test is repeatable and takes about a minute.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from casereview import __version__
from project_paths import PROJECT
from sitebuild import EPOCH

pytestmark = pytest.mark.slow

LOCK = PROJECT / "requirements.lock"
TAG = f"v{__version__}"
GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "Board administrator",
    "GIT_AUTHOR_EMAIL": "admin@board.invalid",
    "GIT_COMMITTER_NAME": "Board administrator",
    "GIT_COMMITTER_EMAIL": "admin@board.invalid",
}


def run(args: list[str | Path], cwd: Path, env: dict[str, str], timeout: int = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


def ok(args: list[str | Path], cwd: Path, env: dict[str, str], timeout: int = 300) -> str:
    result = run(args, cwd, env, timeout)
    assert result.returncode == 0, f"{args} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result.stdout + result.stderr


@pytest.fixture(scope="module")
def wheels(pytestconfig: pytest.Config) -> Path:
    """The locked runtime wheels, downloaded again only when requirements.lock changes."""
    cache = Path(pytestconfig.cache.mkdir("casereview-wheels"))
    stamp = cache / "lock.sha256"
    want = hashlib.sha256(LOCK.read_bytes()).hexdigest()
    if not stamp.is_file() or stamp.read_text() != want:
        shutil.rmtree(cache)
        cache.mkdir()
        pip = [sys.executable, "-m", "pip", "download", "-q", "--disable-pip-version-check"]
        ok([*pip, "-r", LOCK, "-d", cache], PROJECT, dict(os.environ), timeout=600)
        stamp.write_text(want)
    return cache


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This working tree as a git repository tagged with the release, as a board
    would find it: the files git tracks or would track, nothing built."""
    target = tmp_path_factory.mktemp("casereview-source")
    env = {**os.environ, **GIT_IDENTITY}
    listed = ok(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], PROJECT, env)
    for name in filter(None, listed.split("\0")):
        path = PROJECT / name
        if path.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target / name)
    for step in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "release"], ["tag", TAG]):
        ok(["git", *step], target, env)
    return target


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory, wheels: Path, source: Path) -> Path:
    """A fresh virtual environment with the wheel and its locked dependencies only."""
    root = tmp_path_factory.mktemp("board-venv")
    dist = root / "dist"
    env = _clean_env()
    ok([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", dist, source], root, env)
    (wheel,) = dist.glob("casereview-*.whl")
    ok([sys.executable, "-m", "venv", root / "venv"], root, env)
    python = root / "venv" / "bin" / "python"
    pip = [python, "-m", "pip", "install", "-q", "--disable-pip-version-check", "--no-index", "--find-links", wheels]
    ok([*pip, "-c", LOCK, wheel], root, env, timeout=600)
    return root / "venv"


def _clean_env(**extra: str) -> dict[str, str]:
    """No variable of this test run (CASEREVIEW_ENGINE, PYTHONPATH, a venv's PATH)."""
    keep = {k: os.environ[k] for k in ("HOME", "LANG", "TMPDIR") if k in os.environ}
    return {"PATH": "/usr/local/bin:/usr/bin:/bin", **keep, **extra}


def test_a_board_installs_the_wheel_scaffolds_checks_builds_and_commits(
    venv: Path, source: Path, wheels: Path, tmp_path: Path
) -> None:
    env = _clean_env(PATH=f"{venv / 'bin'}:/usr/local/bin:/usr/bin:/bin", SOURCE_DATE_EPOCH=EPOCH)
    casereview = venv / "bin" / "casereview"

    # The installed package is the wheel's, with its data, not this checkout.
    where = ok([venv / "bin" / "python", "-c", _WHERE], tmp_path, env).split()
    site_packages = str(venv / "lib")
    assert all(path.startswith(site_packages) for path in where), where
    assert ok([casereview, "--version"], tmp_path, env).strip() == f"casereview {__version__}"

    board = tmp_path / "board"
    out = ok([casereview, "new", "site", board, "--source", source.as_uri(), "--board", "Northvale Partnership"], tmp_path, env)
    assert "0 skipped" in out
    assert "casereview check: 0 error(s), 0 warning(s)" in ok([casereview, "check"], board, env)
    built = ok([casereview, "build"], board, env, timeout=600)
    assert "mkdocs.yml with mkdocs 1.6" in built  # the runtime lock has no ProperDocs
    review = "reviews/eastmoor-child-t-2024"
    internal = (board / "site/internal/index.html").read_text()
    assert "OFFICIAL-SENSITIVE: panel only" in internal  # the plugin's theme overrides
    assert (board / f"site/internal/{review}/eastmoor-child-t-2024-panel-pack.pdf").stat().st_size > 10_000
    assert (board / f"site/public/{review}/eastmoor-child-t-2024-synopsis.pdf").is_file()
    assert (board / "site/public/assets/casereview.css").is_file()
    assert not (board / "site/public.staging").exists()
    assert "no real name is in it" in ok([casereview, "verify"], board, env)

    # The hook as a board's commit runs it: pre-commit installs casereview from the
    # tagged repository into an environment of its own (from the cached wheels).
    hook_env = {
        **env,
        **GIT_IDENTITY,
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "PIP_NO_INDEX": "1",
        "PIP_FIND_LINKS": str(wheels),
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
    }
    pre_commit = Path(sys.executable).with_name("pre-commit")
    ok(["git", "init", "-q", "-b", "main"], board, hook_env)
    ok([pre_commit, "install"], board, hook_env)
    ok(["git", "add", "-A"], board, hook_env)
    committed = ok(["git", "commit", "-q", "-m", "Start the board's reviews"], board, hook_env, timeout=600)
    assert "casereview check" in committed and "Passed" in committed

    synopsis = board / f"content/{review}/synopsis.md"
    synopsis.write_text(synopsis.read_text().replace("status: approved", "status: finished", 1))
    ok(["git", "add", "-A"], board, hook_env)
    refused = run(["git", "commit", "-q", "-m", "A bad status"], board, hook_env)
    assert refused.returncode != 0
    output = refused.stdout + refused.stderr
    assert "Failed" in output and f"content/{review}/synopsis.md" in output and "status" in output
    assert run(["git", "diff", "--cached", "--quiet"], board, hook_env).returncode == 1  # still staged, not committed


_WHERE = """
import casereview
from casereview.sources.resources import folder, print_css
print(casereview.__file__, folder("schemas"), folder("theme"), folder("demo"), print_css())
"""
