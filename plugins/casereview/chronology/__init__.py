"""Agency chronologies: read them (CSV, XLSX, YAML), check them, merge and export them.

Pure core: nothing here imports mkdocs. The public names are re-exported below.
"""

from casereview.chronology.dates import parse_date, parse_time, parse_yes_no
from casereview.chronology.export import CompositeExportError, write_composite
from casereview.chronology.merge import age_at, merge, per_person
from casereview.chronology.model import ChronologyEntry, ChronologyError, EventDate, MergedEntry
from casereview.chronology.readers import load_chronology
from casereview.chronology.validate import outside_period, validate_people

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
