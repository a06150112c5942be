"""Only the publication gate writes site/public, whatever toolchain builds the public config.

Zensical (mkdocs-material's successor) silently ignores plugins it does not know; a
config without the casereview plugins stands in for it here. The public config builds
into site/public.staging; `casereview build` gates it itself, and `casereview verify`
refuses a site/public that is not exactly what the gate scanned.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import yaml

from casereview.cli.main import main as casereview
from sitebuild import EPOCH, build, make_project

pytestmark = pytest.mark.slow

REVIEW = "content/reviews/eastmoor-child-t-2024"
PLANTED = "The family of Kayleigh Harper moved in 2021."
BIN = Path(sys.executable).parent


def tree_digest(root: Path) -> str:
    """One hash of every folder and file (name and bytes) under ``root``."""
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        digest.update(path.relative_to(root).as_posix().encode() + (b"/" if path.is_dir() else b""))
        if path.is_file():
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def without_casereview_plugins(project: Path) -> None:
    """What a toolchain that ignores unknown plugins builds: the configs without ours."""
    for name in ("mkdocs.yml", "mkdocs.public.yml"):
        path = project / name
        config = yaml.safe_load(path.read_text())
        names = [p if isinstance(p, str) else next(iter(p)) for p in config["plugins"]]
        config["plugins"] = [p for p, name in zip(config["plugins"], names, strict=True) if "casereview" not in name]
        assert config["plugins"] == ["search"]
        path.write_text(yaml.safe_dump(config, sort_keys=False))


def run(tool: str, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / tool), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={"PATH": f"{BIN}:/usr/bin:/bin", "SOURCE_DATE_EPOCH": EPOCH},
        timeout=300,
    )


def real_names(project: Path) -> list[str]:
    key = yaml.safe_load((project / REVIEW / "key.yml").read_text())
    return [n for e in key["entities"] if not e.get("public") for n in e.get("names", []) + e.get("aliases", [])]


@pytest.fixture
def published(tmp_path: Path) -> Path:
    """A project whose public site the gate has published."""
    project = make_project(tmp_path / "project", pdf=False)
    assert build(project, "public") == 0
    assert (project / "site/public/index.html").is_file()
    assert (project / "site/public.gate.json").is_file()
    assert not (project / "site/public.staging").exists()
    return project


def test_the_public_config_never_names_site_public() -> None:
    config = yaml.safe_load((Path(__file__).parents[1] / "mkdocs.public.yml").read_text())
    assert config["site_dir"] == "site/public.staging"


def test_mkdocs_with_the_plugins_publishes_through_the_gate(tmp_path: Path) -> None:
    project = make_project(tmp_path, pdf=False)
    result = run("mkdocs", "build", "-f", "mkdocs.public.yml", cwd=project)
    assert result.returncode == 0, result.stderr[-2000:]
    assert (project / "site/public/reviews/eastmoor-child-t-2024/synopsis/index.html").is_file()
    assert not (project / "site/public.staging").exists()
    assert run("casereview", "verify", "site/public", cwd=project).returncode == 0


@pytest.mark.parametrize("tool", ["mkdocs", "properdocs"])
def test_a_toolchain_without_the_plugins_cannot_touch_site_public(published: Path, tool: str) -> None:
    project = published
    before = tree_digest(project / "site/public")
    record = (project / "site/public.gate.json").read_bytes()
    without_casereview_plugins(project)
    result = run(tool, "build", "-f", "mkdocs.public.yml", cwd=project)
    assert result.returncode == 0, result.stderr[-2000:]
    # It built everything, unfiltered and unanonymised, but only into staging.
    assert (project / "site/public.staging" / REVIEW.removeprefix("content/") / "key.yml").is_file()
    assert tree_digest(project / "site/public") == before
    assert (project / "site/public.gate.json").read_bytes() == record
    assert run("casereview", "verify", "site/public", cwd=project).returncode == 0


def test_casereview_build_gates_a_build_the_plugins_skipped(published: Path) -> None:
    project = published
    before = tree_digest(project / "site/public")
    without_casereview_plugins(project)
    summary = project / REVIEW / "executive-summary.md"
    summary.write_text(summary.read_text() + f"\n{PLANTED}\n")
    result = run("casereview", "build", "--site", "public", cwd=project)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert '"Mother M"' in output and "nothing was published" in output
    for name in real_names(project):
        assert name not in output
    assert tree_digest(project / "site/public") == before
    assert not (project / "site/public.staging").exists()
    assert run("casereview", "verify", "site/public", cwd=project).returncode == 0


def test_casereview_build_refuses_a_public_config_that_writes_site_public(published: Path) -> None:
    project = published
    before = tree_digest(project / "site/public")
    config = project / "mkdocs.public.yml"
    config.write_text(config.read_text().replace("site_dir: site/public.staging", "site_dir: site/public"))
    assert build(project, "public") != 0
    assert tree_digest(project / "site/public") == before


def verify(project: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    previous = Path.cwd()
    os.chdir(project)
    try:
        status = casereview(["verify", "site/public"])
    finally:
        os.chdir(previous)
    captured = capsys.readouterr()
    return status, captured.out + captured.err


def test_verify_accepts_what_the_gate_published_and_nothing_else(published: Path, capsys) -> None:
    project = published
    site = project / "site/public"
    assert verify(project, capsys)[0] == 0

    added = site / "reviews/eastmoor-child-t-2024/kayleigh-harper.html"
    added.write_text("<p>notes</p>")
    status, output = verify(project, capsys)
    assert status == 1 and "added" in output and "Mother M" in output
    assert "kayleigh" not in output.lower() and "harper" not in output.lower()
    added.unlink()
    assert verify(project, capsys)[0] == 0

    page = site / "index.html"
    original = page.read_bytes()
    page.write_bytes(original.replace(b"</body>", b"<p>unchecked</p></body>"))
    status, output = verify(project, capsys)
    assert status == 1 and "index.html changed" in output
    page.write_bytes(original)

    (site / "reviews.json").rename(project / "reviews.json")
    status, output = verify(project, capsys)
    assert status == 1 and "reviews.json missing" in output
    (project / "reviews.json").rename(site / "reviews.json")
    assert verify(project, capsys)[0] == 0

    (project / "site/public.gate.json").unlink()
    status, output = verify(project, capsys)
    assert status == 1 and "no valid gate record" in output


def test_verify_refuses_a_site_built_without_the_gate(tmp_path: Path, capsys) -> None:
    project = make_project(tmp_path, pdf=False)
    (project / "site/public").mkdir(parents=True)
    (project / "site/public/index.html").write_text("<p>Eastmoor case reviews</p>")
    status, output = verify(project, capsys)
    assert status == 1 and "gate did not publish it" in output


def test_verify_scans_again_even_when_the_record_matches(published: Path, capsys) -> None:
    """The record says which bytes the gate saw; the scan runs with the keys as they
    are now (a record rewritten by hand, or a name added to a key since)."""
    from casereview.anonymise.gate import RECORD_FORMAT, file_digests

    project = published
    page = project / "site/public/index.html"
    page.write_text(page.read_text().replace("</body>", f"<p>{PLANTED}</p></body>"))
    record = {"format": RECORD_FORMAT, "entities": 0, "files": file_digests(project / "site/public")}
    (project / "site/public.gate.json").write_text(json.dumps(record))
    status, output = verify(project, capsys)
    assert status == 1 and '"Mother M"' in output and "LEAK" in output
    assert "Kayleigh" not in output and "Harper" not in output


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_mkdocs_serve_still_serves_the_public_config(published: Path) -> None:
    project = published
    before = tree_digest(project / "site/public")
    port = _free_port()
    command = [str(BIN / "mkdocs"), "serve", "-f", "mkdocs.public.yml", "-a", f"127.0.0.1:{port}", "--no-livereload"]
    environment = {"PATH": f"{BIN}:/usr/bin:/bin", "SOURCE_DATE_EPOCH": EPOCH}
    page = ""
    with subprocess.Popen(
        command, cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=environment
    ) as server:
        try:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline and server.poll() is None:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                        page = response.read().decode()
                    break
                except OSError:
                    time.sleep(0.5)
        finally:
            server.terminate()
    assert "Eastmoor case reviews" in page, "mkdocs serve did not serve the landing page"
    assert tree_digest(project / "site/public") == before
    assert not (project / "site/public.staging").exists()


def test_a_symbolic_link_in_staging_is_never_published(tmp_path: Path) -> None:
    """A link in output could point anywhere after the scan; the gate refuses it and
    does not name its path when the path holds a name."""
    from casereview.anonymise.gate import UnpublishableOutput, mask_path, publish_staged
    from casereview.sources.key import Key

    key = Key.from_mapping(
        {"entities": [{"acronym": "Child A", "category": "family", "names": ["Esmeralda Quist"], "role": "Subject"}]}
    )
    staging, site = tmp_path / "public.staging", tmp_path / "public"
    staging.mkdir()
    (staging / "index.html").write_text("<p>Child A</p>")
    (staging / "esmeralda-quist.html").symlink_to(tmp_path / "elsewhere.html")
    with pytest.raises(UnpublishableOutput) as refused:
        publish_staged(staging, site, key)
    assert mask_path(refused.value.relative, key) == '(a path holding a real name of "Child A")'
    assert not staging.exists() and not site.exists()
    assert not (tmp_path / "public.gate.json").exists()
