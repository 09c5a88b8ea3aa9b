"""yusuan's own HTML printed to PDF by Chromium (as an officer does with 打印 → 另存为 PDF) reads back
to the tables that were built and checks without errors, for every build layout.

Chromium's text layer sets some characters (一 支 目 …) in runs of their own whose boxes are the
glyph's ink: 一 is 2 pt of a 14 pt line. Before the PDF reader placed such boxes by their baseline,
一 stood apart from its line and was read after it ("第部分…一"), and a title wrapped with a browser's
line-height was read as two paragraphs; each built example got 9 to 18 errors.

The PDFs are printed once for the module, several Chromium processes at a time."""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from yusuan.derive import derive
from yusuan.extract import extract
from yusuan.model import Heading, Severity
from yusuan.model.disclosure import content
from yusuan.pipeline import CheckResult, check_path
from yusuan.profiles import load as load_profile
from yusuan.render import render
from yusuan.source import load_source

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
CHROMIUM = next((p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None)

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium is not installed (make system installs it)"
)

# (source, layout): every layout yusuan builds, from the examples
CASES = [
    ("culture_bureau_2024.yaml", None),  # fujian
    ("fujian_gulou_2023.yaml", None),  # fujian, a real document rebuilt
    ("putuo_street_2025.yaml", None),  # shanghai
    ("putuo_street_final_2024.yaml", None),  # shanghai_final
    ("putuo_street_final_2024.yaml", "national_final"),
    ("putuo_shehuigongzuobu_final_2024.yaml", None),  # shanghai_final, a real 决算 rebuilt
]


@dataclass
class Printed:
    expected: dict[str, Any]  # content of the disclosure as built
    profile: str
    body_headings: set[str]  # headings set in the body's size (h4), spaces left out
    result: CheckResult  # check of the PDF Chromium printed


def _bare(text: str) -> str:
    return text.replace(" ", "")


def _ids() -> list[str]:
    return [f"{src.removesuffix('.yaml')}-{layout or 'own'}" for src, layout in CASES]


def _print(html: Path, pdf: Path, profile_dir: Path) -> subprocess.Popen[bytes]:
    assert CHROMIUM is not None
    return subprocess.Popen(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            f"--user-data-dir={profile_dir}",
            f"--print-to-pdf={pdf}",
            "--no-pdf-header-footer",
            html.as_uri(),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "HOME": str(profile_dir)},
    )


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Printed]:
    root = tmp_path_factory.mktemp("chrome")
    jobs: list[tuple[str, Path, dict[str, Any], str]] = []
    body: dict[str, set[str]] = {}
    for name, (src, layout) in zip(_ids(), CASES, strict=True):
        budget, _ = load_source(EXAMPLES / src)
        pub = derive(budget, layout).publication
        html = root / f"{name}.html"
        html.write_bytes(render(pub, "html"))
        built = pub.to_document()
        expected = content(extract(built, load_profile(pub.profile)))
        body[name] = {_bare(b.text) for b in built.blocks if isinstance(b, Heading) and b.level >= 4}
        jobs.append((name, html, expected, pub.profile))
    out: dict[str, Printed] = {}
    running: list[tuple[subprocess.Popen[bytes], str, Path, dict[str, Any], str]] = []
    for k, (name, html, expected, profile) in enumerate(jobs):
        pdf = root / f"{name}.pdf"
        running.append((_print(html, pdf, root / f"profile{k}"), name, pdf, expected, profile))
        if len(running) == 3 or k == len(jobs) - 1:
            for proc, done, path, exp, prof in running:
                proc.wait(timeout=120)
                assert path.exists() and path.stat().st_size > 0, f"Chromium printed nothing for {done}"
                out[done] = Printed(exp, prof, body[done], check_path(path))
            running = []
    return out


@pytest.mark.parametrize("name", _ids())
def test_chrome_pdf_of_the_built_html_has_no_error(printed: dict[str, Printed], name: str) -> None:
    result = printed[name].result
    assert result.error is None
    assert result.disclosure is not None and result.disclosure.profile == printed[name].profile
    errors = [(f.rule, f.message) for f in result.findings if f.severity is Severity.ERROR]
    assert errors == []


@pytest.mark.parametrize("name", _ids())
def test_chrome_pdf_reads_back_to_the_built_tables(printed: dict[str, Printed], name: str) -> None:
    """read(build(x)) == x: every table row by row, and the rest of what the disclosure states.

    Headings: Chromium draws no space between 2024 and 年 (the gap is narrow), and it embeds the
    CJK fonts as Type 3 fonts, which carry no name or weight PDFium reports: a heading set bold in
    the body's size (h4: 1. 项目支出绩效目标表) cannot be told from a paragraph and reads as one. Every
    other heading reads as a heading, in order."""
    printed_ = printed[name]
    expected = printed_.expected
    disclosure = printed_.result.disclosure
    assert disclosure is not None
    actual = content(disclosure)
    assert expected["tables"]  # the built disclosure has its tables
    assert actual["tables"] == expected["tables"]
    for key in expected:
        if key not in ("tables", "headings"):
            assert actual[key] == expected[key], key
    paragraphs = {_bare(t.text) for t in disclosure.texts if not t.is_heading}
    lost = [h for h in map(_bare, expected["headings"]) if h in printed_.body_headings and h in paragraphs]
    assert [_bare(h) for h in actual["headings"]] == [
        h for h in map(_bare, expected["headings"]) if h not in lost
    ]
