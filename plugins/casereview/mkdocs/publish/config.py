"""Options of the ``casereview-publish`` plugin (the publication gate)."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class PublishConfig(Config):
    enabled = c.Type(bool, default=True)
    """Turn the gate off. Never do this for a public site."""
    staging = c.Type(bool, default=True)
    """When site_dir is not itself a staging folder (``….staging``): build into one beside
    it and move it into site_dir only when the scan is clean. Off: scan site_dir in place."""
