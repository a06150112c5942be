"""The anonymised copy of a review for the regulator and the national bodies.

Every document as a PDF (names replaced through the review's :class:`Anonymiser`,
as on the public site; entities the key marks ``public: true`` keep their names),
the composite and agency chronologies as XLSX, and a manifest. All of it is written into a
temporary folder beside the destination, scanned by the publication gate
(:func:`casereview.anonymise.gate.scan`) and only then moved into place; a real name anywhere
deletes the folder and raises :class:`.staged.ExportBlocked`, so no partial copy is left.

Authors and signatories of documents are usually not in the key; for the export they
are added to it as "IMR author (CSC)" and so on, so the substitution replaces them and
the gate refuses a copy that still names them.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import re
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from casereview.anonymise import Anonymiser
from casereview.chronology import write_composite
from casereview.chronology.composite import composite
from casereview.export.staged import ExportError, check_destination, gate, staging
from casereview.print.packs import pdf_document, pdf_meta
from casereview.print.pdf import render_document
from casereview.render.markdown import document_sources, render_page
from casereview.render.rendered_page import RenderedPage
from casereview.render.site import SiteState
from casereview.sources import paths
from casereview.sources.doctypes import document_type, regulator_types
from casereview.sources.key import Entity, Key
from casereview.sources.records import DocumentMeta
from casereview.sources.review import Review
from casereview.sources.spreadsheet_safety import neutralise

MARKING = "OFFICIAL-SENSITIVE: anonymised copy"
MANIFEST = "manifest.csv"
MANIFEST_HEADERS = ["Document", "File", "Version", "Status", "Date", "SHA-256"]


def _document_people(review: Review) -> list[Entity]:
    """Authors and signatories not already in the key, as entities to substitute."""
    known = {name.casefold() for e in review.key for name in e.real_names}
    people: dict[str, Entity] = {}
    for doc in review.documents:
        agency = str(doc.meta.get("agency") or "").upper()
        found = document_type(doc.doc_type)
        kind = found.role if found else doc.doc_type.replace("-", " ")
        for field, role in (("author", "author"), ("sign_off", "signatory")):
            value = doc.meta.get(field)
            name = str(value.get("name") or "").strip() if isinstance(value, dict) else ""
            if name and name.casefold() not in known and name not in people:
                acronym = f"{kind[:1].upper()}{kind[1:]} {role}" + (f" ({agency})" if agency else "")
                people[name] = Entity(acronym=acronym, category="professional", names=(name,), role=acronym)
    return list(people.values())


def export_key(review: Review) -> Key:
    """The review's key plus the documents' authors and signatories."""
    return Key([*review.key.entities, *_document_people(review)])


def _state_for(content_root: Path, review: Review) -> tuple[SiteState, Review]:
    """A state that renders the review anonymised with the export's key."""
    state = SiteState(content_root, "internal", anonymise_internal=True)
    state.reviews = {review.slug: dataclasses.replace(review, key=export_key(review))}
    return state, state.reviews[review.slug]


def _render(state: SiteState, review: Review) -> dict[str, RenderedPage]:
    pages = {uri: render_page(state, uri, body, meta) for uri, body, meta in document_sources(state, review)}
    for page in pages.values():
        state.resolve(page)
    return pages


def _pdf(page: RenderedPage, review: Review, anonymiser: Anonymiser) -> bytes:
    doc = pdf_document(page, review)
    if doc.front_sheet:
        doc.front_sheet = {k: anonymiser.substitute(v) for k, v in doc.front_sheet.items()}
    if doc.sign_off:
        doc.sign_off = {k: anonymiser.substitute(v) for k, v in doc.sign_off.items()}
    title = anonymiser.substitute(page.title)
    doc.title = title
    return render_document(doc, pdf_meta(review, title, MARKING))


def _document_date(record: DocumentMeta) -> str:
    """The manifest's Date: the document's own date, else when it was completed,
    published or approved, else signed off; blank when none is a day (check reports it)."""
    signed = record.sign_off.date if record.sign_off else None
    day = record.date or record.completed or record.published or record.approved or signed
    return day.isoformat() if day else ""


def _file_name(review: Review, page: RenderedPage) -> str:
    """``<slug>-imr-csc.pdf``; the review's index (its Terms of Reference) by its type."""
    parts = paths.in_review(page.src_uri, review.slug)[: -len(".md")].split("/")  # imr/csc.md -> imr, csc
    if parts == ["index"]:
        parts = [str(page.meta.get("type") or "index")]
    return f"{review.slug}-" + "-".join(parts) + ".pdf"


@dataclass
class _Written:
    title: str
    file: str
    version: str
    status: str
    date: str


def _write_chronologies(review: Review, folder: Path, anonymiser: Anonymiser) -> list[_Written]:
    """The composite chronology, then each agency's own, as anonymised XLSX."""
    if not review.chronology_files:
        return []
    merged, problems = composite(review)
    if any(p.severity == "error" for p in problems):
        raise ExportError("the agency chronologies have errors; run `casereview check` and fix them first")
    merged = [dataclasses.replace(item, entry=_anonymised_entry(item.entry, anonymiser)) for item in merged]
    today = date.today().isoformat()
    name = f"{review.slug}-composite-chronology.xlsx"
    write_composite(merged, folder / name)
    written = [_Written("Composite chronology", name, "", "", today)]
    for agency in sorted({item.entry.agency for item in merged}):
        own = [item for item in merged if item.entry.agency == agency]
        slug = re.sub(r"[^a-z0-9]+", "-", agency.casefold()).strip("-") or "agency"
        name = f"{review.slug}-chronology-{slug}.xlsx"
        write_composite(own, folder / name)
        written.append(_Written(f"Agency chronology: {agency}", name, "", "", today))
    return written


def _anonymised_entry(entry: Any, anonymiser: Anonymiser) -> Any:
    changes: dict[str, object] = {}
    for field in dataclasses.fields(entry):
        value = getattr(entry, field.name)
        if isinstance(value, str):
            changes[field.name] = anonymiser.substitute(value)
        elif isinstance(value, tuple) and all(isinstance(v, str) for v in value):
            changes[field.name] = tuple(anonymiser.substitute(v) for v in value)
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            changes[field.name] = [anonymiser.substitute(v) for v in value]
    return dataclasses.replace(entry, **changes)


def _write_manifest(folder: Path, written: list[_Written]) -> None:
    with (folder / MANIFEST).open("w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(MANIFEST_HEADERS)
        for item in written:
            digest = hashlib.sha256((folder / item.file).read_bytes()).hexdigest()
            writer.writerow(
                [neutralise(v) for v in (item.title, item.file, item.version, item.status, item.date)] + [digest]
            )


def export_regulator(content_root: Path, review: Review, out: Path) -> list[str]:
    """Write the regulator's copy of ``review`` to ``out`` (a folder or a .zip);
    returns the files written. Raises :class:`ExportBlocked` or :class:`ExportError`."""
    check_destination(out)
    state, exported = _state_for(content_root, review)
    anonymiser = Anonymiser(exported.key)
    with staging(out) as folder:
        files = folder / "files"
        files.mkdir()
        written = []
        pages = _render(state, exported)
        exported_types = regulator_types()
        for doc in sorted(
            (d for d in exported.documents if d.doc_type in exported_types),
            key=lambda d: (exported_types.index(d.doc_type), d.path.name),
        ):
            page = pages.get(doc.path.relative_to(content_root).as_posix())
            if page is None:
                continue
            name = _file_name(exported, page)
            (files / name).write_bytes(_pdf(page, exported, anonymiser))
            meta = doc.meta
            written.append(
                _Written(
                    anonymiser.substitute(page.title),
                    name,
                    str(meta.get("version", "")),
                    str(meta.get("status", "")),
                    _document_date(doc.record),
                )
            )
        written += _write_chronologies(exported, files, anonymiser)
        _write_manifest(files, written)
        gate(files, exported.key, out, out)
        if out.suffix.lower() == ".zip":
            archive = folder / "export.zip"
            with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
                for path in sorted(files.iterdir()):
                    zipped.write(path, path.name)
            archive.replace(out)
        else:
            if out.exists():
                out.rmdir()  # empty, checked above
            files.rename(out)
    return [item.file for item in written] + [MANIFEST]


def export_imr(content_root: Path, review: Review, agency: str, out: Path) -> None:
    """Write the anonymised IMR of ``agency`` to ``out`` (a .pdf), through the gate."""
    if out.suffix.lower() != ".pdf":
        raise ExportError(f"{out}: the IMR is written as a PDF; give a file name ending .pdf")
    if out.is_dir():
        raise ExportError(f"{out} is a folder; give a .pdf file name")
    imrs = [d for d in review.documents_of_type("imr") if str(d.meta.get("agency")) == agency]
    if not imrs:
        known = sorted(str(d.meta.get("agency")) for d in review.documents_of_type("imr"))
        raise ExportError(f'the review has no IMR of agency "{agency}"; choose one of: {", ".join(known)}')
    state, exported = _state_for(content_root, review)
    anonymiser = Anonymiser(exported.key)
    src_uri = imrs[0].path.relative_to(content_root).as_posix()
    with staging(out) as folder:
        imr = imrs[0]
        page = render_page(state, src_uri, imr.body, dict(imr.meta))
        state.resolve(page)
        staged = folder / out.name
        staged.write_bytes(_pdf(page, exported, anonymiser))
        gate(folder, exported.key, out, out.parent)
        staged.replace(out)
