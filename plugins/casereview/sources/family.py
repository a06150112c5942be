"""The family as the key records it: who is whose parent and partner, and what is
inconsistent in it.

Family entities carry ``parent_of``, ``partners``, ``sex``, ``deceased``, ``subject`` and
``household``; siblings follow from shared parents. :func:`check_family` reports
inconsistencies (naming acronyms only); :mod:`casereview.render.genogram` draws the family.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from casereview.sources.key import Entity, Key

SEXES = ("female", "male", "unknown")
STATUSES = ("current", "married", "separated", "divorced", "former")


@dataclass(frozen=True)
class FamilyProblem:
    """One inconsistency in the family relationships of a key."""

    acronym: str
    field: str
    message: str


def check_family(key: Key) -> list[FamilyProblem]:
    """Every inconsistency in the family relationships of ``key``, in key order."""
    problems: list[FamilyProblem] = []
    for entity in key:
        if entity.category != "family":
            problems += _relations_of_non_family(entity)
            continue
        if entity.sex not in SEXES:
            problems.append(_problem(entity, "sex", "sex must be female, male or unknown"))
        partner_names = [p.with_acronym for p in entity.partners]
        problems += _check_links(key, entity, "parent_of", entity.parent_of)
        problems += _check_links(key, entity, "partners", partner_names)
        problems += [
            _problem(
                entity,
                "partners",
                f"the partnership with {p.with_acronym} has an unknown status (use {', '.join(STATUSES)})",
            )
            for p in entity.partners
            if p.status not in STATUSES
        ]
    return problems + _disagreements(key) + _crowded_parents(key) + _cycles(key)


def _problem(entity: Entity, field: str, message: str) -> FamilyProblem:
    return FamilyProblem(entity.acronym, field, f"{entity.acronym}: {message}")


def _relations_of_non_family(entity: Entity) -> list[FamilyProblem]:
    return [
        _problem(entity, field, f"{field} is only for family members (category is {entity.category})")
        for field, value in (("parent_of", entity.parent_of), ("partners", entity.partners))
        if value
    ]


def _check_links(key: Key, entity: Entity, field: str, targets: Iterable[str]) -> list[FamilyProblem]:
    own = "their own parent" if field == "parent_of" else "their own partner"
    problems, seen = [], set()
    for target in targets:
        if target == entity.acronym:
            problems.append(_problem(entity, field, f"listed as {own}"))
        elif target in seen:
            problems.append(_problem(entity, field, f"{field} lists {target} twice"))
        elif target not in key:
            problems.append(_problem(entity, field, _unknown_target(key, field, target)))
        elif key.get(target).category != "family":  # type: ignore[union-attr]
            problems.append(_problem(entity, field, f"{field} names {target}, who is not a family member"))
        seen.add(target)
    return problems


def _unknown_target(key: Key, field: str, target: str) -> str:
    """Never echo a real name written by mistake where an acronym belongs."""
    folded = target.casefold()
    owner = next((e for e in key if folded in {n.casefold() for n in e.real_names}), None)
    if owner is not None:
        return f"{field} names a real name instead of an acronym; write {owner.acronym}"
    return f"{field} names {target}, which is not in the key"


def _disagreements(key: Key) -> list[FamilyProblem]:
    said = {(e.acronym, p.with_acronym): p.status for e in family_members(key) for p in e.partners}
    problems = []
    for (a, b), status in said.items():
        other = said.get((b, a))
        if other is not None and other != status and key.acronyms.index(a) < key.acronyms.index(b):
            problems.append(
                FamilyProblem(
                    a, "partners", f"{a} and {b} list their partnership with different statuses ({status} and {other})"
                )
            )
    return problems


def _crowded_parents(key: Key) -> list[FamilyProblem]:
    parents = _parents_by_child(key)
    return [
        FamilyProblem(
            child,
            "parent_of",
            f"{child} has {len(ps)} parents in the key ({', '.join(ps)}); a genogram shows at most two",
        )
        for child, ps in parents.items()
        if len(ps) > 2
    ]


def _cycles(key: Key) -> list[FamilyProblem]:
    """One problem per cycle in ``parent_of`` (each back edge of a depth-first search)."""
    children = children_by_parent(key)
    problems: list[FamilyProblem] = []
    finished: set[str] = set()

    def visit(node: str, stack: list[str]) -> None:
        stack.append(node)
        for child in children.get(node, []):
            if child in stack:
                cycle = stack[stack.index(child) :]
                first = min(cycle, key=key.acronyms.index)
                turn = cycle[cycle.index(first) :] + cycle[: cycle.index(first)] + [first]
                problems.append(FamilyProblem(first, "parent_of", "parent_of forms a cycle: " + " → ".join(turn)))
            elif child not in finished:
                visit(child, stack)
        finished.add(stack.pop())

    for node in children:
        if node not in finished:
            visit(node, [])
    return problems


def family_members(key: Key) -> list[Entity]:
    return [e for e in key if e.category == "family"]


def children_by_parent(key: Key) -> dict[str, list[str]]:
    """Valid parent → children edges between distinct family members, in key order."""
    members = {e.acronym for e in family_members(key)}
    return {
        e.acronym: list(dict.fromkeys(c for c in e.parent_of if c in members and c != e.acronym)) for e in family_members(key)
    }


def _parents_by_child(key: Key) -> dict[str, list[str]]:
    parents: dict[str, list[str]] = {}
    for parent, children in children_by_parent(key).items():
        for child in children:
            parents.setdefault(child, []).append(parent)
    return parents
