"""axe-core in a page: inject the vendored copy and run the WCAG 2.2 AA rules.

The file is vendored (tests/browser/vendor/, see its README) so a fresh CI machine needs
no download at test time and every run uses the same rules.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from playwright.sync_api import Page

AXE_SCRIPT = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
AXE_VERSION = "4.14.1"
WCAG_22_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """The WCAG 2.2 AA violations axe-core finds in the page as it is now."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE_SCRIPT))
    version = page.evaluate("() => window.axe.version")
    if version != AXE_VERSION:
        raise AssertionError(f"vendored axe-core is {version}, expected {AXE_VERSION}: update axe_support.py")
    return page.evaluate(
        """async (tags) => {
            const result = await window.axe.run(document, {
                runOnly: {type: 'tag', values: tags},
                resultTypes: ['violations'],
            });
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary})),
            }));
        }""",
        WCAG_22_AA_TAGS,
    )


def describe(violations: list[dict[str, Any]], limit: int = 4) -> str:
    """A readable list of violations, a few nodes each, for an assertion message."""
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}, {len(violation['nodes'])} nodes): {violation['help']}")
        for node in violation["nodes"][:limit]:
            summary = " ".join(str(node["summary"]).split())[:200]
            lines.append(f"    {node['target']}: {summary}")
    return "\n".join(lines)
