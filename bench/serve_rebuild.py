#!/usr/bin/env python3
"""The `mkdocs serve` case: after editing one IMR, how long the rebuild takes.

MkDocs' own serve loop (load the config, build) is driven in one process, as serve
drives it: a first build, an edit of one page, a second build timed. casereview's
internal build is measured beside plain MkDocs with mkdocs-material on the same pages,
in the same run. Use a project made by bench/generate.py (bench/run --keep keeps them).

    .venv/bin/python bench/serve_rebuild.py /tmp/bench-run/docs-100
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from common import BENCH, python_snippet

CHILD = r"""
import json, sys, time, logging
from pathlib import Path
from mkdocs.config import load_config
from mkdocs.commands.build import build
logging.disable(logging.WARNING)
config_file, page = Path(sys.argv[1]), Path(sys.argv[2])
def once():
    config = load_config(config_file=str(config_file))
    config.plugins.on_startup(command="serve", dirty=False)
    started = time.perf_counter()
    build(config, dirty=False)
    return time.perf_counter() - started
first = once()
page.write_text(page.read_text() + "\n\nA paragraph added while serving.\n")
second = once()
print(json.dumps({"first": first, "rebuild": second}))
"""


def measure(config: Path, page: Path) -> dict[str, float]:
    original = page.read_text()
    try:
        run = python_snippet(
            CHILD.replace("sys.argv[1]", repr(str(config))).replace("sys.argv[2]", repr(str(page))), cwd=config.parent
        )
    finally:
        page.write_text(original)
    if run.returncode:
        sys.exit(f"build failed for {config.name}: {run.stderr[-800:]}")
    return run.json()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("project", type=Path, help="a generated project (bench/run --keep DIR keeps them)")
    args = parser.parse_args()
    project = args.project.resolve()
    imr = next(iter(sorted((project / "content" / "reviews").glob("*/imr/*.md"))))
    plain_page = project / "plain-docs" / imr.relative_to(project / "content")
    rows = []
    for label, config, page in (
        ("a: plain mkdocs-material", project / "bench-a.yml", plain_page),
        ("c: casereview internal", project / "bench-c.yml", imr),
    ):
        if not config.is_file() or not page.is_file():
            sys.exit(f"{config.name} or {page} missing: make the project with bench/run --keep")
        rows.append((label, measure(config, page)))
    print(f"{'build':28} {'first s':>8} {'rebuild s':>10}")
    for label, result in rows:
        print(f"{label:28} {result['first']:8.2f} {result['rebuild']:10.2f}")
    ratio = rows[1][1]["rebuild"] / rows[0][1]["rebuild"]
    print(f"one-page-edit rebuild, casereview / plain: {ratio:.2f}")
    print(json.dumps({"ratio": ratio}), file=sys.stderr)


if __name__ == "__main__":
    sys.path.insert(0, str(BENCH))
    main()
