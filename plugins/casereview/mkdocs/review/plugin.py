"""The ``casereview`` MkDocs plugin: a thin adapter from MkDocs events to :mod:`casereview.render.site`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from casereview.anonymise.redact import install_logging_filter, register_content
from casereview.anonymise.redact import reset as reset_masks
from casereview.mkdocs.review.config import ReviewConfig
from casereview.mkdocs.review.files import select_files
from casereview.mkdocs.review.nav import order_navigation
from casereview.mkdocs.review.outputs import write_outputs
from casereview.mkdocs.review.pdfs import board_from_config
from casereview.mkdocs.review.serving import ServeStatus, guarded_builder, with_banner
from casereview.mkdocs.review.theme import add_theme
from casereview.render.markerguard import UnresolvedMarker, check_markers
from casereview.render.memory import BuildMemory, clear_caches
from casereview.render.rendered_page import RenderedPage
from casereview.render.site import SiteState
from casereview.render.webpage import collapse_reference_tables, label_nav_statuses
from casereview.sources import paths
from casereview.sources.dates import parse_date
from casereview.sources.inputs import InputLimits, read_source_text, use_limits

if TYPE_CHECKING:  # names for annotations only (MkDocs's own plugins.py imports them so too)
    from mkdocs.structure.toc import _TocToken
    from mkdocs.utils.templates import TemplateContext

log = get_plugin_logger(__name__)


class ReviewPlugin(BasePlugin[ReviewConfig]):
    """Builds the internal panel site or the public site from the review folders."""

    # The build's state: made at on_config, handed on through the events, dropped at
    # on_build_error and on_shutdown.
    state: SiteState | None = None
    # What the builds of this session (one `mkdocs build`, or every rebuild of one
    # `mkdocs serve`) remember of each other: made at on_startup, dropped at on_shutdown.
    memory: BuildMemory | None = None
    serving: bool = False
    dirty: bool = False
    serve_status: ServeStatus | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Remember whether this is `mkdocs serve` (PDFs are not rebuilt on every edit)
        and whether builds are dirty (only changed pages are rendered)."""
        self.serving = command == "serve"
        self.dirty = dirty
        self.serve_status = ServeStatus() if self.serving else None
        if self.memory is None:  # MkDocs keeps this instance until on_shutdown
            self.memory = BuildMemory()

    def on_shutdown(self) -> None:
        """The session is over: nothing of its reviews, pages or keys stays behind."""
        if self.state is not None:
            self.state.cancel_checks()
        self.state = self.memory = None
        clear_caches()

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        """Serve the last good build, with the current errors on every page, instead of
        holding every request until the errors are fixed (casereview.mkdocs.review.serving)."""
        if self.serve_status is not None:
            server.builder = guarded_builder(server.builder, self.serve_status)
            server.set_app(with_banner(server.get_app(), self.serve_status))
        return server

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Load every review afresh (so `mkdocs serve` rebuilds see edits) and run the checks."""
        if not self.config.enabled:
            return None
        try:
            use_limits(InputLimits.from_mapping(self.config.limits))
        except ValueError as exc:
            raise PluginError(f"casereview: limits: {exc}") from None
        if self.state is not None:
            self.state.cancel_checks()  # a `mkdocs serve` rebuild that replaced a failed one
        # Whatever MkDocs and the plugins log is masked (CI logs may be public).
        reset_masks()  # this site's keys only (a process may build several sites in turn)
        register_content(Path(config.docs_dir))
        install_logging_filter()
        if self.memory is None:  # MkDocs run without on_startup (an old caller)
            self.memory = BuildMemory()
        self.state = SiteState.load(
            Path(config.docs_dir),
            self.config.audience,
            self.config.anonymise_internal,
            self.config.expand_first_use,
            background_checks=not self.serving,  # serving: errors must be known before the site is cleaned
            memory=self.memory,
        )
        if self.config.today:
            today = parse_date(self.config.today)
            if today is None:
                raise PluginError(f'casereview: today: "{self.config.today}" is not a date; write YYYY-MM-DD')
            self.state.today = today
        if not self.state.checks_pending:
            self._report_findings()
        # The board's own settings (extra.casereview.board in mkdocs.yml) stay beside these.
        settings = config.extra.get("casereview")
        config.extra["casereview"] = {
            **(settings if isinstance(settings, dict) else {}),
            "audience": self.config.audience,
            "marking": self.config.marking,
        }
        # The header shows the board's logo (a data: URI, as on the PDFs' front sheets).
        config.extra["casereview"]["board_logo"] = board_from_config(config).logo_uri
        add_theme(config, self.config.audience)
        return config

    def _report_findings(self) -> None:
        assert self.state is not None  # on_config has loaded it
        errors = [f for f in self.state.findings if f.is_error]
        for finding in self.state.findings:
            # A note never fails a build, not even `mkdocs build --strict` (guide: check-messages).
            (log.info if finding.is_note else log.warning)(finding.format_text())
        if self.state.refused_links:  # never built past, not even while serving
            raise PluginError("casereview: symbolic links lead out of the content folder (listed above); remove them")
        if self.serve_status is not None:
            self.serve_status.errors = [f.format_text() for f in errors]
            if not self.serve_status.built_once:
                return  # no earlier build to keep showing: build this one, with the errors on every page
        if not errors:
            return
        stop = self.config.fail_on_check_errors
        if stop is None:
            stop = self.config.audience == "public"
        if stop:
            raise PluginError(
                f"casereview check found {len(errors)} error(s) in the sources (listed above); fix them and build again"
            )
        log.warning(
            f"casereview check found {len(errors)} error(s) in the sources (listed above); the internal site is "
            f'built for the panel and lists them on each review\'s "Open problems" page; a public build stops on them'
        )

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> None:
        """Checks of many reviews run in worker processes while the pages' Markdown is
        converted; their findings are in before the first file is written."""
        if not self.config.enabled or self.state is None:
            return
        if self.state.checks_pending:
            self.state.collect_checks()
            self._report_findings()
        if self.dirty:  # pages MkDocs skipped: their labels and paragraphs are still cited
            self.state.complete_unrendered_pages()

    def on_build_error(self, *, error: Exception) -> None:
        """This build is over: its checks stop and its state goes (a `mkdocs serve`
        rebuild starts from the session's memory at its own on_config)."""
        if self.state is not None:
            self.state.cancel_checks()
        self.state = None

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        """Keep only what this audience may see; add the generated pages."""
        if not self.config.enabled or self.state is None:
            return None
        return select_files(files, config, self.state, site_name=config.site_name, dirty=self.dirty)

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation | None:
        if not self.config.enabled:
            return None
        titles = {slug: str(r.meta.get("title", slug)) for slug, r in self.state.reviews.items()} if self.state else {}
        return order_navigation(nav, titles)

    def on_page_read_source(self, *, page: Page, config: MkDocsConfig) -> str | None:
        """Read every page through the input policy `casereview check` applies, so a
        file check refuses (too large, not UTF-8, a NUL character, nested too deep)
        never crashes the build: its review's check findings stop the build instead,
        with the same message."""
        if not self.config.enabled or page.file.abs_src_path is None or page.file.generated_by:
            return None
        path = Path(page.file.abs_src_path)
        text, problem = read_source_text(path, page.file.src_uri)
        if problem is None:
            return text
        if self.state is not None and self.state.review_for(page.file.src_uri) is not None:
            return ""  # reported by the review's check, which stops the build before writing
        raise PluginError(f"{Path(config.docs_dir).name}/{problem.format_text()}")

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        """Expand markers and replace real names before Markdown is converted."""
        if not self.config.enabled or self.state is None:
            return None
        return self.state.prepare_markdown(page.file.src_uri, markdown, page.meta)

    # Before the search plugin's on_page_content collects nothing here, but the
    # HTML must be final before any other plugin copies it: run early.
    @event_priority(50)
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        """Fill markers, number paragraphs, anonymise the HTML once more."""
        if not self.config.enabled or self.state is None:
            return None
        rendered = RenderedPage(page.file.src_uri, page.url, page.title or "", page.meta, html)
        return self.state.finish_html(rendered)

    # Before the search plugin (priority 0) indexes page.content, so the index
    # shows paragraph numbers rather than empty citation links.
    @event_priority(50)
    def on_page_context(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext | None:
        """Every page's labels are known now: show the number each citation points at."""
        if not self.config.enabled or self.state is None:
            return None
        src_uri, slug = page.file.src_uri, paths.slug_of(page.file.src_uri)
        if slug is not None and paths.is_review_page(src_uri, paths.PROBLEMS_PAGE) and page.file.generated_by:
            page.content = self.state.problems_html(slug)  # the checks are in now
            return context
        rendered = self.state.pages.get(src_uri)
        if slug is not None and paths.is_review_page(src_uri, paths.TRACEABILITY_PAGE) and page.file.generated_by:
            page.content, headings = self.state.traceability_page(slug)
            # The stub had none: the matrix is made after Markdown. Its headings are Python-Markdown's
            # toc_tokens, the dicts MkDocs types as _TocToken.
            page.toc = get_toc(cast("list[_TocToken]", headings))
            if rendered is not None:  # the panel pack prints the matrix, not the stub
                rendered.html = page.content
        elif rendered is not None:
            page.content, unresolved = self.state.resolve(rendered)
            if self.state.public and not paths.is_review_page(src_uri, paths.KEY_PAGE):
                page.content = collapse_reference_tables(page.content)  # the web page only, not its PDF
            for citation in unresolved:
                log.warning(
                    f'{page.file.src_uri}: cites paragraph "{citation.label}" that no page labels; add {{#{citation.label}}} to the paragraph or fix the citation'
                )
        self._check_markers(page)
        return context

    def _check_markers(self, page: Page) -> None:
        """No page goes out with a ``[[marker]]`` printed as written."""
        source = Path(page.file.abs_src_path) if page.file.abs_src_path else None
        assert self.state is not None  # called by on_page_context, which returns early without it
        try:
            check_markers(page.content or "", f"{Path(self.state.content_root).name}/{page.file.src_uri}", source)
        except UnresolvedMarker as exc:
            raise PluginError(str(exc)) from None

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        """Internal pages: the navigation's status marks say their status in words."""
        if not self.config.enabled or self.state is None or self.state.public:
            return None
        return label_nav_statuses(output)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Write what needs the whole site: the JSON index and the PDFs."""
        if not self.config.enabled or self.state is None:
            return
        write_outputs(self.state, config, self.config, pdfs=self.config.pdf and not self.serving)
        if self.serve_status is not None:
            self.serve_status.built_once = True
        if self.dirty:  # kept only for dirty rebuilds: a page's HTML is ~100 KB
            self.state.remember_rendered()
        self.state.remember_built()
