#!/usr/bin/env python3
"""The `mkdocs serve` case: after editing one IMR, how long the rebuild takes.

MkDocs' own serve loop (load the config, build) is driven in one process, as serve
drives it: a first build, an edit of one page, a second build timed; once as
`mkdocs serve` (every page rebuilt) and once as `mkdocs serve --dirty` (changed pages
only). casereview's internal build is measured beside plain MkDocs with
mkdocs-material on the same pages, in the same run. Use a project made by
bench/generate.py (bench/run --keep keeps them); bench/run reports the same rows.

    .venv/bin/python bench/serve_rebuild.py /tmp/bench-run/docs-100
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from common import BENCH, python_snippet

CHILD = r"""
import json, sys, time, logging
from pathlib import Path
from mkdocs.config import load_config
from mkdocs.commands.build import build
logging.disable(logging.WARNING)
config_file, page, dirty = Path(sys.argv[1]), Path(sys.argv[2]), DIRTY
def once():
    config = load_config(config_file=str(config_file))
    config.plugins.on_startup(command="serve", dirty=dirty)
    started = time.perf_counter()
    build(config, dirty=dirty)
    return time.perf_counter() - started
first = once()
page.write_text(page.read_text() + "\n\nA paragraph added while serving.\n")
second = once()
print(json.dumps({"first": first, "rebuild": second}))
"""


def measure(config: Path, page: Path, *, dirty: bool = False) -> dict[str, float]:
    """First build and one-page-edit rebuild, in one child process (as serve runs)."""
    original = page.read_text()
    code = CHILD.replace("sys.argv[1]", repr(str(config))).replace("sys.argv[2]", repr(str(page)))
    try:
        run = python_snippet(code.replace("DIRTY", repr(dirty)), cwd=config.parent)
    finally:
        page.write_text(original)
    if run.returncode:
        sys.exit(f"build failed for {config.name}: {run.stderr[-800:]}")
    return run.json()


def edited_pages(project: Path) -> tuple[Path, Path]:
    """The IMR edited in casereview's content and the same file in the plain copy."""
    imr = next(iter(sorted((project / "content" / "reviews").glob("*/imr/*.md"))))
    return imr, project / "plain-docs" / imr.relative_to(project / "content")


def measure_serve(project: Path) -> dict[str, dict[str, float]]:
    """{"a", "c", "a dirty", "c dirty"} -> first build and rebuild seconds."""
    imr, plain_page = edited_pages(project)
    results = {}
    for dirty in (False, True):
        for name, config, page in (("a", "bench-a.yml", plain_page), ("c", "bench-c.yml", imr)):
            if not (project / config).is_file() or not page.is_file():
                sys.exit(f"{config} or {page} missing: make the project with bench/run --keep")
            results[f"{name} dirty" if dirty else name] = measure(project / config, page, dirty=dirty)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("project", type=Path, help="a generated project (bench/run --keep DIR keeps them)")
    args = parser.parse_args()
    results = measure_serve(args.project.resolve())
    print(f"{'build':28} {'first s':>8} {'rebuild s':>10}")
    labels = {"a": "a: plain mkdocs-material", "c": "c: casereview internal"}
    for name, result in results.items():
        label = labels[name.split()[0]] + (" --dirty" if name.endswith("dirty") else "")
        print(f"{label:36} {result['first']:8.2f} {result['rebuild']:10.2f}")
    for suffix in ("", " dirty"):
        ratio = results["c" + suffix]["rebuild"] / results["a" + suffix]["rebuild"]
        print(f"one-page-edit rebuild{suffix and ' (--dirty)'}, casereview / plain: {ratio:.2f}")


if __name__ == "__main__":
    sys.path.insert(0, str(BENCH))
    main()
