"""The key as administrators keep it (issue 14): their own fields kept and ignored, one
bad entry reported without making every other acronym unknown."""

from __future__ import annotations

from pathlib import Path

import pytest

from casereview.anonymise.gate import keys_under
from casereview.checks.run import check_paths
from casereview.sources.findings import Severity
from casereview.sources.review import load_key, load_review

KEY = "content/reviews/mini-2024/key.yml"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def key_findings(project: Path, monkeypatch) -> list:
    monkeypatch.chdir(project)
    return [f for f in check_paths([Path("content")]) if f.path.endswith("key.yml")]


def test_the_administrators_own_fields_give_one_note_per_field_name(mini_project: Path, monkeypatch) -> None:
    key = mini_project / KEY
    for acronym in ("Child A", "Mother M", "Board Chair"):
        edit(key, f"- acronym: {acronym}\n", f"- acronym: {acronym}\n    date_added: 2018-02-14\n")
    edit(key, "- acronym: Child A\n", "- acronym: Child A\n    notes: see the 2017 update\n")
    findings = key_findings(mini_project, monkeypatch)
    assert [(f.severity, f.line) for f in findings] == [(Severity.NOTE, 3), (Severity.NOTE, 4)]
    assert "`notes`" in findings[0].message and "1 entry" in findings[0].message
    assert "`date_added`" in findings[1].message and "3 entries" in findings[1].message
    key_loaded, _, _ = load_key(key)
    assert key_loaded.acronyms == ["Child A", "Mother M", "Board Chair"]
    assert len(keys_under(mini_project / "content")) == 3  # the gate still has every name


def test_one_bad_entry_is_reported_and_the_rest_of_the_key_still_works(mini_project: Path, monkeypatch) -> None:
    key = mini_project / KEY
    edit(key, 'category: family\n    names: ["Grace Fenwick"]', 'category: neighbour\n    names: ["Grace Fenwick"]')
    findings = key_findings(mini_project, monkeypatch)
    assert len(findings) == 1 and findings[0].is_error and findings[0].field == "entities[1].category"
    review = load_review(mini_project / "content/reviews/mini-2024")
    assert review.key.acronyms == ["Child A", "Mother M", "Board Chair"]
    everything = check_paths([Path("content")])
    assert not [f for f in everything if "is not an acronym in key.yml" in f.message]
    with pytest.raises(ValueError, match="not a valid key"):
        keys_under(mini_project / "content")  # publishing still fails closed


def test_a_name_written_without_brackets_is_still_one_name_to_hide(mini_project: Path, monkeypatch) -> None:
    key = mini_project / KEY
    edit(key, 'names: ["Grace Fenwick"]', 'names: "Grace Fenwick"')
    findings = key_findings(mini_project, monkeypatch)
    assert [f.field for f in findings] == ["entities[1].names"]
    assert not any("Fenwick" in f.message for f in findings)
    mother = load_key(key)[0].get("Mother M")
    assert mother is not None and mother.names == ("Grace Fenwick",)


def test_notes_never_fail_a_check_not_even_strict(mini_project: Path, monkeypatch, capsys) -> None:
    from casereview.cli import main as cli

    edit(mini_project / KEY, "- acronym: Child A\n", "- acronym: Child A\n    changed_by: JO\n")
    monkeypatch.chdir(mini_project)
    assert cli.main(["check", "--strict", "content"]) == 0
    out, err = capsys.readouterr()
    assert ": note: field `changed_by`" in out
    assert "0 error(s), 0 warning(s), 1 note(s)" in err
    assert cli.main(["check", "--format", "github", "content"]) == 0
    assert capsys.readouterr().out.startswith("::notice file=content/reviews/mini-2024/key.yml,line=3,")


def test_a_field_name_that_could_be_a_name_is_not_printed(mini_project: Path, monkeypatch) -> None:
    edit(mini_project / KEY, "- acronym: Child A\n", "- acronym: Child A\n    Poppy Lowe: sister's name\n")
    findings = key_findings(mini_project, monkeypatch)
    assert [f.message.split(" is not")[0] for f in findings] == ["a field"]
