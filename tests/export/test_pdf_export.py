"""Export from PDF: every amount keeps its page and the rectangle of its source cell."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pdfplumber
import pytest

from tests.export.conftest import ROOT, Known, build_known
from yusuan.export import export, records, to_dict
from yusuan.render import pdf

CORPUS = ROOT.parent / "shared" / "corpus" / "shanghai" / "budget"
ZHENGFUBAN = CORPUS / "2025_putuo_zhengfuban_dept.pdf"


@pytest.fixture(scope="module")
def street_pdf(tmp_path_factory: pytest.TempPathFactory) -> Known:
    """The fictional Putuo street office 2025 (shanghai, 元), built to PDF."""
    try:
        pdf.font_dirs()
    except pdf.MissingFontError:
        pytest.skip("fonts-noto-cjk not installed: cannot build a PDF")
    return build_known("putuo_street_2025.yaml", "pdf", tmp_path_factory.mktemp("street"))


def _cells(data: dict[str, Any]) -> list[tuple[dict[str, Any], dict[str, Any], dict[str, Any]]]:
    return [
        (t, r, c) for t in data["tables"] for r in t["rows"] for c in r["cells"] if c["value"] is not None
    ]


def _text_in(plumber: Any, page: int, bbox: list[float]) -> str:
    x0, top, x1, bottom = bbox
    return str(plumber.pages[page - 1].crop((x0 + 0.5, top + 0.5, x1 - 0.5, bottom - 0.5)).extract_text())


def test_built_pdf_cells_have_the_rectangle_of_their_text(street_pdf: Known) -> None:
    data = to_dict(records(street_pdf.doc, street_pdf.disclosure))
    assert data["meta"]["format"] == "pdf" and data["meta"]["pages"] == street_pdf.doc.pages
    assert len(data["tables"]) == 9 and data["meta"]["unit"] == "元"
    income = next(t for t in data["tables"] if t["id"] == "income")
    total = next(r for r in income["rows"] if r["is_total"])
    cell = next(c for c in total["cells"] if c["column"] == "total")
    assert cell["value"] == str(street_pdf.total()) == "63172212.80"
    assert cell["text"] == "63,172,212.80" and cell["unit"] == "元"
    cells = _cells(data)
    located = [(t, r, c) for t, r, c in cells if c["bbox"] is not None]
    assert len(located) >= 0.95 * len(cells)  # a few repeated amounts may stay unplaced, none guessed
    with pdfplumber.open(street_pdf.path) as plumber:
        for _t, row, c in located:
            assert c["page"] == row["page"] and c["source_column"] is not None
            assert _text_in(plumber, c["page"], c["bbox"]).replace("\n", "") == c["text"], c
            x0, top, x1, bottom = c["bbox"]
            rx0, rtop, rx1, rbottom = row["bbox"]
            assert rx0 <= x0 < x1 <= rx1 and rtop <= top < bottom <= rbottom


def test_built_pdf_csv_has_the_source_rectangle_column(street_pdf: Known) -> None:
    files = export(street_pdf.doc, street_pdf.disclosure, "csv")
    name = next(n for n in files if n.startswith("02_"))
    rows = list(csv.DictReader(io.StringIO(files[name].decode("utf-8-sig"))))
    assert list(rows[0])[-3:] == ["页", "行", "来源单元格"]
    x0, top, x1, bottom = (float(v) for v in rows[0]["来源单元格"].split(","))
    assert x0 < x1 and top < bottom and rows[0]["页"].isdigit()
    assert "来源单元格：PDF 页面上该行的矩形" in files["document.csv"].decode("utf-8-sig")


@pytest.mark.skipif(not ZHENGFUBAN.is_file(), reason="../shared/corpus/shanghai/budget is not here")
def test_real_shanghai_pdf(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from yusuan.cli.main import app

    result = CliRunner().invoke(app, ["extract", str(ZHENGFUBAN), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    import json

    data = json.loads((tmp_path / "2025_putuo_zhengfuban_dept.json").read_text(encoding="utf-8"))
    assert data["meta"]["profile"] == "shanghai" and data["meta"]["year"] == 2025
    assert data["meta"]["pages"] == 22 and data["meta"]["format"] == "pdf"
    assert len(data["tables"]) == 9
    summary = data["tables"][0]
    assert summary["title"] == "2025年部门财务收支预算总表" and summary["page"] == 8
    fiscal = next(r for r in summary["rows"] if r["key"] == "income.fiscal")
    (cell,) = fiscal["cells"]
    assert (cell["text"], cell["value"], cell["unit"], cell["page"]) == (
        "91,016,775.35",
        "91016775.35",
        "元",
        8,
    )
    assert cell["source_column"] == 1 and cell["bbox"] == [271.56, 178.8, 414.12, 203.64]
    income = next(t for t in data["tables"] if t["id"] == "income")
    row = next(r for r in income["rows"] if r["code"] == "2010301")
    assert row["label"] == "行政运行" and row["page"] == 9
    assert [c["value"] for c in row["cells"][:2]] == ["12029501.84", "12029501.84"]
    with pdfplumber.open(ZHENGFUBAN) as plumber:
        assert _text_in(plumber, 8, cell["bbox"]) == "91,016,775.35"
