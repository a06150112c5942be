"""YAML with line numbers: every value's line comes from the parser's marks.

``check`` must name the line of the offending key, not guess it, so YAML is composed
into nodes first and a map from each value's path to its line is kept beside the
data. Duplicate keys, which PyYAML accepts silently, are reported.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import yaml

from casereview.sources.inputs import YamlShapeError, check_yaml_shape, yaml_shape_could_break

Path_ = tuple[str | int, ...]


class YamlSyntaxError(ValueError):
    """Malformed YAML (or YAML over the input limits), with the 1-based line where the
    parser gave up and what to do about it."""

    def __init__(self, line: int, message: str, advice: str = "check indentation, colons and quotes") -> None:
        super().__init__(message)
        self.line = line
        self.message = message
        self.advice = advice

    @property
    def text(self) -> str:
        """The message and the advice, as a finding shows them."""
        return f"{self.message}; {self.advice}" if self.advice else self.message


@dataclass
class YamlSource:
    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)
    duplicates: list[tuple[Path_, int]] = field(default_factory=list)

    def line_of(self, path: Path_) -> int | None:
        """The line of ``path``, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get(())


_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when the wheel has it: ~3x faster


class _PlainLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """SafeLoader that leaves dates as text: a date that does not exist (2024-02-31)
    must reach the schema check, which names its line, instead of crashing the parser."""


class _PlainPythonLoader(yaml.SafeLoader):
    """The pure-Python twin, used only to word a syntax error: libyaml's messages differ
    ("not allowed in this context" for "not allowed here"), and the authoring guide
    quotes the one users should see on every machine."""


_PlainLoader.yaml_implicit_resolvers = _PlainPythonLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _compose_and_construct(text: str) -> tuple[yaml.Node | None, object]:
    """One parse gives both the nodes (for line marks) and the data built from them."""
    loader = _PlainLoader(text)
    try:
        node = loader.get_single_node()
        return node, (loader.construct_document(node) if node is not None else None)
    finally:
        loader.dispose()


def load_yaml(text: str, first_line: int = 1) -> YamlSource:
    """Parse ``text``; line numbers are shifted so that line 1 of ``text`` is ``first_line``."""
    try:
        try:
            if yaml_shape_could_break(text):
                check_yaml_shape(yaml.parse(text, Loader=_PlainLoader))  # before a bomb is built
            node, data = _compose_and_construct(text)
        except yaml.YAMLError:
            try:
                yaml.compose(text, Loader=_PlainPythonLoader)  # raises the error in its usual words
            except RecursionError:  # the pure-Python composer recurses per level
                pass
            raise
    except YamlShapeError as exc:
        raise YamlSyntaxError(exc.line + first_line - 1, exc.message, advice="") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line if mark else 0) + first_line
        problem = exc.problem or exc.context or "malformed YAML"
        raise YamlSyntaxError(line, f"malformed YAML: {problem}") from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(first_line, f"malformed YAML: {exc}") from None
    source = YamlSource(data)
    if node is not None:
        _record_lines(node, (), first_line - 1, source)
    return source


def _record_lines(node: yaml.Node, path: Path_, offset: int, source: YamlSource) -> None:
    source.lines[path] = node.start_mark.line + 1 + offset
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in seen:
                source.duplicates.append((path + (key,), key_node.start_mark.line + 1 + offset))
            seen.add(key)
            _record_lines(value_node, path + (key,), offset, source)
            source.lines[path + (key,)] = key_node.start_mark.line + 1 + offset
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record_lines(item, path + (index,), offset, source)


def to_json_compatible(value: Any) -> Any:
    """Dates become ISO strings so JSON Schema (which has no date type) can check them."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): to_json_compatible(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_json_compatible(v) for v in value]
    return value
