"""A public build that would publish a real name fails and leaves the old site as it was."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from casereview.cli.main import main as casereview
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

    from casereview.anonymise.gate import is_unchanged_theme_file, scan
    from casereview.sources.key import Key

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


def _mkdocs_build(config_file: Path, *, dirty: bool) -> None:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    config = load_config(config_file=str(config_file))
    config.plugins.on_startup(command="build", dirty=dirty)
    try:
        mkdocs_build(config, dirty=dirty)
    finally:
        config.plugins.on_shutdown()


def test_an_earlier_dirty_build_in_the_process_cannot_put_internal_pages_in_the_public_index(
    published, capsys, caplog, monkeypatch
) -> None:
    """MkDocs reuses plugin instances within a process and mkdocs-material's search
    plugin keeps a dirty build's index: the internal IMRs were merged into the public
    search index. The public build refuses; `casereview build` uses new instances."""
    from mkdocs.exceptions import Abort

    project, before = published
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1717200000")
    _mkdocs_build(project / "mkdocs.yml", dirty=True)  # the internal site, `--dirty`
    with pytest.raises(Abort):
        _mkdocs_build(project / "mkdocs.public.yml", dirty=False)
    assert "the search index lists" in _output(capsys, caplog)
    assert files_under(project / "site/public") == before  # nothing published
    assert not (project / "site/public.staging").exists()
    _mkdocs_build(project / "mkdocs.yml", dirty=True)
    assert build(project, "public") == 0  # the front door starts every site afresh
    index = (project / "site/public/search/search_index.json").read_text()
    assert "imr/police" not in index and "traceability" not in index


def test_search_entries_of_pages_not_in_the_build_are_found(tmp_path: Path) -> None:
    from casereview.anonymise.gate import foreign_search_entries

    (tmp_path / "search").mkdir()
    entries = [{"location": ""}, {"location": "reviews/r/synopsis/#s"}, {"location": "reviews/r/imr/police/#x"}]
    (tmp_path / "search/search_index.json").write_text(json.dumps({"docs": entries}))
    assert foreign_search_entries(tmp_path, {"./", "reviews/r/synopsis/"}) == ["reviews/r/imr/police/"]
    assert foreign_search_entries(tmp_path, {"./", "reviews/r/synopsis/", "reviews/r/imr/police/"}) == []
