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
  chronology and the action plan (separate files here), plus diversity;
* ``core``: the sections every format above requires (introduction, involvement,
  analysis, diversity, lessons, recommendations, sign-off), for review types whose
  guidance sets no IMR headings (the Home Office DHR guidance asks what an IMR must
  cover, not how it is titled); independence and sources may be stated in the
  introduction.

Diversity is required in every preset: the audit tool demands that the IMR addresses
it or says why not, and a heading is the only way to find that statement mechanically.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from casereview.sources.reviewtypes import review_type

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
    #: Where the independence rule looks when there is no section of its own.
    independence_fallback: str = "independence"
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
    "core": FormatPreset(
        "core",
        "core IMR",
        (
            ("introduction", "Introduction"),
            ("involvement", "Agency involvement"),
            ("analysis", "Analysis of involvement"),
            ("diversity", "Diversity"),
            ("lessons", "Lessons learned"),
            ("recommendations", "Recommendations"),
            ("sign-off", "Sign-off"),
        ),
        methodology_fallback="introduction",
        independence_fallback="introduction",
    ),
}


def preset_for(review_meta: dict[str, Any]) -> FormatPreset:
    """The preset named by the ToR's ``review.format``; without one, the format of the
    review's type (a DHR, whose statutory guidance sets no IMR headings, gets the core
    every reference format shares); the default when both are unknown."""
    named = review_meta.get("format")
    if not named:
        kind = review_type(review_meta.get("type"))
        named = kind.imr_format if kind is not None else DEFAULT_FORMAT
    return PRESETS.get(str(named), PRESETS[DEFAULT_FORMAT])


#: "Term of reference 6 – equality and diversity", "Question 2: …": the section the
#: answer names comes after the question's number.
_QUESTION_PREFIX = re.compile(r"^(?:terms?\s+of\s+reference|tor|question)\s*\d+\s*[-–—:.]?\s+(?=\w)")
_NUMBERING = re.compile(r"^(?:section\s+)?(?:\d+(?:\.\d+)*[.):]?|[a-z][.)]|[ivx]+[.)])\s+", re.IGNORECASE)
_ATTRIBUTES = re.compile(r"\s*\{[^{}]*\}\s*$")


def normalise_heading(text: str) -> str:
    """Lower case, no numbering ("5.3"), attributes, apostrophes or punctuation."""
    text = _ATTRIBUTES.sub("", text.strip().rstrip("#").strip())
    text = _NUMBERING.sub("", text).lower().replace("&", " and ")
    text = _QUESTION_PREFIX.sub("", text)
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
    if best is None and re.fullmatch(r"summary of (?:the )?(?:\w+ )?involvement", text):
        return "involvement"  # "Summary of police involvement", "Summary of our involvement"
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
        for section in self.sections:
            for sub in section.subsections:
                for deeper in sub.subsections:
                    for key in section_keys(deeper.title):
                        found.setdefault(key, deeper)
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


#: A heading that answers a question of the Terms of Reference: "**Term of reference 2 –
#: …**", "**Question 3 – …**", "**Coercive control (ToR Q2)**", "### Q5: …".
_QUESTION_HEADING = re.compile(
    r"^(?:terms?\s+of\s+reference|tor|question|q)\s*\d+\b|\((?:tor\s+)?q\d+\)\s*$", re.IGNORECASE
)


def is_question_heading(title: str) -> bool:
    return bool(_QUESTION_HEADING.search(title.strip().strip("*_").strip()))


def _levels(marks: list[tuple[int, str, int | None]]) -> list[tuple[int, str, int | None]]:
    """Levels as the author meant them. The sections are the shallowest headings that
    name a section of the formats: when those are level 3 (every section a bold line
    on its own, or "### 1. INTRODUCTION" under a second title line), every heading moves
    up so that they are level 2, and the headings above them are titles. A heading that
    answers a ToR question sits under the section heading before it, so the answers
    are that section's text ("### 3. ANALYSIS" then "**Term of reference 1 – …**")."""
    named = [level for _, text, level in marks if level and level >= 2 and not is_question_heading(text) and section_keys(text)]
    shift = min(named) - 2 if named else 0
    if shift > 0 or not any(level == 2 for _, _, level in marks):
        shift = max(shift, 1) if not any(level == 2 for _, _, level in marks) else shift
        marks = [(line, text, None if level is None else max(1, level - shift)) for line, text, level in marks]
    adjusted: list[tuple[int, str, int | None]] = []
    section_level = 1
    for line, text, level in marks:
        if level is not None and is_question_heading(text):
            level = max(level, section_level + 1)
        elif level is not None:
            section_level = level
        adjusted.append((line, text, level))
    return adjusted


def outline(body: str, first_line: int = 1) -> Outline:
    """The level-2 and level-3 sections of a Markdown body (``first_line``: its file
    line); deeper headings are kept as the subsections of their level-3 section."""
    title_line: int | None = None
    sections: list[Section] = []
    last_line = first_line + max(len(body.splitlines()) - 1, 0)
    for line, text, level in _levels(list(_body_lines(body, first_line))):
        if level == 1 and title_line is None:
            title_line = line
        if level is not None and level <= 2:
            _close(sections, line - 1)
            if level == 2:
                sections.append(Section(text, 2, line, last_line))
        elif level == 3 and sections:
            _close(sections[-1].subsections, line - 1)
            sections[-1].subsections.append(Section(text, 3, line, last_line))
        elif level is not None and level > 3 and sections and sections[-1].subsections:
            deeper = sections[-1].subsections[-1].subsections
            _close(deeper, line - 1)
            deeper.append(Section(text, level, line, last_line))
        elif level is None and sections:
            sections[-1].lines.append((line, text))
            if sections[-1].subsections:
                sub = sections[-1].subsections[-1]
                sub.lines.append((line, text))
                if sub.subsections:
                    sub.subsections[-1].lines.append((line, text))
    return Outline(title_line, sections)


def _close(sections: list[Section], end_line: int) -> None:
    if sections and sections[-1].end_line > end_line:
        sections[-1].end_line = end_line
        if sections[-1].subsections:
            _close(sections[-1].subsections, end_line)
