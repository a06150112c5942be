"""Print-ready PDFs: what a panel member holding the printout would notice.

The PDFs are read back with pypdf. Documents are small so the file stays fast.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import Destination

from casereview import pdf as pdfmod
from casereview.pdf import (
    FontNotInstalled,
    PageLimitExceeded,
    PdfDocument,
    PdfMeta,
    check_page_limit,
    page_count,
    render_document,
    render_pack,
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


def test_metadata_title_subject_creator_and_no_author(imr_pdf: bytes) -> None:
    info = _reader(imr_pdf).metadata
    assert info["/Title"] == "Serious Case Review: Child T"
    assert info["/Subject"] == "SCR Child T"
    assert info["/Creator"] == "casereview"
    assert "/Author" not in info
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
