"""The ``casereview-publish`` plugin: the publication gate inside ``mkdocs build``."""

from __future__ import annotations

import shutil
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import Files

from casereview.gate import (
    PublicationBlocked,
    describe,
    foreign_search_entries,
    keys_under,
    publish_staged,
    staging_dir,
)
from casereview.mkdocs.publish.config import PublishConfig

log = get_plugin_logger(__name__)


class PublishPlugin(BasePlugin[PublishConfig]):
    """Builds into a staging folder and publishes it only if no real name is found."""

    command: str = "build"
    target: Path | None = None
    page_urls: set[str] | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command

    # Last of all on_config handlers, so no other plugin changes site_dir after us.
    @event_priority(-100)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Redirect the build into a staging folder beside site_dir (not while serving)."""
        self.target = None
        if not self.config.enabled or not self.config.staging or self.command == "serve":
            return None
        self.target = Path(config.site_dir)
        staging = staging_dir(self.target)
        shutil.rmtree(staging, ignore_errors=True)
        config.site_dir = str(staging)
        return config

    # Last of all on_files handlers: the pages this build makes, and no others.
    @event_priority(-100)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> None:
        self.page_urls = {file.url for file in files.documentation_pages()}

    # After every other on_post_build (search index, sitemap, PDFs): scan what exists.
    @event_priority(-100)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled:
            return
        foreign = foreign_search_entries(Path(config.site_dir), self.page_urls or set())
        if foreign:
            if self.target is not None:
                shutil.rmtree(config.site_dir, ignore_errors=True)
            raise PluginError(
                f"publication gate: the search index lists {len(foreign)} page(s) this build did not make "
                f"(first: {foreign[0]}), left from an earlier build in the same process; nothing was "
                "published. Build the public site in a fresh process (casereview build does)."
            )
        try:
            key = keys_under(Path(config.docs_dir))
            if self.target is None:
                from casereview.gate import scan

                leaks = scan([Path(config.site_dir)], key)
                if leaks:
                    raise PublicationBlocked(leaks)
                return
            publish_staged(Path(config.site_dir), self.target, key)
            config.site_dir = str(self.target)
        except PublicationBlocked as blocked:
            for line in describe(blocked.leaks):
                log.error(line)
            raise PluginError(str(blocked)) from None
        except ValueError as exc:
            raise PluginError(str(exc)) from None
        log.info(f"publication gate: no real name found; published to {config.site_dir}")

    def on_build_error(self, *, error: Exception) -> None:
        if self.target is not None:
            shutil.rmtree(staging_dir(self.target), ignore_errors=True)
