"""`mkdocs serve` with errors: keep serving the last good build, errors on every page.

MkDocs' live-reload server holds every page request until a rebuild succeeds, so one
`check` error made the whole site hang until it was fixed. Here a rebuild stopped by
check errors stops before MkDocs cleans the site folder (the previous build stays on
disk), the server is told the rebuild is over, and every HTML page it serves carries
a banner listing the current errors. The banner is added to the response, never to
the files, and is gone with the first clean rebuild.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from mkdocs.plugins import get_plugin_logger

log = get_plugin_logger(__name__)

BANNER_STYLE = (
    "position:sticky;top:0;z-index:1000;margin:0;padding:.6em 1em;background:#b00020;color:#fff;"
    "font:14px/1.4 sans-serif;max-height:40vh;overflow:auto"
)


@dataclass
class ServeStatus:
    """What the banner shows: the current check errors, or a failed rebuild."""

    errors: list[str] = field(default_factory=list)
    failure: str = ""
    built_once: bool = False
    """Whether a build has been written: until then there is none to keep showing."""

    def banner(self) -> bytes:
        if not self.errors and not self.failure:
            return b""
        if self.errors:
            heading = (
                f"casereview check: {len(self.errors)} error(s); the pages shown are from the last build "
                "that could be made. Fix the errors and the site rebuilds."
            )
        else:
            heading = f"The last rebuild failed ({self.failure}); this is the last good build. See the terminal."
        items = "".join(f"<li>{html.escape(error)}</li>" for error in self.errors)
        return (
            f'<div class="casereview-serve-errors" role="alert" style="{BANNER_STYLE}">'
            f"<strong>{html.escape(heading)}</strong>" + (f'<ul style="margin:.3em 0 0">{items}</ul>' if items else "")
        ).encode("utf-8") + b"</div>"


def with_banner(app: Callable[..., Iterable[bytes]], status: ServeStatus) -> Callable[..., Iterable[bytes]]:
    """The WSGI ``app`` with the banner put after ``<body ...>`` of every HTML response."""

    def serve(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        captured: list[Any] = []
        body = app(environ, lambda status_line, headers, exc_info=None: captured.append((status_line, headers)))
        banner = status.banner()
        status_line, headers = captured[-1] if captured else ("500 Internal Server Error", [])
        content_type = next((v for k, v in headers if k.lower() == "content-type"), "")
        if not banner or not content_type.startswith("text/html"):
            start_response(status_line, headers)
            return body
        try:
            content = b"".join(body)
        finally:
            getattr(body, "close", lambda: None)()
        content = _insert_after_body_tag(content, banner)
        headers = [(k, str(len(content)) if k.lower() == "content-length" else v) for k, v in headers]
        start_response(status_line, headers)
        return [content]

    return serve


def _insert_after_body_tag(content: bytes, banner: bytes) -> bytes:
    start = content.find(b"<body")
    end = content.find(b">", start) if start >= 0 else -1
    return content[: end + 1] + banner + content[end + 1 :] if end >= 0 else banner + content


def guarded_builder(builder: Callable[[], None], status: ServeStatus) -> Callable[[], None]:
    """A rebuild that fails no longer leaves the server waiting for a good one: the
    failure is shown on every page and the previous site stays served."""

    def build() -> None:
        try:
            builder()
        except Exception as exc:  # noqa: BLE001 - MkDocs reports a failed build as Abort
            if not status.errors:
                status.failure = type(exc).__name__
                log.error(f"the rebuild failed ({exc}); the last good build is still served")
            return
        status.failure = ""

    return build
