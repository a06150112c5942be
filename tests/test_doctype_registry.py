"""A document type is one registry entry, one schema and one guide page.

The test adds a public "learning brief" the way a contributor would (ARCHITECTURE.md,
"Adding a document type"): an entry in ``casereview.sources.doctypes.DOCUMENT_TYPES``,
``learning-brief.schema.json`` beside the other schemas, a guide page, and then a
document of that type in a small review. Nothing else is touched: `check` accepts it,
both sites show it in its place, the public one in acronyms only, and the panel pack
files it where the registry says.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from casereview.checks.audit_presets import PRESETS
from casereview.cli.main import main as casereview
from casereview.sources import doctypes
from casereview.sources.doctypes import EVERYONE, DocumentType, PrintLayout
from casereview.sources.reviewtypes import review_type_names
from casereview.sources.schemas import schema_dir
from sitebuild import PROJECT, build, configure_small_site

REVIEW = "reviews/mini-2024"

LEARNING_BRIEF = DocumentType(
    "learning-brief",
    "Learning brief",
    EVERYONE,
    reading_order=35,  # after the synopsis (30), before the overview report (40)
    pack_order=55,  # after the overview report (50), before the executive summary (60)
    location="learning-brief.md",
    schema="learning-brief",
    layout=PrintLayout(compact=True, page_limit=2),
)

SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Learning brief (one or two sides for practitioners)",
    "type": "object",
    "$ref": "common.schema.json#/$defs/documentBase",
    "properties": {
        "type": {"const": "learning-brief"},
        "publish": {"$ref": "common.schema.json#/$defs/publish"},
        "audience": {"type": "string", "description": "Who the brief is written for."},
    },
    "unevaluatedProperties": False,
}

FILES = {
    f"content/{REVIEW}/learning-brief.md": """
        ---
        type: learning-brief
        title: "Learning brief: Child A"
        status: approved
        version: "1.0"
        publish: true
        audience: Practitioners in every agency
        ---
        # Learning brief: Child A

        ## What happened

        Child A lived with Mother M. Practitioners rarely asked Child A how things were at home.

        ## What to do differently

        Ask the child, and write down what the child says.
    """,
    "content/guide/learning-brief.md": """
        ---
        type: page
        title: Writing a learning brief
        status: approved
        version: "1.0"
        ---
        # Writing a learning brief

        A learning brief tells practitioners, in two sides at most, what the review learnt.
    """,
}
PRIVATE_NAMES = ("Poppy", "Fenwick", "Grace", "Gracie")


@pytest.fixture
def with_learning_brief(mini_project: Path, tree, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The mini review with the new type registered, its schema and a brief of it."""
    monkeypatch.setattr(doctypes, "DOCUMENT_TYPES", (*doctypes.DOCUMENT_TYPES, LEARNING_BRIEF))
    schemas = tmp_path / "schemas"
    shutil.copytree(schema_dir(), schemas)
    (schemas / "learning-brief.schema.json").write_text(json.dumps(SCHEMA), encoding="utf-8")
    monkeypatch.setenv("CASEREVIEW_SCHEMAS", str(schemas))
    tree(FILES)  # written into mini_project's folder
    monkeypatch.chdir(mini_project)
    return mini_project


def _nav_order(page: str, hrefs: list[str]) -> list[str]:
    """``hrefs`` in the order the primary navigation lists them."""
    nav = page[page.index("md-nav--primary") :]
    found = {href: nav.find(f'href="{href}"') for href in hrefs}
    assert all(at >= 0 for at in found.values()), found
    return sorted(hrefs, key=found.__getitem__)


@pytest.mark.slow
def test_a_new_type_is_checked_built_published_and_ordered(
    with_learning_brief: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert casereview(["check", "content"]) == 0
    assert "learning-brief.md" not in capsys.readouterr().out

    project = configure_small_site(with_learning_brief)
    public_config = (PROJECT / "mkdocs.public.yml").read_text(encoding="utf-8")
    (project / "mkdocs.public.yml").write_text(
        re.sub(r"(\n      audience: public\n)", r"\1      pdf: false\n", public_config), encoding="utf-8"
    )
    assert build(project) == 0

    internal = (project / f"site/internal/{REVIEW}/learning-brief/index.html").read_text(encoding="utf-8")
    assert "Practitioners rarely asked Child A" in internal
    assert (project / "site/internal/guide/learning-brief/index.html").is_file()
    order = ["../executive-summary/", "./", "../imr/csc/", "../action-plans/csc/"]
    assert _nav_order(internal, order) == order  # read after the summary, before the IMRs

    public_site = project / "site/public"
    public = (public_site / f"{REVIEW}/learning-brief/index.html").read_text(encoding="utf-8")
    assert "Child A lived with Mother M." in public
    assert not (public_site / "guide").exists()
    catalogue = json.loads((public_site / "reviews.json").read_text(encoding="utf-8"))
    assert "learning-brief" in {doc["type"] for doc in catalogue["reviews"][0]["documents"]}
    for path in public_site.rglob("*"):
        if path.suffix in (".html", ".json", ".xml", ".js"):
            text = path.read_text(encoding="utf-8", errors="replace")
            assert not [n for n in PRIVATE_NAMES if n in text], path


def test_a_new_type_takes_its_place_in_the_panel_pack(with_learning_brief: Path) -> None:
    from casereview.print.packs import pack_pages
    from casereview.render.markdown import render_review
    from casereview.render.site import SiteState

    state = SiteState.load(with_learning_brief / "content", "internal", run_checks=False)
    review = state.reviews["mini-2024"]
    render_review(state, review)
    files = [p.src_uri.removeprefix(f"{REVIEW}/") for p in pack_pages(state, review)]
    reports = [f for f in files if f in ("index.md", "imr/csc.md", "executive-summary.md", "learning-brief.md")]
    assert reports == ["index.md", "imr/csc.md", "learning-brief.md", "executive-summary.md"]


def test_a_type_the_registry_does_not_name_is_refused(
    mini_project: Path, tree, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the registry entry the same file is an unknown type, and the message
    lists the types the registry names (generated pages are not among them)."""
    tree({f"content/{REVIEW}/learning-brief.md": FILES[f"content/{REVIEW}/learning-brief.md"]})
    monkeypatch.chdir(mini_project)
    assert casereview(["check", "content"]) == 1
    lines = [line for line in capsys.readouterr().out.splitlines() if "learning-brief.md" in line]
    (line,) = [line for line in lines if 'document type "learning-brief" is unknown' in line]
    assert "executive-summary, synopsis, page" in line and "traceability" not in line


def test_the_schema_offers_the_review_types_and_formats_casereview_knows() -> None:
    """Editors read review.type's and review.format's choices from the schema;
    `casereview new`, the sites and the audit from the registries: the lists agree."""
    schema = json.loads((schema_dir() / "terms-of-reference.schema.json").read_text(encoding="utf-8"))
    review = schema["properties"]["review"]["properties"]
    assert review["type"]["enum"] == review_type_names()
    assert review["format"]["enum"] == list(PRESETS)
