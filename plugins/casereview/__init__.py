"""casereview: docs-as-code for safeguarding case reviews.

The modules at this level are the pure core: they never import mkdocs, so they are
unit-tested directly and survive a move to ProperDocs or Zensical. The MkDocs
adapters live in :mod:`casereview.mkdocs`.
"""

__version__ = "0.1.0"
