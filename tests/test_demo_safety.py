"""The demo review, broken on purpose: check and the public build refuse, and say where."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from casereview.cli.main import main
from sitebuild import build, files_under, make_project

pytestmark = pytest.mark.slow
REVIEW = "content/reviews/eastmoor-child-t-2024"
ONE_LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+)(?::\d+)?: error:")

# Each trap hides a real name of the demo key in a publishable document.
TRAPS = [
    ("plain name", "Kayleigh Harper was present.", "Mother M"),
    ("lower case", "seen by kayleigh harper that day.", "Mother M"),
    ("possessive", "Tilly's nursery place was offered.", "Child T"),
    ("ASCII form of a diacritic", "Sian Pryce visited.", "HV1"),
    ("HTML entity", "Si&acirc;n Pryce visited.", "HV1"),
    ("split by emphasis", "Ti*lly* was seen.", "Child T"),
    ("URL-encoded link", "[profile](https://example.org/Si%C3%A2n-Pryce)", "HV1"),
    ("image alt text", "![Connor O'Rourke](photo.png)", "Partner P"),
    ("HTML comment", "<!-- ask Dean Quinn -->", "Father F"),
    ("footnote", "A point.[^n]\n\n[^n]: As Kayls said.", "Mother M"),
    ("zero-width space", "Til\u200bly was seen.", "Child T"),
    ("name across a line", "The family of Kayleigh\nHarper moved.", "Mother M"),
]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("safety"), pdf=False)
    assert build(project, "public") == 0
    return project


@pytest.mark.parametrize(("what", "trap", "acronym"), TRAPS, ids=[t[0] for t in TRAPS])
def test_every_trap_stops_the_public_build(project: Path, what: str, trap: str, acronym: str, capsys, caplog) -> None:
    summary = project / REVIEW / "executive-summary.md"
    original = summary.read_text()
    before = files_under(project / "site/public")
    try:
        summary.write_text(original + "\n\n" + trap + "\n")
        assert build(project, "public") != 0, what
    finally:
        summary.write_text(original)
    output = capsys.readouterr().err + caplog.text
    assert f'"{acronym}"' in output
    for word in re.findall(r"[A-Z][a-z]{3,}", trap.replace("\u200b", "")):
        assert word not in output, f"{what}: the output repeats the name"
    assert files_under(project / "site/public") == before


def test_demo_with_three_broken_files_gives_three_one_line_errors(demo_copy: Path, capsys, monkeypatch) -> None:
    review = demo_copy / "reviews/eastmoor-child-t-2024"
    imr = review / "imr/police.md"
    imr.write_text(imr.read_text().replace("status: approved", "status: finished", 1))
    plan = review / "action-plans/health.md"
    plan.write_text(plan.read_text().replace("agency: health", "agency: [health", 1))
    (review / "overview-report.md").write_bytes(
        (review / "overview-report.md").read_bytes().replace(b"Child T", "Child T \u00e9t\u00e9".encode("latin-1"), 1)
    )
    monkeypatch.chdir(demo_copy.parent)
    assert main(["check", "content"]) == 1
    out = capsys.readouterr()
    lines = [line for line in out.out.splitlines() if line and ": note: " not in line]
    assert "Traceback" not in out.err
    assert {ONE_LINE.match(line)["path"] for line in lines} == {
        f"{REVIEW}/imr/police.md",
        f"{REVIEW}/action-plans/health.md",
        f"{REVIEW}/overview-report.md",
    }
    assert all(ONE_LINE.match(line)["line"] != "0" for line in lines)


SEEDED = [
    ("titled name", "Dr Amelia Vance saw the family."),
    ("capitalised name", "A friend, Rowan Petherick, stayed that week."),
    ("street", "They moved to Pennyroyal Crescent in June."),
    ("NHS number", "NHS number 943 476 5919 was on the letter."),
    ("National Insurance number", "Her NI number QQ 12 34 56 C was used."),
    ("postcode", "The flat was at EM4 7QT."),
    ("phone number", "Call 07700 900123 for the family."),
    ("e-mail address", "Write to kayfam@example.org about it."),
    ("date of birth", "DOB 14.07.2020 was recorded."),
]


def test_check_reports_each_seeded_unkeyed_identifier(demo_copy: Path, capsys, monkeypatch) -> None:
    synopsis = demo_copy / "reviews/eastmoor-child-t-2024/synopsis.md"
    text = synopsis.read_text()
    first_new_line = text.count("\n") + 2
    synopsis.write_text(text + "\n" + "\n\n".join(sentence for _, sentence in SEEDED) + "\n")
    monkeypatch.chdir(demo_copy.parent)
    assert main(["check", "content"]) == 1
    out = capsys.readouterr().out
    reported = {
        int(m["line"]) for m in map(ONE_LINE.match, out.splitlines()) if m and m["path"].endswith("synopsis.md")
    }
    for index, (what, _sentence) in enumerate(SEEDED):
        assert first_new_line + 2 * index in reported, what
    for _, sentence in SEEDED:
        for secret in re.findall(r"[A-Z][a-z]+ [A-Z][a-z]+|\d{3} \d{3} \d{4}|\S+@\S+", sentence):
            assert secret not in out


def test_check_on_the_demo_reports_no_unknown_names(capsys, monkeypatch) -> None:
    from project_paths import PROJECT

    monkeypatch.chdir(PROJECT)
    assert main(["check", "content", "--strict"]) == 0
    # Nothing but notes: the one the demo has on purpose is its strategy meeting,
    # recorded by both CSC and Police (flagged as the same event, both rows kept).
    lines = [line for line in capsys.readouterr().out.splitlines() if line]
    assert all(": note: " in line for line in lines), lines
    assert len(lines) == 1 and "likely duplicate" in lines[0]
