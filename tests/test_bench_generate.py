"""bench/generate.py writes reviews that casereview accepts, deterministically, at scale."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest
import yaml

from casereview.anonymise import Anonymiser
from casereview.checks.run import check_paths
from casereview.sources.key import Key
from casereview.sources.review import load_review

REPO = Path(__file__).resolve().parent.parent
IMR_HEADINGS = [
    "Author and statement of independence", "Introduction", "Terms of reference", "Methodology",
    "Family composition", "Agency involvement", "Analysis of involvement", "Diversity",
    "Lessons learned", "Recommendations", "References", "Sign-off",
]  # fmt: skip


def _load_generator():
    spec = importlib.util.spec_from_file_location("bench_generate", REPO / "bench" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


generator = _load_generator()


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("bench") / "project"
    generator.generate(target, documents=10, seed=3)
    return target


def _review(project: Path):
    (folder,) = sorted((project / "content" / "reviews").iterdir())
    return load_review(folder)


def _body(path: Path) -> str:
    return path.read_text(encoding="utf-8").split("\n---\n", 1)[1]


def test_small_project_passes_check_without_findings(project: Path) -> None:
    findings = check_paths([project / "content"])
    assert [f.format_text() for f in findings] == []


def test_project_is_complete_for_a_build(project: Path) -> None:
    assert (project / "mkdocs.yml").read_text() == (REPO / "mkdocs.yml").read_text()
    assert (project / "mkdocs.public.yml").read_text() == (REPO / "mkdocs.public.yml").read_text()
    assert (project / "theme" / "overrides" / "main.html").is_file()
    review = _review(project)
    types = sorted(d.doc_type for d in review.documents)
    assert types == sorted(
        ["terms-of-reference", *["imr"] * 4, *["action-plan"] * 4, "overview-report", "executive-summary", "synopsis"]
    )
    suffixes = sorted(p.suffix for p in review.chronology_files)
    assert suffixes == [".csv", ".csv", ".xlsx", ".xlsx"]


def test_imr_is_realistic_length_with_every_heading_question_and_table(project: Path) -> None:
    for path in sorted((_review(project).folder / "imr").glob("*.md")):
        body = _body(path)
        words = len(body.split())
        assert 2500 <= words <= 4000, (path.name, words)
        headings = re.findall(r"^## (.+)$", body, re.MULTILINE)
        assert headings == IMR_HEADINGS
        assert re.findall(r"^### (Q\d+):", body, re.MULTILINE) == [f"Q{n}" for n in range(1, 12)]
        table_rows = [line for line in body.splitlines() if line.startswith("| ") and not line.startswith("| date")]
        assert len(table_rows) == 40
        assert re.search(r"\{#[a-z]+-q1\}", body) and "](../imr/" in body


def test_key_size_and_imrs_use_real_names_the_build_must_replace(project: Path) -> None:
    review = _review(project)
    assert 20 <= len(review.key) <= 40
    imr = _body(review.folder / "imr" / "csc.md")
    substituted = Anonymiser(review.key).substitute(imr)
    assert substituted != imr
    private = [n for e in review.key if not e.public for n in e.real_names]
    assert sum(imr.count(name) for name in private) >= 20


def test_publishable_documents_are_in_acronyms_and_synopsis_is_short(project: Path) -> None:
    review = _review(project)
    private = [n for e in review.key if not e.public for n in e.names]
    for name in ("executive-summary.md", "synopsis.md", "overview-report.md"):
        body = _body(review.folder / name)
        assert not [n for n in private if n in body], name
    assert len(_body(review.folder / "synopsis.md").split()) < 600


def test_same_seed_same_output_and_other_seed_differs(project: Path, tmp_path: Path) -> None:
    again, other = tmp_path / "again", tmp_path / "other"
    generator.generate(again, documents=10, seed=3)
    generator.generate(other, documents=10, seed=4)
    files = sorted(p.relative_to(project) for p in (project / "content").rglob("*.md"))
    assert files == sorted(p.relative_to(again) for p in (again / "content").rglob("*.md"))
    assert all((project / f).read_bytes() == (again / f).read_bytes() for f in files)
    imr = next(f for f in files if f.name == "csc.md" and "imr" in f.parts)
    assert (project / imr).read_text() != (other / imr).read_text()


def test_sizes_by_documents() -> None:
    assert [generator.reviews_for(n) for n in (10, 100, 1000)] == [1, 8, 83]


def test_keys_of_different_reviews_differ(tmp_path: Path) -> None:
    generator.generate(tmp_path / "two", documents=24, seed=1)
    keys = [yaml.safe_load(p.read_text()) for p in sorted((tmp_path / "two").rglob("key.yml"))]
    names = [{n for e in Key.from_mapping(k) for n in e.names if not e.public} for k in keys]
    assert len(keys) == 2 and names[0] != names[1]


def test_public_build_passes_the_publication_gate(project: Path) -> None:
    import subprocess

    config = project / "bench-public.yml"
    config.write_text(
        "INHERIT: mkdocs.public.yml\nplugins:\n  - search\n  - casereview:\n      audience: public\n"
        '      marking: ""\n      pdf: false\n  - casereview-publish\n'
    )
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config)], cwd=project, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-2000:]
    published = {p.parent.name for p in (project / "site" / "public" / "reviews").rglob("index.html")}
    assert {"executive-summary", "synopsis"} <= published
    assert not published & {"imr", "csc", "police", "overview-report", "action-plans"}
