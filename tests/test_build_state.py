"""Per-build state: owned by the review plugin, never shared between the internal and
the public build, gone at shutdown; choosing a site's files makes no page."""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.structure.files import get_files

import casereview.render.generated as generated
from casereview.anonymise import matcher
from casereview.checks import detect
from casereview.chronology import composite
from casereview.render.memory import BuildMemory
from casereview.render.site import SiteState
from casereview.sources import paths
from sitebuild import EPOCH, make_project

DEMO = "eastmoor-child-t-2024"


@pytest.fixture
def epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "project", pdf=False)


def _plugin(config, name: str):
    return next(p for p in config.plugins.values() if type(p).__name__ == name)


@pytest.mark.parametrize("config_name", ["mkdocs.yml", "mkdocs.public.yml"])
def test_a_session_leaves_no_review_page_or_name_behind(project: Path, epoch: None, config_name: str) -> None:
    config = load_config(config_file=str(project / config_name))
    plugin = _plugin(config, "ReviewPlugin")
    config.plugins.on_startup(command="build", dirty=False)
    build(config)
    # During the session the plugin remembers the reviews for the next rebuild, and the
    # build (its check) filled the chronology, detector and name-matcher caches.
    assert plugin.state is not None and plugin.memory is not None
    assert any(folder.name == DEMO for _, folder in plugin.memory.reviews)
    assert composite._READ
    assert detect._document_independent.cache_info().currsize
    assert matcher._matcher_for_entities.cache_info().currsize
    config.plugins.on_shutdown()
    assert plugin.state is None and plugin.memory is None
    assert not composite._READ
    assert detect._document_independent.cache_info().currsize == 0
    assert matcher._matcher_for_entities.cache_info().currsize == 0
    if config_name == "mkdocs.public.yml":
        gate = _plugin(config, "PublishPlugin")
        assert (project / "site/public/index.html").is_file()  # published by the gate
        assert gate.page_urls is None and gate.staging is None and gate.target is None


def test_the_internal_and_public_build_never_share_a_review(demo_copy: Path) -> None:
    memory = BuildMemory()  # one process building both sites with one memory, at worst
    internal = SiteState.load(demo_copy, "internal", run_checks=False, memory=memory)
    public = SiteState.load(demo_copy, "public", run_checks=False, memory=memory)
    assert public.reviews[DEMO] is not internal.reviews[DEMO]
    # A rebuild of the same site in the session reads nothing again (`mkdocs serve`) …
    assert (
        SiteState.load(demo_copy, "internal", run_checks=False, memory=memory).reviews[DEMO] is (internal.reviews[DEMO])
    )
    # … and a state made without the plugin's memory remembers nothing.
    assert SiteState.load(demo_copy, "internal", run_checks=False).reviews[DEMO] is not internal.reviews[DEMO]


def test_check_findings_of_one_audience_are_not_reused_by_the_other(demo_copy: Path) -> None:
    memory = BuildMemory()
    SiteState.load(demo_copy, "internal", memory=memory)
    assert all(found is not None for (audience, _), (_, _, found) in memory.reviews.items() if audience == "internal")
    SiteState.load(demo_copy, "public", run_checks=False, memory=memory)
    assert all(found is None for (audience, _), (_, _, found) in memory.reviews.items() if audience == "public")


@pytest.fixture
def costly_pages(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Count every run of the audit, the composite chronology and its timeline."""
    calls: list[str] = []

    def counting(name: str, function):
        def counted(*args, **kwargs):
            calls.append(name)
            return function(*args, **kwargs)

        return counted

    monkeypatch.setattr(generated, "audit_review", counting("audit", generated.audit_review))
    monkeypatch.setattr(generated, "composite_with_counts", counting("composite", generated.composite_with_counts))
    monkeypatch.setattr(generated, "composite_page_markdown", counting("timeline", generated.composite_page_markdown))
    return calls


@pytest.mark.parametrize("config_name", ["mkdocs.yml", "mkdocs.public.yml"])
def test_choosing_the_files_makes_no_costly_page(
    project: Path, epoch: None, costly_pages: list[str], config_name: str
) -> None:
    config = load_config(config_file=str(project / config_name))
    plugin = _plugin(config, "ReviewPlugin")
    config.plugins.on_startup(command="build", dirty=False)
    try:
        config = config.plugins.on_config(config)
        files = config.plugins.on_files(get_files(config), config=config)
        assert costly_pages == []
        generated_pages = {f.src_uri: f for f in files if f.generated_by}
        chronology = paths.review_page(DEMO, paths.CHRONOLOGY_PAGE)
        if plugin.state.public:
            assert chronology not in generated_pages
            assert paths.review_page(DEMO, paths.KEY_PAGE) in generated_pages
        else:
            # Made when MkDocs reads the page, and once only.
            assert "# Composite chronology: " in generated_pages[chronology].content_string
            assert costly_pages == ["composite", "timeline"]
            assert "# Composite chronology: " in generated_pages[chronology].content_string
            assert costly_pages == ["composite", "timeline"]
            qa = generated_pages[paths.review_page(DEMO, paths.QA_PAGE)]
            assert "# Quality assurance: " in qa.content_string
            assert costly_pages == ["composite", "timeline", "audit"]
        plugin.state.cancel_checks()
    finally:
        config.plugins.on_shutdown()


def test_the_full_internal_build_makes_each_costly_page_once(project: Path, epoch: None, costly_pages) -> None:
    config = load_config(config_file=str(project / "mkdocs.yml"))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    assert sorted(costly_pages) == ["audit", "composite", "timeline"]
    assert (project / "site/internal" / paths.review_folder(DEMO) / "chronology/index.html").is_file()


def test_a_serve_session_rebuilds_only_what_changed(project: Path, epoch: None, costly_pages: list[str]) -> None:
    """`mkdocs serve` keeps the plugin from on_startup to on_shutdown: a rebuild after an
    edit elsewhere reads, checks and generates nothing of an unchanged review again."""
    config = load_config(config_file=str(project / "mkdocs.yml"))
    plugin = _plugin(config, "ReviewPlugin")
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
        first = plugin.state.reviews[DEMO]
        made = list(costly_pages)
        (project / "content/guide/added.md").write_text("# Added while serving\n", encoding="utf-8")
        build(load_config(config_file=str(project / "mkdocs.yml")))
        assert plugin.state.reviews[DEMO] is first
        assert costly_pages == made  # the chronology and QA pages came from the memory
        assert (project / "site/internal" / paths.review_folder(DEMO) / "qa/index.html").is_file()
    finally:
        config.plugins.on_shutdown()
