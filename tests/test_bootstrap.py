"""scripts/_bootstrap.sh never reinstalls a system package that is there (issue 15).

`ldconfig -p | grep -q libpango` under `set -o pipefail` was false whenever grep
stopped at the first match and ldconfig died writing the rest (SIGPIPE): the script
then ran apt-get, which fails for a user without root.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from sitebuild import PROJECT

BOOTSTRAP = PROJECT / "scripts" / "_bootstrap.sh"


def _fake_tools(folder: Path) -> Path:
    """ldconfig and fc-list that print the wanted line first, then a megabyte more."""
    folder.mkdir()
    for name, first in (("ldconfig", "\tlibpango-1.0.so.0 (libc6,x86-64) => /usr/lib/libpango-1.0.so.0"),
                        ("fc-list", "/usr/share/fonts/LiberationSans-Regular.ttf: Liberation Sans:style=Regular")):  # fmt: skip
        tool = folder / name
        tool.write_text(f"#!/bin/bash\necho '{first}'\nyes 'lib-filler-{name}.so' | head -n 40000\n")
        tool.chmod(0o755)
    return folder


def _run(script: str, path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-c", f"source '{BOOTSTRAP}'\n{script}"],
        env={**os.environ, "PATH": f"{path}:{os.environ['PATH']}"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_present_packages_are_never_reinstalled(tmp_path: Path) -> None:
    tools = _fake_tools(tmp_path / "bin")
    script = (
        'apt_install() { echo "REINSTALL $*"; }\nfor i in 1 2 3 4 5; do ensure_build_system_packages; done\necho done'
    )
    run = _run(script, tools)
    assert run.returncode == 0, run.stderr
    assert "REINSTALL" not in run.stdout and run.stdout.strip().endswith("done")


def test_the_old_probe_was_fooled_by_the_same_tools(tmp_path: Path) -> None:
    """The case the fix is for: the pipe form says "missing" although the line is there."""
    tools = _fake_tools(tmp_path / "bin")
    run = _run("ldconfig -p | grep -q libpango-1.0 && echo found || echo missing", tools)
    assert run.stdout.strip() == "missing"
    run = _run("output_mentions libpango-1.0 ldconfig -p && echo found || echo missing", tools)
    assert run.stdout.strip() == "found"


def test_a_missing_library_is_still_found_missing(tmp_path: Path) -> None:
    tools = _fake_tools(tmp_path / "bin")
    run = _run("has_library libcasereview-not-there-9 && echo found || echo missing", tools)
    assert run.stdout.strip() == "missing"
