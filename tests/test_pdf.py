"""Print-ready PDFs: what a panel member holding the printout would notice.

The PDFs are read back with pypdf. Documents are small so the file stays fast.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import Destination

from casereview.print import pdf as pdfmod
from casereview.print.pdf import (
    Board,
    FontNotInstalled,
    PageLimitExceeded,
    PdfDocument,
    PdfMeta,
    check_page_limit,
    page_count,
    render_document,
    render_pack,
)
from casereview.print.pdf_html import logo_data_uri
from casereview.render.markerguard import UnresolvedMarker, check_markers, leftover_markers
from pdfcheck import (
    have_pdftotext,
    lines_of,
    link_targets,
    page_words,
    relative_web_links,
    tagging_problems,
    ua1_failures,
)

FIXTURES = Path(__file__).parent / "fixtures" / "pdf"
ARTIFACTS = Path(__file__).parent.parent / "test-artifacts"
A4_PORTRAIT = (595.28, 841.89)  # points
IMR_CHAPTERS = [
    "Author and statement of independence",
    "Introduction",
    "Agency involvement",
    "Sign-off",
]
CHRONOLOGY_HEADER = ["Date", "Time", "Agency", "Summary of key information"]

META = PdfMeta(
    title="Serious Case Review: Child T",
    subject="SCR Child T",
    marking="OFFICIAL-SENSITIVE",
    review_title="Serious Case Review: Child T",
)
LOGO = Path(__file__).parent.parent / "theme" / "overrides" / "assets" / "board-logo.svg"
BOARD = Board("Eastmoor Safeguarding Children Partnership", logo_data_uri(".svg", LOGO.read_bytes()))
BOARD_META = PdfMeta(
    title="Panel pack: Serious Case Review: Child T",
    subject="Serious Case Review: Child T",
    marking="OFFICIAL-SENSITIVE: panel only",
    review_title="Serious Case Review: Child T",
    board=BOARD,
    keywords=("Serious Case Review", "Child T", "neglect"),
)
UK_DATE = re.compile(
    r"\b\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}\b"
)
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def _imr() -> PdfDocument:
    return PdfDocument(
        title="IMR: Police",
        body_html=(FIXTURES / "imr_body.html").read_text(encoding="utf-8"),
        kind="imr",
        front_sheet={
            "Agency": "Eastmoor Police",
            "Subject": "Child T",
            "Author": "DI1",
            "Job title": "Detective Inspector, Public Protection Unit",
            "Date commissioned": "01.02.2024",
            "Date completed": "12.04.2024",
        },
        version="0.3",
        status="draft",
        glossary_html=(FIXTURES / "glossary.html").read_text(encoding="utf-8"),
    )


def _chronology(rows: int = 70) -> PdfDocument:
    head = "".join(f"<th>{name}</th>" for name in CHRONOLOGY_HEADER)
    body = "".join(
        f"<tr><td>{1 + n % 28:02d}.03.2023</td><td>{n % 24:02d}:00</td><td>CSC</td>"
        f"<td>Home visit number {n} by SW1; Child T seen, not alone.</td></tr>"
        for n in range(rows)
    )
    return PdfDocument(
        title="Composite chronology",
        body_html=f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>",
        kind="chronology",
        landscape=True,
        version="1.0",
    )


def _synopsis(paragraphs: int) -> PdfDocument:
    text = (
        "Practitioners did not speak to Child T alone and the referral was not shared "
        "with the school nurse, so the picture of neglect built up slowly. "
    ) * 3
    body = (
        "<h2>What happened</h2>"
        + "".join(
            f'<p data-para="1.{n}"><span class="para-num">1.{n}</span> {text}</p>' for n in range(1, paragraphs + 1)
        )
        + "<h2>What we learned</h2><p>Seeing the child alone matters.</p>"
    )
    return PdfDocument(title="Case synopsis", body_html=body, kind="synopsis", version="1.0")


def _reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def _positioned_text(page) -> list[tuple[float, float, str]]:
    """(x, y, text) of every text run, in PDF points from the bottom left."""
    runs: list[tuple[float, float, str]] = []

    def visit(text, cm, tm, font_dict, font_size) -> None:
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            runs.append((x, y, text.strip()))

    page.extract_text(visitor_text=visit)
    return runs


def _outline(reader: PdfReader) -> list[tuple[str, int, list[tuple[str, int]]]]:
    """[(title, page index, [(child title, page index)])] of the bookmark tree."""
    tree: list[tuple[str, int, list[tuple[str, int]]]] = []
    for item in reader.outline:
        if isinstance(item, Destination):
            tree.append((item.title, reader.get_destination_page_number(item), []))
        else:
            tree[-1][2].extend((c.title, reader.get_destination_page_number(c)) for c in item)
    return tree


@pytest.fixture(scope="module")
def imr_pdf() -> bytes:
    return render_document(_imr(), META)


@pytest.fixture(scope="module")
def pack_docs() -> list[PdfDocument]:
    executive = PdfDocument(
        title="Executive summary",
        kind="executive-summary",
        version="1.0",
        body_html="<h2>Introduction</h2><p>The review of Child T.</p>",
    )
    return [executive, _imr(), _chronology(), _synopsis(2)]


@pytest.fixture(scope="module")
def pack_pdf(pack_docs: list[PdfDocument]) -> bytes:
    cover = {"Panel meeting": "14 May 2024", "Prepared by": "Board administrator"}
    return render_pack(pack_docs, META, cover=cover)


def test_pages_are_a4_portrait(imr_pdf: bytes) -> None:
    for page in _reader(imr_pdf).pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(A4_PORTRAIT, abs=0.5)


def test_every_page_says_page_n_of_m_at_the_bottom_right(imr_pdf: bytes) -> None:
    reader = _reader(imr_pdf)
    total = len(reader.pages)
    assert total >= 5  # front sheet, contents, one page per chapter
    for number, page in enumerate(reader.pages, start=1):
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        found = [(x, y) for x, y, text in _positioned_text(page) if text == f"Page {number} of {total}"]
        assert len(found) == 1, f"page {number}"
        x, y = found[0]
        assert x > 0.75 * width and y < 0.08 * height, f"page {number} at {(x, y)}"


def test_front_sheet_then_contents_with_glossary_under_it(imr_pdf: bytes) -> None:
    pages = [page.extract_text() for page in _reader(imr_pdf).pages]
    assert "IMR: POLICE" in pages[0]
    for label, value in [
        ("Agency", "Eastmoor Police"),
        ("Author", "DI1"),
        ("Version", "0.3"),
        ("Date completed", "12.04.2024"),
        ("Status", "Draft"),
    ]:
        assert re.search(rf"{label}\s+{re.escape(value)}", pages[0]), label
    contents = pages[1]
    assert contents.index("CONTENTS") < contents.index("GLOSSARY OF ABBREVIATIONS")
    assert "Children's Social Care" in contents


def test_running_header_names_review_document_marking_and_version(imr_pdf: bytes) -> None:
    for page in _reader(imr_pdf).pages:
        height = float(page.mediabox.height)
        top = " ".join(text for _, y, text in _positioned_text(page) if y > 0.9 * height)
        for expected in ["SCR Child T", "IMR: Police", "OFFICIAL-SENSITIVE", "Version 0.3 - Draft"]:
            assert expected in top


def test_headings_are_upper_case_and_each_chapter_starts_a_page(imr_pdf: bytes) -> None:
    reader = _reader(imr_pdf)
    [(title, _, chapters)] = _outline(reader)
    assert title == "IMR: Police"
    assert [name for name, _ in chapters] == IMR_CHAPTERS
    starts = [page for _, page in chapters]
    assert starts == sorted(set(starts)), "two chapters share a page"
    for name, page in chapters:
        text = reader.pages[page].extract_text()
        assert name.upper() in text
        assert name not in text.replace(name.upper(), "")


def test_paragraph_numbers_hang_left_of_the_text(imr_pdf: bytes) -> None:
    page = _reader(imr_pdf).pages[4]  # Agency involvement
    runs = _positioned_text(page)
    number = next((x, y) for x, y, text in runs if text == "3.1")
    body = next((x, y) for x, y, text in runs if text.startswith("On 14 March"))
    assert body[0] - number[0] > 30  # ~13 mm hanging indent
    assert body[1] == pytest.approx(number[1], abs=1)


def test_font_is_liberation_sans_embedded(imr_pdf: bytes) -> None:
    reader = _reader(imr_pdf)
    names = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            names.add(str(font["/BaseFont"]).split("+")[-1])
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            assert "/FontFile2" in descriptor  # embedded TrueType
    assert names == {"Liberation-Sans", "Liberation-Sans-Bold"}


def test_metadata_title_subject_creator_and_no_author_without_a_board(imr_pdf: bytes) -> None:
    info = _reader(imr_pdf).metadata
    assert info["/Title"] == "Serious Case Review: Child T"
    assert info["/Subject"] == "SCR Child T"
    assert info["/Creator"] == "casereview"
    assert "/Author" not in info  # never a person: the IMR's author (DI1) is not the PDF's
    assert "/CreationDate" not in info  # no clock time without SOURCE_DATE_EPOCH


def test_two_renders_are_byte_identical(imr_pdf: bytes) -> None:
    assert render_document(_imr(), META) == imr_pdf


def test_source_date_epoch_fixes_the_dates(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1715644800")  # 2024-05-14T00:00:00Z
    first = render_document(_synopsis(1), META)
    assert render_document(_synopsis(1), META) == first
    info = _reader(first).metadata
    assert info["/CreationDate"].startswith("D:20240514000000")
    assert info["/ModDate"] == info["/CreationDate"]


def test_public_document_without_marking_shows_none(imr_pdf: bytes) -> None:
    public = PdfMeta(title="Case synopsis", subject="SCR Child T", marking="")
    text = _reader(render_document(_synopsis(1), public)).pages[0].extract_text()
    assert "OFFICIAL" not in text
    assert "OFFICIAL-SENSITIVE" in _reader(imr_pdf).pages[0].extract_text()


def test_short_synopsis_is_compact_and_within_the_limit() -> None:
    pdf = render_document(_synopsis(2), META)
    assert page_count(pdf) == 1  # no front sheet page, no contents page
    check_page_limit(pdf, 2, "content/reviews/x/synopsis.md")


def test_three_page_synopsis_exceeds_the_two_side_limit() -> None:
    pdf = render_document(_synopsis(20), META)  # ~5 lines each, ~8 a page
    assert page_count(pdf) == 3
    with pytest.raises(PageLimitExceeded) as caught:
        check_page_limit(pdf, 2, "content/reviews/x/synopsis.md")
    assert (caught.value.path, caught.value.pages, caught.value.limit) == (
        "content/reviews/x/synopsis.md",
        3,
        2,
    )
    assert str(caught.value) == (
        "content/reviews/x/synopsis.md: the synopsis runs to 3 pages of A4; the limit is 2 sides. Shorten it."
    )


def test_pack_bookmarks_every_document_in_order_with_its_chapters(
    pack_pdf: bytes, pack_docs: list[PdfDocument]
) -> None:
    tree = _outline(_reader(pack_pdf))
    assert [title for title, _, _ in tree] == [doc.title for doc in pack_docs]
    starts = [page for _, page, _ in tree]
    assert starts == sorted(starts) and starts[0] == 2  # after the cover and contents
    by_title = {title: chapters for title, _, chapters in tree}
    assert [name for name, _ in by_title["IMR: Police"]] == IMR_CHAPTERS
    assert [name for name, _ in by_title["Case synopsis"]] == ["What happened", "What we learned"]
    assert [name for name, _ in by_title["Executive summary"]] == ["Introduction"]


def test_pack_contents_gives_the_page_of_each_document(pack_pdf: bytes) -> None:
    reader = _reader(pack_pdf)
    cover, contents = reader.pages[0].extract_text(), reader.pages[1].extract_text()
    assert "PANEL PACK" in cover and "14 May 2024" in cover
    for title, page, _ in _outline(reader):
        assert re.search(rf"{re.escape(title)} \(.*?\)[ .]*{page + 1}\b", contents), title


def test_two_imrs_with_the_same_headings_each_keep_their_own_contents() -> None:
    """Every IMR has the same chapter ids; each contents page must point into its own IMR."""
    health = _imr()
    health.title = "IMR: Health"
    health.body_html = health.body_html.split('<h2 id="sign-off">')[0]  # no sign-off chapter
    health.sign_off = {"Name": "Director of Nursing", "Date": "30.04.2024"}
    reader = _reader(render_pack([_imr(), health], META, cover={}))
    tree = _outline(reader)
    assert [title for title, _, _ in tree] == ["IMR: Police", "IMR: Health"]
    for _, start, chapters in tree:
        contents = reader.pages[start + 1].extract_text()
        for name, page in chapters:
            assert re.search(rf"{re.escape(name)}[ .]*{page + 1}\b", contents), name
    last = reader.pages[-1].extract_text()
    assert "SIGN-OFF" in last and "Director of Nursing" in last and "30.04.2024" in last
    assert tree[1][2][-1] == ("Sign-off", len(reader.pages) - 1)


def test_chronology_is_landscape_with_the_header_on_every_page(pack_pdf: bytes) -> None:
    reader = _reader(pack_pdf)
    tree = _outline(reader)
    index = [title for title, _, _ in tree].index("Composite chronology")
    first, after = tree[index][1], tree[index + 1][1]
    pages = reader.pages[first:after]
    assert len(pages) >= 3  # front sheet and at least two pages of table
    for page in pages:
        assert float(page.mediabox.width) > float(page.mediabox.height)
    for page in pages[1:]:
        text = page.extract_text()
        assert all(name in text for name in CHRONOLOGY_HEADER), text[:200]
    portrait = reader.pages[after]
    assert float(portrait.mediabox.width) < float(portrait.mediabox.height)


def test_pack_reports_progress(pack_docs: list[PdfDocument]) -> None:
    calls: list[tuple[int, int]] = []
    render_pack(pack_docs[:1], META, cover={}, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(1, 3), (2, 3), (3, 3)]


@pytest.fixture
def no_fonts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(pdfmod, "_FONT_DIRS", (tmp_path,))
    pdfmod.clear_stylesheet_cache()
    yield
    pdfmod.clear_stylesheet_cache()


def test_missing_font_names_the_package_to_install(no_fonts: None) -> None:
    with pytest.raises(FontNotInstalled, match="fonts-liberation"):
        render_document(_synopsis(1), META)


def test_rendered_front_sheet_looks_printed(imr_pdf: bytes) -> None:
    """Rasterise the front sheet (for a human to look at) and check ink where it belongs."""
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (Debian package poppler-utils) is not installed")
    from PIL import Image

    ARTIFACTS.mkdir(exist_ok=True)
    source = ARTIFACTS / "imr-police.pdf"
    source.write_bytes(imr_pdf)
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "60",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(source),
            str(ARTIFACTS / "imr-front-sheet"),
        ],
        check=True,
    )
    image = Image.open(ARTIFACTS / "imr-front-sheet.png").convert("L")
    width, height = image.size
    assert width / height == pytest.approx(210 / 297, abs=0.01)

    def ink(box: tuple[float, float, float, float]) -> int:
        left, top, right, bottom = box
        region = image.crop((int(left * width), int(top * height), int(right * width), int(bottom * height)))
        return sum(region.histogram()[:128])  # dark pixels

    assert ink((0.75, 0.9, 0.95, 0.97)) > 20  # "Page 1 of N", bottom right
    assert ink((0.05, 0.9, 0.4, 0.97)) == 0  # nothing bottom left
    assert ink((0.05, 0.03, 0.95, 0.09)) > 50  # running header


# ---------- accessible, identified PDFs ----------


def _board_doc(title: str, kind: str, body: str, url: str = "", **extra: object) -> PdfDocument:
    return PdfDocument(
        title=title,
        kind=kind,
        body_html=body,
        url=url,
        version="1.0",
        status="approved",
        date=date(2024, 1, 15),
        **extra,
    )


OVERVIEW_BODY = (
    "<h2>Analysis</h2>"
    '<p id="neglect" data-para="4.1"><span class="para-num">4.1</span> Police saw the neglect'
    ' (Police IMR <a href="../imr/police/#late-referral" class="para-ref">3.1</a>) and Health did too'
    ' (Health IMR <a href="../imr/health/#weights" class="para-ref">6.3</a>); see'
    ' <a href="https://www.gov.uk/government/publications/working-together-to-safeguard-children--2">Working Together</a>'
    ' and <a href="../key/">the key</a>.</p>'
)


@pytest.fixture(scope="module")
def board_pack_docs() -> list[PdfDocument]:
    police = _imr()
    police.url = "reviews/x/imr/police/"
    police.date = date(2024, 4, 12)
    police.status = "approved"
    long_title = "Action plan: Eastmoor Children's Social Care and the Multi-Agency Safeguarding Hub, 2024 to 2025"
    return [
        _board_doc("Terms of Reference", "terms-of-reference", "<h2>Scope</h2><p>The review.</p>", "reviews/x/"),
        police,
        _board_doc("Overview report", "overview-report", OVERVIEW_BODY, "reviews/x/overview-report/"),
        _board_doc(long_title, "action-plan", "<h2>Actions</h2><p>Every action.</p>", "reviews/x/action-plans/csc/"),
        _board_doc("Synopsis of learning", "synopsis", "<h2>What happened</h2><p>Neglect.</p>", "reviews/x/synopsis/"),
    ]


@pytest.fixture(scope="module")
def board_pack(board_pack_docs: list[PdfDocument], tmp_path_factory: pytest.TempPathFactory) -> Path:
    cover = {"Review": "Serious Case Review: Child T", "Board": BOARD.name, "Date": "1 June 2024"}
    path = tmp_path_factory.mktemp("pack") / "pack.pdf"
    path.write_bytes(render_pack(board_pack_docs, BOARD_META, cover=cover))
    return path


@pytest.fixture(scope="module")
def board_synopsis() -> bytes:
    public = PdfMeta(title="Synopsis of learning", subject="SCR Child T", board=BOARD, keywords=("Case synopsis",))
    return render_document(_board_doc("Synopsis of learning", "synopsis", _synopsis(2).body_html), public)


def test_every_pdf_is_tagged_and_conforms_to_pdf_ua_1(board_pack: Path, board_synopsis: bytes, imr_pdf: bytes) -> None:
    for pdf in (board_pack.read_bytes(), board_synopsis, imr_pdf):
        assert ua1_failures(pdf) == []
        assert tagging_problems(pdf) == []


def test_the_conformance_checks_fail_an_untagged_pdf() -> None:
    """The checks can fail: a plain WeasyPrint PDF of the same kind of page does."""
    from weasyprint import HTML

    pdf = HTML(string='<html lang="en-GB"><title>T</title><p>Text <a href="#x">link</a></p><p id="x">x</p>').write_pdf()
    assert any("STRUCT-TREE-ROOT" in failure for failure in ua1_failures(pdf))
    problems = tagging_problems(pdf)
    assert "no structure tree (/StructTreeRoot): the PDF is not tagged" in problems
    assert any("pdfuaid" in problem for problem in problems)


def test_metadata_names_the_board_as_author_with_keywords_and_source_date(
    monkeypatch: pytest.MonkeyPatch, board_pack_docs: list[PdfDocument]
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1717200000")  # 2024-06-01T00:00:00Z
    reader = _reader(render_pack(board_pack_docs[4:], BOARD_META, cover={}))
    info = reader.metadata
    assert info["/Author"] == "Eastmoor Safeguarding Children Partnership"
    assert info["/Title"] == "Panel pack: Serious Case Review: Child T"
    assert info["/Subject"] == "Serious Case Review: Child T"
    assert info["/Keywords"] == "Serious Case Review, Child T, neglect"
    assert info["/CreationDate"].startswith("D:20240601000000") and info["/ModDate"] == info["/CreationDate"]
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert "Eastmoor Safeguarding Children Partnership" in xmp and "2024-06-01T00:00:00Z" in xmp


def test_every_front_sheet_shows_board_title_version_status_and_a_uk_date(
    board_pack: Path, board_pack_docs: list[PdfDocument]
) -> None:
    reader = PdfReader(board_pack)
    firsts = {title: page for title, page, _ in _outline(reader)}
    cover = reader.pages[0].extract_text()
    assert BOARD.name in cover and "PANEL PACK" in cover and "1 June 2024" in cover
    for doc in board_pack_docs:
        text = reader.pages[firsts[doc.title]].extract_text()
        flat = " ".join(text.split())
        assert BOARD.name in flat, doc.title
        assert " ".join(doc.title.upper().split()) in flat.upper(), doc.title
        assert re.search(r"Version:?\s+(1\.0|0\.3)", text), doc.title
        assert re.search(r"Status:?\s+(Approved|Draft)", text), doc.title
        assert UK_DATE.search(text), doc.title
        assert not ISO_DATE.search(text), doc.title
    imr_front = reader.pages[firsts["IMR: Police"]].extract_text()
    assert re.search(r"Date\s+12 April 2024", imr_front)


def test_front_sheets_show_the_board_logo(board_pack: Path) -> None:
    """The logo is an image with alternative text (checked by the PDF/UA test); here:
    it is drawn on the cover, top left, beside the board's name."""
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (Debian package poppler-utils) is not installed")
    from PIL import Image

    out = board_pack.parent / "cover"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", "-singlefile", str(board_pack), str(out)], check=True
    )
    image = Image.open(out.with_suffix(".png")).convert("RGB")
    width, height = image.size
    logo_area = image.crop((int(0.08 * width), int(0.1 * height), int(0.2 * width), int(0.22 * height)))
    navy = sum(1 for r, g, b in logo_area.get_flattened_data() if b > 90 and r < 60 and g < 90)  # the shield's #1d3b6e
    assert navy > 30


def _top_lines(path: Path) -> list[tuple[int, list[list]]]:
    """Per page, the text lines of the top margin (above 30 mm)."""
    pages = []
    for number, (_, _, words) in enumerate(page_words(path), start=1):
        top = [w for w in words if w.y1 < 30 / 25.4 * 72]
        pages.append((number, lines_of(top)))
    return pages


def test_header_and_marking_never_collide(board_pack: Path) -> None:
    """On every page the marking has a line of its own in the top margin, and no word
    of the running header (review, document, version) overlaps it, even for a title
    as long as the action plan's."""
    if not have_pdftotext():
        pytest.skip("pdftotext (Debian package poppler-utils) is not installed")
    marking = BOARD_META.marking.split()
    for number, lines in _top_lines(board_pack):
        marking_lines = [line for line in lines if line[0].text == marking[0]]
        assert len(marking_lines) == 1, f"page {number}"
        [marking_line] = marking_lines
        assert [w.text for w in marking_line] == marking, f"page {number}: the marking shares its line"
        others = [w for line in lines if line is not marking_line for w in line]
        assert others, f"page {number}: no running header"
        assert not [w for w in others for m in marking_line if w.overlaps(m)], f"page {number}"


def test_cross_references_lead_inside_the_pack_or_print_as_text(board_pack: Path) -> None:
    reader = PdfReader(board_pack)
    assert relative_web_links(board_pack.read_bytes()) == []
    uris = [uri for _, uri in link_targets(board_pack.read_bytes())]
    assert uris == ["https://www.gov.uk/government/publications/working-together-to-safeguard-children--2"]
    pages = [page.extract_text() for page in reader.pages]
    paragraph_page = next(n for n, text in enumerate(pages, start=1) if "On 14 March 2023" in text)
    overview = next(text for text in pages if "Police saw the neglect" in text)
    flat = " ".join(overview.split())
    assert f"(Police IMR 3.1 (page {paragraph_page}))" in flat  # the IMR is in the pack: where to turn
    assert "(Health IMR 6.3);" in flat  # the Health IMR is not: the number, as text
    assert "and the key." in flat
    page_index = next(n for n, text in enumerate(pages) if "Police saw the neglect" in text)
    internal = [
        a.get_object()
        for a in reader.pages[page_index].get("/Annots") or []
        if "/A" not in a.get_object() or "/URI" not in a.get_object()["/A"]
    ]
    # the link to paragraph 3.1 (its text and its page number); none for the Health IMR or the key
    assert {str(a["/Dest"]) for a in internal} == {"d2-late-referral"}
    assert reader.get_destination_page_number(reader.named_destinations["d2-late-referral"]) == paragraph_page - 1


def test_no_placeholder_in_any_pdf(board_pack: Path, imr_pdf: bytes) -> None:
    for reader in (PdfReader(board_pack), _reader(imr_pdf)):
        assert not [n for n, page in enumerate(reader.pages, 1) if "[[" in page.extract_text()]


def test_a_leftover_marker_fails_with_file_and_line(tmp_path: Path) -> None:
    source = tmp_path / "traceability.md"
    source.write_text("---\ntitle: T\n---\n# T\n\n[[traceability]]\n", encoding="utf-8")
    with pytest.raises(UnresolvedMarker) as caught:
        check_markers("<h1>T</h1><p>[[traceability]]</p>", "content/reviews/x/traceability.md", source)
    assert str(caught.value).startswith("content/reviews/x/traceability.md:6: [[traceability]]")
    check_markers("<p>Write <code>[[key]]</code> on its own line.</p><pre>[[glossary]]</pre>", "guide.md")
    assert leftover_markers("<p>[[ genogram ]] and [[key]]</p><!-- [[x]] -->") == ["genogram", "key"]


def test_a_paragraph_number_stays_on_the_line_of_its_text() -> None:
    """However the page breaks, each number is on the first line of its paragraph."""
    if not have_pdftotext():
        pytest.skip("pdftotext (Debian package poppler-utils) is not installed")
    text = "Practitioners did not see the child alone and nobody asked what her day was like. "
    body = "<h2>Findings</h2>" + "".join(
        f'<p data-para="7.{n}"><span class="para-num">7.{n}</span> {text * (1 + n % 5)}</p>' for n in range(1, 40)
    )
    path = ARTIFACTS / "numbers.pdf"
    ARTIFACTS.mkdir(exist_ok=True)
    path.write_bytes(render_document(_board_doc("Findings", "page", body), META))
    checked = 0
    for _, _, words in page_words(path):
        for line in lines_of(words):
            if re.fullmatch(r"7\.\d+", line[0].text) and line[0].x0 < 90:
                assert len(line) > 1, f"paragraph number {line[0].text} alone on its line"
                checked += 1
    assert checked == 39


def _font_sizes(page) -> dict[str, float]:
    """text run → its size in points (the text matrix scale times the font size)."""
    sizes: dict[str, float] = {}

    def visit(text, cm, tm, font_dict, font_size) -> None:
        if text.strip():
            sizes[text.strip()] = round(font_size * (tm[0] or 1) * (cm[0] or 1), 2)

    page.extract_text(visitor_text=visit)
    return sizes


def test_tables_print_at_ten_points_or_more(pack_pdf: bytes, imr_pdf: bytes) -> None:
    """The chronology (landscape) and the IMR's tables: no table text under 10 pt."""
    reader = _reader(pack_pdf)
    chronology = [p for p in reader.pages if float(p.mediabox.width) > float(p.mediabox.height)]
    cells = {text: size for page in chronology[1:] for text, size in _font_sizes(page).items() if "Home visit" in text}
    assert cells and min(cells.values()) >= 10
    imr = _font_sizes(_reader(imr_pdf).pages[4])  # Agency involvement: a table of events
    assert imr["Attendance at the home"] >= 10


def test_chronology_file_names_break_after_separators_not_mid_word(tmp_path: Path) -> None:
    if not have_pdftotext():
        pytest.skip("pdftotext (Debian package poppler-utils) is not installed")
    name = "eastmoor_police_chronology-final.v2.xlsx"
    heads = "".join(f"<th>{n}</th>" for n in ["Date", "Time", "Agency", "Type", "People", "Summary", "Decisions"])
    heads += "".join(f"<th>{n}</th>" for n in ["Issues", "Seen", "Source", "Age"])
    cells = ["01.03.2023", "09:00", "Police", "Visit", "PC1", "A visit.", "", "", "Y / N / N"]
    source = f'record<br><span class="casereview-chronology__origin">{name} row 12</span>'
    row = "".join(f"<td>{c}</td>" for c in [*cells, source, "2y"])
    body = f'<table class="casereview-chronology__table"><thead><tr>{heads}</tr></thead><tbody><tr>{row}</tr></tbody></table>'
    path = tmp_path / "chronology.pdf"
    path.write_bytes(render_document(_board_doc("Composite chronology", "chronology", body, landscape=True), META))
    words = [w.text.replace("\u200b", "") for _, _, page in page_words(path) for w in page]
    start = next(i for i, word in enumerate(words) if name.startswith(word) and len(word) > 3)
    parts, joined = [], ""
    while joined != name:
        parts.append(words[start + len(parts)])
        joined += parts[-1]
        assert name.startswith(joined), parts
    assert len(parts) > 1, "the column is narrow: the name must break"
    assert all(part[-1] in "/_.-" for part in parts[:-1]), parts


def test_no_heading_is_left_at_the_foot_of_a_page(tmp_path: Path) -> None:
    """Headings over numbered paragraphs of many lengths: once, with the number a
    float, four pages of this document ended with a heading."""
    if not have_pdftotext():
        pytest.skip("pdftotext (Debian package poppler-utils) is not installed")
    text = "The school nurse was not told of the referral and the picture built up slowly. "
    body = "<h2>Findings</h2>" + "".join(
        f'<h3>Finding {n}</h3><p data-para="1.{n}"><span class="para-num">1.{n}</span> {text * (1 + n * 5 % 4)}</p>'
        for n in range(1, 60)
    )
    path = tmp_path / "headings.pdf"
    path.write_bytes(render_document(_board_doc("Findings", "page", body), META))
    pages = page_words(path)
    assert len(pages) >= 5
    for number, (_, height, words) in enumerate(pages, start=1):
        body_lines = lines_of([w for w in words if 30 / 25.4 * 72 < w.y0 < height - 22 / 25.4 * 72])
        last = " ".join(w.text for w in body_lines[-1])
        assert not re.fullmatch(r"FINDING \d+", last), f"page {number} ends with the heading {last}"
