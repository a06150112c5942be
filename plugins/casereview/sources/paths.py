"""Where things are on both sites: the one place the path scheme is written.

Paths here are source paths relative to the content folder (``src_uri``, as MkDocs
names them: ``reviews/<slug>/imr/police.md``) or paths relative to the site's root
(the PDFs). The internal and the public site use the same scheme; which pages each
carries is :mod:`casereview.render.generated`'s and the publication rules' business.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

#: The folder under the content folder (and the site) that holds one folder per review.
REVIEWS = "reviews"

#: Pages casereview writes into every review's folder (file names).
KEY_PAGE = "key.md"
CHRONOLOGY_PAGE = "chronology.md"
TRACEABILITY_PAGE = "traceability.md"
QA_PAGE = "qa.md"
PROBLEMS_PAGE = "problems.md"

#: Pages casereview writes once per site (source paths).
LANDING_PAGE = "index.md"
STATEMENT_PAGE = "accessibility.md"
TRACKER_PAGE = "actions.md"
#: The machine-readable index of published reviews, at the public site's root.
PUBLIC_INDEX = "reviews.json"


def review_folder(slug: str) -> str:
    """``reviews/<slug>/``: the folder of a review, on the site and under content/."""
    return f"{REVIEWS}/{slug}/"


def review_folder_in(content: Path, slug: str) -> Path:
    """The folder of review ``slug`` under the content folder ``content``."""
    return content / REVIEWS / slug


def review_page(slug: str, name: str) -> str:
    """The source path of a page in a review's folder (``name``: ``KEY_PAGE``…)."""
    return review_folder(slug) + name


def slug_of(src_uri: str) -> str | None:
    """The review a source path belongs to (``reviews/<slug>/…``), or None."""
    parts = src_uri.split("/")
    if len(parts) >= 3 and parts[0] == REVIEWS:
        return parts[1]
    return None


def is_review_page(src_uri: str, name: str) -> bool:
    """Whether ``src_uri`` is the page ``name`` (``KEY_PAGE``…) of a review."""
    slug = slug_of(src_uri)
    return slug is not None and src_uri == review_page(slug, name)


def in_review(src_uri: str, slug: str) -> str:
    """``src_uri`` relative to its review's folder (``imr/police.md``), or as given."""
    return src_uri.split(review_folder(slug), 1)[-1]


def document_pdf_name(slug: str, src_uri: str) -> str:
    """The file name of a public document's PDF: the review and the document's file
    name only (``<slug>-executive-summary.pdf``)."""
    return f"{slug}-{PurePosixPath(src_uri).stem}.pdf"


def document_pdf(slug: str, src_uri: str) -> str:
    """Where a public document's PDF is written, relative to the site's root."""
    return review_folder(slug) + document_pdf_name(slug, src_uri)


def panel_pack(slug: str) -> str:
    """Where a review's panel pack is written, relative to the internal site's root."""
    return review_folder(slug) + f"{slug}-panel-pack.pdf"
