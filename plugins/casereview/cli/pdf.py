"""``casereview pdf``: the panel pack or one document, on demand, with a progress bar."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import yaml
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from casereview.cli.output import MARKING, print_findings, say
from casereview.print.packs import (
    BoardSettingError,
    board_from_extra,
    pdf_document,
    pdf_meta,
    write_panel_pack,
)
from casereview.print.pdf import Board, FontNotInstalled, render_document
from casereview.render.markdown import render_review
from casereview.render.markerguard import UnresolvedMarker
from casereview.render.site import SiteState
from casereview.sources import paths
from casereview.sources.review import Review

PACK_STAGES = ("building the pack", "laying out pages", "writing the PDF")


class _LenientLoader(yaml.SafeLoader):
    """Reads mkdocs.yml's plain settings; tags such as ``!!python/name`` become None."""


_LenientLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_LenientLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


def board_of_project(config: Path) -> Board:
    """The board configured in ``config`` (mkdocs.yml), or none when there is no file.

    Follows ``INHERIT`` so a site configuration that inherits the board finds it."""
    if not config.is_file():
        return Board()
    data = yaml.load(config.read_text(encoding="utf-8"), Loader=_LenientLoader) or {}
    extra = data.get("extra") if isinstance(data, dict) else None
    if not (isinstance(extra, dict) and "casereview" in extra) and isinstance(data, dict) and data.get("INHERIT"):
        return board_of_project(config.parent / str(data["INHERIT"]))
    return board_from_extra(extra or {}, config.parent)


@contextmanager
def _progress(enabled: bool) -> Iterator[Progress]:
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        disable=not enabled,
        transient=True,
    )
    with progress:
        yield progress


def cmd_pdf(args: argparse.Namespace) -> int:
    content = Path(args.content)
    if not (content / paths.REVIEWS).is_dir():
        say(f"casereview pdf: {content} holds no reviews/ folder; give the content folder with --content")
        return 2
    state = SiteState.load(content, "internal")
    # The panel pack is internal: a review in progress still gets one, as it gets its
    # internal site; the errors are listed and the exit status says they are open.
    errors = [f for f in state.findings if f.is_error]
    if errors:
        print_findings(errors)
        say("casereview pdf: the sources have errors (above); the panel pack is made with them open")
    reviews = _selected(state, args.review)
    if reviews is None:
        say(f'casereview pdf: no review "{args.review}"; choose one of: {", ".join(state.reviews)}')
        return 2
    try:
        board = board_of_project(Path(args.config) if args.config else content.resolve().parent / "mkdocs.yml")
        if args.document:
            return _one_document(state, Path(args.document), Path(args.out), board) or (1 if errors else 0)
        for review in reviews:
            _pack(state, review, Path(args.out), args.progress, board)
    except (FontNotInstalled, UnresolvedMarker, BoardSettingError) as exc:
        say(f"casereview pdf: {exc}")
        return 1
    return 1 if errors else 0


def _selected(state: SiteState, slug: str | None) -> list[Review] | None:
    if slug is None:
        return list(state.reviews.values())
    review = state.reviews.get(slug)
    return [review] if review else None


def _pack(state: SiteState, review: Review, out: Path, show: bool, board: Board) -> None:
    with _progress(show) as progress:
        task = progress.add_task(f"{review.slug}: rendering pages", total=len(review.documents) + len(PACK_STAGES))
        render_review(state, review)
        progress.update(task, completed=len(review.documents))

        def advance(stage: int, stages: int) -> None:
            progress.update(
                task,
                completed=len(review.documents) + stage,
                description=f"{review.slug}: {PACK_STAGES[min(stage, stages) - 1]}",
            )

        written = write_panel_pack(state, review, out, MARKING, progress=advance, board=board)
    say(
        f"casereview pdf: panel pack written to {out / written}"
        if written
        else f"casereview pdf: {review.slug} has no documents"
    )


def _one_document(state: SiteState, path: Path, out: Path, board: Board) -> int:
    review = next((r for r in state.reviews.values() if path.resolve().is_relative_to(r.folder.resolve())), None)
    if review is None or not path.is_file():
        say(f"casereview pdf: {path} is not a document of a review under {state.content_root}")
        return 2
    pages = {p.src_uri: p for p in render_review(state, review)}
    src_uri = path.resolve().relative_to(state.content_root.resolve()).as_posix()
    page = pages.get(src_uri)
    if page is None:
        say(f"casereview pdf: {path} is not a Markdown document")
        return 2
    target = out / paths.document_pdf(review.slug, path.name)
    target.parent.mkdir(parents=True, exist_ok=True)
    doc = pdf_document(page, review, state.today)
    target.write_bytes(render_document(doc, pdf_meta(review, page.title, MARKING, board, doc.kind)))
    say(f"casereview pdf: written to {target}")
    return 0
