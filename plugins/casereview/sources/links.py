"""Symbolic links under the content folder that lead out of it.

A link such as ``imr/passwd.md -> /etc/passwd``, a synopsis linked to a file in
someone's home folder, or a review folder linked in from elsewhere would let `check`
pass and a build read and publish text that no review in the repository holds. Links
that stay inside the content folder are followed like any file; links that leave it
(or lead nowhere, or round in a loop) are refused.
"""

from __future__ import annotations

import os
from pathlib import Path

from casereview.sources.findings import Finding
from casereview.sources.paths import REVIEWS


def _inside(path: Path, boundary: Path) -> bool:
    return path == boundary or boundary in path.parents


def leaves(path: Path, boundary: Path) -> bool:
    """Whether ``path`` is a symbolic link whose target is not inside ``boundary``
    (a resolved folder). A dangling or looping link counts as leaving."""
    if not path.is_symlink():
        return False
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return True
    return not _inside(target, boundary)


def leaving_links(root: Path) -> list[Path]:
    """Every symbolic link under ``root`` (file or folder) that leads outside it.

    Linked folders are not entered (a link inside ``root`` leads to a folder that is
    walked anyway), so a folder linked in from outside is reported once, as itself."""
    boundary = root.resolve()
    found: list[Path] = []
    for folder, subfolders, files in os.walk(root):
        subfolders.sort()
        for name in sorted(subfolders + files):
            path = Path(folder, name)
            if leaves(path, boundary):
                found.append(path)
    return found


def content_boundary(folder: Path) -> Path:
    """The content folder a review folder belongs to (``content/reviews/<slug>`` ->
    ``content``), resolved; the folder itself when it is not under ``reviews/``."""
    if folder.parent.name == REVIEWS:
        return folder.parent.parent.resolve()
    return folder.resolve()


def unfollowed(path: Path) -> Path:
    """``path`` made absolute with its folders resolved but not the link itself."""
    return Path(os.path.abspath(path)).parent.resolve() / path.name


def link_display(path: Path) -> str:
    """Where the link is, as the user should see it (never where it points)."""
    where = unfollowed(path)
    try:
        return str(where.relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(where)


def leaving_link_finding(path: Path) -> Finding:
    return Finding(
        link_display(path),
        None,
        "is a symbolic link that leads outside the content folder (or to nothing); a build may read only "
        "files inside it. Replace the link by the file itself (and check it) or delete the link",
    )
