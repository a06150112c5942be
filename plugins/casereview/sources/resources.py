"""Where the files casereview ships beside its code are: schemas, theme, demo content.

They live at the top of this repository (``schemas/``, ``theme/``, ``content/``) and
pyproject.toml maps them into the package as ``casereview._schemas``,
``casereview._theme`` and ``casereview._demo``, so that a wheel installed anywhere
carries them. The import system finds them (they are namespace packages: no
``__init__.py``, so :func:`importlib.resources.files` gives no plain folder for them
on Python 3.11, and MkDocs and jsonschema need one).

An editable install (``pip install -e .``, what scripts/_bootstrap.sh does) cannot
import folders without an ``__init__.py`` that are mapped under a package, so there
the folders at the top of the checkout are used: the same files, edited in place.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

# name -> (packaged as, folder at the top of a source checkout)
_FOLDERS = {
    "schemas": ("casereview._schemas", "schemas"),
    "theme": ("casereview._theme", "theme"),
    "demo": ("casereview._demo", "content"),
}


class MissingResource(RuntimeError):
    """The installation is incomplete: a folder casereview ships is not there."""


def folder(name: str) -> Path:
    """The folder ``name`` (``schemas``, ``theme`` or ``demo``) on disk."""
    package, source = _FOLDERS[name]
    spec = importlib.util.find_spec(package)
    locations = list(spec.submodule_search_locations or []) if spec else []
    found = Path(locations[0]) if locations else Path(__file__).resolve().parents[3] / source
    if not found.is_dir():
        raise MissingResource(
            f"casereview's {name} folder is missing from this installation ({found}); "
            "reinstall casereview (pip install --force-reinstall casereview)"
        )
    return found


def theme_overrides() -> Path:
    """The templates and assets that go over mkdocs-material (the plugin adds them)."""
    return folder("theme") / "overrides"


def print_css() -> Path:
    """The print stylesheet of every PDF."""
    return folder("theme") / "print" / "print.css"
