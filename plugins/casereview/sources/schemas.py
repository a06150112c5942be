"""The JSON Schemas in ``schemas/``: loading them and turning errors into plain English.

The schemas are Draft 2020-12 files with relative ``$ref``s, so editors that read
them from disk (yaml-language-server) resolve the same references we do.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, ValidationError
from referencing import Registry, Resource

from casereview.sources.resources import folder

DATA_SCHEMAS = ("key", "glossary", "allowlist", "chronology-entry")


def schema_dir() -> Path:
    """Where the schemas are: ``$CASEREVIEW_SCHEMAS``, else the ones casereview ships."""
    override = os.environ.get("CASEREVIEW_SCHEMAS")
    if override:
        return Path(override)
    return folder("schemas")


@cache
def _registry(folder: Path) -> Registry:
    resources = []
    for path in sorted(folder.glob("*.schema.json")):
        contents = json.loads(path.read_text(encoding="utf-8"))
        resources.append((path.resolve().as_uri(), Resource.from_contents(contents)))
    return Registry().with_resources(resources)


@cache
def validator(name: str, folder: Path | None = None) -> Draft202012Validator:
    """The validator for ``name`` (``imr``, ``key``…), with the format checker on."""
    folder = folder or schema_dir()
    path = (folder / f"{name}.schema.json").resolve()
    schema = dict(json.loads(path.read_text(encoding="utf-8")))
    schema["$id"] = path.as_uri()
    registry = _registry(folder)
    schema = _inline_references(schema, registry.resolver(path.as_uri()), ())
    return Draft202012Validator(schema, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER)


# Keywords beside a "$ref" that only describe: merged into the referenced schema.
_ANNOTATIONS = frozenset({"description", "title", "$comment", "default", "examples", "markdownDescription"})


def _inline_references(node: Any, resolver: Any, seen: tuple[int, ...]) -> Any:
    """``node`` with each ``$ref`` replaced by what it points at (recursive ones kept).

    jsonschema resolves a reference on every use: at a thousand documents inlining
    took two fifths off the cost of validating frontmatter. A "$ref" with only annotations beside it
    becomes the referenced schema with those annotations.
    """
    if isinstance(node, list):
        return [_inline_references(item, resolver, seen) for item in node]
    if not isinstance(node, dict):
        return node
    reference = node.get("$ref")
    if not isinstance(reference, str):
        return {key: _inline_references(value, resolver, seen) for key, value in node.items()}
    rest = {key: _inline_references(value, resolver, seen) for key, value in node.items() if key != "$ref"}
    if not set(rest) <= _ANNOTATIONS:
        # Kept: jsonschema counts a "$ref"'s fields as evaluated even when they fail,
        # and an "allOf" would make "unevaluatedProperties" report a bad field twice.
        return {"$ref": reference, **rest}
    resolved = resolver.lookup(reference)
    identity = id(resolved.contents)  # the registry holds each schema once
    if identity in seen or not isinstance(resolved.contents, dict):
        return node
    return {**rest, **_inline_references(resolved.contents, resolved.resolver, (*seen, identity))}


@cache
def known_fields(name: str, definition: str = "") -> frozenset[str]:
    """The field names a schema (or one of its ``$defs``) defines, for readers that
    keep and ignore fields they do not know instead of refusing the file."""
    schema = json.loads((schema_dir() / f"{name}.schema.json").read_text(encoding="utf-8"))
    node = schema["$defs"][definition] if definition else schema
    return frozenset(node.get("properties") or {})


@dataclass(frozen=True)
class SchemaProblem:
    path: tuple[str | int, ...]
    message: str

    @property
    def field(self) -> str:
        return ".".join(f"[{p}]" if isinstance(p, int) else p for p in self.path).replace(".[", "[")


def problems(name: str, instance: Any, *, hide_values: bool = False) -> list[SchemaProblem]:
    """Every schema problem of ``instance``, deepest first, each in plain English.

    ``hide_values`` keeps values out of messages (for the key, whose values are real names).
    """
    found = [_explain(err, hide_values) for err in _leaves(validator(name).iter_errors(instance))]
    unique = {(p.path, p.message): p for p in found}
    return sorted(unique.values(), key=lambda p: [str(x) for x in p.path])


def _leaves(errors: Iterator[ValidationError]) -> Iterator[ValidationError]:
    """Report the most specific errors: an anyOf/allOf's own message says little."""
    for err in errors:
        if err.context:
            yield from _leaves(iter(err.context))
        else:
            yield err


def _show(value: Any, hide: bool) -> str:
    if hide:
        return "this value"
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 60 else text[:57] + "…"


def _explain(err: ValidationError, hide: bool) -> SchemaProblem:
    path = tuple(err.absolute_path)
    kind, value = err.validator, err.instance
    expected: Any = err.validator_value  # set on every error a validator reports ("unset" only by hand)
    if kind == "required":
        missing = [f for f in expected if isinstance(value, dict) and f not in value]
        name = missing[0] if missing else "?"
        return SchemaProblem(path + (name,), f"is missing; add `{name}:` here")
    if kind in ("additionalProperties", "unevaluatedProperties"):
        extra = _unexpected_keys(err)
        return SchemaProblem(path + (extra,), "is not a field of this document; check the spelling or remove it")
    if kind == "enum":
        options = ", ".join(str(o) for o in expected if o not in ("", None))
        return SchemaProblem(path, f"{_show(value, hide)} is not allowed; use one of: {options}")
    if kind == "const":
        return SchemaProblem(path, f"must be {json.dumps(expected)} for this type of document")
    if kind == "format" and expected == "date":
        return SchemaProblem(path, f"{_show(value, hide)} is not a real date; write it as YYYY-MM-DD")
    if kind == "type":
        wanted = expected if isinstance(expected, str) else " or ".join(expected)
        return SchemaProblem(path, f"should be {_TYPE_WORDS.get(wanted, wanted)}, not {_show(value, hide)}")
    if kind == "pattern":
        hint = (err.schema.get("description") if isinstance(err.schema, Mapping) else None) or f"must match {expected}"
        return SchemaProblem(path, f"{_show(value, hide)} is not in the expected form: {hint}")
    if kind in ("minItems", "minLength"):
        return SchemaProblem(path, "is empty; fill it in")
    return SchemaProblem(path, err.message if not hide else f"fails the rule `{kind}`")


def _unexpected_keys(err: ValidationError) -> str:
    """The first unexpected field, read from jsonschema's message.

    With ``unevaluatedProperties`` the allowed fields are spread over ``$ref``s, so
    the validator's own account of what was unexpected is the reliable one.
    """
    match = re.search(r"\(('[^)]*?)(?: was| were) unexpected\)", err.message)
    if match:
        return match.group(1).split(",")[0].strip().strip("'")
    return "?"


_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a set of fields",
    "number": "a number",
}
