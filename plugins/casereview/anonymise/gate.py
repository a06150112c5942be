"""The publication gate around a build: stage, scan, and publish only when clean.

A public build writes into a staging folder (``site/public.staging``); only a scan
that finds no real name moves it into place (``site/public``) and records beside it
(``site/public.gate.json``, never published) the SHA-256 of every file it scanned. A
leak removes the staging folder and the previous public output stays exactly as it
was. :func:`verify_published` refuses a published folder that differs from its
record, so output that did not pass through the gate (a toolchain that skipped the
plugins, a file copied in afterwards) is never uploaded.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import shutil
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from casereview.anonymise import Leak, format_leak, matcher_for, scan_paths, scan_text
from casereview.sources.key import Key
from casereview.sources.review import load_key, review_folders


class PublicationBlocked(Exception):
    """The output holds real names; nothing was published."""

    def __init__(self, leaks: list[Leak]) -> None:
        self.leaks = leaks
        super().__init__(f"publication gate: {len(leaks)} real name(s) found in the output; nothing was published")


def keys_under(content_root: Path) -> Key:
    """Every review's key, merged: the gate checks a site against all of them."""
    keys = []
    for folder in review_folders(content_root):
        if not (folder / "key.yml").exists():
            continue
        key, source, findings = load_key(folder / "key.yml")
        if source is not None and not any(f.is_error for f in findings):
            keys.append(key)
        else:
            raise ValueError(
                f"{folder / 'key.yml'} is not a valid key; run `casereview check` and fix it before publishing"
            )
    return Key.merged(keys)


STAGING_SUFFIX = ".staging"
RECORD_SUFFIX = ".gate.json"
RECORD_FORMAT = "casereview-gate/1"


def staging_dir(site_dir: Path) -> Path:
    return site_dir.with_name(site_dir.name + STAGING_SUFFIX)


def is_staging_dir(path: Path) -> bool:
    return path.name.endswith(STAGING_SUFFIX) and len(path.name) > len(STAGING_SUFFIX)


def published_dir(staging: Path) -> Path:
    """Where the gate publishes a staging folder: ``site/public.staging`` -> ``site/public``."""
    return staging.with_name(staging.name[: -len(STAGING_SUFFIX)])


def record_path(site_dir: Path) -> Path:
    """The gate's record of a published folder, beside it so that it is never published."""
    return site_dir.with_name(site_dir.name + RECORD_SUFFIX)


# Theme files copied into a site unchanged: byte-identical to a file the installed
# theme package ships, so they carry nothing of a review. Reading them as text found
# "names" in, for example, mkdocs-material's Portuguese search stemmer.
THEME_PACKAGES = ("material", "mkdocs", "properdocs")
THEME_SUFFIXES = frozenset({".js", ".css", ".map", ".json"})


# The installed theme packages, which a process does not change; kept for the life of
# the process (the gate runs after the plugins' shutdown in `casereview build`).
@lru_cache(maxsize=1)
def _theme_files_by_size() -> dict[int, list[Path]]:
    index: dict[int, list[Path]] = defaultdict(list)
    for package in THEME_PACKAGES:
        spec = importlib.util.find_spec(package)
        for root in (spec.submodule_search_locations or []) if spec else []:
            for folder, subfolders, names in os.walk(root):
                # mkdocs-material's ~10,000 SVG icons: none has a suffix read here
                subfolders[:] = [name for name in subfolders if name not in _NOT_COPIED]
                for name in names:
                    path = Path(folder, name)
                    if path.suffix in THEME_SUFFIXES:
                        index[path.stat().st_size].append(path)
    return index


_NOT_COPIED = frozenset({".icons", "__pycache__"})


# The installed theme packages' files, which a process does not change; the digest
# is keyed by size and modification time as well, so a file replaced under a
# long-running `mkdocs serve` (a package upgraded) is hashed again.
@lru_cache(maxsize=4096)
def _digest_of(path: Path, _size: int, _mtime_ns: int) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _digest(path: Path) -> str:
    stat = path.stat()
    return _digest_of(path, stat.st_size, stat.st_mtime_ns)


def is_unchanged_theme_file(path: Path) -> bool:
    """Whether ``path`` is byte for byte a file of an installed theme package."""
    if path.suffix not in THEME_SUFFIXES:
        return False
    same_size = _theme_files_by_size().get(path.stat().st_size)
    if not same_size:
        return False
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return any(_digest(candidate) == digest for candidate in same_size)


def scan(paths: Iterable[Path], key: Key) -> list[Leak]:
    return scan_paths(list(paths), key, skip_contents=is_unchanged_theme_file)


def foreign_search_entries(site_dir: Path, page_urls: set[str]) -> list[str]:
    """Locations in the site's search index of pages this build did not make.

    mkdocs-material's search plugin keeps the index of a dirty build on its instance,
    and MkDocs reuses plugin instances within a process: a later build merged that
    index into its own, so an internal build's pages were listed in the public
    index. Names are caught by the scan; this catches the pages themselves.
    """
    path = site_dir / "search" / "search_index.json"
    if not path.is_file():
        return []
    try:
        docs = json.loads(path.read_text(encoding="utf-8")).get("docs", [])
    except (ValueError, AttributeError):
        return ["search/search_index.json (unreadable)"]
    pages = {str(doc.get("location", "")).split("#")[0] for doc in docs if isinstance(doc, dict)}
    made = {_location(url) for url in page_urls}
    return sorted(page for page in pages if _location(page) not in made)


def _location(url: str) -> str:
    """The landing page is "./" as a page URL and "" in the search index."""
    return "" if url in ("./", ".") else url


class UnpublishableOutput(Exception):
    """The output holds a symbolic link: the gate cannot vouch for what it points at."""

    def __init__(self, relative: str) -> None:
        self.relative = relative  # may hold a name: show it through mask_path only
        super().__init__("published output must hold only plain files and folders, not symbolic links")


def file_digests(root: Path) -> dict[str, str]:
    """SHA-256 of every file under ``root``, by its path relative to ``root``.

    A symbolic link in output is refused: what it points at could change after the
    scan, and a web server or an upload would follow it."""
    digests: dict[str, str] = {}
    for folder, subfolders, files in os.walk(root):
        for name in sorted(subfolders + files):
            path = Path(folder, name)
            if path.is_symlink():
                raise UnpublishableOutput(path.relative_to(root).as_posix())
            if name in files:
                digests[path.relative_to(root).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return dict(sorted(digests.items()))


def publish_staged(staging: Path, site_dir: Path, key: Key) -> None:
    """Move ``staging`` to ``site_dir`` if it is clean and record what was scanned;
    otherwise delete it and raise (:class:`PublicationBlocked`, :class:`UnpublishableOutput`)."""
    try:
        digests = file_digests(staging)
        leaks = scan([staging], key)
    except UnpublishableOutput:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if leaks:
        shutil.rmtree(staging, ignore_errors=True)
        raise PublicationBlocked([_relocated(leak, staging, site_dir) for leak in leaks])
    record = record_path(site_dir)
    # No record while the folder is swapped: an interrupted publish is refused by verify.
    record.unlink(missing_ok=True)
    previous = site_dir.with_name(site_dir.name + ".previous")
    shutil.rmtree(previous, ignore_errors=True)
    if site_dir.exists():
        site_dir.rename(previous)
    staging.rename(site_dir)
    shutil.rmtree(previous, ignore_errors=True)
    _write_record(record, {"format": RECORD_FORMAT, "entities": len(key), "files": digests})


def _write_record(record: Path, data: dict[str, object]) -> None:
    partial = record.with_name(record.name + ".partial")
    partial.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(partial, record)


def read_record(site_dir: Path) -> dict[str, str] | None:
    """The file digests the gate recorded for ``site_dir``, or None without a valid record."""
    try:
        data = json.loads(record_path(site_dir).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    files = data.get("files") if isinstance(data, dict) and data.get("format") == RECORD_FORMAT else None
    if not isinstance(files, dict) or not all(isinstance(v, str) for v in files.values()):
        return None
    return files


def differences(site_dir: Path) -> list[tuple[str, str]]:
    """How ``site_dir`` differs from what the gate published: (what, relative path),
    what being "added", "changed" or "missing"; ("unrecorded", "") without a record."""
    recorded = read_record(site_dir)
    if recorded is None:
        return [("unrecorded", "")]
    actual = file_digests(site_dir)
    found = [("added", path) for path in actual if path not in recorded]
    found += [("missing", path) for path in recorded if path not in actual]
    found += [("changed", path) for path, digest in actual.items() if path in recorded and recorded[path] != digest]
    return sorted(found, key=lambda pair: (pair[1], pair[0]))


def _relocated(leak: Leak, staging: Path, site_dir: Path) -> Leak:
    """Report paths as they would have been published, not in the staging folder."""
    try:
        relative = Path(leak.path).relative_to(staging)
    except ValueError:
        return leak
    return Leak(leak.acronym, site_dir / relative, leak.location)


def mask_path(relative: str, key: Key) -> str:
    """``relative`` as a message may show it: a path with a real name in it is named by acronym."""
    matcher = matcher_for(key)
    acronyms = sorted({acronym for segment in relative.split("/") for acronym, _ in scan_text(segment, matcher)})
    return f'(a path holding a real name of "{acronyms[0]}")' if acronyms else relative


def describe(leaks: list[Leak]) -> list[str]:
    return [format_leak(leak) for leak in leaks]
