"""Numbered paragraphs, labels and citations, on Markdown rendered by Python-Markdown."""

from __future__ import annotations

import re
import time
from pathlib import Path

import markdown
import pytest

from casereview.render.numbering import UnresolvedCitation, number_paragraphs, resolve_citations
from casereview.sources.citations import SourceCitation, SourceLabel, check_citations, find_citations, find_labels

EXTENSIONS = ["attr_list", "tables", "admonition", "footnotes", "toc"]


def render(text: str) -> str:
    return markdown.markdown(text, extensions=EXTENSIONS)


def numbers(html: str) -> list[str]:
    return re.findall(r'data-para="([^"]+)"', html)


def paragraph_tag_around(html: str, word: str) -> str:
    """The start tag of the innermost <p> containing ``word``."""
    at = html.index(word)
    start = html.rindex("<p", 0, at)
    return html[start : html.index(">", start) + 1]


def shown_citations(html: str) -> list[tuple[str, str]]:
    """(href, text shown) of every filled citation link."""
    return re.findall(r'<a href="([^"]+)" class="para-ref">([^<]*)</a>', html)


def number_of_id(html: str, element_id: str) -> str:
    found = re.search(rf'<p[^>]* id="{re.escape(element_id)}" data-para="([^"]+)"', html)
    if found is None:
        raise LookupError(element_id)
    return found.group(1)


REPORT = """\
# Independent Management Review: Police

This review was commissioned by the board.

## Introduction

The police had contact with the family between 2021 and 2023.

This report follows the board's template. {#template}

## Analysis of involvement

### Q1: Referrals

The first referral was late. {#late-referral}

Officers attended on three occasions:

- 3 March 2022
- 9 April 2022

No strategy discussion was held.
{: #no-strategy }
"""


# ----------------------------------------------------------------------- numbering


def test_paragraphs_are_numbered_per_section_and_the_title_and_intro_are_not() -> None:
    html = number_paragraphs(render(REPORT)).html

    assert numbers(html) == ["1.1", "1.2", "2.1", "2.2", "2.3"]
    assert "data-para" not in paragraph_tag_around(html, "commissioned by the board")
    assert '<h2 id="introduction"><span class="heading-num">1</span> Introduction</h2>' in html
    assert '<span class="heading-num">2</span> Analysis of involvement' in html
    assert "heading-num" not in html[: html.index("</h1>")]
    assert "<h3" in html and 'heading-num">3' not in html


def test_number_is_shown_at_the_start_of_the_paragraph() -> None:
    html = number_paragraphs(render(REPORT)).html

    assert '<p id="p-1-1" data-para="1.1"><span class="para-num">1.1</span> The police had' in html


def test_trailing_label_becomes_the_id_and_is_not_shown() -> None:
    page = number_paragraphs(render(REPORT))

    assert page.labels == {"template": "1.2", "late-referral": "2.1", "no-strategy": "2.3"}
    assert "{#" not in page.html and "{:" not in page.html
    assert '<p id="late-referral" data-para="2.1"><span class="para-num">2.1</span> ' in page.html
    assert number_of_id(page.html, "no-strategy") == "2.3"


def test_inline_attribute_list_keeps_classes_and_own_line_one_keeps_them_too() -> None:
    text = "## S\n\nLead paragraph. {: #opening .lead }\n\nAnother.\n{: .note #second }\n"
    page = number_paragraphs(render(text))

    assert '<p class="lead" id="opening" data-para="1.1">' in page.html
    assert '<p class="note" id="second" data-para="1.2">' in page.html
    assert page.labels == {"opening": "1.1", "second": "1.2"}


def test_text_ending_in_braces_without_a_label_is_left_alone() -> None:
    html = number_paragraphs(render("## S\n\nThe set {a, b} is shown.\n")).html

    assert "The set {a, b} is shown." in html


def test_a_list_belongs_to_the_paragraph_before_it() -> None:
    text = (
        "## S\n\nOfficers attended:\n\n- first visit\n- second visit\n\n"
        "1. loose item\n\n    with a paragraph\n\n2. another\n\nAfter the lists.\n"
    )
    html = number_paragraphs(render(text)).html

    assert numbers(html) == ["1.1", "1.2"]
    assert number_of_id(html, "p-1-2") == "1.2"
    assert "After the lists." in html[html.index('data-para="1.2"') :]
    assert "data-para" not in paragraph_tag_around(html, "with a paragraph")


def test_tables_admonitions_quotes_footnotes_and_key_blocks_are_not_numbered() -> None:
    text = """\
## Findings

Body one.[^src]

| agency | contacts |
|---|---|
| CSC | <p>in-a-cell</p> |

!!! note "Panel note"
    in-an-admonition

> in-a-quote

<div class="casereview-no-number">
<p>in-the-key</p>
</div>

<p class="casereview-no-number">flagged-paragraph</p>

Body two.

[^src]: in-a-footnote
"""
    html = number_paragraphs(render(text)).html

    assert numbers(html) == ["1.1", "1.2"]
    assert number_of_id(html, "p-1-2") == "1.2"
    for word in [
        "in-a-cell",
        "in-an-admonition",
        "Panel note",
        "in-a-quote",
        "in-the-key",
        "flagged-paragraph",
        "in-a-footnote",
    ]:
        assert "data-para" not in paragraph_tag_around(html, word), word


def test_code_blocks_with_paragraph_markup_and_labels_are_untouched() -> None:
    text = "## S\n\nBefore.\n\n    <p>not a paragraph</p> {#in-code}\n\nAfter.\n"
    rendered = render(text)
    page = number_paragraphs(rendered)

    code = re.search(r"<pre>.*?</pre>", rendered, re.S)
    assert code is not None and code.group(0) in page.html
    assert numbers(page.html) == ["1.1", "1.2"]
    assert "in-code" not in page.labels


def test_raw_html_quirks_do_not_corrupt_the_page() -> None:
    html = (
        '<h2>S</h2>\n<!-- <p>commented</p> -->\n<script>var s = "<p>x</p>";</script>\n'
        '<p title="a > b">Quoted angle.</p>\n<p>  </p>\n<p>Last.</p>\n'
    )
    page = number_paragraphs(html)

    assert "<!-- <p>commented</p> -->" in page.html
    assert '<script>var s = "<p>x</p>";</script>' in page.html
    assert '<p title="a &gt; b" id="p-1-1" data-para="1.1">' in page.html
    assert "<p>  </p>" in page.html
    assert numbers(page.html) == ["1.1", "1.2"]


def test_unclosed_raw_html_paragraph_does_not_swallow_the_next_section() -> None:
    html = "<h2>A</h2>\n<p>Unclosed raw paragraph\n<h2>B</h2>\n<p>Closed.</p>\n"

    page = number_paragraphs(html)

    assert '<span class="heading-num">2</span> B' in page.html
    assert numbers(page.html) == ["2.1"]
    assert "<p>Unclosed raw paragraph\n" in page.html


def test_page_without_level_two_headings_is_left_unnumbered() -> None:
    rendered = render("# Synopsis\n\nOne. {#one}\n\nTwo.\n\n### Minor\n\nThree.\n")

    page = number_paragraphs(rendered)

    assert page.html == rendered
    assert page.labels == {}


def test_duplicate_label_on_a_page_keeps_the_first_number() -> None:
    page = number_paragraphs(render("## S\n\nA. {#same}\n\nB. {#same}\n"))

    assert page.labels == {"same": "1.1"}


def test_large_page_is_numbered_quickly() -> None:
    body = "".join(f"## Section {s}\n\n" + "Text [](#l-1) here.\n\n" * 50 for s in range(100))
    rendered = render(body + "## End\n\nTarget. {#l-1}\n")
    started = time.perf_counter()
    page = number_paragraphs(rendered)
    resolved, unresolved = resolve_citations(page.html, page_url="", label_index={"": page.labels})
    elapsed = time.perf_counter() - started

    assert len(numbers(page.html)) == 5001 and unresolved == []
    assert resolved.count(">101.1</a>") == 5000
    assert elapsed < 2.0


# ----------------------------------------------------------------------- citations


def test_same_page_and_cross_page_citations_show_the_number() -> None:
    police = number_paragraphs(render(REPORT))
    csc = number_paragraphs(render("## S\n\nSee [](#mine) and [](../police/#late-referral).\n\nMine. {#mine}\n"))
    index = {"reviews/x/imr/police/": police.labels, "reviews/x/imr/csc/": csc.labels}

    html, unresolved = resolve_citations(csc.html, page_url="reviews/x/imr/csc/", label_index=index)

    assert unresolved == []
    assert shown_citations(html) == [("#mine", "1.2"), ("../police/#late-referral", "2.1")]


@pytest.mark.parametrize(
    ("page_url", "href", "target"),
    [
        ("reviews/x/imr/csc/", "../police/#late", "reviews/x/imr/police/"),
        ("reviews/x/imr/csc/", "../../overview/#late", "reviews/x/overview/"),
        ("reviews/x/imr/csc.html", "police.html#late", "reviews/x/imr/police.html"),
        ("", "reviews/x/imr/police/#late", "reviews/x/imr/police/"),
        ("reviews/x/imr/csc/", "../../../../#late", ""),
        ("reviews/x/imr/csc/", "/reviews/x/imr/police/#late", "reviews/x/imr/police/"),
    ],
)
def test_relative_links_are_resolved_against_the_page_url(page_url: str, href: str, target: str) -> None:
    html, unresolved = resolve_citations(
        f'<p>see <a href="{href}"></a></p>',
        page_url=page_url,
        label_index={target: {"late": "4.2"}},
    )

    assert unresolved == []
    assert f'<a href="{href}" class="para-ref">4.2</a>' in html


def test_links_with_text_external_links_and_plain_page_links_are_untouched() -> None:
    html = (
        '<p><a href="#late">the late referral</a> <a href="https://example.org/a#late"></a> '
        '<a href="../police/"></a> <a class="headerlink" href="#late"></a></p>'
    )

    resolved, unresolved = resolve_citations(html, page_url="a/", label_index={"a/": {"late": "1"}})

    assert resolved == html and unresolved == []


def test_unknown_label_or_page_is_shown_and_reported() -> None:
    html = '<p><a href="#late-referal"> </a> and <a href="../nowhere/#x"></a></p>'

    resolved, unresolved = resolve_citations(html, page_url="r/csc/", label_index={"r/csc/": {"late-referral": "6.3"}})

    assert unresolved == [
        UnresolvedCitation("late-referal", "#late-referal"),
        UnresolvedCitation("x", "../nowhere/#x"),
    ]
    assert ">[unknown paragraph: late-referal]</a>" in resolved
    assert ">[unknown paragraph: x]</a>" in resolved
    assert 'class="para-ref para-ref-unknown"' in resolved


def _render_with_mkdocs(tmp_path: Path, pages: dict[str, str]) -> dict[str, str]:
    """page URL -> page.content, as MkDocs renders it (it rewrites .md links to URLs)."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files
    from mkdocs.structure.pages import Page

    docs = tmp_path / "docs"
    for path, text in pages.items():
        (docs / path).parent.mkdir(parents=True, exist_ok=True)
        (docs / path).write_text(text, encoding="utf-8")
    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text(f"site_name: t\nmarkdown_extensions: {EXTENSIONS}\n")
    config = load_config(str(config_file))
    files = get_files(config)
    rendered = {}
    for file in files.documentation_pages():
        page = Page(None, file, config)
        page.read_source(config)
        page.render(config, files)
        rendered[page.url] = page.content or ""
    return rendered


def _site(insert_early: bool) -> dict[str, str]:
    inserted = "A paragraph added in a later draft.\n\n" if insert_early else ""
    police = REPORT.replace("### Q1: Referrals\n\n", "### Q1: Referrals\n\n" + inserted)
    csc = (
        "# IMR: Children's Social Care\n\n## Introduction\n\n"
        + inserted
        + "Contact began in 2021. {#contact}\n\n## Analysis\n\n"
        "As the police report says in paragraph [](police.md#late-referral), the "
        "referral was late; see also [](#contact) and [](police.md#no-strategy).\n"
    )
    return {"reviews/x/imr/police.md": police, "reviews/x/imr/csc.md": csc}


def test_inserting_a_paragraph_renumbers_and_citations_follow_their_label(
    tmp_path: Path,
) -> None:
    shown_by_draft = []
    for insert_early in (False, True):
        contents = _render_with_mkdocs(tmp_path / str(insert_early), _site(insert_early))
        numbered = {url: number_paragraphs(html) for url, html in contents.items()}
        index = {url: page.labels for url, page in numbered.items()}
        html, unresolved = resolve_citations(
            numbered["reviews/x/imr/csc/"].html, page_url="reviews/x/imr/csc/", label_index=index
        )
        assert unresolved == []
        shown = shown_citations(html)
        assert [href for href, _ in shown] == [
            "../police/#late-referral",
            "#contact",
            "../police/#no-strategy",
        ]
        for href, number in shown:
            page_url, label = (
                ("reviews/x/imr/csc/", href[1:])
                if href.startswith("#")
                else ("reviews/x/imr/police/", href.split("#")[1])
            )
            assert number == number_of_id(numbered[page_url].html, label)
        shown_by_draft.append([number for _, number in shown])

    assert shown_by_draft == [["2.1", "1.1", "2.3"], ["2.2", "1.2", "2.4"]]


# ----------------------------------------------------------------------- source side


def test_labels_are_found_with_their_lines_and_code_is_ignored() -> None:
    text = """\
---
title: CSC
---
# CSC

Before sections. {#early}

## Introduction

Body. {#body}

```text
Fenced. {#fenced} and [](#fenced-cite)
```

    Indented code. {#indented}

- In a list. {#listed}

    Continued list paragraph. {#listed-more}

!!! note
    In an admonition. {#admonished}

## Next {#heading-id}

Own-line label.
{: #own-line .lead }

Inline `code {#spanned}` stays.
"""
    found = find_labels(text)

    assert found == [
        SourceLabel("early", 6, numbered=False),
        SourceLabel("body", 10, numbered=True),
        SourceLabel("listed", 18, numbered=False),
        SourceLabel("listed-more", 20, numbered=False),
        SourceLabel("admonished", 23, numbered=False),
        SourceLabel("own-line", 28, numbered=True),
    ]
    assert [label.line for label in find_labels("Body. {#x}\n", first_line=40)] == [40]


def test_source_labels_agree_with_the_labels_in_the_html() -> None:
    text = (
        "# T\n\nIntro {#intro}\n\n## A\n\nOne. {#one}\n\n- item {#item}\n\nTwo\ncontinued. {#two}"
        "\n\n> Quoted {#quoted}\n\n    code {#code}\n\nThree.\n{: #three }\n"
    )
    numbered_in_source = {label.label for label in find_labels(text) if label.numbered}

    assert numbered_in_source == set(number_paragraphs(render(text)).labels) == {"one", "two", "three"}


def test_citations_are_found_outside_code_with_their_target() -> None:
    text = (
        '## A\n\nSee [](#late) and [](../imr/police.md#late-referral "title").\n\n'
        "Not citations: [text](#late), [](https://example.org/#x), `[](#in-span)`.\n\n"
        "```\n[](#in-fence)\n```\n"
    )

    assert find_citations(text, first_line=5) == [
        SourceCitation("late", "", 7),
        SourceCitation("late-referral", "../imr/police.md", 7),
    ]


def test_check_citations_tells_the_author_what_to_fix() -> None:
    police = "# Police\n\n## A\n\nLate. {#late-referral}\n\n- item {#in-list}\n"
    csc = (
        "---\ntitle: CSC\n---\n# CSC\n\n## A\n\nMine. {#mine}\n\nAgain. {#mine}\n\n"
        "Fine: [](#mine) [](police.md#late-referral)\n\n"
        "[](police.md#late-referal)\n\n[](#nothing)\n\n[](polce.md#late-referral)\n\n"
        "[](police.md#in-list)\n"
    )

    problems = check_citations({"reviews/x/imr/police.md": police, "reviews/x/imr/csc.md": csc})

    assert [str(problem) for problem in problems] == [
        'reviews/x/imr/csc.md:10: label "mine" is already used on line 8; labels must be '
        "unique within a document, so rename one of them",
        'reviews/x/imr/csc.md:14: cites paragraph "late-referal" of reviews/x/imr/police.md '
        "but no paragraph has that label; check the spelling or add {#late-referal} to the "
        "end of the paragraph in reviews/x/imr/police.md",
        'reviews/x/imr/csc.md:16: cites paragraph "nothing" but no paragraph has that label; '
        "check the spelling or add {#nothing} to the end of the paragraph",
        'reviews/x/imr/csc.md:18: cites paragraph "late-referral" in "polce.md", but there '
        "is no document reviews/x/imr/polce.md; check the path (it is relative to this file)",
        'reviews/x/imr/csc.md:20: cites paragraph "in-list" of reviews/x/imr/police.md, but '
        "that label (line 7) is on a paragraph that gets no number; move {#in-list} to the "
        "end of a body paragraph in reviews/x/imr/police.md",
        'reviews/x/imr/police.md:7: label "in-list" is on a paragraph that gets no number '
        "(inside a list, table, quote, admonition or footnote, or before the first ## "
        "heading); move {#in-list} to the end of a body paragraph",
    ]


def test_problem_is_located_under_the_docs_dir() -> None:
    csc = "---\ntitle: CSC\n---\n## Analysis\n\n" + "Text.\n\n" * 18 + "See [](#late-referal).\n"

    (problem,) = check_citations({"reviews/x/imr/csc.md": csc})

    assert problem.describe("content") == (
        'content/reviews/x/imr/csc.md:42: cites paragraph "late-referal" but no paragraph '
        "has that label; check the spelling or add {#late-referal} to the end of the paragraph"
    )
    assert (problem.label, problem.line) == ("late-referal", 42)


def test_correct_citations_raise_no_problem() -> None:
    docs = {
        "reviews/x/overview.md": "## A\n\nSee [](imr/police.md#late), [](#own).\n\nOwn. {#own}\n",
        "reviews/x/imr/police.md": "## A\n\nLate. {#late}\n\nBack to [](../overview.md#own).\n",
    }

    assert check_citations(docs) == []


# --- the author's own numbering (issue 14) -----------------------------------------------


def test_hand_typed_paragraph_numbers_are_kept_and_not_numbered_again() -> None:
    text = (
        "## 4. WHAT HAPPENED\n\n"
        "4.11 On 2 March the school rang.\n\n"
        "4.12 On 3 March HV1 visited. {#hv-visit}\n\n"
        "A paragraph the author left unnumbered.\n\n"
        "## 5. ANALYSIS\n\n"
        "5.1 See [](#hv-visit).\n"
    )
    page = number_paragraphs(render(text))
    assert 'class="heading-num"' not in page.html and 'class="para-num"' not in page.html
    assert re.findall(r'data-para="([\d.]+)"', page.html) == ["4.11", "4.12", "5.1"]
    assert page.labels == {"hv-visit": "4.12"}
    assert "4.12 On 3 March HV1 visited." in page.html  # the author's text, unchanged
    assert '<p>A paragraph the author left unnumbered.</p>' in page.html


def test_one_paragraph_starting_with_a_decimal_does_not_switch_the_scheme() -> None:
    page = number_paragraphs(render("## Findings\n\n3.5 per cent of visits were missed.\n\nNext.\n"))
    assert re.findall(r'data-para="([\d.]+)"', page.html) == ["1.1", "1.2"]
