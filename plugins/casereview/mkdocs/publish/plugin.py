"""The ``casereview-publish`` plugin: the publication gate inside ``mkdocs build``."""

from __future__ import annotations

import shutil
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import Files

from casereview.anonymise.gate import (
    PublicationBlocked,
    UnpublishableOutput,
    describe,
    foreign_search_entries,
    is_staging_dir,
    keys_under,
    mask_path,
    publish_staged,
    published_dir,
    scan,
    staging_dir,
)
from casereview.mkdocs.publish.config import PublishConfig

log = get_plugin_logger(__name__)


class PublishPlugin(BasePlugin[PublishConfig]):
    """Builds into a staging folder and publishes it only if no real name is found.

    The public config names the staging folder as its ``site_dir``
    (``site/public.staging``), so a toolchain that skips this plugin writes there and
    never into ``site/public``. A config whose ``site_dir`` is not a staging folder is
    redirected into one beside it."""

    command: str = "build"
    # This build's state: set at on_config and on_files, dropped at on_build_error and
    # on_shutdown, so nothing of one build (its page list, its folders) reaches the next.
    target: Path | None = None
    staging: Path | None = None
    page_urls: set[str] | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command

    # Last of all on_config handlers, so no other plugin changes site_dir after us.
    @event_priority(-100)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Build into a staging folder and remember where to publish (not while serving)."""
        self.target = self.staging = None
        self.page_urls = None
        if not self.config.enabled or self.command == "serve":
            return None
        site_dir = Path(config.site_dir)
        if is_staging_dir(site_dir):
            self.staging, self.target = site_dir, published_dir(site_dir)
        elif self.config.staging:
            self.staging, self.target = staging_dir(site_dir), site_dir
        else:
            return None
        shutil.rmtree(self.staging, ignore_errors=True)
        config.site_dir = str(self.staging)
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
            if self.staging is not None:
                shutil.rmtree(self.staging, ignore_errors=True)
            raise PluginError(
                f"publication gate: the search index lists {len(foreign)} page(s) this build did not make "
                f"(first: {foreign[0]}), left from an earlier build in the same process; nothing was "
                "published. Build the public site in a fresh process (casereview build does)."
            )
        try:
            key = keys_under(Path(config.docs_dir))
        except ValueError as exc:
            if self.staging is not None:
                shutil.rmtree(self.staging, ignore_errors=True)
            raise PluginError(str(exc)) from None
        try:
            if self.target is None or self.staging is None:
                leaks = scan([Path(config.site_dir)], key)
                if leaks:
                    raise PublicationBlocked(leaks)
                return
            publish_staged(self.staging, self.target, key)
            config.site_dir = str(self.target)
        except PublicationBlocked as blocked:
            for line in describe(blocked.leaks):
                log.error(line)
            raise PluginError(str(blocked)) from None
        except UnpublishableOutput as refused:
            raise PluginError(
                f"publication gate: {mask_path(refused.relative, key)}: {refused}; nothing was published"
            ) from None
        log.info(f"publication gate: no real name found; published to {config.site_dir}")

    def on_build_error(self, *, error: Exception) -> None:
        if self.staging is not None:
            shutil.rmtree(self.staging, ignore_errors=True)
        self._forget()

    def on_shutdown(self) -> None:
        self._forget()

    def _forget(self) -> None:
        self.target = self.staging = None
        self.page_urls = None
