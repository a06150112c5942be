"""casereview check: every problem is one line naming file, line and fix; never a traceback."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from casereview.cli.main import main

ONE_LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+)(?::\d+)?: (?P<severity>error|warning):(?P<rest>.+)$")


def run_check(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str], str]:
    status = main(["check", *args])
    captured = capsys.readouterr()
    return status, [line for line in captured.out.splitlines() if line.strip()], captured.err


def test_valid_review_passes(mini_project: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(mini_project)
    status, lines, err = run_check(capsys, "content")
    assert lines == []
    assert status == 0
    assert "0 error(s)" in err


def test_wrong_field_names_file_line_and_field(mini_project: Path, capsys, monkeypatch) -> None:
    imr = mini_project / "content/reviews/mini-2024/imr/csc.md"
    imr.write_text(imr.read_text().replace("status: submitted", "status: finished"))
    monkeypatch.chdir(mini_project)
    status, lines, _ = run_check(capsys, "content")
    assert status == 1
    assert len(lines) == 1
    match = ONE_LINE.match(lines[0])
    assert match, lines[0]
    assert match["path"] == "content/reviews/mini-2024/imr/csc.md"
    assert match["line"] == "4"  # the line of `status:` in the file
    assert 'field "status"' in lines[0] and "draft, submitted, approved, published" in lines[0]


def test_three_broken_files_give_three_one_line_errors(mini_project: Path, capsys, monkeypatch) -> None:
    review = mini_project / "content/reviews/mini-2024"
    imr = review / "imr/csc.md"
    imr.write_text(imr.read_text().replace("commissioned: 2024-02-01", "commissioned: 2024-02-31"))
    plan = review / "action-plans/csc.md"
    plan.write_text(plan.read_text().replace("agency: csc", "agency: [csc"))
    (review / "synopsis.md").write_bytes(
        '---\ntype: synopsis\ntitle: Synopsis\nstatus: draft\nversion: "0.1"\n---\n# Synopsis\n\nCaf\xe9 notes\n'.encode(
            "latin-1"
        )
    )
    monkeypatch.chdir(mini_project)
    status, lines, err = run_check(capsys, "content")
    assert status == 1
    assert "Traceback" not in err
    by_file = {ONE_LINE.match(line)["path"]: line for line in lines}
    assert set(by_file) == {
        "content/reviews/mini-2024/imr/csc.md",
        "content/reviews/mini-2024/action-plans/csc.md",
        "content/reviews/mini-2024/synopsis.md",
    }
    assert ONE_LINE.match(by_file["content/reviews/mini-2024/imr/csc.md"])["line"] == "9"
    assert "not a real date" in by_file["content/reviews/mini-2024/imr/csc.md"]
    assert "malformed YAML" in by_file["content/reviews/mini-2024/action-plans/csc.md"]
    assert ONE_LINE.match(by_file["content/reviews/mini-2024/synopsis.md"])["line"] == "9"
    assert "not UTF-8" in by_file["content/reviews/mini-2024/synopsis.md"]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary"),
        (b"# Just a heading\n", "no frontmatter"),
        (b'---\ntype: memo\ntitle: x\nstatus: draft\nversion: "1"\n---\n', 'document type "memo" is unknown'),
        (b"---\ntitle: x\n", "not closed"),
    ],
)
def test_unreadable_documents_are_one_line(tree, capsys, monkeypatch, content: bytes, expected: str) -> None:
    root = tree({"content/guide/bad.md": content})
    monkeypatch.chdir(root)
    status, lines, err = run_check(capsys, "content")
    assert status == 1
    assert len(lines) == 1 and expected in lines[0], lines
    assert lines[0].startswith("content/guide/bad.md")
    assert "Traceback" not in err


def test_github_format_prints_annotations(mini_project: Path, capsys, monkeypatch) -> None:
    imr = mini_project / "content/reviews/mini-2024/imr/csc.md"
    imr.write_text(imr.read_text().replace('version: "0.2"', "version: draft two"))
    monkeypatch.chdir(mini_project)
    status, lines, _ = run_check(capsys, "--format", "github", "content")
    assert status == 1
    assert lines == [lines[0]] and lines[0].startswith("::error file=content/reviews/mini-2024/imr/csc.md,line=5,")


def test_key_errors_never_print_the_value(mini_project: Path, capsys, monkeypatch) -> None:
    key = mini_project / "content/reviews/mini-2024/key.yml"
    key.write_text(key.read_text().replace('names: ["Grace Fenwick"]', 'names: "Grace Fenwick"'))
    monkeypatch.chdir(mini_project)
    status, lines, _ = run_check(capsys, "content")
    assert status == 1
    assert any("key.yml:10:" in line for line in lines), lines
    assert not any("Fenwick" in line or "Grace" in line for line in lines)


def test_unknown_citation_and_recommendation_are_errors(mini_project: Path, capsys, monkeypatch) -> None:
    review = mini_project / "content/reviews/mini-2024"
    imr = review / "imr/csc.md"
    imr.write_text(imr.read_text().replace("[](#views-missed)", "[](#views-mised)"))
    plan = review / "action-plans/csc.md"
    plan.write_text(plan.read_text().replace("recommendation: CSC-R1", "recommendation: CSC-R9"))
    monkeypatch.chdir(mini_project)
    status, lines, _ = run_check(capsys, "content")
    assert status == 1
    assert any(
        line.startswith("content/reviews/mini-2024/imr/csc.md:25:") and "views-mised" in line for line in lines
    ), lines
    assert any("action-plans/csc.md:9:" in line and "CSC-R9" in line for line in lines), lines


def test_missing_path_is_a_clear_usage_error(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["check", "nowhere"]) == 2
    assert "does not exist" in capsys.readouterr().err


def _chronology_csv(bad_row: int) -> str:
    header = "Date,Time,Agency,Type of event / document source,Person(s) involved,Summary of key information\n"
    rows = []
    for row in range(2, 10):
        day = "31.02.2023" if row == bad_row else f"{row:02d}.03.2023"
        rows.append(f"{day},10:00,csc,Home visit,Child A; Mother M,Visit number {row}\n")
    return header + "".join(rows)


def test_impossible_chronology_date_names_file_row_and_column(mini_project: Path, capsys, monkeypatch) -> None:
    chronology = mini_project / "content/reviews/mini-2024/chronology/csc.csv"
    chronology.parent.mkdir()
    chronology.write_text(_chronology_csv(bad_row=7))
    monkeypatch.chdir(mini_project)
    status, lines, _ = run_check(capsys, "content")
    assert status == 1
    assert len(lines) == 1, lines
    assert lines[0].startswith("content/reviews/mini-2024/chronology/csc.csv:7: error:")
    assert 'row 7, column "Date"' in lines[0] and "31.02.2023" in lines[0]


def test_chronology_person_not_in_key_is_masked(mini_project: Path, capsys, monkeypatch) -> None:
    chronology = mini_project / "content/reviews/mini-2024/chronology/csc.csv"
    chronology.parent.mkdir()
    chronology.write_text(
        _chronology_csv(bad_row=0).replace(
            "Child A; Mother M,Visit number 4", "Child A; Rowena Blackwood,Visit number 4"
        )
    )
    monkeypatch.chdir(mini_project)
    status, lines, _ = run_check(capsys, "content")
    assert status == 1
    assert any("csc.csv:4:" in line for line in lines), lines
    assert not any("Rowena" in line or "Blackwood" in line for line in lines)


def _lines_with(lines: list[str], path: str) -> list[str]:
    return [line for line in lines if line.startswith(path)]


def test_no_silent_acceptance_each_with_file_and_line(mini_project: Path, capsys, monkeypatch) -> None:
    """Issue 15: a duplicate acronym, an unknown marker, a document including itself and
    an approved IMR without sign-off were all accepted without a word."""
    review = mini_project / "content/reviews/mini-2024"
    key = review / "key.yml"
    key.write_text(
        key.read_text() + "  - acronym: Mother M\n    category: family\n    names: [Jane Other]\n    role: Aunt\n"
    )
    summary = review / "executive-summary.md"
    summary.write_text(summary.read_text() + "\n[[unknown-marker]]\n\n[[executive-summary]]\n\n`[[as-text]]`\n")
    imr = review / "imr/csc.md"
    imr.write_text(imr.read_text().replace("status: submitted", "status: approved"))
    monkeypatch.chdir(mini_project)
    status, lines, _ = run_check(capsys, "content")
    assert status == 1
    base = "content/reviews/mini-2024"
    assert _lines_with(lines, f"{base}/key.yml") == [
        f'{base}/key.yml:21: error: field "entities[3].acronym": acronym "Mother M" is already given to the entity '
        "at line 8; give each entity its own acronym (e.g. number them SW1, SW2)"
    ]
    summary_lines = _lines_with(lines, f"{base}/executive-summary.md")
    assert len(summary_lines) == 2
    assert summary_lines[0].startswith(f"{base}/executive-summary.md:14: error: [[unknown-marker]] is not a marker")
    assert summary_lines[1].startswith(
        f"{base}/executive-summary.md:16: error: [[executive-summary]] includes this document in itself"
    )
    assert _lines_with(lines, f"{base}/imr/csc.md") == [
        f'{base}/imr/csc.md:4: error: field "sign_off": this IMR is approved but has no `sign_off:`; add the name, '
        "designation and date of the senior officer who signed it off, or set `status: submitted`"
    ]


def test_a_key_failing_its_schema_still_lets_unkeyed_names_be_found(mini_project: Path, capsys, monkeypatch) -> None:
    """Only a key that cannot be read as text silences the unkeyed-name rule (issue 15:
    otherwise every name looks unkeyed); a key with a wrong field is read, so the names
    in a publishable document are still reported."""
    key = mini_project / "content/reviews/mini-2024/key.yml"
    key.write_text(key.read_text().replace("category: official", "category: wizard"))
    summary = mini_project / "content/reviews/mini-2024/executive-summary.md"
    summary.write_text(summary.read_text() + "\nJordan Fairley visited the family.\n")
    monkeypatch.chdir(mini_project)
    _, lines, _ = run_check(capsys, "content")
    assert any("key.yml" in line and "category" in line for line in lines)
    unkeyed = [line for line in lines if "executive-summary.md" in line and "is not in the key" in line]
    assert len(unkeyed) == 1 and "(J. F.)" in unkeyed[0]  # the new name, not the key's (still read)
    key.write_bytes(key.read_bytes().replace(b"role: Mother", b"role: Mo\x00ther"))
    _, lines, _ = run_check(capsys, "content")
    assert [line for line in lines if "key.yml" in line][0].endswith("(or re-save the file as UTF-8)")
    assert not any("is not in the key" in line for line in lines)
