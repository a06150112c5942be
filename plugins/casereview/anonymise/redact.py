"""Mask real names in everything casereview prints or logs (CI logs may be public).

Messages are written to name an entity by its acronym, but a message also quotes what
it found (an all-caps word read as an abbreviation may be a surname) and the path of
a file (a review folder named after a town). Rather than trusting every message
template, every line goes through :func:`mask` on its way out:

* the ``casereview`` command wraps its standard output and error (:func:`masked_streams`);
* a site build adds :class:`MaskingFilter` to the handlers of MkDocs' loggers.

The keys come from every ``key.yml`` under the content folder, read leniently
(:func:`register_content`): a key that fails its schema still hides its names. A name
becomes ``[acronym]`` (``[entity 7]`` when the acronym itself holds a name); a word of
a name inside a path or address becomes ``[acronym]`` in place.
"""

from __future__ import annotations

import io
import logging
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

import yaml

from casereview.anonymise.identifiers import PathMatcher
from casereview.anonymise.names import acronyms_holding_names
from casereview.anonymise.substitute import Anonymiser
from casereview.sources import paths
from casereview.sources.inputs import YamlShapeError, check_yaml_shape, yaml_shape_could_break
from casereview.sources.key import CATEGORIES, Entity, Key

MAX_KEY_BYTES = 5_000_000
# The process's masking register, on purpose process-wide: every line the process
# prints is masked, also after a build's plugins have shut down. A build replaces it
# (reset, then register_content) at its on_config. ``_cache`` holds the tools made from
# ``_entities`` and is emptied whenever ``_entities`` changes.
_entities: dict[tuple[str, str, tuple[str, ...]], Entity] = {}
_cache: dict[str, tuple[Anonymiser, PathMatcher, dict[str, str]] | None] = {}
_TOKEN = re.compile(r"\S+")
_SEGMENT = re.compile(r"[A-Za-z0-9\u00c0-\uffff]+")


def register(key: Key) -> None:
    """Names of ``key`` are masked from now on in this process."""
    for entity in key:
        if entity.real_names and not entity.public:
            _entities.setdefault((entity.acronym, entity.category, entity.real_names), entity)
    _cache.clear()


def reset() -> None:
    """Forget every key: a new command or build starts with only its own content's."""
    _entities.clear()
    _cache.clear()


def register_content(root: Path) -> None:
    """Every review key under ``root`` (``content/``), read leniently."""
    reviews = root / paths.REVIEWS
    if not reviews.is_dir():
        return
    for path in sorted(reviews.glob("*/key.yml")):
        register(lenient_key(path))


def lenient_key(path: Path) -> Key:
    """The names of a ``key.yml`` as far as they can be read, valid or not."""
    try:
        if path.stat().st_size > MAX_KEY_BYTES:
            return Key()
        text = path.read_text(encoding="utf-8-sig", errors="replace")
        if yaml_shape_could_break(text):  # the input policy's limits: no alias bomb is built
            check_yaml_shape(yaml.parse(text))
        data = yaml.safe_load(text)
    except (OSError, yaml.YAMLError, YamlShapeError, RecursionError):
        return Key()
    raw_entities = data.get("entities") if isinstance(data, dict) else None
    entities = []
    for index, raw in enumerate(raw_entities if isinstance(raw_entities, list) else []):
        if not isinstance(raw, dict):
            continue
        names = tuple(str(n) for field in ("names", "aliases") for n in _strings(raw.get(field)))
        category = str(raw.get("category", "family"))
        acronym = raw.get("acronym")
        entities.append(
            Entity(
                acronym=str(acronym) if isinstance(acronym, str | int) else f"entity {index + 1}",
                category=category if category in CATEGORIES else "family",
                names=names,
                public=raw.get("public") is True,
            )
        )
    return Key(entities)


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [str(item) for item in value if isinstance(item, str | int)]
    return []


def _tools() -> tuple[Anonymiser, PathMatcher, dict[str, str]] | None:
    if "tools" not in _cache:
        if not _entities:
            _cache["tools"] = None
        else:
            entities = list(_entities.values())
            spelled = set(acronyms_holding_names(Key(entities)))
            labels = {
                e.acronym: f"[entity {index + 1}]" if index in spelled else f"[{e.acronym}]"
                for index, e in enumerate(entities)
            }
            masked = Key([_relabelled(e, labels[e.acronym]) for e in entities])
            _cache["tools"] = (Anonymiser(masked), PathMatcher(masked.entities), labels)
    return _cache["tools"]


def _relabelled(entity: Entity, label: str) -> Entity:
    return Entity(acronym=label, category=entity.category, names=entity.names, aliases=entity.aliases)


def mask(text: str) -> str:
    """``text`` with every real name of the registered keys replaced by its label."""
    tools = _tools()
    if tools is None or not text:
        return text
    anonymiser, paths, _ = tools
    text = anonymiser.substitute(text)
    return _TOKEN.sub(lambda token: _mask_identifier(token.group(), paths), text)


_IDENTIFIER_MARKS = frozenset("/@#._\\")


def _mask_identifier(token: str, paths: PathMatcher) -> str:
    """A path, address or file name among the words of a message (prose words are the
    text matcher's: a name inside an ordinary word is no name there)."""
    if not _IDENTIFIER_MARKS.intersection(token) or not paths.leaks([token]):
        return token
    masked = _SEGMENT.sub(lambda segment: _mask_segment(segment.group(), paths), token)
    return masked if not paths.leaks([masked]) else "[name withheld]"


def _mask_segment(segment: str, paths: PathMatcher) -> str:
    found = paths.leaks([segment])
    return f"{sorted(found)[0]}" if found else segment


class MaskingFilter(logging.Filter):
    """Masks each record's message before any handler formats it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if _entities:
            record.msg = mask(record.getMessage())
            record.args = None
        return True


def install_logging_filter() -> None:
    """Add :class:`MaskingFilter` to the handlers of MkDocs', ProperDocs' and the root logger."""
    for logger in (logging.getLogger("mkdocs"), logging.getLogger("properdocs"), logging.getLogger()):
        for handler in logger.handlers:
            if not any(isinstance(f, MaskingFilter) for f in handler.filters):
                handler.addFilter(MaskingFilter())


class MaskingStream(io.TextIOBase):
    """A text stream that masks each whole line before writing it on."""

    def __init__(self, inner: TextIO) -> None:
        self._inner = inner
        self._pending = ""

    def write(self, text: str) -> int:
        self._pending += text
        if "\n" in self._pending:
            lines, self._pending = self._pending.rsplit("\n", 1)
            self._inner.write(mask(lines) + "\n")
        return len(text)

    def flush(self) -> None:
        if self._pending:
            self._inner.write(mask(self._pending))
            self._pending = ""
        self._inner.flush()

    def isatty(self) -> bool:
        return self._inner.isatty()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self._inner, "encoding", "utf-8")

    def fileno(self) -> int:
        return self._inner.fileno()


@contextmanager
def masked_streams() -> Iterator[None]:
    """Standard output and error masked for the duration (the ``casereview`` command)."""
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = MaskingStream(saved[0]), MaskingStream(saved[1])
    try:
        yield
    finally:
        for stream in (sys.stdout, sys.stderr):
            stream.flush()
        sys.stdout, sys.stderr = saved
