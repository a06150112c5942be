"""The document-type registry: one record per kind of document, read by every stage.

What a document of each type is (its schema, who may read it, where it sits in the
site's navigation and in the panel pack, how it prints, which template starts it)
is written once, here, in :data:`DOCUMENT_TYPES`. The checks, the sites, the PDFs,
the regulator's copy and ``casereview new`` ask this module; none keeps a list of its
own. Adding a type is one entry below, one schema in ``schemas/`` and one guide page
(ARCHITECTURE.md, "Adding a document type").

The registry also names the pages casereview generates (the key, the composite
chronology, the QA, problems and traceability pages, ``generated=True``): they take
a place in the same reading and pack orders, and no author may write their ``type``.
Modules read the registry through the functions below, at call time, never by
copying it into a constant of their own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from casereview.sources import paths

Audience = Literal["panel", "public", "regulator"]
PANEL: frozenset[Audience] = frozenset({"panel"})
PANEL_AND_REGULATOR: frozenset[Audience] = frozenset({"panel", "regulator"})
EVERYONE: frozenset[Audience] = frozenset({"panel", "regulator", "public"})

PUBLISHABLE_STATUSES = frozenset({"approved", "published"})
#: Where a type without a place in an order goes: after every type that has one.
LAST = 1_000


@dataclass(frozen=True)
class PrintLayout:
    """How a document of the type is printed (:mod:`casereview.print`)."""

    #: Every chapter (h2) starts a new page.
    chapter_breaks: bool = False
    #: A contents page, with the glossary under it.
    contents_page: bool = False
    #: A sign-off page at the end (blank fields to fill in by hand when none are given).
    sign_off_page: bool = False
    #: A title block on the first page instead of a front sheet.
    compact: bool = False
    #: The agency's front sheet (agency, author, dates commissioned and completed).
    agency_front_sheet: bool = False
    #: The key and glossary tables stay where the text has them, not under the contents.
    tables_in_place: bool = False
    landscape: bool = False
    #: Paragraphs numbered 1, 1.1… (reports); guides and listings are not numbered.
    numbered_paragraphs: bool = True
    #: At most this many sides of A4 (the public PDF is refused beyond it).
    page_limit: int | None = None


@dataclass(frozen=True)
class DocumentType:
    """One kind of document. ``name`` is what an author writes as ``type:``."""

    name: str
    #: What readers see: the PDF contents of a pack, the PDF's keywords.
    label: str
    #: Who may read it: the panel (internal site), the regulator's copy, the public site.
    audiences: frozenset[Audience]
    #: Place in the site's navigation (gaps of 10 leave room for a new type).
    reading_order: int
    #: Place in the panel pack (None: after every type that has one).
    pack_order: int | None = None
    #: Where it lives in the review folder: a file name, or the folder of one file per agency.
    location: str = ""
    #: One document per agency of the Terms of Reference, named ``<agency id>.md``.
    per_agency: bool = False
    #: The title of the navigation section of a per-agency folder.
    section_title: str = ""
    #: The frontmatter schema, ``schemas/<schema>.schema.json`` (None: generated page).
    schema: str | None = None
    #: The template ``casereview new`` fills (``casereview/templates/``), if any.
    template: str | None = None
    #: The page shows the review's key and glossary without a ``[[key]]`` marker.
    shows_key_and_glossary: bool = False
    #: Abbreviations must be in the glossary and spelled out at their first use.
    spell_out_abbreviations: bool = True
    #: How the author's role is named in the regulator's copy ("IMR author (CSC)").
    role_label: str = ""
    layout: PrintLayout = PrintLayout()
    #: A page casereview writes itself (key, composite chronology…): no author writes it.
    generated: bool = False
    #: A generated page printed as another kind ("page": a generic page), not as its own.
    prints_as: str = ""

    @property
    def publishable(self) -> bool:
        return "public" in self.audiences

    @property
    def for_regulator(self) -> bool:
        return "regulator" in self.audiences

    @property
    def role(self) -> str:
        return self.role_label or self.name.replace("-", " ")


REPORT = PrintLayout(chapter_breaks=True, contents_page=True, sign_off_page=True)

DOCUMENT_TYPES: tuple[DocumentType, ...] = (
    DocumentType(
        "terms-of-reference",
        "Terms of Reference",
        PANEL_AND_REGULATOR,
        reading_order=0,
        pack_order=0,
        location="index.md",
        schema="terms-of-reference",
        template="terms-of-reference.md",
        shows_key_and_glossary=True,
        layout=PrintLayout(contents_page=True),
    ),
    DocumentType(
        "imr",
        "Individual Management Review",
        PANEL_AND_REGULATOR,
        reading_order=50,
        pack_order=30,
        location="imr",
        per_agency=True,
        section_title="Individual Management Reviews",
        schema="imr",
        template="imr.md",
        shows_key_and_glossary=True,
        role_label="IMR",
        layout=PrintLayout(chapter_breaks=True, contents_page=True, sign_off_page=True, agency_front_sheet=True),
    ),
    DocumentType(
        "action-plan",
        "Action plan",
        PANEL_AND_REGULATOR,
        reading_order=70,
        pack_order=40,
        location="action-plans",
        per_agency=True,
        section_title="Action plans",
        schema="action-plan",
        template="action-plan.md",
    ),
    DocumentType(
        "overview-report",
        "Overview report",
        EVERYONE,
        reading_order=40,
        pack_order=50,
        location="overview-report.md",
        schema="overview-report",
        shows_key_and_glossary=True,
        layout=REPORT,
    ),
    DocumentType(
        "executive-summary",
        "Executive summary",
        EVERYONE,
        reading_order=20,
        pack_order=60,
        location="executive-summary.md",
        schema="executive-summary",
        shows_key_and_glossary=True,
        layout=PrintLayout(contents_page=True),
    ),
    DocumentType(
        "synopsis",
        "Case synopsis",
        EVERYONE,
        reading_order=30,
        pack_order=70,
        location="synopsis.md",
        schema="synopsis",
        layout=PrintLayout(compact=True, tables_in_place=True, page_limit=2),
    ),
    DocumentType(
        "page",
        "Document",
        PANEL,
        reading_order=LAST,
        schema="page",
        spell_out_abbreviations=False,
        layout=PrintLayout(compact=True, numbered_paragraphs=False),
    ),
    # Pages casereview generates for each review.
    DocumentType(
        "key",
        "Anonymisation key",
        PANEL,
        reading_order=10,
        pack_order=10,
        location="key.md",
        layout=PrintLayout(tables_in_place=True),
        generated=True,
    ),
    DocumentType(
        "chronology",
        "Chronology",
        PANEL,
        reading_order=60,
        pack_order=20,
        location="chronology.md",
        layout=PrintLayout(landscape=True),
        generated=True,
    ),
    *(
        DocumentType(name, title, PANEL, reading_order=order, location=f"{name}.md", generated=True, prints_as="page")
        for name, title, order in (
            ("qa", "Quality assurance", 80),
            ("problems", "Open problems", 90),
            ("traceability", "Traceability", 100),
        )
    ),
)

_index: tuple[tuple[DocumentType, ...], dict[str, DocumentType]] = ((), {})


def _by_name() -> dict[str, DocumentType]:
    """The registry by name, rebuilt only when :data:`DOCUMENT_TYPES` is another tuple."""
    global _index
    if _index[0] is not DOCUMENT_TYPES:
        _index = (DOCUMENT_TYPES, {t.name: t for t in DOCUMENT_TYPES})
    return _index[1]


def document_type(name: object) -> DocumentType | None:
    """The record of ``name`` (a ``type:`` value or a generated page's kind), if any."""
    return _by_name().get(name) if isinstance(name, str) else None


def authored_types() -> list[DocumentType]:
    """The types an author may write as ``type:``, in the registry's order."""
    return [t for t in DOCUMENT_TYPES if not t.generated]


def type_names() -> list[str]:
    """The values ``type:`` may take."""
    return [t.name for t in authored_types()]


def schema_names() -> list[str]:
    return [t.schema for t in DOCUMENT_TYPES if t.schema]


def is_publishable(name: object) -> bool:
    """The type may go to the public site (once approved and marked ``publish: true``)."""
    found = document_type(name)
    return found is not None and not found.generated and found.publishable


def is_public(meta: Mapping[str, Any]) -> bool:
    """A document is public only if its type may be published, the board set
    ``publish: true`` and the panel approved it. Anything else stays internal."""
    return (
        is_publishable(meta.get("type")) and meta.get("publish") is True and meta.get("status") in PUBLISHABLE_STATUSES
    )


def label(name: str) -> str:
    """What readers call a type ("Individual Management Review"); unknown: the name."""
    found = document_type(name)
    return found.label if found else name


def layout(name: str) -> PrintLayout:
    found = document_type(name)
    return found.layout if found else PrintLayout()


def pack_rank(name: str) -> int:
    found = document_type(name)
    return found.pack_order if found and found.pack_order is not None else LAST


def per_agency_types() -> list[DocumentType]:
    return [t for t in DOCUMENT_TYPES if t.per_agency]


def reading_order() -> list[str]:
    """Files and per-agency folders of a review, in the order a panel reads them."""
    placed = sorted((t for t in DOCUMENT_TYPES if t.location), key=lambda t: t.reading_order)
    return [t.location for t in placed]


def print_kind(src_uri: str, meta: Mapping[str, Any]) -> str:
    """The type a page prints as: a generated page by its file (``reviews/<slug>/key.md``
    is the key), any other by its ``type:``."""
    generated = next(
        (t for t in DOCUMENT_TYPES if t.generated and t.location and paths.is_review_page(src_uri, t.location)), None
    )
    if generated is not None:
        return generated.prints_as or generated.name
    return str(meta.get("type", "page"))


def regulator_types() -> list[str]:
    """Types in the regulator's copy, in pack order."""
    chosen = [t for t in authored_types() if t.for_regulator]
    return [t.name for t in sorted(chosen, key=lambda t: pack_rank(t.name))]
