"""Read an agency chronology written in YAML: a list of entries (top level, or under
``entries:`` or another single list), keys the template's or the agency's own."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import yaml

from casereview.chronology.columns import TEXT_FIELDS, ColumnNames
from casereview.chronology.entries import OTHER_PREFIX, FileContext, as_text, build_entry, is_blank
from casereview.chronology.model import COLUMN_TITLES, ChronologyEntry, ChronologyError
from casereview.chronology.textfiles import UnreadableText, decode
from casereview.sources.inputs import (
    YamlShapeError,
    check_yaml_shape,
    current_limits,
    too_many_rows_message,
    yaml_shape_could_break,
)

_LIST_KEYS = ("entries", "chronology", "events", "rows")


def load_yaml(path: Path, ctx: FileContext, names: ColumnNames) -> list[ChronologyEntry]:
    ctx.where = "line"
    try:
        text, _ = decode(path.read_bytes())
        if yaml_shape_could_break(text):
            check_yaml_shape(yaml.parse(text))  # an alias bomb is refused before it is built
        root = yaml.compose(text)
    except UnreadableText:
        ctx.error(None, None, "is not UTF-8 text; save it with UTF-8 encoding")
        return []
    except YamlShapeError as problem:
        ctx.error(problem.line, None, problem.message)
        return []
    except yaml.YAMLError as problem:
        mark = getattr(problem, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        ctx.error(line, None, f"is not valid YAML ({getattr(problem, 'problem', None) or 'syntax error'})")
        return []
    items = _yaml_entry_nodes(root, ctx)
    if items is None:
        return []
    limit = current_limits().chronology_rows
    if len(items) > limit:
        ctx.error(items[limit].start_mark.line + 1, None, too_many_rows_message(limit))
        return []
    ctx.headers = {name: name for name in COLUMN_TITLES}
    mapped: dict[str, str] = {}
    other: dict[str, int] = {}
    entries = []
    for node in items:
        cells = _yaml_cells(node, ctx, names, mapped, other)
        if cells is not None:
            entries.append(build_entry(cells, node.start_mark.line + 1, ctx))
    _report_yaml_keys(mapped, other, ctx)
    ctx.finish()
    if not items:
        ctx.errors.append(ChronologyError(ctx.file, None, None, "has no entries", "warning"))
    return entries


def _report_yaml_keys(mapped: Mapping[str, str], other: Mapping[str, int], ctx: FileContext) -> None:
    if mapped:
        words = "; ".join(f'"{key}" → {field}' for key, field in mapped.items())
        ctx.note(None, None, f"keys read as: {words}")
    if other:
        listed = ", ".join(f'"{key}" (line {line})' for key, line in other.items())
        ctx.note(
            None,
            None,
            f"key{'s' if len(other) > 1 else ''} {listed} not on the template: kept and shown as "
            f"other information (to map one, name it in the review's chronology-columns.yml)",
        )


def _yaml_entry_nodes(root: yaml.Node | None, ctx: FileContext) -> list[yaml.Node] | None:
    """The entry nodes: a top-level list, or the list under ``entries:`` (or another
    single list of the top level); other top-level keys are kept out of the entries."""
    if root is None:
        ctx.error(None, None, "is empty; it needs a list of entries")
        return None
    if isinstance(root, yaml.MappingNode):
        lists = [(key, value) for key, value in root.value if isinstance(value, yaml.SequenceNode)]
        chosen = next((pair for pair in lists if str(pair[0].value).lower() in _LIST_KEYS), None)
        if chosen is None and len(lists) == 1:
            chosen = lists[0]
        for key, value in root.value:
            if str(key.value).lower() == "agency" and isinstance(value, yaml.ScalarNode) and value.value:
                text = value.value.strip()
                ctx.default_agency = ctx.agencies.get(text.lower(), text)
        if chosen is not None and str(chosen[0].value).lower() != "entries":
            ctx.note(chosen[0].start_mark.line + 1, str(chosen[0].value), "the entries are read from this list")
        root = chosen[1] if chosen is not None else None
    if not isinstance(root, yaml.SequenceNode):
        ctx.error(None, None, 'needs a list of entries (a top-level list, or a list under "entries:")')
        return None
    return root.value


def _yaml_cells(
    node: yaml.Node, ctx: FileContext, names: ColumnNames, mapped: dict[str, str], other: dict[str, int]
) -> dict[str, object] | None:
    line = node.start_mark.line + 1
    if not isinstance(node, yaml.MappingNode):
        ctx.error(line, None, "this entry is not a set of keys (date:, summary:, ...); it is shown as written")
        return {"summary": _yaml_text(node)}
    cells: dict[str, object] = {}
    for key, value in node.value:
        written = str(key.value).strip()
        name = names.field_for(written)
        if name is None or (name in cells and name not in TEXT_FIELDS):
            other.setdefault(written, key.start_mark.line + 1)
            cells[OTHER_PREFIX + written] = _yaml_text(value)
            ctx.other_columns = {**ctx.other_columns, written: written}
            continue
        if name != written.lower() and not (name == "recorded_date" and written.lower() == "date_recorded"):
            mapped.setdefault(written, name)
        item = _yaml_value(value) if not isinstance(value, yaml.MappingNode) else _yaml_text(value)
        if name in cells and not is_blank(cells[name]):
            cells[name] = f"{as_text(cells[name])}\n{as_text(item)}"
        else:
            cells[name] = item
    return cells


def _yaml_value(node: yaml.Node) -> object:
    """The text as written: YAML's own typing would turn ``01:00`` into 60."""
    if isinstance(node, yaml.ScalarNode):
        if node.style is None and node.value in ("", "~", "null", "Null", "NULL"):
            return None
        return node.value
    if isinstance(node, yaml.SequenceNode):
        return [_yaml_value(item) for item in node.value]
    return None


def _yaml_text(node: yaml.Node) -> str:
    """Any YAML value as one line of text (a nested set of keys as ``key: value; …``)."""
    if isinstance(node, yaml.MappingNode):
        return "; ".join(f"{key.value}: {_yaml_text(value)}" for key, value in node.value)
    return as_text(_yaml_value(node))
