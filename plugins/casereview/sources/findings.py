"""Findings: what `check`, `audit` and the plugins report to a user.

A finding always carries the file and, where known, the line, so an author can go
straight to the problem. Messages never contain a real name from a key.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    """What a finding does (the policy is written in content/guide): an error blocks
    publication, a warning asks the author to act, a note only informs."""

    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"


@dataclass(frozen=True)
class Finding:
    path: str
    line: int | None
    message: str
    field: str = ""
    severity: Severity = Severity.ERROR
    column: int | None = None

    def format_text(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        if self.column is not None and self.line is not None:
            where += f":{self.column}"
        field = f' field "{self.field}":' if self.field else ""
        return f"{where}: {self.severity.value}:{field} {self.message}"

    def format_github(self) -> str:
        """A GitHub Actions workflow command, so the finding shows on the changed line."""
        parts = [f"file={self.path}"]
        if self.line is not None:
            parts.append(f"line={self.line}")
        if self.column is not None:
            parts.append(f"col={self.column}")
        field = f'field "{self.field}": ' if self.field else ""
        body = _escape_github(field + self.message)
        command = "notice" if self.severity is Severity.NOTE else self.severity.value
        return f"::{command} {','.join(parts)},title=casereview::{body}"

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    @property
    def is_note(self) -> bool:
        return self.severity is Severity.NOTE


def _escape_github(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (f.path, f.line or 0, f.column or 0, f.message))
