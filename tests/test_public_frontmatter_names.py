"""`check` reports a real name in what a public page shows besides its text: a
publishable document's frontmatter, and the review's title, board or themes that the
public landing page lists. The message names the acronym and the field, never the name."""

from __future__ import annotations

from pathlib import Path

from casereview.checks.run import check_paths

REVIEW = Path("content/reviews/mini-2024")
SUMMARY = REVIEW / "executive-summary.md"
TOR = REVIEW / "index.md"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def name_findings(project: Path) -> list[tuple[str, int | None, str, str]]:
    findings = check_paths([project / "content"])
    return [
        (Path(f.path).name, f.line, f.field, f.message)
        for f in findings
        if f.is_error and "a real name of" in f.message
    ]


def test_the_mini_review_has_no_name_in_public_frontmatter(mini_project: Path) -> None:
    assert name_findings(mini_project) == []


def test_a_name_in_a_publishable_title_is_reported_at_its_field(mini_project: Path) -> None:
    edit(mini_project / SUMMARY, 'title: "Executive summary: Child A"', 'title: "Executive summary: Poppy"')
    [(file, line, field, message)] = name_findings(mini_project)
    assert (file, line, field) == ("executive-summary.md", 3, "title")
    assert '"Child A"' in message and "Poppy" not in message


def test_a_name_in_a_nested_field_is_reported_at_its_line(mini_project: Path) -> None:
    edit(mini_project / SUMMARY, "publish: true\n", "publish: true\nauthor: {name: Grace Fenwick, job_title: Chair}\n")
    [(file, line, field, message)] = name_findings(mini_project)
    assert (file, line, field) == ("executive-summary.md", 7, "author.name")
    assert '"Mother M"' in message and "Grace" not in message


def test_a_name_in_the_review_title_is_reported_when_the_review_publishes(mini_project: Path) -> None:
    edit(mini_project / TOR, 'title: "Serious Case Review: Child A"', 'title: "Serious Case Review: Poppy Fenwick-Lowe"')
    [(file, line, field, message)] = name_findings(mini_project)
    assert (file, line, field) == ("index.md", 7, "review.title")
    assert "public site" in message and "Poppy" not in message


def test_a_review_that_publishes_nothing_keeps_its_internal_title(mini_project: Path) -> None:
    (mini_project / SUMMARY).unlink()
    edit(mini_project / TOR, 'title: "Serious Case Review: Child A"', 'title: "Serious Case Review: Poppy Fenwick-Lowe"')
    assert name_findings(mini_project) == []


def test_a_public_entity_and_a_common_word_are_not_names(mini_project: Path) -> None:
    # The chair is public (named on purpose); "grace" is one of Mother M's common words.
    edit(
        mini_project / SUMMARY,
        "publish: true\n",
        'publish: true\ndescription: "Chaired by Henrietta Calloway, with grace and care"\n',
    )
    assert name_findings(mini_project) == []
