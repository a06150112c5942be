"""``casereview new``: start a review, an IMR or an action plan from a template.

Every file written already passes ``casereview check`` and carries, in each section
the content model requires, a short "Guidance" note telling the author what to write
there. Nothing is ever overwritten: a file that exists is a refusal, not a prompt.

The templates are package data (``casereview/templates/``) filled with
:class:`string.Template`; values that land in YAML are quoted with JSON, which YAML
reads as a double-quoted string, so an apostrophe or colon in a name cannot break
the frontmatter.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from importlib import resources
from pathlib import Path
from string import Template
from typing import Any

import yaml

from casereview.checks.abbreviations import expand_first_use
from casereview.checks.audit_presets import PRESETS
from casereview.checks.check import exempt_acronyms
from casereview.cli.scaffold import register_site
from casereview.sources import paths, reviewtypes
from casereview.sources.dates import parse_date
from casereview.sources.doctypes import document_type, per_agency_types
from casereview.sources.records import document_meta
from casereview.sources.review import display_path, load_glossary, load_markdown, load_review

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
EXAMPLE_LABEL = "example-finding"


class AuthoringError(Exception):
    """A refusal with a message for the author; the command prints it and exits 1."""


@dataclass(frozen=True)
class ReviewOptions:
    slug: str
    review_type: str = reviewtypes.DEFAULT_REVIEW_TYPE
    subject: str | None = None
    board: str = "Name of the safeguarding partnership"
    area: str = "Name of the local authority area"
    decision_date: date | None = None
    format: str | None = None


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    short: str


@dataclass(frozen=True)
class Milestone:
    id: str
    name: str
    week: int
    due: date


# --------------------------------------------------------------------------- templates


def template_text(name: str) -> str:
    return resources.files("casereview").joinpath("templates", name).read_text(encoding="utf-8")


def render(name: str, **values: object) -> str:
    return Template(template_text(name)).substitute({k: str(v) for k, v in values.items()})


def quoted(value: str) -> str:
    """A YAML scalar for any text: JSON's double-quoted string is valid YAML."""
    return json.dumps(value, ensure_ascii=False)


def long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _template_data(name: str) -> Any:
    return yaml.safe_load(template_text(name))


def standard_questions(name: str) -> list[Question]:
    """The standard questions of the format: the adult ones for an adult review."""
    found = reviewtypes.review_type(name)
    kind = "adult" if found is not None and found.adults else "child"
    return [
        Question(f"Q{n}", q["text"], q["short"]) for n, q in enumerate(_template_data("questions.yml")[kind], start=1)
    ]


def milestones(decision: date) -> list[Milestone]:
    """The 26-week timetable counted from the decision date (week 0)."""
    return [
        Milestone(f"M{n}", step["name"], int(step["week"]), decision + timedelta(weeks=int(step["week"])))
        for n, step in enumerate(_template_data("timetable.yml"), start=1)
    ]


def _template_of(name: str) -> str:
    """The template ``casereview new`` fills for documents of type ``name``."""
    kind = document_type(name)
    if kind is None or kind.template is None:
        raise AuthoringError(f"casereview has no template for a {name}")
    return kind.template


def _agency_file(folder: Path, name: str, agency_id: str) -> Path:
    """Where the review in ``folder`` keeps the ``name`` document of one agency."""
    kind = document_type(name)
    return folder / (kind.location if kind else name) / f"{agency_id}.md"


# --------------------------------------------------------------------------- new review


def validate_slug(slug: str) -> None:
    if not SLUG.match(slug):
        raise AuthoringError(
            f'"{slug}" is not a valid review slug; use lower-case letters, digits and '
            "hyphens only, made of the pseudonym and year, e.g. eastmoor-child-t-2024"
        )


def subject_from_slug(slug: str) -> str:
    """``eastmoor-child-t-2024`` → ``Child T``; otherwise ``Child A``."""
    match = re.search(r"(?:^|-)(child|adult)-([a-z])(?:-|$)", slug)
    if match:
        return f"{match.group(1).capitalize()} {match.group(2).upper()}"
    return "Child A"


def create_review(content: Path, options: ReviewOptions, today: date) -> list[Path]:
    """Write a new review folder; return the files written."""
    validate_slug(options.slug)
    kind = reviewtypes.review_type(options.review_type)
    if kind is None:
        known = ", ".join(reviewtypes.review_type_names())
        raise AuthoringError(f'review type "{options.review_type}" is unknown; use one of: {known}')
    folder = paths.review_folder_in(content, options.slug)
    if folder.exists():
        raise AuthoringError(
            f"{display_path(folder)} already exists; nothing was written. "
            "Choose another slug, or remove the folder first"
        )
    values = _review_values(options, kind, options.decision_date or today)
    written = [
        _write(folder / "index.md", render(_template_of("terms-of-reference"), **values)),
        _write(folder / "key.yml", render("key.yml", **values)),
        _write(
            folder / "chronology" / "template" / "chronology-template.csv", template_text("chronology-template.csv")
        ),
    ]
    for agency_type in per_agency_types():  # git keeps no empty folder, hence .gitkeep
        _write(folder / agency_type.location / ".gitkeep", "")
    return written


def _review_values(options: ReviewOptions, kind: reviewtypes.ReviewType, decision: date) -> dict[str, object]:
    subject = options.subject or subject_from_slug(options.slug)
    title = f"{kind.title}: {subject}"
    questions = standard_questions(options.review_type)
    steps = milestones(decision)
    start, end = decision - timedelta(days=365), decision
    fmt = options.format or kind.imr_format
    return {
        "title": f"Terms of Reference: {title}",
        "title_yaml": quoted(f"Terms of Reference: {title}"),
        "review_title_yaml": quoted(title),
        "review_type": options.review_type,
        "board_yaml": quoted(options.board),
        "area_yaml": quoted(options.area),
        "subject": subject,
        "subject_yaml": quoted(subject),
        "period_start": start.isoformat(),
        "period_end": end.isoformat(),
        "period_start_long": long_date(start),
        "period_end_long": long_date(end),
        "decision_date": decision.isoformat(),
        "decision_long": long_date(decision),
        "year": steps[-1].due.year,
        "format": fmt,
        "slug": options.slug,
        "next_question": len(questions) + 1,
        "questions_yaml": "\n".join(f"  - id: {q.id}\n    text: {quoted(q.text)}" for q in questions),
        "questions_list": "\n".join(f"{n}. **{q.id}.** {q.text}" for n, q in enumerate(questions, 1)),
        "milestones_yaml": "\n".join(
            f"  - {{id: {m.id}, name: {quoted(m.name)}, week: {m.week}, due: {m.due.isoformat()}}}" for m in steps
        ),
        "milestones_table": "\n".join(f"| {m.week} | {long_date(m.due)} | {m.name} |" for m in steps),
    }


def _write(path: Path, text: str) -> Path:
    """Write a new file; never replace one (mode "x" fails if it exists)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        raise AuthoringError(
            f"{display_path(path)} already exists; nothing was written. "
            "Edit it, or delete it first if you really want a fresh copy"
        ) from None
    return path


# --------------------------------------------------------------------------- IMR, action plan


@dataclass(frozen=True)
class _Agency:
    id: str
    name: str
    acronym: str


def _terms_of_reference(content: Path, slug: str) -> dict[str, Any]:
    validate_slug(slug)
    folder = paths.review_folder_in(content, slug)
    index = folder / "index.md"
    if not index.is_file():
        raise AuthoringError(
            f"there is no review {display_path(folder)} (no index.md); start one with `casereview new review {slug}`"
        )
    doc, findings = load_markdown(index)
    if doc is None or doc.doc_type != "terms-of-reference" or any(f.is_error for f in findings):
        raise AuthoringError(
            f"{display_path(index)} is not a valid Terms of Reference; "
            f"run `casereview check {display_path(index)}` and fix it first"
        )
    return doc.meta


def _agency(meta: dict[str, Any], agency_id: str, index: Path) -> _Agency:
    for entry in meta.get("agencies") or []:
        if isinstance(entry, dict) and str(entry.get("id")) == agency_id:
            return _Agency(agency_id, str(entry.get("name", agency_id)), str(entry.get("acronym") or agency_id.upper()))
    known = ", ".join(str(a.get("id")) for a in meta.get("agencies") or [] if isinstance(a, dict))
    raise AuthoringError(
        f'agency "{agency_id}" is not listed under `agencies:` in {display_path(index)} '
        f"(listed: {known or 'none'}). Add it there first, for example:\n"
        f"  - id: {agency_id}\n    name: Full name of the agency\n    acronym: Its acronym in key.yml"
    )


def recommendation_prefix(agency: _Agency) -> str:
    """``POLICE`` for acronym Police: recommendation ids must read ``POLICE-R1``."""
    for candidate in (agency.acronym, agency.id):
        prefix = re.sub(r"[^A-Z0-9]", "", candidate.upper())
        if prefix:
            return prefix
    return "AGENCY"


def question_short(text: str, review_type: str) -> str:
    """A heading for a question: the standard short title, else its first words."""
    for standard in standard_questions(review_type):
        if " ".join(standard.text.split()) == " ".join(text.split()):
            return standard.short
    words = re.split(r"[?.;]", " ".join(text.split()))[0].split()
    return " ".join(words[:10]) + ("…" if len(words) > 10 else "")


def create_imr(content: Path, slug: str, agency_id: str, today: date) -> Path:
    meta = _terms_of_reference(content, slug)
    folder = paths.review_folder_in(content, slug)
    agency = _agency(meta, agency_id, folder / "index.md")
    review = meta.get("review") or {}
    sections = _question_sections(meta.get("questions") or [], str(review.get("type", "")))
    title = f"Individual Management Review: {agency.acronym}"
    text = render(
        _template_of("imr"),
        title=title,
        title_yaml=quoted(title),
        agency=agency.id,
        subject=review.get("subject", ""),
        subject_yaml=quoted(str(review.get("subject", ""))),
        today=today.isoformat(),
        prefix=recommendation_prefix(agency),
        timescale=_last_milestone(meta, today).isoformat(),
        questions_sections=sections,
    )
    return _write(_agency_file(folder, "imr", agency.id), _spell_out_first_uses(text, content, folder))


def _question_sections(questions: list[Any], review_type: str) -> str:
    """A ``### Qn:`` heading and guidance per question; the first also shows a label."""
    sections = []
    for n, q in enumerate(q for q in questions if isinstance(q, dict)):
        text = " ".join(str(q.get("text", "")).split())
        guidance = textwrap.fill(
            f'Answer question {q.get("id")} of the Terms of Reference: "{text}"',
            width=88,
            initial_indent="    ",
            subsequent_indent="    ",
        )
        section = render("imr-question.md", id=q.get("id"), short=question_short(text, review_type), guidance=guidance)
        if n == 0:
            section += (
                f"\nReplace this paragraph with your analysis. End a paragraph that a "
                f"recommendation rests on with a label, as this one does. {{#{EXAMPLE_LABEL}}}\n"
            )
        sections.append(section + "\n")
    return "".join(sections)


def _spell_out_first_uses(text: str, content: Path, folder: Path) -> str:
    """The question texts quoted in the guidance may use the review's abbreviations;
    spell each out at its first use so the new IMR has no abbreviation warning."""
    review = load_review(folder, load_glossary(content / "glossary.yml")[0])
    head, separator, body = text.partition("\n---\n")
    return head + separator + expand_first_use(body, glossary=review.glossary, key_acronyms=exempt_acronyms(review))


def _last_milestone(meta: dict[str, Any], today: date) -> date:
    """A placeholder timescale: the review's last milestone, else six months ahead."""
    dues = [due for m in document_meta(meta).milestones if (due := m.due) is not None]
    return max(dues) if dues else today + timedelta(weeks=26)


def create_action_plan(content: Path, slug: str, agency_id: str) -> Path:
    meta = _terms_of_reference(content, slug)
    folder = paths.review_folder_in(content, slug)
    agency = _agency(meta, agency_id, folder / "index.md")
    title = f"Action plan: {agency.acronym}"
    actions = _example_actions(_agency_file(folder, "imr", agency.id), recommendation_prefix(agency))
    return _write(
        _agency_file(folder, "action-plan", agency.id),
        render(
            _template_of("action-plan"), title=title, title_yaml=quoted(title), agency=agency.id, actions_yaml=actions
        ),
    )


def _example_actions(imr: Path, prefix: str) -> str:
    """One example action per recommendation of the agency's IMR, as YAML lines."""
    recommendations = []
    if imr.is_file():
        doc, _ = load_markdown(imr)
        recommendations = [
            r for r in (doc.meta.get("recommendations") if doc else None) or [] if isinstance(r, dict) and r.get("id")
        ]
    if not recommendations:
        return (
            "  []   # no IMR recommendations yet: write the IMR first, or add actions like:\n"
            f"  # - id: {prefix}-A1\n  #   recommendation: {prefix}-R1\n"
            "  #   action: What will be done\n  #   owner: Job title of the owner\n"
            "  #   target_date: YYYY-MM-DD\n  #   status: not-started"
        )
    lines = []
    for n, rec in enumerate(recommendations, start=1):
        rec_id = str(rec["id"])
        action = f"Replace with one step that delivers {rec_id}: what will be done."
        lines += [
            f"  - id: {prefix}-A{n}",
            f"    recommendation: {rec_id}",
            f"    action: {quoted(action)}",
            f"    owner: {quoted(str(rec.get('lead') or 'Job title of the owner'))}",
            f"    target_date: {rec.get('timescale') or date.today().isoformat()}",
            "    status: not-started",
        ]
    return "\n".join(lines)


# --------------------------------------------------------------------------- command line


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``casereview new review|imr|action-plan`` to the CLI's subparsers."""
    new = sub.add_parser("new", help="start a review, an IMR, an action plan, or a board's repository (site)")
    kinds = new.add_subparsers(dest="kind", required=True, metavar="WHAT")
    review = kinds.add_parser("review", help="a review folder: Terms of Reference, key, folders")
    review.add_argument("slug", metavar="SLUG", help="pseudonym and year, e.g. eastmoor-child-t-2024")
    review.add_argument(
        "--type", dest="review_type", choices=reviewtypes.review_type_names(), default=reviewtypes.DEFAULT_REVIEW_TYPE
    )
    review.add_argument("--subject", help='the subject\'s acronym (default: from the slug, e.g. "Child T")')
    review.add_argument("--board", default=ReviewOptions.board, help="the commissioning board, in full")
    review.add_argument("--area", default=ReviewOptions.area, help="the local authority area")
    review.add_argument(
        "--decision-date", type=_iso_date, metavar="YYYY-MM-DD", help="week 0 of the 26-week timetable (default: today)"
    )
    review.add_argument(
        "--format", choices=tuple(PRESETS), help="IMR format (default: pan-dorset, adult-review for adults)"
    )
    agency_kinds = [t for t in per_agency_types() if t.template]
    for kind in agency_kinds:
        parser = kinds.add_parser(kind.name, help=f"{kind.label} for one agency of the Terms of Reference")
        parser.add_argument("review", metavar="REVIEW", help="the review's folder name under content/reviews/")
        parser.add_argument("agency", metavar="AGENCY", help="the agency id from the Terms of Reference")
    for parser in (review, *(kinds.choices[t.name] for t in agency_kinds)):
        parser.add_argument("--content", default="content", help="the content folder (default: content)")
    new.set_defaults(func=cmd_new)
    register_site(kinds)  # its own func: a board's repository, not a document


def _iso_date(text: str) -> date:
    day = parse_date(text)
    if day is None:
        raise argparse.ArgumentTypeError(f'"{text}" is not a date; write it as YYYY-MM-DD')
    return day


def cmd_new(args: argparse.Namespace, today: date | None = None) -> int:
    content, today = Path(args.content), today or date.today()
    try:
        written = _create(args, content, today)
    except AuthoringError as exc:
        print(f"casereview new {args.kind}: {exc}", file=sys.stderr)
        return 1
    for path in written:
        print(f"created {display_path(path)}")
    print(_next_steps(args), file=sys.stderr)
    return 0


def _create(args: argparse.Namespace, content: Path, today: date) -> Sequence[Path]:
    if not content.is_dir():
        raise AuthoringError(f"{content} is not a folder; give the content folder with --content")
    if args.kind == "review":
        options = ReviewOptions(
            args.slug, args.review_type, args.subject, args.board, args.area, args.decision_date, args.format
        )
        return create_review(content, options, today)
    if args.kind == "imr":
        return [create_imr(content, args.review, args.agency, today)]
    return [create_action_plan(content, args.review, args.agency)]


def _next_steps(args: argparse.Namespace) -> str:
    if args.kind == "review":
        return (
            "Next: the slug becomes part of web addresses, so use the pseudonym and year, never a "
            "real name. Ask the board administrator to fill in key.yml, list the agencies in "
            f"index.md, then run `casereview new imr {args.slug} <agency>` for each agency."
        )
    if args.kind == "imr":
        return (
            "Next: replace each Guidance note with your text, in acronyms, and run "
            "`casereview check` before you commit."
        )
    return "Next: write one or more actions for each recommendation, then run `casereview check`."
