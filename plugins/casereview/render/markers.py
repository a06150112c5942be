"""The ``[[marker]]`` lines authors place in documents, expanded from the review's data.

Markers whose content depends only on the sources (recommendations, the included
executive summary) are expanded in the Markdown, so they are numbered, anonymised
and searched like any text. Markers whose content depends on the rendered page
(which acronyms and abbreviations it uses) or that are raw SVG become placeholders
that :func:`fill_placeholders` fills in the HTML.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from casereview.sources.marker_syntax import FENCE, HTML_MARKERS, MARKER_LINE

PLACEHOLDER = re.compile(r'<div class="casereview-marker" data-marker="([a-z0-9-]+)"></div>')


@dataclass
class MarkdownContext:
    """What the Markdown-stage markers need from the review."""

    recommendations: list[Mapping[str, Any]]
    executive_summary_body: str | None = None
    milestones_block: str = ""


TRAILING_LABEL = re.compile(r"^(?P<text>.*\S)[ \t]+\{#(?P<label>[A-Za-z][\w-]*)\}[ \t]*$")


def labels_to_attr_list(markdown: str) -> str:
    """Turn ``text. {#label}`` at the end of a paragraph into attr_list's own form.

    Authors write the label inline; Python-Markdown's attr_list only reads a label on
    a line of its own, and MkDocs only knows anchors the Markdown stage produced.
    """
    lines = markdown.split("\n")
    in_fence = False
    for index, line in enumerate(lines):
        if FENCE.match(line.strip()):
            in_fence = not in_fence
            continue
        match = None if in_fence else TRAILING_LABEL.match(line)
        ends_paragraph = index + 1 == len(lines) or not lines[index + 1].strip()
        if match and ends_paragraph:
            indent = line[: len(line) - len(line.lstrip())]
            lines[index] = f"{match['text']}\n{indent}{{: #{match['label']} }}"
    return "\n".join(lines)


def placeholder(name: str) -> str:
    return f'<div class="casereview-marker" data-marker="{name}"></div>'


def expand_markdown(markdown: str, context: MarkdownContext) -> str:
    """Replace every marker line: Markdown-stage ones with content, the rest with placeholders."""

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name == "recommendations":
            return recommendations_table(context.recommendations)
        if name == "executive-summary":
            return include_executive_summary(context.executive_summary_body)
        if name == "milestones":
            return "\n" + context.milestones_block + "\n"
        if name in HTML_MARKERS:
            return "\n" + placeholder(name) + "\n"
        return match.group(0)

    return MARKER_LINE.sub(replace, markdown)


def ensure_placeholder(markdown: str, name: str) -> str:
    """Put a placeholder after the first heading when the author placed no marker."""
    if placeholder(name) in markdown:
        return markdown
    heading = re.search(r"^# .*$", markdown, re.MULTILINE)
    insert_at = heading.end() if heading else 0
    return markdown[:insert_at] + "\n\n" + placeholder(name) + "\n\n" + markdown[insert_at:]


def recommendations_table(recommendations: list[Mapping[str, Any]]) -> str:
    if not recommendations:
        return "\n*No recommendations.*\n"
    rows = ["| Id | Recommendation | Intended outcome | Measure | Lead | By |", "|---|---|---|---|---|---|"]
    for rec in recommendations:
        cells = [rec.get(k, "") for k in ("id", "recommendation", "outcome", "measure", "lead", "timescale")]
        rows.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return "\n" + "\n".join(rows) + "\n"


def _cell(value: Any) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def include_executive_summary(body: str | None) -> str:
    """The executive summary's text, its headings one level down, under one heading."""
    if body is None:
        return '\n!!! warning "Executive summary missing"\n    This review has no executive-summary.md yet.\n'
    lines = []
    for line in body.splitlines():
        if MARKER_LINE.match(line):
            continue
        if line.startswith("# "):
            continue
        if line.startswith("#"):
            line = "#" + line
        lines.append(line)
    return "\n## Executive summary\n\n" + "\n".join(lines).strip() + "\n"


def fill_placeholders(page_html: str, fillers: Mapping[str, Callable[[], str]], *, keep_others: bool = False) -> str:
    """Replace each placeholder with what its filler renders. A placeholder without a
    filler is removed, or kept for a later pass with ``keep_others``."""

    def replace(match: re.Match[str]) -> str:
        filler = fillers.get(match.group(1))
        if filler is None:
            return match.group(0) if keep_others else ""
        return filler()

    return PLACEHOLDER.sub(replace, page_html)


def html_table(caption: str, headers: list[str], rows: list[list[str]], css_class: str) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in rows)
    return (
        f'<div class="{css_class} casereview-no-number"><table><caption>{html.escape(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"
    )
