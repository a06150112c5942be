"""Inline data and images on the public site: what the gate reads and what check reports."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from casereview.anonymise import UNREADABLE, format_leak, scan_paths
from casereview.anonymise.datauri import MAX_DEPTH
from casereview.cli import main
from test_anonymise_support import fixture_key, image_with_metadata

SUMMARY = "content/reviews/mini-2024/executive-summary.md"


def _b64(text: str | bytes) -> str:
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return base64.b64encode(raw).decode("ascii")


def test_a_leak_in_an_image_names_acronym_file_and_field(tmp_path: Path) -> None:
    name, data = image_with_metadata("jpeg-exif", "Priya Ramanathan")
    (tmp_path / name).write_bytes(data)
    messages = [format_leak(leak) for leak in scan_paths([tmp_path], fixture_key())]
    assert any('"SW1"' in m and name in m and "EXIF Artist" in m for m in messages), messages
    assert not any("Ramanathan" in m for m in messages)


@pytest.mark.parametrize(
    "content",
    [b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, b"\xff\xd8\xff\xe0broken", b"GIF89a\x01"],
    ids=["png", "jpeg", "gif"],
)
def test_an_image_the_gate_cannot_read_is_refused(tmp_path: Path, content: bytes) -> None:
    (tmp_path / "figure.png").write_bytes(content)
    leaks = scan_paths([tmp_path], fixture_key())
    assert [leak.acronym for leak in leaks] == [UNREADABLE]
    assert "cannot check it" in format_leak(leaks[0])


def test_a_truncated_png_is_refused(tmp_path: Path) -> None:
    _, data = image_with_metadata("png-text", "Figure 1")
    (tmp_path / "figure.png").write_bytes(data[: len(data) // 2])
    assert [leak.acronym for leak in scan_paths([tmp_path], fixture_key())] == [UNREADABLE]


def test_a_name_in_a_png_inside_a_data_uri_in_css(tmp_path: Path) -> None:
    _, png = image_with_metadata("png-text", "Kayleigh Harper")
    (tmp_path / "extra.css").write_text(f".logo {{ background: url(data:image/png;base64,{_b64(png)}) }}")
    leaks = scan_paths([tmp_path], fixture_key())
    assert [(leak.acronym, leak.location) for leak in leaks] == [
        ("Mother M", 'line 1, in a data: URI (image/png) image metadata PNG text "Author"')
    ]


def test_nested_data_uris_are_read_to_the_limit_and_refused_beyond(tmp_path: Path) -> None:
    payload = "<p>Okafor</p>"
    for _ in range(MAX_DEPTH - 1):
        payload = f'<img src="data:text/html;base64,{_b64(payload)}">'
    page = f'<img src="data:text/html;base64,{_b64(payload)}">'
    (tmp_path / "page.html").write_text(page)
    assert {leak.acronym for leak in scan_paths([tmp_path], fixture_key())} == {"Aunt G"}
    (tmp_path / "page.html").write_text(f'<img src="data:text/html;base64,{_b64(page)}">')
    assert {leak.acronym for leak in scan_paths([tmp_path], fixture_key())} == {UNREADABLE}


def test_a_data_uri_with_no_name_is_clean(tmp_path: Path) -> None:
    _, png = image_with_metadata("png-text", "Timeline of events")
    (tmp_path / "page.html").write_text(f'<p>Figure</p><img src="data:image/png;base64,{_b64(png)}" alt="timeline">')
    assert scan_paths([tmp_path], fixture_key()) == []


def test_check_reports_a_name_inside_a_data_uri_in_a_publishable_source(
    mini_project: Path, capsys, monkeypatch
) -> None:
    svg = '<svg xmlns="http://www.w3.org/2000/svg"><title>Poppy Fenwick-Lowe</title></svg>'
    summary = mini_project / SUMMARY
    summary.write_text(summary.read_text() + f"\n![Figure](data:image/svg+xml;base64,{_b64(svg)})\n")
    line = summary.read_text().splitlines().index(f"![Figure](data:image/svg+xml;base64,{_b64(svg)})") + 1
    monkeypatch.chdir(mini_project)
    assert main(["check", "content"]) == 1
    out = capsys.readouterr().out
    assert f'{SUMMARY}:{line}: error: a real name of "Child A" is written here inside a data: URI' in out
    assert "Poppy" not in out and "Fenwick" not in out
