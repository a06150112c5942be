"""Names are replaced a piece of a large page at a time (issue 15: a 5 MB IMR cost
350 MB in one call); the result must be that of one call on the whole text."""

from __future__ import annotations

import random

import casereview.render.site as sitestate
from casereview.anonymise import Anonymiser
from casereview.sources.key import Entity, Key

KEY = Key(
    [
        Entity("Mother M", "family", names=("Grace Fenwick",), aliases=("Gracie",)),
        Entity("Child A", "family", names=("Poppy Fenwick-Lowe",)),
    ]
)


def _page(markup: bool, paragraphs: int = 400) -> str:
    rnd = random.Random(15)
    names = ["Grace Fenwick", "Gracie's", "Poppy Fenwick-Lowe", "Gra<em>ce</em> Fenwick", "Grace\nFenwick"]
    parts = []
    for index in range(paragraphs):
        words = " ".join(rnd.choice(["the", "visit", "home", "school", rnd.choice(names)]) for _ in range(40))
        parts.append(f"<p>{words} {index}.</p>\n" if markup else f"{words} {index}.\n\n")
    return "".join(parts)


def test_pieces_cut_only_between_blocks() -> None:
    text = _page(markup=False)
    pieces = sitestate.text_pieces(text, size=2_000)
    assert "".join(pieces) == text and len(pieces) > 10
    assert all(piece.endswith("\n\n") for piece in pieces[:-1])
    html = _page(markup=True)
    assert all(p.endswith("</p>") for p in sitestate.text_pieces(html, size=2_000)[:-1])


def test_substitution_in_pieces_equals_one_call(monkeypatch) -> None:
    anonymiser = Anonymiser(KEY)
    monkeypatch.setattr(sitestate, "PIECE_CHARS", 2_000)
    for markup in (False, True):
        text = _page(markup)
        whole = anonymiser.substitute(text)
        assert "Grace" not in whole and "Poppy" not in whole
        assert sitestate.substitute_in_pieces(anonymiser, text) == whole


def test_a_small_text_is_one_call(monkeypatch) -> None:
    calls: list[int] = []
    anonymiser = Anonymiser(KEY)
    monkeypatch.setattr(anonymiser, "substitute", lambda text: calls.append(len(text)) or text)
    monkeypatch.setattr(sitestate, "PIECE_CHARS", 2_000)
    sitestate.substitute_in_pieces(anonymiser, "Grace Fenwick.\n\n" * 10)
    sitestate.substitute_in_pieces(anonymiser, _page(markup=False))
    assert calls[0] == 160 and len(calls) > 10 and max(calls[1:]) < 3_000


def test_a_large_page_is_kept_as_ascii_and_reads_the_same(monkeypatch) -> None:
    import html

    monkeypatch.setattr(sitestate, "PIECE_CHARS", 100)
    page = "<table>" + "<tr><td>12.03.2023 · Zoë’s visit – seen</td></tr>\n" * 10 + "</table>"
    ascii_page = sitestate._as_ascii(page)
    assert ascii_page.isascii() and html.unescape(ascii_page) == page
    assert sitestate._as_ascii("<p>Zoë</p>") == "<p>Zoë</p>"  # small: as it is
    scripted = page + "<script>const mark = '·';</script>"
    assert sitestate._as_ascii(scripted) == scripted  # a script would read &#183; literally
