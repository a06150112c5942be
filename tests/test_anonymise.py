"""The anonymisation engine and the publication gate: rules, locations, properties."""

from __future__ import annotations

import gzip
from html.parser import HTMLParser
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casereview.anonymise import Anonymiser, Leak, format_leak, name_forms, scan_paths, strip_html_comments
from casereview.sources.key import Key
from test_anonymise_support import fixture_key, html_pdf, with_pdf_extras

KEY = fixture_key()


def acronyms_in(path: Path, key: Key = KEY) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for leak in scan_paths([path], key):
        found.setdefault(leak.acronym, set()).add(leak.location)
    return found


# --- name forms ---------------------------------------------------------------------------
def test_forms_cover_given_names_surname_and_hyphen_parts_but_not_titles() -> None:
    forms = {f.tokens: f.acronym for f in name_forms(KEY)}
    assert forms[("tilly",)] == "Child T"
    assert forms[("harper", "quinn")] == "Child T"
    assert forms[("quinn",)] == "Child T"
    assert forms[("ramanathan",)] == "SW1"
    assert ("ms",) not in forms
    assert forms[("margaret", "ellison", "bray")] is None  # public: protected, never a leak
    assert ("margaret",) not in forms


def test_shared_surname_goes_to_the_entity_whose_whole_surname_it_is() -> None:
    """Harper is Mother M's surname but only part of Child T's: Mother M takes it."""
    assert Anonymiser(KEY).substitute("Harper rang") == "Mother M rang"


def test_short_tokens_are_not_forms() -> None:
    key = Key.from_mapping({"entities": [{"acronym": "Father F", "category": "family", "names": ["Al Jo Smithers"]}]})
    assert Anonymiser(key).substitute("Al and Jo") == "Al and Jo"
    assert Anonymiser(key).substitute("Al Jo Smithers") == "Father F"


def test_key_common_words_match_only_capitalised() -> None:
    key = Key.from_mapping(
        {
            "entities": [
                {"acronym": "Father F", "category": "family", "names": ["Dale Fields"], "common_words": ["Fields"]}
            ]
        }
    )
    anonymiser = Anonymiser(key)
    assert anonymiser.substitute("in the fields") == "in the fields"
    assert anonymiser.substitute("Mr Fields came") == "Father F came"


# --- substitution ---------------------------------------------------------------------------
class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append(tag)

    def handle_endtag(self, tag: str) -> None:
        self.tags.append("/" + tag)


def _tag_sequence(markup: str) -> list[str]:
    parser = _Tags()
    parser.feed(markup)
    return parser.tags


def test_substitution_keeps_every_tag_of_a_page() -> None:
    page = (
        '<html><head><title>Tilly</title><meta name="author" content="Priya Ramanathan">'
        '</head><body><h1 id="tilly">Tilly Harper-Quinn</h1><p>Ti<em>lly</em> and '
        '<a href="/x/Kayleigh/" title="Kayleigh">Kay<strong>leigh</strong></a>.</p>'
        '<img alt="Zoë" src="z.png"></body></html>'
    )
    out = Anonymiser(KEY).substitute(page)
    assert _tag_sequence(out) == _tag_sequence(page)
    assert not Anonymiser(KEY).has_names(out)
    assert '<h1 id="Child T">Child T</h1>' in out


def test_full_name_is_one_acronym_not_one_per_part() -> None:
    assert Anonymiser(KEY).substitute("Tilly Harper-Quinn.") == "Child T."


def test_strip_html_comments() -> None:
    assert strip_html_comments("a<!-- Tilly\n -->b<!--x-->c<!-- open") == "abc"


def test_anonymiser_reuses_the_automaton() -> None:
    assert Anonymiser(fixture_key())._matcher is Anonymiser(fixture_key())._matcher


# --- the gate: locations and messages --------------------------------------------------------
def test_leak_locations_name_line_page_metadata_and_file(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text("<p>ok</p>\n<p>fine</p>\n<p>Okafor</p>\n", encoding="utf-8")
    (tmp_path / "sitemap.xml.gz").write_bytes(gzip.compress(b"<loc>x</loc>\n<loc>/zoe/</loc>"))
    base = html_pdf("<p>Child T</p><p style='page-break-before: always'>Kayleigh</p>")
    (tmp_path / "doc.pdf").write_bytes(with_pdf_extras(base, "pdf-title", "Tilly"))
    (tmp_path / "tilly.txt").write_text("nothing", encoding="utf-8")
    found = acronyms_in(tmp_path)
    assert found["Aunt G"] == {"line 3"}
    assert found["Sibling Z"] == {"line 2 (decompressed)"}
    assert "page 2" in found["Mother M"]
    assert {"metadata /Title", "file name"} <= found["Child T"]


def test_leak_message_names_the_acronym_never_the_name(tmp_path: Path) -> None:
    (tmp_path / "x.html").write_text("<p>Kayleigh Harper</p>", encoding="utf-8")
    [leak] = scan_paths([tmp_path], KEY)
    message = format_leak(leak)
    assert message == (
        f'LEAK: "Mother M" in {tmp_path / "x.html"} line 1: a real name of this '
        "key entity is published; replace it with the acronym"
    )
    assert "Kayleigh" not in message and "Harper" not in message
    assert leak == Leak("Mother M", tmp_path / "x.html", "line 1")


def test_invalid_utf8_file_is_still_read(tmp_path: Path) -> None:
    (tmp_path / "legacy.txt").write_bytes(b"\xff\xfe\xfd Zo\xeb O'Rourke")  # Latin-1 e-umlaut
    assert "Sibling Z" in acronyms_in(tmp_path)


def test_parallel_scan_finds_the_same_leaks(tmp_path: Path) -> None:
    for index in range(6):
        text = "<p>Quinn</p>" if index == 4 else "<p>clean</p>"
        (tmp_path / f"p{index}.html").write_text(text, encoding="utf-8")
    serial = scan_paths([tmp_path], KEY, workers=1)
    assert serial == scan_paths([tmp_path], KEY, workers=2)
    assert [leak.path.name for leak in serial] == ["p4.html"]


# --- properties -----------------------------------------------------------------------------
SYLLABLES = ["bra", "ken", "dor", "vil", "mun", "tas", "zel", "rok", "fen", "lud"]
FILLER = [
    "the",
    "report",
    "noted",
    "that",
    "on",
    "Monday",
    "visited",
    "school",
    "and",
    "Child",
    "T",
    "was",
    "seen",
    "by",
    "SW1",
    "Margaret",
    "Ellison-Bray",
    "1.2",
]


@st.composite
def invented_person(draw: st.DrawFn) -> tuple[str, str]:
    word = st.lists(st.sampled_from(SYLLABLES), min_size=2, max_size=3).map("".join)
    first, last = draw(word).title(), draw(word).title()
    if draw(st.booleans()):
        last += "-" + draw(word).title()
    return first, last


def _spelling(first: str, last: str, how: str) -> str:
    return {
        "full": f"{first} {last}",
        "first": first,
        "last": last.split("-")[-1],
        "upper": f"{first} {last}".upper(),
        "lower": f"{first} {last}".lower(),
        "possessive": f"{first}’s",
        "newline": f"{first}\n  {last}",
        "entity": f"&#{ord(first[0])};{first[1:]}",
        "tag": f"{first[:2]}<em>{first[2:]}</em>",
        "zero-width": f"{first[:2]}\u200b{first[2:]}",
        "url": f"{first}%20{last}",
    }[how]


placements = st.lists(
    st.tuples(
        st.sampled_from(
            ["full", "first", "last", "upper", "lower", "possessive", "newline", "entity", "tag", "zero-width", "url"]
        ),
        st.integers(0, 30),
    ),
    min_size=1,
    max_size=4,
)
filler = st.lists(st.sampled_from(FILLER), min_size=0, max_size=30)


def _key_with(first: str, last: str) -> Key:
    person = {"acronym": "Person P", "category": "family", "names": [f"{first} {last}"]}
    data = {
        "entities": [
            person,
            {"acronym": "SW1", "category": "professional", "names": ["Ann Other"]},
            {"acronym": "Chair", "category": "official", "public": True, "names": ["Margaret Ellison-Bray"]},
        ]
    }
    return Key.from_mapping(data)


def _plant(words: list[str], spellings: list[str], positions: list[int]) -> str:
    words = list(words)
    for spelling, position in zip(spellings, positions, strict=True):
        words.insert(min(position, len(words)), spelling)
    return "<p>" + " ".join(words) + "</p>"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(person=invented_person(), where=placements, words=filler)
def test_every_planted_name_is_substituted_and_flagged(
    person: tuple[str, str], where: list[tuple[str, int]], words: list[str], tmp_path_factory
) -> None:
    key = _key_with(*person)
    text = _plant(words, [_spelling(*person, how) for how, _ in where], [p for _, p in where])
    folder = tmp_path_factory.mktemp("planted")
    (folder / "page.html").write_text(text, encoding="utf-8")
    assert {leak.acronym for leak in scan_paths([folder], key)} == {"Person P"}
    anonymised = Anonymiser(key).substitute(text)
    assert not Anonymiser(key).has_names(anonymised)
    assert _tag_sequence(anonymised) == _tag_sequence(text)
    (folder / "page.html").write_text(anonymised, encoding="utf-8")
    assert scan_paths([folder], key) == []


@settings(max_examples=60, deadline=None)
@given(person=invented_person(), words=filler)
def test_text_without_names_is_untouched(person: tuple[str, str], words: list[str]) -> None:
    text = _plant(words, [], [])
    assert Anonymiser(_key_with(*person)).substitute(text) == text
    assert not Anonymiser(_key_with(*person)).has_names(text)


def test_compressed_pdf_noise_that_spells_a_name_is_not_a_leak() -> None:
    """Binary stream bodies are not text: a chance run of letters in them must not
    block a clean build, while a name in the PDF's readable parts still does."""
    import random

    from casereview.anonymise import matcher_for, scan_bytes
    from test_anonymise_support import fixture_key

    rng = random.Random(7)
    noise = bytes(rng.randrange(256) for _ in range(6000))
    body = noise[:3000] + b"\x00Tilly\x01" + noise[3000:]
    pdf = (
        b"%PDF-1.7\n1 0 obj\n<< /Length "
        + str(len(body)).encode()
        + b" /Filter /FlateDecode >>\nstream\n"
        + body
        + b"\nendstream\nendobj\n%%EOF\n"
    )
    matcher = matcher_for(fixture_key())
    assert list(scan_bytes(pdf, "x.pdf", matcher)) == []
    readable = pdf.replace(b"endobj\n", b"endobj\n2 0 obj\n(Tilly Harper-Quinn)\nendobj\n")
    assert [acronym for acronym, _ in scan_bytes(readable, "x.pdf", matcher)] == ["Child T"]


@settings(max_examples=400, deadline=None)
@given(
    tokens=st.lists(st.sampled_from(["a", "ab", "b", "ba"]), min_size=1, max_size=3).map(tuple),
    view=st.text(alphabet="ab ", max_size=16),
    start=st.integers(0, 16),
)
def test_multi_token_forms_end_where_the_regular_expression_ends(tokens, view, start) -> None:
    import re

    from casereview.anonymise.matcher import _tokens_end

    match = re.compile(" +".join(map(re.escape, tokens)) + "(?= )").match(view, start)
    assert _tokens_end(view, start, tokens) == (match.end() if match else None)


def test_a_common_word_name_in_an_ordinary_phrase_is_left_alone() -> None:
    """review-c's trap B2: the child is Summer, and schools have a Summer term."""
    key = Key.from_mapping({"entities": [{"acronym": "Child R", "category": "family", "names": ["Summer Ridgway"]}]})
    anonymiser = Anonymiser(key)
    assert anonymiser.substitute("Attendance in the Summer term was 84%.") == "Attendance in the Summer term was 84%."
    assert anonymiser.substitute("over the Summer holidays") == "over the Summer holidays"
    assert anonymiser.substitute("Summer said she was cold.") == "Child R said she was cold."
    assert anonymiser.substitute("Summer Ridgway term") == "Child R term"
