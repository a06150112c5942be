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
BOARD = "Eastmoor Safeguarding Children Partnership"
PACK = f"site/internal/{DEMO}/eastmoor-child-t-2024-panel-pack.pdf"


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
    forbidden = re.compile(r"(^|/)(imr|chronology|action-plans|key\.yml|overview-report|guide|traceability|qa)(/|\.|$)")
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
    assert locations <= {"", "accessibility/", f"{DEMO}/executive-summary/", f"{DEMO}/synopsis/", f"{DEMO}/key/"}


def test_internal_site_has_every_document_marked(built: Path) -> None:
    internal = built / "site/internal"
    for page in (
        "index.html",
        f"{DEMO}/imr/police/index.html",
        f"{DEMO}/key/index.html",
        f"{DEMO}/action-plans/csc/index.html",
    ):
        html = (internal / page).read_text()
        assert "OFFICIAL-SENSITIVE: panel only" in html, page
    imr = (internal / f"{DEMO}/imr/police/index.html").read_text()
    assert re.search(
        r'class="casereview-status[^"]*">\s*<span[^>]*>(Draft|Submitted|Approved|Published)</span>\s*· version', imr
    )
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
    citations += [
        (h, t) for t, h in re.findall(r'<a[^>]*class="para-ref"[^>]*href="#([\w-]+)"[^>]*>([\d.]+)</a>', html)
    ]
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


def test_panel_pack_numbers_every_page_and_bookmarks_every_document(built: Path) -> None:
    from pypdf import PdfReader

    reader = PdfReader(built / "site/internal" / DEMO / "eastmoor-child-t-2024-panel-pack.pdf")
    total = len(reader.pages)
    assert total > 20
    for number, page in enumerate(reader.pages, start=1):
        assert f"Page {number} of {total}" in page.extract_text(), f"page {number}"
    top_level = [item.title for item in reader.outline if not isinstance(item, list)]
    sources = sorted((built / "content" / DEMO).rglob("*.md"))
    titles = [yaml.safe_load(p.read_text().split("---")[1])["title"] for p in sources]
    for title in titles:
        assert any(title in bookmark for bookmark in top_level), title
    imr_positions = [i for i, t in enumerate(top_level) if "Individual Management Review" in t]
    overview = next(i for i, t in enumerate(top_level) if t.startswith("Overview report"))
    assert top_level[0].startswith("Terms of Reference") and max(imr_positions) < overview


def test_public_pdfs_fit_their_limits_and_name_no_one(built: Path) -> None:
    from pypdf import PdfReader

    synopsis = PdfReader(built / "site/public" / DEMO / "eastmoor-child-t-2024-synopsis.pdf")
    assert len(synopsis.pages) <= 2
    summary = PdfReader(built / "site/public" / DEMO / "eastmoor-child-t-2024-executive-summary.pdf")
    meta = summary.metadata
    assert meta.title and meta.subject and meta.creator == "casereview"
    assert meta.author == BOARD  # the board, never a person
    text = " ".join(page.extract_text() for page in summary.pages).casefold()
    assert not [n for n in _key_names(built) if n.casefold() in text]


def test_a_three_page_synopsis_fails_the_build(tmp_path: Path, capsys, caplog) -> None:
    project = make_project(tmp_path)
    synopsis = project / "content" / DEMO / "synopsis.md"
    body = synopsis.read_text()
    synopsis.write_text(body + "\n## More learning\n\n" + "\n\n".join([body.split("---", 2)[2][:1500]] * 2))
    assert build(project, "public") != 0
    output = capsys.readouterr().err + caplog.text
    assert "synopsis.md" in output and "3 pages" in output
    assert not (project / "site/public").exists()


@pytest.mark.parametrize("page", ["imr/police", "imr/health", "overview-report", "executive-summary"])
def test_key_and_glossary_list_exactly_what_the_page_uses(built: Path, page: str) -> None:
    from casereview.sources.glossary import Glossary

    html_text = (built / "site/internal" / DEMO / page / "index.html").read_text()
    article = html_text.split("<article", 1)[1].split("</article>", 1)[0]
    key_block = re.search(r'<div class="casereview-key[^"]*">(.*?)</div>', article, re.S)
    glossary_block = re.search(r'<div class="casereview-glossary[^"]*">(.*?)</div>', article, re.S)
    assert key_block and glossary_block, page
    rest = article.replace(key_block.group(0), "").replace(glossary_block.group(0), "")
    text = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", rest)))
    key = yaml.safe_load((built / "content" / DEMO / "key.yml").read_text())
    glossary = Glossary.from_mapping(yaml.safe_load((built / "content/glossary.yml").read_text())).extended(
        Glossary.from_mapping(yaml.safe_load((built / "content" / DEMO / "glossary.yml").read_text()))
    )
    listed_acronyms = set(re.findall(r"<tr><td>([^<]+)</td>", key_block.group(1)))
    used_acronyms = {
        e["acronym"] for e in key["entities"] if re.search(rf"(?<![\w&]){re.escape(e['acronym'])}(?![\w&])", text)
    }
    assert listed_acronyms == used_acronyms
    listed_abbrs = {html.unescape(a) for a in re.findall(r"<tr><td>([^<]+)</td>", glossary_block.group(1))}
    used_abbrs = {
        a.abbr
        for a in glossary
        if a.abbr not in used_acronyms | {e["acronym"] for e in key["entities"]}
        and re.search(rf"(?<![\w&]){re.escape(a.abbr)}(?![\w&])", text)
    }
    assert listed_abbrs == used_abbrs
    for acronym in listed_acronyms:
        entity = next(e for e in key["entities"] if e["acronym"] == acronym)
        for name in entity.get("names", []):
            assert name not in key_block.group(1)


def test_unknown_abbreviation_in_an_imr_is_reported(demo_copy: Path, capsys, monkeypatch) -> None:
    from casereview.cli.main import main

    imr = demo_copy / "reviews/eastmoor-child-t-2024/imr/education.md"
    lines = imr.read_text().split("\n")
    body_start = lines.index("---", 1) + 1
    target = next(
        i
        for i in range(body_start, len(lines))
        if lines[i].startswith("The ") or lines[i][:1].isalpha() and not lines[i].startswith("#")
    )
    lines[target] = lines[target] + " The QZX panel met."
    imr.write_text("\n".join(lines))
    monkeypatch.chdir(demo_copy.parent)
    assert main(["check", "content"]) == 1
    out = capsys.readouterr().out
    assert f"content/reviews/eastmoor-child-t-2024/imr/education.md:{target + 1}:" in out and '"QZX"' in out


def test_public_key_page_gives_roles_and_no_names(built: Path) -> None:
    page = html.unescape((built / "site/public" / DEMO / "key/index.html").read_text())
    key = yaml.safe_load((built / "content" / DEMO / "key.yml").read_text())
    for entity in key["entities"]:
        assert f"<td>{entity['acronym']}</td>" in page
        if not entity.get("public"):
            assert not [n for n in entity.get("names", []) + entity.get("aliases", []) if n in page]
    assert "<th>Real name</th>" not in page


def test_public_pages_link_their_pdf(built: Path) -> None:
    for doc in ("executive-summary", "synopsis"):
        page = (built / "site/public" / DEMO / doc / "index.html").read_text()
        href = re.search(r'<p class="casereview-pdf-link"><a href="([^"]+)"', page).group(1)
        assert (built / "site/public" / DEMO / doc / href).resolve().is_file()


@pytest.mark.parametrize("page", ["", "overview-report/"])
def test_genogram_is_drawn_and_names_no_one(built: Path, page: str) -> None:
    text = (built / "site/internal" / DEMO / page / "index.html").read_text()
    svg = re.search(r'<svg[^>]*class="genogram".*?</svg>', text, re.S)
    assert svg, page
    assert "Child T" in svg.group(0) and "Mother M" in svg.group(0)
    assert not [n for n in _key_names(built) if n in html.unescape(svg.group(0))]


def test_overview_report_opens_with_the_executive_summary(built: Path) -> None:
    """One source, two places: the summary's text appears in the overview report."""
    overview = (built / "site/internal" / DEMO / "overview-report/index.html").read_text()
    summary_source = (built / "content" / DEMO / "executive-summary.md").read_text().split("---", 2)[2]
    sentences = [s.strip() for s in re.split(r"(?<=[.])\s+", re.sub(r"\s+", " ", summary_source)) if len(s) > 80]
    plain = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", overview)))
    found = [s for s in sentences[:10] if re.sub(r"[*_`\[\]]", "", s) in plain]
    assert len(found) >= 5
    assert plain.index("Executive summary") < plain.index(found[0])


def test_inserting_a_paragraph_renumbers_and_keeps_citations(tmp_path: Path) -> None:
    project = make_project(tmp_path, pdf=False)
    imr = project / "content" / DEMO / "imr/csc.md"

    def numbers() -> tuple[dict[str, str], list[tuple[str, str]]]:
        assert build(project, "internal") == 0
        page = (project / "site/internal" / DEMO / "imr/csc/index.html").read_text()
        labelled = {}
        for tag in re.findall(r"<p\b[^>]*>", page):
            ident, para = re.search(r'id="([^"]+)"', tag), re.search(r'data-para="([^"]+)"', tag)
            if ident and para and not re.fullmatch(r"p-[\d-]+", ident.group(1)):  # author labels only
                labelled[ident.group(1)] = para.group(1)
        cites = []
        for tag, text in re.findall(r'(<a\b[^>]*class="para-ref"[^>]*>)([^<]*)</a>', page):
            href = re.search(r'href="#([^"]+)"', tag)
            if href:
                cites.append((href.group(1), text))
        return labelled, cites

    before, cites_before = numbers()
    lines = imr.read_text().split("\n")
    analysis = lines.index("## Analysis of involvement")  # numbering is per section: insert where labels are
    lines.insert(analysis + 1, "\nA paragraph added by a later draft, before every other.\n")
    imr.write_text("\n".join(lines))
    after, cites_after = numbers()
    assert cites_before and len(cites_after) == len(cites_before)
    moved = [label for label in before if before[label] != after[label]]
    assert moved, "numbers after the insertion changed"
    for label, shown in cites_after:
        assert after[label] == shown


def test_traceability_page_lists_its_sections_in_the_table_of_contents(built: Path) -> None:
    """The matrix is made after Markdown, yet its sections (gaps, each IMR) are in the
    right-hand table of contents like any other page's headings."""
    page = (built / "site/internal" / DEMO / "traceability/index.html").read_text()
    article = page[page.index("<article") : page.index("</article>")]
    sections = re.findall(r'<h2 id="([\w-]+)"', article)
    secondary = page[page.index("md-nav--secondary") :]
    secondary = secondary[: secondary.index("</nav>")]
    assert len(sections) >= 2
    assert [s for s in sections if f'href="#{s}"' not in secondary] == []


# ---------- print: every PDF the demo publishes and the panel pack ----------


def _pdfs(project: Path) -> list[Path]:
    pdfs = sorted((project / "site/public").rglob("*.pdf")) + [project / PACK]
    assert len(pdfs) == 3  # executive summary, synopsis, panel pack
    return pdfs


def test_every_pdf_is_tagged_pdf_ua_1_with_the_board_as_author(built: Path) -> None:
    from pypdf import PdfReader

    from pdfcheck import tagging_problems, ua1_failures

    for path in _pdfs(built):
        data = path.read_bytes()
        assert ua1_failures(data) == [], path.name
        assert tagging_problems(data) == [], path.name
        meta = PdfReader(path).metadata
        assert meta["/Author"] == BOARD, path.name
        assert "Serious Case Review" in meta["/Keywords"] and "Child T" in meta["/Keywords"], path.name
        assert meta["/CreationDate"].startswith("D:20240601"), path.name  # SOURCE_DATE_EPOCH of the build


def test_no_placeholder_on_any_page_or_pdf(built: Path) -> None:
    from pypdf import PdfReader

    from casereview.render.markerguard import leftover_markers

    for path in _pdfs(built):
        pages = PdfReader(path).pages
        assert not [n for n, page in enumerate(pages, start=1) if "[[" in page.extract_text()], path.name
    for site in ("site/public", "site/internal"):
        for page in sorted((built / site).rglob("*.html")):
            article = page.read_text(encoding="utf-8")
            assert leftover_markers(article) == [], page.relative_to(built)


def test_no_pdf_links_to_a_relative_web_address(built: Path) -> None:
    from pdfcheck import relative_web_links

    for path in _pdfs(built):
        assert relative_web_links(path.read_bytes()) == [], path.name


def test_pack_header_and_marking_never_share_a_line(built: Path) -> None:
    from pdfcheck import have_pdftotext, lines_of, page_words

    if not have_pdftotext():
        pytest.skip("pdftotext (Debian package poppler-utils) is not installed")
    marking = "OFFICIAL-SENSITIVE: panel only".split()
    pages = page_words(built / PACK)
    assert len(pages) > 100
    for number, (_, _, words) in enumerate(pages, start=1):
        lines = lines_of([w for w in words if w.y1 < 30 / 25.4 * 72])  # the top margin
        [marking_line] = [line for line in lines if line[0].text == marking[0]]
        assert [w.text for w in marking_line] == marking, f"page {number}"
        header = [w for line in lines if line is not marking_line for w in line]
        assert header and not [w for w in header for m in marking_line if w.overlaps(m)], f"page {number}"


UK_DATE = re.compile(
    r"\b\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}\b"
)


def test_every_front_sheet_shows_board_title_version_status_and_a_uk_date(built: Path) -> None:
    from pypdf import PdfReader
    from pypdf.generic import Destination

    from pdfcheck import figure_alts

    for path in _pdfs(built):
        reader = PdfReader(path)
        starts = [
            (i.title, reader.get_destination_page_number(i)) for i in reader.outline if isinstance(i, Destination)
        ]
        assert starts, path.name
        logos = [alt for alt in figure_alts(path.read_bytes()) if alt == f"Logo of {BOARD}"]
        assert len(logos) == len(starts) + path.name.endswith("panel-pack.pdf"), path.name  # and the pack cover
        for title, page in starts:
            text = reader.pages[page].extract_text()
            flat = " ".join(text.split())
            assert BOARD in flat, (path.name, title)
            assert " ".join(title.upper().split()) in flat.upper(), (path.name, title)
            assert re.search(r"Version:? \d", flat) and re.search(r"Status:? [A-Z]", flat), (path.name, title)
            assert UK_DATE.search(flat), (path.name, title)
            assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", flat), (path.name, title)


def test_pack_paragraph_numbers_and_headings_are_never_left_at_a_page_foot(built: Path) -> None:
    from pypdf import PdfReader

    from pdfcheck import have_pdftotext, lines_of, page_words

    reader = PdfReader(built / PACK)
    for document in reader.outline:
        for chapter in document if isinstance(document, list) else []:
            height = float(reader.pages[reader.get_destination_page_number(chapter)].mediabox.height)
            assert float(chapter.top) > 0.2 * height, chapter.title  # a chapter heading with text under it
    if not have_pdftotext():
        pytest.skip("pdftotext (Debian package poppler-utils) is not installed")
    numbers = 0
    for number, (_, height, words) in enumerate(page_words(built / PACK), start=1):
        body = lines_of([w for w in words if 30 / 25.4 * 72 < w.y0 < height - 22 / 25.4 * 72])
        for line in body:
            if re.fullmatch(r"\d+\.\d+", line[0].text) and line[0].x0 < 100:
                numbers += 1
                assert len(line) > 1, f"page {number}: paragraph number {line[0].text} alone on its line"
    assert numbers > 150  # the demo pack numbers ~170 paragraphs


def test_pack_cross_references_lead_to_the_cited_paragraph(built: Path) -> None:
    from pypdf import PdfReader

    reader = PdfReader(built / PACK)
    destinations = reader.named_destinations
    cited = [
        str(annotation.get_object()["/Dest"])
        for page in reader.pages
        for annotation in page.get("/Annots") or []
        if "/Dest" in annotation.get_object() and "-police-" in str(annotation.get_object()["/Dest"])
    ]
    assert cited, "the overview report cites the Police IMR"
    for name in cited:
        page = reader.pages[reader.get_destination_page_number(destinations[name])].extract_text()
        assert "Individual Management Review: Police" in page, name  # the running header of the cited IMR


def test_a_marker_left_in_a_page_fails_the_build_with_file_and_line(tmp_path: Path, capsys, caplog) -> None:
    project = make_project(tmp_path, pdf=False)
    synopsis = project / "content" / DEMO / "synopsis.md"
    lines = synopsis.read_text().split("\n")
    lines[-1:-1] = ["", "[[timeline-of-events]]", ""]
    synopsis.write_text("\n".join(lines))
    line = lines.index("[[timeline-of-events]]") + 1
    assert build(project, "internal") != 0
    output = capsys.readouterr().err + caplog.text
    assert f"synopsis.md:{line}: [[timeline-of-events]]" in output


def test_the_running_header_keeps_each_title_on_one_line(built: Path) -> None:
    """The synopsis header once wrapped ("…Review: Child / T"): the review and the
    document title each have one line of the top margin, whole."""
    from pypdf import PdfReader

    from pdfcheck import have_pdftotext, lines_of, page_words

    if not have_pdftotext():
        pytest.skip("pdftotext (Debian package poppler-utils) is not installed")
    for path in _pdfs(built):
        titles = {item.title for item in PdfReader(path).outline if not isinstance(item, list)} | {"Panel pack"}
        for number, (_, _, words) in enumerate(page_words(path), start=1):
            lines = [" ".join(w.text for w in line) for line in lines_of([w for w in words if w.y1 < 85])]
            assert "Serious Case Review: Child T" in lines, (path.name, number)
            whole = [line for line in lines for t in titles if line == t or line.startswith(f"{t} Version")]
            assert whole, (path.name, number, lines)
