"""Throughput of the publication gate against a plain regular expression.

Generates (deterministically, from a seed) a key of 1,000 entities and a site of
synthetic HTML pages shaped like MkDocs Material output (navigation, paragraphs with
inline tags, entities, links, an SVG icon), plants a few real names, then measures:

* the gate: ``scan_paths`` over the files on disk (reading, decoding, normalising,
  matching), which must find every planted name and nothing else;
* a plain case-insensitive regular expression alternation of all the name forms,
  on a small slice of the same pages (it is too slow for the whole site).

Run: ``.venv/bin/python bench/scan_bench.py [--mb 100] [--regex-mb 2] [--seed 7]``.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

from casereview.anonymise import scan_paths
from casereview.sources.key import Key

SYLLABLES = "ka ri lo me ta vin sor del mar quen tho bel ash wyn zor pel dru han fi gor".split()
FILLER = "ba ce do gu he ji nu po su te ux va we yo zi eb ic od ul ap".split()
CATEGORIES = ["family"] * 5 + ["professional"] * 3 + ["official", "place", "school", "organisation"]
PLANTS = [
    ("{first} {last}", "paragraph"),
    ("{first}'s", "possessive"),
    ('<img alt="{first} {last}" src="x.png">', "alt text"),
    ("{first_a}<em>{first_b}</em>", "split by a tag"),
    ("{first_entity}", "entity-encoded"),
]


def pseudo_word(rnd: random.Random, parts: list[str], low: int, high: int) -> str:
    return "".join(rnd.choice(parts) for _ in range(rnd.randint(low, high)))


def make_key(rnd: random.Random, size: int) -> Key:
    """``size`` entities with distinct invented names; a tenth are public officials."""
    entities, seen = [], set()
    while len(entities) < size:
        first = pseudo_word(rnd, SYLLABLES, 2, 3).title()
        last = pseudo_word(rnd, SYLLABLES, 2, 3).title()
        if rnd.random() < 0.2:
            last += "-" + pseudo_word(rnd, SYLLABLES, 2, 3).title()
        alias = pseudo_word(rnd, SYLLABLES, 3, 3).title() if rnd.random() < 0.3 else ""
        if seen & {first, last, alias}:
            continue
        seen.update((first, last, alias))
        category = rnd.choice(CATEGORIES)
        name = (
            f"{first} {last}"
            if category in ("family", "professional", "official")
            else f"{first} {rnd.choice(['Primary School', 'House', 'Lodge', 'Trust'])}"
        )
        entities.append(
            {
                "acronym": f"E{len(entities) + 1}",
                "category": category,
                "names": [name],
                "aliases": [alias] if alias else [],
                "public": category == "official" and rnd.random() < 0.5,
            }
        )
    return Key.from_mapping({"entities": entities})


def paragraph(rnd: random.Random, acronyms: list[str]) -> str:
    words = [pseudo_word(rnd, FILLER, 1, 4) for _ in range(rnd.randint(40, 90))]
    for _ in range(3):
        words[rnd.randrange(len(words))] = rnd.choice(acronyms)
    words[rnd.randrange(len(words))] = f"<em>{words[0]}</em>"
    words[rnd.randrange(len(words))] = f'<a href="../{words[1]}/#{words[2]}">{words[3]}</a>'
    words[rnd.randrange(len(words))] = "&amp; &quot;" + words[4] + "&quot; &#8217;"
    return "<p>" + " ".join(words) + ".</p>\n"


def page(rnd: random.Random, pool: list[str], nav: str, target: int) -> str:
    head = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Page</title>'
        '<link rel="stylesheet" href="../assets/main.css"></head><body>\n'
    )
    icon = '<svg viewBox="0 0 24 24"><path d="M12 2C6.5 2 2 6.5 2 12s4.5 10 10 10 10-4.5 10-10S17.5 2 12 2z"/></svg>'
    body = [head, nav, icon, '<article class="md-content__inner md-typeset">\n']
    size = sum(map(len, body))
    while size < target:
        body.append(rnd.choice(pool))
        size += len(body[-1])
    body.append("</article></body></html>\n")
    return "".join(body)


def plant_text(template: str, entity) -> str:
    first, last = entity.names[0].split(" ", 1)
    cut = len(first) // 2
    entity_first = "".join(f"&#{ord(ch)};" if i == 1 else ch for i, ch in enumerate(first))
    return template.format(first=first, last=last, first_a=first[:cut], first_b=first[cut:], first_entity=entity_first)


def build_site(root: Path, key: Key, megabytes: float, rnd: random.Random) -> set[tuple[Path, str]]:
    """Write the pages; return the planted files and the acronym planted in each."""
    acronyms = key.acronyms
    pool = [paragraph(rnd, acronyms) for _ in range(3000)]
    nav = (
        "<nav><ul>"
        + "".join(
            f'<li class="md-nav__item"><a href="../p{i}/" class="md-nav__link">'
            f'<span class="md-ellipsis">{pseudo_word(rnd, FILLER, 2, 4)}</span></a></li>'
            for i in range(60)
        )
        + "</ul></nav>\n"
    )
    pages, total = [], 0
    while total < megabytes * 1_000_000:
        html = page(rnd, pool, nav, rnd.randint(30_000, 90_000))
        path = root / f"review-{len(pages) // 50}" / f"page-{len(pages)}" / "index.html"
        pages.append([path, html])
        total += len(html.encode("utf-8"))
    people = [e for e in key.private if e.category in ("family", "professional")]
    planted = set()
    for template, _description in PLANTS:
        entity, target = rnd.choice(people), rnd.choice(pages)
        cut = target[1].index("</article>")
        target[1] = target[1][:cut] + f"<p>{plant_text(template, entity)}</p>" + target[1][cut:]
        planted.add((target[0], entity.acronym))
    for path, html in pages:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8")
    return planted


def regex_alternation(key: Key) -> re.Pattern[str]:
    """The naive gate: every name, alias, given name and surname, in one alternation."""
    forms = {
        form
        for e in key.private
        for name in e.real_names
        for form in [name, *name.replace("-", " ").split()]
        if len(form) >= 3
    }
    ordered = sorted(forms, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(map(re.escape, ordered)) + r")\b", re.IGNORECASE)


def time_regex(files: list[Path], key: Key, megabytes: float) -> tuple[float, float, int]:
    texts, size = [], 0
    for path in files:
        texts.append(path.read_text(encoding="utf-8"))
        size += len(texts[-1].encode("utf-8"))
        if size >= megabytes * 1_000_000:
            break
    pattern = regex_alternation(key)
    start = time.perf_counter()
    found = sum(len(pattern.findall(text)) for text in texts)
    return size / 1e6, time.perf_counter() - start, found


def _cpu_seconds() -> float:
    """CPU time of this process and of its finished worker processes."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=100.0, help="size of the site in MB")
    parser.add_argument("--regex-mb", type=float, default=2.0, help="slice for the regex")
    parser.add_argument("--entities", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="write the site here and keep it")
    args = parser.parse_args(argv)
    rnd = random.Random(args.seed)
    key = make_key(rnd, args.entities)
    root = args.keep or Path(tempfile.mkdtemp(prefix="scan-bench-"))
    try:
        return run(root, key, args, rnd)
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)


def run(root: Path, key: Key, args: argparse.Namespace, rnd: random.Random) -> int:
    planted = build_site(root, key, args.mb, rnd)
    files = sorted(root.rglob("*.html"))
    size = sum(p.stat().st_size for p in files) / 1e6
    start, cpu_start = time.perf_counter(), _cpu_seconds()
    leaks = scan_paths([root], key)
    gate_seconds, gate_cpu = time.perf_counter() - start, _cpu_seconds() - cpu_start
    regex_mb, regex_seconds, _ = time_regex(files, key, args.regex_mb)
    found = {(leak.path, leak.acronym) for leak in leaks}
    gate_rate, regex_rate = size / gate_seconds, regex_mb / regex_seconds
    print(f"key: {len(key)} entities; site: {len(files)} HTML files")
    print(f"{'method':<28}{'MB':>8}{'seconds':>9}{'MB/s':>8}{'CPU s':>8}{'MB/CPU s':>10}")
    print(
        f"{'gate (scan_paths, on disk)':<28}{size:>8.1f}{gate_seconds:>9.2f}{gate_rate:>8.1f}"
        f"{gate_cpu:>8.2f}{size / gate_cpu:>10.1f}"
    )
    print(f"{'regex alternation':<28}{regex_mb:>8.1f}{regex_seconds:>9.2f}{regex_rate:>8.2f}")
    print(f"gate / regex: {gate_rate / regex_rate:.0f}x faster")
    print(
        f"planted names found: {len(found & planted)}/{len(planted)};"
        f" leaks reported: {len(leaks)}, of which not planted: {len(found - planted)}"
    )
    return 0 if found == planted else 1


if __name__ == "__main__":
    sys.exit(main())
