"""The regulator's anonymised copy and an agency's IMR: every file through the gate,
a real name anywhere refuses the whole export and leaves nothing behind."""

from __future__ import annotations

import csv
import hashlib
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from casereview.cli.main import main as casereview
from casereview.render.site import SiteState

pytestmark = pytest.mark.slow

SLUG = "eastmoor-child-t-2024"
DOCUMENTS = {
    f"{SLUG}-terms-of-reference.pdf",
    f"{SLUG}-imr-csc.pdf",
    f"{SLUG}-imr-education.pdf",
    f"{SLUG}-imr-health.pdf",
    f"{SLUG}-imr-police.pdf",
    f"{SLUG}-action-plans-csc.pdf",
    f"{SLUG}-action-plans-education.pdf",
    f"{SLUG}-action-plans-health.pdf",
    f"{SLUG}-action-plans-police.pdf",
    f"{SLUG}-overview-report.pdf",
    f"{SLUG}-executive-summary.pdf",
    f"{SLUG}-synopsis.pdf",
}
CHRONOLOGIES = {f"{SLUG}-composite-chronology.xlsx"} | {
    f"{SLUG}-chronology-{agency}.xlsx" for agency in ("csc", "education", "health", "police")
}


def _pdf_text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The demo's regulator export, made once (content copied, so the test owns it)."""
    import shutil

    from project_paths import DEMO_CONTENT

    root = tmp_path_factory.mktemp("regulator")
    content = root / "content"
    shutil.copytree(DEMO_CONTENT, content)
    out = root / "out" / "regulator"
    assert casereview(["export", "regulator", SLUG, "--content", str(content), "--out", str(out)]) == 0
    return content, out


def test_every_document_chronology_and_manifest_are_written(exported: tuple[Path, Path]) -> None:
    content, out = exported
    files = {p.name for p in out.iterdir()}
    assert files == DOCUMENTS | CHRONOLOGIES | {"manifest.csv"}
    with (out / "manifest.csv").open(encoding="utf-8-sig", newline="") as stream:
        manifest = list(csv.DictReader(stream))
    assert {row["File"] for row in manifest} == files - {"manifest.csv"}
    for row in manifest:
        assert row["SHA-256"] == hashlib.sha256((out / row["File"]).read_bytes()).hexdigest()
    police = next(row for row in manifest if row["File"] == f"{SLUG}-imr-police.pdf")
    assert (police["Document"], police["Version"], police["Status"], police["Date"]) == (
        "Individual Management Review: Police",
        "1.0",
        "approved",
        "2024-02-29",
    )
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".casereview-export-")]


def test_every_file_passes_casereview_scan(exported: tuple[Path, Path]) -> None:
    content, out = exported
    for path in sorted(out.iterdir()):
        assert casereview(["scan", str(path), "--content", str(content)]) == 0, path.name


def test_names_are_acronyms_except_the_officials_the_key_makes_public(exported: tuple[Path, Path]) -> None:
    _, out = exported
    imr = _pdf_text(out / f"{SLUG}-imr-police.pdf")
    assert "Mother M" in imr and "Kayleigh" not in imr and "Dawson" not in imr
    summary = _pdf_text(out / f"{SLUG}-executive-summary.pdf")
    assert "Margaret Ellison-Bray" in summary and "Frances Kilbride" in summary  # public: true
    # The IMR's author and signatory are in no key: the export names them by role.
    csc = _pdf_text(out / f"{SLUG}-imr-csc.pdf")
    assert "IMR author (CSC)" in csc and "Stanforth" not in csc and "Kessell" not in csc
    sheet = load_workbook(out / f"{SLUG}-composite-chronology.xlsx").active
    cells = " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None)
    assert "Mother M" in cells and "Kayleigh" not in cells and sheet.max_row > 60
    police = load_workbook(out / f"{SLUG}-chronology-police.xlsx").active
    agencies = {row[3].value for row in police.iter_rows(min_row=2)}
    assert agencies == {"police"} and 1 < police.max_row < sheet.max_row


def _plant_and_miss_substitution(content: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A name in the police IMR that the substitution misses (as a future bug, or a
    route it does not reach, would): only the gate stands between it and the copy."""
    imr = content / "reviews" / SLUG / "imr" / "police.md"
    imr.write_text(imr.read_text(encoding="utf-8") + "\nA late note names Kayleigh Harper.\n", encoding="utf-8")
    should = SiteState.should_anonymise
    monkeypatch.setattr(
        SiteState, "should_anonymise", lambda self, uri: not uri.endswith("imr/police.md") and should(self, uri)
    )


def test_a_planted_name_refuses_the_whole_export(
    demo_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    _plant_and_miss_substitution(demo_copy, monkeypatch)
    target = "regulator"
    out_dir = tmp_path / "out"
    out = out_dir / target
    assert casereview(["export", "regulator", SLUG, "--content", str(demo_copy), "--out", str(out)]) == 1
    printed = capsys.readouterr()
    report = printed.out + printed.err
    assert f'LEAK: "Mother M" in {out_dir}/{target}' in report
    assert f"{SLUG}-imr-police.pdf" in report and "page" in report
    assert "Kayleigh" not in report and "Harper" not in report
    assert "refused" in printed.err
    assert not out.exists() and list(out_dir.iterdir()) == []  # no partial output, no temporary folder


def test_export_imr_writes_the_one_anonymised_imr(demo_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "police-imr.pdf"
    assert casereview(["export", "imr", SLUG, "police", "--content", str(demo_copy), "--out", str(out)]) == 0
    text = _pdf_text(out)
    assert "Individual Management Review: Police".upper() in text.upper() and "PC1" in text and "Dawson" not in text
    assert casereview(["scan", str(out), "--content", str(demo_copy)]) == 0
    assert [p.name for p in tmp_path.iterdir() if p.name != "content"] == ["police-imr.pdf"]


def test_export_imr_refuses_a_planted_name(demo_copy: Path, tmp_path: Path, monkeypatch, capsys) -> None:
    _plant_and_miss_substitution(demo_copy, monkeypatch)
    out = tmp_path / "out" / "police-imr.pdf"
    assert casereview(["export", "imr", SLUG, "police", "--content", str(demo_copy), "--out", str(out)]) == 1
    printed = capsys.readouterr()
    assert f'LEAK: "Mother M" in {out}' in printed.out and "Kayleigh" not in printed.out + printed.err
    assert list(out.parent.iterdir()) == []


def test_export_imr_names_the_agencies_it_knows(demo_copy: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "x.pdf"
    assert casereview(["export", "imr", SLUG, "probation", "--content", str(demo_copy), "--out", str(out)]) == 2
    assert "choose one of: csc, education, health, police" in capsys.readouterr().err and not out.exists()


def test_a_zip_export_holds_the_same_files(demo_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "copy.zip"
    assert casereview(["export", "regulator", SLUG, "--content", str(demo_copy), "--out", str(out)]) == 0
    with zipfile.ZipFile(out) as archive:
        assert set(archive.namelist()) == DOCUMENTS | CHRONOLOGIES | {"manifest.csv"}
    assert casereview(["scan", str(out), "--content", str(demo_copy)]) == 0


def test_scan_reads_the_cells_of_a_spreadsheet_and_the_members_of_an_archive(
    demo_copy: Path, tmp_path: Path, capsys
) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["Date", "Summary"])
    workbook.active.append(["01.02.2023", "Visit to Kayleigh Harper at home."])
    sheet = tmp_path / "chronology.xlsx"
    workbook.save(sheet)
    archive = tmp_path / "copy.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        zipped.write(sheet, "inner/chronology.xlsx")
        zipped.writestr("notes/riley-harper.txt", "nothing here")
        zipped.writestr("notes/hope-harper.txt", "Quarrybank Close")
    assert casereview(["scan", str(sheet), "--content", str(demo_copy)]) == 1
    printed = capsys.readouterr().out
    assert 'LEAK: "Mother M"' in printed and "xl/worksheets/sheet1.xml" in printed and "Kayleigh" not in printed
    assert casereview(["scan", str(archive), "--content", str(demo_copy)]) == 1
    printed = capsys.readouterr().out
    assert "inner/chronology.xlsx" in printed and '"Sibling S"' in printed and "member name" in printed
    assert '"Street 1"' in printed and "a member whose name holds a real name" in printed
    from casereview.anonymise import matcher_for, scan_bytes
    from casereview.anonymise.gate import keys_under

    found = list(scan_bytes(archive.read_bytes(), archive.name, matcher_for(keys_under(demo_copy))))
    assert found and not any(word in where.casefold() for _, where in found for word in ("riley", "hope", "harper"))
