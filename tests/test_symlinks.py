"""Symbolic links that lead out of the content folder are refused by check and by the
build, each alone; links that stay inside are read and checked like any file."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from casereview.cli.main import main as casereview
from casereview.sources.links import leaving_links
from sitebuild import build, files_under, make_project

REVIEW = "reviews/eastmoor-child-t-2024"
PLANTED = "The family of Kayleigh Harper moved in 2021."


def check(content: Path, capsys: pytest.CaptureFixture[str], *paths: str) -> tuple[int, str]:
    previous = Path.cwd()
    os.chdir(content.parent)
    try:
        status = casereview(["check", *(paths or ["content"])])
    finally:
        os.chdir(previous)
    captured = capsys.readouterr()
    return status, captured.out + captured.err


def outside_synopsis(content: Path, outside: Path) -> Path:
    """The public synopsis replaced by a link to a copy outside the project, with a real name."""
    synopsis = content / REVIEW / "synopsis.md"
    outside.mkdir(parents=True, exist_ok=True)
    target = outside / "synopsis.md"
    target.write_text(synopsis.read_text() + f"\n{PLANTED}\n")
    synopsis.unlink()
    synopsis.symlink_to(target)
    return synopsis


def test_check_refuses_a_public_synopsis_linked_from_outside(demo_copy: Path, tmp_path: Path, capsys) -> None:
    outside_synopsis(demo_copy, tmp_path / "elsewhere")
    status, output = check(demo_copy, capsys)
    assert status == 1
    assert f"content/{REVIEW}/synopsis.md: error: is a symbolic link that leads outside the content folder" in output
    assert "Kayleigh" not in output and "Harper" not in output and "elsewhere" not in output


def test_check_refuses_a_link_to_etc_passwd(demo_copy: Path, capsys) -> None:
    (demo_copy / REVIEW / "imr/passwd.md").symlink_to("/etc/passwd")
    for paths in ((), (f"content/{REVIEW}/imr/passwd.md",)):
        status, output = check(demo_copy, capsys, *paths)
        assert status == 1, paths
        assert f"content/{REVIEW}/imr/passwd.md: error: is a symbolic link" in output
        assert "root:" not in output and "/etc" not in output


def test_check_refuses_a_review_folder_linked_from_outside(demo_copy: Path, tmp_path: Path, capsys) -> None:
    shutil.copytree(demo_copy / REVIEW, tmp_path / "elsewhere/other-2024")
    (demo_copy / "reviews/other-2024").symlink_to(tmp_path / "elsewhere/other-2024", target_is_directory=True)
    status, output = check(demo_copy, capsys)
    assert status == 1
    assert "content/reviews/other-2024: error: is a symbolic link" in output
    assert "elsewhere" not in output


def test_a_link_that_stays_inside_is_checked_like_the_file(demo_copy: Path, capsys) -> None:
    synopsis = demo_copy / REVIEW / "synopsis.md"
    kept = demo_copy / REVIEW / "sources/synopsis.txt"
    kept.parent.mkdir()
    synopsis.rename(kept)
    synopsis.symlink_to("sources/synopsis.txt")
    status, output = check(demo_copy, capsys)
    assert status == 0, output
    kept.write_text(kept.read_text() + f"\n{PLANTED}\n")
    status, output = check(demo_copy, capsys)
    assert status == 1 and '"Mother M"' in output
    assert "symbolic link" not in output


def test_dangling_and_looping_links_are_refused(tmp_path: Path) -> None:
    root = tmp_path / "content"
    (root / "reviews").mkdir(parents=True)
    (root / "reviews/gone.md").symlink_to(tmp_path / "nothing-here.md")
    (root / "reviews/loop.md").symlink_to(root / "reviews/loop.md")
    (root / "inside.md").write_text("x")
    (root / "reviews/fine.md").symlink_to(root / "inside.md")
    assert leaving_links(root) == [root / "reviews/gone.md", root / "reviews/loop.md"]


@pytest.mark.slow
def test_the_build_refuses_a_public_synopsis_linked_from_outside(tmp_path: Path, capsys, caplog) -> None:
    project = make_project(tmp_path / "project", pdf=False)
    assert build(project, "public") == 0
    before = files_under(project / "site/public")
    outside_synopsis(project / "content", tmp_path / "elsewhere")
    assert build(project, "public") != 0
    captured = capsys.readouterr()
    output = captured.out + captured.err + caplog.text
    assert "synopsis.md: error: is a symbolic link" in output
    assert "Kayleigh" not in output and "Harper" not in output
    assert files_under(project / "site/public") == before
    assert not (project / "site/public.staging").exists()


@pytest.mark.slow
def test_mkdocs_refuses_a_review_folder_linked_from_outside(tmp_path: Path, capsys, caplog) -> None:
    """Plain `mkdocs build` with the casereview plugin (not only `casereview build`)."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    project = make_project(tmp_path / "project", pdf=False)
    shutil.copytree(project / "content" / REVIEW, tmp_path / "elsewhere/other-2024")
    (project / "content/reviews/other-2024").symlink_to(tmp_path / "elsewhere/other-2024", target_is_directory=True)
    config = load_config(config_file=str(project / "mkdocs.yml"))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        with pytest.raises(Abort):
            mkdocs_build(config)
    finally:
        config.plugins.on_shutdown()
    assert "reviews/other-2024: error: is a symbolic link" in capsys.readouterr().err + caplog.text
    assert not (project / "site/internal/reviews/other-2024").exists()
    assert build(project, "internal") != 0
    assert not (project / "site/internal/reviews/other-2024").exists()
