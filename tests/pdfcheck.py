"""Checks a printed PDF must pass: PDF/UA-1 conformance, metadata, links, text positions.

Two independent readers: ``page-validation`` (PyPI; a PDF/A and PDF/UA-1 validator
that runs veraPDF's rules and passes veraPDF's own test corpus) for conformance, and
pypdf for the few requirements this project states in its own words (so a failure
names them plainly). Neither can judge reading order, whether alternative text is
meaningful, or colour contrast: a person must (README, "Accessible PDFs").
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from pypdf import PdfReader
from pypdf.generic import DictionaryObject


def ua1_failures(pdf: bytes) -> list[str]:
    """Every PDF/UA-1 rule the file breaks, as ``RULE-ID: message`` (empty: conformant)."""
    import page

    report = page.validate_pdf_bytes(pdf, profile=page.ValidationProfile.PDF_UA_1)
    return sorted({f"{failure.rule_id}: {failure.message}" for failure in report.failures})


def _structure_nodes(node: object) -> list[DictionaryObject]:
    found: list[DictionaryObject] = []
    stack = [node]
    while stack:
        item = stack.pop()
        item = item.get_object() if hasattr(item, "get_object") else item
        if isinstance(item, DictionaryObject):
            if "/S" in item:
                found.append(item)
            kids = item.get("/K")
            if kids is not None:
                kids = kids.get_object() if hasattr(kids, "get_object") else kids
                stack.extend(kids if isinstance(kids, list) else [kids])
        elif isinstance(item, list):
            stack.extend(item)
    return found


def tagging_problems(pdf: bytes, *, lang: str = "en-GB") -> list[str]:
    """What the project requires of every PDF, read with pypdf."""
    reader = PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    problems = []
    if "/StructTreeRoot" not in root:
        problems.append("no structure tree (/StructTreeRoot): the PDF is not tagged")
    if not (root.get("/MarkInfo") or {}).get("/Marked"):
        problems.append("/MarkInfo /Marked is not true")
    if not (root.get("/ViewerPreferences") or {}).get("/DisplayDocTitle"):
        problems.append("/ViewerPreferences /DisplayDocTitle is not true: viewers show the file name")
    if root.get("/Lang") != lang:
        problems.append(f"document language is {root.get('/Lang')!r}, not {lang!r}")
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8") if "/Metadata" in root else ""
    if not re.search(r"pdfuaid:part=\"1\"|<pdfuaid:part>1</pdfuaid:part>", xmp):
        problems.append("the XMP metadata does not identify the file as PDF/UA-1 (pdfuaid:part)")
    if "<dc:title>" not in xmp:
        problems.append("the XMP metadata has no dc:title")
    for number, page in enumerate(reader.pages, start=1):
        if page.get("/Annots") and page.get("/Tabs") != "/S":
            problems.append(f"page {number} has links but no /Tabs /S (structure order)")
    if "/StructTreeRoot" in root:
        for node in _structure_nodes(root["/StructTreeRoot"]):
            if node.get("/S") == "/Figure" and not str(node.get("/Alt") or node.get("/ActualText") or "").strip():
                problems.append("a Figure has no alternative text (/Alt)")
    return problems


def figure_alts(pdf: bytes) -> list[str]:
    """The alternative text of every Figure of the structure tree."""
    root = PdfReader(io.BytesIO(pdf)).trailer["/Root"]
    if "/StructTreeRoot" not in root:
        return []
    nodes = _structure_nodes(root["/StructTreeRoot"])
    return [str(node.get("/Alt") or "") for node in nodes if node.get("/S") == "/Figure"]


def link_targets(pdf: bytes) -> list[tuple[int, str]]:
    """(page number, URI) of every link annotation that opens an address; internal
    links (destinations inside the file) are not listed."""
    reader = PdfReader(io.BytesIO(pdf))
    found = []
    for number, page in enumerate(reader.pages, start=1):
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action is not None and "/URI" in action:
                found.append((number, str(action["/URI"])))
    return found


def relative_web_links(pdf: bytes) -> list[tuple[int, str]]:
    """Links that lead nowhere once printed or saved: no scheme (``../imr/police/#x``)."""
    return [(number, uri) for number, uri in link_targets(pdf) if not urlsplit(uri).scheme]


@dataclass(frozen=True)
class Word:
    """A word of a page with its box, in points from the page's top left."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: Word) -> bool:
        return self.x0 < other.x1 and other.x0 < self.x1 and self.y0 < other.y1 and other.y0 < self.y1


_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>',
)
_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.DOTALL)


def have_pdftotext() -> bool:
    return shutil.which("pdftotext") is not None


def page_words(path: Path) -> list[tuple[float, float, list[Word]]]:
    """(width, height, words) of every page, from poppler's ``pdftotext -bbox``."""
    result = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True)
    pages = []
    for width, height, body in _PAGE.findall(result.stdout):
        words = [Word(w[4], float(w[0]), float(w[1]), float(w[2]), float(w[3])) for w in _WORD.findall(body)]
        pages.append((float(width), float(height), words))
    return pages


def lines_of(words: list[Word], tolerance: float = 2.0) -> list[list[Word]]:
    """Words grouped into lines by their vertical position, top to bottom."""
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.y0, w.x0)):
        if lines and abs(lines[-1][0].y0 - word.y0) <= tolerance:
            lines[-1].append(word)
        else:
            lines.append([word])
    return lines
