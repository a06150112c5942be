"""The anonymisation key of a review: who each acronym stands for.

A key is loaded from ``key.yml`` (validated first by :mod:`casereview.checks.check`); this
module only models it. Real names live only in :class:`Entity.names` and
:class:`Entity.aliases`; everything meant for a log or a public page uses
:attr:`Entity.acronym`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from casereview.sources.dates import parse_date

PERSON_CATEGORIES = frozenset({"family", "professional", "official"})
CATEGORIES = ("family", "professional", "official", "agency", "school", "place", "organisation")


@dataclass(frozen=True)
class Partnership:
    """A partnership between two family members, current or past."""

    with_acronym: str
    status: str = "current"  # current, married, separated, divorced, former


@dataclass(frozen=True)
class Entity:
    """One row of the key: an acronym and the real names it hides."""

    acronym: str
    category: str
    names: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    role: str = ""  # for the panel only: it may hold what identifies a person
    public_role: str = ""  # what the public key shows instead (else the relationship)
    public: bool = False
    title: str = ""
    job_title: str = ""
    agency: str = ""
    subject: bool = False
    sex: str = "unknown"
    born: date | None = None
    deceased: bool = False
    household: bool = False
    parent_of: tuple[str, ...] = ()
    partners: tuple[Partnership, ...] = ()
    common_words: tuple[str, ...] = ()

    @property
    def is_person(self) -> bool:
        return self.category in PERSON_CATEGORIES

    @property
    def real_names(self) -> tuple[str, ...]:
        """Every real form written in the key: names first, then aliases."""
        return self.names + self.aliases


@dataclass
class Key:
    """All entities of one review's key, looked up by acronym."""

    entities: list[Entity] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._by_acronym = {e.acronym: e for e in self.entities}

    def __iter__(self) -> Iterator[Entity]:
        return iter(self.entities)

    def __len__(self) -> int:
        return len(self.entities)

    def get(self, acronym: str) -> Entity | None:
        return self._by_acronym.get(acronym)

    def __contains__(self, acronym: object) -> bool:
        return acronym in self._by_acronym

    @property
    def acronyms(self) -> list[str]:
        return [e.acronym for e in self.entities]

    @property
    def private(self) -> list[Entity]:
        """Entities whose real names must never be published."""
        return [e for e in self.entities if not e.public]

    @property
    def subject(self) -> Entity | None:
        return next((e for e in self.entities if e.subject), None)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> Key:
        """Build a key from the parsed YAML of ``key.yml`` (already schema-checked)."""
        return cls([entity_from_mapping(raw) for raw in data.get("entities") or []])

    @classmethod
    def merged(cls, keys: Iterable[Key]) -> Key:
        return cls([e for k in keys for e in k.entities])


def _texts(value: Any) -> tuple[str, ...]:
    """A list field as texts; one text written without brackets is one item, never
    split into characters (``names: "Grace Fenwick"`` is still a name to hide)."""
    if value is None or value == "":
        return ()
    if isinstance(value, str | int | float | date):
        return (str(value),)
    if isinstance(value, Iterable) and not isinstance(value, Mapping):
        return tuple(str(v) for v in value if v is not None and not isinstance(v, Mapping))
    return ()


def entity_from_mapping(raw: Mapping[str, Any]) -> Entity:
    """One entity, read leniently: a key entry with a problem the check reports is still
    kept with what can be read, so its real names go on being hidden."""
    partners = tuple(
        Partnership(str(p["with"]), str(p.get("status", "current")))
        for p in raw.get("partners") or []
        if isinstance(p, Mapping) and p.get("with")
    )
    born_date = parse_date(raw.get("born"))  # None if not a real date: the schema check reports it
    return Entity(
        acronym=str(raw["acronym"]),
        category=str(raw.get("category", "family")),
        names=_texts(raw.get("names")),
        aliases=_texts(raw.get("aliases")),
        role=str(raw.get("role", "")),
        public_role=str(raw.get("public_role", "")),
        public=bool(raw.get("public", False)),
        title=str(raw.get("title", "")),
        job_title=str(raw.get("job_title", "")),
        agency=str(raw.get("agency", "")),
        subject=bool(raw.get("subject", False)),
        sex=str(raw.get("sex", "unknown")),
        born=born_date,
        deceased=bool(raw.get("deceased", False)),
        household=bool(raw.get("household", False)),
        parent_of=_texts(raw.get("parent_of")),
        partners=partners,
        common_words=_texts(raw.get("common_words")),
    )
