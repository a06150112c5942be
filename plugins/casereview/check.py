"""``casereview check``: every rule that can be checked on the sources, file by file.

Each check is a small function ``(review) -> findings``; :data:`REVIEW_CHECKS` lists
them so adding a rule is adding one function.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path

from casereview.abbreviations import find_first_use_not_spelled_out, find_unknown_abbreviations
from casereview.actions.checks import ACTION_CHECKS
from casereview.anonymise import matcher_for, scan_text
from casereview.detect import find_unkeyed
from casereview.findings import Finding, Severity, sort_findings
from casereview.genogram import check_family
from casereview.glossary import Glossary
from casereview.links import leaving_link_finding, leaving_links, unfollowed
from casereview.name_checks import NAME_CHECKS
from casereview.numbering import check_citations
from casereview.publication import PUBLISHABLE_TYPES
from casereview.review import Review, display_path, load_glossary, load_markdown

ReviewCheck = Callable[[Review], list[Finding]]


def find_content_root(path: Path) -> Path:
    """The ``content/`` folder above ``path`` (or ``path`` itself), where glossary.yml lives.

    A symbolic link given by name is placed where the link is, not where it points."""
    path = unfollowed(path)
    for candidate in (path, *path.parents):
        if candidate.name == "content" or (candidate / "reviews").is_dir():
            return candidate
    return path if path.is_dir() else path.parent


def review_folders(root: Path) -> list[Path]:
    reviews = root / "reviews"
    if not reviews.is_dir():
        return []
    return sorted(p for p in reviews.iterdir() if p.is_dir())


def check_paths(paths: Iterable[Path]) -> list[Finding]:
    """Check the given files or folders; report only on files inside them."""
    targets = [unfollowed(p) for p in paths]
    findings: list[Finding] = []
    for root in sorted({find_content_root(t) for t in targets}):
        findings += _check_content_root(root, targets)
    return sort_findings(findings)


def _inside(path: Path, targets: list[Path]) -> bool:
    return any(path == t or t in path.parents for t in targets)


def _check_content_root(root: Path, targets: list[Path]) -> list[Finding]:
    leaving = leaving_links(root)  # reported below, never read
    blocked = set(leaving)
    glossary = root / "glossary.yml"
    shared, findings = (Glossary(), []) if glossary in blocked else load_glossary(glossary)
    for path in sorted(p for p in root.rglob("*.md") if p.is_file() and p not in blocked):
        if "reviews" not in path.relative_to(root).parts:
            findings += load_markdown(path)[1]
    from casereview.checkrun import check_folders

    wanted = [
        folder
        for folder in review_folders(root)
        if folder not in blocked and any(folder == t or folder in t.parents or t in folder.parents for t in targets)
    ]
    for review_findings in check_folders(wanted, shared).values():
        findings += review_findings
    findings = [f for f in findings if _inside(_absolute(f.path), targets)]
    return findings + [leaving_link_finding(link) for link in leaving if _inside(link, targets)]


def _absolute(display: str) -> Path:
    return Path(display).resolve()


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
        if doc.doc_type not in ("imr", "action-plan"):
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
        if doc.meta.get("publish") and doc.doc_type not in ("executive-summary", "synopsis", "overview-report"):
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
    root = review.folder.parent.parent
    docs = {d.path.relative_to(root).as_posix(): d for d in review.documents}
    texts = {uri: "\n" * (d.body_first_line - 1) + d.body for uri, d in docs.items()}
    return [
        Finding(docs[p.path].display if p.path in docs else p.path, p.line, p.message) for p in check_citations(texts)
    ]


def _chronologies_valid(review: Review) -> list[Finding]:
    """Every agency chronology reads cleanly, names people by acronym, fits the period."""
    from casereview.composite import load_review_chronologies

    _, errors = load_review_chronologies(review)
    findings = []
    for error in errors:
        column = f'column "{error.column}": ' if error.column else ""
        where = f"{error.where} {error.row}, " if error.row is not None else ""
        findings.append(
            Finding(
                display_path(Path(error.file)),
                error.row,
                f"{where}{column}{error.message}",
                severity=Severity.WARNING if error.severity == "warning" else Severity.ERROR,
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


def _known_terms(review: Review) -> list[str]:
    terms = [t for a in review.glossary for t in (a.abbr, a.expansion)]
    for agency in (review.tor.meta.get("agencies") if review.tor else None) or []:
        if isinstance(agency, dict):
            terms += [str(agency.get("name", "")), str(agency.get("acronym", ""))]
    terms += [str(review.meta.get(k, "")) for k in ("board", "area", "title")]
    return [t for t in terms if t]


def _unkeyed_identifiers(review: Review) -> list[Finding]:
    """Names and identifiers the key does not cover: errors where a document may be
    published, warnings in internal documents. Reported masked, never in full."""
    key_names = [n for e in review.key for n in (*e.real_names, e.acronym)]
    born = [e.born for e in review.key if e.born]
    terms = _known_terms(review)
    findings = []
    for doc in review.documents:
        publishable = doc.doc_type in PUBLISHABLE_TYPES
        own = [
            str((doc.meta.get(f) or {}).get("name", ""))
            for f in ("author", "sign_off")
            if isinstance(doc.meta.get(f), dict)
        ]
        for candidate in find_unkeyed(
            doc.body,
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


def _family_consistent(review: Review) -> list[Finding]:
    """The relationships the genogram is drawn from must make sense."""
    if review.key_yaml is None:
        return []
    index = {e.acronym: i for i, e in enumerate(review.key)}
    display = display_path(review.folder / "key.yml")
    return [
        Finding(
            display,
            review.key_yaml.line_of(("entities", index.get(p.acronym, 0), p.field)),
            p.message,
            field=f"{p.acronym}.{p.field}",
        )
        for p in check_family(review.key)
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
        if doc.doc_type not in PUBLISHABLE_TYPES:
            continue
        text = "\n" * (doc.body_first_line - 1) + doc.body
        # Emphasis markers inside a word (Ti*lly*) would hide a name from the scan.
        unemphasised = MARKDOWN_EMPHASIS_IN_WORD.sub("", text)
        found = set(scan_text(text, matcher, code=True)) | set(scan_text(unemphasised, matcher, code=True))
        for acronym, where in sorted(found):
            line = int(where.split()[1]) if where.startswith("line ") else None
            findings.append(
                Finding(
                    doc.display,
                    line,
                    f'a real name of "{acronym}" is written here; this document may be published, so write "{acronym}" instead',
                )
            )
    return findings


def exempt_acronyms(review: Review) -> list[str]:
    """Key acronyms plus the titles written before names (PC, DS, Dr): a rank before a
    name is part of how a person is referred to, not jargon to spell out."""
    return [*review.key.acronyms, *{e.title for e in review.key if e.title}]


def _abbreviations_explained(review: Review) -> list[Finding]:
    """Every abbreviation is in the glossary or the key (error), and each glossary
    abbreviation is spelled out at its first use in a document (warning)."""
    exempt = exempt_acronyms(review)
    findings = []
    for doc in review.documents:
        if doc.doc_type == "page":
            continue
        for finder, severity in (
            (find_unknown_abbreviations, Severity.ERROR),
            (find_first_use_not_spelled_out, Severity.WARNING),
        ):
            for problem in finder(
                doc.body, glossary=review.glossary, key_acronyms=exempt, first_line=doc.body_first_line
            ):
                findings.append(
                    Finding(doc.display, problem.line, problem.message, column=problem.column, severity=severity)
                )
    return findings


REVIEW_CHECKS: list[ReviewCheck] = [
    _abbreviations_explained,
    _no_real_names_where_publishable,
    _family_consistent,
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
