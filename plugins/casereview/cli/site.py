"""``casereview build``, ``scan`` and ``verify``: the two sites, and what the gate found."""

from __future__ import annotations

import argparse
from pathlib import Path

from casereview.anonymise.gate import (
    UnpublishableOutput,
    describe,
    differences,
    keys_under,
    mask_path,
    record_path,
    scan,
)
from casereview.cli.output import say


def cmd_build(args: argparse.Namespace) -> int:
    from casereview.mkdocs.build import build_all  # MkDocs or ProperDocs loads slowly: only for a build

    which = ["internal", "public"] if args.site == "both" else [args.site]
    return build_all(Path(args.project), which, strict=args.strict)


def cmd_scan(args: argparse.Namespace) -> int:
    content = Path(args.content)
    if not content.is_dir():
        say(f"casereview scan: {content} is not a folder; give the content folder that holds reviews/ with --content")
        return 2
    try:
        key = keys_under(content)
    except ValueError as exc:
        say(f"casereview scan: {exc}")
        return 2
    targets = [Path(p) for p in args.paths]
    missing = [p for p in targets if not p.exists()]
    if missing:
        say(f"casereview scan: {missing[0]} does not exist")
        return 2
    leaks = scan(targets, key)
    for line in describe(leaks):
        print(line)
    say(f"casereview scan: {len(leaks)} real name(s) found against {len(key)} key entities")
    return 1 if leaks else 0


def cmd_verify(args: argparse.Namespace) -> int:
    """Refuse a published folder the gate did not publish, or that changed since."""
    site, content = Path(args.site), Path(args.content)
    if not content.is_dir():
        say(f"casereview verify: {content} is not a folder; give the content folder that holds reviews/ with --content")
        return 2
    if not site.is_dir():
        say(f"casereview verify: {site} does not exist; build it with `casereview build`")
        return 2
    try:
        key = keys_under(content)
    except ValueError as exc:
        say(f"casereview verify: {exc}")
        return 2
    try:
        found = differences(site)
    except UnpublishableOutput as refused:
        say(f"casereview verify: {site}/{mask_path(refused.relative, key)}: {refused}")
        return 1
    if found == [("unrecorded", "")]:
        say(
            f"casereview verify: {site} has no valid gate record ({record_path(site)}), so the publication "
            "gate did not publish it; build it with `casereview build` and publish nothing else"
        )
        return 1
    for what, relative in found:
        print(f"NOT FROM THE GATE: {site}/{mask_path(relative, key)} {what} since the gate published {site}")
    if found:
        say(
            f"casereview verify: {len(found)} file(s) of {site} differ from what the gate scanned and "
            "published; do not publish it. Build it again with `casereview build`"
        )
        return 1
    leaks = scan([site], key)  # the independent scan, with the keys as they are now
    for line in describe(leaks):
        print(line)
    if leaks:
        say(f"casereview verify: {len(leaks)} real name(s) found against {len(key)} key entities; do not publish")
        return 1
    say(f"casereview verify: {site} is what the gate published, and no real name is in it ({len(key)} key entities)")
    return 0
