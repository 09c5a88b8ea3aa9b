"""The built Word and Excel files as a person opens them: LibreOffice prints them to PDF, and yusuan
reads that PDF back to the tables that were built and checks it clean (issue 11 class 11).

One budget (福建 layout, 万元) and one 决算 (上海 layout): each built as DOCX and XLSX, all four
converted by a single soffice run per module (a conversion costs seconds), with a private profile
so that parallel runs do not share LibreOffice's user directory. Skipped when soffice is missing
(the Makefile's ``system`` target installs it).
"""

from __future__ import annotations

import functools
import shutil
import subprocess
from pathlib import Path

import pytest

from yusuan.derive import derive
from yusuan.extract import extract
from yusuan.model import Publication, Severity
from yusuan.model.disclosure import content
from yusuan.pipeline import check_path
from yusuan.profiles import load as load_profile
from yusuan.read import read_document
from yusuan.render import render
from yusuan.source import load_source

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
# name → (source, its profile, the number of tables it has)
SOURCES = {
    "budget": ("culture_bureau_2024.yaml", "fujian", 11),
    "final": ("putuo_street_final_2024.yaml", "shanghai_final", 9),
}
FORMATS = ("docx", "xlsx")
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")

pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")


@functools.cache
def _publication(name: str) -> Publication:
    source, profile, _ = SOURCES[name]
    budget, _ = load_source(EXAMPLES / source)
    return derive(budget, profile).publication


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """(example, format) → the PDF LibreOffice printed from the built file."""
    root = tmp_path_factory.mktemp("libreoffice")
    built = []
    for name in SOURCES:
        for fmt in FORMATS:
            path = root / f"{name}_{fmt}.{fmt}"
            path.write_bytes(render(_publication(name), fmt))
            built.append(path)
    assert SOFFICE is not None
    profile = (root / "profile").as_uri()
    command = [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf"]
    subprocess.run(
        [*command, "--outdir", str(root), *map(str, built)], capture_output=True, timeout=300, check=False
    )
    out = {(name, fmt): root / f"{name}_{fmt}.pdf" for name in SOURCES for fmt in FORMATS}
    missing = [p.name for p in out.values() if not p.exists()]
    if missing:  # soffice without Writer (libreoffice-writer) opens no .docx
        pytest.skip(f"LibreOffice could not convert {', '.join(missing)} (is libreoffice-writer installed?)")
    return out


CASES = [(name, fmt) for name in SOURCES for fmt in FORMATS]


@pytest.mark.parametrize(("name", "fmt"), CASES)
def test_printed_file_reads_back_to_the_built_tables(
    pdfs: dict[tuple[str, str], Path], name: str, fmt: str
) -> None:
    pub = _publication(name)
    spec = load_profile(pub.profile)
    expected = content(extract(pub.to_document(), spec))
    actual = content(extract(read_document(pdfs[name, fmt]), spec))
    assert len(expected["tables"]) == SOURCES[name][2]  # type: ignore[arg-type]
    assert actual["tables"] == expected["tables"]
    assert (actual["year"], actual["department"]) == (expected["year"], expected["department"])


@pytest.mark.parametrize(("name", "fmt"), CASES)
def test_printed_file_checks_clean(pdfs: dict[tuple[str, str], Path], name: str, fmt: str) -> None:
    result = check_path(pdfs[name, fmt])  # layout and kind are detected from the PDF
    assert result.error is None
    assert result.disclosure is not None
    assert result.disclosure.profile == SOURCES[name][1]
    errors = [(f.rule, f.message) for f in result.findings if f.severity is Severity.ERROR]
    assert errors == []
