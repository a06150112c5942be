"""A public build that would publish a real name fails and leaves the old site as it was."""

from __future__ import annotations

from pathlib import Path

import pytest

from casereview.cli import main as casereview
from sitebuild import build, files_under, make_project

pytestmark = pytest.mark.slow

SUMMARY = "content/reviews/eastmoor-child-t-2024/executive-summary.md"


@pytest.fixture
def published(tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    project = make_project(tmp_path / "project", pdf=False)
    assert build(project, "public") == 0
    return project, files_under(project / "site/public")


def _output(capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture) -> str:
    captured = capsys.readouterr()
    return captured.out + captured.err + caplog.text


def test_real_name_in_a_publishable_source_stops_the_build(published, capsys, caplog) -> None:
    project, before = published
    summary = project / SUMMARY
    summary.write_text(summary.read_text() + "\nThe family of Kayleigh Harper moved in 2021.\n")
    assert build(project, "public") != 0
    output = _output(capsys, caplog)
    assert '"Mother M"' in output
    assert "Kayleigh" not in output and "Harper" not in output
    assert files_under(project / "site/public") == before


def test_a_name_the_plugins_never_saw_is_caught_by_the_gate(published, capsys, caplog) -> None:
    """A leak from the configuration (here the site description every page carries)
    bypasses substitution; the gate must still refuse to publish."""
    project, before = published
    config = project / "mkdocs.public.yml"
    config.write_text(
        config.read_text().replace(
            "site_name: Eastmoor case reviews",
            "site_name: Eastmoor case reviews\nsite_description: Reviews after Connor O'Rourke",
        )
    )
    assert build(project, "public") != 0
    output = _output(capsys, caplog)
    assert '"Partner P"' in output and "LEAK" in output
    assert "Rourke" not in output
    assert files_under(project / "site/public") == before
    assert not (project / "site/public.staging").exists()


def test_scan_command_finds_a_leak_in_built_output(published, capsys, monkeypatch) -> None:
    project, _ = published
    leaked = project / "site/public/extra.html"
    leaked.write_text("<p>Seen by Si&acirc;n <em>Pryce</em></p>")
    monkeypatch.chdir(project)
    assert casereview(["scan", "site/public"]) == 1
    out = capsys.readouterr().out
    assert '"HV1"' in out and "extra.html" in out and "Pryce" not in out
    leaked.unlink()
    assert casereview(["scan", "site/public"]) == 0


def test_unchanged_theme_files_are_not_read_but_changed_ones_are(tmp_path: Path) -> None:
    """A theme file copied as the package ships it carries nothing of a review; the
    same file with a name added is output like any other."""
    import importlib.util

    from casereview.gate import is_unchanged_theme_file, scan
    from casereview.key import Key

    root = Path(importlib.util.find_spec("material").submodule_search_locations[0])
    shipped = next(root.rglob("lunr.pt.min.js"))
    site = tmp_path / "site"
    (site / "assets").mkdir(parents=True)
    copy = site / "assets" / shipped.name
    copy.write_bytes(shipped.read_bytes())
    assert is_unchanged_theme_file(copy)
    key = Key.from_mapping(
        {"entities": [{"acronym": "Child A", "category": "family", "names": ["Esmeralda Quist"], "role": "Subject"}]}
    )
    assert scan([site], key) == []
    copy.write_bytes(shipped.read_bytes() + b"\n// Esmeralda Quist\n")
    assert not is_unchanged_theme_file(copy)
    assert [leak.acronym for leak in scan([site], key)] == ["Child A"]
