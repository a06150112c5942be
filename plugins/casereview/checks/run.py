"""Running the checks: over the files and folders named (:func:`check_paths`), each
review in worker processes.

Each review is checked on its own (its key, glossary and documents), so reviews
split cleanly across processes. ``casereview check`` waits for every worker; a site
build starts them when it loads the reviews and collects their findings once the
pages' Markdown is converted, so the check costs the build a second core rather than
time (nothing has been written yet when an error stops the build).

A handful of reviews is checked in the calling process: a pool costs more than it saves.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from casereview.anonymise.parallel import process_context
from casereview.checks.check import check_review
from casereview.sources import paths
from casereview.sources.findings import Finding, sort_findings
from casereview.sources.glossary import Glossary
from casereview.sources.inputs import InputLimits, current_limits, use_limits
from casereview.sources.links import leaving_link_finding, leaving_links, unfollowed
from casereview.sources.review import find_content_root, load_glossary, load_markdown, load_review, review_folders
from casereview.sources.schemas import DATA_SCHEMAS, validator

POOL_MIN_REVIEWS = 4
MAX_WORKERS = 4


def check_paths(paths: Iterable[Path]) -> list[Finding]:
    """Check the given files or folders; report only on files inside them."""
    targets = [unfollowed(p) for p in paths]
    findings: list[Finding] = []
    for root in sorted({find_content_root(t) for t in targets}):
        findings += _check_content_root(root, targets)
    return sort_findings(findings)


def _inside(path: Path, targets: list[Path]) -> bool:
    return any(path == t or t in path.parents for t in targets)


def _check_content_root(root: Path, targets: list[Path]) -> list[Finding]:
    leaving = leaving_links(root)  # reported below, never read
    blocked = set(leaving)
    glossary = root / "glossary.yml"
    shared, findings = (Glossary(), []) if glossary in blocked else load_glossary(glossary)
    for path in sorted(p for p in root.rglob("*.md") if p.is_file() and p not in blocked):
        if paths.REVIEWS not in path.relative_to(root).parts:
            findings += load_markdown(path)[1]
    wanted = [
        folder
        for folder in review_folders(root)
        if folder not in blocked and any(folder == t or folder in t.parents or t in folder.parents for t in targets)
    ]
    for review_findings in check_folders(wanted, shared).values():
        findings += review_findings
    findings = [f for f in findings if _inside(_absolute(f.path), targets)]
    return findings + [leaving_link_finding(link) for link in leaving if _inside(link, targets)]


def _absolute(display: str) -> Path:
    return Path(display).resolve()


def check_folder(folder: Path, shared: Glossary, limits: InputLimits | None = None) -> list[Finding]:
    """Every finding of the review in ``folder`` (what `casereview check` prints);
    ``limits`` are the caller's input policy, handed to a worker process."""
    if limits is not None:
        use_limits(limits)
    return check_review(load_review(folder, shared))


class PendingChecks:
    """Checks of several reviews under way; :meth:`results` waits for them."""

    def __init__(self, folders: list[Path], shared: Glossary, workers: int) -> None:
        self._pool: ProcessPoolExecutor | None = None
        self._futures: dict[Path, Future[list[Finding]]] = {}
        self._done: dict[Path, list[Finding]] = {}
        if workers < 1 or len(folders) < POOL_MIN_REVIEWS:
            self._done = {folder: check_folder(folder, shared) for folder in folders}
            return
        _prepare_shared_state()
        self._pool = ProcessPoolExecutor(max_workers=min(workers, len(folders)), mp_context=process_context())
        self._futures = {
            folder: self._pool.submit(check_folder, folder, shared, current_limits()) for folder in folders
        }

    def results(self) -> dict[Path, list[Finding]]:
        """Findings by review folder, in the order the folders were given."""
        if self._pool is not None:
            try:
                self._done = {folder: future.result() for folder, future in self._futures.items()}
            finally:
                self._pool.shutdown(cancel_futures=True)
                self._pool = None
        return self._done

    def cancel(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None


def _prepare_shared_state() -> None:
    """Build what every review's check needs once, before the workers fork from here."""
    import casereview.chronology.composite  # noqa: F401  (imported by a rule on first use)
    from casereview.sources.doctypes import schema_names

    for name in (*schema_names(), *DATA_SCHEMAS):
        validator(name)


def worker_count(*, leave_one_free: bool) -> int:
    """Worker processes to use (0: check in this process). Every core for `casereview
    check`; in a build, all but the one that goes on rendering pages."""
    cores = os.cpu_count() or 1
    if cores == 1:
        return 0
    return min(MAX_WORKERS, cores - 1 if leave_one_free else cores)


def check_folders(folders: list[Path], shared: Glossary) -> dict[Path, list[Finding]]:
    """Check every review in ``folders`` and wait for the findings."""
    return PendingChecks(folders, shared, worker_count(leave_one_free=False)).results()
