"""The public site's accessibility statement, after the GOV.UK model statement.

Public sector bodies must publish one (Public Sector Bodies Accessibility Regulations
2018). The board sets its contact, the date the statement was prepared and its
compliance status once in mkdocs.yml (``extra.casereview.accessibility``); casereview
writes the page, with the sections of the model statement, like the landing page.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from casereview.sources import paths
from casereview.sources.dates import parse_date
from casereview.sources.today import uk_date

SETTING = "extra.casereview.accessibility"
STATEMENT_PAGE = paths.STATEMENT_PAGE
COMPLIANCE = ("fully", "partially")
WCAG = "Web Content Accessibility Guidelines version 2.2 AA standard"


class AccessibilitySettingError(ValueError):
    """``extra.casereview.accessibility`` in mkdocs.yml is not usable (the message says why)."""


@dataclass(frozen=True)
class AccessibilitySettings:
    contact_email: str = ""
    contact_phone: str = ""
    prepared: date | None = None
    compliance: str = "partially"
    known_issues: list[str] = field(default_factory=list)


def settings_from_extra(extra: Any) -> AccessibilitySettings | None:
    """The settings of ``extra.casereview.accessibility``; None when the board set none."""
    casereview = extra.get("casereview") if isinstance(extra, Mapping) else None
    raw = casereview.get("accessibility") if isinstance(casereview, Mapping) else None
    if raw is None:
        return None
    if not isinstance(raw, Mapping):
        raise AccessibilitySettingError(f"{SETTING} in mkdocs.yml must be a mapping (contact_email, prepared, …)")
    email = str(raw.get("contact_email") or "").strip()
    if "@" not in email:
        raise AccessibilitySettingError(
            f"{SETTING}.contact_email in mkdocs.yml: set the address readers write to about accessibility"
        )
    compliance = str(raw.get("compliance") or "partially").strip().lower()
    if compliance not in COMPLIANCE:
        raise AccessibilitySettingError(f'{SETTING}.compliance in mkdocs.yml: "{compliance}"; write fully or partially')
    issues = raw.get("known_issues") or []
    if not isinstance(issues, list) or not all(isinstance(item, str) for item in issues):
        raise AccessibilitySettingError(f"{SETTING}.known_issues in mkdocs.yml must be a list of sentences")
    return AccessibilitySettings(
        contact_email=email,
        contact_phone=str(raw.get("contact_phone") or "").strip(),
        prepared=_date(raw.get("prepared")),
        compliance=compliance,
        known_issues=[item.strip() for item in issues if item.strip()],
    )


def _date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    day = parse_date(value)
    if day is None:
        raise AccessibilitySettingError(f'{SETTING}.prepared in mkdocs.yml: "{value}" is not a date; write YYYY-MM-DD')
    return day


def statement_markdown(settings: AccessibilitySettings | None, board: str, site_name: str) -> str:
    """The statement page (Markdown with frontmatter), every section of the model statement."""
    settings = settings or AccessibilitySettings()
    board = board or site_name
    contact = []
    if settings.contact_email:
        contact.append(f"- email [{settings.contact_email}](mailto:{settings.contact_email})")
    if settings.contact_phone:
        contact.append(f"- call {settings.contact_phone}")
    if not contact:
        contact.append(f"- contact {board}")
    fully = settings.compliance == "fully"
    prepared = uk_date(settings.prepared) if settings.prepared else "a date the board has not yet recorded"
    issues = (
        [f"- {issue}" for issue in settings.known_issues]
        if settings.known_issues
        else ["- The board has not listed any content that is not accessible."]
    )
    lines = [
        '---\ntype: page\ntitle: Accessibility statement\nstatus: published\nversion: "1.0"\n---\n',
        f"# Accessibility statement for {site_name}\n",
        f"This accessibility statement applies to the published reviews of {board} on this website.\n",
        "## Using this website\n",
        f"{board} wants as many people as possible to be able to use this website. For example, you should be able to:\n",
        "- change colours, contrast levels and fonts using your browser or device settings",
        "- zoom in up to 400% without the text spilling off the screen",
        "- navigate most of the website using a keyboard or speech recognition software",
        "- listen to most of the website using a screen reader\n",
        "Every document is also published as a tagged PDF (PDF/UA-1) with the same text.\n",
        "## How accessible this website is\n",
        (
            "We believe this website meets the accessibility standard. "
            if fully
            else "We know some parts of this website are not fully accessible; they are listed under "
            "[Non-accessible content](#non-accessible-content). "
        )
        + "If you find a problem we have not listed, please tell us.\n",
        "## Feedback and contact information\n",
        "If you need information on this website in a different format, such as accessible PDF, "
        "large print, easy read, audio recording or braille, or if you find a problem with its accessibility:\n",
        *contact,
        "",
        "We will consider your request and get back to you.\n",
        "## Enforcement procedure\n",
        "The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public Sector Bodies "
        "(Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018 (the 'accessibility "
        "regulations'). If you are not happy with how we respond to your complaint, contact the "
        "[Equality Advisory and Support Service (EASS)](https://www.equalityadvisoryservice.com/).\n",
        "## Technical information about this website's accessibility\n",
        f"{board} is committed to making its website accessible, in accordance with the Public Sector Bodies "
        "(Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018.\n",
        "### Compliance status\n",
        (
            f"This website is fully compliant with the {WCAG}.\n"
            if fully
            else f"This website is partially compliant with the {WCAG}, due to the non-compliances listed below.\n"
        ),
        "### Non-accessible content\n",
        *issues,
        "",
        "## How we tested this website\n",
        "Every build of this website is tested automatically: each page is opened in a web browser and "
        "checked with axe-core against the WCAG 2.2 A and AA rules, and every PDF is checked for tags "
        "and document information. Automated tests find only part of the problems a person meets; "
        "tell us about any other.\n",
        "## Preparation of this accessibility statement\n",
        f"This statement was prepared on {prepared}.\n",
    ]
    return "\n".join(lines)
