"""What one site build may remember from the build before it, and for how long.

A build (``mkdocs build``, each rebuild of ``mkdocs serve``) reads every review, checks
it and renders its pages. ``mkdocs serve`` rebuilds after every edit, so the reviews,
check findings and pages of a review whose files did not change are kept between its
rebuilds in a :class:`BuildMemory`. The review plugin owns that memory: it makes one at
``on_startup`` (or at its first ``on_config``), hands it to
:meth:`~casereview.render.site.SiteState.load`, and drops it at ``on_shutdown``, where
it also calls :func:`clear_caches`. Nothing here outlives the plugin's session, and a
state made without a memory (``casereview pdf``, the tests) remembers nothing.

Every entry is keyed by the audience as well as by the folder or page, and checked
against the signature of the review's files: the internal and the public build never
share a review object, a finding list or a page, even when one process builds both.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from casereview.anonymise.identifiers import clear_cache as clear_path_matchers
from casereview.anonymise.matcher import clear_cache as clear_matchers
from casereview.checks.abbreviations import clear_cache as clear_abbreviations
from casereview.checks.detect import clear_cache as clear_detector
from casereview.chronology.composite import clear_cache as clear_chronologies
from casereview.chronology.validate import clear_cache as clear_chronology_lines

if TYPE_CHECKING:
    from casereview.render.rendered_page import RenderedPage
    from casereview.sources.findings import Finding
    from casereview.sources.review import Review

#: The names, sizes and modification times of a review's files (and the glossary's).
Signature = tuple


@dataclass
class BuildMemory:
    """The reviews, findings and pages of earlier builds in one plugin session."""

    #: (audience, folder) → (signature, the review as read, its check findings or None
    #: while not checked yet)
    reviews: dict[tuple[str, Path], tuple[Signature, Review, list[Finding] | None]] = field(default_factory=dict)
    #: (audience, src_uri) → (signature of its review then, the page, its labels): a
    #: dirty build renders only changed pages, yet citations and the traceability
    #: matrix need the labels and paragraphs of every page.
    rendered: dict[tuple[str, str], tuple[Signature | None, RenderedPage, dict[str, str] | None]] = field(
        default_factory=dict
    )
    #: (audience, src_uri) → (signature of its review, a generated page's Markdown, the
    #: raw-HTML blocks kept out of it)
    generated: dict[tuple[str, str], tuple[Signature, str, dict[str, str]]] = field(default_factory=dict)
    #: (audience, slug) → the signature at the end of the previous build: a dirty build
    #: leaves the generated pages of an unchanged review as they are.
    built: dict[tuple[str, str], Signature] = field(default_factory=dict)

    def clear(self) -> None:
        self.reviews.clear()
        self.rendered.clear()
        self.generated.clear()
        self.built.clear()


def clear_caches() -> None:
    """Empty the module-level caches a build fills, at the end of a plugin session.

    Each is keyed by everything that changes its answer (a file's path with its size
    and modification time, or the key's entities themselves), so none can answer one
    build with another's data; clearing them releases the memory (and the real names
    the matchers hold) once the session is over. Left alone on purpose: the schema
    validators, the look-alike letter tables and the text-folding tables (pure
    functions of the package's own data), the installed theme's file index (the gate
    reads it after the plugins' shutdown) and the masking register of
    :mod:`casereview.anonymise.redact` (every line the process prints after a build
    must still be masked)."""
    for clear in (
        clear_chronologies,
        clear_chronology_lines,
        clear_detector,
        clear_abbreviations,
        clear_matchers,
        clear_path_matchers,
    ):
        clear()
