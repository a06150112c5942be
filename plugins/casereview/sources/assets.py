"""The images a document uses, so the public site carries exactly those.

The public site keeps only publishable documents from ``content/``; an image beside
them was dropped too, and the page showed a broken image. :func:`referenced_images`
lists the images a page's Markdown shows (``![alt](figure.png)``, a reference-style
image, ``<img src>``, an SVG ``<image href>``), as paths relative to ``content/``.
Only relative paths inside ``content/`` count: a web address is not a file to publish,
and a path climbing out of ``content/`` is never copied.
"""

from __future__ import annotations

import posixpath
import re
from urllib.parse import unquote, urlsplit

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".avif"})
MARKDOWN_IMAGE = re.compile(r"!\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*(?:<([^>\n]+)>|([^)\s]+))")
REFERENCE_IMAGE = re.compile(r"!\[((?:[^\[\]]|\[[^\]]*\])*)\](?:[ ]?\[([^\]]*)\]|(?![(\[]))")
REFERENCE_DEFINITION = re.compile(r"^ {0,3}\[([^\]]+)\]:[ \t]*(?:<([^>\n]+)>|(\S+))", re.MULTILINE)
HTML_SOURCE = re.compile(
    r"""<(?:img|source|image)\b[^>]*?\s(?:src|href|xlink:href)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""",
    re.IGNORECASE,
)


def referenced_images(markdown: str, src_uri: str) -> set[str]:
    """Paths (relative to ``content/``, like ``src_uri``) of the images the page shows."""
    targets = [a or b for a, b in MARKDOWN_IMAGE.findall(markdown)]
    targets += [a or b or c for a, b, c in HTML_SOURCE.findall(markdown)]
    definitions = {_label(label): a or b for label, a, b in REFERENCE_DEFINITION.findall(markdown)}
    for alt, label in REFERENCE_IMAGE.findall(markdown):
        target = definitions.get(_label(label or alt))
        if target:
            targets.append(target)
    folder = posixpath.dirname(src_uri)
    found = set()
    for target in targets:
        path = _local_path(target, folder)
        if path is not None:
            found.add(path)
    return found


def _label(label: str) -> str:
    return " ".join(label.split()).casefold()


def _local_path(target: str, folder: str) -> str | None:
    """``target`` as a path under ``content/``, or None if it is not a local image."""
    parts = urlsplit(target.strip())
    if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
        return None
    path = posixpath.normpath(posixpath.join(folder, unquote(parts.path)))
    if path.startswith("../") or path == ".." or posixpath.splitext(path)[1].lower() not in IMAGE_SUFFIXES:
        return None
    return path
