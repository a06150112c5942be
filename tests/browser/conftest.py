"""Browser-test fixtures: both sites built once, served locally, and a headless Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_support import (
    ARTIFACTS,
    CHROMIUM,
    CHROMIUM_ARGS,
    BuiltSites,
    Tab,
    build_both_sites,
    serve,
)

from sitebuild import make_project

try:
    from playwright.sync_api import Browser, expect, sync_playwright
except ImportError:  # pragma: no cover - the message is the point
    sync_playwright = None  # type: ignore[assignment]

if sync_playwright is not None:
    # The default 5 s is tight when other builds share the two cores.
    expect.set_options(timeout=10_000)

INSTALL_HINT = "install it with `apt-get install chromium` (scripts/test does this)"


@pytest.fixture(scope="session")
def built_sites(tmp_path_factory: pytest.TempPathFactory) -> BuiltSites:
    """Both sites built once from a copy of the project (internal without its panel pack)."""
    project = make_project(tmp_path_factory.mktemp("browser-project"), internal_pdf=False)
    result = build_both_sites(project)
    if result.returncode != 0:
        pytest.fail(f"casereview build exited {result.returncode}:\n{result.stderr[-3000:]}")
    sites = BuiltSites(
        content=project / "content", internal=project / "site" / "internal", public=project / "site" / "public"
    )
    for site in (sites.internal, sites.public):
        if not (site / "index.html").is_file():
            pytest.fail(f"casereview build wrote no {site.name}/index.html")
    return sites


@pytest.fixture(scope="session")
def internal_url(built_sites: BuiltSites) -> Iterator[str]:
    with serve(built_sites.internal) as url:
        yield url


@pytest.fixture(scope="session")
def public_url(built_sites: BuiltSites) -> Iterator[str]:
    with serve(built_sites.public) as url:
        yield url


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """The screenshot folder, emptied of the previous run's screenshots."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob("*.png"):
        old.unlink()
    return ARTIFACTS


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if sync_playwright is None:
        pytest.fail(
            "Playwright for Python is not installed in the venv; pip install playwright "
            "(the browser itself comes from Debian: `apt-get install chromium`)"
        )
    if not CHROMIUM.is_file():
        pytest.fail(f"Chromium is missing at {CHROMIUM}: {INSTALL_HINT}")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def tab(browser: Browser) -> Iterator[Tab]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    opened = Tab(page=page, script_errors=[])
    page.on("pageerror", lambda error: opened.script_errors.append(str(error)))
    try:
        yield opened
    finally:
        context.close()
