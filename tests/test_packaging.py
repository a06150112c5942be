"""What the wheel carries: every subpackage, the schemas, theme and demo mapped into it;
one version; the plugin's own theme overrides."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from casereview import __version__
from casereview.cli.main import main as casereview
from casereview.print.pdf import print_css_path
from casereview.sources.doctypes import schema_names
from casereview.sources.resources import folder, theme_overrides
from casereview.sources.schemas import DATA_SCHEMAS, schema_dir
from project_paths import PROJECT

DOCUMENT_TYPES = schema_names()  # the schemas the document-type registry names

PYPROJECT = tomllib.loads((PROJECT / "pyproject.toml").read_text())
SETUPTOOLS = PYPROJECT["tool"]["setuptools"]


def test_every_subpackage_is_listed_for_the_wheel() -> None:
    """The package list is explicit (the data folders are mapped into it): a new
    subpackage missing from pyproject.toml would be missing from every install."""
    plugins = PROJECT / "plugins"
    on_disk = {
        ".".join(init.parent.relative_to(plugins).parts)
        for init in plugins.rglob("__init__.py")
        if "__pycache__" not in init.parts
    }
    listed = set(SETUPTOOLS["packages"])
    assert on_disk <= listed, f"add to [tool.setuptools] packages in pyproject.toml: {sorted(on_disk - listed)}"


def test_mapped_folders_are_the_top_level_ones() -> None:
    mapping = SETUPTOOLS["package-dir"]
    assert mapping["casereview._schemas"] == "schemas"
    assert mapping["casereview._theme"] == "theme"
    assert mapping["casereview._demo"] == "content"
    for package, relative in mapping.items():
        assert (PROJECT / relative).is_dir(), package
    # In this editable install they are read where they are edited.
    assert folder("schemas") == PROJECT / "schemas" == schema_dir()
    assert folder("demo") == PROJECT / "content"
    assert theme_overrides() == PROJECT / "theme" / "overrides"
    assert print_css_path() == PROJECT / "theme" / "print" / "print.css"


def test_package_data_covers_every_schema_and_theme_file() -> None:
    data = SETUPTOOLS["package-data"]
    assert data["casereview._schemas"] == ["*.schema.json"]
    names = {p.name.removesuffix(".schema.json") for p in (PROJECT / "schemas").glob("*.schema.json")}
    assert set(DOCUMENT_TYPES) | set(DATA_SCHEMAS) <= names
    theme_files = {p.relative_to(PROJECT / "theme") for p in (PROJECT / "theme").rglob("*") if p.is_file()}
    patterns = data["casereview._theme"]
    unmatched = sorted(str(f) for f in theme_files if not any(f.match(pattern) for pattern in patterns))
    assert unmatched == [], f"theme files the wheel would leave out; add them to package-data: {unmatched}"


def test_version_is_written_once(capsys: pytest.CaptureFixture[str]) -> None:
    assert __version__ == PYPROJECT["project"]["version"]
    with pytest.raises(SystemExit) as exit_:
        casereview(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.strip() == f"casereview {PYPROJECT['project']['version']}"


def test_pre_commit_snippets_name_the_current_release() -> None:
    tag = f"rev: v{PYPROJECT['project']['version']}"
    assert tag in (PROJECT / "README.md").read_text()
    assert tag in (PROJECT / ".pre-commit-hooks.yaml").read_text()


def _config(tmp_path: Path, theme: str) -> Path:
    path = tmp_path / "mkdocs.yml"
    (tmp_path / "docs").mkdir(exist_ok=True)
    path.write_text(f"site_name: t\ndocs_dir: docs\ntheme:\n{theme}")
    return path


def test_plugin_puts_its_overrides_after_the_sites_own(tmp_path: Path) -> None:
    from mkdocs.config import load_config

    from casereview.mkdocs.review.theme import add_theme

    (tmp_path / "own").mkdir()
    config = load_config(str(_config(tmp_path, "  name: material\n  custom_dir: own\n")))
    add_theme(config, "internal")
    add_theme(config, "internal")  # a `mkdocs serve` rebuild adds nothing twice
    dirs = [Path(d).resolve() for d in config.theme.dirs]
    assert dirs[:2] == [(tmp_path / "own").resolve(), theme_overrides().resolve()]
    assert dirs.count(theme_overrides().resolve()) == 1
    assert config.extra_css == ["assets/casereview.css", "assets/chronology.css", "assets/actions.css"]
    assert [str(s) for s in config.extra_javascript] == [
        "assets/casereview.js",
        "assets/chronology.js",
        "assets/actions.js",
    ]


def test_public_site_gets_no_chronology_assets(tmp_path: Path) -> None:
    from mkdocs.config import load_config

    from casereview.mkdocs.review.theme import add_theme

    config = load_config(str(_config(tmp_path, "  name: material\n")))
    add_theme(config, "public")
    assert Path(config.theme.dirs[0]).resolve() == theme_overrides().resolve()
    assert config.extra_css == ["assets/casereview.css"]
    # Only the script that makes wide tables keyboard-scrollable.
    assert [str(s) for s in config.extra_javascript] == ["assets/casereview.js"]
