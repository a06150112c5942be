"""Text chronologies as agencies save them: the encoding and the delimiter.

Excel on a UK Windows PC saves "CSV (Comma delimited)" in Windows-1252, "CSV UTF-8"
with a byte-order mark, and "Unicode Text" in UTF-16 with tabs; a European locale
separates with semicolons. Each is read as written; how it was read is reported once.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence

# The encodings a chronology is tried in, most likely first; charset-normalizer chooses
# among them only, so a short file is never read as, say, Cyrillic.
_CANDIDATES = ["utf_8", "cp1252", "latin_1", "utf_16"]
ENCODING_NAMES = {
    "utf_8": "UTF-8",
    "utf-8-sig": "UTF-8 (with byte-order mark)",
    "cp1252": "Windows-1252",
    "latin_1": "Latin-1 (ISO-8859-1)",
    "utf_16": "UTF-16",
}
DELIMITERS = {",": "commas", ";": "semicolons", "\t": "tabs", "|": "vertical bars"}


class UnreadableText(ValueError):
    """The bytes are not text in any encoding a chronology is saved in."""


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding name) of a CSV file's bytes."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data.decode("utf-8-sig", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf_16"
    try:
        return data.decode("utf-8"), "utf_8"
    except UnicodeDecodeError:
        pass
    # Imported here: most chronologies are UTF-8, and every check would pay the import.
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=_CANDIDATES).best()
    if best is None:
        if b"\x00" in data:
            raise UnreadableText("is not a text CSV file; save it as CSV UTF-8 or .xlsx")
        # Every byte is a character in Latin-1: nothing is lost, at worst a symbol is odd.
        return data.decode("latin_1"), "latin_1"
    encoding = best.encoding
    if encoding in ("latin_1", "cp1252"):
        # The two differ only in bytes 0x80-0x9F: curly quotes, dashes and the euro in
        # Windows-1252 (Excel's), control characters in Latin-1.
        encoding = "cp1252" if _uses_cp1252_range(data) else "latin_1"
    return data.decode(encoding), encoding


def _uses_cp1252_range(data: bytes) -> bool:
    if not any(0x80 <= byte <= 0x9F for byte in data):
        return False
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return True


def split_records(text: str, score: Callable[[list[list[str]]], int]) -> tuple[list[list[str]], str, dict[int, int]]:
    """The CSV records, the delimiter that gives the best header (``score`` counts the
    known headers of the best row among the first records; commas win a tie), and the
    physical line each record starts on where it is not its record number."""
    best: tuple[int, str] = (-1, ",")
    head = "\n".join(text.splitlines()[:60])
    for delimiter in DELIMITERS:
        if delimiter != "," and delimiter not in head:
            continue
        try:
            sample = list(csv.reader(io.StringIO(head, newline=""), delimiter=delimiter))
        except csv.Error:
            continue
        found = score(sample)
        if found > best[0]:
            best = (found, delimiter)
    delimiter = best[1]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records, starts = [], {}
    previous_end = 0
    for number, record in enumerate(reader, start=1):
        records.append(record)
        if previous_end + 1 != number:
            starts[number] = previous_end + 1
        previous_end = reader.line_num
    return records, delimiter, starts


def describe(encoding: str, delimiter: str, expected: Sequence[str] = ("utf_8", "utf-8-sig")) -> str | None:
    """The note on how a CSV file was read, or None when it is plain UTF-8 with commas."""
    parts = []
    if encoding not in expected:
        parts.append(f"read as {ENCODING_NAMES.get(encoding, encoding)} text")
    if delimiter != ",":
        parts.append(f"columns separated by {DELIMITERS[delimiter]}")
    return "; ".join(parts) if parts else None
