"""Images and inline data through a whole public build of the demo: published when
clean, refused with site/public unchanged when they hold a real name."""

from __future__ import annotations

import base64
import re
from pathlib import Path

import pytest

from sitebuild import build, files_under, make_project
from test_anonymise_support import image_with_metadata

pytestmark = pytest.mark.slow
REVIEW = "content/reviews/eastmoor-child-t-2024"
PUBLIC_REVIEW = "site/public/reviews/eastmoor-child-t-2024"
# Names of the demo key. Kept out of the lines that call the build: a logging error
# (a handler left on a closed stream by an earlier test) prints the call stack's source.
MOTHER = "Kayleigh Harper"
FATHER = "Dean Quinn"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    project = make_project(tmp_path / "project", pdf=False)
    assert build(project, "public") == 0
    return project


def _show_in_synopsis(project: Path, markdown: str) -> None:
    synopsis = project / REVIEW / "synopsis.md"
    synopsis.write_text(synopsis.read_text() + f"\n\n{markdown}\n")


def _refused(project: Path, capsys, caplog, acronym: str, secrets: list[str]) -> None:
    before = files_under(project / "site/public")
    assert build(project, "public") != 0
    output = capsys.readouterr().err + caplog.text
    assert f'"{acronym}"' in output
    assert not [s for s in secrets if s in output]
    assert files_under(project / "site/public") == before
    assert not (project / "site/public.staging").exists()


def test_an_image_a_public_page_shows_is_published_and_no_other(project: Path) -> None:
    _, png = image_with_metadata("png-text", "Figure 1: the review timeline")
    (project / REVIEW / "timeline.png").write_bytes(png)
    (project / REVIEW / "imr" / "unused.png").write_bytes(png)
    _show_in_synopsis(project, "![The review timeline](timeline.png)")
    assert build(project, "public") == 0
    page = project / PUBLIC_REVIEW / "synopsis/index.html"
    src = re.search(r'<img alt="The review timeline" src="([^"]+)"', page.read_text()).group(1)
    assert (page.parent / src).resolve() == (project / PUBLIC_REVIEW / "timeline.png").resolve()
    assert (project / PUBLIC_REVIEW / "timeline.png").read_bytes() == png
    assert not list((project / "site/public").rglob("unused.png"))


@pytest.mark.parametrize("kind", ["png-text", "jpeg-exif"])
def test_a_name_in_a_published_images_metadata_refuses_the_build(project: Path, capsys, caplog, kind: str) -> None:
    name, data = image_with_metadata(kind, MOTHER)
    (project / REVIEW / name).write_bytes(data)
    _show_in_synopsis(project, f"![A figure]({name})")
    _refused(project, capsys, caplog, "Mother M", MOTHER.split())


def test_a_name_in_a_data_uri_svg_refuses_the_build(project: Path, capsys, caplog) -> None:
    svg = f'<svg xmlns="http://www.w3.org/2000/svg"><title>{FATHER}</title><circle r="3"/></svg>'
    uri = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
    _show_in_synopsis(project, f"![A figure]({uri})")
    _refused(project, capsys, caplog, "Father F", FATHER.split())


def test_a_script_in_a_public_synopsis_refuses_the_build(project: Path, capsys, caplog) -> None:
    before = files_under(project / "site/public")
    _show_in_synopsis(project, '<script>document.title = "x"</script>')
    assert build(project, "public") != 0
    assert "the <script> element would be removed from the public page" in capsys.readouterr().out + caplog.text
    assert files_under(project / "site/public") == before


def test_a_date_of_birth_in_role_is_not_published(project: Path) -> None:
    key = project / REVIEW / "key.yml"
    key.write_text(
        key.read_text().replace(
            "role: Mother of Child T and Sibling S", "role: Mother of Child T and Sibling S, born 11/02/1996"
        )
    )
    assert build(project, "public") == 0
    published = b"".join(files_under(project / "site/public").values())
    assert b"11/02/1996" not in published
    assert b"Mother of Child T and Sibling S" in published  # the relationship is shown instead
