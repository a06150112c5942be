"""Options of the ``casereview`` plugin."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class ReviewConfig(Config):
    enabled = c.Type(bool, default=True)
    """Turn the plugin off without removing it from mkdocs.yml."""
    audience = c.Choice(("internal", "public"), default="internal")
    """internal: the panel site, every document. public: only approved, publishable documents."""
    marking = c.Type(str, default="OFFICIAL-SENSITIVE")
    """Protective marking shown on every page and PDF page header ("" for none)."""
    anonymise_internal = c.Type(bool, default=True)
    """Replace real names by acronyms on the internal site too (the key page keeps them)."""
    pdf = c.Type(bool, default=True)
    """Write PDFs: public documents on the public site, the panel pack on the internal site."""
    synopsis_page_limit = c.Type(int, default=2)
    """The case synopsis must fit this many sides of A4."""
    fail_on_check_errors = c.Optional(c.Type(bool))
    """Stop the build when `casereview check` would report an error. By default the public
    build stops (nothing unchecked leaves the panel) and the internal build goes on: a
    review in progress always has open problems, and the panel still needs its site;
    each review's "Open problems" page lists them."""
    today = c.Optional(c.Type(str))
    """The date milestones are judged against (YYYY-MM-DD); default: SOURCE_DATE_EPOCH's day, else today."""
    expand_first_use = c.Type(bool, default=False)
    """Spell out each glossary abbreviation at its first use in a page's output."""
    limits = c.Type(dict, default={})
    """The input policy (casereview.sources.inputs.InputLimits): e.g. ``markdown_bytes: 16777216``."""
