"""The audit tool's checks (handbook, appendix A), one small function per rule.

Each rule reads one IMR in its :class:`ImrContext` and returns findings with file and
line. The wording tests are deliberately simple and documented beside each pattern:
the audit flags what is missing for a person to look at, it does not grade prose.
Messages name people by acronym only; no message quotes a lead, owner or heading.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any

from casereview.anonymise import matcher_for
from casereview.anonymise.normalise import fast_views
from casereview.checks.audit_presets import FormatPreset, Outline, Section, headings
from casereview.chronology import ChronologyError
from casereview.sources.dates import parse_date
from casereview.sources.documents import SourceDocument
from casereview.sources.findings import Finding
from casereview.sources.key import Key
from casereview.sources.recommendations import actions_of, recommendations_of
from casereview.sources.review import Review, display_path

PeopleFinder = Callable[[str], list[str]]


@dataclass
class ImrContext:
    """One IMR with everything its rules need, computed once."""

    review: Review
    imr: SourceDocument
    agency: str
    preset: FormatPreset
    outline: Outline
    sections: dict[str, Section]
    plan: SourceDocument | None
    chronology: Path | None
    chronology_errors: list[ChronologyError] = field(default_factory=list)
    people_in: PeopleFinder = lambda text: []
    today: date | None = None

    @cached_property
    def recommendations(self) -> list[tuple[int, dict[str, Any]]]:
        """Frontmatter recommendations, then those of tables in the body (one model,
        :mod:`casereview.sources.recommendations`, shared with the traceability page)."""
        return list(enumerate(recommendations_of(self.imr)))

    @cached_property
    def actions(self) -> list[tuple[int, dict[str, Any]]]:
        return [] if self.plan is None else list(enumerate(actions_of(self.plan)))

    def imr_line(self, *path: str | int) -> int | None:
        return self.imr.yaml.line_of(path)

    def recommendation_line(self, index: int, *path: str | int) -> int | None:
        """The line of a recommendation's field: its table row, or its frontmatter line."""
        row = self.recommendations[index][1] if index < len(self.recommendations) else {}
        return row.get("_line") or self.imr.yaml.line_of(("recommendations", index, *path))

    def recommendation_field(self, index: int, name: str = "") -> str:
        """The frontmatter field a finding names; none for a row of a table in the body."""
        if self.recommendations[index][1].get("_source") == "table":
            return ""
        return f"recommendations[{index}]" + (f".{name}" if name else "")

    def action_line(self, index: int, *path: str | int) -> int | None:
        row = self.actions[index][1] if index < len(self.actions) else {}
        if self.plan is None:
            return None
        return row.get("_line") or self.plan.yaml.line_of(("actions", index, *path))

    @property
    def start(self) -> date | None:
        """The date "Within 6 months" counts from: the sign-off, else the completion date."""
        record = self.imr.record
        return (record.sign_off.date if record.sign_off else None) or record.completed

    def top_line(self) -> int:
        """Where to report something missing from the whole body: the title, else line 1."""
        return self.outline.title_line or self.imr.body_first_line

    def where_missing(self, key: str) -> tuple[int, str]:
        """Where a missing section belongs: the heading of the required section before it
        in the format (line, words), else the document title."""
        line, words = self.top_line(), "the document title"
        for other, title in self.preset.sections:
            if other == key:
                break
            if other in self.sections:
                line, words = self.sections[other].line, f'the section "{title}"'
        return line, words

    def finding(self, line: int | None, message: str, field: str = "") -> Finding:
        return Finding(self.imr.display, line, message, field=field)


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    check: Callable[[ImrContext], list[Finding]]


def people_finder(key: Key) -> PeopleFinder:
    """Acronyms of the people a text names, by a real name or by their acronym.

    Public officials count too: a lead must be a post, whoever holds it."""
    people = [e for e in key if e.is_person]
    matcher = matcher_for(Key([replace(e, public=False) for e in people]))
    acronyms = [(e.acronym, re.compile(rf"(?<![\w-]){re.escape(e.acronym)}(?![\w-])")) for e in people]

    def find(text: str) -> list[str]:
        named = set(matcher.leaks(fast_views(text))) if people else set()
        named |= {acronym for acronym, pattern in acronyms if pattern.search(text)}
        return sorted(named)

    return find


_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def has_content(section: Section, recommendations: bool = True) -> bool:
    """Any text but comments; ``[[recommendations]]`` counts only when there are some."""
    text = _COMMENT.sub("", section.text)
    if not recommendations:
        text = text.replace("[[recommendations]]", "")
    return bool(text.strip())


def _text(value: Any) -> str:
    return str(value).strip() if value is not None else ""


def is_date(value: Any) -> bool:
    return parse_date(value) is not None


# ---------------------------------------------------------------------------- sections


#: Sections whose absence their own rule reports (each fact once): independence,
#: methodology and diversity.
OWN_RULE = frozenset({"independence", "methodology", "diversity"})


def check_sections(ctx: ImrContext) -> list[Finding]:
    """Every section of the format is present and has text. A missing one is reported
    on the heading of the required section before it (where it should be added)."""
    found: list[Finding] = []
    for key, title in ctx.preset.sections:
        section = ctx.sections.get(key)
        if section is None and (key in ctx.preset.provided or key in OWN_RULE):
            continue  # inserted by the board, or reported once by its own rule
        if section is None and key == "sign-off" and not isinstance(ctx.imr.meta.get("sign_off"), dict):
            continue  # no sign-off at all: check_sign_off says so, once
        if section is None:
            line, after = ctx.where_missing(key)
            found.append(
                ctx.finding(
                    line, f'the {ctx.preset.label} format requires a section "{title}"; add `## {title}` after {after}'
                )
            )
        elif not has_content(section, bool(ctx.recommendations)):
            found.append(
                ctx.finding(
                    section.line,
                    f'section "{title}" is empty; write it, or say why it does not apply and for what reason',
                )
            )
    return found


#: Independence wording: "no involvement", "not involved", "independent", "no contact
#: with the family", "does not manage", "no line management", "did not supervise", "no
#: operational or line management responsibility".
INDEPENDENCE = re.compile(
    r"\b(?:no\s+(?:[\w-]+\s+(?:or\s+|and\s+)?){0,3}?(?:involvement|contact|line[-\s]management|management|responsibility)"
    r"|not\s+(?:been\s+)?(?:directly\s+)?(?:involved|concerned)|independen(?:t|ce)"
    r"|(?:does|did)\s+not\s+(?:line[-\s])?(?:manage|supervise)|(?:did|have|had)\s+not\s+work(?:ed)?\s+with"
    r"|no\s+part\s+in"
    r"|not\s+(?:in\s+)?the\s+line[-\s]management)\b",
    re.IGNORECASE,
)


def check_independence(ctx: ImrContext) -> list[Finding]:
    section = ctx.sections.get("independence") or ctx.sections.get(ctx.preset.independence_fallback)
    title = ctx.preset.title_of("independence")
    if section is None:
        return [
            ctx.finding(
                ctx.where_missing("independence")[0],
                f"no statement of independence; add `## {title}` "
                "saying the author had no involvement with the case and does not "
                "line-manage anyone involved",
            )
        ]
    if not INDEPENDENCE.search(section.text):
        return [
            ctx.finding(
                section.line,
                "the statement of independence does not say the "
                'author was independent of the case: write that the author had "no '
                'involvement" with it and does not line-manage or supervise anyone involved',
            )
        ]
    return []


def check_author(ctx: ImrContext) -> list[Finding]:
    author = ctx.imr.meta.get("author")
    author = author if isinstance(author, dict) else {}
    return [
        ctx.finding(
            ctx.imr_line("author", name) or ctx.imr_line(),
            f"the author's {words} is not recorded; add `author.{name}`",
            field=f"author.{name}",
        )
        for name, words in (("name", "name"), ("job_title", "job title"))
        if not _text(author.get(name))
    ]


def check_records_secured(ctx: ImrContext) -> list[Finding]:
    """Audit tool item 1: the IMR says when the agency's records were secured."""
    if ctx.imr.record.records_secured is not None:
        return []
    method = ctx.sections.get("methodology") or ctx.sections.get(ctx.preset.methodology_fallback)
    if method is not None and re.search(r"\bsecured\b", method.text, re.IGNORECASE):
        return []
    return [
        ctx.finding(
            ctx.imr_line("commissioned") or ctx.imr_line(),
            "the IMR does not say when the records were secured; add `records_secured:` with the date",
            field="records_secured",
        )
    ]


_MONTHS = "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec"
#: A date as authors write it: "6 February 2024", "February 2024", "06.02.2024", "2024-02-06".
DATE_IN_TEXT = re.compile(
    rf"\b(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?(?:{_MONTHS})[a-z]*\.?\s+\d{{4}}\b"
    r"|\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b",
    re.IGNORECASE,
)
DOCUMENTS_READ = re.compile(
    r"\b(?:read|reviewed|examined|records?|documents?|files?|notes|minutes|logs?)\b", re.IGNORECASE
)
INTERVIEWS = re.compile(r"\binterview|\b(?:spoke|spoken|talked|met)\s+(?:to|with)\b", re.IGNORECASE)


def check_methodology(ctx: ImrContext) -> list[Finding]:
    """Documents read, staff interviewed (or why not), with dates (audit items 1 and 5)."""
    section = ctx.sections.get("methodology") or ctx.sections.get(ctx.preset.methodology_fallback)
    if section is None:
        title = ctx.preset.title_of("methodology")
        return [
            ctx.finding(
                ctx.where_missing("methodology")[0],
                f"no methodology; add `## {title}` listing the documents read and the staff interviewed, with dates",
            )
        ]
    missing = [
        words
        for pattern, words in (
            (DOCUMENTS_READ, "the records and documents read"),
            (INTERVIEWS, "the staff interviewed (or why no one was)"),
            (DATE_IN_TEXT, "the dates of the interviews and of the records"),
        )
        if not pattern.search(section.text)
    ]
    if not missing:
        return []
    return [ctx.finding(section.line, "the methodology does not give " + "; ".join(missing))]


#: "None apply" statements: the section opens with "None", "No", "Not applicable",
#: "There are no…", or says anywhere that no diversity/equality issues apply.
EXCLUSION = re.compile(
    r"^\W*(?:none\b|no\b|not\s+(?:applicable|relevant)\b|n/a\b|there\s+(?:is|are|was|were)\s+no\b)"
    r"|\bno\s+(?:diversity|equality)\b|\bnone\s+(?:of\s+(?:these|them|which)\s+)?appl(?:y|ies)\b",
    re.IGNORECASE,
)
#: A reason: "because", "as", "since", "reason", "due to", "given", "owing to", "therefore".
REASON = re.compile(r"\b(?:because|as|since|reasons?|due\s+to|given|owing\s+to|therefore)\b", re.IGNORECASE)


def check_diversity(ctx: ImrContext) -> list[Finding]:
    section = ctx.sections.get("diversity")
    title = ctx.preset.title_of("diversity")
    if section is None:
        return [
            ctx.finding(
                ctx.where_missing("diversity")[0],
                f"diversity is not addressed; add `## {title}` on the "
                "family's ethnicity, culture, language, religion and any disability, "
                "or say why none apply",
            )
        ]
    text = _COMMENT.sub("", section.text).strip()
    if not text:
        return [
            ctx.finding(
                section.line,
                "the diversity section is empty; address ethnicity, "
                "culture, language, religion and disability, or say why none apply",
            )
        ]
    if EXCLUSION.search(text) and not REASON.search(text):
        return [
            ctx.finding(
                section.line,
                "the diversity section says no diversity issues apply "
                "but gives no reason; say why (for example: because ...)",
            )
        ]
    return []


# --------------------------------------------------------------------------- questions


def tor_questions(review: Review) -> list[tuple[int, str]]:
    """(index in the ToR, id) of each ToR question."""
    questions = (review.tor.meta.get("questions") if review.tor else None) or []
    return [(i, str(q["id"])) for i, q in enumerate(questions) if isinstance(q, dict) and q.get("id")]


NOT_APPLICABLE = re.compile(r"^\W*not\s+applicable\s*[:.-]\s*(.*)", re.IGNORECASE | re.DOTALL)


def question_pattern(question: str) -> re.Pattern[str]:
    """How authors name ToR question ``Q7``: "Q7", "ToR Q7", "Question 7", "Term of
    reference 7", "ToR 7" (and the id as written, for ids that are not Q and a number)."""
    number = re.fullmatch(r"[A-Za-z]{0,3}\s?(\d+)", question.strip())
    forms = [re.escape(question.strip())]
    if number:
        n = number.group(1)
        forms += [
            rf"Q\s?{n}",
            rf"Question\s+(?:no\.?\s*)?{n}",
            rf"Terms?\s+of\s+reference\s+(?:Q\s?)?{n}",
            rf"ToR\s+(?:Q\s?)?{n}",
        ]
    return re.compile(rf"(?<![\w]){'|'.join(f'(?:{f})' for f in forms)}(?![\d\w])", re.IGNORECASE)


def _marker(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """A marker in running text: the question named in brackets, "(ToR Q7)", "[Q7]"."""
    return re.compile(rf"[(\[]\s*(?:{pattern.pattern})\s*[)\]]", re.IGNORECASE)


@dataclass(frozen=True)
class Answer:
    line: int
    text: str  # what is written under the heading, or the marked paragraph


def find_answers(imr: SourceDocument, questions: list[str]) -> dict[str, Answer]:
    """Where each ToR question is answered: under a heading that names it (``### ToR Q1``,
    ``**Question 1 – …**``, ``**Neglect (ToR Q1)**``), else in a paragraph carrying a
    marker ("(ToR Q1)"). A question whose topic is only mentioned is not answered."""
    lines = imr.body.split("\n")
    first = imr.body_first_line
    marks = headings(imr.body, first)
    found: dict[str, Answer] = {}
    for question in questions:
        pattern = question_pattern(question)
        for position, (line, title, level) in enumerate(marks):
            if pattern.search(title):
                end = next((other for other, _, lv in marks[position + 1 :] if lv <= level), first + len(lines))
                text = "\n".join(lines[line - first + 1 : end - first])
                found[question] = Answer(line, _COMMENT.sub("", text).strip())
                break
        else:
            marker = _marker(pattern)
            for index, text in enumerate(lines):
                if marker.search(text):
                    found[question] = Answer(first + index, text.strip())
                    break
    return found


def check_questions(ctx: ImrContext) -> list[Finding]:
    """Each ToR question answered under a heading or marker naming it, or "Not
    applicable:" followed by the reason (at least three words). A missing answer is
    reported after the answer to the question before it, where it belongs."""
    analysis = ctx.sections.get("analysis")
    title = ctx.preset.title_of("analysis")
    questions = [q for _, q in tor_questions(ctx.review)]
    answers = find_answers(ctx.imr, questions)
    found = []
    previous: tuple[str, Answer] | None = None
    for question in questions:
        answer = answers.get(question)
        if answer is None:
            if previous is not None:
                line, place = previous[1].line, f"after the answer to {previous[0]}"
            else:
                line = analysis.line if analysis else ctx.where_missing("analysis")[0]
                place = f'under "{title}"'
            found.append(
                ctx.finding(
                    line,
                    f"ToR question {question} is not answered; {place}, add a heading naming it "
                    f'(`### {question}: …` or "**… (ToR {question})**") and the answer, '
                    'or "Not applicable:" and the reason',
                )
            )
            continue
        previous = (question, answer)
        not_applicable = NOT_APPLICABLE.match(answer.text)
        if not answer.text:
            found.append(
                ctx.finding(
                    answer.line,
                    f"ToR question {question} has a heading but no "
                    'answer; answer it, or write "Not applicable:" and the reason',
                )
            )
        elif not_applicable and len(not_applicable.group(1).split()) < 3:
            found.append(
                ctx.finding(
                    answer.line,
                    f"ToR question {question} is marked not applicable without a reason; say why it does not apply",
                )
            )
    return found


# ------------------------------------------------------------------- sign-off, chronology


def check_sign_off(ctx: ImrContext) -> list[Finding]:
    sign_off = ctx.imr.meta.get("sign_off")
    if not isinstance(sign_off, dict):
        return [
            ctx.finding(
                ctx.imr_line(),
                "the IMR is not signed off; add `sign_off:` with the name, designation and date of the senior officer",
                field="sign_off",
            )
        ]
    found = [
        ctx.finding(
            ctx.imr_line("sign_off", name) or ctx.imr_line("sign_off"),
            f"the sign-off has no {words}; add `sign_off.{name}`",
            field=f"sign_off.{name}",
        )
        for name, words in (("name", "name"), ("designation", "designation"))
        if not _text(sign_off.get(name))
    ]
    if not is_date(sign_off.get("date")):
        found.append(
            ctx.finding(
                ctx.imr_line("sign_off", "date") or ctx.imr_line("sign_off"),
                "the sign-off has no date; add `sign_off.date` (YYYY-MM-DD)",
                field="sign_off.date",
            )
        )
    return found


def check_chronology(ctx: ImrContext) -> list[Finding]:
    if ctx.chronology is None:
        return [
            ctx.finding(
                ctx.imr_line("agency") or ctx.imr_line(),
                f"no chronology for "
                f'"{ctx.agency}"; add chronology/{ctx.agency}.csv (or .xlsx, .yml) on '
                "the board's template",
                field="agency",
            )
        ]
    errors = [e for e in ctx.chronology_errors if e.severity == "error"]
    if not errors:
        return []
    first = errors[0]
    where = f"{first.where} {first.row}" if first.row is not None else "the file"
    line = first.file_line if ctx.chronology.suffix.lower() != ".xlsx" else None
    return [
        Finding(
            display_path(ctx.chronology),
            line,
            f"the chronology has {len(errors)} error(s), the first at {where}: {first.message}"
            + ("; run `casereview check` to see each" if len(errors) > 1 else ""),
        )
    ]
