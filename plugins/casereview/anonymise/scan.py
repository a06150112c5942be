"""The publication gate: find any real name of a key in files about to be published.

:func:`scan_paths` reads every file under the given folders (and every file and folder
name) and reports each :class:`Leak` by acronym, path and location, never by the name.
Each file is read as a browser, a search engine or a PDF reader would read it:

* ``.gz`` files are decompressed and read by their inner type; ZIP archives (``.zip``,
  and ``.xlsx``/``.docx``, which are ZIP) member by member, each by its own type;
* PDFs through pypdf: page text, document metadata and XMP, outline (bookmarks),
  named destinations, annotations (link URIs, contents), and the raw bytes as well;
* JSON and JavaScript with their string escapes decoded (``\\u00eb``);
* raster images (PNG, JPEG, GIF, WebP, TIFF) by their metadata: EXIF, XMP, text
  chunks, comments, ICC profile (:mod:`.images`); one that cannot be read is refused;
* anything else as text, UTF-8 or, when that fails, both UTF-8 (lenient) and Latin-1;
* in any text, each ``data:`` URI's payload decoded and read as the file its media
  type says (:mod:`.datauri`), a few levels deep at most.

A text is first scanned fast (whole-file normalisation, one automaton pass); only a
text that holds a name is normalised again with position tracking to tell the line.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from casereview.anonymise.datauri import MAX_DEPTH, MAX_PAYLOAD_CHARS, data_uris, has_data_uri
from casereview.anonymise.identifiers import identifiers_in
from casereview.anonymise.images import UnreadableImage, image_texts, is_raster, printable_text
from casereview.anonymise.leaks import UNREADABLE, Leak
from casereview.anonymise.mapped import MappedViews
from casereview.anonymise.matcher import Matcher, matcher_for
from casereview.anonymise.normalise import INLINE_TAG, Views, displayed_order, fast_views
from casereview.anonymise.parallel import scan_files
from casereview.sources.key import Key

CODE_SUFFIXES = frozenset({".json", ".js", ".mjs", ".cjs", ".map", ".webmanifest"})
def scan_paths(
    paths: Iterable[Path], key: Key, workers: int | None = None, skip_contents: Callable[[Path], bool] | None = None
) -> list[Leak]:
    """Every leak in the files and folders ``paths`` (folders are read recursively).

    ``workers``: processes to read files with; by default one per CPU (at most 4) when
    there is more than :data:`PARALLEL_MIN_BYTES` to read, else the calling process.
    ``skip_contents``: files whose contents need no reading (their names still are).
    """
    matcher = matcher_for(key)
    leaks: set[Leak] = set()
    files: list[Path] = []
    for path in map(Path, paths):
        for item, is_folder in _walk(path):
            leaks.update(_scan_name(item, is_folder, matcher))
            if not is_folder and not (skip_contents and skip_contents(item)):
                files.append(item)
    leaks.update(scan_files(files, key, scan_file, workers))
    return sorted(leaks, key=_leak_order)


def _leak_order(leak: Leak) -> tuple[str, int, str, str]:
    digits = "".join(ch for ch in leak.location if ch.isdigit())
    return (str(leak.path), int(digits) if digits else 0, leak.location, leak.acronym)


def _walk(root: Path) -> Iterator[tuple[Path, bool]]:
    """Each file and folder under ``root`` (``root`` itself only when it is a file)."""
    if not root.is_dir():
        yield root, False
        return
    for folder, subfolders, files in os.walk(root):
        subfolders.sort()
        for name in subfolders:
            yield Path(folder, name), True
        for name in sorted(files):
            yield Path(folder, name), False


def _scan_name(path: Path, is_folder: bool, matcher: Matcher) -> list[Leak]:
    where = "folder name" if is_folder else "file name"
    found = matcher.leaks(fast_views(path.name, markup=False)) | identifier_leaks([path.name], matcher)
    shown = displayed_order(path.name, markup=False)
    if shown is not None:  # a file manager shows the name reversed after U+202E
        found |= matcher.leaks(fast_views(shown, markup=False)) | identifier_leaks([shown], matcher)
    return [Leak(acronym, path, where) for acronym in sorted(found)]


def identifier_leaks(identifiers: Iterable[str], matcher: Matcher) -> set[str]:
    """Acronyms whose names are in file names, URLs, ids or e-mail addresses."""
    return matcher.paths.leaks(identifiers) if matcher.paths is not None else set()


def scan_file(path: Path, matcher: Matcher) -> list[Leak]:
    """The leaks in one file's content."""
    try:
        data = path.read_bytes()
    except OSError as error:
        return [Leak(UNREADABLE, path, f"({type(error).__name__})")]
    return [Leak(acronym, path, where) for acronym, where in scan_bytes(data, path.name, matcher)]


def scan_bytes(data: bytes, name: str, matcher: Matcher, depth: int = 0) -> Iterator[tuple[str, str]]:
    """(acronym, location) of each leak in ``data``, read by the type ``name`` implies.

    ``depth``: how many ``data:`` URIs deep ``data`` was found (0: a file)."""
    suffix = Path(name).suffix.lower()
    if suffix in (".gz", ".svgz") or data[:2] == b"\x1f\x8b":
        try:
            inner = _gunzip(data)
        except DecompressesTooFar:
            yield UNREADABLE, f"decompresses to more than {GZIP_LIMIT:,} bytes, not read"
            return
        if inner is not None:
            inner_name = Path(name).stem if suffix == ".gz" else name[:-1]
            for acronym, where in scan_bytes(inner, inner_name, matcher, depth):
                yield acronym, f"{where} (decompressed)"
            return
    if suffix == ".pdf" or data[:5] == b"%PDF-":
        yield from _scan_pdf(data, matcher, depth)
        return
    if is_raster(name, data):
        yield from _scan_image(data, matcher, depth)
        return
    if data[:4] == b"PK\x03\x04":
        try:
            members = _unzipped(data)
        except DecompressesTooFar:
            yield UNREADABLE, f"archive unpacks to more than {ZIP_LIMIT:,} bytes, not read"
            return
        if members is not None and depth >= MAX_DEPTH:
            yield UNREADABLE, f"archive nested more than {MAX_DEPTH} containers deep, not read"
            return
        if members is not None:
            for member, inner in members:
                named = _member_name_leaks(member, matcher)
                shown = "a member whose name holds a real name" if named else member
                for acronym, where in scan_bytes(inner, member, matcher, depth + 1):
                    yield acronym, f"{where} of {shown} (in the archive)"
            yield from _scan_zip_names([member for member, _ in members], matcher)
            return
    code = suffix in CODE_SUFFIXES
    for text in lenient_texts(data):
        yield from scan_text(text, matcher, code, depth)


def _scan_image(data: bytes, matcher: Matcher, depth: int) -> Iterator[tuple[str, str]]:
    """Leaks in an image's metadata, named by field (``image metadata EXIF Artist``)."""
    try:
        named, raw = image_texts(data)
    except UnreadableImage as error:
        yield UNREADABLE, f"image cannot be read ({error})"
        return
    found: set[tuple[str, str]] = set()
    for fields in (named, raw):
        # Raw chunks are read for what no named field showed (one report per field).
        told = {acronym for acronym, _ in found}
        for field, value in fields:
            text = printable_text(value) if isinstance(value, bytes) else value
            where = f"image metadata {field}"
            found.update((a, where) for a in _fast_leaks(text, False, matcher) if a not in told)
            found.update(leak for leak in _data_uri_leaks(text, matcher, depth, where) if leak[0] not in told)
    yield from sorted(found)


PDF_STREAM = re.compile(rb"(stream\r?\n)(.*?)(endstream)", re.DOTALL)
PRINTABLE = frozenset(range(32, 127)) | {9, 10, 13}


def _pdf_outside_binary_streams(data: bytes) -> bytes:
    """The PDF's bytes with compressed (binary) stream bodies blanked out.

    Compressed data is noise: read as text, a few megabytes of it will sooner or later
    spell a short name between two non-letters, a false leak that would block a clean
    build at random. Streams that are text (uncompressed metadata) are kept, and the
    parsed PDF (page text, metadata, XMP, outline, annotations) is scanned anyway.
    """

    def blank(match: re.Match[bytes]) -> bytes:
        body = match.group(2)
        if not body or sum(b in PRINTABLE for b in body[:4096]) / len(body[:4096]) >= 0.95:
            return match.group(0)
        return match.group(1) + b" " * len(body) + match.group(3)

    return PDF_STREAM.sub(blank, data)


def _scan_pdf(data: bytes, matcher: Matcher, depth: int = 0) -> Iterator[tuple[str, str]]:
    from casereview.anonymise.pdftext import pdf_texts  # pypdf: a tenth of a second `check` rarely needs

    raw = _pdf_outside_binary_streams(data)
    pieces = list(pdf_texts(data)) + [("raw bytes", text) for text in lenient_texts(raw)]
    for where, text in pieces:
        views = fast_views(text, False)
        found = matcher.leaks(views)
        found |= identifier_leaks(identifiers_in(text), matcher)
        for acronym in sorted(found):
            yield acronym, where
        for acronym, _ in _reversed_leaks(text, matcher, False, found):
            yield acronym, f"{where}, shown right to left by a direction override (U+202E)"
        yield from _data_uri_leaks(text, matcher, depth, where)


#: At most this much of a ZIP archive (all its members together) is unpacked, so a
#: "zip bomb" cannot exhaust memory; an archive that unpacks further is refused, not
#: read in part (what lies beyond the limit would otherwise go unread).
ZIP_LIMIT = 256 * 1024 * 1024


def _unzipped(data: bytes) -> list[tuple[str, bytes]] | None:
    """(name, bytes) of every member of a ZIP archive; None when it is not one.
    Raises :class:`DecompressesTooFar` past :data:`ZIP_LIMIT`."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = [info for info in archive.infolist() if not info.is_dir()]
            found = []
            budget = ZIP_LIMIT
            for info in members:
                with archive.open(info) as stream:
                    inner = stream.read(budget + 1)
                if len(inner) > budget:
                    raise DecompressesTooFar
                budget -= len(inner)
                found.append((info.filename, inner))
            return found
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error, NotImplementedError, RuntimeError):
        return None


def _member_name_leaks(name: str, matcher: Matcher) -> set[str]:
    return matcher.leaks(fast_views(name, markup=False)) | identifier_leaks([name], matcher)


def _scan_zip_names(names: list[str], matcher: Matcher) -> Iterator[tuple[str, str]]:
    for name in names:
        for acronym in sorted(_member_name_leaks(name, matcher)):
            yield acronym, "member name in the archive"


#: A gzip stream is unpacked up to this size; one that unpacks further (a "gzip bomb":
#: a few megabytes that unpack to gigabytes) is refused, not read in part.
GZIP_LIMIT = 64 * 1024 * 1024


class DecompressesTooFar(Exception):
    """A gzip stream or ZIP archive that unpacks past its limit."""


def _gunzip(data: bytes) -> bytes | None:
    """The unpacked bytes of every gzip member in ``data``; None when it is not gzip."""
    out = bytearray()
    rest = data
    try:
        while rest[:2] == b"\x1f\x8b":
            stream = zlib.decompressobj(wbits=31)
            out += stream.decompress(rest, GZIP_LIMIT + 1 - len(out))
            if len(out) > GZIP_LIMIT or stream.unconsumed_tail:
                raise DecompressesTooFar
            if not stream.eof:
                return None
            rest = stream.unused_data
    except zlib.error:
        return None
    # Not gzip at all, or bytes after the last member: read as it is, as before.
    return bytes(out) if out and not rest else None


def lenient_texts(data: bytes) -> list[str]:
    """The text of ``data``: UTF-8; else UTF-8 read leniently and Latin-1 both (and
    UTF-16 as well when the data starts with its byte-order mark)."""
    has_bom = data[:2] in (b"\xff\xfe", b"\xfe\xff")
    texts = [data.decode("utf-16", errors="replace")] if has_bom else []
    try:
        return texts + [data.decode("utf-8")]
    except UnicodeDecodeError:
        return texts + [data.decode("utf-8", errors="replace"), data.decode("latin-1")]


def _fast_leaks(text: str, code: bool, matcher: Matcher) -> set[str]:
    return matcher.leaks(fast_views(text, code))


def scan_text(text: str, matcher: Matcher, code: bool = False, depth: int = 0) -> Iterator[tuple[str, str]]:
    """(acronym, "line N") of each leak in ``text``; fast unless there is one. Names in
    its addresses and ids (``href="/people/lilyharper/"``) too, where the text matcher
    did not already find them on that line. A leak inside a ``data:`` URI is told as
    "line N, in a data: URI (type) ..."."""
    views = fast_views(text, code)
    located = list(_located_leaks(text, matcher, code, views))
    yield from located
    yield from _reversed_leaks(text, matcher, code, {acronym for acronym, _ in located})
    in_identifiers = identifier_leaks(identifiers_in(text), matcher)
    if in_identifiers:
        yield from _locate_identifier_leaks(text, matcher, in_identifiers, set(located))
    # Looked for in the decoded text: "&#100;ata:" or "\x64ata:" is a data: URI too.
    if _mentions_data_scheme(views):
        yield from _data_uri_leaks(views.folded, matcher, depth, original=text)


def _reversed_leaks(text: str, matcher: Matcher, code: bool, told: set[str]) -> Iterator[tuple[str, str]]:
    """Names a right-to-left override shows reversed ("\u202eyllit" reads "tilly")."""
    shown = displayed_order(text, code)
    if shown is None:
        return
    for acronym in sorted(matcher.leaks(fast_views(shown, code)) - told):
        yield acronym, "text shown right to left by a direction override (U+202E)"


def _mentions_data_scheme(views: Views) -> bool:
    """Whether the decoded text holds ``data:`` in any case: found through the
    lower-case word view already made (where ``:`` is a space), so no extra pass."""
    folded, lower = views.folded, views.lower
    start = lower.find("data ")
    while start >= 0:
        if folded[start - 1 : start + 4].lower() == "data:":  # the view is padded by one space
            return True
        start = lower.find("data ", start + 5)
    return False


def _data_uri_leaks(
    text: str, matcher: Matcher, depth: int, where: str = "", original: str | None = None
) -> Iterator[tuple[str, str]]:
    """Leaks in the decoded payload of each ``data:`` URI in ``text``, each payload
    decoded once at each nesting level, at most :data:`MAX_DEPTH` levels deep.
    ``original``: the text ``text`` was decoded from, to tell the line in."""
    if not has_data_uri(text):
        return
    too_deep = depth >= MAX_DEPTH
    for uri in data_uris(text, decode=not too_deep):
        place = where or f"line {_line_in(original or text, text, uri.start)}"
        label = f"{place}, in a data: URI ({uri.media_type})"
        if too_deep:
            yield UNREADABLE, f"{label} nested more than {MAX_DEPTH} data: URIs deep, not read"
        elif uri.payload is None:
            yield UNREADABLE, f"{label} longer than {MAX_PAYLOAD_CHARS:,} characters, not read"
        elif uri.is_binary:
            for acronym in sorted(_fast_leaks(printable_text(uri.payload), False, matcher)):
                yield acronym, f"{label} text"
        else:
            for acronym, inner in scan_bytes(uri.payload, uri.file_name, matcher, depth + 1):
                yield acronym, f"{label} {inner}"


def _line_in(original: str, decoded: str, start: int) -> int:
    """The line of ``original`` where what starts at ``start`` of ``decoded`` is written
    (decoding and folding keep most text as it was; else the decoded text's line)."""
    if original is not decoded:
        found = original.find(decoded[start : start + 48])
        if found >= 0:
            return original.count("\n", 0, found) + 1
    return decoded.count("\n", 0, start) + 1


def _located_leaks(text: str, matcher: Matcher, code: bool, views: Views) -> Iterator[tuple[str, str]]:
    found = matcher.leaks(views)
    if not found:
        return
    located = set(_locate(text, matcher, code, markup=True))
    if found - {acronym for acronym, _ in located}:
        located.update(_locate_in_inline_tags(text, matcher, code))
    yield from sorted(located, key=lambda pair: (int(pair[1].split()[-1]), pair[0]))
    for acronym in sorted(found - {acronym for acronym, _ in located}):
        yield acronym, "text"


def _locate_identifier_leaks(
    text: str, matcher: Matcher, acronyms: set[str], located: set[tuple[str, str]]
) -> Iterator[tuple[str, str]]:
    """The line of each name in an address or id (read again, slowly: only a file
    that holds one gets here)."""
    lines: dict[str, str] = {}
    for identifier in sorted(identifiers_in(text)):
        for acronym in identifier_leaks([identifier], matcher) & acronyms:
            if acronym not in lines:
                index = next((i for i, line in enumerate(text.splitlines(), 1) if identifier in line), None)
                lines[acronym] = f"line {index}" if index else "text"
    for acronym in sorted(acronyms):
        where = lines.get(acronym, "text")
        if (acronym, where) not in located:
            yield acronym, f"{where} (address or id)"


def _locate(
    text: str, matcher: Matcher, code: bool, markup: bool, offset: int = 0, whole: str | None = None
) -> Iterator[tuple[str, str]]:
    """The line of each leak, from the position-tracking normalisation."""
    views = MappedViews(text, code, markup)
    for hit in matcher.hits(views):
        if hit.form.acronym:
            start, _ = views.original_span(hit.start, hit.end)
            line = (text if whole is None else whole).count("\n", 0, offset + start) + 1
            yield hit.form.acronym, f"line {line}"


def _locate_in_inline_tags(text: str, matcher: Matcher, code: bool) -> Iterator[tuple[str, str]]:
    """Leaks in the attributes of inline tags (left out of the text flow)."""
    for tag in INLINE_TAG.finditer(text):
        if matcher.leaks(fast_views(tag.group(), code, markup=False)):
            yield from _locate(tag.group(), matcher, code, False, tag.start(), text)
