"""A review's own column names: ``chronology-columns.yml`` beside ``index.md``.

The built-in synonym list (:mod:`casereview.chronology.columns`) covers the headers
agencies commonly use; a review whose agency writes something else names it here::

    columns:
      "Contact date": date
      "Practitioner(s)": people
      "Internal ref": other      # keep it as other information (the default)

Each value is a field of the template (``date``, ``time``, ``agency``, ``event_type``,
``people``, ``summary``, ``decisions``, ``issues``, ``child_seen``, ``seen_alone``,
``wishes_sought``, ``source``, ``recorded_date``) or ``other``. It applies to the
headers of every CSV and XLSX chronology of the review and the keys of its YAML ones.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from casereview.chronology.columns import FIELDS, OTHER, ColumnNames, normalise_header
from casereview.chronology.model import ChronologyError

FILE_NAME = "chronology-columns.yml"


def load_column_names(review_folder: Path) -> tuple[ColumnNames, list[ChronologyError]]:
    """The review's synonym list; the built-in one when the file is absent."""
    path = review_folder / FILE_NAME
    if not path.is_file():
        return ColumnNames(), []
    display = str(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as problem:
        return ColumnNames(), [ChronologyError(display, None, None, f"cannot be read ({type(problem).__name__})")]
    columns = data.get("columns") if isinstance(data, dict) else None
    if not isinstance(columns, dict):
        message = 'needs a "columns:" mapping of "header as written": field'
        return ColumnNames(), [ChronologyError(display, None, None, message)]
    overrides: dict[str, str] = {}
    errors = []
    allowed = (*FIELDS, OTHER)
    for header, value in columns.items():
        name = str(value).strip().lower()
        if name == "date_recorded":
            name = "recorded_date"
        if name not in allowed:
            errors.append(
                ChronologyError(
                    display, None, str(header), f'"{value}" is not a field; use one of: {", ".join(allowed)}'
                )
            )
            continue
        overrides[normalise_header(header)] = name
    return ColumnNames(tuple(overrides.items())), errors
