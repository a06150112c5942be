"""Which tool builds the sites: ProperDocs when it is installed, else MkDocs 1.6.

ProperDocs is the maintained continuation of MkDocs 1.x and a drop-in replacement:
its ``properdocs.replacement`` module makes every later ``import mkdocs.…`` (in our
plugins, in mkdocs-material) load the ProperDocs module instead. That only works
before MkDocs itself is imported, so the choice is made once per process:

- ``CASEREVIEW_ENGINE=mkdocs`` or ``=properdocs`` asks for one;
- otherwise ProperDocs when it is installed, unless this process has already
  imported MkDocs (a test run, a script that loaded it), which then stays.

Neither tool documents a Python API for building; :func:`load_config` and
``commands.build.build`` are what their own ``build`` command calls.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
import os
import sys
from dataclasses import dataclass
from functools import cache
from types import ModuleType
from typing import Any

ENGINES = ("properdocs", "mkdocs")
VARIABLE = "CASEREVIEW_ENGINE"


class EngineUnavailable(RuntimeError):
    """The tool asked for is not installed, or cannot be used in this process."""


@dataclass(frozen=True)
class Engine:
    name: str
    version: str
    load_config: Any
    build: Any
    config_class: Any
    error: type[Exception]

    @property
    def logger(self) -> logging.Logger:
        """The logger every message of the tool (and of the plugins) reaches."""
        return logging.getLogger(self.name)

    def forget_plugins(self) -> None:
        """New plugin instances for the next site: the tools keep the instances of
        plugins with startup/shutdown events for the life of the process (for
        ``serve``), so one site's state (mkdocs-material's search index after a dirty
        build, say) would reach the next. There is no public way to drop them."""
        self.config_class.plugins.plugin_cache.clear()


def _installed(name: str) -> bool:
    return importlib.util.find_spec(name) is not None


def _real_mkdocs_loaded() -> bool:
    module = sys.modules.get("mkdocs")
    return module is not None and module.__name__ == "mkdocs"


def choose(requested: str | None = None) -> str:
    """The engine's name for this process (see the module's docstring)."""
    requested = (requested or os.environ.get(VARIABLE) or "").strip().lower() or None
    if requested not in (None, *ENGINES):
        raise EngineUnavailable(f'{VARIABLE}="{requested}": use one of {", ".join(ENGINES)}')
    if requested is None:
        return "properdocs" if _installed("properdocs") and not _real_mkdocs_loaded() else "mkdocs"
    if not _installed(requested):
        raise EngineUnavailable(f"{requested} is not installed: pip install {requested}, or unset {VARIABLE}")
    if requested == "properdocs" and _real_mkdocs_loaded():
        raise EngineUnavailable(
            "MkDocs is already loaded in this process, so ProperDocs cannot take over; "
            f"run casereview in a process of its own, or set {VARIABLE}=mkdocs"
        )
    return requested


@cache
def load(name: str | None = None) -> Engine:
    """Import the chosen tool (and, for ProperDocs, route ``mkdocs.…`` imports to it)."""
    chosen = choose(name)
    if chosen == "properdocs":
        importlib.import_module("properdocs.replacement")
        _route_mkdocs_logger()
    package: ModuleType = importlib.import_module(chosen)
    config = importlib.import_module(f"{chosen}.config")
    commands = importlib.import_module(f"{chosen}.commands.build")
    defaults = importlib.import_module(f"{chosen}.config.defaults")
    exceptions = importlib.import_module(f"{chosen}.exceptions")
    config_class = getattr(defaults, "ProperDocsConfig", None) or defaults.MkDocsConfig
    return Engine(
        chosen, package.__version__, config.load_config, commands.build, config_class, exceptions.MkDocsException
    )


def _route_mkdocs_logger() -> None:
    """Messages logged under the old name reach ProperDocs' handlers (as its CLI does)."""
    legacy = logging.getLogger("mkdocs")
    legacy.parent = logging.getLogger("properdocs")
    legacy.propagate = True
