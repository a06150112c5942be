"""Everything one site build knows, independent of MkDocs.

The MkDocs plugin hands each page through here: Markdown is prepared (markers,
anonymisation), HTML finished (placeholders, numbering), citations resolved once
every page's labels are known. Per-build state lives in one object that the
plugin creates afresh in ``on_config``, so ``mkdocs serve`` rebuilds start clean.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, partial
from pathlib import Path
from typing import Any

import markdown

from casereview.actions.html import plan_html
from casereview.anonymise import Anonymiser, strip_html_comments
from casereview.anonymise.sanitise import sanitise_html
from casereview.checks.abbreviations import expand_first_use
from casereview.checks.check import check_review, exempt_acronyms
from casereview.checks.milestones import milestones_markdown
from casereview.checks.run import PendingChecks, worker_count
from casereview.checks.traceability import trace_review, traceability_page_markdown
from casereview.render.genogram import draw_genogram
from casereview.render.markdown import MARKDOWN_EXTENSIONS, document_sources, render_page
from casereview.render.markers import (
    PLACEHOLDER,
    MarkdownContext,
    ensure_placeholder,
    expand_markdown,
    fill_placeholders,
    labels_to_attr_list,
    placeholder,
)
from casereview.render.memory import BuildMemory
from casereview.render.numbering import number_paragraphs, resolve_citations
from casereview.render.pages import published_documents
from casereview.render.problems_page import problems_page_html
from casereview.render.rendered_page import RenderedPage
from casereview.render.usage import (
    abbr_definitions,
    abbreviations_used,
    acronyms_used,
    glossary_table_html,
    key_table_html,
    page_text,
)
from casereview.sources import paths
from casereview.sources.assets import referenced_images
from casereview.sources.doctypes import document_type, is_public
from casereview.sources.documents import frontmatter_text
from casereview.sources.findings import Finding
from casereview.sources.glossary import Glossary
from casereview.sources.key import Key
from casereview.sources.links import leaving_link_finding, leaving_links
from casereview.sources.review import Review, load_glossary, load_review, review_folders
from casereview.sources.reviewtypes import review_type_label
from casereview.sources.today import build_date

#: Frontmatter fields the theme prints in the page head (<title>, <meta>): always text.
TEXT_META = ("title", "description", "author")


def _signature(path: Path) -> tuple:
    """Names, sizes and modification times of a file or of every file in a folder."""
    if path.is_file():
        stat = path.stat()
        return ((path.name, stat.st_size, stat.st_mtime_ns),)
    if not path.is_dir():
        return ()
    return tuple(
        (p.relative_to(path).as_posix(), p.stat().st_size, p.stat().st_mtime_ns)
        for p in sorted(path.rglob("*"))
        if p.is_file()
    )


PIECE_CHARS = 1 << 20
# Where a text may be cut without cutting a name: a blank line in Markdown, the end of
# a paragraph, list item, heading, table row or SVG group in HTML (a cell's line
# breaks are ``<br>``).
_PIECE_END = re.compile(r"\n\n|</(?:p|li|h[1-6]|tr|table|blockquote|g)>")


def text_pieces(text: str, size: int = PIECE_CHARS) -> list[str]:
    """``text`` in pieces of about ``size`` characters, cut only where no name can run on."""
    pieces, start = [], 0
    while len(text) - start > size:
        end = _PIECE_END.search(text, start + size)
        if end is None:
            break
        pieces.append(text[start : end.end()])
        start = end.end()
    pieces.append(text[start:])
    return pieces


def substitute_in_pieces(anonymiser: Anonymiser, text: str) -> str:
    """Real names replaced a megabyte at a time: the anonymiser keeps a position map of
    two integers per character, ~70 bytes a character, so a 5 MB IMR in one call cost
    350 MB; in pieces its memory is that of one piece."""
    if len(text) <= PIECE_CHARS:
        return anonymiser.substitute(text)
    return "".join(anonymiser.substitute(piece) for piece in text_pieces(text, PIECE_CHARS))


def _as_ascii(html: str) -> str:
    """A large page with raw-HTML blocks, its other characters as references (``·`` as
    ``&#183;``): the same page to a reader, at one byte a character in memory instead of
    two or four. MkDocs holds a page several times over while it writes it (a 50,000-row
    chronology: 60 MB each). Not where a script or style would read the references
    literally."""
    if len(html) <= PIECE_CHARS or html.isascii() or "<script" in html or "<style" in html:
        return html
    return html.encode("ascii", "xmlcharrefreplace").decode("ascii")


def _placeholders_in(html: str) -> list[str]:
    return [name for name in PLACEHOLDER.findall(html) if name.startswith("raw-")]




@dataclass
class SiteState:
    content_root: Path
    audience: str = "internal"
    anonymise_internal: bool = True
    expand_first_use: bool = False
    today: date = field(default_factory=lambda: build_date())
    reviews: dict[str, Review] = field(default_factory=dict)
    glossary: Glossary = field(default_factory=Glossary)
    findings: list[Finding] = field(default_factory=list)
    # Symbolic links out of the content folder: unlike a writing problem, these stop
    # even the internal build (it would read files no review in the repository holds).
    refused_links: list[Path] = field(default_factory=list)
    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    pages: dict[str, RenderedPage] = field(default_factory=dict)
    raw_blocks: dict[str, str] = field(default_factory=dict)
    _pending: PendingChecks | None = field(default=None, init=False, repr=False)
    # What earlier builds of the plugin's session left (`mkdocs serve` rebuilds re-read
    # only the reviews whose files changed); a state made without one remembers nothing.
    memory: BuildMemory = field(default_factory=BuildMemory, repr=False)

    @classmethod
    def load(
        cls,
        content_root: Path,
        audience: str,
        anonymise_internal: bool = True,
        expand_first_use: bool = False,
        *,
        run_checks: bool = True,
        background_checks: bool = False,
        memory: BuildMemory | None = None,
    ) -> SiteState:
        """Every review under ``content_root``; with ``run_checks`` the rules of
        `casereview check` too (a second state made only to render needs none).

        With ``background_checks`` the checks of many reviews run in worker processes
        while the caller goes on; :meth:`collect_checks` adds their findings."""
        state = cls(content_root, audience, anonymise_internal, expand_first_use, memory=memory or BuildMemory())
        leaving = leaving_links(content_root)  # errors: the build stops before writing a file
        if content_root / "glossary.yml" not in leaving:
            state.glossary, state.findings = load_glossary(content_root / "glossary.yml")
        state.findings += [leaving_link_finding(link) for link in leaving]
        state.refused_links = list(leaving)
        shared = _signature(content_root / "glossary.yml")
        unchecked: list[Path] = []
        for folder in review_folders(content_root):
            if folder in leaving:
                continue
            signature = (shared, _signature(folder))
            cached = state.memory.reviews.get((audience, folder))
            if cached is None or cached[0] != signature:
                cached = (signature, load_review(folder, state.glossary), None)
                state.memory.reviews[(audience, folder)] = cached
            state.reviews[cached[1].slug] = cached[1]
            if run_checks and cached[2] is None:
                unchecked.append(folder)
            state.findings += cached[2] or []
        workers = worker_count(leave_one_free=True) if background_checks else 0
        if unchecked and workers:
            state._pending = PendingChecks(unchecked, state.glossary, workers)
        else:
            for folder in unchecked:
                state._record_checks(folder, check_review(state.memory.reviews[(audience, folder)][1]))
        return state

    def collect_checks(self) -> None:
        """Wait for checks running in the background and add their findings."""
        pending, self._pending = self._pending, None
        if pending is not None:
            for folder, found in pending.results().items():
                self._record_checks(folder, found)

    @property
    def checks_pending(self) -> bool:
        return self._pending is not None

    def cancel_checks(self) -> None:
        pending, self._pending = self._pending, None
        if pending is not None:
            pending.cancel()

    def review_signature(self, review: Review) -> tuple[Any, ...] | None:
        cached = self.memory.reviews.get((self.audience, review.folder))
        return cached[0] if cached is not None and cached[1] is review else None

    def unchanged_since_last_build(self, review: Review) -> bool:
        """Whether the previous build in this process saw the review's files as they are."""
        signature = self.review_signature(review)
        return signature is not None and self.memory.built.get((self.audience, review.slug)) == signature

    def remember_built(self) -> None:
        for review in self.reviews.values():
            signature = self.review_signature(review)
            if signature is not None:
                self.memory.built[(self.audience, review.slug)] = signature

    def remember_rendered(self) -> None:
        """Keep this build's pages for a later dirty build in this process."""
        for page in self.pages.values():
            review = self.review_for(page.src_uri)
            if review is not None:
                signature = self.review_signature(review)
                self.memory.rendered[(self.audience, page.src_uri)] = (signature, page, self.labels.get(page.url))

    def complete_unrendered_pages(self) -> None:
        """After a dirty build rendered only changed pages: every other page of each
        review, from an earlier build of this process when its review is unchanged,
        else rendered here (without the theme, which a dirty build does not need)."""
        for review in self.reviews.values():
            signature = self.review_signature(review)
            for src_uri, body, meta in document_sources(self, review):
                if src_uri in self.pages:
                    continue
                remembered = self.memory.rendered.get((self.audience, src_uri))
                if remembered is not None and signature is not None and remembered[0] == signature:
                    _, page, labels = remembered
                    self.pages[src_uri] = page
                    if labels is not None:
                        self.labels[page.url] = labels
                else:
                    render_page(self, src_uri, body, meta)

    def _record_checks(self, folder: Path, found: list[Finding]) -> None:
        signature, review, _ = self.memory.reviews[(self.audience, folder)]
        self.memory.reviews[(self.audience, folder)] = (signature, review, found)
        self.findings += found

    @property
    def public(self) -> bool:
        return self.audience == "public"

    @cached_property
    def all_keys(self) -> Key:
        return Key.merged(r.key for r in self.reviews.values())

    @cached_property
    def _anonymisers(self) -> dict[str, Anonymiser]:
        return {slug: Anonymiser(review.key) for slug, review in self.reviews.items()}

    def review_for(self, src_uri: str) -> Review | None:
        slug = paths.slug_of(src_uri)
        return None if slug is None else self.reviews.get(slug)

    def anonymiser_for(self, src_uri: str) -> Anonymiser:
        """The review's own key; pages outside a review are checked against every key."""
        review = self.review_for(src_uri)
        if review is not None:
            return self._anonymisers[review.slug]
        return self._site_anonymiser

    @cached_property
    def _site_anonymiser(self) -> Anonymiser:
        return Anonymiser(self.all_keys)

    @cached_property
    def public_src_uris(self) -> frozenset[str]:
        """Source paths (relative to content/) of every document that may be published."""
        return frozenset(uri for review in self.reviews.values() for uri, _ in published_documents(review))

    @cached_property
    def public_image_uris(self) -> frozenset[str]:
        """Source paths of the images publishable documents show: the public site
        carries these (and the gate reads their metadata), and no other image."""
        images: set[str] = set()
        for review in self.reviews.values():
            root = review.folder.parent.parent
            for doc in review.documents:
                if is_public(doc.meta):
                    images |= referenced_images(doc.body, doc.path.relative_to(root).as_posix())
        return frozenset(images)

    def pdf_href(self, src_uri: str, *, from_root: bool = False) -> str | None:
        """Where the PDF of a public document is written, named by slug and type only."""
        review = self.review_for(src_uri)
        if review is None or src_uri not in self.public_src_uris:
            return None
        if from_root:
            return paths.document_pdf(review.slug, src_uri)
        return paths.document_pdf_name(review.slug, src_uri)

    def review_type_name(self, review: Review) -> str:
        return review_type_label(str(review.meta.get("type", "")))

    def should_anonymise(self, src_uri: str) -> bool:
        """Public pages always; internal pages by option, except the key page, whose
        purpose is to tell the panel who each acronym is."""
        if self.public:
            return True
        return self.anonymise_internal and not paths.is_review_page(src_uri, paths.KEY_PAGE)

    def is_published(self, meta: Mapping[str, Any]) -> bool:
        return is_public(meta)

    def problems_html(self, slug: str) -> str:
        """The page of what `casereview check` finds in one review, filled once the
        checks (run in worker processes) are in. An internal build goes on with errors,
        so the panel sees them here; messages never hold a real name."""
        review = self.reviews[slug]
        return problems_page_html(str(review.meta.get("title", slug)), slug, self.findings)

    def stash_raw_html(self, block: str) -> str:
        """Keep a raw-HTML block out of Markdown; :meth:`finish_html` puts it back."""
        name = "raw-" + hashlib.sha256(block.encode("utf-8")).hexdigest()[:20]  # the same in every build
        self.raw_blocks[name] = block
        return "\n" + placeholder(name) + "\n"

    def traceability_html(self, slug: str) -> str:
        """The matrix from the IMR pages this build has already rendered: rendering
        them a second time cost a quarter of an internal build."""
        return self.traceability_page(slug)[0]

    def traceability_page(self, slug: str) -> tuple[str, list[dict[str, Any]]]:
        """The matrix's HTML and its headings (Python-Markdown's ``toc_tokens``), so
        the site can show its table of contents like any other page's."""
        review = self.reviews[slug]
        imrs = [p for p in self.pages.values() if p.meta.get("type") == "imr" and self.review_for(p.src_uri) is review]
        body = traceability_page_markdown(trace_review(review, imrs), review).split("---\n", 2)[2]
        converter = markdown.Markdown(extensions=MARKDOWN_EXTENSIONS)
        html = converter.convert(body)
        return html, list(getattr(converter, "toc_tokens", []))

    # --- Markdown stage -------------------------------------------------
    def prepare_markdown(self, src_uri: str, markdown: str, meta: MutableMapping[str, Any]) -> str:
        review = self.review_for(src_uri)
        context = MarkdownContext(
            recommendations=list(meta.get("recommendations") or []),
            executive_summary_body=self._executive_summary_body(review),
            milestones_block=self._milestones(review, meta),
        )
        if context.milestones_block and not self.public and "[[milestones]]" not in markdown:
            markdown += "\n\n## Review timeline\n\n[[milestones]]\n"
        markdown = labels_to_attr_list(expand_markdown(markdown, context))
        kind = document_type(meta.get("type"))
        if self.expand_first_use and review is not None and (kind is None or kind.spell_out_abbreviations):
            markdown = expand_first_use(markdown, glossary=review.glossary, key_acronyms=exempt_acronyms(review))
        if kind is not None and kind.shows_key_and_glossary:
            markdown = ensure_placeholder(markdown, "glossary")
            markdown = ensure_placeholder(markdown, "key")
        if meta.get("type") == "action-plan" and review is not None:
            markdown += self._action_plan_block(review, src_uri)
        if self.public and src_uri in self.public_src_uris:
            # The theme shows the link (theme/overrides/main.html): it belongs to the
            # page, not to the document, so the PDF itself never carries it.
            meta["pdf_href"] = f"../{self.pdf_href(src_uri)}"
        markdown += abbr_definitions(self.glossary if review is None else review.glossary, markdown)
        for name in TEXT_META:  # the theme prints these in <meta>: text, never a Python repr
            if isinstance(meta.get(name), dict | list):
                meta[name] = frontmatter_text(meta[name])
        if self.should_anonymise(src_uri):
            anonymiser = self.anonymiser_for(src_uri)
            markdown = substitute_in_pieces(anonymiser, markdown)
            for name in TEXT_META:
                if isinstance(meta.get(name), str):
                    meta[name] = anonymiser.substitute(meta[name])
        return markdown

    def _action_plan_block(self, review: Review, src_uri: str) -> str:
        """The plan's actions grouped by recommendation, kept out of Markdown as raw HTML."""
        plan = next((d for d in review.documents if d.path == self.content_root / src_uri), None)
        return "" if plan is None else "\n" + self.stash_raw_html(plan_html(review, plan, self.today))

    def _milestones(self, review: Review | None, meta: Mapping[str, Any]) -> str:
        """The review timeline, on the Terms of Reference of the internal site only."""
        if review is None or self.public or meta.get("type") != "terms-of-reference":
            return ""
        return milestones_markdown(review, self.today)

    def _executive_summary_body(self, review: Review | None) -> str | None:
        if review is None:
            return None
        summaries = review.documents_of_type("executive-summary")
        return summaries[0].body if summaries else None

    # --- HTML stage -----------------------------------------------------
    def finish_html(self, page: RenderedPage) -> str:
        """Fill markers, number paragraphs, strip comments (public), substitute names.

        Raw-HTML blocks (the composite chronology: ~1 KB a row, 60 MB at 50,000 rows)
        go in last, each finished piece by piece: the page around them is small, and
        substituting names in a whole 60 MB page cost several copies of it at once."""
        review = self.review_for(page.src_uri)
        # The author's markup is sanitised before casereview adds its own (tables, genogram).
        html = sanitise_html(page.html) if self.public else page.html
        if review is not None:
            html = self._fill_markers(html, review)
        kind = document_type(page.meta.get("type"))
        if kind is None or kind.layout.numbered_paragraphs:  # reports are numbered; guides and listings are not
            numbered = number_paragraphs(html)
            self.labels[page.url] = numbered.labels
            html = numbered.html
        html = self._finish_text(page.src_uri, html)
        if review is not None and _placeholders_in(html):
            html = fill_placeholders(
                html,
                {
                    name: partial(self._finish_text, page.src_uri, block)
                    for name, block in self.raw_blocks.items()
                },
                keep_others=True,
            )
            html = _as_ascii(html)
        page.html = html
        self.pages[page.src_uri] = page
        return html

    def _finish_text(self, src_uri: str, html: str) -> str:
        if self.public:
            html = strip_html_comments(html)
        if self.should_anonymise(src_uri):
            html = substitute_in_pieces(self.anonymiser_for(src_uri), html)
        return html

    def _fill_markers(self, html: str, review: Review) -> str:
        """The genogram first: the acronyms it shows belong in the page's key too. The
        key and glossary list what the page shows, raw-HTML blocks included."""
        html = fill_placeholders(
            html,
            {
                "genogram": lambda: (
                    f'<figure class="casereview-genogram casereview-no-number">{draw_genogram(review.key)}</figure>'
                ),
            },
            keep_others=True,
        )
        if placeholder("key") not in html and placeholder("glossary") not in html:
            return html
        text = (
            page_text(html)
            + " "
            + " ".join(page_text(self.raw_blocks.get(name, "")) for name in _placeholders_in(html))
        )
        return fill_placeholders(
            html,
            {
                "key": lambda: key_table_html(acronyms_used(text, review.key), review.key, public=self.public),
                "glossary": lambda: glossary_table_html(abbreviations_used(text, review.glossary, review.key)),
            },
            keep_others=True,
        )

    def resolve(self, page: RenderedPage) -> tuple[str, list[Any]]:
        html, unresolved = resolve_citations(page.html, page_url=page.url, label_index=self.labels)
        page.html = html
        return html, unresolved
