"""`mkdocs serve` keeps answering while `casereview check` finds an error (issue 15).

Before, MkDocs' server held every page request until the error was fixed. Now the
last build stays served, with the current errors in a banner on every page.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from sitebuild import configure_small_site

pytestmark = pytest.mark.slow

PAGE = "reviews/mini-2024/imr/csc/"
BANNER = b"casereview-serve-errors"
DUPLICATE_ACRONYM = """  - acronym: Mother M
    category: family
    names: ["Jane Other"]
    role: Someone else
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str) -> tuple[int, bytes]:
    """The page, within 15 s: a server holding the request fails the test."""
    with urllib.request.urlopen(url, timeout=15) as response:
        return response.status, response.read()


def _wait_for(url: str, want_banner: bool, deadline: float) -> bytes:
    while True:
        status, body = _get(url)
        assert status == 200
        if (BANNER in body) == want_banner or time.monotonic() > deadline:
            return body
        time.sleep(0.5)


@contextmanager
def _serving(root: Path) -> Iterator[tuple[str, list[str]]]:
    """`mkdocs serve` on a free port in ``root``: the page's URL and the server's log."""
    port = _free_port()
    log: list[str] = []
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=root,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )
    reader = threading.Thread(target=lambda: log.extend(server.stderr), daemon=True)
    reader.start()
    try:
        deadline = time.monotonic() + 60
        while not any("Serving on" in line for line in log):
            assert server.poll() is None and time.monotonic() < deadline, "".join(log)
            time.sleep(0.2)
        yield f"http://127.0.0.1:{port}/{PAGE}", log
    finally:
        server.terminate()
        server.wait(timeout=30)
        reader.join(timeout=10)
        server.stderr.close()


def test_serve_answers_with_the_errors_while_check_fails(mini_project: Path) -> None:
    root = configure_small_site(mini_project)
    key = root / "content/reviews/mini-2024/key.yml"
    with _serving(root) as (url, log):
        status, body = _get(url)
        assert status == 200 and BANNER not in body and b"IMR of Children" in body

        good_key = key.read_text(encoding="utf-8")
        key.write_text(good_key + DUPLICATE_ACRONYM, encoding="utf-8")
        body = _wait_for(url, want_banner=True, deadline=time.monotonic() + 60)
        assert BANNER in body, "".join(log)
        assert b"key.yml" in body and b"Mother M" in body and b"IMR of Children" in body
        assert b"Grace Fenwick" not in body  # the banner names acronyms, never real names

        key.write_text(good_key, encoding="utf-8")
        body = _wait_for(url, want_banner=False, deadline=time.monotonic() + 60)
        assert BANNER not in body, "".join(log)


def test_serve_starts_with_an_error_present(mini_project: Path) -> None:
    """No earlier build to keep: the first one is made anyway, with the banner, and an
    unreadable page (UTF-16) is empty rather than a crash."""
    root = configure_small_site(mini_project)
    key = root / "content/reviews/mini-2024/key.yml"
    key.write_text(key.read_text(encoding="utf-8") + DUPLICATE_ACRONYM, encoding="utf-8")
    summary = root / "content/reviews/mini-2024/executive-summary.md"
    summary.write_bytes(summary.read_text(encoding="utf-8").encode("utf-16"))
    with _serving(root) as (url, log):
        status, body = _get(url)
        assert status == 200 and BANNER in body and b"IMR of Children" in body, "".join(log)
        assert b"executive-summary.md:1: error: is saved as UTF-16" in body
