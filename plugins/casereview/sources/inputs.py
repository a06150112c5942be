"""One input policy: how large and how deep a source file may be, and how it is decoded.

Every reader (Markdown documents and their frontmatter, key, glossary, allowlist,
CSV/XLSX/YAML chronologies) goes through this module, so ``casereview check`` and the
site build agree on what a file is and refuse the same files with the same message.
A breach is one :class:`Finding` naming the file and what to do, found before the
expensive step (a file is measured before it is read, a workbook's inflated size is
read from its zip directory before it is opened, a YAML alias bomb is counted on the
parser's event stream before anything is built from it).

Defaults, derived from the largest real documents we hold, with a wide margin:

- the largest reference document (an IMR handbook in ``shared/reference``) is 74 KB of
  text and the largest document of the practice review ``review-c`` 19 KB; the longest
  published overview reports run to about 150 pages, ~0.5 MB of Markdown. A Markdown
  document may be 8 MiB: over 100 times the largest we hold (a 5 MB IMR builds; a 50 MB
  one is refused in a second instead of building for ten minutes).
- keys, glossaries and allowlists: the practice key is 356 lines (~12 KB); 2 MiB.
- chronologies: review-c's are 9-194 lines; the largest panel chronologies we know of
  hold a few thousand events. 100,000 rows and 64 MiB per file (a 100,000-row CSV of
  long summaries is ~15 MB); an XLSX may inflate to 256 MiB (review-c's 30-row workbook
  inflates to 30 KB, ~1 KB a row, so 100,000 rows are ~100 MB).
- YAML: no real source uses an anchor or alias at all, and the deepest nesting is 4
  (a recommendation's fields in a list in the frontmatter). Up to 10,000 aliases (a
  YAML chronology might alias one list of people in every entry), 32 levels, and 200,000 values standing behind the aliases once expanded (the whole
  practice key holds ~1,500 values).
- Markdown nesting (block quotes within block quotes, lists within lists): real
  documents reach 3. 32 levels (an indented list item counts one level per two columns
  of indentation, so a list indented four spaces a level may nest 16 deep);
  Python-Markdown recurses per level and fails with RecursionError at about 500.

Every limit can be changed in ``mkdocs.yml`` (``plugins: - casereview: limits: ...``,
read by ``casereview check`` too).
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

import yaml

from casereview.sources.findings import Finding

MIB = 1024 * 1024


@dataclass(frozen=True)
class InputLimits:
    markdown_bytes: int = 8 * MIB
    yaml_bytes: int = 2 * MIB
    chronology_bytes: int = 64 * MIB
    chronology_rows: int = 100_000
    xlsx_uncompressed_bytes: int = 256 * MIB
    yaml_aliases: int = 10_000
    yaml_values: int = 200_000
    yaml_depth: int = 32
    markdown_depth: int = 32

    @classmethod
    def from_mapping(cls, data: dict[str, Any] | None) -> InputLimits:
        """Limits from the plugin's ``limits:`` option; unknown names are an error."""
        data = dict(data or {})
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(f"unknown limit {unknown[0]!r}; use one of: {', '.join(sorted(known))}")
        for name, value in data.items():
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise ValueError(f"limit {name!r} must be a whole number above 0, not {value!r}")
        return replace(cls(), **data)


_ACTIVE = InputLimits()


def current_limits() -> InputLimits:
    return _ACTIVE


def use_limits(limits: InputLimits) -> None:
    """Set the limits every reader in this process applies (the build and `check` call
    this once with the limits of mkdocs.yml; worker processes are handed them)."""
    global _ACTIVE
    _ACTIVE = limits


def limits_from_mkdocs_yml(path: Path) -> InputLimits:
    """The ``limits:`` of the casereview plugin in ``path`` (defaults when absent)."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8-sig"), Loader=_TagTolerantLoader) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return InputLimits()  # no readable mkdocs.yml: the build reports its own problem
    for plugin in data.get("plugins") or [] if isinstance(data, dict) else []:
        if isinstance(plugin, dict) and isinstance(plugin.get("casereview"), dict):
            return InputLimits.from_mapping(plugin["casereview"].get("limits"))
    return InputLimits()


class _TagTolerantLoader(yaml.SafeLoader):
    """mkdocs.yml may carry ``!!python/name:`` and ``!ENV`` tags; here they are plain values."""


_TagTolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def _size(number: int) -> str:
    return f"{number / MIB:.1f} MiB" if number >= MIB else f"{number:,} bytes"


# --- reading and decoding ---------------------------------------------------------
UTF16_32_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)
HOW_TO_SAVE = {
    "markdown": "save it as UTF-8 text (Markdown)",
    "yaml": "save it as UTF-8 text (YAML)",
}


def size_over(path: Path, limit: int) -> int | None:
    """The size of a file over ``limit`` bytes, judged on disk without reading it; None
    when it is within (or cannot be told: the read that follows reports why)."""
    try:
        size = path.stat().st_size
    except OSError:
        return None
    return size if size > limit else None


def too_large(path: Path, display: str, limit: int, limit_name: str) -> Finding | None:
    """The finding for a file over ``limit`` bytes, judged by its size on disk, unread."""
    size = size_over(path, limit)
    if size is None:
        return None
    return Finding(
        display,
        None,
        f"is {_size(size)}, over the limit of {_size(limit)}; split it into smaller files, "
        f"or raise `limits: {limit_name}` of the casereview plugin in mkdocs.yml if it really is this long",
    )


def read_source_text(path: Path, display: str, kind: str = "markdown") -> tuple[str | None, Finding | None]:
    """A Markdown or YAML source's text, or the one finding that says why it cannot be
    used: too large, unreadable, empty, binary, not UTF-8 (with or without BOM), a NUL
    character, or (Markdown) nested deeper than the limit."""
    limits = current_limits()
    limit, name = (limits.markdown_bytes, "markdown_bytes") if kind == "markdown" else (limits.yaml_bytes, "yaml_bytes")
    problem = too_large(path, display, limit, name)
    if problem:
        return None, problem
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, Finding(display, None, f"cannot be read ({exc.strerror}); check the file's permissions")
    if not raw.strip():
        return None, Finding(display, 1, "is empty; write the document or delete the file")
    text, problem = decode_source(raw, display, kind)
    if problem or text is None:
        return None, problem
    if kind == "markdown":
        problem = markdown_depth_problem(text, display, limits.markdown_depth)
        if problem:
            return None, problem
    return text, None


def decode_source(raw: bytes, display: str, kind: str = "markdown") -> tuple[str | None, Finding | None]:
    """The one decoding rule for Markdown and YAML sources: UTF-8, with or without a
    byte-order mark, and no NUL character anywhere."""
    how = HOW_TO_SAVE.get(kind, HOW_TO_SAVE["yaml"])
    for bom, name in UTF16_32_BOMS:
        if raw.startswith(bom):
            return None, Finding(display, 1, f"is saved as {name}, not UTF-8; re-save the file with UTF-8 encoding")
    nul = raw.find(b"\x00")
    if nul >= 0:
        line = raw.count(b"\n", 0, nul) + 1
        head = raw[:8192]
        if nul < len(head) and head.count(b"\x00") * 3 > len(head):
            return None, Finding(display, 1, f"is saved as UTF-16 (or is not text); {how}, with UTF-8 encoding")
        if nul < len(head) and (line <= 2 or not head[:nul].isascii()):
            return None, Finding(display, line, f"is a binary file, not text; {how}")
        return None, Finding(
            display,
            line,
            "contains a NUL character (byte 0), which is not text; delete it (or re-save the file as UTF-8)",
        )
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        return None, Finding(
            display,
            line,
            f"is not UTF-8 text (byte 0x{raw[exc.start]:02x}); re-save the file with UTF-8 encoding",
        )


# --- Markdown nesting ---------------------------------------------------------------
_QUOTE_OR_LIST = re.compile(r"[ \t]*(?:>|(?:[-*+]|\d{1,9}[.)])(?=[ \t]))")
_THEMATIC_BREAK = re.compile(r"[ \t]*([-*_])(?:[ \t]*\1){2,}[ \t]*$")  # "- - - -" is a rule, not lists


def markdown_depth(line: str) -> int:
    """How deeply ``line`` nests block quotes and list items: each ``>`` and each list
    marker at the start counts, and an indented list item counts one level per two
    columns of indentation (the least any nested list item is indented)."""
    depth, position = 0, 0
    while True:
        match = _QUOTE_OR_LIST.match(line, position)
        if match is None:
            return depth
        prefix = match.group(0)
        indent = len(prefix) - len(prefix.lstrip(" \t"))
        columns = prefix[:indent].expandtabs(4)
        depth += 1 + (len(columns) // 2 if prefix.lstrip(" \t")[0] != ">" else 0)
        position = match.end()


def markdown_depth_problem(text: str, display: str, limit: int) -> Finding | None:
    """The first line nested deeper than ``limit`` (outside fenced code), if any."""
    in_fence = False
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.lstrip()
        if stripped.startswith(("```", "~~~")):
            in_fence = not in_fence
            continue
        if in_fence or not stripped or stripped[0] not in ">-*+0123456789" or _THEMATIC_BREAK.match(line):
            continue
        if markdown_depth(line) > limit:
            return Finding(
                display,
                number,
                f"nests block quotes or lists more than {limit} levels deep; flatten the nesting "
                "(or raise `limits: markdown_depth` of the casereview plugin in mkdocs.yml)",
            )
    return None


# --- YAML shape -------------------------------------------------------------------------
class YamlShapeError(ValueError):
    """YAML beyond the limits (aliases, nesting, values once aliases are expanded)."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


_BRACKETS = re.compile(r"[\[\]{}]")
_LINE_START = re.compile(r"^([ \t]*)((?:[-?][ \t]+)*)", re.MULTILINE)


def yaml_shape_could_break(text: str, limits: InputLimits | None = None) -> bool:
    """Whether ``text`` could break the YAML limits at all, told without parsing it: it
    has an alias or an anchor, or an upper bound of its nesting (deepest indentation +
    deepest bracket nesting + most ``- `` on one line) reaches the limit. Nearly every
    frontmatter answers no, and is spared the event-by-event walk (a third of the cost
    of reading YAML)."""
    limits = limits or current_limits()
    if "*" in text or "&" in text:
        return True
    indent = dashes = 0
    for spaces, markers in _LINE_START.findall(text):
        indent = max(indent, len(spaces.expandtabs(8)))
        dashes = max(dashes, markers.count("-") + markers.count("?"))
    depth = deepest = 0
    for bracket in _BRACKETS.findall(text):
        depth += 1 if bracket in "[{" else -1
        deepest = max(deepest, depth)
    return indent + deepest + dashes + 1 >= limits.yaml_depth


def check_yaml_shape(events: Any, limits: InputLimits | None = None) -> None:
    """Walk the parser's events (a flat stream: no recursion, nothing built) and raise
    :class:`YamlShapeError` at the first alias, level or expansion over the limits.
    The size of each anchored node is remembered, so an alias counts every value it
    stands for: a "billion laughs" bomb is refused after a few hundred events. Values
    written out are not counted (the file's size bounds them; a long YAML chronology
    is judged by its rows)."""
    limits = limits or current_limits()
    sizes: dict[str | None, int] = {}  # anchor -> values it stands for (an alias event types its anchor optional)
    stack: list[list[Any]] = []  # per open list or mapping: [anchor, values in it so far]
    expanded = aliases = 0
    for event in events:
        line = event.start_mark.line + 1 if event.start_mark else 1
        if isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            anchor, size = stack.pop()
            if anchor:
                sizes[anchor] = size
            if stack:
                stack[-1][1] += size
        elif isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            stack.append([event.anchor, 1])
            if len(stack) > limits.yaml_depth:
                raise YamlShapeError(
                    line,
                    f"nests lists or fields more than {limits.yaml_depth} levels deep; flatten it "
                    "(or raise `limits: yaml_depth` of the casereview plugin in mkdocs.yml)",
                )
        elif isinstance(event, yaml.ScalarEvent):
            if event.anchor:
                sizes[event.anchor] = 1
            if stack:
                stack[-1][1] += 1
        elif isinstance(event, yaml.AliasEvent):
            aliases += 1
            if aliases > limits.yaml_aliases:
                raise YamlShapeError(
                    line,
                    f"uses more than {limits.yaml_aliases:,} YAML aliases (*name); write the values out "
                    "(or raise `limits: yaml_aliases` of the casereview plugin in mkdocs.yml)",
                )
            size = sizes.get(event.anchor, 1)
            expanded += size
            if stack:
                stack[-1][1] += size
            if expanded > limits.yaml_values:
                raise YamlShapeError(
                    line,
                    f"its aliases stand for more than {limits.yaml_values:,} values once expanded; "
                    "write the values out instead of aliases of aliases "
                    "(or raise `limits: yaml_values` of the casereview plugin in mkdocs.yml)",
                )


# --- spreadsheets -------------------------------------------------------------------
def xlsx_inflated_problem(path: Path, limit: int) -> str | None:
    """Why a workbook must not be opened: what its zip directory says it inflates to is
    over ``limit`` (a zip bomb inflates a few MB to gigabytes). Read from the central
    directory only, nothing is decompressed. None when fine or not a zip at all (the
    reader then says the file is damaged)."""
    try:
        with zipfile.ZipFile(path) as archive:
            inflated = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    if inflated <= limit:
        return None
    return (
        f"inflates to {_size(inflated)} when opened, over the limit of {_size(limit)}; "
        "it is not an ordinary chronology: save the sheet again from Excel, or split it "
        "(or raise `limits: xlsx_uncompressed_bytes` of the casereview plugin in mkdocs.yml)"
    )


def too_many_rows_message(limit: int) -> str:
    return (
        f"has more than {limit:,} rows; split it by year or raise `limits: chronology_rows` "
        "of the casereview plugin in mkdocs.yml"
    )
