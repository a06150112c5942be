"""Every adversarial trap is caught by the gate and, where it applies, substituted."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from casereview.anonymise import Anonymiser, scan_paths
from test_anonymise_support import FIXTURES, fixture_key, html_pdf, write_trap

TRAPS = yaml.safe_load((FIXTURES / "traps.yml").read_text(encoding="utf-8"))
POSITIVE = [t for t in TRAPS if t["acronym"]]
NEGATIVE = [t for t in TRAPS if not t["acronym"]]
SUBSTITUTABLE = [t for t in POSITIVE if t.get("substitute", True)]


def _ids(traps: list[dict]) -> list[str]:
    return [t["description"] for t in traps]


@pytest.fixture(scope="module")
def neutral_pdf() -> bytes:
    return html_pdf("<h1>Executive summary</h1><p>Child T lived with Mother M.</p>")


def test_the_fixture_has_the_traps_the_issue_asks_for() -> None:
    kinds = {t["kind"] for t in POSITIVE}
    assert len(POSITIVE) >= 30
    assert {
        "html",
        "json",
        "xml",
        "js",
        "svg",
        "gz",
        "filename",
        "foldername",
        "pdf-text",
        "pdf-title",
        "pdf-author",
        "pdf-subject",
        "pdf-keywords",
        "pdf-bookmark",
        "pdf-link",
        "data-uri-svg",
        "data-uri-html",
        "png-text",
        "jpeg-exif",
    } <= kinds


@pytest.mark.parametrize("trap", POSITIVE, ids=_ids(POSITIVE))
def test_gate_catches_trap(trap: dict, tmp_path: Path, neutral_pdf: bytes) -> None:
    write_trap(tmp_path, trap["kind"], trap["content"], neutral_pdf)
    leaks = scan_paths([tmp_path], fixture_key())
    # Found where a reader meets it, not only by the raw-bytes fallback of a PDF.
    assert trap["acronym"] in {leak.acronym for leak in leaks if leak.location != "raw bytes"}


@pytest.mark.parametrize("trap", SUBSTITUTABLE, ids=_ids(SUBSTITUTABLE))
def test_substitution_removes_trap(trap: dict, tmp_path: Path, neutral_pdf: bytes) -> None:
    anonymised = Anonymiser(fixture_key()).substitute(trap["content"])
    if "expect" in trap:
        assert anonymised == trap["expect"]
    assert trap["acronym"] in anonymised.replace("%20", " ")
    write_trap(tmp_path, trap["kind"], anonymised, neutral_pdf)
    assert scan_paths([tmp_path], fixture_key()) == []


@pytest.mark.parametrize("trap", NEGATIVE, ids=_ids(NEGATIVE))
def test_negative_control_is_left_alone(trap: dict, tmp_path: Path, neutral_pdf: bytes) -> None:
    assert Anonymiser(fixture_key()).substitute(trap["content"]) == trap["content"]
    write_trap(tmp_path, trap["kind"], trap["content"], neutral_pdf)
    assert scan_paths([tmp_path], fixture_key()) == []


def test_neutral_pdf_is_clean(tmp_path: Path, neutral_pdf: bytes) -> None:
    """The base the PDF traps are built on holds no name (so each trap proves itself)."""
    (tmp_path / "doc.pdf").write_bytes(neutral_pdf)
    assert scan_paths([tmp_path], fixture_key()) == []
