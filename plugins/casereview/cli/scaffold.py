"""``casereview new site DIR``: a board's own repository, ready to check and build.

It writes the two MkDocs configurations, ``content/`` with the fictional example
review and the authoring guide, the CI workflow, the pre-commit configuration, a
``requirements.txt`` naming the casereview release, ``.gitignore`` and a README.
A file that already exists is never replaced: it is skipped and reported.

The release is named by its git tag (``v`` + the installed version) and the
repository casereview was installed from, which pip records (PEP 610) when it
installs from git; otherwise ``--source`` must say where the repository is.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from importlib import metadata, resources
from pathlib import Path
from string import Template

from casereview import __version__
from casereview.sources.resources import folder

# template under casereview/templates/board/ -> where it goes in the board's repository
FILES = {
    "mkdocs.yml": "mkdocs.yml",
    "mkdocs.public.yml": "mkdocs.public.yml",
    "review.yml": ".github/workflows/review.yml",
    "pre-commit-config.yaml": ".pre-commit-config.yaml",
    "requirements.txt": "requirements.txt",
    "gitignore": ".gitignore",
    "README.md": "README.md",
}


class ScaffoldError(Exception):
    """A refusal with a message for the user; nothing was written."""


@dataclass(frozen=True)
class Source:
    """Where the board installs casereview from: a git repository and a tag in it."""

    repository: str
    rev: str

    @property
    def requirement(self) -> str:
        return f"casereview[properdocs] @ git+{self.repository}@{self.rev}"


@dataclass
class Written:
    created: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)


def installed_from() -> str | None:
    """The git repository this casereview was installed from, if pip recorded one."""
    try:
        text = metadata.distribution("casereview").read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        return None
    try:
        record = json.loads(text or "{}")
    except ValueError:
        return None
    if record.get("vcs_info", {}).get("vcs") != "git":
        return None
    url = str(record.get("url") or "")
    return url or None


def default_source(repository: str | None, rev: str | None) -> Source:
    repository = repository or installed_from()
    if not repository:
        raise ScaffoldError(
            "cannot tell which repository casereview was installed from (it was not installed "
            "from git); give it with --source, e.g. --source https://github.com/<owner>/casereview"
        )
    return Source(repository.removeprefix("git+"), rev or f"v{__version__}")


def _template(name: str) -> str:
    return resources.files("casereview").joinpath("templates", "board", name).read_text(encoding="utf-8")


def _quoted(text: str) -> str:
    """A YAML scalar for any text: JSON's double-quoted string is valid YAML."""
    return json.dumps(text, ensure_ascii=False)


def scaffold(target: Path, source: Source, board: str) -> Written:
    """Write a board's repository into ``target``; existing files are kept and listed."""
    if target.exists() and not target.is_dir():
        raise ScaffoldError(f"{target} exists and is not a folder")
    values = {
        "site_name": _quoted(f"{board}: case reviews"),
        "site_name_internal": _quoted(f"{board}: case reviews (panel site)"),
        "site_description": _quoted(f"Case reviews of {board}"),
        "title": f"{board}: case reviews",  # Markdown, not YAML: as it is
        "board": board,
        "board_name": _quoted(board),
        "repository": source.repository,
        "rev": source.rev,
        "requirement": source.requirement,
    }
    written = Written()
    for template, relative in FILES.items():
        text = Template(_template(template)).substitute(values)
        _write(target / relative, text.encode("utf-8"), written)
    logo = folder("theme") / "overrides" / "assets" / "board-logo.svg"
    _write(target / "assets" / "board-logo.svg", logo.read_bytes(), written)  # a placeholder to replace
    demo = folder("demo")
    for path in sorted(demo.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            _write(target / "content" / path.relative_to(demo), path.read_bytes(), written)
    return written


def _write(path: Path, data: bytes, written: Written) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("xb") as handle:  # "x": never replace a file
            handle.write(data)
    except FileExistsError:
        written.skipped.append(path)
    else:
        written.created.append(path)


# --------------------------------------------------------------------------- command line


def register_site(kinds: argparse._SubParsersAction) -> None:
    """Add ``casereview new site`` to the subcommands of ``casereview new``."""
    site = kinds.add_parser("site", help="a board's own repository: configs, CI, example review")
    site.add_argument("target", metavar="DIR", help="the folder to write into (created if missing)")
    site.add_argument("--board", default="Our safeguarding partnership", help="the board's name, in full")
    site.add_argument(
        "--source", metavar="URL", help="casereview's git repository (default: where it was installed from)"
    )
    site.add_argument("--rev", metavar="TAG", help=f"the release tag to use (default: v{__version__})")
    site.set_defaults(func=cmd_new_site)


def cmd_new_site(args: argparse.Namespace) -> int:
    target = Path(args.target)
    try:
        written = scaffold(target, default_source(args.source, args.rev), args.board)
    except ScaffoldError as exc:
        print(f"casereview new site: {exc}; nothing was written", file=sys.stderr)
        return 1
    for path in written.created:
        print(f"created {path}")
    for path in written.skipped:
        print(f"skipped {path}: it exists and was left as it was", file=sys.stderr)
    print(
        f"casereview new site: {len(written.created)} file(s) written, {len(written.skipped)} skipped. "
        f"Next: cd {target}, git init, make the repository PRIVATE, then pip install -r requirements.txt, "
        "casereview check and casereview build.",
        file=sys.stderr,
    )
    return 0
