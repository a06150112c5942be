"""``casereview check``: every rule that can be checked on the sources, file by file.

Each check is a small function ``(review) -> findings``; :data:`REVIEW_CHECKS` lists
them so adding a rule is adding one function.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from casereview.anonymise import UNREADABLE, matcher_for, scan_text
from casereview.anonymise.sanitise import markup_problems, svg_problems
from casereview.anonymise.scan import scan_file
from casereview.checks.abbreviations import (
    document_glossary,
    find_first_use_not_spelled_out,
    find_unknown_abbreviations,
)
from casereview.checks.action_plans import ACTION_CHECKS
from casereview.checks.audit_presets import headings, may_name_section, section_key
from casereview.checks.detect import find_unkeyed
from casereview.checks.name_checks import NAME_CHECKS
from casereview.chronology.composite import load_review_chronologies
from casereview.chronology.merge import merge
from casereview.sources.assets import referenced_images
from casereview.sources.citations import check_citations
from casereview.sources.doctypes import document_type, is_publishable
from casereview.sources.family import check_family
from casereview.sources.findings import Finding, Severity
from casereview.sources.glossary import Glossary
from casereview.sources.key import CATEGORIES
from casereview.sources.marker_syntax import INCLUDING_MARKERS, KNOWN_MARKERS, find_markers
from casereview.sources.review import Review, display_path, known_terms

ReviewCheck = Callable[[Review], list[Finding]]


def check_review(review: Review) -> list[Finding]:
    findings = list(review.findings)
    for rule in REVIEW_CHECKS:
        findings += rule(review)
    return findings


def _tor_present(review: Review) -> list[Finding]:
    if review.tor is None and not any(f.path.endswith("index.md") for f in review.findings):
        return [
            Finding(
                display_path(review.folder / "index.md"),
                None,
                "the review has no Terms of Reference; create index.md with `type: terms-of-reference`",
            )
        ]
    if not (review.folder / "key.yml").is_file():
        return [
            Finding(
                display_path(review.folder / "key.yml"),
                None,
                "the review has no anonymisation key; create key.yml (ask the board administrator for the acronyms)",
            )
        ]
    return []


def _acronyms_exist(review: Review) -> list[Finding]:
    """Subjects, agencies of professionals and partners must be acronyms of the key."""
    if not len(review.key):
        return []
    found = []
    for doc in review.documents:
        for path in (("subject",), ("review", "subject")):
            value = doc.meta.get(path[0]) if len(path) == 1 else (doc.meta.get("review") or {}).get(path[1])
            if value and value not in review.key:
                found.append(
                    Finding(
                        doc.display,
                        doc.yaml.line_of(path),
                        f'"{value}" is not an acronym in key.yml; use the acronym the key gives',
                        field=".".join(path),
                    )
                )
    return found


def _agencies_known(review: Review) -> list[Finding]:
    if review.tor is None:
        return []
    known = set(review.agency_ids)
    found = []
    for doc in review.documents:
        kind = document_type(doc.doc_type)
        if kind is None or not kind.per_agency:
            continue
        agency = doc.meta.get("agency")
        if agency and agency not in known:
            found.append(
                Finding(
                    doc.display,
                    doc.yaml.line_of(("agency",)),
                    f'agency "{agency}" is not listed under `agencies:` in the Terms of Reference; use one of: {", ".join(sorted(known))}',
                    field="agency",
                )
            )
        elif agency and doc.path.stem != agency:
            found.append(
                Finding(
                    doc.display,
                    doc.yaml.line_of(("agency",)),
                    f'the file is named "{doc.path.name}" but its agency is "{agency}"; rename the file to {agency}.md',
                    field="agency",
                    severity=Severity.WARNING,
                )
            )
    return found


def _actions_match_recommendations(review: Review) -> list[Finding]:
    if review.unreadable:  # the recommendation may be in the IMR that could not be read
        return []
    recommendations = {
        str(r.get("id"))
        for doc in review.documents_of_type("imr")
        for r in doc.meta.get("recommendations") or []
        if isinstance(r, dict)
    }
    found = []
    for plan in review.documents_of_type("action-plan"):
        for index, action in enumerate(plan.meta.get("actions") or []):
            rec = action.get("recommendation") if isinstance(action, dict) else None
            if rec and rec not in recommendations:
                found.append(
                    Finding(
                        plan.display,
                        plan.yaml.line_of(("actions", index, "recommendation")),
                        f'recommendation "{rec}" does not exist in any IMR of this review; check the id',
                        field=f"actions[{index}].recommendation",
                    )
                )
    return found


def _publish_only_publishable(review: Review) -> list[Finding]:
    found = []
    for doc in review.documents:
        if doc.meta.get("publish") and not is_publishable(doc.doc_type):
            found.append(
                Finding(
                    doc.display,
                    doc.yaml.line_of(("publish",)),
                    f"this {doc.doc_type} is never published; remove `publish: true`",
                    field="publish",
                )
            )
    return found


def _citations_resolve(review: Review) -> list[Finding]:
    """Every `[](#label)` points at a labelled paragraph, in this or another document."""
    if review.unreadable:  # the label may be in the document that could not be read
        return []
    root = review.folder.parent.parent
    docs = {d.path.relative_to(root).as_posix(): d for d in review.documents}
    texts = {uri: "\n" * (d.body_first_line - 1) + d.body for uri, d in docs.items()}
    return [
        Finding(docs[p.path].display if p.path in docs else p.path, p.line, p.message) for p in check_citations(texts)
    ]


def _chronologies_valid(review: Review) -> list[Finding]:
    """Every agency chronology reads cleanly, names people by acronym, fits the period."""
    chronologies, errors = load_review_chronologies(review)
    findings = _likely_duplicates(chronologies, review)
    for error in errors:
        column = f'column "{error.column}": ' if error.column else ""
        where = f"{error.where} {error.row}, " if error.row is not None else ""
        findings.append(
            Finding(
                display_path(Path(error.file)),
                error.file_line,
                f"{where}{column}{error.message}",
                severity=Severity(error.severity),
            )
        )
    return findings


def _likely_duplicates(chronologies: list, review: Review) -> list[Finding]:
    """One note per group of rows from different agencies that look like the same
    event (same day, same clock time, same people): both rows are kept and shown
    flagged in the composite chronology. A note, not a warning: a strategy meeting is
    rightly recorded by every agency that attended; the panel decides."""
    groups: dict[str, list] = {}
    for item in merge(chronologies, review.agency_ids):
        if item.duplicate_of:
            groups.setdefault(item.duplicate_of, []).append(item.entry)
    findings = []
    for entries in groups.values():
        first, others = entries[0], entries[1:]
        also = "; ".join(f"{Path(e.source_file).name} {e.where} {e.row}" for e in others)
        findings.append(
            Finding(
                display_path(Path(first.source_file)),
                first.line if first.line is not None else first.row,
                f"{first.where} {first.row}: likely duplicate of the same event in another agency's chronology "
                f"({also}): same day, time and people; both rows are kept and flagged in the composite chronology",
                severity=Severity.NOTE,
            )
        )
    return findings


KIND_WORDS = {
    "titled-name": "a name after a title",
    "capitalised-name": "a capitalised name",
    "nhs-number": "an NHS number",
    "ni-number": "a National Insurance number",
    "postcode": "a postcode",
    "phone": "a phone number",
    "email": "an e-mail address",
    "date-of-birth": "a date of birth",
}


REFERENCES_WORDS = re.compile(r"(?i)reference|bibliograph")


def without_references(body: str) -> str:
    """``body`` with its References or Bibliography section blanked (lines kept): the
    authors and publishers of research cited are not people of the case."""
    if not REFERENCES_WORDS.search(body):
        return body
    marks = headings(body)
    lines = body.split("\n")
    for position, (line, title, level) in enumerate(marks):
        if not may_name_section(title, "references") or section_key(title) != "references":
            continue
        end = next((other for other, _, lv in marks[position + 1 :] if lv <= level), len(lines) + 1)
        for index in range(line, end - 1):
            lines[index] = ""
    return "\n".join(lines)


def _unkeyed_identifiers(review: Review) -> list[Finding]:
    """Names and identifiers the key does not cover: errors where a document may be
    published, warnings in internal documents. Reported masked, never in full."""
    if review.key_unreadable:
        return []  # the key could not be read (its own finding says why): every name would look unkeyed
    key_names = [n for e in review.key for n in (*e.real_names, e.acronym)]
    born = [e.born for e in review.key if e.born]
    terms = known_terms(review)
    findings = []
    for doc in review.documents:
        publishable = is_publishable(doc.doc_type)
        own = [
            str((doc.meta.get(f) or {}).get("name", ""))
            for f in ("author", "sign_off")
            if isinstance(doc.meta.get(f), dict)
        ]
        for candidate in find_unkeyed(
            without_references(doc.body),
            known_names=key_names,
            document_names=own,
            known_terms=terms,
            allow=review.allowlist,
            first_line=doc.body_first_line,
            known_dates=() if publishable else born,
        ):
            findings.append(
                Finding(
                    doc.display,
                    candidate.line,
                    f"{KIND_WORDS.get(candidate.kind, candidate.kind)} ({candidate.masked}) is not in the key; "
                    "use its acronym, ask the administrator to add it to key.yml, or list it in allowlist.yml if it identifies no one",
                    column=candidate.column,
                    severity=Severity.ERROR if publishable else Severity.WARNING,
                )
            )
    return findings


def _public_roles_identify_no_one(review: Review) -> list[Finding]:
    """A key's ``public_role`` is published on the public key and in key tables: the
    identifier detector and the real-name scan run over it as over any public text."""
    if review.key_yaml is None:
        return []
    display = display_path(review.folder / "key.yml")
    key_names = [n for e in review.key for n in (*e.real_names, e.acronym)]
    matcher = matcher_for(review.key)
    findings = []
    for index, entity in enumerate(review.key):
        if not entity.public_role:
            continue
        line = review.key_yaml.line_of(("entities", index, "public_role"))
        where = f"{entity.acronym}.public_role"
        for acronym in sorted({acronym for acronym, _ in scan_text(entity.public_role, matcher)} - {UNREADABLE}):
            message = f'holds a real name of "{acronym}" and is published; write "{acronym}" instead'
            findings.append(Finding(display, line, message, field=where))
        for candidate in find_unkeyed(
            entity.public_role, known_names=key_names, known_terms=known_terms(review), allow=review.allowlist
        ):
            kind = KIND_WORDS.get(candidate.kind, candidate.kind)
            shown = "" if candidate.masked in kind else f" ({candidate.masked})"
            findings.append(
                Finding(
                    display,
                    line,
                    f"{kind}{shown} is published on the public key; remove it from public_role "
                    "(the panel's role field is never published)",
                    field=where,
                )
            )
    return findings


def _family_consistent(review: Review) -> list[Finding]:
    """The relationships the genogram is drawn from must make sense."""
    if review.key_yaml is None:
        return []
    raw_entities = review.key_yaml.data.get("entities") if isinstance(review.key_yaml.data, dict) else None
    index = {
        str(raw.get("acronym")): i for i, raw in enumerate(raw_entities or []) if isinstance(raw, dict)
    }  # positions in the file: an entry left out of the key must not shift the lines
    display = display_path(review.folder / "key.yml")
    # An entity with an unknown category is already reported by the schema check.
    miscategorised = {e.acronym for e in review.key if e.category not in CATEGORIES}
    return [
        Finding(
            display,
            review.key_yaml.line_of(("entities", index.get(p.acronym, 0), p.field)),
            p.message,
            field=f"{p.acronym}.{p.field}",
        )
        for p in check_family(review.key)
        if p.acronym not in miscategorised
    ]


MARKDOWN_EMPHASIS_IN_WORD = re.compile(r"(?<=\w)[*_~]+(?=\w)|(?<=\w)[*_~]+(?=\W)|(?<=\W)[*_~]+(?=\w)")


def _no_real_names_where_publishable(review: Review) -> list[Finding]:
    """Documents that may be published are written in acronyms. The build would
    substitute a real name, but its presence in the source means the author did not
    use the key, so it is an error; the message names the acronym, never the name."""
    if not len(review.key):
        return []
    matcher = matcher_for(review.key)
    findings = []
    for doc in review.documents:
        if not is_publishable(doc.doc_type):
            continue
        text = "\n" * (doc.body_first_line - 1) + doc.body
        # Emphasis markers inside a word (Ti*lly*) would hide a name from the scan.
        unemphasised = MARKDOWN_EMPHASIS_IN_WORD.sub("", text)
        found = set(scan_text(text, matcher, code=True))
        if unemphasised != text:  # the same text scanned again finds nothing new
            found |= set(scan_text(unemphasised, matcher, code=True))
        for acronym, where in sorted(found):
            line = _line_of(where)
            inside = " inside a data: URI" if "data: URI" in where else ""
            if acronym == UNREADABLE:
                findings.append(
                    Finding(
                        doc.display,
                        line,
                        f"{where.split(', ', 1)[-1]}: the publication gate would refuse it; remove it or link a file instead",
                    )
                )
                continue
            findings.append(
                Finding(
                    doc.display,
                    line,
                    f'a real name of "{acronym}" is written here{inside}; this document may be published, '
                    f'so write "{acronym}" instead',
                )
            )
    return findings


def _public_images_safe(review: Review) -> list[Finding]:
    """The images a publishable document shows go to the public site: a real name in
    their metadata (EXIF, XMP, text chunks, SVG text) stops the build, so say it now;
    an SVG with a script would run on the public site."""
    matcher = matcher_for(review.key) if len(review.key) else None
    root = review.folder.parent.parent
    images = {
        uri
        for doc in review.documents
        if is_publishable(doc.doc_type)
        for uri in referenced_images(doc.body, doc.path.relative_to(root).as_posix())
    }
    findings = []
    for uri in sorted(images):
        path = root / uri
        if not path.is_file():
            continue
        for leak in scan_file(path, matcher) if matcher else []:
            if leak.acronym == UNREADABLE:
                message = f"{leak.location}: the public site shows this image; save it again or remove it"
            else:
                place = "this line" if re.fullmatch(r"line \d+", leak.location) else leak.location
                message = (
                    f'{place} holds a real name of "{leak.acronym}"; the public site shows this image, '
                    "so remove the name from it (export the image again without metadata)"
                )
            findings.append(Finding(display_path(path), _line_of(leak.location), message))
        if path.suffix.lower() == ".svg":
            try:
                svg = path.read_bytes().decode("utf-8", errors="replace")
            except OSError:
                continue  # reported above: the gate cannot read it either
            for line, what in svg_problems(svg):
                message = f"{what}: the public site shows this SVG and would run it; remove it from the file"
                findings.append(Finding(display_path(path), line, message))
    return findings


def _line_of(location: str) -> int | None:
    found = re.match(r"line (\d+)", location)
    return int(found.group(1)) if found else None


def _public_markup_kept(review: Review) -> list[Finding]:
    """Raw HTML the public site's sanitiser would remove (a script, an event handler,
    a javascript: link, an iframe...) is an error in a document that may be published:
    the public page would not show what the author wrote."""
    findings = []
    for doc in review.documents:
        if not is_publishable(doc.doc_type):
            continue
        for line, what in markup_problems(doc.body):
            findings.append(
                Finding(
                    doc.display,
                    doc.body_first_line + line - 1,
                    f"{what} would be removed from the public page; write it in Markdown or delete it",
                )
            )
    return findings


def exempt_acronyms(review: Review) -> list[str]:
    """Key acronyms plus the titles written before names (PC, DS, Dr): a rank before a
    name is part of how a person is referred to, not jargon to spell out."""
    return [*review.key.acronyms, *{e.title for e in review.key if e.title}]


def with_document_glossary(glossary: Glossary, body: str) -> Glossary:
    """The review's glossary plus the abbreviations a document defines in its own
    glossary section; the review's wording wins where both define one."""
    own = document_glossary(body)
    return glossary if not len(own) else own.extended(glossary)


def _abbreviations_explained(review: Review) -> list[Finding]:
    """Every abbreviation is in the glossary or the key (error), and each glossary
    abbreviation is spelled out at its first use in a document (warning)."""
    exempt = exempt_acronyms(review)
    findings = []
    for doc in review.documents:
        kind = document_type(doc.doc_type)
        if kind is not None and not kind.spell_out_abbreviations:
            continue
        glossary = with_document_glossary(review.glossary, doc.body)
        for finder, severity in (
            (find_unknown_abbreviations, Severity.ERROR),
            (find_first_use_not_spelled_out, Severity.WARNING),
        ):
            for problem in finder(doc.body, glossary=glossary, key_acronyms=exempt, first_line=doc.body_first_line):
                findings.append(
                    Finding(doc.display, problem.line, problem.message, column=problem.column, severity=severity)
                )
    return findings


def _acronyms_unique(review: Review) -> list[Finding]:
    """Two entities with one acronym: the key would silently keep only the last."""
    if review.key_yaml is None:
        return []
    entities = (review.key_yaml.data or {}).get("entities") or []
    first_line: dict[str, int | None] = {}
    found = []
    for index, raw in enumerate(entities):
        acronym = str(raw.get("acronym", "")) if isinstance(raw, dict) else ""
        if not acronym:
            continue
        line = review.key_yaml.line_of(("entities", index, "acronym"))
        if acronym in first_line:
            found.append(
                Finding(
                    display_path(review.folder / "key.yml"),
                    line,
                    f'acronym "{acronym}" is already given to the entity at line {first_line[acronym]}; '
                    "give each entity its own acronym (e.g. number them SW1, SW2)",
                    field=f"entities[{index}].acronym",
                )
            )
        else:
            first_line[acronym] = line
    return found


def _markers_known(review: Review) -> list[Finding]:
    """A marker the build does not know would show as a numbered paragraph "[[x]]"; a
    document including itself ([[executive-summary]] in the executive summary) would
    repeat its own text."""
    found = []
    for doc in review.documents:
        for name, line in find_markers(doc.body):
            where = doc.body_first_line + line - 1
            if name not in KNOWN_MARKERS:
                found.append(
                    Finding(
                        doc.display,
                        where,
                        f"[[{name}]] is not a marker; use one of: {', '.join(f'[[{m}]]' for m in sorted(KNOWN_MARKERS))}, "
                        "or write it as text in backticks",
                    )
                )
            elif INCLUDING_MARKERS.get(name) == doc.doc_type:
                found.append(
                    Finding(
                        doc.display,
                        where,
                        f"[[{name}]] includes this document in itself; remove the marker "
                        f"(it belongs in the document that includes the {doc.doc_type})",
                    )
                )
    return found


SIGNED_OFF_STATUSES = frozenset({"approved", "published"})


def _approved_imrs_signed_off(review: Review) -> list[Finding]:
    """An IMR approved by the panel has been signed off by its agency's senior officer."""
    return [
        Finding(
            doc.display,
            doc.yaml.line_of(("status",)),
            f"this IMR is {doc.meta['status']} but has no `sign_off:`; add the name, designation and date "
            "of the senior officer who signed it off, or set `status: submitted`",
            field="sign_off",
        )
        for doc in review.documents_of_type("imr")
        if doc.meta.get("status") in SIGNED_OFF_STATUSES and not doc.meta.get("sign_off")
    ]


REVIEW_CHECKS: list[ReviewCheck] = [
    _acronyms_unique,
    _markers_known,
    _approved_imrs_signed_off,
    _abbreviations_explained,
    _no_real_names_where_publishable,
    _public_markup_kept,
    _public_images_safe,
    _family_consistent,
    _public_roles_identify_no_one,
    _unkeyed_identifiers,
    _chronologies_valid,
    _citations_resolve,
    _tor_present,
    _acronyms_exist,
    _agencies_known,
    _actions_match_recommendations,
    _publish_only_publishable,
    *NAME_CHECKS,
    *ACTION_CHECKS,
]
