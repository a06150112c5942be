"""``casereview build``: both sites through the MkDocs API, in one process."""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException

SITES = {"internal": "mkdocs.yml", "public": "mkdocs.public.yml"}


class _Counter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def _configure_logging() -> _Counter:
    logger = logging.getLogger("mkdocs")
    if not any(getattr(h, "_casereview", False) for h in logger.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        handler._casereview = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    counter = _Counter()
    logger.addHandler(counter)
    return counter


def build_site(config_file: Path, *, strict: bool = False) -> int:
    """Build one site; 0 on success, 1 with the reason printed on failure."""
    counter = _configure_logging()
    # MkDocs keeps plugin instances for the life of the process (for `serve`), and a
    # plugin's state from one site (mkdocs-material's search index after a dirty
    # build, say) must never reach the next: each site gets new instances.
    MkDocsConfig.plugins.plugin_cache.clear()
    try:
        config = load_config(config_file=str(config_file), strict=strict)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    except MkDocsException as exc:
        logging.getLogger("mkdocs").error(f"{config_file}: build failed: {exc}")
        return 1
    finally:
        logging.getLogger("mkdocs").removeHandler(counter)
    if strict and counter.count:
        return 1
    return 0


def build_all(project: Path, which: list[str], *, strict: bool = False) -> int:
    status = 0
    for name in which:
        status = max(status, build_site(project / SITES[name], strict=strict))
    return status
