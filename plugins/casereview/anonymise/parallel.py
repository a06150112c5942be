"""Reading many files in several processes: the gate is CPU-bound per file.

A site of a few megabytes is read in the calling process. A large one is split into
batches of about equal size, read by a pool of processes (forked when the caller has
a single thread, so the automaton is inherited; spawned otherwise, and each worker
builds it again from the key, which takes well under a second).
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from pathlib import Path

from casereview.anonymise.leaks import Leak
from casereview.anonymise.matcher import Matcher, matcher_for
from casereview.sources.key import Entity, Key

#: Reads one file for names (the scan's ``scan_file``); a module-level
#: function, so a spawned worker receives it by name.
FileScan = Callable[[Path, Matcher], list[Leak]]

PARALLEL_MIN_BYTES = 8_000_000
MAX_WORKERS = 4
BATCHES_PER_WORKER = 8


def scan_files(files: Sequence[Path], key: Key, scan_file: FileScan, workers: int | None = None) -> list[Leak]:
    """The leaks ``scan_file`` finds in the content of ``files``, read in ``workers`` processes."""
    count = _worker_count(files, workers)
    if count <= 1:
        return _scan_batch(scan_file, tuple(key.entities), list(files))
    batches = _batches(files, count * BATCHES_PER_WORKER)
    context = process_context()
    if context.get_start_method() == "fork":
        _ = matcher_for(key).paths  # built once here (both automatons) and inherited, not once per worker
    leaks: list[Leak] = []
    # The key goes to each worker once (inherited when forked), not with every batch.
    with ProcessPoolExecutor(
        max_workers=count, mp_context=context, initializer=_start_worker, initargs=(tuple(key.entities),)
    ) as pool:
        for found in pool.map(partial(_scan_batch_in_worker, scan_file), batches):
            leaks.extend(found)
    return leaks


_WORKER_ENTITIES: tuple[Entity, ...] = ()


def _start_worker(entities: tuple[Entity, ...]) -> None:
    global _WORKER_ENTITIES
    _WORKER_ENTITIES = entities


def _scan_batch_in_worker(scan_file: FileScan, files: list[Path]) -> list[Leak]:
    return _scan_batch(scan_file, _WORKER_ENTITIES, files)


def _scan_batch(scan_file: FileScan, entities: tuple[Entity, ...], files: list[Path]) -> list[Leak]:
    matcher = matcher_for(Key(list(entities)))
    return [leak for path in files for leak in scan_file(path, matcher)]


def _worker_count(files: Sequence[Path], workers: int | None) -> int:
    if workers is not None:
        return max(1, min(workers, len(files)))
    total = sum(_size(path) for path in files)
    if total < PARALLEL_MIN_BYTES:
        return 1
    return max(1, min(MAX_WORKERS, os.cpu_count() or 1, len(files)))


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _batches(files: Sequence[Path], count: int) -> list[list[Path]]:
    """``count`` batches of about equal total size (largest files placed first)."""
    batches: list[list[Path]] = [[] for _ in range(max(1, count))]
    sizes = [0] * len(batches)
    for path in sorted(files, key=_size, reverse=True):
        smallest = sizes.index(min(sizes))
        batches[smallest].append(path)
        sizes[smallest] += _size(path)
    return [batch for batch in batches if batch]


def process_context() -> multiprocessing.context.BaseContext:
    """Fork when this process has one thread (workers inherit what is loaded), else spawn."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")
