"""The package's import graph: no circle, lower stages never import higher ones, only
the command line prints, only the adapters import MkDocs.

Read from the source with :mod:`ast` (the package is never imported), counting every
import: at module top level, inside functions and under ``if TYPE_CHECKING:`` alike
(a module that needs another's types only names what it uses in a protocol of its own,
as :mod:`casereview.render.site_view` does, rather than import it back). ``from casereview.x import y``
counts as an import of the module ``casereview.x.y`` when that module exists, else of
``casereview.x`` (its ``__init__``). The implicit import of a parent package's
``__init__`` is not counted (Python runs it first, it cannot close a circle on its own).

Levels, lowest first; a module may import modules of its own level or below::

    0  casereview            the package's own __init__ (version only)
    1  sources/              reading files: inputs policy, documents, frontmatter,
                             schemas, review, key, glossary, document types, findings,
                             and the syntax checks and render both read (markers,
                             labels and citations, images, the key's family)
    2  chronology/           agency chronologies: read, merge, the composite, its page
    2  anonymise/            names -> acronyms, the scan and the publication gate
    2  actions/              action plans: read, their pages, tracker, export, report
    3  checks/               every rule of `check` and `audit` (action plans' too),
                             running them in workers, traceability, milestones
    4  render/               marker expansion, numbering, key/glossary on the page,
                             genogram, generated pages, the per-build site state
                             (which runs the checks: render sits above checks)
    5  print/                print HTML, PDFs, packs
    5  export/               the regulator's anonymised copy (renders, then the gate)
    6  mkdocs/               thin adapters: MkDocs events -> calls into the levels below
    7  cli/                  the `casereview` command; the only place that prints
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parents[1] / "plugins" / "casereview"
PACKAGE = "casereview"

LEVELS: dict[str, int] = {
    "": 0,
    "sources": 1,
    "chronology": 2,
    "anonymise": 2,
    "actions": 2,
    "checks": 3,
    "render": 4,
    "print": 5,
    "export": 5,
    "mkdocs": 6,
    "cli": 7,
}

MKDOCS_DISTRIBUTIONS = {"mkdocs", "properdocs", "material"}
PRINTING_STREAMS = {"stdout", "stderr"}


@dataclass(frozen=True)
class Import:
    """One import statement's target inside the package, where it is written."""

    source: str
    target: str
    line: int


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE_ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def package_modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE_ROOT.rglob("*.py"))}


@cache
def parsed(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _is_type_checking(test: ast.expr) -> bool:
    if isinstance(test, ast.Name):
        return test.id == "TYPE_CHECKING"
    return isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"


def _running_nodes(tree: ast.AST) -> Iterator[ast.AST]:
    """Every node of ``tree`` except those under ``if TYPE_CHECKING:``."""
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            stack.extend(node.orelse)
            continue
        stack.extend(ast.iter_child_nodes(node))


def _absolute(module: str, path: Path, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    base = package[: len(package) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def imported_modules(module: str, path: Path, tree: ast.AST, modules: set[str]) -> Iterator[tuple[str, int]]:
    """Every package module ``tree`` imports, with its line: those under
    ``if TYPE_CHECKING:`` too, since a circle for types alone still ties two modules."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield from _nearest(alias.name, node.lineno, modules)
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(module, path, node)
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                yield from _nearest(submodule if submodule in modules else base, node.lineno, modules)


def _nearest(name: str, line: int, modules: set[str]) -> Iterator[tuple[str, int]]:
    while name and name not in modules:
        name = name.rpartition(".")[0]
    if name:
        yield name, line


@cache
def package_imports() -> list[Import]:
    """Every import of a package module by a package module, first place only."""
    paths = package_modules()
    names = set(paths)
    imports: list[Import] = []
    for module, path in paths.items():
        tree = parsed(path)
        seen: set[str] = set()
        for target, line in imported_modules(module, path, tree, names):
            if target != module and target not in seen:
                seen.add(target)
                imports.append(Import(module, target, line))
    return imports


def circles(imports: list[Import]) -> list[list[str]]:
    """One circle through each strongly connected group of modules (Tarjan)."""
    graph: dict[str, list[str]] = {}
    for item in imports:
        graph.setdefault(item.source, []).append(item.target)
        graph.setdefault(item.target, [])
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group: set[str] = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(group)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return [_circle_in(group, graph) for group in groups]


def _circle_in(group: set[str], graph: dict[str, list[str]]) -> list[str]:
    """The shortest way from the group's first module back to itself."""
    start = min(group)
    paths: dict[str, list[str]] = {start: [start]}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for nxt in sorted(graph[node]):
            if nxt == start:
                return [*paths[node], start]
            if nxt in group and nxt not in paths:
                paths[nxt] = [*paths[node], nxt]
                queue.append(nxt)
    raise AssertionError(f"no circle in {sorted(group)}")


def stage(module: str) -> str:
    """The folder a module belongs to ("" for the package's own ``__init__``)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _where(item: Import) -> str:
    path = package_modules()[item.source].relative_to(PACKAGE_ROOT.parent.parent)
    return f"{path.as_posix()}:{item.line}"


def _parsed_outside(excluded_stage: str) -> Iterator[tuple[str, Path, ast.AST]]:
    for module, path in package_modules().items():
        if stage(module) != excluded_stage:
            yield module, path, parsed(path)


def _third_party_imports(tree: ast.AST) -> Iterator[tuple[str, int]]:
    for node in _running_nodes(tree):
        if isinstance(node, ast.Import):
            yield from ((alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            yield node.module, node.lineno
            yield from ((f"{node.module}.{alias.name}", node.lineno) for alias in node.names)


def printing_calls(tree: ast.AST) -> Iterator[tuple[str, int]]:
    """``print(...)``, ``sys.stdout.write(...)`` (and stderr, writelines) and rich's
    console or print, wherever they are written (TYPE_CHECKING blocks aside)."""
    for node in _running_nodes(tree):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id == "print":
                yield "print(...)", node.lineno
            elif (
                isinstance(func, ast.Attribute)
                and func.attr in {"write", "writelines"}
                and isinstance(func.value, ast.Attribute)
                and func.value.attr in PRINTING_STREAMS
                and isinstance(func.value.value, ast.Name)
                and func.value.value.id == "sys"
            ):
                yield f"sys.{func.value.attr}.{func.attr}(...)", node.lineno
    for name, line in _third_party_imports(tree):
        if name in {"rich.console", "rich.print", "rich.console.Console"} or name.startswith("rich.console."):
            yield f"import of {name}", line


# ----------------------------------------------------------------------------- the rules


def test_no_import_circle() -> None:
    imports = package_imports()
    first = {(item.source, item.target): item for item in imports}
    found = [
        " -> ".join(circle) + "  (" + ", ".join(_where(first[pair]) for pair in pairwise(circle)) + ")"
        for circle in circles(imports)
    ]
    assert not found, "import circles (every import counts, in functions too):\n" + "\n".join(found)


def test_no_circle_between_folders() -> None:
    """Folders on one level may import each other's modules, but never both ways."""
    folder = {module: stage(module) or PACKAGE for module in package_modules()}
    between = {(folder[i.source], folder[i.target]): i for i in package_imports() if folder[i.source] != folder[i.target]}
    folder_imports = [Import(source, target, 0) for source, target in between]
    found = [
        " -> ".join(circle) + "  (" + ", ".join(_where(between[pair]) for pair in pairwise(circle)) + ")"
        for circle in circles(folder_imports)
    ]
    assert not found, "folders importing each other:\n" + "\n".join(found)


def test_every_folder_has_a_level() -> None:
    folders = {stage(module) for module in package_modules()}
    assert folders - LEVELS.keys() == set(), "declare the level of each new folder in LEVELS (and the docstring)"


def test_no_stage_imports_a_higher_one() -> None:
    wrong = [
        f"{_where(item)}: {stage(item.source)} (level {LEVELS[stage(item.source)]}) imports {item.target} "
        f"({stage(item.target)}, level {LEVELS[stage(item.target)]})"
        for item in package_imports()
        if LEVELS.get(stage(item.source), 0) < LEVELS.get(stage(item.target), 0)
    ]
    assert not wrong, "a lower stage imports a higher one:\n" + "\n".join(wrong)


def test_only_the_adapters_import_mkdocs() -> None:
    wrong = [
        f"{path.relative_to(PACKAGE_ROOT.parent.parent).as_posix()}:{line}: imports {name}"
        for _, path, tree in _parsed_outside("mkdocs")
        for name, line in _third_party_imports(tree)
        if name.split(".")[0] in MKDOCS_DISTRIBUTIONS
    ]
    assert not wrong, "only casereview/mkdocs/ may import MkDocs or ProperDocs:\n" + "\n".join(sorted(set(wrong)))


def test_only_the_command_line_prints() -> None:
    wrong = [
        f"{path.relative_to(PACKAGE_ROOT.parent.parent).as_posix()}:{line}: {what}"
        for _, path, tree in _parsed_outside("cli")
        for what, line in printing_calls(tree)
    ]
    assert not wrong, "the core returns text and findings; only casereview/cli/ prints:\n" + "\n".join(wrong)


# ----------------------------------------------------------------------------- the readers


def _imports_of(source: str, module: str = "casereview.checks.check", is_init: bool = False) -> set[str]:
    modules = {"casereview", "casereview.checks", "casereview.checks.check", "casereview.checks.run"}
    modules |= {"casereview.render", "casereview.render.site", "casereview.sources", "casereview.sources.review"}
    path = Path("checks/__init__.py" if is_init else "checks/check.py")
    return {name for name, _ in imported_modules(module, path, ast.parse(source), modules)}


def test_imports_inside_functions_and_for_types_count() -> None:
    source = (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from casereview.render.site import SiteState\n"
        "else:\n    import casereview.sources.review\n"
        "def later():\n    from casereview.checks.run import check_paths\n"
    )
    assert _imports_of(source) == {"casereview.render.site", "casereview.sources.review", "casereview.checks.run"}


def test_relative_imports_and_submodules_are_resolved() -> None:
    assert _imports_of("from . import run\nfrom ..render import site\n") == {
        "casereview.checks.run",
        "casereview.render.site",
    }
    assert _imports_of("from .run import check_paths\n") == {"casereview.checks.run"}
    assert _imports_of("from casereview.sources import review\n") == {"casereview.sources.review"}
    assert _imports_of("from casereview.render import anything\n") == {"casereview.render"}
    assert _imports_of("from .check import x\n", "casereview.checks", is_init=True) == {"casereview.checks.check"}


def test_a_circle_is_found_and_named() -> None:
    imports = [
        Import("casereview.a", "casereview.b", 1),
        Import("casereview.b", "casereview.c", 2),
        Import("casereview.c", "casereview.a", 3),
        Import("casereview.c", "casereview.d", 4),
    ]
    assert circles(imports) == [["casereview.a", "casereview.b", "casereview.c", "casereview.a"]]
    assert circles(imports[1:]) == []


def test_printing_is_recognised() -> None:
    source = (
        "import sys\nfrom rich.console import Console\n"
        "def f():\n    print('x')\n    sys.stderr.write('y')\n    sys.stdout.flush()\n    log.info('fine')\n"
    )
    assert sorted(what for what, _ in printing_calls(ast.parse(source))) == [
        "import of rich.console",
        "import of rich.console.Console",
        "print(...)",
        "sys.stderr.write(...)",
    ]
