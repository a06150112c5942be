"""What every subcommand shares: how it speaks to the terminal, and the project's input limits."""

from __future__ import annotations

import sys
from pathlib import Path

from casereview.sources.findings import Finding
from casereview.sources.inputs import limits_from_mkdocs_yml, use_limits

MARKING = "OFFICIAL-SENSITIVE: panel only"


def say(message: str) -> None:
    print(message, file=sys.stderr)


def print_findings(findings: list[Finding], fmt: str = "text") -> None:
    for finding in findings:
        print(finding.format_github() if fmt == "github" else finding.format_text())


def use_project_limits(command: str) -> bool:
    """Apply the input limits of ./mkdocs.yml, as the build does; False when they are wrong."""
    try:
        use_limits(limits_from_mkdocs_yml(Path("mkdocs.yml")))
    except ValueError as exc:
        say(f"casereview {command}: mkdocs.yml, plugin casereview, limits: {exc}")
        return False
    return True
