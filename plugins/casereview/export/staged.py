"""The export's safety: everything is written into a temporary folder beside the
destination, scanned by the publication gate (:func:`casereview.anonymise.gate.scan`), and only a
clean scan lets it be moved into place; otherwise the folder is removed and
:class:`ExportBlocked` names each leak by acronym, file and place."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from casereview.anonymise import Leak, matcher_for, scan_text
from casereview.anonymise.gate import scan
from casereview.sources.key import Key


class ExportError(Exception):
    """The export cannot be made as asked (a message for the user)."""


class ExportBlocked(ExportError):
    """The gate found real names; nothing was written."""

    def __init__(self, leaks: list[Leak]) -> None:
        self.leaks = leaks
        super().__init__(f"{len(leaks)} real name(s) found in the export; nothing was written")


@contextmanager
def staging(out: Path) -> Iterator[Path]:
    """A temporary folder beside ``out`` (same file system: the final move is a rename),
    always removed afterwards."""
    out.parent.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=".casereview-export-", dir=out.parent))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def gate(folder: Path, key: Key, out: Path, shown_in: Path) -> None:
    """Refuse (and let the staging folder be removed) on any real name, in the files
    or in the name asked for; leaks are reported where the file would have been written."""
    leaks = [Leak(acronym, out, "file name") for acronym, _ in scan_text(out.name, matcher_for(key))]
    leaks += scan([folder], key)
    if leaks:
        raise ExportBlocked([_relocated(leak, folder, shown_in) for leak in leaks])


def _relocated(leak: Leak, folder: Path, out: Path) -> Leak:
    try:
        return Leak(leak.acronym, out / Path(leak.path).relative_to(folder), leak.location)
    except ValueError:
        return leak


def check_destination(out: Path) -> None:
    if out.suffix.lower() == ".zip":
        if out.is_dir():
            raise ExportError(f"{out} is a folder; give a new .zip file name")
    elif out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise ExportError(f"{out} already exists and is not an empty folder; give a new folder or a .zip file")
