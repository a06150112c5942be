"""Every action of every review as a spreadsheet (.xlsx or .csv) for the board.

Formula-safe: in CSV a cell that starts like a formula gets a leading single quote
(:func:`casereview.sources.spreadsheet_safety.neutralise`); in XLSX every text is stored as a
string cell, never a formula (``chronology.xlsx.write_table``).
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from casereview.actions.model import Action
from casereview.actions.plans import agency_names, recommendations_of, review_actions
from casereview.anonymise import Anonymiser
from casereview.sources.review import Review
from casereview.sources.spreadsheet_safety import neutralise

HEADERS = [
    "Review",
    "Agency",
    "Action",
    "Recommendation",
    "Recommendation text",
    "What",
    "Owner",
    "Target date",
    "Status",
    "Overdue",
    "Evidence",
    "Plan",
]
_WIDTHS = {"Recommendation text": 50, "What": 50, "Evidence": 40, "Owner": 30}


class ActionExportError(ValueError):
    """The export cannot be written where asked."""


def action_rows(reviews: Sequence[Review], today: date) -> list[list[object]]:
    rows: list[list[object]] = []
    for review in reviews:
        names = agency_names(review)
        texts = {r.id: r.text for r in recommendations_of(review)}
        anonymiser = Anonymiser(review.key)  # as the panel site shows them
        for action in review_actions(review):
            row = _row(review, action, names, texts, today)
            rows.append([anonymiser.substitute(v) if isinstance(v, str) else v for v in row])
    return rows


def _row(review: Review, action: Action, names: dict[str, str], texts: dict[str, str], today: date) -> list[object]:
    return [
        str(review.meta.get("title", review.slug)),
        names.get(action.agency, action.agency),
        action.id,
        action.recommendation,
        texts.get(action.recommendation, ""),
        action.action,
        action.owner,
        action.target.due if action.target.exact else action.target.written,
        action.status_words,
        "Overdue" if action.is_overdue(today) else "",
        action.evidence,
        action.plan,
    ]


def write_actions(reviews: Sequence[Review], out: Path, today: date) -> int:
    """Write the actions to ``out`` (.xlsx or .csv); returns how many."""
    suffix = out.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise ActionExportError(f"{out}: the action export must be .xlsx or .csv")
    rows = action_rows(reviews, today)
    out.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".csv":
        with out.open("w", encoding="utf-8-sig", newline="") as stream:
            writer = csv.writer(stream)
            writer.writerow(HEADERS)
            for row in rows:
                writer.writerow([_csv_cell(value) for value in row])
    else:
        from casereview.chronology.xlsx import write_table  # openpyxl loads slowly: only here

        write_table(
            out,
            "Actions",
            HEADERS,
            rows,
            widths=[_WIDTHS.get(title, 16) for title in HEADERS],
            wrapped={4, 5, 10},
            number_formats={7: "D MMMM YYYY"},
        )
    return len(rows)


def _csv_cell(value: object) -> str:
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return neutralise(str(value))
