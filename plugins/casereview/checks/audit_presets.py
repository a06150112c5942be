"""IMR formats for the audit: which level-2 sections an IMR must have, and how an
author may title them.

Every heading is matched against one shared table of synonyms (:data:`SYNONYMS`), so a
section has a stable *key* (``"lessons"``) whatever the author called it ("Lessons
learnt", "What do we learn from this case?"). Headings are read as authors write them:
numbered ("3. ANALYSIS OF INVOLVEMENT", "## 4 Analysis"), in capitals, a bold line on
its own ("**Diversity**", a level-3 heading), or naming two sections at once
("Introduction and statement of independence"). The audit, the traceability page and
the check's references and glossary sections all use this one table. A preset is an
ordered list of the keys its format requires, each with the title that format uses;
sections the board inserts itself (North Yorkshire's remit, genogram and reason for
the review) are placed but not required.

The presets follow the reference formats (``shared/reference/``):

* ``pan-dorset``: the content model's twelve headings (Pan Dorset procedure, IMR
  format 1.3-1.10, plus diversity, references and sign-off);
* ``north-yorkshire``: the handbook's nine parts (section 5) less the action plan,
  which is a separate document here (``action-plans/<agency>.md``), plus diversity
  (audit tool item 8) and the agency sign-off (5.2). The handbook puts the sources of
  information in the statement of independence (5.3), so without a Methodology
  section the methodology rule reads that statement;
* ``adult-review``: the Safeguarding Adults Review IMR (sections 1-10) less the
  chronology and the action plan (separate files here), plus diversity.

Diversity is required in every preset: the audit tool demands that the IMR addresses
it or says why not, and a heading is the only way to find that statement mechanically.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any

DEFAULT_FORMAT = "pan-dorset"

#: Section key → headings an author may write (compared after :func:`normalise_heading`;
#: a heading also matches when it starts with a synonym: "Recommendations for action").
SYNONYMS: dict[str, tuple[str, ...]] = {
    "independence": (
        "author and statement of independence",
        "statement of independence",
        "independence of author",
        "independence of the author",
        "independence",
        "author",
        "imr author",
        "imr author details",
        "author details",
        "details of author",
        "qualifications and experience",
        "short paragraph of independence",
        "independence of the author",
        "author of the imr",
    ),
    "introduction": (
        "introduction",
        "reason for the review",
        "reason for review",
        "the reason for the review",
        "background",
        "introduction and details of agency",
    ),
    "tor": ("terms of reference", "remit", "scope of the review", "scope", "scope of the imr"),
    "methodology": (
        "methodology",
        "source documentation",
        "sources of information",
        "sources",
        "how the review was carried out",
    ),
    "context": ("organisational context", "contextual information", "context"),
    "family": (
        "family composition",
        "family and household composition",
        "family household composition",
        "household composition",
        "genogram",
    ),
    "involvement": (
        "agency involvement",
        "involvement",
        "narrative",
        "narrative of involvement",
        "what was our involvement with this child and family",
        "what was the agencys involvement with this child and family",
        "factual and contextual summary",
        "factual contextual summary",
        "factual summary",
        "summary of facts",
        "summary of involvement",
        "what was our involvement",
        "narrative of what happened",
        "chronological narrative",
    ),
    "analysis": ("analysis of involvement", "analysis of agency involvement", "analysis"),
    "diversity": (
        "diversity",
        "issues related to diversity",
        "equality and diversity",
        "diversity and equality",
        "identity and diversity",
    ),
    "lessons": (
        "lessons learned",
        "lessons learnt",
        "lessons",
        "learning",
        "what do we learn from this case",
        "what has been learned from this case",
        "what has been learnt from this case",
        "lessons learned from the imr",
        "conclusions and lessons learned",
        "conclusions and lessons learnt",
    ),
    "recommendations": (
        "recommendations",
        "recommendations for action",
        "smart recommendations",
        "smart recommendations for action",
        "case review recommendations",
    ),
    "references": ("references", "bibliography", "research and references"),
    "sign-off": (
        "sign off",
        "signoff",
        "agency sign off",
        "agency ownership of imr",
        "agency ownership",
        "countersigned",
        "signatures",
        "signatures required on completed report",
        "agency sign off statement",
    ),
    "glossary": (
        "abbreviations and anonymisation",
        "abbreviations",
        "glossary",
        "glossary of acronyms",
        "acronyms",
        "key and glossary",
        "key acronyms",
        "key acronyms list",
    ),
}


@dataclass(frozen=True)
class FormatPreset:
    """An IMR format: its name and the sections it requires, in order (key, title)."""

    name: str
    label: str
    sections: tuple[tuple[str, str], ...]
    #: Where the methodology rule looks when there is no Methodology section.
    methodology_fallback: str = "methodology"
    #: Sections the board inserts, not the author (North Yorkshire 5: remit, genogram,
    #: reason for the review "provided by the LSCB"): placed in order, never required.
    provided: frozenset[str] = frozenset()

    @property
    def required_keys(self) -> list[str]:
        return [key for key, _ in self.sections if key not in self.provided]

    def title_of(self, key: str) -> str:
        return dict(self.sections).get(key, SYNONYMS.get(key, (key,))[0].capitalize())


PRESETS: dict[str, FormatPreset] = {
    "pan-dorset": FormatPreset(
        "pan-dorset",
        "Pan Dorset",
        (
            ("independence", "Author and statement of independence"),
            ("introduction", "Introduction"),
            ("tor", "Terms of reference"),
            ("methodology", "Methodology"),
            ("family", "Family composition"),
            ("involvement", "Agency involvement"),
            ("analysis", "Analysis of involvement"),
            ("diversity", "Diversity"),
            ("lessons", "Lessons learned"),
            ("recommendations", "Recommendations"),
            ("references", "References"),
            ("sign-off", "Sign-off"),
        ),
    ),
    "north-yorkshire": FormatPreset(
        "north-yorkshire",
        "North Yorkshire",
        (
            ("independence", "Statement of independence"),
            ("tor", "Remit"),
            ("family", "Genogram"),
            ("introduction", "Reason for the review"),
            ("involvement", "What was our involvement with this child and family?"),
            ("analysis", "Analysis of involvement"),
            ("diversity", "Diversity"),
            ("lessons", "Lessons learned"),
            ("recommendations", "Recommendations"),
            ("sign-off", "Agency sign-off"),
        ),
        methodology_fallback="independence",
        provided=frozenset({"tor", "family", "introduction"}),
    ),
    "adult-review": FormatPreset(
        "adult-review",
        "Safeguarding Adults Review",
        (
            ("introduction", "Introduction and details of agency"),
            ("independence", "IMR author details"),
            ("context", "Organisational context"),
            ("family", "Family and household composition"),
            ("involvement", "Factual and contextual summary"),
            ("methodology", "Source documentation"),
            ("analysis", "Analysis of agency involvement"),
            ("diversity", "Diversity"),
            ("recommendations", "Recommendations for action"),
            ("lessons", "Learning"),
            ("sign-off", "Sign-off of the IMR and chronology"),
            ("glossary", "Abbreviations and anonymisation"),
        ),
    ),
}


def preset_for(review_meta: dict[str, Any]) -> FormatPreset:
    """The preset named by the ToR's ``review.format`` (the default when absent or unknown)."""
    return PRESETS.get(str(review_meta.get("format") or DEFAULT_FORMAT), PRESETS[DEFAULT_FORMAT])


_NUMBERING = re.compile(r"^(?:section\s+)?(?:\d+(?:\.\d+)*[.):]?|[a-z][.)]|[ivx]+[.)])\s+", re.IGNORECASE)
_ATTRIBUTES = re.compile(r"\s*\{[^{}]*\}\s*$")


def normalise_heading(text: str) -> str:
    """Lower case, no numbering ("5.3"), attributes, apostrophes or punctuation."""
    text = _ATTRIBUTES.sub("", text.strip().rstrip("#").strip())
    text = _NUMBERING.sub("", text).lower().replace("&", " and ")
    text = re.sub(r"['’`]", "", text)
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def _match(text: str) -> str | None:
    best: tuple[int, str] | None = None
    for key, synonyms in SYNONYMS.items():
        for synonym in synonyms:
            if text == synonym:
                return key
            if text.startswith(synonym + " ") and (best is None or len(synonym) > best[0]):
                best = (len(synonym), key)
    if best is None and text.endswith(" involvement") and len(text.split()) <= 3:
        return "involvement"  # "Health involvement", "Our involvement"
    return best[1] if best else None


@cache
def _section_words(key: str) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(w for w in synonym.split() if w != "and") for synonym in SYNONYMS[key])


def may_name_section(heading: str, key: str) -> bool:
    """False when ``section_key(heading)`` cannot be ``key``: no synonym of it has all its
    words in the heading (as :func:`normalise_heading` reads it, "&" for "and"). A test of
    a microsecond that spares most headings the synonym list."""
    text = heading.lower().replace("'", "").replace("\u2019", "").replace("`", "")
    return any(all(word in text for word in words) for words in _section_words(key))


def section_key(heading: str) -> str | None:
    """The key of the section a heading names: an exact synonym first, else the longest
    synonym the heading starts with ("Recommendations for action"), else "<agency>
    involvement"."""
    return _match(normalise_heading(heading))


def section_keys(heading: str) -> list[str]:
    """Every section a heading names: authors join two in one heading ("Introduction and
    statement of independence", "Key acronyms and genogram", "Conclusions and lessons
    learned"), so each part joined by "and" is matched too."""
    text = normalise_heading(heading)
    keys = [key] if (key := _match(text)) else []
    parts = [part.strip() for part in text.split(" and ")]
    matched = [_match(part) for part in parts] if len(parts) > 1 else []
    if matched and all(matched):  # only a heading made of section names: not "Q9: identity and diversity"
        keys += [other for other in matched if other and other not in keys]
    return keys


# ------------------------------------------------------------------ document outline


@dataclass
class Section:
    """A heading and the lines under it up to the next heading of the same or higher level."""

    title: str
    level: int
    line: int
    end_line: int
    lines: list[tuple[int, str]] = field(default_factory=list)
    subsections: list[Section] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The section's own text and that of its subsections, headings left out."""
        return "\n".join(t for _, t in self.lines)

    def contains(self, line: int) -> bool:
        return self.line <= line <= self.end_line


@dataclass
class Outline:
    """The level-2 sections of a document (with their level-3 subsections)."""

    title_line: int | None
    sections: list[Section]

    def keyed(self) -> dict[str, Section]:
        """Section key → the first section with that key: level-2 sections first, then
        subsections and bold pseudo-headings ("**Diversity**" inside the analysis)."""
        found: dict[str, Section] = {}
        for section in self.sections:
            for key in section_keys(section.title):
                found.setdefault(key, section)
        for section in self.sections:
            for sub in section.subsections:
                for key in section_keys(sub.title):
                    found.setdefault(key, sub)
        return found


_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*$")
#: A bold line on its own, the author's own heading ("**Diversity**"): level 3.
_BOLD_HEADING = re.compile(r"^\s{0,3}(?:\*\*|__)(?P<title>[^*_\n]{2,120}?)[.:]?(?:\*\*|__)\s*$")
BOLD_LEVEL = 3


def _body_lines(body: str, first_line: int) -> Iterator[tuple[int, str, int | None]]:
    """(line, text, heading level or None), fenced code left out; a heading's text is its title."""
    fence: str | None = None
    for index, text in enumerate(body.splitlines()):
        marker = _FENCE.match(text)
        if fence is not None:
            fence = None if marker and marker.group(1)[0] == fence[0] else fence
            continue
        if marker:
            fence = marker.group(1)
            continue
        heading = _HEADING.match(text)
        bold = _BOLD_HEADING.match(text) if heading is None else None
        if heading is not None:
            yield first_line + index, heading.group(2), len(heading.group(1))
        elif bold is not None:
            yield first_line + index, bold.group("title").strip(), BOLD_LEVEL
        else:
            yield first_line + index, text, None


def headings(body: str, first_line: int = 1) -> list[tuple[int, str, int]]:
    """(line, title, level) of every heading of a body, bold pseudo-headings at level 3."""
    return [(line, text, level) for line, text, level in _body_lines(body, first_line) if level is not None]


def outline(body: str, first_line: int = 1) -> Outline:
    """The level-2 and level-3 sections of a Markdown body (``first_line``: its file line)."""
    title_line: int | None = None
    sections: list[Section] = []
    last_line = first_line + max(len(body.splitlines()) - 1, 0)
    for line, text, level in _body_lines(body, first_line):
        if level == 1 and title_line is None:
            title_line = line
        if level is not None and level <= 2:
            _close(sections, line - 1)
            if level == 2:
                sections.append(Section(text, 2, line, last_line))
        elif level == 3 and sections:
            _close(sections[-1].subsections, line - 1)
            sections[-1].subsections.append(Section(text, 3, line, last_line))
        elif level is None and sections:
            sections[-1].lines.append((line, text))
            if sections[-1].subsections:
                sections[-1].subsections[-1].lines.append((line, text))
    return Outline(title_line, sections)


def _close(sections: list[Section], end_line: int) -> None:
    if sections and sections[-1].end_line > end_line:
        sections[-1].end_line = end_line
        if sections[-1].subsections:
            _close(sections[-1].subsections, end_line)
