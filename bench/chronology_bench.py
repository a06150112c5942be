"""Benchmark: load and merge ten agency chronologies, 50,000 rows in all.

Run: ``.venv/bin/python bench/chronology_bench.py [--rows 50000] [--keep DIR]``.
The files are generated deterministically (CSV and XLSX alternating) in a temporary
folder; loading and merging are timed separately, since reading XLSX dominates.
"""

from __future__ import annotations

import argparse
import csv
import random
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from openpyxl import Workbook

from casereview.chronology import load_chronology, merge

AGENCIES = [
    "csc", "police", "health", "education", "probation",
    "housing", "ambulance", "mental-health", "youth-justice", "early-help",
]  # fmt: skip
HEADER = [
    "Date", "Time", "Agency", "Type of event / document source", "Person(s) involved",
    "Summary of key information", "Decisions and actions", "Issues for review / comment",
    "Child seen", "Seen alone", "Wishes and feelings sought", "Source",
]  # fmt: skip
PEOPLE = ["Child T", "Sibling S", "Mother M", "Father F", "SW1", "HV1", "PC1", "DSL1"]
PERIOD = (date(2019, 1, 1), date(2023, 12, 31))


def make_row(rnd: random.Random, agency: str, as_cells: bool) -> list[object]:
    """One plausible row; in XLSX half the dates are real date cells."""
    day = PERIOD[0] + timedelta(days=rnd.randrange((PERIOD[1] - PERIOD[0]).days))
    if as_cells and rnd.random() < 0.5:
        when: object = day
    else:
        when = rnd.choice([day.strftime("%d.%m.%Y"), day.strftime("%d.%m.%y"), day.isoformat()])
    at = "" if rnd.random() < 0.3 else f"{rnd.randrange(24):02d}{rnd.choice(['00', '15', '30'])}"
    people = "; ".join(rnd.sample(PEOPLE, rnd.randint(1, 3)))
    yes_no = lambda: rnd.choice(["Y", "N", ""])  # noqa: E731
    return [
        when, at, agency.upper(), "Case note", people,
        "Home visit; the children were seen and the home conditions recorded in detail.",
        "Follow-up visit in ten days", "", yes_no(), yes_no(), yes_no(), "record",
    ]  # fmt: skip


def generate(folder: Path, total_rows: int) -> list[Path]:
    rnd = random.Random(20240108)
    per_file = total_rows // len(AGENCIES)
    paths = []
    for index, agency in enumerate(AGENCIES):
        as_xlsx = index % 2 == 1
        rows = [make_row(rnd, agency, as_xlsx) for _ in range(per_file)]
        path = folder / f"{agency}.{'xlsx' if as_xlsx else 'csv'}"
        (write_xlsx if as_xlsx else write_csv)(path, rows)
        paths.append(path)
    return paths


def write_csv(path: Path, rows: list[list[object]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(HEADER)
        writer.writerows(rows)


def write_xlsx(path: Path, rows: list[list[object]]) -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Chronology")
    sheet.append(["Eastmoor Safeguarding Children Partnership: agency chronology"])
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    workbook.save(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--keep", type=Path, help="write the generated files here and keep them")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        paths = generate(folder, args.rows)
        report(paths)


def report(paths: list[Path]) -> None:
    timings = []
    chronologies = []
    for path in paths:
        started = time.perf_counter()
        entries, errors = load_chronology(path, period=PERIOD)
        timings.append((path.name, len(entries), time.perf_counter() - started))
        if errors:
            raise SystemExit(f"unexpected errors in {path.name}: {errors[0]}")
        chronologies.append(entries)
    started = time.perf_counter()
    merged = merge(chronologies, AGENCIES)
    merge_seconds = time.perf_counter() - started
    print(f"{'step':<24}{'rows':>8}{'seconds':>10}{'rows/s':>10}")
    for kind in ("csv", "xlsx"):
        rows = sum(n for name, n, _ in timings if name.endswith(kind))
        seconds = sum(s for name, _, s in timings if name.endswith(kind))
        print(f"{'load ' + kind:<24}{rows:>8}{seconds:>10.2f}{rows / seconds:>10.0f}")
    load_rows = sum(n for _, n, _ in timings)
    load_seconds = sum(s for _, _, s in timings)
    print(f"{'load (all)':<24}{load_rows:>8}{load_seconds:>10.2f}{load_rows / load_seconds:>10.0f}")
    print(f"{'merge':<24}{len(merged):>8}{merge_seconds:>10.2f}{len(merged) / merge_seconds:>10.0f}")
    duplicates = sum(1 for item in merged if item.duplicate_of)
    print(f"likely duplicates flagged: {duplicates}")


if __name__ == "__main__":
    main()
