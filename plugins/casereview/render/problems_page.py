"""The "Open problems" page of a review on the internal site: what `casereview check`
finds in it, where, and how serious. The internal build goes on when there are errors
(the panel needs its site while a review is being written); the public build stops."""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Iterable

from casereview.sources import paths
from casereview.sources.findings import Finding, Severity, sort_findings

_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.NOTE: 2}
_WORDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTE: "note"}


def findings_of_review(findings: Iterable[Finding], slug: str) -> list[Finding]:
    """The findings about files of the review ``slug`` (paths are shown relative to
    the working folder, so the review's folder is matched anywhere in them)."""
    marker = paths.review_folder(slug)
    return [f for f in findings if marker in f.path.replace("\\", "/")]


def problems_page_html(title: str, slug: str, findings: Iterable[Finding]) -> str:
    """The page body: a count by severity, then one table row per finding, errors first."""
    found = sorted(sort_findings(findings_of_review(findings, slug)), key=lambda f: _ORDER.get(f.severity, 3))
    counts = Counter(f.severity for f in found)
    heading = f"<h1>Open problems: {html.escape(title)}</h1>"
    if not found:
        return heading + "<p><code>casereview check</code> finds nothing to report in this review.</p>"
    summary = ", ".join(
        f"{counts[severity]} {_WORDS[severity]}{'s' if counts[severity] != 1 else ''}"
        for severity in _ORDER
        if counts[severity]
    )
    intro = (
        f"<p>What <code>casereview check</code> reports in this review: {summary}. The internal site "
        "is built while these are open; a public build stops on any error. Notes say how a file was "
        "read and need no action.</p>"
    )
    rows = "".join(
        f'<tr class="casereview-problem is-{html.escape(_WORDS.get(f.severity, "error"))}">'
        f"<td>{html.escape(_WORDS.get(f.severity, 'error'))}</td>"
        f"<td><code>{html.escape(paths.in_review(f.path, slug))}</code></td>"
        f"<td>{'' if f.line is None else f.line}</td>"
        f"<td>{html.escape(((f'field {f.field!r}: ') if f.field else '') + f.message)}</td></tr>"
        for f in found
    )
    table = (
        '<table class="casereview-problems"><thead><tr><th scope="col">Severity</th><th scope="col">File</th>'
        f'<th scope="col">Line / row</th><th scope="col">Problem</th></tr></thead><tbody>{rows}</tbody></table>'
    )
    return heading + intro + table
