"""Check rules about how a name could slip out: look-alike letters, acronyms that
spell a name, names in file and folder names, and names in what a public page shows
besides its text (frontmatter, and the review's title on the public landing page).

Each rule names an entity by its acronym, or, where the acronym itself holds the name,
by its place in ``key.yml``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from casereview.anonymise import matcher_for
from casereview.anonymise.confusables import NEUTRAL_SCRIPTS, mixed_script_words, script_of
from casereview.anonymise.names import acronyms_holding_names
from casereview.anonymise.scan import identifier_leaks, scan_text
from casereview.sources.doctypes import is_publishable
from casereview.sources.findings import Finding
from casereview.sources.review import Review, display_path

_WORD = re.compile(r"[^\W_]+(?:[\u0300-\u036f'’-][^\W_]+)*")


def mixed_scripts_where_publishable(review: Review) -> list[Finding]:
    """A word that mixes scripts (a Cyrillic ``е`` in a Latin name) in a document that
    may be published, in its text or in any field of its frontmatter (title, author...): a
    look-alike letter is either a typing accident or a way round the anonymisation,
    and a reader cannot tell it from the real letter."""
    findings = []
    for doc in review.documents:
        if not is_publishable(doc.doc_type):
            continue
        # (line, text, whether the column is the text's own: not for a field's value)
        lines = [(doc.yaml.line_of(path) or 1, text, False) for path, text in _strings(doc.meta, ())]
        lines += [(n, text, True) for n, text in enumerate(doc.body.splitlines(), start=doc.body_first_line)]
        for number, line, in_body in lines:
            if line.isascii():
                continue
            for word in mixed_script_words(_WORD.findall(line)):
                findings.append(
                    Finding(
                        doc.display,
                        number,
                        f"a word here mixes letters of different scripts ({_scripts_hint(word)}); a look-alike "
                        "letter hides a word from the anonymisation: retype the word in one script",
                        column=line.find(word) + 1 if in_body else None,
                    )
                )
    return findings


def _strings(value: object, path: tuple) -> Iterator[tuple[tuple, str]]:
    """Every text in parsed frontmatter, with its path (for the line it is on)."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*path, index))


def _scripts_hint(word: str) -> str:
    scripts = sorted({script_of(ch) for ch in word if ch.isalpha()} - NEUTRAL_SCRIPTS)
    return " and ".join(script.title() for script in scripts)


def acronyms_spell_no_names(review: Review) -> list[Finding]:
    """An acronym is published everywhere the name is not; one that holds a word of a
    private name publishes that name. The message gives the entity's place in the
    key, not its acronym (which would print the name)."""
    if review.key_yaml is None:
        return []
    display = display_path(review.folder / "key.yml")
    return [
        Finding(
            display,
            review.key_yaml.line_of(("entities", index, "acronym")),
            f"the acronym of entity {index + 1} of the key holds a word of a real name; acronyms are published, "
            "so give this entity an acronym made of its role and a letter or number (e.g. Neighbour 1)",
            field=f"entities[{index}].acronym",
        )
        for index in acronyms_holding_names(review.key)
    ]


def names_in_file_names(review: Review) -> list[Finding]:
    """A file or folder name becomes part of a web address, a PDF file name and the
    navigation: none may hold a word of a real name, in any case or run together."""
    if not len(review.key):
        return []
    matcher = matcher_for(review.key)
    findings = []
    root = review.folder.parent
    for path in sorted([review.folder, *(p for p in review.folder.rglob("*"))]):
        if path != review.folder and not path.is_file():
            continue
        parts = [review.folder.name] if path == review.folder else list(path.relative_to(review.folder).parts)
        found = identifier_leaks(parts, matcher)
        if path == review.folder:
            where = "the review's folder name"
        else:
            where = "this file's name or folder"
        for acronym in sorted(found):
            findings.append(
                Finding(
                    display_path(path if path != review.folder else root / review.folder.name),
                    None,
                    f'{where} holds a real name of "{acronym}"; file and folder names become web addresses: '
                    f'rename it with the acronym or a neutral word',
                )
            )
    return findings


#: Fields of the Terms of Reference's ``review:`` block that the public site lists
#: (landing page, reviews.json) once a document of the review is published.
PUBLIC_REVIEW_FIELDS = ("title", "board", "themes")


def names_in_public_frontmatter(review: Review) -> list[Finding]:
    """A real name in a publishable document's frontmatter (its title, description,
    author...), or in the review's title, board or themes when the review has a
    publishable document. The build substitutes some of these and the gate refuses the
    rest, so nothing leaks; but the author should hear it from ``check``, at the field,
    before a build stops on it."""
    if not len(review.key):
        return []
    matcher = matcher_for(review.key)
    findings = []
    publishable = [doc for doc in review.documents if is_publishable(doc.doc_type)]
    for doc in publishable:
        for path, text in _strings(doc.meta, ()):
            for acronym in sorted({acronym for acronym, _ in scan_text(text, matcher)}):
                findings.append(
                    Finding(
                        doc.display,
                        doc.yaml.line_of(path),
                        f'a real name of "{acronym}" is in `{_field(path)}`; this document may be published, '
                        f'so write "{acronym}" instead',
                        field=_field(path),
                    )
                )
    if review.tor is None or not publishable:
        return findings
    block = review.tor.meta.get("review")
    for name in PUBLIC_REVIEW_FIELDS:
        value = block.get(name) if isinstance(block, dict) else None
        for path, text in _strings(value, ("review", name)):
            for acronym in sorted({acronym for acronym, _ in scan_text(text, matcher)}):
                findings.append(
                    Finding(
                        review.tor.display,
                        review.tor.yaml.line_of(path),
                        f'a real name of "{acronym}" is in `{_field(path)}`, which the public site lists with '
                        f'the review\'s published documents; write "{acronym}" instead',
                        field=_field(path),
                    )
                )
    return findings


def _field(path: tuple) -> str:
    """``review.themes[1]``: a frontmatter path as an author reads it."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


NAME_CHECKS = [
    mixed_scripts_where_publishable,
    acronyms_spell_no_names,
    names_in_file_names,
    names_in_public_frontmatter,
]
