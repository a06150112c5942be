"""The plugin brings its own theme overrides, so a board's mkdocs.yml needs only
``theme: material`` and the plugins.

The overrides (the protective marking on every page, a document's status, the PDF
link) and their stylesheets ship inside the package; they go after the site's own
``custom_dir`` (which may still override them) and before mkdocs-material.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger

from casereview.sources.resources import theme_overrides

log = get_plugin_logger(__name__)

STYLESHEETS = {
    "internal": ("assets/casereview.css", "assets/chronology.css", "assets/actions.css"),
    "public": ("assets/casereview.css",),
}
# The chronology page, the action tracker and their scripts exist only on the internal site.
SCRIPTS = {
    "internal": ("assets/casereview.js", "assets/chronology.js", "assets/actions.js"),
    "public": ("assets/casereview.js",),
}


def add_theme(config: MkDocsConfig, audience: str) -> None:
    """Put casereview's overrides into the theme's template folders and link its assets."""
    theme = config.theme
    if theme.name != "material":
        log.warning(
            f'theme "{theme.name}": casereview\'s overrides are written for mkdocs-material; '
            "without it pages carry no protective marking. Use theme: name: material"
        )
    overrides = theme_overrides()
    if not any(_same(folder, overrides) for folder in theme.dirs):
        theme.dirs.insert(1 if theme.custom_dir else 0, str(overrides))
    for stylesheet in STYLESHEETS[audience]:
        if stylesheet not in config.extra_css:
            config.extra_css.append(stylesheet)
    present = {str(script) for script in config.extra_javascript}
    for script in SCRIPTS[audience]:
        if script not in present:
            config.extra_javascript.append(script)


def _same(folder: str, overrides: Path) -> bool:
    try:
        return Path(folder).resolve() == overrides.resolve()
    except OSError:
        return False
