"""Find identifiers in a document that the review's anonymisation key does not cover.

Substitution (elsewhere) replaces every name the key knows. This module finds what
it cannot: a titled or capitalised name nobody added to the key, a street, and the
UK identifiers that no key lists (NHS and National Insurance numbers, postcodes,
phone numbers, e-mail addresses, dates of birth). ``casereview check`` prints each
finding by line, column and :func:`mask`-ed form, never by its text, because the
check runs in a public CI log.

The function is pure: it takes the body text of one document and the vocabulary
the caller collected from the key, the glossary, the agencies and the allowlist.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cached_property, lru_cache
from typing import NamedTuple

from casereview.anonymise.phrases import PhraseFinder
from casereview.checks.detect_data import (
    COMMON_WORDS,
    FUNCTION_WORDS,
    MAILBOX_WORDS,
    NAME_LIKE_WORDS,
    ORGANISATION_WORDS,
    PERSON_TITLES,
    PLACE_SUFFIXES,
    TEAM_WORDS,
)
from casereview.checks.scanning import finditer_from, word_start

KINDS = tuple("titled-name capitalised-name nhs-number ni-number postcode phone email date-of-birth".split())

# Stands in for blanked text: not whitespace and not a letter, so it breaks runs.
_BLANK = "\x00"


@dataclass(frozen=True)
class Candidate:
    """One identifier the key does not cover. ``text`` must never be printed."""

    line: int
    column: int
    kind: str
    masked: str
    text: str


class _Span(NamedTuple):  # a tuple: made by the thousand per document, faster than a frozen dataclass
    start: int
    end: int
    kind: str


def mask(text: str, kind: str) -> str:
    """A form of ``text`` safe for a public log: initials or the last two characters."""
    if kind in ("titled-name", "capitalised-name"):
        return _mask_name(text)
    tail = re.sub(r"[^0-9A-Za-z]", "", text)[-2:]
    if kind == "nhs-number":
        return f"NHS number ending {tail}"
    if kind == "ni-number":
        return f"NI number ending {tail.upper()}"
    if kind == "postcode":
        return f"postcode ending {tail.upper()}"
    if kind == "phone":
        return f"phone number ending {tail}"
    if kind == "email":
        return f"e-mail address ending .{text.rsplit('.', 1)[-1].lower()}"
    if kind == "date-of-birth":
        return "date of birth"
    return "[masked]"


def _mask_name(text: str) -> str:
    words = text.split()
    title = ""
    if words and words[0].rstrip(".") in PERSON_TITLES:
        title = words.pop(0).rstrip(".") + " "
    return title + " ".join(_initials(word) for word in words)


def _initials(word: str) -> str:
    letters = [part[0] for part in _HYPHENS.split(word) if part]
    return "-".join(f"{letter}." for letter in letters if letter.isalpha()) or "?"


def find_unkeyed(
    text: str,
    *,
    known_names: Iterable[str],
    known_terms: Iterable[str],
    allow: Iterable[str],
    first_line: int = 1,
    known_dates: Iterable[date] = (),
    document_names: Iterable[str] = (),
) -> list[Candidate]:
    """Every candidate identifier in ``text`` that the key, glossary or allowlist miss.

    ``first_line`` is the file line of ``text``'s first line, so that a caller who
    strips YAML frontmatter still reports file line numbers. ``known_dates`` are dates
    of birth the key records: pass them for internal documents (an IMR may state a
    child's date of birth), never for a document that will be published.
    """
    vocabulary = _Vocabulary.build(text, known_names, known_terms, allow, document_names)
    scanned = _blank_markdown_syntax(text)
    births = frozenset(known_dates)
    identifiers = [
        s for s in _find_identifiers(scanned) if not vocabulary.covers(text, s) and not _is_known_birth(text, s, births)
    ]
    names_text = _blank_spans(vocabulary.blank_phrases(scanned), identifiers)
    titled = _find_titled_names(names_text, vocabulary)
    capitalised = [s for s in _find_capitalised_names(names_text, vocabulary) if not _overlaps(s, titled)]
    spans = sorted(identifiers + titled + capitalised, key=lambda s: s.start)
    return [_candidate(text, span, first_line) for span in spans]


def _candidate(text: str, span: _Span, first_line: int) -> Candidate:
    raw = text[span.start : span.end]
    if span.kind.endswith("name"):
        raw = _POSSESSIVE.sub("", raw)
    line_start = text.rfind("\n", 0, span.start) + 1
    return Candidate(
        line=first_line + text.count("\n", 0, span.start),
        column=span.start - line_start + 1,
        kind=span.kind,
        masked=mask(raw, span.kind),
        text=raw,
    )


def _overlaps(span: _Span, others: Iterable[_Span]) -> bool:
    return any(span.start < o.end and o.start < span.end for o in others)


def _blank_spans(text: str, spans: Iterable[_Span]) -> str:
    """``text`` with every character inside one of ``spans`` (in any order, overlapping
    or not) replaced by :data:`_BLANK`: built from slices, not from a list of characters."""
    pieces: list[str] = []
    reached = 0
    for start, end in sorted((max(s.start, 0), min(s.end, len(text))) for s in spans):
        start = max(start, reached)
        if end <= start:
            continue
        pieces += [text[reached:start], _BLANK * (end - start)]
        reached = end
    return "".join(pieces) + text[reached:] if pieces else text


_MARKDOWN_SYNTAX = re.compile(
    r"\{:?[ \t]*[#.][^}\n]*\}"  # attribute lists: {#late-referral}, {: .note}
    r"|\[\[[^\]\n]*\]\]"  # markers: [[key]], [[glossary]]
    r"|\]\([^)\s:@]*\)"  # links inside the site: ](#label), ](../imr/police.md#x)
)


def _blank_markdown_syntax(text: str) -> str:
    return _MARKDOWN_SYNTAX.sub(lambda m: _BLANK * len(m.group()), text)


_HYPHENS = re.compile(r"[-\u2010\u2011]")
_TOKEN_SPLIT = re.compile(r"[\s\-\u2010\u2011/,()]+")
_POSSESSIVE = re.compile(r"['\u2019]s?$")
_LOWER_WORD = re.compile(r"[a-z](?<![\w'\u2019][a-z])[a-z'\u2019]*")  # look-behind second: faster


@lru_cache(maxsize=65536)  # called for every word of every document
def _fold(word: str) -> str:
    return _POSSESSIVE.sub("", word).casefold()


@dataclass(frozen=True)
class _Vocabulary:
    known_words: frozenset[str]
    exact: frozenset[str]
    phrases: PhraseFinder
    text: str
    more_phrases: PhraseFinder | None = None

    @cached_property
    def lowercase_in_text(self) -> frozenset[str]:
        """The words written in lower case in the text: read when a word needs it only
        (a pass over the whole text that most documents can do without)."""
        return frozenset(map(_fold, set(_LOWER_WORD.findall(self.text))))

    @classmethod
    def build(
        cls, text: str, names: Iterable[str], terms: Iterable[str], allow: Iterable[str], extra: Iterable[str] = ()
    ) -> _Vocabulary:
        """The review's vocabulary (cached) plus this document's own names (an IMR's
        author and signatory), kept apart so the large pattern is compiled once a review."""
        known_words, exact, phrases = _document_independent(tuple(names), tuple(terms), tuple(allow))
        extra_words, extra_exact, more_phrases = _document_independent(tuple(extra), (), ())
        if extra_words:
            known_words, exact = known_words | extra_words, exact | extra_exact
        return cls(known_words, exact, phrases, text, more_phrases)

    def covers(self, text: str, span: _Span) -> bool:
        """Whether an identifier is written, as it stands, in the key, glossary or allowlist."""
        return _normalise(text[span.start : span.end]) in self.exact

    def blank_phrases(self, text: str) -> str:
        for finder in (self.phrases, self.more_phrases):
            if finder is not None:
                spans = finder.spans(text)
                if spans:
                    text = _blank_spans(text, [_Span(start, end, "phrase") for start, end in spans])
        return text

    def classify(self, word: str) -> str:
        """``common``, ``known``, ``ordinary`` (a word of this text) or ``unknown``."""
        folded = _fold(word)
        parts = [p for p in _HYPHENS.split(folded) if p]
        if folded in COMMON_WORDS or all(p in COMMON_WORDS for p in parts):
            return "common"
        if _ADVERB.search(folded):
            return "common"
        if folded in self.known_words or all(p in self.known_words for p in parts):
            return "known"
        if folded in NAME_LIKE_WORDS or folded in self.lowercase_in_text:
            return "ordinary"
        return "unknown"


# One per review: a build visits every review in turn. A pure function of the key's
# names, glossary terms and allowlist themselves (no folder, no audience), so it
# answers the same in any build; cleared at the end of a plugin session (clear_cache).
@lru_cache(maxsize=1024)
def _document_independent(
    names: tuple[str, ...], terms: tuple[str, ...], allow: tuple[str, ...]
) -> tuple[frozenset[str], frozenset[str], PhraseFinder]:
    """What a review's key, glossary and allowlist cover, the same for every document:
    cached, because building the phrase finder is the costly part of a check."""
    covered, allowed = [*names, *terms], list(allow)
    tokens = {_fold(token) for entry in covered for token in [*entry.split(), *_TOKEN_SPLIT.split(entry)] if token}
    single_allowed = {_fold(entry) for entry in allowed if len(entry.split()) == 1}
    multi_word = [e for e in covered + allowed if len(e.split()) > 1]
    return (
        frozenset(tokens | single_allowed),
        frozenset(_normalise(e) for e in covered + allowed),
        PhraseFinder(multi_word),
    )


def _normalise(value: str) -> str:
    return " ".join(value.split()).casefold()


# Sentence adverbs ("Subsequently", "Regrettably") are capitalised at a sentence
# start and then run into the next capitalised word.
_ADVERB = re.compile(r"(?:ally|ately|ently|antly|ingly|edly|fully|ously|ively|ably|ibly|arly|ctly|stly)$")


_UPPER = "A-Z\u00c0-\u00d6\u00d8-\u00de"
_LOWER = "a-z\u00df-\u00f6\u00f8-\u00ff"
_NAME_WORD = (
    rf"(?:Mc|Mac|O['\u2019]|D['\u2019])?[{_UPPER}][{_LOWER}]+"
    rf"(?:[-\u2010\u2011][{_UPPER}][{_LOWER}]+)*(?:['\u2019]s?)?"
)
_WORD = re.compile(rf"(?<![\w@./\-+&{_BLANK}]){_NAME_WORD}(?![\w@\-])")
_WORD_STARTS = word_start(_UPPER, rf"\w@./\-+&{_BLANK}", rf"[{_LOWER}'\u2019]")  # "Jo", "McX", "O'X"
_JOINER = re.compile(r" +| *\n *")
_HEADING_LINE = re.compile(r"^[ \t]{0,3}#")


class _Word(NamedTuple):  # one per capitalised word of every document
    start: int
    end: int
    text: str
    joined_to_previous: bool


MONTH_NAMES = frozenset(
    "january february march april may june july august september october november december".split()
)
_SENTENCE_START = re.compile(r"(?:^|[.!?:|\n\x00])[\s*_>|\-\d.)\x00]*$")


def _words(text: str) -> list[_Word]:
    words: list[_Word] = []
    for match in finditer_from(_WORD_STARTS, _WORD, text):
        joined = bool(words) and match.group() not in PERSON_TITLES and _joins(text, words[-1].end, match.start())
        words.append(_Word(match.start(), match.end(), match.group(), joined))
    return words


def _joins(text: str, end: int, start: int) -> bool:
    """Whether two words are adjacent: spaces, or one line break not ending a heading."""
    gap = text[end:start]
    if not _JOINER.fullmatch(gap):
        return False
    if "\n" not in gap:
        return True
    line_start = text.rfind("\n", 0, end) + 1
    return not _HEADING_LINE.match(text[line_start:end])


def _runs(words: list[_Word]) -> list[list[_Word]]:
    """Maximal runs of adjacent capitalised words."""
    runs: list[list[_Word]] = []
    for word in words:
        if runs and word.joined_to_previous:
            runs[-1].append(word)
        else:
            runs.append([word])
    return runs


def _at_sentence_start(text: str, word: _Word) -> bool:
    return bool(_SENTENCE_START.search(text[max(0, word.start - 12) : word.start]))


def _is_date_month(text: str, word: _Word) -> bool:
    """ "April 2018": a month before a number is a date, not a first name."""
    return _fold(word.text) in MONTH_NAMES and text[word.end : word.end + 3].lstrip(" ")[:1].isdigit()


_EPONYM_ENDS = frozenset({"law", "laws"})


def _is_eponymous_law(run: list[_Word]) -> bool:
    """A first name in the possessive before "Law" ("Clare's Law", "Helen's Law"): the
    popular name of a statute or disclosure scheme named after a victim, public by
    nature; never someone of the case."""
    if len(run) != 2 or _fold(run[1].text) not in _EPONYM_ENDS:
        return False
    return bool(re.search(r"['\u2019]s$", run[0].text))


def _reportable_part(run: list[_Word], vocabulary: _Vocabulary, text: str = "") -> list[_Word]:
    """The part of a run to report, or nothing.

    A run is reported when it holds a word that is neither common nor covered. Common
    words at its ends are dropped ("Social Worker Jordan Fairley" gives "Jordan
    Fairley"), unless that leaves one word: then only sentence-start words are dropped,
    so that "The Lullaby Trust" gives "Lullaby Trust" but "When Fairley" gives nothing.
    """
    kinds = ["common" if _is_date_month(text, word) else vocabulary.classify(word.text) for word in run]
    if "unknown" not in kinds:
        return []
    final = _fold(run[-1].text)
    if _is_eponymous_law(run):
        return []  # "Clare's Law", "Sarah's Law": a law named after a victim, not a person of the case
    if final in TEAM_WORDS or (final in ORGANISATION_WORDS and "known" in kinds):
        return []  # a team ("Sensory Impairment Team") or a body of the area ("Marlshire Acute Hospitals")
    first = next(i for i, kind in enumerate(kinds) if kind != "common")
    last = max(i for i, kind in enumerate(kinds) if kind != "common")
    if last > first:
        return run[first : last + 1]
    if first == 0 and kinds[0] == "unknown" and _at_sentence_start(text, run[0]):
        return []  # "Started April 2018": a capital at a sentence or cell start, then common words
    start = 0
    while start < len(run) and _is_sentence_word(run[start].text):
        start += 1
    return run[start:] if len(run) - start >= 2 else []


def _is_sentence_word(word: str) -> bool:
    folded = _fold(word)
    return folded in FUNCTION_WORDS or bool(_ADVERB.search(folded))


def _find_capitalised_names(text: str, vocabulary: _Vocabulary) -> list[_Span]:
    words = _words(text)
    spans = []
    for run in _runs(words):
        part = _reportable_part(run, vocabulary, text)
        if part:
            spans.append(_Span(part[0].start, part[-1].end, "capitalised-name"))
    spans += _find_places(words, vocabulary)
    return _merge(spans)


def _find_places(words: list[_Word], vocabulary: _Vocabulary) -> list[_Span]:
    """A non-common word before a street suffix: "Larkspur Close", "Station Road"."""
    spans = []
    for before, word in zip(words, words[1:], strict=False):
        if not word.joined_to_previous or _fold(word.text) not in PLACE_SUFFIXES:
            continue
        if vocabulary.classify(before.text) in ("unknown", "ordinary"):
            spans.append(_Span(before.start, word.end, "capitalised-name"))
    return spans


def _merge(spans: list[_Span]) -> list[_Span]:
    merged: list[_Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if merged and span.start < merged[-1].end:
            last = merged.pop()
            span = _Span(last.start, max(last.end, span.end), last.kind)
        merged.append(span)
    return merged


_TITLED = re.compile(
    rf"(?<![\w.\-{_BLANK}])(?:{'|'.join(map(re.escape, PERSON_TITLES))})\.?[ \t]+"
    rf"(?:[{_UPPER}]\.?[ \t]+){{0,3}}"
    rf"(?P<name>{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,2}})(?![\w@\-])"
)
_TITLED_STARTS = re.compile("|".join(map(re.escape, PERSON_TITLES)))  # _TITLED without its look-behind


def _find_titled_names(text: str, vocabulary: _Vocabulary) -> list[_Span]:
    """A title then a name the key does not know: "Mr Fairley", "DC J. Kaur"."""
    spans = []
    for match in finditer_from(_TITLED_STARTS, _TITLED, text):
        name_words = list(re.finditer(r"\S+", match.group("name")))
        kinds = [vocabulary.classify(w.group()) for w in name_words]
        if not any(kind in ("unknown", "ordinary") for kind in kinds):
            continue
        last = max(i for i, kind in enumerate(kinds) if kind in ("unknown", "ordinary"))
        end = match.start("name") + name_words[last].end()
        spans.append(_Span(match.start(), end, "titled-name"))
    return spans


# Look-behinds after a first character where they can be: a pattern that starts with
# a set of characters is fast, one that starts with a look-behind is tried everywhere.
_NHS = re.compile(r"(\d(?<![\w+/.\-]\d)\d{2})([ \-]?)(\d{3})\2(\d{4})(?![\w/\-]|\.\d)")
_NI = re.compile(
    r"(?<![\w\-])([A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]) ?\d{2} ?\d{2} ?\d{2} ?[A-D](?![\w\-])",
    re.IGNORECASE,
)
_NI_DIGITS = re.compile(r"\d\d ?\d\d ?\d\d")  # in every NI number: most texts have none
# IGNORECASE takes the Kelvin sign for a K and the long s for an S.
_NI_STARTS = word_start("A-Za-z\u212a\u017f", r"\w\-", "[A-Za-z\u212a\u017f] ?\\d")
_NI_NEVER_ISSUED = frozenset({"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"})
_POSTCODE = re.compile(r"(?<![\w\-])(?:[A-Z]{1,2}\d[A-Z\d]?|GIR) ?\d[ABD-HJLNP-UW-Z]{2}(?![\w\-])")
_POSTCODE_STARTS = word_start("A-Z", r"\w\-", r"[A-Z\d]")
_EMAIL = re.compile(
    r"(?<![\w.+\-])[A-Za-z0-9][A-Za-z0-9._%+\-]*@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*"
    r"\.[A-Za-z]{2,}(?![\w\-])"
)
_PHONE = re.compile(
    r"(?<![\w+])(?P<prefix>\+44[ ]?(?:\(0\)[ ]?)?|\(?0)(?=[1237])"
    r"(?P<body>\d+(?:(?:\)[ ]?|[ \-])\d+)*)"
)
_PHONE_STARTS = word_start(r"+(0", r"\w+")
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_SPACE = r"(?:[ \t]+|[ \t]*\n[ \t]*)"
_DATE = (
    rf"(?:\d{{1,2}}(?:st|nd|rd|th)?(?:{_SPACE}of)?{_SPACE}{_MONTH},?{_SPACE}\d{{4}}"
    rf"|{_MONTH}{_SPACE}\d{{1,2}}(?:st|nd|rd|th)?,?{_SPACE}\d{{4}}"
    r"|\d{1,2}[./\-]\d{1,2}[./\-](?:\d{4}|\d{2})|\d{4}-\d{2}-\d{2})"
)
_DOB = re.compile(
    r"(?:\bD\.?O\.?B\b\.?|\bdate[ \t]+of[ \t]+birth\b|\bborn\b)"
    r"[\s:,()\-\u2013]*(?:[A-Za-z'\u2019]+[\s,]+){0,4}?"
    rf"(?P<date>(?<![\w.]){_DATE})(?![\w])",
    re.IGNORECASE,
)

# The words one of which _DOB needs, as they read in lower case; the dotless and the
# dotted capital I are the letters other than i and I that IGNORECASE takes for an i.
_DOB_WORDS = ("born", "birth", "dob", "d.ob", "do.b", "d.o.b")
_LIKE_I = str.maketrans({"\u0131": "i", "\u0130": "i"})


def _may_state_a_birth(text: str) -> bool:
    """Whether ``text`` holds a word _DOB starts with: a test of a few microseconds
    that spares the case-insensitive pattern a pass over most documents."""
    folded = text.translate(_LIKE_I).lower() if not text.isascii() else text.lower()
    return any(word in folded for word in _DOB_WORDS)


# When two identifiers overlap, the earlier kind in this order wins.
_PRIORITY = ("email", "nhs-number", "ni-number", "date-of-birth", "phone", "postcode")


def _find_identifiers(text: str) -> list[_Span]:
    found = [
        *(
            _Span(m.start(), m.end(), "email")
            for m in (_EMAIL.finditer(text) if "@" in text else ())
            if not is_role_mailbox(m.group())
        ),
        *(_Span(m.start(), m.end(), "nhs-number") for m in _NHS.finditer(text) if _nhs_ok(m)),
        *(_Span(m.start(), m.end(), "ni-number") for m in (finditer_from(_NI_STARTS, _NI, text) if _NI_DIGITS.search(text) else ()) if _ni_ok(m)),
        *(
            _Span(m.start("date"), m.end("date"), "date-of-birth")
            for m in (_DOB.finditer(text) if _may_state_a_birth(text) else ())
        ),
        *_find_phones(text),
        *(_Span(m.start(), m.end(), "postcode") for m in finditer_from(_POSTCODE_STARTS, _POSTCODE, text)),
    ]
    kept: list[_Span] = []
    for span in sorted(found, key=lambda s: _PRIORITY.index(s.kind)):
        if not _overlaps(span, kept):
            kept.append(span)
    return kept


_MAILBOX_PIECES = re.compile(r"[A-Za-z]+")
DOMAIN_WORDS = frozenset(
    "example gov nhs org net com co uk sch ac mod police gsi gcsx cjsm pnn secure mail email".split()
)


def is_role_mailbox(address: str) -> bool:
    """A shared mailbox of no one in particular ("school-nurse@schools.example.org",
    "mash.duty@council.example.gov.uk"): every word of the address is a role, common
    or domain word. A word that could be a person's ("j.smith@") or a place's
    ("reception@brackenhurst.example.nhs.uk") makes it an identifier."""
    local, _, domain = address.partition("@")
    local_words = [p.casefold() for p in _MAILBOX_PIECES.findall(local)]
    domain_words = [p.casefold() for p in _MAILBOX_PIECES.findall(domain)]
    return bool(local_words) and all(
        len(p) > 2 and (p in MAILBOX_WORDS or p in COMMON_WORDS) and p not in NAME_LIKE_WORDS for p in local_words
    ) and all(p in DOMAIN_WORDS or p in MAILBOX_WORDS or p in COMMON_WORDS for p in domain_words)


def is_valid_nhs_number(digits: str) -> bool:
    """The NHS number modulus 11 check: weights 10..2, check digit 11 - remainder."""
    if not re.fullmatch(r"\d{10}", digits):
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def _nhs_ok(match: re.Match[str]) -> bool:
    return is_valid_nhs_number(match.group(1) + match.group(3) + match.group(4))


def _ni_ok(match: re.Match[str]) -> bool:
    return match.group(1).upper() not in _NI_NEVER_ISSUED


def _find_phones(text: str) -> list[_Span]:
    """UK numbers: 10 digits after the 0 or +44 (9 for some 01 numbers), in groups."""
    spans = []
    for match in finditer_from(_PHONE_STARTS, _PHONE, text):
        end = _phone_end(match)
        if end is not None:
            spans.append(_Span(match.start(), end, "phone"))
    return spans


def _phone_end(match: re.Match[str]) -> int | None:
    count, end_at_nine = 0, None
    body_start = match.start("body")
    for group in re.finditer(r"\d+", match.group("body")):
        count += len(group.group())
        if count == 9:
            end_at_nine = body_start + group.end()
        if count == 10:
            return body_start + group.end()
        if count > 10:
            break
    starts_geographic = match.group("body").startswith("1")
    return end_at_nine if starts_geographic and count != 10 else None


_MONTH_NUMBERS = {
    name: number for number, name in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)
}


def _is_known_birth(text: str, span: _Span, births: frozenset[date]) -> bool:
    if span.kind != "date-of-birth" or not births:
        return False
    day, month, year = _day_month_year(text[span.start : span.end])
    return any((b.day, b.month) == (day, month) and year in (b.year, b.year % 100) for b in births)


def _day_month_year(written: str) -> tuple[int, int, int]:
    """Day, month and year of a matched date; a two-digit year stays two digits."""
    numbers = [int(n) for n in re.findall(r"\d+", written)]
    month_name = re.search(r"[A-Za-z]{3}", re.sub(r"\d(?:st|nd|rd|th)|\bof\b", "", written))
    if month_name:
        return numbers[0], _MONTH_NUMBERS[month_name.group().lower()], numbers[1]
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", written):
        return numbers[2], numbers[1], numbers[0]
    return numbers[0], numbers[1], numbers[2]


def clear_cache() -> None:
    """Forget the reviews' vocabularies and phrase finders (at the end of a plugin
    session): they hold the key's real names."""
    _document_independent.cache_clear()
    _fold.cache_clear()
