"""The composite chronology page: every entry, filter data, ages, no names, and the filter."""

from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, time
from html.parser import HTMLParser
from pathlib import Path

import markdown
import openpyxl
import pytest
import yaml

from casereview.chronology import ChronologyEntry, EventDate, MergedEntry, per_person
from casereview.chronology.composite import composite
from casereview.chronology.page import composite_page_markdown
from casereview.render.markdown import MARKDOWN_EXTENSIONS
from casereview.sources.key import Entity, Key
from casereview.sources.review import Review, load_review
from project_paths import DEMO_REVIEW

SITE_EXTENSIONS = MARKDOWN_EXTENSIONS  # the site's extensions, as render.py lists them


@dataclass
class Row:
    attrs: dict[str, str]
    cells: list[str] = field(default_factory=list)


class _Rows(HTMLParser):
    """The rows of the composite table (``<tr id="entry-…">``) with their cell texts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[Row] = []
        self.headers: list[str] = []
        self._cell: list[str] | None = None
        self._in_row = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "tr" and values.get("id", "").startswith("entry-"):
            self.rows.append(Row(values))
            self._in_row = True
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self._cell is not None and self._in_row:
            self.rows[-1].cells.append("".join(self._cell))
        elif tag == "th" and self._cell is not None:
            self.headers.append("".join(self._cell))
        if tag in ("td", "th"):
            self._cell = None
        if tag == "tr":
            self._in_row = False

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def table(page: str) -> _Rows:
    parser = _Rows()
    parser.feed(page)
    return parser


@pytest.fixture(scope="module")
def demo() -> tuple[Review, list[MergedEntry]]:
    review = load_review(DEMO_REVIEW)
    merged, errors = composite(review)
    assert not errors
    return review, merged


@pytest.fixture(scope="module")
def demo_page(demo) -> str:
    review, merged = demo
    return composite_page_markdown(review, merged, with_ages=True)


def rows_in_files() -> list[tuple[str, str]]:
    """(file name, date as written) of every entry, read straight from the four files."""
    folder = DEMO_REVIEW / "chronology"
    found = []
    for name in ("csc.csv", "health.csv"):
        with (folder / name).open(encoding="utf-8-sig", newline="") as stream:
            found += [(name, row["Date"].strip()) for row in csv.DictReader(stream) if row["Date"].strip()]
    found += [("education.yml", str(e["date"])) for e in yaml.safe_load((folder / "education.yml").read_text())]
    workbook = openpyxl.load_workbook(folder / "police.xlsx", read_only=True)
    found += [
        ("police.xlsx", "") for cells in list(workbook.active.iter_rows(values_only=True))[1:] if cells[0] is not None
    ]
    workbook.close()
    return found


# --------------------------------------------------------------------------- the demo page


def test_page_has_frontmatter_and_title(demo_page: str) -> None:
    _, front, body = demo_page.split("---\n", 2)
    assert yaml.safe_load(front) == {
        "type": "page",
        "title": "Composite chronology: Serious Case Review: Child T",
        "status": "approved",
        "version": "1.0",
        "hide": ["toc"],
        "search": {"exclude": True},
    }
    assert body.startswith("\n# Composite chronology: Serious Case Review: Child T\n")
    assert "67 entries from CSC (20), Police (16), Health (15), Education (16)" in demo_page


def test_every_entry_of_the_four_files_is_a_row_in_merged_order(demo, demo_page: str) -> None:
    _, merged = demo
    rows = table(demo_page).rows
    assert len(rows) == len(merged) == 67
    origins = [row.cells[9].split("\n")[1] for row in rows]
    expected = [f"{Path(m.entry.source_file).name} {m.entry.where} {m.entry.row}" for m in merged]
    assert origins == expected and len(set(origins)) == 67
    dates = [row.attrs["data-date"] for row in rows]
    assert dates == sorted(dates)
    # Independently of the loader: as many rows per file as the file has entries, and
    # the dates of the text files as their authors wrote them.
    shown = [
        (origin.split()[0], row.cells[0].split(" (")[0].split("\n")[0])
        for origin, row in zip(origins, rows, strict=True)
    ]
    in_files = rows_in_files()
    assert Counter(name for name, _ in shown) == Counter(name for name, _ in in_files)
    assert sorted(p for p in shown if p[0] != "police.xlsx") == sorted(p for p in in_files if p[0] != "police.xlsx")


def test_rows_carry_the_filter_data_of_their_entry(demo_page: str) -> None:
    rows = {(row.cells[9].split("\n")[1]): row for row in table(demo_page).rows}
    # csc.csv row 2: 17.10.2022 09:15, Mother M; Partner P; Child T; Sibling S, N/N/N.
    mash = rows["csc.csv row 2"]
    assert mash.attrs["data-agency"] == "csc"
    assert mash.attrs["data-people"] == "Mother M;Partner P;Child T;Sibling S"
    assert mash.attrs["data-date"] == "2022-10-17"
    assert (mash.attrs["data-seen"], mash.attrs["data-alone"], mash.attrs["data-wishes"]) == (
        "N",
        "N",
        "N",
    )
    assert mash.cells[:3] == ["17.10.2022", "09:15", "CSC"]
    # education.yml, second entry: 17.10.2022 08:30, DSL1 saw Sibling S alone and asked.
    encompass = next(
        r for r in rows.values() if r.attrs["data-agency"] == "education" and r.attrs["data-date"] == "2022-10-17"
    )
    assert encompass.attrs["data-people"] == "DSL1;Sibling S"
    assert (
        encompass.attrs["data-seen"],
        encompass.attrs["data-alone"],
        encompass.attrs["data-wishes"],
    ) == ("Y", "Y", "Y")
    assert encompass.cells[8] == "Y / Y / Y"
    # education.yml line 147: 14.11.2023 10:30, Child T seen, not alone, wishes sought.
    disclosure = rows["education.yml line 147"]
    assert (
        disclosure.attrs["data-seen"],
        disclosure.attrs["data-alone"],
        disclosure.attrs["data-wishes"],
    ) == ("Y", "N", "Y")
    assert disclosure.attrs["data-people"] == "DSL1;Child T" and disclosure.cells[8] == "Y / N / Y"
    # csc.csv row 3 (18.10.22) has no time.
    assert rows["csc.csv row 3"].cells[1] == "not known"


def test_duplicates_are_flagged_on_both_rows(demo_page: str) -> None:
    flagged = [row for row in table(demo_page).rows if "possible duplicate D1" in row.cells[0]]
    assert {row.attrs["data-agency"] for row in flagged} == {"csc", "police"}
    assert all("is-duplicate" in row.attrs["class"] for row in flagged)
    assert {row.cells[3] for row in flagged} == {"Strategy meeting minutes"}


def test_ages_only_with_with_ages(demo) -> None:
    review, merged = demo
    with_ages = table(composite_page_markdown(review, merged, with_ages=True))
    assert with_ages.headers[-1] == "Age of Child T"
    by_date = {row.attrs["data-date"]: row.cells[-1] for row in with_ages.rows}
    # Child T was born on 14.07.2020 (key.yml).
    assert by_date["2023-02-14"] == "2y 7m" and by_date["2022-09-20"] == "2y 2m"
    without = composite_page_markdown(review, merged, with_ages=False)
    assert "Age of" not in without and not re.search(r"\b\d+y \d+m\b", without)
    assert all(len(row.cells) == 10 for row in table(without).rows)


def test_no_real_name_from_the_key_appears(demo, demo_page: str) -> None:
    review, merged = demo
    without = composite_page_markdown(review, merged, with_ages=False)
    names = [name for entity in review.key.private for name in entity.real_names]
    assert len(names) > 20
    for page in (demo_page, without):
        lowered = page.lower()
        leaked = [name for name in names if name.lower() in lowered]
        assert not leaked, f"{len(leaked)} real names leaked"


def test_one_section_per_family_member_linking_to_their_rows(demo, demo_page: str) -> None:
    review, merged = demo
    family = [e.acronym for e in review.key if e.category == "family"]
    sections = re.findall(
        r'<details class="casereview-chronology-person[^"]*" markdown="0" data-person="([^"]+)">'
        r"<summary><strong>[^<]+</strong>: (\d+) entr",
        demo_page,
    )
    assert [name for name, _ in sections] == family
    assert {name: int(count) for name, count in sections} == {name: len(per_person(merged, name)) for name in family}
    assert "Father F</strong>: 0 entries" in demo_page
    row_ids = set(re.findall(r'<tr id="(entry-\d+)"', demo_page))
    assert set(re.findall(r'<li><a href="#(entry-\d+)"', demo_page)) <= row_ids


def test_the_page_survives_markdown_as_the_site_renders_it(demo_page: str) -> None:
    body = demo_page.split("---\n", 2)[2]
    rendered = markdown.markdown(body, extensions=SITE_EXTENSIONS)
    assert len(table(rendered).rows) == 67
    assert re.search(r'<figure class="casereview-chronology-timeline[^>]*>\s*<svg', rendered)
    assert rendered.count('<form class="casereview-chronology__filter"') == 1
    assert "<p>&lt;tr" not in rendered and "<p><tr" not in rendered


# --------------------------------------------------------------------------- small cases


def small_review(*, born: date | None = date(2020, 1, 15)) -> Review:
    key = Key(
        [
            Entity("Child A", "family", names=("Real Child",), subject=True, born=born),
            Entity("Mother M", "family", names=("Real Mother",)),
        ]
    )
    return Review("small-2024", Path("."), key=key)


def entry(
    day: date,
    *,
    precision: str = "day",
    approximate: bool = False,
    original: str = "",
    at: time | None = None,
    summary: str = "Seen at home.",
    people: tuple[str, ...] = ("Child A",),
) -> MergedEntry:
    when = EventDate(day, precision, approximate, original or day.strftime("%d.%m.%Y"))  # type: ignore[arg-type]
    return MergedEntry(ChronologyEntry("csc", "csc.csv", 2, when, summary, time=at, people=list(people)))


def test_imprecise_dates_are_marked_and_their_ages_too() -> None:
    merged = [
        entry(date(2022, 3, 1), precision="month", original="Mar 2022"),
        entry(date(2022, 5, 20), approximate=True, original="c. 20.05.2022"),
        entry(date(2019, 12, 1), original="01.12.2019", at=time(9, 5)),
    ]
    rows = table(composite_page_markdown(small_review(), merged, with_ages=True)).rows
    assert rows[0].cells[0] == "Mar 2022 (month only)" and rows[0].attrs["data-date-end"] == "2022-03-31"
    assert rows[1].cells[0] == "c. 20.05.2022 (approximate)"
    assert [row.cells[1] for row in rows] == ["not known", "not known", "09:05"]
    assert [row.cells[-1] for row in rows] == ["c. 2y 1m", "c. 2y 4m", "before birth"]
    assert [row.cells[8] for row in rows] == ["– / – / –"] * 3  # not recorded


def test_cell_text_is_escaped_and_keeps_no_blank_line() -> None:
    summary = 'Said "<script>alert(1)</script>" & left.\n\nSecond paragraph.'
    page = composite_page_markdown(small_review(), [entry(date(2022, 3, 1), summary=summary)], with_ages=False)
    assert "<script>" not in page and "&lt;script&gt;" in page
    block = page[page.index('<div class="casereview-chronology') : page.index("</div>")]
    assert "\n\n" not in block
    rendered = markdown.markdown(page.split("---\n", 2)[2], extensions=SITE_EXTENSIONS)
    assert table(rendered).rows[0].cells[5] == 'Said "<script>alert(1)</script>" & left.\n\nSecond paragraph.'


def test_no_subject_birth_date_means_no_age_column() -> None:
    rows = table(composite_page_markdown(small_review(born=None), [entry(date(2022, 3, 1))], with_ages=True))
    assert "Age of Child A" not in rows.headers and len(rows.rows[0].cells) == 10


# --------------------------------------------------------------------------- the filter script


def expected_count(
    merged: list[MergedEntry],
    *,
    agency: str = "",
    person: str = "",
    start: str = "",
    end: str = "",
    seen: bool = False,
) -> int:
    """The filter's meaning, written independently of the script."""

    def keep(m: MergedEntry) -> bool:
        e = m.entry
        return (
            (not agency or e.agency == agency)
            and (not person or person in e.people)
            and (not start or e.event_date.latest.isoformat() >= start)
            and (not end or e.event_date.earliest.isoformat() <= end)
            and (not seen or e.child_seen is True)
        )

    return sum(1 for m in merged if keep(m))


def test_flagged_rows_show_what_is_wrong_and_keep_every_cell() -> None:
    invalid = EventDate(date(2022, 2, 1), "month", original="31.02.2022", invalid=True)
    undated = EventDate(date.max, "unknown", original="yesterday")
    merged = [
        MergedEntry(ChronologyEntry("csc", "csc.csv", 2, invalid, "Visit", flags=["invalid date"])),
        MergedEntry(
            ChronologyEntry(
                "csc", "csc.csv", 3, EventDate(date(2022, 3, 4)), "Call", time_part="evening", time_text="Evening",
                flags=["part of the day"], extra={"Internal ref": "R-7"},
            )
        ),
        MergedEntry(ChronologyEntry("csc", "csc.csv", 4, EventDate(date(2022, 3, 5)), "Note", time_text="soon",
                                    flags=["time not read"])),
        MergedEntry(ChronologyEntry("csc", "csc.csv", 5, undated, "Letter", flags=["date not read"])),
    ]  # fmt: skip
    page = composite_page_markdown(small_review(), merged, with_ages=True, counts=[("csc.csv", 4)])
    rows = table(page).rows
    assert [row.cells[0] for row in rows] == [
        "31.02.2022 (invalid date)\ninvalid date",
        "04.03.2022\npart of the day",
        "05.03.2022\ntime not read",
        "yesterday (date not read)\ndate not read",
    ]
    assert [row.cells[1] for row in rows] == [
        "not known",
        "Evening (part of the day)",
        "soon (not read)",
        "not known",
    ]
    assert rows[1].cells[5] == "Call\nInternal ref: R-7"
    assert rows[3].attrs["data-date"] == "" and rows[3].cells[-1] == ""  # no age for an unknown date
    assert all("is-flagged" in row.attrs["class"] for row in rows)
    assert "| `csc.csv` | 4 | 4 |" in page and "4 rows are flagged." in page
