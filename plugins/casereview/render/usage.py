"""Which acronyms of the key and which glossary abbreviations a page actually uses.

The formats ask every report to carry a key and a glossary; computing both from the
rendered text means they list exactly what the reader meets, never more or less.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from casereview.render.markers import html_table
from casereview.sources.glossary import Abbreviation, Glossary
from casereview.sources.key import Entity, Key

TAG = re.compile(r"<[^>]+>")
SKIP_BLOCKS = re.compile(r"<(script|style)\b.*?</\1>", re.DOTALL | re.IGNORECASE)


def page_text(page_html: str) -> str:
    """The visible text of an HTML fragment, entities decoded, whitespace folded."""
    text = TAG.sub(" ", SKIP_BLOCKS.sub(" ", page_html))
    return re.sub(r"\s+", " ", html.unescape(text))


def _pattern(terms: Iterable[str]) -> re.Pattern[str] | None:
    ordered = sorted(set(terms), key=len, reverse=True)
    if not ordered:
        return None
    alternation = "|".join(re.escape(t) for t in ordered)
    return re.compile(rf"(?<![\w&])(?:{alternation})(?![\w&])")


def acronyms_used(text: str, key: Key) -> list[Entity]:
    """Entities whose acronym occurs in ``text``, in key order."""
    pattern = _pattern(key.acronyms)
    if pattern is None:
        return []
    seen = {m.group(0) for m in pattern.finditer(text)}
    return [e for e in key if e.acronym in seen]


def abbreviations_used(text: str, glossary: Glossary, key: Key) -> list[Abbreviation]:
    """Glossary abbreviations that occur in ``text`` (not those that are key acronyms), A–Z."""
    pattern = _pattern(a.abbr for a in glossary if a.abbr not in key)
    if pattern is None:
        return []
    seen = {m.group(0) for m in pattern.finditer(text)}
    return sorted((a for a in glossary if a.abbr in seen), key=lambda a: a.abbr.casefold())


KIND_WORDS = {
    "family": "Family member",
    "professional": "Professional",
    "official": "Official",
    "agency": "Agency",
    "school": "School",
    "place": "Place",
    "organisation": "Organisation",
}
PARENT_WORDS = {"female": "Mother", "male": "Father"}
CHILD_WORDS = {"female": "Daughter", "male": "Son"}


def relationship(entity: Entity, key: Key) -> str:
    """What the key's structure says about an entity, in acronyms only (subject,
    parent of, child of, partner of), else the kind of entity: the public key's text
    when the key gives no ``public_role``."""
    parts = ["Subject of the review"] if entity.subject else []
    if entity.parent_of:
        parts.append(f"{PARENT_WORDS.get(entity.sex, 'Parent')} of {' and '.join(entity.parent_of)}")
    parents = [e.acronym for e in key if entity.acronym in e.parent_of]
    if parents:
        parts.append(f"{CHILD_WORDS.get(entity.sex, 'Child')} of {' and '.join(parents)}")
    for partner in entity.partners:
        former = partner.status in ("separated", "divorced", "former")
        parts.append(f"{'Former partner' if former else 'Partner'} of {partner.with_acronym}")
    if not parts:
        return KIND_WORDS.get(entity.category, entity.category.capitalize())
    return "; ".join([parts[0]] + [p[0].lower() + p[1:] for p in parts[1:]])


def _public_text(entity: Entity, key: Key) -> str:
    """The ``public_role``; else the relationship, or nothing when that would only be
    the kind of entity and a job title or agency follows ("Social Worker, CSC")."""
    if entity.public_role:
        return entity.public_role
    text = relationship(entity, key)
    only_kind = text == KIND_WORDS.get(entity.category)
    return "" if only_kind and (entity.job_title or entity.agency in key) else text


def describe(entity: Entity, key: Key, *, public: bool = False) -> str:
    """Role and, for professionals, job title and agency: what a reader may know.

    ``public``: the ``public_role`` or the relationship instead of ``role``, which is
    written for the panel and may hold a date of birth or an address."""
    parts = [_public_text(entity, key) if public else entity.role]
    if entity.job_title and entity.job_title not in entity.role:
        parts.append(entity.job_title)
    agency = key.get(entity.agency) if entity.agency else None
    if agency is not None:
        parts.append(agency.acronym)
    return ", ".join(p for p in parts if p)


def key_table_html(entities: list[Entity], key: Key, *, with_names: bool = False, public: bool = False) -> str:
    """The key of a document. Real names only when ``with_names`` (internal key page);
    ``public`` roles only on the public site (see :func:`describe`)."""
    if not entities:
        return ""
    headers = ["Acronym", "Role or relationship"] + (["Real name"] if with_names else [])
    rows = []
    for entity in entities:
        row = [entity.acronym, describe(entity, key, public=public)]
        if with_names:
            row.append("; ".join(entity.real_names))
        rows.append(row)
    return html_table("Key to acronyms", headers, rows, "casereview-key")


def glossary_table_html(abbreviations: list[Abbreviation]) -> str:
    if not abbreviations:
        return ""
    rows = [[a.abbr, a.expansion + (f" ({a.explanation})" if a.explanation else "")] for a in abbreviations]
    return html_table("Glossary of abbreviations", ["Abbreviation", "Meaning"], rows, "casereview-glossary")


def abbr_definitions(glossary: Glossary, text: str | None = None) -> str:
    """Python-Markdown ``abbr`` definitions, so abbreviations get hover expansions.

    With ``text``, only those of abbreviations that occur in it: a hundred unused
    definitions on every page cost the abbr extension a pass over every element."""
    entries = list(glossary)
    if text is not None:
        pattern = _pattern(a.abbr for a in entries)
        used = {m.group(0) for m in pattern.finditer(text)} if pattern else set()
        entries = [a for a in entries if a.abbr in used]
    if not entries:
        return ""
    return "\n\n" + "\n".join(f"*[{a.abbr}]: {a.expansion}" for a in entries) + "\n"
