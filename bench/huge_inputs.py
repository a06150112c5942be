#!/usr/bin/env python3
"""Huge inputs (issue 15): does cost grow linearly with one big file?

Run: ``.venv/bin/python bench/huge_inputs.py [--quick] [--keep DIR]``; bench/run adds
its rows to the table. One generated review (bench/generate.py, 12 documents) is
measured twice per input, small and ten times larger, each step in a fresh child
process (seconds from spawn to exit, peak RSS from ``os.wait4``):

- a chronology of 5,000 then 50,000 rows (the review's first CSV chronology, its rows
  repeated): ``casereview check``, ``casereview chronology merge --out x.csv``, the
  internal build (PDFs off);
- an IMR of 0.5 then 5 MB (the review's first IMR, its prose paragraphs repeated):
  ``casereview check`` and the internal build.

Growth is big / small; linear cost is about 10x (less while start-up dominates).
"""

from __future__ import annotations

import argparse
import csv
import re
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import PYTHON, Run, format_table, machine, run_child  # noqa: E402
from generate import generate  # noqa: E402

CASEREVIEW = [PYTHON, "-m", "casereview.cli.main"]


def _project(folder: Path) -> tuple[Path, Path]:
    """A one-review project with PDFs off; returns it and its review folder."""
    generate(folder, 10)
    config = folder / "mkdocs.yml"
    config.write_text(re.sub(r"(\n      audience: \w+\n)", r"\1      pdf: false\n", config.read_text()))
    return folder, next((folder / "content" / "reviews").iterdir())


def grow_chronology(review: Path, rows: int) -> Path:
    """The review's first CSV chronology, its rows repeated to ``rows``."""
    path = sorted((review / "chronology").glob("*.csv"))[0]
    with path.open(encoding="utf-8", newline="") as stream:
        header, *body = list(csv.reader(stream))
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(header)
        writer.writerows(body[index % len(body)] for index in range(rows))
    return path


def grow_imr(review: Path, megabytes: float) -> Path:
    """The review's first IMR with its prose paragraphs (no labels, citations, tables
    or headings, which must stay unique) repeated to about ``megabytes``."""
    path = sorted((review / "imr").glob("*.md"))[0]
    text = path.read_text(encoding="utf-8")
    body = text.split("\n---\n", 1)[1]
    prose = [
        p
        for p in body.split("\n\n")
        if p.strip() and not p.lstrip().startswith(("#", "|", "[[", "!!!", "<")) and "{#" not in p and "](" not in p
    ]
    target, parts, size = int(megabytes * 1024 * 1024), [text, "\n\n## Further analysis\n"], len(text)
    index = 0
    while size < target:
        paragraph = "\n\n" + prose[index % len(prose)]
        parts.append(paragraph)
        size += len(paragraph.encode("utf-8"))
        index += 1
    path.write_text("".join(parts) + "\n", encoding="utf-8")
    return path


def _steps(project: Path, review: Path, merge: bool) -> dict[str, Run]:
    runs = {"check": run_child([*CASEREVIEW, "check", "content"], cwd=project)}
    if merge:
        out = project / "composite.csv"
        runs["merge"] = run_child([*CASEREVIEW, "chronology", "merge", review.name, "--out", out], cwd=project)
    runs["build"] = run_child([PYTHON, "-m", "mkdocs", "build", "-q", "-f", "mkdocs.yml"], cwd=project)
    for name, run in runs.items():
        if name != "check" and run.returncode != 0:
            print(f"{name} failed ({run.returncode}):\n{run.stderr[-2000:]}", file=sys.stderr)
    return runs


def measure(quick: bool, keep: Path | None = None) -> list[list[object]]:
    """Rows of the table: label, unit, small, big, "", growth, peak MiB small/big."""
    rows_small, mb_small = (500, 0.05) if quick else (5_000, 0.5)
    base = keep or Path(tempfile.mkdtemp(prefix="casereview-huge-"))
    results: dict[str, list[dict[str, Run]]] = {"chronology": [], "imr": []}
    for scale in (1, 10):
        project, review = _project(base / f"chronology-{rows_small * scale}")
        grow_chronology(review, rows_small * scale)
        results["chronology"].append(_steps(project, review, merge=True))
        project, review = _project(base / f"imr-{mb_small * scale:g}mb")
        grow_imr(review, mb_small * scale)
        results["imr"].append(_steps(project, review, merge=False))
    if keep is None:
        shutil.rmtree(base, ignore_errors=True)
    table = []
    for kind, label in (
        ("chronology", f"{rows_small:,} / {rows_small * 10:,} rows"),
        ("imr", f"IMR {mb_small:g} / {mb_small * 10:g} MB"),
    ):
        small, big = results[kind]
        for step in small:
            a, b = small[step], big[step]
            table.append(
                [
                    f"huge: {step}, {label}",
                    "s",
                    a.seconds,
                    b.seconds,
                    "",
                    b.seconds / a.seconds,
                    f"{a.peak_mib:.0f}/{b.peak_mib:.0f}",
                ]
            )
    return table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="500 / 5,000 rows and 0.05 / 0.5 MB")
    parser.add_argument("--keep", type=Path, help="keep the generated projects under this folder")
    args = parser.parse_args(argv)
    print(f"machine: {machine()}")
    print(format_table(["cost", "unit", "small", "big", "", "growth", "peak MiB"], measure(args.quick, args.keep)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
