"""Abbreviation checks: every abbreviation is explained, and spelled out at first use.

The formats ask authors to "use acronyms only when necessary" and to write them in
full the first time with the acronym in brackets: "General Practitioner (GP)". Every
abbreviation a document uses must be in the glossary (shared + the review's own) or
be an acronym of the review's key.

Rules this module applies (the brief left them open; these are the decisions):

* A *candidate* is a token of capitals, digits and ``&`` with at least two capitals
  ("GP", "A&E", "ICPC"), optionally followed by a plural ``s`` ("GPs"), or any token
  the glossary knows, whatever its case ("ToR", "Ofsted", "S47").
* Not checked at all: fenced and indented code, inline code, HTML comments, HTML tags
  and their attributes, link targets, bare URLs and e-mail addresses, ``{#labels}``
  and attribute lists, ``[[markers]]``, Markdown ``*[ABBR]: ...`` definition lines,
  and every occurrence of a key acronym ("GP Practice 1", "SW1").
* Never reported as unknown: the words of key acronyms, Roman numerals made of I, V
  and X ("Part IV"), and the small :data:`ORDINARY_CAPITALS` list (emphasis such as
  "NOT", protective markings such as "OFFICIAL", and "AM"/"PM"). A glossary entry
  always wins over these ignore rules.
* Not abbreviations either (issue 14, "report only what is wrong"): the words of a
  line written in capitals (an ALL-CAPS heading, title or bold line: "SERIOUS CASE
  REVIEW") and of any run of three capitalised words; case citations ("[2008] UKHL
  35", "EWCA Civ 253") and "HM" before a body ("HM Government"); recommendation and
  action ids ("POLICE-R1", "CSC-A4"); reference numbers,
  capitals followed by digits ("NG76", "CG89", "R4"), unless their letters begin an
  acronym of the key ("SW3" beside "SW1" is still reported); police ranks
  (:data:`RANKS`); postcodes; and the definition lines of a glossary section inside
  the document, whose entries count for that document (:func:`document_glossary`).
* Unknown abbreviations are reported once each, at their first use.
* Headings (``##`` lines, bold lines on their own, the header row of a table) count
  as use for the unknown check, but a heading need not spell an abbreviation out (headings become short contents entries); a spelled-out form in
  a heading does count as the definition. :func:`expand_first_use` never rewrites a
  heading.
* Key acronyms never need spelling out, even when the glossary also lists them.
* Spelled out means the glossary's words (case, punctuation, hyphens inside a word,
  "&"/"and"/"or", a leading "the" and plurals tolerated); "Expansion of the ... Act
  (ABBR)" counts when the glossary's words come within a few words before the bracket. A use the author spelled out in other words
  ("Domestic Abuse (DASH)") is reported with its own message and never rewritten.
* Only ATX headings (``## ...``) are recognised as headings.
* Link text is prose: it is checked and may be rewritten; link targets never are.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from casereview.checks.audit_presets import section_keys
from casereview.checks.scanning import finditer_from, word_start
from casereview.sources.glossary import Abbreviation, Glossary

# Written in capitals but not abbreviations: emphasis and notes, protective markings
# and document states on front sheets, and times of day.
ORDINARY_CAPITALS = frozenset(
    "NB NOT NO MUST NEVER ALWAYS ONLY ALL AND OR NOTE IMPORTANT "
    "OFFICIAL SENSITIVE CONFIDENTIAL RESTRICTED DRAFT "
    "AM PM".split()
)
ROMAN_NUMERAL = re.compile(r"X{0,3}(?:IX|IV|V?I{0,3})")
#: Police ranks written before a name or alone ("the DS attended", "PC 2286").
RANKS = frozenset("PC DC PS DS DI DCI DSI DSU DCS CI SI ACC DCC".split())
#: "HM Government", "HM Prison Service": an honorific, not an abbreviation to spell out.
HONORIFICS = frozenset({"HM", "HMP"})
REFERENCE_NUMBER = re.compile(r"([A-Z]+)\d+[A-Z]?")
CAPITAL_WORD = re.compile(r"(?<![\w&])[A-Z][A-Z0-9&'’.-]*(?![\w&])")
# The look-behind after the first capital: a pattern that starts with a set is fast.
CAPITALS_RUN = re.compile(r"[A-Z](?<![\w&][A-Z])[A-Z&'’.-]+(?:[ \t]*[:,–—-]?[ \t]+[A-Z][A-Z&'’.-]*){2,}(?![\w&])")
TITLE_WORD_LETTERS = 6
TABLE_RULE_LINE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
BOLD_LINE = re.compile(r"^\s*(?:\*\*|__)[^*_\n]+(?:\*\*|__)\s*$")
BOUNDARY_BEFORE, BOUNDARY_AFTER = r"(?<![\w&])", r"(?![\w&])"
CAPITALS_TOKEN = r"[A-Z][A-Z0-9&]*[A-Z0-9]"

FENCE_OPEN = re.compile(r"^\s*(`{3,}|~{3,})")
LIST_ITEM = re.compile(r"^\s{0,3}(?:[-*+]|\d+[.)])\s")
ATX_HEADING = re.compile(r"^ {0,3}#{1,6}(?:\s|$)")
# Each pattern with a string that any match contains: most documents have no e-mail
# address or HTML, and a pattern like the e-mail one backtracks through every word.
INLINE_IGNORED: list[tuple[str | tuple[str, ...], re.Pattern[str]]] = [
    ("<!--", re.compile(r"<!--.*?-->", re.DOTALL)),
    ("`", re.compile(r"(`+)(?:(?!\n[ \t]*\n).)+?(?<!`)\1(?!`)", re.DOTALL)),
    ("*[", re.compile(r"^\*\[[^\]\n]+\]:.*$", re.MULTILINE)),
    ("]:", re.compile(r"^ {0,3}\[(?!\^)[^\]\n]+\]:[ \t]*\S.*$", re.MULTILINE)),
    ("<", re.compile(r"<(?:https?://|mailto:)[^>\s]+>|<[^@\s<>]+@[^@\s<>]+>")),
    ("<", re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")),
    ("](", re.compile(r"\((?<=\]\()[^)\n]*\)")),  # "(" after "]" (checked after the "(": faster)
    (("http", "www."), re.compile(r"\b(?:https?://|www\.)[^\s<>()\[\]]+")),
    ("@", re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")),
    ("{", re.compile(r"\{:?[ \t]*[#.:][^{}\n]*\}")),
    ("[[", re.compile(r"\[\[[a-z-]+\]\]")),
    # Case citations: "[2008] UKHL 35", "[2013] EWCA Civ 1146", "EWHC 2786 (Fam)".
    ("[", re.compile(r"\[\d{4}\]\s+[A-Z]{2,6}(?:\s+(?:Civ|Crim|Fam|Admin|QB|KB|Ch|COP))?\s+\d+")),
    (
        ("UKSC", "UKHL", "EWCA", "EWHC", "EWFC", "EWCOP", "UKUT"),
        re.compile(r"\b(?:UKSC|UKHL|EWCA|EWHC|EWFC|EWCOP|UKUT)\b(?:\s+(?:Civ|Crim|Fam|Admin))?"),
    ),
    # Recommendation and action ids: "CSC-R4", "POLICE-A1", "HEALTH-R2.1".
    ("-", re.compile(r"[A-Z](?<![\w-][A-Z])[A-Z0-9]*-[A-Z]{0,3}\d+(?:\.\d+)*(?![\w-])")),
    # Postcodes: "LS1 4AB", "HG2 8QP".
    ("", re.compile(r"[A-Z](?<!\w[A-Z])[A-Z]?\d[A-Z\d]?\s\d[A-Z]{2}\b")),
]
IRREGULAR_PLURALS = {"child": "children", "person": "people", "woman": "women", "man": "men"}


@dataclass(frozen=True)
class AbbreviationProblem:
    """One abbreviation an author must fix, with a message that says how."""

    line: int
    column: int
    abbr: str
    kind: str  # "unknown" | "not-spelled-out"
    message: str


@dataclass(frozen=True)
class _Use:
    """One occurrence of a candidate abbreviation in the text."""

    start: int
    end: int
    token: str  # as written, e.g. "GPs"
    abbr: str  # without the plural s, e.g. "GP"
    in_heading: bool

    @property
    def plural(self) -> bool:
        return self.token != self.abbr


# --- masking: blank out what is not prose, keeping every offset ----------------------


def _blank(text: str) -> str:
    if "\n" not in text:
        return " " * len(text)
    return "\n".join(" " * len(line) for line in text.split("\n"))


def _code_block_lines(lines: list[str]) -> set[int]:
    """Indices of lines inside fenced or indented code blocks (fence lines included)."""
    code: set[int] = set()
    fence, in_list, in_indented, previous_blank = "", False, False, True
    for index, line in enumerate(lines):
        stripped = line.strip()
        if fence:
            code.add(index)
            if stripped.startswith(fence) and not stripped.strip(fence[0]):
                fence = ""
            continue
        opening = FENCE_OPEN.match(line)
        if opening:
            fence, in_indented = opening.group(1), False
            code.add(index)
            continue
        indented = line.startswith(("    ", "\t"))
        if indented and stripped and (in_indented or (previous_blank and not in_list)):
            code.add(index)
            in_indented = True
        elif stripped:
            in_indented = False
            if LIST_ITEM.match(line):
                in_list = True
            elif not indented and previous_blank:
                in_list = False
        previous_blank = not stripped
    return code


def mask_non_prose(markdown: str) -> str:
    """``markdown`` with code, markup, links' targets and markers blanked to spaces.

    The result has the same length and line breaks, so an offset in it is an offset
    in the original.
    """
    lines = markdown.split("\n")
    for index in _code_block_lines(lines):
        lines[index] = _blank(lines[index])
    masked = "\n".join(lines)
    for triggers, pattern in INLINE_IGNORED:
        # Each pattern runs only on text that holds its literal: a pass of a pattern
        # that starts with a character class costs as much as the rest together.
        if any(trigger in masked for trigger in ((triggers,) if isinstance(triggers, str) else triggers)):
            masked = pattern.sub(lambda m: _blank(m.group(0)), masked)
    return masked


def _heading_spans(masked: str) -> list[tuple[int, int]]:
    """Headings: ``## …`` lines, bold lines on their own (the author's headings) and
    the header rows of tables (column names, like headings, are not spelled out)."""
    spans, offset = [], 0
    lines = masked.split("\n")
    for index, line in enumerate(lines):
        header = "|" in line and index + 1 < len(lines) and TABLE_RULE_LINE.match(lines[index + 1])
        if ATX_HEADING.match(line) or BOLD_LINE.match(line) or header:
            spans.append((offset, offset + len(line)))
        offset += len(line) + 1
    return spans


def _key_spans(masked: str, key_acronyms: Iterable[str]) -> list[tuple[int, int]]:
    acronyms = sorted({a for a in key_acronyms if a}, key=len, reverse=True)
    if not acronyms:
        return []
    # "GP Practice 1" may be broken across two source lines: Markdown joins them.
    alternation = "|".join(r"\s+".join(re.escape(w) for w in a.split()) for a in acronyms)
    pattern = re.compile(f"{BOUNDARY_BEFORE}(?:{alternation}){BOUNDARY_AFTER}")
    starts = re.compile(f"(?:{alternation})")  # without the look-behind: the engine skips to a first letter
    return [m.span() for m in finditer_from(starts, pattern, masked)]


@lru_cache(maxsize=256)
def _candidate_starts(glossary: Glossary) -> re.Pattern[str] | None:
    """Where a candidate can start, not inside a word: a capital then a capital or a
    digit (CAPITALS_TOKEN), or the first character of a glossary abbreviation (None for
    a blank one, which could match anywhere)."""
    words = [a.abbr for a in glossary]
    if not all(w.strip() for w in words):
        return None
    firsts = "".join(sorted({re.escape(w[0]) for w in words}))
    then = "(?:(?<=[A-Z])(?=[A-Z0-9&])" + (f"|(?<=[{firsts}])" if firsts else "") + ")"
    return word_start("A-Z" + firsts, r"\w&", then)


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether ``start..end`` overlaps one of ``spans`` (sorted, not overlapping): if
    any does, the last span starting before ``end`` does."""
    index = bisect.bisect_left(spans, (end,)) - 1
    return index >= 0 and spans[index][1] > start


# --- finding the uses --------------------------------------------------------------


# By glossary object (a glossary is never changed once read): one per review. Holds
# the glossaries, so cleared at the end of a plugin session (clear_cache).
@lru_cache(maxsize=256)
def _candidate_pattern(glossary: Glossary) -> re.Pattern[str]:
    known = sorted((a.abbr for a in glossary), key=len, reverse=True)
    known_part = "|".join(re.escape(a) for a in known) or "(?!)"
    return re.compile(
        f"{BOUNDARY_BEFORE}(?:(?P<known>{known_part})|(?P<caps>{CAPITALS_TOKEN}))(?P<plural>s)?{BOUNDARY_AFTER}"
    )


def _is_candidate(abbr: str, glossary: Glossary, key_prefixes: frozenset[str] = frozenset()) -> bool:
    if abbr in glossary:
        return True
    if sum(c.isupper() for c in abbr) < 2 or abbr in ORDINARY_CAPITALS or abbr in RANKS or abbr in HONORIFICS:
        return False
    number = REFERENCE_NUMBER.fullmatch(abbr)
    if number and number.group(1) not in key_prefixes:
        return False  # a guideline, standard or recommendation number: NG76, CG89, R4
    return not ROMAN_NUMERAL.fullmatch(abbr)


def _key_prefixes(key_acronyms: Iterable[str]) -> frozenset[str]:
    """The letters of numbered key acronyms ("SW1" -> "SW"): "SW3" is then a person's
    acronym missing from the key, not a reference number."""
    return frozenset(
        m.group(1) for acronym in key_acronyms for word in acronym.split() if (m := REFERENCE_NUMBER.fullmatch(word))
    )


LOWER_CASE = re.compile(r"[^\W\d_A-Z]")  # any letter that is not a capital A-Z (lower case)


def _capital_words(line: str) -> int:
    """How many words of two letters or more a line without lower case has (else 0)."""
    if LOWER_CASE.search(line) or not line.strip():
        return 0
    return len([w for w in CAPITAL_WORD.findall(line) if len(w) >= 2])


def _title_spans(masked: str) -> list[tuple[int, int]]:
    """Text written in capitals as a title: headings, bold lines and lines of three or
    more words in capitals ("## 6. ANALYSIS OF INVOLVEMENT"), and runs of three or more
    capitalised words inside a line ("MARLSHIRE LOCAL SAFEGUARDING CHILDREN BOARD").
    Where the author writes headings in capitals, a one-word capitals heading
    ("## METHODOLOGY") is a title too."""
    lines = masked.split("\n")
    words = [_capital_words(line) for line in lines]
    is_heading = [bool(n and (ATX_HEADING.match(line) or BOLD_LINE.match(line))) for line, n in zip(lines, words, strict=True)]
    capitals_style = any(h and n >= 2 for h, n in zip(is_heading, words, strict=True))
    spans: list[tuple[int, int]] = []
    offset = 0
    for line, heading, count in zip(lines, is_heading, words, strict=True):
        if (heading and (count >= 2 or (count == 1 and capitals_style))) or (count >= 3 and _has_word(line)):
            spans.append((offset, offset + len(line)))
        offset += len(line) + 1
    # Runs never cross a line; "MASH – ICPC – RCPC" is a list of abbreviations, not a title.
    spans += [m.span() for m in CAPITALS_RUN.finditer(masked) if _has_word(m.group())]
    return _merged(spans)


def _has_word(text: str) -> bool:
    """Whether capitals hold a word longer than abbreviations run (six letters or more)."""
    return any(len(word) >= TITLE_WORD_LETTERS for word in re.findall(r"[A-Z]+", text))


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted spans without overlaps, as :func:`_inside` needs them."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


EXPLANATION_START = re.compile(r"\s+[–—-]\s+|\s*\(")
GLOSSARY_HEADING = re.compile(r"(?i)\b(?:glossary|abbreviations|acronyms)\b")
TABLE_ROW = re.compile(r"^\s*\|?\s*(?P<abbr>[^|]+?)\s*\|\s*(?P<expansion>[^|]+?)\s*\|?\s*$")
TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}")
DASH_LINE = re.compile(r"^\s*(?:[-*+]\s+)?(?:\*\*)?(?P<abbr>[A-Za-z][\w&/]*)(?:\*\*)?\s+[–—:-]\s+(?P<expansion>\S.*)$")


def _glossary_lines(markdown: str) -> Iterable[tuple[int, str, str]]:
    """(line index, abbreviation, expansion) of each definition in a glossary section
    inside the document: under a heading or bold line naming a glossary, abbreviations
    or acronyms, a two-column table or "ABBR – expansion" lines, to the next heading."""
    inside = False
    for index, line in enumerate(markdown.split("\n")):
        if ATX_HEADING.match(line) or BOLD_LINE.match(line):
            title = line.strip().lstrip("#").strip().strip("*_").strip()
            inside = bool(GLOSSARY_HEADING.search(title)) and "glossary" in section_keys(title)
            continue
        if not inside or not line.strip() or TABLE_RULE.match(line):
            continue
        match = TABLE_ROW.match(line) if "|" in line else DASH_LINE.match(line)
        if match and len(match.group("abbr").split()) <= 3:
            yield index, match.group("abbr").strip("*_ "), match.group("expansion").strip("*_ ")


def document_glossary(markdown: str) -> Glossary:
    """The abbreviations a glossary section inside the document defines; they count for
    that document beside the review's and the shared glossary."""
    entries = []
    for _, abbr, written in _glossary_lines(markdown):
        if abbr.casefold() in ("abbreviation", "acronym", "abbr", "term"):
            continue
        # "Emergency Duty Team – the out-of-hours service", "Child in Need (section 17…)":
        # the expansion, then an explanation.
        expansion = EXPLANATION_START.split(written, maxsplit=1)[0].strip() or written
        explanation = written if expansion != written else ""
        entries.append(Abbreviation(abbr, expansion, explanation))
    return Glossary(entries)


def _blank_lines(text: str, indices: set[int]) -> str:
    if not indices:
        return text
    lines = text.split("\n")
    return "\n".join(_blank(line) if i in indices else line for i, line in enumerate(lines))


def _uses(markdown: str, glossary: Glossary, key_acronyms: Iterable[str]) -> tuple[str, list[_Use]]:
    """The masked text and every candidate use outside key acronyms, in order."""
    return _uses_of(markdown, glossary, frozenset(key_acronyms))


@lru_cache(maxsize=4)  # the check asks twice per document: unknown, then first use
def _uses_of(markdown: str, glossary: Glossary, key_acronyms: frozenset[str]) -> tuple[str, list[_Use]]:
    masked = mask_non_prose(markdown)
    masked = _blank_lines(masked, {index for index, _, _ in _glossary_lines(masked)})
    keys, headings = _key_spans(masked, key_acronyms), _heading_spans(masked)
    titles, prefixes = _title_spans(masked), _key_prefixes(key_acronyms)
    uses = []
    for match in finditer_from(_candidate_starts(glossary), _candidate_pattern(glossary), masked):
        abbr = match.group("known") or match.group("caps")
        start, end = match.span()
        if not _is_candidate(abbr, glossary, prefixes) or _inside(keys, start, end):
            continue
        in_title = _inside(titles, start, end)
        if in_title and abbr not in glossary:
            continue  # a word of a title in capitals
        uses.append(_Use(start, end, match.group(0), abbr, in_title or _inside(headings, start, end)))
    return masked, uses


def _key_words(key_acronyms: Iterable[str]) -> set[str]:
    """Every key acronym and each of its words ("GP Practice 1" -> GP, Practice, 1)."""
    acronyms = set(key_acronyms)
    return acronyms | {word for acronym in acronyms for word in acronym.split()}


class _Positions:
    """1-based line and column of an offset, the line shifted to the file's."""

    def __init__(self, text: str, first_line: int) -> None:
        self._starts = [0] + [m.end() for m in re.finditer(r"\n", text)]
        self._first_line = first_line

    def __call__(self, offset: int) -> tuple[int, int]:
        index = bisect.bisect_right(self._starts, offset) - 1
        return index + self._first_line, offset - self._starts[index] + 1


# --- unknown abbreviations ---------------------------------------------------------


def find_unknown_abbreviations(
    markdown: str, *, glossary: Glossary, key_acronyms: Iterable[str], first_line: int = 1
) -> list[AbbreviationProblem]:
    """Abbreviations neither in the glossary nor the key, each once, at its first use."""
    acronyms = tuple(key_acronyms)
    exempt = _key_words(acronyms)
    _, uses = _uses(markdown, glossary, acronyms)
    unknown = [u for u in uses if u.abbr not in glossary and u.abbr not in exempt]
    counts: dict[str, int] = {}
    for use in unknown:
        counts[use.abbr] = counts.get(use.abbr, 0) + 1
    position, problems, seen = _Positions(markdown, first_line), [], set()
    for use in unknown:
        if use.abbr in seen:
            continue
        seen.add(use.abbr)
        line, column = position(use.start)
        message = _unknown_message(use.abbr, counts[use.abbr])
        problems.append(AbbreviationProblem(line, column, use.abbr, "unknown", message))
    return problems


def _unknown_message(abbr: str, count: int) -> str:
    times = f" (used {count} times in this document)" if count > 1 else ""
    return (
        f'abbreviation "{abbr}"{times} is neither in the glossary nor the key; add it to '
        "the review's glossary.yml (abbr and expansion) or write it in full"
    )


# --- spelled out at first use ------------------------------------------------------


CONNECTIVES = frozenset({"and", "or"})
#: Prefixes written with or without a hyphen: "co-ordinator" / "coordinator".
HYPHENATED_PREFIX = re.compile(r"\b(co|re|pre|non|inter|sub)-(?=[^\W\d_])")


def _words(text: str) -> list[str]:
    """Words as compared for spelling out: case, apostrophes, the hyphen after a prefix
    ("Co-ordinator") and the connectives "and", "or", "&" do not count."""
    folded = text.casefold().replace("'", "").replace("\u2019", "")
    folded = HYPHENATED_PREFIX.sub(r"\1", folded)
    return [w for w in re.findall(r"[^\W_]+", folded) if w not in CONNECTIVES]


_TRAILING_REMARK = re.compile(r"\s*\([^()]*\)\s*$")


def _expansion_words(expansion: str) -> list[str]:
    """The words an author must write: a glossary's bracketed remark after the
    expansion ("Domestic Violence Disclosure Scheme (Clare's Law)", "Emergency Duty
    Team (out-of-hours social work)") explains it and is not part of it."""
    words = _words(_TRAILING_REMARK.sub("", expansion) or expansion)
    return words[1:] if len(words) > 1 and words[0] == "the" else words


def _same_word(found: str, expected: str) -> bool:
    plurals = {expected + "s", expected + "es", IRREGULAR_PLURALS.get(expected, "")}
    if expected.endswith("y"):
        plurals.add(expected[:-1] + "ies")
    return found == expected or found in plurals


def _same_words(found: list[str], expected: list[str]) -> bool:
    return len(found) == len(expected) and all(map(_same_word, found, expected))


OPENING_BEFORE = re.compile(r"\([ \t]*[*_]*$")
CLOSING_AFTER = re.compile(r"[*_]*[ \t]*[),;]")
OPENING_AFTER = re.compile(r"[*_]*[ \t]*\(")
LOOK_AROUND = 400  # characters: longer than any expansion
QUALIFIER_WORDS = 6  # words allowed between an expansion and its bracketed abbreviation


def _text_before(masked: str, use: _Use) -> str:
    return masked[max(0, use.start - LOOK_AROUND) : use.start]


def _expansion_before(masked: str, use: _Use, expected: list[str]) -> bool:
    """``Expansion (ABBR)``: the use sits in brackets right after its expansion."""
    before = _text_before(masked, use)
    opening = OPENING_BEFORE.search(before)
    if not opening or not CLOSING_AFTER.match(masked, use.end):
        return False
    words = _words(before[: opening.start()])
    if _same_words(words[-len(expected) :], expected):
        return True
    # "section 17 of the Children Act 1989 (S17)": the expansion, then what it belongs to.
    window = words[-(len(expected) + QUALIFIER_WORDS) :]
    return any(_same_words(window[i : i + len(expected)], expected) for i in range(len(window)))


def _attempted(masked: str, use: _Use) -> bool:
    """The author spelled the use out in some form: ``... (ABBR)`` or ``ABBR (...)``."""
    bracketed = OPENING_BEFORE.search(_text_before(masked, use)) and CLOSING_AFTER.match(masked, use.end)
    after = OPENING_AFTER.match(masked, use.end)
    # "Ofsted (2014) In the child's time": a year or page in brackets is a reference.
    words_after = after and re.match(r"[^)]*[^\W\d_]{2}", masked[after.end() : after.end() + LOOK_AROUND].split(")")[0])
    return bool(bracketed or words_after)


def _expansion_after(masked: str, use: _Use, expected: list[str]) -> bool:
    """``ABBR (Expansion)``: the expansion follows in brackets."""
    after = masked[use.end : use.end + LOOK_AROUND]
    opening = OPENING_AFTER.match(after)
    if not opening:
        return False
    inside = after[opening.end() :].split(")", 1)[0]
    return _same_words(_words(inside)[: len(expected)], expected)


def _is_spelled_out(masked: str, use: _Use, entry: Abbreviation) -> bool:
    expected = _expansion_words(entry.expansion)
    return bool(expected) and (_expansion_before(masked, use, expected) or _expansion_after(masked, use, expected))


@dataclass(frozen=True)
class _Missing:
    """A first use that is not spelled out in the glossary's words."""

    use: _Use
    entry: Abbreviation
    attempted: bool  # spelled out, but in other words than the glossary's


def _first_uses_not_spelled_out(markdown: str, glossary: Glossary, key_acronyms: Iterable[str]) -> list[_Missing]:
    """The first body use of each glossary abbreviation, where it is not spelled out."""
    acronyms = set(key_acronyms)
    masked, uses = _uses(markdown, glossary, acronyms)
    settled: set[str] = set()
    missing = []
    for use in uses:
        entry = glossary.get(use.abbr)
        if entry is None or use.abbr in acronyms or use.abbr in settled:
            continue
        if _is_spelled_out(masked, use, entry):
            settled.add(use.abbr)
        elif not use.in_heading:
            settled.add(use.abbr)
            missing.append(_Missing(use, entry, _attempted(masked, use)))
    return missing


def _not_spelled_out_message(missing: _Missing) -> str:
    abbr, expansion = missing.use.abbr, missing.entry.expansion
    if missing.attempted:
        return (
            f'first use of "{abbr}" is spelled out in other words than the glossary\'s '
            f'"{expansion}"; use the glossary\'s words, or correct the glossary entry'
        )
    return f'first use of "{abbr}" is not spelled out; write "{expansion} ({abbr})" here, or "{abbr} ({expansion})"'


def find_first_use_not_spelled_out(
    markdown: str, *, glossary: Glossary, key_acronyms: Iterable[str], first_line: int = 1
) -> list[AbbreviationProblem]:
    """Glossary abbreviations whose first use is not "Expansion (ABBR)" or "ABBR (Expansion)"."""
    position = _Positions(markdown, first_line)
    problems = []
    found = _first_uses_not_spelled_out(markdown, glossary, key_acronyms)
    later = _spelled_out_later(markdown, glossary, key_acronyms, {m.use.abbr for m in found if not m.attempted})
    for missing in found:
        line, column = position(missing.use.start)
        message = _not_spelled_out_message(missing)
        if missing.use.abbr in later:
            where = position(later[missing.use.abbr])[0]
            message = (
                f'"{missing.use.abbr}" is used here before it is spelled out (line {where}); '
                "spell it out at this first use instead"
            )
        problems.append(AbbreviationProblem(line, column, missing.use.abbr, "not-spelled-out", message))
    return problems


def _spelled_out_later(
    markdown: str, glossary: Glossary, key_acronyms: Iterable[str], wanted: set[str]
) -> dict[str, int]:
    """Offset of the first spelled-out use of each abbreviation of ``wanted``, if any."""
    if not wanted:
        return {}
    masked, uses = _uses(markdown, glossary, set(key_acronyms))
    found: dict[str, int] = {}
    for use in uses:
        entry = glossary.get(use.abbr)
        if use.abbr in wanted and use.abbr not in found and entry and _is_spelled_out(masked, use, entry):
            found[use.abbr] = use.start
    return found


# --- rewriting the output ----------------------------------------------------------


def pluralise(phrase: str) -> str:
    """A naive English plural of a phrase's last word ("Health Visitor" -> "Health Visitors")."""
    head, _, last = phrase.rpartition(" ")
    lower = last.casefold()
    if lower in IRREGULAR_PLURALS:
        plural = last[0] + IRREGULAR_PLURALS[lower][1:]
    elif re.search(r"[^aeiou]y$", lower):
        plural = last[:-1] + "ies"
    elif re.search(r"(?:s|x|z|ch|sh)$", lower):
        plural = last + "es"
    else:
        plural = last + "s"
    return f"{head} {plural}" if head else plural


def expand_first_use(markdown: str, *, glossary: Glossary, key_acronyms: Iterable[str]) -> str:
    """``markdown`` with each first use that is not spelled out written "Expansion (ABBR)".

    Meant for the rendered output only, never the author's file. Code, link targets
    and headings are left alone; text already spelled out is returned unchanged, and
    so is a use the author spelled out in other words ("... (ABBR)"), so the output
    never nests two expansions.
    """
    result = markdown
    missing = _first_uses_not_spelled_out(markdown, glossary, key_acronyms)
    for item in sorted(missing, key=lambda m: m.use.start, reverse=True):
        if item.attempted:
            continue  # the author's own wording stays; the check reports it
        use = item.use
        expansion = pluralise(item.entry.expansion) if use.plural else item.entry.expansion
        result = f"{result[: use.start]}{expansion} ({use.token}){result[use.end :]}"
    return result


__all__: list[str] = [
    "AbbreviationProblem",
    "ORDINARY_CAPITALS",
    "document_glossary",
    "expand_first_use",
    "find_first_use_not_spelled_out",
    "find_unknown_abbreviations",
    "mask_non_prose",
    "pluralise",
]


def clear_cache() -> None:
    """Forget the glossaries' patterns and the last documents' uses (at the end of a
    plugin session)."""
    _candidate_pattern.cache_clear()
    _uses_of.cache_clear()
