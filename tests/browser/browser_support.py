"""Plumbing for the browser tests: a throw-away build of both sites and a static server.

Nothing here asserts anything about the sites; the tests in test_sites_in_browser.py do.
"""

from __future__ import annotations

import functools
import io
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from playwright.sync_api import Page

PROJECT = Path(__file__).resolve().parents[2]
ARTIFACTS = PROJECT / "test-artifacts" / "browser"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# The date tests/sitebuild.py uses too: the sites must not depend on the clock.
SOURCE_DATE_EPOCH: str | None = "1717200000"


@dataclass(frozen=True)
class BuiltSites:
    content: Path
    internal: Path
    public: Path


@dataclass
class Tab:
    """A page plus the JavaScript errors it has raised so far."""

    page: Page
    script_errors: list[str]


def build_both_sites(project: Path) -> subprocess.CompletedProcess[str]:
    """Run ``casereview build`` on a project copy, in a child process (see SOURCE_DATE_EPOCH)."""
    env = {name: value for name, value in os.environ.items() if name != "SOURCE_DATE_EPOCH"}
    if SOURCE_DATE_EPOCH is not None:
        env["SOURCE_DATE_EPOCH"] = SOURCE_DATE_EPOCH
    return subprocess.run(
        [sys.executable, "-m", "casereview.cli.main", "build", "--project", str(project)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


class StaticSiteHandler(SimpleHTTPRequestHandler):
    """Serve files like a static host: a folder without index.html is a 404, not a listing."""

    def list_directory(self, path: str | os.PathLike[str]) -> io.BytesIO | None:
        self.send_error(404, "Not Found")
        return None

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        """Stay quiet: the request log would only bury pytest's output."""


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve ``directory`` on a free port of 127.0.0.1; yields the base URL (ending in /)."""
    handler = functools.partial(StaticSiteHandler, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name=f"serve {directory}", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
