"""Long and odd text in a source (issue 11 class 4): refused with a Chinese message at its place when
over the limits, and at the limits built into every format without a crash or text off the page.

The odd texts: CJK, one unbroken run of ASCII (no break opportunity at all), full-width
punctuation, and a mix. A budget source with every name at ``NAME_LIMIT`` characters of them goes
through derive and all five renderers; the Word, Excel, HTML and PDF outputs are then checked for
what a reader would see broken: a table wider than its page, text past the PDF page's edge, an
amount squeezed onto two lines, a cell that cannot wrap.
"""

from __future__ import annotations

import copy
import functools
import io
import re
import tempfile
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest
import yaml

from yusuan.derive import derive
from yusuan.model import Publication
from yusuan.render import docx as docx_renderer
from yusuan.render import render
from yusuan.render import xlsx as xlsx_renderer
from yusuan.source import SourceError, load_source
from yusuan.source.validate import NAME_LIMIT, TEXT_LIMIT

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
BUDGET = EXAMPLES / "culture_bureau_2024.yaml"
FINAL = EXAMPLES / "putuo_street_final_2024.yaml"

ODD = {
    "cjk": "清溪市云山区文化和旅游局所属单位",
    "ascii": "QingxiYunshanCultureAndTourismBureau2024",  # no break opportunity anywhere
    "fullwidth": "，（）！；：“”、",
    "mixed": "文旅Bureau（二〇二四）No.12345ＡＢＣ",
}


def _text(kind: str, n: int) -> str:
    base = ODD[kind]
    return (base * (n // len(base) + 1))[:n]


@functools.cache
def _budget_data() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(BUDGET.read_text(encoding="utf-8"))
    return data


def _write(tmp_path: Path, data: dict[str, Any], name: str = "long.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _with_names(kind: str, n: int) -> dict[str, Any]:
    """The example budget with the department, a unit, a project, a subject and an indicator named
    by ``n`` characters of ``kind``, and long paragraphs."""
    data = copy.deepcopy(_budget_data())
    name = _text(kind, n)
    data["department"] = _text(kind, n)
    data["units"][1]["name"] = name
    old = data["targets"][0]["project"]
    for fact in data["facts"]:
        if fact.get("project") == old:
            fact["project"] = name
    data["targets"][0]["project"] = name
    data["targets"][0]["goal"] = _text(kind, 600)
    indicator = data["targets"][0]["indicators"][1]
    indicator["name"], indicator["value"] = name, _text(kind, n)
    data["function_names"]["2070109"] = name
    data["code_purposes"]["2070109"] = _text(kind, 400)
    data["duties"][0] = _text(kind, 1500)
    return data


# --- refused over the limits -------------------------------------------------------------------


def _errors(path: Path) -> list[str]:
    with pytest.raises(SourceError) as caught:
        load_source(path)
    return [str(m) for m in caught.value.errors]


@pytest.mark.parametrize("kind", sorted(ODD))
def test_names_over_the_limit_are_refused_at_their_line(tmp_path: Path, kind: str) -> None:
    path = _write(tmp_path, _with_names(kind, NAME_LIMIT + 1))
    errors = _errors(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    what = [
        "部门名称",
        "单位名称",
        "项目名称",
        "科目 2070109 的名称",
        "绩效目标的项目名称",
        "三级指标",
        "指标值",
    ]
    assert len(errors) == len(what)  # each long text once (the project's three lines: once)
    for label, message in zip(what, errors, strict=True):
        assert f"{label}过长：{NAME_LIMIT + 1} 个字符，最多 {NAME_LIMIT} 个" in message
        place = re.search(rf"{re.escape(str(path))}:(\d+)：", message)
        assert place is not None, message
        assert _text(kind, NAME_LIMIT + 1)[:20] in lines[int(place.group(1)) - 1]


def test_a_paragraph_over_the_limit_is_refused(tmp_path: Path) -> None:
    data = copy.deepcopy(_budget_data())
    data["duties"][2] = _text("cjk", TEXT_LIMIT + 1)
    data["reasons"]["gpb"] = _text("ascii", TEXT_LIMIT + 5)
    errors = _errors(_write(tmp_path, data))
    assert len(errors) == 2
    assert f"部门职责过长：{TEXT_LIMIT + 1} 个字符" in errors[0]
    assert f"原因过长：{TEXT_LIMIT + 5} 个字符" in errors[1]


def test_final_accounts_have_the_same_limits(tmp_path: Path) -> None:
    data: dict[str, Any] = yaml.safe_load(FINAL.read_text(encoding="utf-8"))
    data["department"] = _text("mixed", 150)
    code = next(iter(data["items"]))
    data["items"][code]["purpose"] = _text("cjk", TEXT_LIMIT + 1)
    errors = _errors(_write(tmp_path, data))
    assert any("部门名称过长：150 个字符" in e for e in errors)
    assert any(f"科目 {code} 的主要用途过长" in e for e in errors)


def test_a_long_name_in_a_workbook_source_is_refused_at_its_cell(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(EXAMPLES / "putuo_street_final_2024.xlsx")
    accounts, _ = load_source(EXAMPLES / "putuo_street_final_2024.xlsx")
    (place,) = [
        (ws.title, cell.coordinate)
        for ws in book.worksheets
        for row in ws.iter_rows()
        for cell in row
        if cell.value == accounts.department
    ]
    book[place[0]][place[1]] = _text("ascii", 180)
    path = tmp_path / "long.xlsx"
    book.save(path)
    errors = _errors(path)
    assert any(e.startswith(f"{path}:") or f"{place[0]}!{place[1]}" in e for e in errors), errors
    assert any(f"{place[0]}!{place[1]}" in e and "部门名称过长：180 个字符" in e for e in errors), errors


# --- built at the limits ----------------------------------------------------------------------


@functools.cache
def _publication(kind: str) -> Publication:
    data = _with_names(kind, NAME_LIMIT)
    with tempfile.TemporaryDirectory() as tmp:
        budget, _ = load_source(_write(Path(tmp), data))
    return derive(budget).publication


@functools.cache
def _rendered(kind: str, fmt: str) -> bytes:
    return render(_publication(kind), fmt)


@pytest.mark.parametrize("fmt", ["md", "html", "xlsx", "docx", "pdf"])
@pytest.mark.parametrize("kind", sorted(ODD))
def test_every_format_builds_with_names_at_the_limit(kind: str, fmt: str) -> None:
    data = _rendered(kind, fmt)
    assert len(data) > 1000
    if fmt in ("md", "html"):
        assert _text(kind, NAME_LIMIT) in data.decode("utf-8")


@pytest.mark.parametrize("kind", sorted(ODD))
def test_docx_tables_still_fit_their_page(kind: str) -> None:
    document = docx.Document(io.BytesIO(_rendered(kind, "docx")))
    pub = _publication(kind)
    tables = [t for t in pub.tables() if t.header or t.rows]
    assert len(document.tables) == len(tables)
    for word, table in zip(document.tables, tables, strict=True):
        grid = [int(c.get(docx.oxml.ns.qn("w:w"))) for c in word._tbl.iter(docx.oxml.ns.qn("w:gridCol"))]
        layout = docx_renderer.table_layout(table, docx_renderer.table_columns(table))
        text_mm = docx_renderer._text_width_mm(layout.landscape)
        assert abs(sum(grid) / 1440 * 25.4 - text_mm) < 1  # twips → mm: the table spans the text width
        for row in table.rows:
            for c, cell in enumerate(row.cells):
                if cell.value is not None and cell.text:  # the amounts keep room for one line
                    room = grid[c] / 20 - docx_renderer.CELL_PADDING_PT + 0.1  # twips round down
                    assert docx_renderer.text_pt(cell.text, layout.size) <= room


@pytest.mark.parametrize("kind", sorted(ODD))
def test_xlsx_long_text_wraps_and_columns_stay_bounded(kind: str) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(_rendered(kind, "xlsx")))
    long = _text(kind, NAME_LIMIT)
    found = 0
    for ws in wb.worksheets:
        for c, dim in ws.column_dimensions.items():
            assert (dim.width or 0) <= max(xlsx_renderer._NARRATIVE_WIDTH, 44), (ws.title, c)
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and long in cell.value:
                    assert cell.alignment.wrap_text, (ws.title, cell.coordinate)
                    found += 1
    assert found >= 3
    assert wb.properties.title is not None and len(wb.properties.title) <= 255


@pytest.mark.parametrize("kind", sorted(ODD))
def test_html_long_runs_may_break(kind: str) -> None:
    html = _rendered(kind, "html").decode("utf-8")
    assert "overflow-wrap: anywhere" in html
    long = _text(kind, NAME_LIMIT)
    cells = re.findall(r"<td( class=\"[^\"]*\")?>([^<]*)</td>", html)
    named = [cls for cls, text in cells if long in text]
    assert named
    unbroken = re.search(r"[!-~]{25}", long) is not None
    assert all(("wrap" in cls) == unbroken for cls in named)


@pytest.mark.parametrize("kind", sorted(ODD))
def test_pdf_text_stays_on_the_page(kind: str) -> None:
    pdfium = pytest.importorskip("pypdfium2")
    pdf = pdfium.PdfDocument(_rendered(kind, "pdf"))
    text = []
    try:
        for number in range(len(pdf)):
            page = pdf[number]
            width = page.get_width()
            chars = page.get_textpage()
            boxes = [chars.get_charbox(i) for i in range(chars.count_chars())]
            boxes = [b for b in boxes if b[2] > b[0]]  # drawn characters (not line ends)
            assert boxes, number
            left, right = min(b[0] for b in boxes), max(b[2] for b in boxes)
            # the 2.5 cm (71 pt) margins, of which at most a few points may be used
            assert left >= 60 and right <= width - 60, (number + 1, left, right, width)
            text.append(chars.get_text_range())
    finally:
        pdf.close()
    joined = "".join(text)
    assert "\u200b" not in joined  # long runs break without zero-width spaces in the text layer
    assert _text(kind, 12) in joined.replace("\r\n", "").replace("\n", "")
