"""The two sites built end to end from the demo review."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
import yaml

from sitebuild import build, files_under, make_project

pytestmark = pytest.mark.slow

DEMO = "reviews/eastmoor-child-t-2024"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("demo"))
    assert build(project) == 0
    return project


def _key_names(project: Path) -> list[str]:
    key = yaml.safe_load((project / "content" / DEMO / "key.yml").read_text())
    return [n for e in key["entities"] if not e.get("public") for n in e.get("names", []) + e.get("aliases", [])]


def test_public_site_holds_only_published_documents(built: Path) -> None:
    public = files_under(built / "site/public")
    pages = {p for p in public if p.endswith(".html")}
    assert f"{DEMO}/executive-summary/index.html" in pages
    assert f"{DEMO}/synopsis/index.html" in pages
    assert "index.html" in pages and "reviews.json" in public
    assert f"{DEMO}/eastmoor-child-t-2024-executive-summary.pdf" in public
    assert f"{DEMO}/eastmoor-child-t-2024-synopsis.pdf" in public
    forbidden = re.compile(r"(^|/)(imr|chronology|action-plans|key|overview-report|guide)(/|\.|$)")
    assert not [p for p in public if forbidden.search(p)]
    assert not [p for p in public if p.endswith((".md", ".yml", ".yaml", ".csv", ".xlsx"))]


def test_public_output_contains_no_private_name(built: Path) -> None:
    names = _key_names(built)
    assert len(names) > 15
    for relative, data in files_under(built / "site/public").items():
        if relative.endswith((".html", ".json", ".xml", ".js")):
            text = data.decode("utf-8", "replace").casefold()
            found = [n for n in names if n.casefold() in text]
            assert not found, f"{relative} holds a private name"


def test_public_index_catalogues_the_review(built: Path) -> None:
    index = json.loads((built / "site/public/reviews.json").read_text())
    (record,) = index["reviews"]
    assert record["review_type"] == "Serious Case Review"
    assert record["year"] == 2024 and record["subject"] == "Child T"
    assert record["themes"] and record["board"]
    assert {d["type"] for d in record["documents"]} == {"executive-summary", "synopsis"}
    for doc in record["documents"]:
        assert (built / "site/public" / doc["pdf"]).is_file()
    assert record["recommendations"], "the executive summary's recommendations are summarised"


def test_public_search_index_has_only_public_pages(built: Path) -> None:
    index = json.loads((built / "site/public/search/search_index.json").read_text())
    locations = {d["location"].split("#")[0] for d in index["docs"]}
    assert locations <= {"", f"{DEMO}/executive-summary/", f"{DEMO}/synopsis/"}


def test_internal_site_has_every_document_marked(built: Path) -> None:
    internal = built / "site/internal"
    for page in ("index.html", f"{DEMO}/imr/police/index.html", f"{DEMO}/key/index.html", f"{DEMO}/action-plans/csc/index.html"):
        html = (internal / page).read_text()
        assert "OFFICIAL-SENSITIVE: panel only" in html, page
    imr = (internal / f"{DEMO}/imr/police/index.html").read_text()
    assert re.search(r'class="casereview-status[^"]*">\s*<span[^>]*>(Draft|Submitted|Approved|Published)</span>\s*· version', imr)
    assert (internal / f"{DEMO}/eastmoor-child-t-2024-panel-pack.pdf").is_file()


def test_internal_key_page_has_real_names_and_other_pages_do_not(built: Path) -> None:
    internal = built / "site/internal"
    names = _key_names(built)
    key_page = html.unescape((internal / f"{DEMO}/key/index.html").read_text())
    assert [n for n in names if n not in key_page] == []
    imr = (internal / f"{DEMO}/imr/police/index.html").read_text()
    assert not [n for n in names if n in imr]


def test_citations_show_the_number_of_the_cited_paragraph(built: Path) -> None:
    html = (built / "site/internal" / DEMO / "imr/csc/index.html").read_text()
    numbers = dict(re.findall(r'<p[^>]*\bid="([\w-]+)"[^>]*data-para="([\d.]+)"', html))
    numbers.update({k: v for v, k in re.findall(r'<p[^>]*data-para="([\d.]+)"[^>]*\bid="([\w-]+)"', html)})
    citations = re.findall(r'<a[^>]*href="#([\w-]+)"[^>]*class="para-ref"[^>]*>([\d.]+)</a>', html)
    citations += [(h, t) for t, h in re.findall(r'<a[^>]*class="para-ref"[^>]*href="#([\w-]+)"[^>]*>([\d.]+)</a>', html)]
    assert citations, "the demo IMR cites its own paragraphs"
    for label, shown in citations:
        assert numbers[label] == shown


def test_two_builds_are_byte_identical(tmp_path: Path, built: Path) -> None:
    again = make_project(tmp_path / "again")
    assert build(again, "public") == 0
    first, second = files_under(built / "site/public"), files_under(again / "site/public")
    assert first.keys() == second.keys()
    different = [name for name in first if first[name] != second[name]]
    assert not different
