"""The input policy (casereview.sources.inputs): one decoding rule and limits that refuse a
hostile file fast, with one message naming the file and what to do."""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

import pytest
import yaml

from casereview.sources.documents import read_markdown
from casereview.sources.inputs import (
    InputLimits,
    YamlShapeError,
    check_yaml_shape,
    decode_source,
    limits_from_mkdocs_yml,
    markdown_depth_problem,
    read_source_text,
    use_limits,
    xlsx_inflated_problem,
)
from casereview.sources.yamlsource import YamlSyntaxError, load_yaml

DOC = "---\ntype: page\ntitle: T\nstatus: draft\nversion: '0.1'\n---\n# T\n\nText é.\n"


@pytest.fixture(autouse=True)
def default_limits():
    use_limits(InputLimits())
    yield
    use_limits(InputLimits())


def test_utf8_with_or_without_bom_reads_the_same() -> None:
    assert decode_source(DOC.encode(), "d.md") == decode_source(b"\xef\xbb\xbf" + DOC.encode(), "d.md") == (DOC, None)


@pytest.mark.parametrize(
    ("raw", "line", "words"),
    [
        (DOC.encode("utf-16"), 1, "UTF-16"),
        (DOC.encode("utf-16-le"), 1, "UTF-16"),
        (DOC.encode("latin-1"), 9, "not UTF-8"),
        ((DOC + "x\n" * 5000 + "a\x00b\n").encode(), 5010, "NUL"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 3, "binary"),
    ],
)
def test_undecodable_sources_are_one_finding_with_a_line(raw: bytes, line: int, words: str) -> None:
    text, finding = decode_source(raw, "d.md")
    assert text is None and finding.path == "d.md" and finding.line == line and words in finding.message


def test_markdown_nesting_is_measured_outside_code() -> None:
    nested = "".join("  " * i + "- item\n" for i in range(5)) + "> > > quote\n"
    fenced = "```\n" + ">" * 100 + "\n```\n"
    rules = "- " * 40 + "\n\n" + "* " * 40 + "\n"  # thematic breaks, not 40 nested lists
    assert markdown_depth_problem(nested + fenced + rules, "d.md", 32) is None
    problem = markdown_depth_problem("text\n\n" + ">" * 40 + " deep\n", "d.md", 32)
    assert problem.line == 3 and "32 levels" in problem.message
    assert markdown_depth_problem("".join("    " * i + "1. item\n" for i in range(20)), "d.md", 32).line == 17


def test_an_alias_bomb_is_refused_before_it_is_built() -> None:
    bomb = 'a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x"]\n'
    bomb += "".join(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 10))
    started = time.perf_counter()
    with pytest.raises(YamlSyntaxError) as refused:
        load_yaml(bomb, first_line=2)
    assert time.perf_counter() - started < 1
    assert "aliases stand for more than 200,000 values" in refused.value.text and refused.value.line >= 2


def test_ordinary_anchors_and_aliases_are_accepted() -> None:
    source = load_yaml("base: &b {lead: Head of Service}\none: *b\ntwo: *b\n")
    assert source.data["two"] == {"lead": "Head of Service"}


def test_yaml_limits_count_aliases_depth_and_values() -> None:
    limits = InputLimits(yaml_aliases=2, yaml_depth=3, yaml_values=10)
    with pytest.raises(YamlShapeError, match="aliases"):
        check_yaml_shape(yaml.parse("a: &a 1\nb: [*a, *a, *a]\n"), limits)
    with pytest.raises(YamlShapeError, match="levels deep") as deep:
        check_yaml_shape(yaml.parse("a:\n  b:\n    c:\n      d: 1\n"), limits)
    assert deep.value.line == 4
    with pytest.raises(YamlShapeError, match="values"):
        check_yaml_shape(yaml.parse("a: &a [1, 2, 3, 4, 5, 6]\nb: [*a, *a]\n"), limits)
    check_yaml_shape(yaml.parse("a: &a [1, 2]\nb: *a\n"), limits)
    check_yaml_shape(yaml.parse("[" + ", ".join("x" * 50) + "]"), limits)  # written out: not counted


def test_size_limit_is_judged_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.md"
    path.write_text(DOC + "word " * 400, encoding="utf-8")
    use_limits(InputLimits(markdown_bytes=1000))
    text, finding = read_source_text(path, "big.md")
    assert text is None and "over the limit of 1,000 bytes" in finding.message and "markdown_bytes" in finding.message
    doc, findings = read_markdown(path, "big.md")
    assert doc is None and [f.message for f in findings] == [finding.message]


def test_xlsx_inflated_size_comes_from_the_zip_directory(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * 2_000_000)
    assert path.stat().st_size < 50_000
    assert "inflates to 1.9 MiB" in xlsx_inflated_problem(path, 1_000_000)
    assert xlsx_inflated_problem(path, 3_000_000) is None
    (tmp_path / "not.xlsx").write_bytes(b"not a zip")
    assert xlsx_inflated_problem(tmp_path / "not.xlsx", 1) is None  # the reader calls it damaged


def test_limits_come_from_the_casereview_plugin_in_mkdocs_yml(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        "markdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "plugins:\n  - search\n  - casereview:\n      audience: internal\n      limits: {markdown_bytes: 123, chronology_rows: 7}\n",
        encoding="utf-8",
    )
    limits = limits_from_mkdocs_yml(config)
    assert (limits.markdown_bytes, limits.chronology_rows, limits.yaml_depth) == (123, 7, InputLimits().yaml_depth)
    assert limits_from_mkdocs_yml(tmp_path / "missing.yml") == InputLimits()


@pytest.mark.parametrize(("given", "words"), [({"markdown_byte": 1}, "unknown limit"), ({"yaml_depth": 0}, "above 0")])
def test_wrong_limits_are_named(given: dict, words: str) -> None:
    with pytest.raises(ValueError, match=words):
        InputLimits.from_mapping(given)
