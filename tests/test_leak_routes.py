"""Issue 13's routes, each alone, through the demo's public build: every one ends
refused (exit non-zero, site/public byte-identical, the name in no output) or
substituted (published, and `casereview verify`, the independent scan that
scripts/build and CI run, passes)."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from casereview.cli.main import main
from sitebuild import build, files_under, make_project

pytestmark = pytest.mark.slow
REVIEW = "content/reviews/eastmoor-child-t-2024"


def _append(relative: str, text: str) -> Callable[[Path], None]:
    def change(project: Path) -> None:
        path = project / REVIEW / relative
        path.write_text(path.read_text(encoding="utf-8") + "\n\n" + text + "\n", encoding="utf-8")

    return change


def _rename_synopsis(new_name: str) -> Callable[[Path], None]:
    def change(project: Path) -> None:
        (project / REVIEW / "synopsis.md").rename(project / REVIEW / new_name)

    return change


def _reversed_in_title(project: Path) -> None:
    """A title whose letters a right-to-left override shows in reverse: "Tilly"."""
    path = project / REVIEW / "synopsis.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('title: "Synopsis', 'title: "\u202eyllit\u202c: Synopsis', 1), encoding="utf-8")


def _acronym_with_a_name(project: Path) -> None:
    key = project / REVIEW / "key.yml"
    key.write_text(
        key.read_text(encoding="utf-8")
        + "\n  - acronym: Neighbour Deano\n    category: family\n    names: [\"Jo Bloggs\"]\n    role: A neighbour\n",
        encoding="utf-8",
    )


# (route, change to the demo copy, secret words that must appear in no output)
ROUTES = [
    ("plural possessive", _append("executive-summary.md", "The Harpers\u2019 flat was cold."), ["Harpers"]),
    ("plural", _append("synopsis.md", "The Quinns moved twice."), ["Quinns"]),
    ("Cyrillic letter in a name", _append("executive-summary.md", "Kayl\u0435igh was seen."), ["Kayl"]),
    ("Greek capital in a heading", _append("executive-summary.md", "## \u039f\u2019Rourke household"), ["Rourke"]),
    ("name in a document's file name", _rename_synopsis("tilly-timeline.md"), ["tilly", "Tilly"]),
    ("name run together in a link", _append("synopsis.md", "[profile](/people/tillyharper/)"), ["tillyharper"]),
    ("initial and surname in an e-mail", _append("synopsis.md", "Contact k.harper@example.org."), ["harper"]),
    ("acronym holding a name", _acronym_with_a_name, ["Deano"]),
    ("direction mark inside a name", _append("synopsis.md", "Kay\u200eleigh was seen."), ["Kay\u200eleigh"]),
    ("name reversed by a direction override", _reversed_in_title, ["yllit"]),
]


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes]]:
    project = make_project(tmp_path_factory.mktemp("routes") / "project", pdf=False)
    assert build(project, "public") == 0
    return project, files_under(project / "site/public")


@pytest.mark.parametrize(("route", "change", "secrets"), ROUTES, ids=[r[0] for r in ROUTES])
def test_each_route_ends_refused_or_substituted(
    published, tmp_path: Path, route: str, change, secrets: list[str], capsys, caplog
) -> None:
    original, before = published
    project = tmp_path / "project"
    shutil.copytree(original, project)
    change(project)
    status = build(project, "public")
    output = capsys.readouterr()
    text = output.out + output.err + caplog.text
    for secret in secrets:
        assert secret not in text, f"{route}: a log line repeats the name"
    if status != 0:  # refused
        assert files_under(project / "site/public") == before, route
        assert not (project / "site/public.staging").exists()
    else:  # substituted: the independent scan agrees
        assert main(["verify", str(project / "site/public"), "--content", str(project / "content")]) == 0, route
        published_text = b"".join(files_under(project / "site/public").values())
        for secret in secrets:
            assert secret.encode() not in published_text, route


def test_check_names_each_route_by_acronym_never_by_name(published, tmp_path: Path, capsys, monkeypatch) -> None:
    original, _ = published
    project = tmp_path / "project"
    shutil.copytree(original / "content", project / "content")
    for _route, change, _ in sorted(ROUTES, key=lambda r: r[0] == "name in a document's file name"):
        change(project)  # the synopsis is renamed last, after the changes to it
    monkeypatch.chdir(project)
    assert main(["check", "content"]) == 1
    out = capsys.readouterr()
    text = out.out + out.err
    for _, _, secrets in ROUTES:
        for secret in secrets:
            assert secret not in text
    assert "mixes letters of different scripts" in text
    assert 'holds a real name of "Child T"' in text  # tilly-timeline.md
    assert "the acronym of entity" in text


# --- every message and log line is masked -------------------------------------------------
TOWN = "Holbridge"  # Town 1 of the demo key: a one-word place name


def _inject_names(project: Path) -> Path:
    """A review folder named after the town, an all-caps surname read as an
    abbreviation, a glossary expansion that is a keyed school's name."""
    reviews = project / "content/reviews"
    folder = reviews / f"{TOWN.lower()}-child-t-2024"
    (reviews / "eastmoor-child-t-2024").rename(folder)
    imr = folder / "imr/police.md"
    imr.write_text(imr.read_text(encoding="utf-8") + "\n\nThe HARPER file was reviewed. See QUINN.\n", encoding="utf-8")
    glossary = project / "content/glossary.yml"
    glossary.write_text(
        glossary.read_text(encoding="utf-8")
        + "  - abbr: APS\n    expansion: Ashcombe Primary School\n    explanation: A school.\n",
        encoding="utf-8",
    )
    synopsis = folder / "synopsis.md"
    synopsis.write_text(synopsis.read_text(encoding="utf-8") + "\n\nAPS was told.\n", encoding="utf-8")
    return folder


SECRETS = re.compile(r"holbridge|harper|quinn|ashcombe", re.IGNORECASE)


def test_injected_names_reach_no_message_or_log(tmp_path: Path, capsys, caplog, monkeypatch) -> None:
    project = make_project(tmp_path / "project", pdf=False)
    folder = _inject_names(project)
    monkeypatch.chdir(project)
    outputs = []
    for command in (
        ["check", "content"],
        ["check", str(folder / "imr")],
        ["audit", folder.name],
        ["chronology", "merge", folder.name, "--out", str(tmp_path / "merged.xlsx")],
        ["build", "--project", str(project), "--site", "internal"],
        ["build", "--project", str(project), "--site", "public"],
        ["scan", "--content", "content", str(project / "content")],
    ):
        main(command)
        captured = capsys.readouterr()
        outputs.append(captured.out + captured.err + caplog.text)
        caplog.clear()
    text = "\n".join(outputs)
    assert "[Town 1]" in text  # the folder name was printed, masked
    assert not SECRETS.search(text), SECRETS.search(text)
