"""The genogram: drawn from the key's family relationships, acronyms only."""

from __future__ import annotations

import copy
import io
import re
import xml.etree.ElementTree as ET
from typing import Any

import pytest
import weasyprint
from pypdf import PdfReader

from casereview.render.genogram import draw_genogram
from casereview.sources.family import FamilyProblem, check_family
from casereview.sources.key import Key

SVG = "{http://www.w3.org/2000/svg}"


def person(acronym: str, sex: str, **fields: Any) -> dict[str, Any]:
    """A family entity whose real name is derived from its acronym, to check leaks."""
    slug = re.sub(r"\W", "", acronym)
    return {
        "acronym": acronym,
        "category": "family",
        "sex": sex,
        "names": [f"Realname{slug} Surname{slug}"],
        "aliases": [f"Nick{slug}"],
        **fields,
    }


FAMILY: dict[str, Any] = {
    "entities": [
        person("Child T", "female", subject=True, household=True),
        person(
            "Mother",
            "female",
            household=True,
            parent_of=["Child T", "Sibling S", "Baby B"],
            partners=[{"with": "Father", "status": "separated"}, {"with": "Mr P", "status": "current"}],
        ),
        person(
            "Father",
            "male",
            parent_of=["Child T", "Sibling S", "Half-sibling H"],
            partners=[{"with": "Mother", "status": "separated"}, {"with": "Ms K", "status": "divorced"}],
        ),
        person("Sibling S", "male"),
        person("Mr P", "male", household=True, parent_of=["Baby B"]),
        person("Baby B", "female", deceased=True, household=True),
        person("Ms K", "female", parent_of=["Half-sibling H"]),
        person("Half-sibling H", "unknown"),
        person("MGM", "female", parent_of=["Mother", "Aunt A"], partners=[{"with": "MGF", "status": "married"}]),
        person("MGF", "male", deceased=True, parent_of=["Mother", "Aunt A"]),
        person("Aunt A", "female"),
        person("PGM", "female", parent_of=["Father"]),
        {"acronym": "SW1", "category": "professional", "names": ["Priya Ramanathan"]},
    ]
}


def key_of(data: dict[str, Any]) -> Key:
    return Key.from_mapping(data)


def with_changes(**changes: dict[str, Any]) -> dict[str, Any]:
    """The sample family with some entities' fields replaced (keyed by acronym)."""
    data = copy.deepcopy(FAMILY)
    for entity in data["entities"]:
        entity.update(changes.get(entity["acronym"], {}))
    return data


@pytest.fixture(scope="module")
def svg_text() -> str:
    return draw_genogram(key_of(FAMILY))


@pytest.fixture(scope="module")
def root(svg_text: str) -> ET.Element:
    return ET.fromstring(svg_text)


def people(root: ET.Element) -> dict[str, ET.Element]:
    return {g.get("data-acronym"): g for g in root.iter(f"{SVG}g") if "person" in (g.get("class") or "").split()}


def centre(group: ET.Element) -> tuple[float, float]:
    """The centre of a person's symbol, whatever its shape."""
    shape = next(e for e in group if "symbol" in (e.get("class") or ""))
    if shape.tag == f"{SVG}circle":
        return float(shape.get("cx")), float(shape.get("cy"))
    if shape.tag == f"{SVG}rect":
        return float(shape.get("x")) + 20, float(shape.get("y")) + 20
    points = [tuple(map(float, p.split(","))) for p in shape.get("points").split()]
    return sum(p[0] for p in points) / 4, sum(p[1] for p in points) / 4


def partnership(root: ET.Element, a: str, b: str) -> ET.Element:
    wanted = {f"{a} + {b}", f"{b} + {a}"}
    return next(g for g in root.iter(f"{SVG}g") if g.get("data-partners") in wanted)


def slash_count(root: ET.Element, a: str, b: str) -> int:
    return sum("partnership-slash" in (e.get("class") or "") for e in partnership(root, a, b).iter(f"{SVG}line"))


# --------------------------------------------------------------------------- symbols


def test_each_sex_has_its_conventional_symbol(root: ET.Element) -> None:
    found = people(root)
    assert found["Father"].find(f"{SVG}rect[@class='symbol']") is not None
    assert found["Mother"].find(f"{SVG}circle[@class='symbol']") is not None
    assert found["Half-sibling H"].find(f"{SVG}polygon[@class='symbol']") is not None
    assert set(found) == {e["acronym"] for e in FAMILY["entities"] if e["category"] == "family"}


def test_only_deceased_people_are_crossed(root: ET.Element) -> None:
    crosses = {a: len(g.findall(f"{SVG}line[@class='deceased-mark']")) for a, g in people(root).items()}
    assert {a for a, n in crosses.items() if n} == {"Baby B", "MGF"}
    assert crosses["Baby B"] == 2


def test_only_the_subject_has_a_double_outline(root: ET.Element) -> None:
    outlined = {a for a, g in people(root).items() if g.find(f"{SVG}*[@class='subject-outline']") is not None}
    assert outlined == {"Child T"}
    assert len(people(root)["Child T"].findall(f"{SVG}circle")) == 2


def test_slashes_tell_separated_from_divorced_and_current(root: ET.Element) -> None:
    assert slash_count(root, "Mother", "Father") == 1
    assert slash_count(root, "Father", "Ms K") == 2
    assert slash_count(root, "Mother", "Mr P") == 0
    assert slash_count(root, "MGM", "MGF") == 0


def test_former_partners_get_two_slashes() -> None:
    data = with_changes(
        Mother={"partners": [{"with": "Father", "status": "former"}]},
        Father={"partners": [{"with": "Mother", "status": "former"}]},
    )
    assert slash_count(ET.fromstring(draw_genogram(key_of(data))), "Mother", "Father") == 2


# --------------------------------------------------------------------------- relationships


def descent_lines(root: ET.Element, parents: str) -> tuple[float, list[float]]:
    """(x where the line leaves the parents, xs where it reaches children)."""
    path = next(p for p in root.iter(f"{SVG}path") if p.get("data-parents") == parents)
    verticals = re.findall(r"M([\d.]+) [\d.]+ V[\d.]+", path.get("d"))
    return float(verticals[0]), [float(v) for v in verticals[1:]]


def test_half_siblings_hang_from_their_own_parent_pair(root: ET.Element) -> None:
    xs = {a: centre(g)[0] for a, g in people(root).items()}
    for parents, children in [
        ("Mother + Father", {"Child T", "Sibling S"}),
        ("Mother + Mr P", {"Baby B"}),
        ("Father + Ms K", {"Half-sibling H"}),
    ]:
        start, ends = descent_lines(root, parents)
        first, second = (xs[p] for p in parents.split(" + "))
        assert min(first, second) < start < max(first, second)  # from the partnership line
        assert sorted(ends) == sorted(xs[c] for c in children)


def test_a_single_parent_carries_their_children_alone(root: ET.Element) -> None:
    start, ends = descent_lines(root, "PGM")
    xs = {a: centre(g)[0] for a, g in people(root).items()}
    assert start == xs["PGM"] and ends == [xs["Father"]]


def test_generations_run_from_grandparents_to_children(root: ET.Element) -> None:
    ys = {a: centre(g)[1] for a, g in people(root).items()}
    assert ys["MGM"] == ys["MGF"] == ys["PGM"] < ys["Mother"]
    assert ys["Mother"] == ys["Father"] == ys["Mr P"] == ys["Ms K"] == ys["Aunt A"]
    assert ys["Mother"] < ys["Child T"] == ys["Half-sibling H"] == ys["Baby B"]


def test_partners_stand_side_by_side(root: ET.Element) -> None:
    row = sorted(
        (centre(g)[0], a) for a, g in people(root).items() if centre(g)[1] == centre(people(root)["Mother"])[1]
    )
    order = [a for _, a in row]
    assert abs(order.index("Mother") - order.index("Father")) == 1
    assert abs(order.index("Mother") - order.index("Mr P")) == 1
    assert abs(order.index("Father") - order.index("Ms K")) == 1


def assert_no_overlap(root: ET.Element) -> None:
    rows: dict[float, list[tuple[float, str]]] = {}
    for acronym, group in people(root).items():
        x, y = centre(group)
        rows.setdefault(y, []).append((x, acronym))
    for row in rows.values():
        row.sort()
        for (x1, a), (x2, b) in zip(row, row[1:], strict=False):
            room = max(44, 7 * len(a)) / 2 + max(44, 7 * len(b)) / 2
            assert x2 - x1 >= room, f"{a} and {b} overlap"


def test_symbols_and_labels_do_not_overlap(root: ET.Element) -> None:
    assert_no_overlap(root)


def test_a_fifteen_person_family_does_not_overlap() -> None:
    data = copy.deepcopy(FAMILY)
    data["entities"] += [
        person("Cousin C", "male"),
        person("Cousin D", "female"),
        person(
            "Uncle U", "male", parent_of=["Cousin C", "Cousin D"], partners=[{"with": "Aunt A", "status": "married"}]
        ),
    ]
    for entity in data["entities"]:
        if entity["acronym"] == "Aunt A":
            entity["parent_of"] = ["Cousin C", "Cousin D"]
    assert len([e for e in data["entities"] if e["category"] == "family"]) == 15
    root = ET.fromstring(draw_genogram(key_of(data)))
    assert_no_overlap(root)
    start, ends = descent_lines(root, "Aunt A + Uncle U")
    assert len(ends) == 2


SERIAL_PARTNERS: dict[str, Any] = {
    "entities": [
        person("Child T", "female", subject=True, parent_of=[]),
        person(
            "Mother",
            "female",
            parent_of=["Child T", "Sib 2", "Sib 3"],
            partners=[{"with": "Mr A", "status": "divorced"}, {"with": "Mr B", "status": "former"}, {"with": "Mr C"}],
        ),
        person("Mr A", "male", parent_of=["Child T"]),
        person("Mr B", "male", parent_of=["Sib 2"]),
        person("Mr C", "male", parent_of=["Sib 3"]),
        person("Sib 2", "unknown"),
        person("Sib 3", "female"),
    ]
}


@pytest.mark.parametrize("data", [FAMILY, SERIAL_PARTNERS], ids=["family", "serial-partners"])
def test_no_line_to_children_runs_through_a_symbol(data: dict[str, Any]) -> None:
    root = ET.fromstring(draw_genogram(key_of(data)))
    symbols = [centre(g) for g in people(root).values()]
    for path in root.iter(f"{SVG}path"):
        if path.get("class") != "descent":
            continue
        for x, y1, y2 in re.findall(r"M([\d.]+) ([\d.]+) V([\d.]+)", path.get("d")):
            for cx, cy in symbols:
                crosses_column = abs(float(x) - cx) < 22
                crosses_rows = float(y1) < cy < float(y2)
                assert not (crosses_column and crosses_rows), path.get("data-parents")


def test_each_of_three_partners_has_their_own_children() -> None:
    root = ET.fromstring(draw_genogram(key_of(SERIAL_PARTNERS)))
    xs = {a: centre(g)[0] for a, g in people(root).items()}
    assert slash_count(root, "Mother", "Mr B") == 2 and slash_count(root, "Mother", "Mr C") == 0
    for partner, child in [("Mr A", "Child T"), ("Mr B", "Sib 2"), ("Mr C", "Sib 3")]:
        start, ends = descent_lines(root, f"Mother + {partner}")
        assert ends == [xs[child]]
        assert min(xs["Mother"], xs[partner]) < start < max(xs["Mother"], xs[partner])


def test_parents_without_a_recorded_partnership_get_a_dotted_line() -> None:
    data = with_changes(**{"Mr P": {"partners": []}}, Mother={"partners": [{"with": "Father", "status": "separated"}]})
    line = partnership(ET.fromstring(draw_genogram(key_of(data))), "Mother", "Mr P")
    assert "partnership--unrecorded" in line.get("class")
    assert line.find(f"{SVG}path").get("stroke-dasharray")


# --------------------------------------------------------------------------- household


def inside(point: tuple[float, float], d: str) -> bool:
    """Even-odd point-in-polygon over the closed subpaths of an SVG path."""
    inside_count = 0
    for subpath in re.findall(r"M[^Z]+Z", d):
        corners = [tuple(map(float, p.split())) for p in re.findall(r"[\d.]+ [\d.]+", subpath)]
        for (x1, y1), (x2, y2) in zip(corners, corners[1:] + corners[:1], strict=True):
            if (y1 > point[1]) != (y2 > point[1]):
                crossing = x1 + (point[1] - y1) * (x2 - x1) / (y2 - y1)
                inside_count += crossing > point[0]
    return inside_count % 2 == 1


def household_members(root: ET.Element) -> set[str]:
    boundary = next(p for p in root.iter(f"{SVG}path") if p.get("class") == "household")
    assert boundary.get("stroke-dasharray")
    assert boundary.get("d").count("M") == 1, "one household, one closed outline"
    return {a for a, g in people(root).items() if inside(centre(g), boundary.get("d"))}


def test_household_boundary_holds_exactly_the_household(root: ET.Element) -> None:
    assert household_members(root) == {"Child T", "Mother", "Mr P", "Baby B"}


def test_household_skipping_a_generation_goes_around_the_others() -> None:
    """Kinship care: grandmother and child at home, the mother elsewhere."""
    data = with_changes(
        Mother={"household": False},
        **{
            "Mr P": {"household": False},
            "Baby B": {"household": False},
            "MGM": {"household": True},
            "Sibling S": {"household": True},
        },
    )
    root = ET.fromstring(draw_genogram(key_of(data)))
    assert household_members(root) == {"Child T", "MGM", "Sibling S"}


def test_household_around_someone_who_lives_elsewhere() -> None:
    """Half-sibling H lives with the family; Sibling S, drawn between them, does not."""
    root = ET.fromstring(draw_genogram(key_of(with_changes(**{"Half-sibling H": {"household": True}}))))
    xs = {a: centre(g)[0] for a, g in people(root).items()}
    assert xs["Child T"] < xs["Sibling S"] < xs["Half-sibling H"]
    assert household_members(root) == {"Child T", "Mother", "Mr P", "Baby B", "Half-sibling H"}


def test_no_household_means_no_boundary() -> None:
    home = ("Child T", "Mother", "Mr P", "Baby B")
    data = with_changes(**{a: {"household": False} for a in home})
    root = ET.fromstring(draw_genogram(key_of(data)))
    assert not [p for p in root.iter(f"{SVG}path") if p.get("class") == "household"]


# --------------------------------------------------------------------------- anonymity, a11y


def test_no_real_name_appears_anywhere(svg_text: str) -> None:
    for entity in key_of(FAMILY):
        for name in entity.real_names:
            for word in name.split():
                assert word.casefold() not in svg_text.casefold()


def test_labels_are_the_acronyms_only(root: ET.Element) -> None:
    labels = {t.text for t in root.iter(f"{SVG}text") if t.get("class") == "label"}
    assert labels == set(people(root))


def test_svg_is_accessible_and_scalable(root: ET.Element) -> None:
    assert root.get("role") == "img" and root.get("viewBox")
    assert "max-width:100%" in root.get("style")
    assert root.find(f"{SVG}title").text == "Genogram of the family of Child T"
    desc = root.find(f"{SVG}desc").text
    for sentence in [
        "Mother and Father are separated.",
        "Father and Ms K are divorced.",
        "Mother and Father are the parents of Child T and Sibling S.",
        "Child T and Sibling S are siblings.",
        "Child T and Baby B are half-siblings.",
        "Baby B: female, deceased, lives in the household.",
        "The household: Child T, Mother, Mr P and Baby B.",
    ]:
        assert sentence in desc


def test_same_key_gives_the_same_svg(svg_text: str) -> None:
    assert draw_genogram(key_of(copy.deepcopy(FAMILY))) == svg_text


def test_acronyms_are_escaped() -> None:
    data = {"entities": [person("A & <B>", "male", subject=True)]}
    root = ET.fromstring(draw_genogram(key_of(data)))
    assert root.find(f"{SVG}title").text == "Genogram of the family of A & <B>"


def test_a_key_without_family_still_gives_a_valid_svg() -> None:
    root = ET.fromstring(draw_genogram(key_of({"entities": [FAMILY["entities"][-1]]})))
    assert root.find(f"{SVG}title").text == "Genogram of the family"


def test_weasyprint_renders_it_inside_a_pdf(svg_text: str) -> None:
    pdf = weasyprint.HTML(string=f"<html><body><h1>Family</h1>{svg_text}</body></html>").write_pdf()
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Half-sibling H" in text and "Realname" not in text


# --------------------------------------------------------------------------- check_family


def problems_of(**changes: dict[str, Any]) -> list[FamilyProblem]:
    return check_family(key_of(with_changes(**changes)))


def test_a_consistent_family_has_no_problems() -> None:
    assert check_family(key_of(FAMILY)) == []


def test_own_parent_is_reported() -> None:
    [problem] = problems_of(**{"Sibling S": {"parent_of": ["Sibling S"]}})
    assert problem.acronym == "Sibling S" and problem.field == "parent_of"
    assert "Sibling S" in problem.message and "own parent" in problem.message


def test_unknown_and_non_family_acronyms_are_reported() -> None:
    found = problems_of(**{"Aunt A": {"parent_of": ["Cousin Z"], "partners": [{"with": "SW1"}]}})
    assert [(p.acronym, p.field) for p in found] == [("Aunt A", "parent_of"), ("Aunt A", "partners")]
    assert "Cousin Z" in found[0].message and "not in the key" in found[0].message
    assert "SW1" in found[1].message and "not a family member" in found[1].message


def test_a_real_name_written_instead_of_an_acronym_is_not_echoed() -> None:
    [problem] = problems_of(**{"Aunt A": {"parent_of": ["RealnameChildT SurnameChildT"]}})
    assert "Realname" not in problem.message and "Child T" in problem.message


def test_a_cycle_is_reported_once_with_its_acronyms() -> None:
    found = problems_of(**{"Child T": {"parent_of": ["MGM"]}})
    [cycle] = [p for p in found if "cycle" in p.message]
    assert cycle.acronym == "Child T"
    assert cycle.message.endswith("Child T → MGM → Mother → Child T")


def test_a_cycle_through_a_second_child_is_found() -> None:
    found = problems_of(
        **{"Aunt A": {"parent_of": ["Cousin C"]}},
        MGM={"parent_of": ["Aunt A", "Mother"]},
        Mother={"parent_of": ["Child T", "MGM"], "partners": []},
    )
    cycles = [p.message for p in found if "cycle" in p.message]
    assert cycles == ["parent_of forms a cycle: Mother → MGM → Mother"]


def test_a_cyclic_key_still_draws() -> None:
    data = with_changes(**{"Child T": {"parent_of": ["MGM", "Child T"], "partners": [{"with": "Mother"}]}})
    assert ET.fromstring(draw_genogram(key_of(data))).get("role") == "img"


def test_more_than_two_parents_is_reported() -> None:
    found = problems_of(PGM={"parent_of": ["Father", "Child T"]})
    assert [(p.acronym, p.field) for p in found] == [("Child T", "parent_of")]
    assert "3 parents" in found[0].message


def test_a_partnership_with_two_statuses_is_reported() -> None:
    found = problems_of(
        Father={"partners": [{"with": "Mother", "status": "divorced"}, {"with": "Ms K", "status": "divorced"}]}
    )
    assert len(found) == 1 and found[0].acronym == "Mother"
    assert "Father" in found[0].message and "separated" in found[0].message


def test_relationships_on_a_professional_are_reported() -> None:
    data = copy.deepcopy(FAMILY)
    data["entities"][-1]["parent_of"] = ["Child T"]
    [problem] = check_family(key_of(data))
    assert problem.acronym == "SW1" and "only for family members" in problem.message
