"""Many reviews are checked in worker processes: the findings are the same as when
checked one by one, and a build still stops on an error before writing anything."""

from __future__ import annotations

import shutil
from pathlib import Path

from casereview.checks.run import POOL_MIN_REVIEWS, PendingChecks, check_paths
from casereview.sources.review import load_glossary
from sitebuild import build, make_project

BROKEN = "broken-2024"


def many_reviews(root: Path) -> Path:
    """``POOL_MIN_REVIEWS + 1`` copies of the mini review under ``root`` (the
    ``mini_project`` fixture); one has a bad status."""
    reviews = root / "content" / "reviews"
    names = [f"copy{n}-2024" for n in range(POOL_MIN_REVIEWS)] + [BROKEN]
    for name in names:
        shutil.copytree(reviews / "mini-2024", reviews / name)
    shutil.rmtree(reviews / "mini-2024")
    imr = reviews / BROKEN / "imr" / "csc.md"
    imr.write_text(imr.read_text().replace("status: submitted", "status: finished"))
    return root


def test_workers_find_what_one_process_finds(mini_project: Path) -> None:
    content = many_reviews(mini_project) / "content"
    shared, _ = load_glossary(content / "glossary.yml")
    folders = sorted((content / "reviews").iterdir())
    in_workers = PendingChecks(folders, shared, workers=2).results()
    in_process = PendingChecks(folders, shared, workers=0).results()
    assert in_workers == in_process
    broken = [folder.name for folder, found in in_workers.items() if any(f.is_error for f in found)]
    assert broken == [BROKEN]


def test_check_command_reports_the_broken_review_among_many(mini_project: Path, monkeypatch) -> None:
    monkeypatch.chdir(many_reviews(mini_project))
    errors = [f for f in check_paths([Path("content")]) if f.is_error]
    assert [f.path for f in errors] == [f"content/reviews/{BROKEN}/imr/csc.md"]
    assert (errors[0].field, errors[0].line) == ("status", 4)


def project_of_many_reviews(mini_project: Path) -> Path:
    project = make_project(mini_project / "project", pdf=False)
    shutil.rmtree(project / "content")
    shutil.copytree(many_reviews(mini_project) / "content", project / "content")
    return project


def test_public_build_stops_on_an_error_found_in_a_worker_before_writing(mini_project: Path, capsys, caplog) -> None:
    project = project_of_many_reviews(mini_project)
    assert build(project, "public") != 0
    assert not (project / "site" / "public").exists()
    assert not list((project / "site").glob("public*/index.html"))
    assert f"reviews/{BROKEN}/imr/csc.md" in capsys.readouterr().err + caplog.text


def test_internal_build_goes_on_and_lists_the_error_found_in_a_worker(mini_project: Path, caplog) -> None:
    """A review in progress has open problems: the panel still gets its site, with the
    error on the review's Open problems page (and in the log), not a blank site."""
    project = project_of_many_reviews(mini_project)
    assert build(project, "internal") == 0
    site = project / "site" / "internal"
    assert (site / "reviews" / BROKEN / "imr" / "csc" / "index.html").is_file()
    problems = (site / "reviews" / BROKEN / "problems" / "index.html").read_text(encoding="utf-8")
    assert "1 error" in problems and "<code>imr/csc.md</code></td><td>4</td>" in problems
    clean = (site / "reviews" / "copy0-2024" / "problems" / "index.html").read_text(encoding="utf-8")
    assert "finds nothing to report" in clean
    assert f"reviews/{BROKEN}/imr/csc.md" in caplog.text and "Open problems" in caplog.text


def test_build_of_many_clean_reviews_succeeds(mini_project: Path) -> None:
    project = project_of_many_reviews(mini_project)
    imr = project / "content" / "reviews" / BROKEN / "imr" / "csc.md"
    imr.write_text(imr.read_text().replace("status: finished", "status: submitted"))
    assert build(project, "internal") == 0
    assert (project / "site" / "internal" / "reviews" / BROKEN / "imr" / "csc" / "index.html").is_file()
