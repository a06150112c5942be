"""``casereview build``: both sites through ProperDocs or MkDocs (see
:mod:`casereview.mkdocs.engine`), in one process.

The public site is built into its staging folder and published by the gate here,
whatever the config's plugins did: a toolchain or config without the
``casereview-publish`` plugin still cannot put anything into ``site/public``.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

from casereview.anonymise.gate import (
    PublicationBlocked,
    UnpublishableOutput,
    describe,
    differences,
    is_staging_dir,
    keys_under,
    mask_path,
    publish_staged,
    published_dir,
)
from casereview.mkdocs.engine import Engine, EngineUnavailable, load
from casereview.sources.links import leaving_link_finding, leaving_links

log = logging.getLogger("mkdocs")  # under ProperDocs, a child of its logger (engine.py)

SITES = {"internal": "mkdocs.yml", "public": "mkdocs.public.yml"}


class _Counter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def _configure_logging(engine: Engine) -> _Counter:
    logger = engine.logger
    if not any(getattr(h, "_casereview", False) for h in logger.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        handler._casereview = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    counter = _Counter()
    logger.addHandler(counter)
    return counter


def build_site(config_file: Path, *, strict: bool = False, public: bool = False) -> int:
    """Build one site; 0 on success, 1 with the reason printed on failure.

    ``public``: the config must build into a staging folder, which the gate then
    publishes (or deletes)."""
    try:
        engine = load()
    except EngineUnavailable as exc:
        log.error(f"casereview build: {exc}")
        return 1
    counter = _configure_logging(engine)
    log.info(f"casereview build: {config_file} with {engine.name} {engine.version}")
    # MkDocs keeps plugin instances for the life of the process (for `serve`), and a
    # plugin's state from one site must never reach the next: new instances per site.
    engine.forget_plugins()
    staging: Path | None = None
    built = False
    try:
        config = engine.load_config(config_file=str(config_file), strict=strict)
        # Also without the casereview plugin (which reports them too): MkDocs follows links.
        leaving = leaving_links(Path(config.docs_dir))
        if leaving:
            for link in leaving:
                log.error(leaving_link_finding(link).format_text())
            log.error(
                f"{config_file}: {len(leaving)} symbolic link(s) lead out of the content folder; nothing was built"
            )
            return 1
        if public:
            if not is_staging_dir(Path(config.site_dir)):
                log.error(
                    f"{config_file}: site_dir must be a staging folder (site_dir: site/public.staging); "
                    "only the publication gate may write the public site. Nothing was built."
                )
                return 1
            staging = Path(config.site_dir)  # from here on, removed unless the build succeeds
            shutil.rmtree(staging, ignore_errors=True)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            engine.build(config)
        finally:
            config.plugins.on_shutdown()
        built = not (strict and counter.count)
    except engine.error as exc:
        log.error(f"{config_file}: build failed: {exc}")
    finally:
        engine.logger.removeHandler(counter)
        if staging is not None and not built:
            shutil.rmtree(staging, ignore_errors=True)
    if not built:
        return 1
    return publish(staging, Path(config.docs_dir)) if staging is not None else 0


def publish(staging: Path, content_root: Path) -> int:
    """Run the gate over a public build's staging folder, unless the plugin has already
    published it (then the published folder must match the gate's record)."""
    target = published_dir(staging)
    if not staging.exists():
        try:
            matches = not differences(target)
        except UnpublishableOutput:
            matches = False
        if not matches:
            log.error(f"publication gate: {target} does not match the gate's record; build the public site again")
            return 1
        return 0
    try:
        key = keys_under(content_root)
    except ValueError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        log.error(f"publication gate: {exc}")
        return 1
    try:
        publish_staged(staging, target, key)
    except PublicationBlocked as blocked:
        for line in describe(blocked.leaks):
            log.error(line)
        log.error(str(blocked))
        return 1
    except UnpublishableOutput as refused:
        log.error(f"publication gate: {mask_path(refused.relative, key)}: {refused}; nothing was published")
        return 1
    log.info(f"publication gate: no real name found; published to {target}")
    return 0


def build_all(project: Path, which: list[str], *, strict: bool = False) -> int:
    status = 0
    for name in which:
        status = max(status, build_site(project / SITES[name], strict=strict, public=name == "public"))
    return status
