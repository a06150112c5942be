"""Benchmark the panel pack PDF: casereview.print.pdf.render_pack against bare WeasyPrint.

Builds a synthetic pack of about 200 pages (IMR-like documents with numbered
paragraphs and tables, plus a long landscape composite chronology) and renders it
three times, each in a fresh child process so peak memory (ru_maxrss) is per variant:

* ``pipeline``: ``render_pack`` (print CSS, fonts, front sheets, contents, bookmarks)
* ``bare``: WeasyPrint's own ``HTML(string=...).write_pdf(stylesheets=...)`` on the
  same HTML and CSS the pipeline renders: the same pages, so milliseconds per page
  compare what casereview adds to WeasyPrint (the issue's target, at most 1.2x)
* ``bodies``: WeasyPrint on the document bodies alone with its default CSS: what
  the print design (11 pt type, running headers, contents, landscape chronology)
  costs against WeasyPrint's defaults for the same content

Run:  .venv/bin/python bench/pdf_bench.py [--imrs 8] [--rows 900] [--tracemalloc]
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import subprocess
import sys
import time
import tracemalloc

from casereview.chronology.page import COLUMNS
from casereview.print.pdf import (
    PdfDocument,
    PdfMeta,
    font_face_css,
    pack_html,
    page_count,
    print_css_path,
    render_pack,
)

CHAPTERS = [
    "Author and statement of independence",
    "Introduction",
    "Terms of reference",
    "Methodology",
    "Family composition",
    "Agency involvement",
    "Analysis of involvement",
    "Diversity",
    "Lessons learned",
    "Recommendations",
    "Sign-off",
]
SENTENCE = (
    "On the visit SW1 saw Child T with Mother M; the home conditions were recorded "
    "as poor and a referral to the school nurse was not made at the time. "
)
META = PdfMeta(
    title="Serious Case Review: Child T",
    subject="SCR Child T",
    marking="OFFICIAL-SENSITIVE",
    review_title="Serious Case Review: Child T",
)


def _paragraphs(chapter: int, count: int) -> str:
    return "".join(
        f'<p id="p{chapter}-{n}" data-para="{chapter}.{n}"><span class="para-num">'
        f"{chapter}.{n}</span> {SENTENCE * (2 + n % 3)}</p>"
        for n in range(1, count + 1)
    )


def _table(rows: int) -> str:
    body = "".join(
        f"<tr><td>{1 + n % 28:02d}.05.2023</td><td>Contact {n}</td><td>HV1; Child T</td><td>{SENTENCE}</td></tr>"
        for n in range(rows)
    )
    return (
        "<table><thead><tr><th>Date</th><th>Event</th><th>People</th><th>Notes</th></tr>"
        f"</thead><tbody>{body}</tbody></table>"
    )


def imr(agency: int) -> PdfDocument:
    body = "".join(
        f'<h2 id="c{n}">{name}</h2>{_paragraphs(n, 4 + (n * agency) % 5)}'
        + (_table(12) if name == "Agency involvement" else "")
        for n, name in enumerate(CHAPTERS, start=1)
    )
    return PdfDocument(
        title=f"IMR: Agency {agency}",
        body_html=body,
        kind="imr",
        version="0.4",
        status="draft",
        front_sheet={"Agency": f"Agency {agency}", "Subject": "Child T", "Author": f"IMR{agency}"},
    )


def chronology(rows: int) -> PdfDocument:
    """The composite chronology as the chronology page writes it (its columns and class)."""
    head = "".join(f'<th scope="col">{name}</th>' for name in COLUMNS)
    body = "".join(
        f"<tr><td>{1 + n % 28:02d}.{1 + n % 12:02d}.2023</td><td>{n % 24:02d}:00</td>"
        f"<td>Agency {n % 8}</td><td>Home visit</td><td>SW1; Child T</td><td>{SENTENCE}</td>"
        f"<td>Strategy discussion within 48 hours (SW1)</td><td>Seen alone?</td><td>Y / N / Y</td>"
        f"<td>Case record</td></tr>"
        for n in range(rows)
    )
    return PdfDocument(
        title="Composite chronology",
        kind="chronology",
        landscape=True,
        body_html=f'<table class="casereview-chronology__table"><thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table>",
    )


def pack(imrs: int, rows: int) -> list[PdfDocument]:
    return [imr(n) for n in range(1, imrs + 1)] + [chronology(rows)]


VARIANTS = ("pipeline", "bare", "bodies")


def run_variant(variant: str, imrs: int, rows: int, trace: bool) -> dict[str, float]:
    """Render once in this process; report seconds, pages and peak memory."""
    docs = pack(imrs, rows)
    if trace:
        tracemalloc.start()
    start = time.perf_counter()
    cover = {"Panel meeting": "14 May 2024"}
    if variant == "pipeline":
        pdf = render_pack(docs, META, cover=cover)
    elif variant == "bare":
        from weasyprint import CSS, HTML
        from weasyprint.text.fonts import FontConfiguration

        fonts = FontConfiguration()
        css = CSS(string=font_face_css() + "\n" + print_css_path().read_text(encoding="utf-8"), font_config=fonts)
        pdf = HTML(string=pack_html(docs, META, cover)).write_pdf(stylesheets=[css], font_config=fonts)
    else:
        from weasyprint import HTML

        bodies = "".join(f"<section>{doc.body_html}</section>" for doc in docs)
        pdf = HTML(string=f"<!DOCTYPE html><html><body>{bodies}</body></html>").write_pdf()
    seconds = time.perf_counter() - start
    heap = tracemalloc.get_traced_memory()[1] / 2**20 if trace else float("nan")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    return {
        "seconds": seconds,
        "pages": page_count(pdf),
        "rss_mib": rss,
        "heap_mib": heap,
        "bytes": len(pdf),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--imrs", type=int, default=8)
    parser.add_argument("--rows", type=int, default=900, help="chronology rows")
    parser.add_argument("--tracemalloc", action="store_true", help="also Python heap peak (slower)")
    parser.add_argument("--variant", choices=VARIANTS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.variant:
        print(json.dumps(run_variant(args.variant, args.imrs, args.rows, args.tracemalloc)))
        return
    results = {}
    for variant in VARIANTS:
        command = [
            sys.executable,
            __file__,
            "--variant",
            variant,
            "--imrs",
            str(args.imrs),
            "--rows",
            str(args.rows),
        ] + (["--tracemalloc"] if args.tracemalloc else [])
        out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
        results[variant] = json.loads(out.strip().splitlines()[-1])
    print(f"{'variant':<10}{'pages':>7}{'seconds':>9}{'s/page':>9}{'peak RSS MiB':>14}{'heap MiB':>10}{'PDF KiB':>9}")
    for variant, r in results.items():
        heap = "-" if math.isnan(r["heap_mib"]) else f"{r['heap_mib']:.0f}"
        print(
            f"{variant:<10}{r['pages']:>7}{r['seconds']:>9.2f}{r['seconds'] / r['pages']:>9.3f}"
            f"{r['rss_mib']:>14.0f}{heap:>10}{r['bytes'] / 1024:>9.0f}"
        )


if __name__ == "__main__":
    main()
