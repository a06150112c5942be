"""The glossary of abbreviations: the shared list plus a review's own additions."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Abbreviation:
    abbr: str
    expansion: str
    explanation: str = ""


class Glossary:
    """Abbreviations by their exact spelling (``A&E``, ``S47``, ``ToR``)."""

    def __init__(self, entries: Iterable[Abbreviation] = ()) -> None:
        self._entries: dict[str, Abbreviation] = {}
        for entry in entries:
            self._entries[entry.abbr] = entry

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any] | None) -> Glossary:
        rows = (data or {}).get("abbreviations") or []
        return cls(
            Abbreviation(str(r["abbr"]), str(r["expansion"]), str(r.get("explanation", "")))
            for r in rows
            if isinstance(r, Mapping) and "abbr" in r and "expansion" in r
        )

    def extended(self, other: Glossary) -> Glossary:
        """This glossary with ``other``'s entries added (``other`` wins on a clash)."""
        return Glossary([*self._entries.values(), *other._entries.values()])

    def get(self, abbr: str) -> Abbreviation | None:
        return self._entries.get(abbr)

    def __contains__(self, abbr: object) -> bool:
        return abbr in self._entries

    def __iter__(self) -> Iterator[Abbreviation]:
        return iter(self._entries.values())

    def __len__(self) -> int:
        return len(self._entries)
