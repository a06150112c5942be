"""casereview pdf and casereview chronology merge on the demo review."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from casereview.cli.main import main
from pdfcheck import figure_alts
from project_paths import DEMO_CONTENT

pytestmark = pytest.mark.slow
SLUG = "eastmoor-child-t-2024"


def _agency_rows() -> int:
    folder = DEMO_CONTENT / "reviews" / SLUG / "chronology"
    rows = 0
    for path in folder.glob("*.csv"):
        with path.open(newline="", encoding="utf-8") as handle:
            rows += sum(1 for row in csv.DictReader(handle) if any(row.values()))
    rows += sum(1 for row in load_workbook(folder / "police.xlsx").active.iter_rows(min_row=2) if row[0].value)
    rows += (folder / "education.yml").read_text().count("\n- date:") + (
        folder / "education.yml"
    ).read_text().startswith("- date:")
    return rows


def test_merge_writes_every_row_in_date_order(tmp_path: Path) -> None:
    out = tmp_path / "composite.xlsx"
    assert main(["chronology", "merge", SLUG, "--content", str(DEMO_CONTENT), "--out", str(out)]) == 0
    sheet = load_workbook(out).active
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, (c.value for c in row), strict=False)) for row in sheet.iter_rows(min_row=2)]
    assert len(rows) == _agency_rows()
    date_column = next(h for h in header if h and h.lower().startswith("date"))
    dates = [r[date_column] for r in rows]
    as_keys = [d if hasattr(d, "year") else None for d in dates]
    exact = [d for d in as_keys if d is not None]
    assert exact == sorted(exact)


def test_merge_never_overwrites_an_input(tmp_path: Path, capsys) -> None:
    content = tmp_path / "content"
    shutil.copytree(DEMO_CONTENT, content)
    target = content / "reviews" / SLUG / "chronology" / "csc.csv"
    before = target.read_bytes()
    assert main(["chronology", "merge", SLUG, "--content", str(content), "--out", str(target)]) != 0
    assert target.read_bytes() == before
    assert "refusing" in capsys.readouterr().err


def test_pdf_command_writes_the_pack(tmp_path: Path) -> None:
    assert main(["pdf", SLUG, "--content", str(DEMO_CONTENT), "--out", str(tmp_path), "--no-progress"]) == 0
    pack = PdfReader(tmp_path / "reviews" / SLUG / f"{SLUG}-panel-pack.pdf")
    assert len(pack.pages) > 20
    assert len([b for b in pack.outline if not isinstance(b, list)]) >= 13


def test_pdf_command_renders_one_document(tmp_path: Path) -> None:
    doc = DEMO_CONTENT / "reviews" / SLUG / "synopsis.md"
    assert (
        main(["pdf", "--document", str(doc), "--content", str(DEMO_CONTENT), "--out", str(tmp_path), "--no-progress"])
        == 0
    )
    synopsis = tmp_path / "reviews" / SLUG / f"{SLUG}-synopsis.pdf"
    assert len(PdfReader(synopsis).pages) <= 2
    # the board of mkdocs.yml beside the content folder: author, and logo on the title block
    assert PdfReader(synopsis).metadata["/Author"] == "Eastmoor Safeguarding Children Partnership"
    assert figure_alts(synopsis.read_bytes()) == ["Logo of Eastmoor Safeguarding Children Partnership"]


def test_pdf_command_names_a_missing_logo(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text("extra:\n  casereview:\n    board: {name: Testshire Board, logo: logo.svg}\n")
    doc = DEMO_CONTENT / "reviews" / SLUG / "synopsis.md"
    args = ["pdf", "--document", str(doc), "--content", str(DEMO_CONTENT), "--out", str(tmp_path / "out")]
    assert main([*args, "--config", str(config), "--no-progress"]) == 1
    assert "extra.casereview.board.logo in mkdocs.yml: logo.svg is not a readable file" in capsys.readouterr().err
    (tmp_path / "logo.gif").write_bytes(b"GIF89a")
    config.write_text(config.read_text().replace("logo.svg", "logo.gif"))
    assert main([*args, "--config", str(config), "--no-progress"]) == 1
    assert "a logo must be one of .svg, .png, .jpg, .jpeg, not .gif" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_merge_of_a_review_in_progress_writes_every_row_with_acronyms(tmp_path: Path, capsys) -> None:
    """A row with an impossible date and a real name: the file is still written (exit 1),
    the row is there, flagged, and the name an agency typed is the key's acronym."""
    content = tmp_path / "content"
    shutil.copytree(DEMO_CONTENT, content)
    source = content / "reviews" / SLUG / "chronology" / "csc.csv"
    with source.open("a", encoding="utf-8", newline="") as stream:
        stream.write("31.02.2023,,CSC,Case note,SW1,Kayleigh Harper phoned SW1.,,,N,N,N,record\r\n")
    out = tmp_path / "composite.xlsx"
    assert main(["chronology", "merge", SLUG, "--content", str(content), "--out", str(out)]) == 1
    sheet = load_workbook(out)["Composite chronology"]
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert len(rows) == _agency_rows() + 1
    [added] = [row for row in rows if row["Date"] == "31.02.2023 (invalid date)"]
    assert added["Summary of key information"] == "Mother M phoned SW1." and added["Flags"] == "invalid date"
    assert not any("Kayleigh" in str(value) for row in rows for value in row.values())
    err = capsys.readouterr().err
    assert '"31.02.2023" is not a real date' in err and "Kayleigh" not in err


def test_panel_pack_is_made_while_a_review_has_open_errors(tmp_path: Path, capsys) -> None:
    content = tmp_path / "content"
    shutil.copytree(DEMO_CONTENT, content)
    source = content / "reviews" / SLUG / "chronology" / "csc.csv"
    with source.open("a", encoding="utf-8", newline="") as stream:
        stream.write("31.02.2023,,CSC,Case note,SW1,A note with a wrong date.,,,N,N,N,record\r\n")
    out = tmp_path / "pdf"
    assert main(["pdf", SLUG, "--content", str(content), "--out", str(out), "--no-progress"]) == 1
    assert "the panel pack is made with them open" in capsys.readouterr().err
    assert list(out.rglob("*.pdf"))
