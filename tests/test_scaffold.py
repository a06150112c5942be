"""casereview new site: a board's repository that checks, names the release, never overwrites."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from casereview import __version__
from casereview.checks.run import check_paths
from casereview.cli import scaffold
from casereview.cli.main import main as casereview
from project_paths import DEMO_CONTENT, PROJECT

SOURCE = "https://example.org/boards/casereview"
BOARD = "Northvale Safeguarding Partnership"


def new_site(target: Path, *extra: str) -> int:
    return casereview(["new", "site", str(target), "--source", SOURCE, "--board", BOARD, *extra])


def test_new_site_writes_a_board_repository_that_passes_check(tmp_path: Path) -> None:
    board = tmp_path / "board"
    assert new_site(board) == 0
    for relative in (
        "mkdocs.yml",
        "mkdocs.public.yml",
        ".github/workflows/review.yml",
        ".pre-commit-config.yaml",
        "requirements.txt",
        ".gitignore",
        "README.md",
        "content/reviews/eastmoor-child-t-2024/key.yml",
        "content/guide/index.md",
    ):
        assert (board / relative).is_file(), relative
    assert [f for f in check_paths([board / "content"]) if not f.is_note] == []  # the demo's one note: a shared event
    assert {"site/", ".venv/"} <= set((board / ".gitignore").read_text().split())
    readme = (board / "README.md").read_text()
    assert readme.startswith(f"# {BOARD}: case reviews\n") and "real names" in readme


def test_the_example_content_is_the_demo_byte_for_byte(tmp_path: Path) -> None:
    new_site(tmp_path)
    demo = {p.relative_to(DEMO_CONTENT): p.read_bytes() for p in DEMO_CONTENT.rglob("*") if p.is_file()}
    copied = {p.relative_to(tmp_path / "content"): p.read_bytes() for p in (tmp_path / "content").rglob("*") if p.is_file()}
    assert copied == demo


def test_configs_are_this_repositorys_with_the_boards_name(tmp_path: Path) -> None:
    new_site(tmp_path)
    internal = yaml.safe_load((tmp_path / "mkdocs.yml").read_text())
    ours = yaml.safe_load((PROJECT / "mkdocs.yml").read_text())
    assert internal["site_name"] == f"{BOARD}: case reviews (panel site)"
    for name in ("site_name", "site_description"):
        internal.pop(name), ours.pop(name)
    board = internal["extra"]["casereview"].pop("board")
    ours["extra"]["casereview"].pop("board")
    # The demo's accessibility contact is the demo's; a new board gets the setting to fill in.
    ours["extra"]["casereview"].pop("accessibility")
    assert "# accessibility:\n#   contact_email:" in re.sub(r"\n +", "\n", (tmp_path / "mkdocs.yml").read_text())
    assert board["name"] == BOARD and (tmp_path / board["logo"]).is_file()  # the board's name; a logo to replace
    assert internal == ours  # same theme, extensions and plugins: no custom_dir to copy
    assert "custom_dir" not in internal["theme"]
    public = yaml.safe_load((tmp_path / "mkdocs.public.yml").read_text())
    assert public["INHERIT"] == "mkdocs.yml"
    assert public["site_dir"] == "site/public.staging"  # only the gate writes site/public
    assert public["site_name"] == f"{BOARD}: case reviews"


def test_release_is_named_by_tag_in_requirements_and_pre_commit(tmp_path: Path) -> None:
    new_site(tmp_path)
    tag = f"v{__version__}"
    requirement = [line for line in (tmp_path / "requirements.txt").read_text().splitlines() if not line.startswith("#")]
    assert requirement == [f"casereview[properdocs] @ git+{SOURCE}@{tag}"]
    hooks = yaml.safe_load((tmp_path / ".pre-commit-config.yaml").read_text())
    assert hooks["repos"] == [{"repo": SOURCE, "rev": tag, "hooks": [{"id": "casereview-check"}]}]
    workflow = yaml.safe_load((tmp_path / ".github/workflows/review.yml").read_text())
    runs = [step.get("run", "") for step in workflow["jobs"]["check-and-build"]["steps"]]
    assert "pip install -r requirements.txt" in runs
    assert "casereview check --format github content" in runs
    assert "casereview build" in runs
    assert "casereview verify --content content site/public" in runs
    assert workflow["concurrency"]["group"] == "review-${{ github.ref }}"


def test_rev_can_name_another_release(tmp_path: Path) -> None:
    new_site(tmp_path, "--rev", "v0.3.1")
    assert "@v0.3.1" in (tmp_path / "requirements.txt").read_text()
    assert "rev: v0.3.1" in (tmp_path / ".pre-commit-config.yaml").read_text()


def test_existing_files_are_kept_and_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "README.md").write_text("our own readme\n")
    key = tmp_path / "content/reviews/eastmoor-child-t-2024/key.yml"
    key.parent.mkdir(parents=True)
    key.write_text("our key\n")
    assert new_site(tmp_path) == 0
    assert (tmp_path / "README.md").read_text() == "our own readme\n"
    assert key.read_text() == "our key\n"
    err = capsys.readouterr().err
    assert f"skipped {tmp_path / 'README.md'}: it exists" in err
    assert f"skipped {key}: it exists" in err
    assert "2 skipped" in err
    assert (tmp_path / "mkdocs.yml").is_file()  # the rest was written


def test_without_a_known_source_nothing_is_written(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # This test run's casereview is an editable install, not one from git.
    assert casereview(["new", "site", str(tmp_path / "board")]) == 1
    assert "give it with --source" in capsys.readouterr().err
    assert not (tmp_path / "board").exists()


class _Installed:
    def __init__(self, record: dict[str, object]) -> None:
        self.record = record

    def read_text(self, name: str) -> str | None:
        return json.dumps(self.record) if name == "direct_url.json" else None


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        ({"url": "https://github.com/o/casereview", "vcs_info": {"vcs": "git", "commit_id": "ab"}}, "https://github.com/o/casereview"),
        ({"url": "file:///home/o/casereview", "dir_info": {"editable": True}}, None),
        ({"url": "https://files.example/casereview-0.2.0.whl", "archive_info": {}}, None),
    ],
)
def test_the_source_is_where_pip_installed_casereview_from_git(
    monkeypatch: pytest.MonkeyPatch, record: dict[str, object], expected: str | None
) -> None:
    monkeypatch.setattr(scaffold.metadata, "distribution", lambda name: _Installed(record))
    assert scaffold.installed_from() == expected
