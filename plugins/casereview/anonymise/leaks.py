"""A real name found in published output, and how it is told: by acronym, never by name.

Its own module so the scan (:mod:`casereview.anonymise.scan`) and the process pool
that runs it (:mod:`casereview.anonymise.parallel`) share it without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

# The "acronym" of a leak that is a file the gate could not read: it is refused too.
UNREADABLE = "(unreadable)"


@dataclass(frozen=True)
class Leak:
    """A real name found in published output, named only by its entity's acronym."""

    acronym: str
    path: Path
    location: str  # "line 12", "page 3", "metadata /Title", "outline", "file name"...


def format_leak(leak: Leak) -> str:
    """One line for a person to act on; it never repeats the name itself."""
    if leak.acronym == UNREADABLE:
        return (
            f"UNREADABLE: {leak.path} {leak.location}: the gate cannot check it for real names, "
            "so it is not published; replace it with a file that opens, or remove it"
        )
    return (
        f'LEAK: "{leak.acronym}" in {leak.path} {leak.location}: a real name of this key '
        "entity is published; replace it with the acronym"
    )
