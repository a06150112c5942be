"""Agency chronologies: read them (CSV, XLSX, YAML), check them, merge and export them.

Pure core: nothing here imports mkdocs. The public names are re-exported below.
"""

from .dates import parse_date, parse_time, parse_yes_no
from .export import CompositeExportError, write_composite
from .merge import age_at, merge, per_person
from .model import ChronologyEntry, ChronologyError, EventDate, MergedEntry
from .readers import load_chronology
from .validate import outside_period, validate_people

__all__ = [
    "ChronologyEntry",
    "ChronologyError",
    "CompositeExportError",
    "EventDate",
    "MergedEntry",
    "age_at",
    "load_chronology",
    "merge",
    "outside_period",
    "parse_date",
    "parse_time",
    "parse_yes_no",
    "per_person",
    "validate_people",
    "write_composite",
]
