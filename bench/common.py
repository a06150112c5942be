"""Helpers for bench/run: child processes with their own peak memory, medians, tables.

Every measurement runs in a fresh child process, so imports, caches and memory of
one build never help or hurt the next. Peak memory is the child's own maximum
resident set size, read with ``os.wait4`` (the rusage of that one child, unlike
``RUSAGE_CHILDREN``, which keeps the maximum over every child ever waited for).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BENCH = REPO / "bench"


@dataclass(frozen=True)
class Run:
    """One child process: wall seconds, peak RSS in MiB, exit status and its output."""

    seconds: float
    peak_mib: float
    returncode: int
    stdout: str
    stderr: str

    def json(self) -> dict[str, object]:
        """The last stdout line as JSON (the in-child snippets print one)."""
        return json.loads(self.stdout.strip().splitlines()[-1])


def run_child(command: Sequence[str | Path], cwd: Path | None = None) -> Run:
    """Run ``command`` to completion; time it from spawn to exit.

    Output goes to temporary files rather than pipes so the child can be reaped
    with ``os.wait4`` (``communicate`` would reap it and lose its rusage)."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        process = subprocess.Popen([str(c) for c in command], cwd=cwd, stdout=out, stderr=err, text=True)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Run(seconds, usage.ru_maxrss / 1024, process.returncode, out.read(), err.read())


def python_snippet(code: str, cwd: Path | None = None) -> Run:
    """Run Python ``code`` in a child; it prints one JSON line with its own timings."""
    return run_child([PYTHON, "-c", code], cwd=cwd)


@dataclass(frozen=True)
class Median:
    seconds: float
    peak_mib: float
    runs: int
    failed: int


def median_of(runs: list[Run]) -> Median:
    good = [r for r in runs if r.returncode == 0] or runs
    return Median(
        statistics.median(r.seconds for r in good),
        max(r.peak_mib for r in good),
        len(runs),
        sum(r.returncode != 0 for r in runs),
    )


def html_bytes_per_page(site: Path) -> float:
    """Mean size of the pages of a built site (every index.html: one per page)."""
    pages = list(site.rglob("index.html"))
    return sum(p.stat().st_size for p in pages) / len(pages) if pages else 0.0


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def format_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A plain, aligned text table: first column left, the others right."""
    cells = [[str(h) for h in headers]] + [[_cell(v) for v in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]

    def line(row: list[str]) -> str:
        return "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True)))

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(cells[0]), rule, *(line(r) for r in cells[1:])])


def _cell(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        if value >= 100:
            return f"{value:,.0f}"
        return f"{value:.2f}" if value >= 1 else f"{value:.3f}"
    return str(value)


def machine() -> str:
    """One line naming the machine the figures came from."""
    import platform

    cpus = os.cpu_count() or 0
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for text in cpuinfo.read_text().splitlines():
            if text.startswith("model name"):
                model = text.split(":", 1)[1].strip()
                break
    return f"{platform.system()} {platform.machine()}, {cpus} CPU(s) {model}, Python {platform.python_version()}"
