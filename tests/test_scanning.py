"""The check's faster patterns find what the plain ones they replaced found.

The detector and the abbreviation check try their costly patterns only where a match
can start, and move look-behinds after a first character; the plain patterns, written
out below as they were, are the specification."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from casereview.checks import abbreviations, detect
from casereview.checks.audit_presets import SYNONYMS, may_name_section, section_key
from casereview.checks.check import without_references
from casereview.checks.scanning import finditer_from, word_start
from casereview.chronology.dates import CellProblem, parse_date_text
from casereview.sources.glossary import Abbreviation, Glossary

PIECES = [
    *"aAbBdDGIKNoOrRSsZ0123456789 \n\t-./+()@&'’_*[]#:|{}",
    "\x00", "\u0130", "\u0131", "\u212a", "\u017f", "É", "Mc", "Mac", "O'", "D’", "Mr ", "Dr. ", "DC ",
    "born ", "D.O.B ", "dı", "07700 900123", "+44 (0)20 ", "SW1A 1AA", "GIR 0AA", "AB 12 34 56 C",
    "943 476 5919", "](x)", "CSC-R4", "GP Practice 1", "JONES SMITH BROWN", "MARLSHIRE BOARD ", "A&E",
]  # fmt: skip
TEXTS = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)

PLAIN = {  # the patterns as they were: a look-behind first
    "nhs": (re.compile(r"(?<![\w+/.\-])(\d{3})([ \-]?)(\d{3})\2(\d{4})(?![\w/\-]|\.\d)"), None),
    "ni": (detect._NI, None),
    "postcode": (detect._POSTCODE, None),
    "phone": (detect._PHONE, None),
    "word": (detect._WORD, None),
    "titled": (detect._TITLED, None),
    "lower": (re.compile(r"(?<![\w'\u2019])[a-z][a-z'\u2019]*"), None),
    "run": (re.compile(r"(?<![\w&])[A-Z][A-Z&'’.-]+(?:[ \t]*[:,–—-]?[ \t]+[A-Z][A-Z&'’.-]*){2,}(?![\w&])"), None),
}
FAST = {
    "nhs": (detect._NHS, None),
    "ni": (detect._NI, detect._NI_STARTS),
    "postcode": (detect._POSTCODE, detect._POSTCODE_STARTS),
    "phone": (detect._PHONE, detect._PHONE_STARTS),
    "word": (detect._WORD, detect._WORD_STARTS),
    "titled": (detect._TITLED, detect._TITLED_STARTS),
    "lower": (detect._LOWER_WORD, None),
    "run": (abbreviations.CAPITALS_RUN, None),
}
PLAIN_INLINE = {  # by the literal that gates each in mask_non_prose
    "](": re.compile(r"(?<=\])\([^)\n]*\)"),
    "-": re.compile(r"(?<![\w-])[A-Z][A-Z0-9]*-[A-Z]{0,3}\d+(?:\.\d+)*(?![\w-])"),
    "": re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}\b"),
}
DOB = re.compile(detect._DOB.pattern, detect._DOB.flags)


def _spans(pattern: re.Pattern[str], starts: re.Pattern[str] | None, text: str) -> list[tuple]:
    return [(m.span(), m.groups()) for m in finditer_from(starts, pattern, text)]


@settings(max_examples=800, deadline=None)
@given(text=TEXTS)
def test_fast_patterns_find_what_the_plain_ones_found(text: str) -> None:
    for name, (pattern, starts) in FAST.items():
        assert _spans(pattern, starts, text) == _spans(*PLAIN[name], text), name
    fast_inline = {trigger: p for trigger, p in abbreviations.INLINE_IGNORED if isinstance(trigger, str)}
    for trigger, plain in PLAIN_INLINE.items():
        fast = fast_inline[trigger]
        assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)], plain.pattern
    if DOB.search(text):
        assert detect._may_state_a_birth(text)


@settings(max_examples=400, deadline=None)
@given(text=TEXTS)
def test_key_acronyms_and_glossary_abbreviations_found_as_by_one_alternation(text: str) -> None:
    acronyms = ["SW1", "GP Practice 1", "DC", "A&E", "O'"]
    plain = re.compile(
        r"(?<![\w&])(?:GP\s+Practice\s+1|A&E|SW1|DC|O')(?![\w&])"
    )  # longest first, as _key_spans orders them
    assert abbreviations._key_spans(text, acronyms) == [m.span() for m in plain.finditer(text)]
    glossary = Glossary([Abbreviation("CSC", "Children's Social Care", ""), Abbreviation("e.g.", "for example", "")])
    masked = abbreviations.mask_non_prose(text)
    candidates = abbreviations._candidate_pattern(glossary)
    starts = abbreviations._candidate_starts(glossary)
    assert [m.span() for m in finditer_from(starts, candidates, masked)] == [
        m.span() for m in candidates.finditer(masked)
    ]


def test_word_start_skips_letters_inside_words() -> None:
    assert [m.start() for m in word_start("A-Z", r"\w").finditer("A bC D-E")] == [0, 5, 7]


@settings(max_examples=1500, deadline=None)
@given(written=st.lists(st.sampled_from([*"0123456789./-", "?", "x", " ", "c.", "20"]), max_size=12).map("".join))
def test_dates_of_digits_read_as_before(written: str) -> None:
    """The shortcut for cells of digits and separators gives what the full reading gave."""
    from casereview.chronology import dates

    def read(text: str, shortcut: bool) -> object:
        saved = dates._DIGITS_AND_SEPARATORS
        dates._DIGITS_AND_SEPARATORS = saved if shortcut else re.compile(r"(?!)")
        try:
            return parse_date_text(text)
        except CellProblem as problem:
            return str(problem), problem.fallback
        except ValueError as error:  # "0000": year 0 (not this test's concern, but alike both ways)
            return type(error), str(error)
        finally:
            dates._DIGITS_AND_SEPARATORS = saved

    assert read(written, True) == read(written, False)


def test_letters_that_ignorecase_reads_as_ascii_still_start_a_match() -> None:
    """The Kelvin sign reads as K and the long s as S for the NI pattern; a dotless or
    dotted I as an i for the date-of-birth one."""
    for text in ("ref \u212aA 12 34 56 C", "ref \u017fA123456B"):
        assert _spans(detect._NI, detect._NI_STARTS, text) == _spans(detect._NI, None, text) != []
    for text in ("date of b\u0131rth 3.4.2019", "date of b\u0130rth 3.4.2019"):
        assert DOB.search(text) and detect._may_state_a_birth(text)
    assert not detect._may_state_a_birth("seen on 3.4.2019")


HEADING_WORDS = [w for synonyms in SYNONYMS.values() for s in synonyms for w in s.split()]


@settings(max_examples=1500, deadline=None)
@given(
    words=st.lists(st.sampled_from([*HEADING_WORDS, "&", "'", "’", "1.", "{#x}", "İ", "refer'ences", "x"]), max_size=5),
    joiner=st.sampled_from([" ", "", "-"]),
    upper=st.booleans(),
)
def test_the_references_shortcut_never_skips_a_references_heading(words: list[str], joiner: str, upper: bool) -> None:
    heading = joiner.join(words).upper() if upper else joiner.join(words)
    if section_key(heading) == "references":
        assert may_name_section(heading, "references")


def test_a_references_section_is_still_left_out_of_the_detector() -> None:
    body = "## Analysis\nSeen by Jordan Fairley, as the Terms of Reference ask.\n\n## 9. Refer'ences & Research\nSmith J (2019) A study.\n"
    assert without_references(body).split("\n")[4] == ""
    assert "Fairley" in without_references(body)
