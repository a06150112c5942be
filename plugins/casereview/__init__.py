"""casereview: docs-as-code for safeguarding case reviews.

The modules at this level are the pure core: they never import mkdocs, so they are
unit-tested directly and survive a move to ProperDocs or Zensical. The MkDocs
adapters live in :mod:`casereview.mkdocs`.
"""

from importlib.metadata import PackageNotFoundError, version

try:  # the one place the version is written is pyproject.toml
    __version__ = version("casereview")
except PackageNotFoundError:  # imported from a checkout that was never installed
    __version__ = "0+unknown"
