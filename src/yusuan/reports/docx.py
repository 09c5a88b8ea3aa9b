"""The report as a Word document: a title, the summary table across documents, then per document a
heading and a table of its findings. Landscape A4 (the findings table is wide), table headers
repeated on every page, explicit East-Asian fonts (宋体 / 黑体, which LibreOffice maps to the Noto
CJK fonts) so that Word does not fall back to a Japanese theme font."""

from __future__ import annotations

import io
from datetime import datetime

from docx import Document as new_docx
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.styles.style import ParagraphStyle
from docx.table import Table
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from yusuan.reports.model import SUMMARY_COLUMNS, Report, ReportDocument, ReportFinding, summary_rows

SONG, HEI, LATIN = "宋体", "黑体", "Times New Roman"
_WHEN = datetime(2000, 1, 1)
FINDING_COLUMNS = ("序号", "位置", "规则", "级别", "检查维度", "问题说明", "应为", "实为", "修改建议", "状态")
_FINDING_WIDTHS = (1.0, 4.0, 1.6, 1.1, 1.7, 7.5, 2.2, 2.2, 3.5, 1.4)  # cm, 26.2 in all
_SUMMARY_WIDTHS = (6.6, 1.8, 1.3, *([1.3] * 3), *([1.6] * 4), 1.3)
_SHADE = {"错误": "F8D0D0", "警告": "FCEBC0", "提示": "D8E8F8"}


def _text(value: object) -> str:
    """Text Word can hold: no XML-illegal control characters (a document's NUL, ESC)."""
    return "" if value is None else ILLEGAL_CHARACTERS_RE.sub("", str(value))


def _fonts(doc: DocxDocument) -> None:
    for style in doc.styles:
        element = getattr(style, "element", None)
        if element is None or not hasattr(style, "font"):
            continue
        name = style.name or ""
        if name not in ("Normal", "Title") and not name.startswith("Heading"):
            continue
        rpr = element.get_or_add_rPr()
        fonts = rpr.get_or_add_rFonts()
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attr), None)
        fonts.set(qn("w:ascii"), LATIN)
        fonts.set(qn("w:hAnsi"), LATIN)
        fonts.set(qn("w:eastAsia"), SONG if name == "Normal" else HEI)
        style.font.color.rgb = RGBColor(0, 0, 0)
    normal = doc.styles["Normal"]
    if isinstance(normal, ParagraphStyle):
        normal.font.size = Pt(10)


def _landscape(doc: DocxDocument) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(1.5)
    section.top_margin = section.bottom_margin = Cm(1.6)


def _repeat_header(table: Table) -> None:
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def _shade(cell: object, fill: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()  # type: ignore[attr-defined]
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tc_pr.append(shd)


def _table(
    doc: DocxDocument, headers: tuple[str, ...], rows: list[list[str]], widths: tuple[float, ...]
) -> Table:
    table: Table = doc.add_table(rows=1 + len(rows), cols=len(headers))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False  # fixed layout: the grid's widths, not the text's, as LibreOffice reads it
    for c, w in enumerate(widths):
        table.columns[c].width = Cm(w)
    for r, values in enumerate([list(headers), *rows]):
        cells = table.rows[r].cells
        for c, v in enumerate(values):
            cell = cells[c]
            cell.width = Cm(widths[c])
            paragraph = cell.paragraphs[0]
            run = paragraph.add_run(_text(v))
            run.font.size = Pt(8)
            if r == 0:
                run.bold = True
                _shade(cell, "DDE4EE")
    _repeat_header(table)
    return table


def _place(f: ReportFinding) -> str:
    return f.first.describe() or "—"


def _finding_row(f: ReportFinding) -> list[str]:
    return [
        str(f.index),
        _place(f),
        f.rule,
        f.severity_label,
        f.dimension,
        f.message,
        _text(f.expected),
        _text(f.actual),
        _text(f.suggestion),
        f.status + (f"（{f.note}）" if f.note else ""),
    ]


def _document(doc: DocxDocument, d: ReportDocument) -> None:
    doc.add_heading(_text(d.name), level=2)
    info = [x for x in (d.kind, f"{d.year} 年度" if d.year else None, d.title) if x]
    if d.version and d.version > 1:
        info.append(f"第 {d.version} 版")
    info.append(f"问题 {len(d.findings)} 条")
    doc.add_paragraph(_text("；".join(info)))
    if d.error:
        doc.add_paragraph(_text(f"未检查：{d.error}"))
        return
    if not d.findings:
        doc.add_paragraph("未发现问题。")
        return
    table = _table(doc, FINDING_COLUMNS, [_finding_row(f) for f in d.findings], _FINDING_WIDTHS)
    level = FINDING_COLUMNS.index("级别")
    for r, f in enumerate(d.findings, 1):
        if f.severity_label in _SHADE:
            _shade(table.rows[r].cells[level], _SHADE[f.severity_label])


def write_docx(report: Report, *, images: bool = True) -> bytes:
    doc = new_docx()
    _fonts(doc)
    _landscape(doc)
    doc.add_heading(_text(report.title), level=0)
    doc.add_paragraph(
        _text(
            f"来源：{report.source}    生成时间：{report.generated}    "
            f"文档 {len(report.documents)} 份，问题 {report.findings} 条"
        )
    )
    doc.add_heading("汇总", level=1)
    rows = [[_text(v) for v in row] for row in summary_rows(report)]
    table = _table(doc, SUMMARY_COLUMNS, rows, _SUMMARY_WIDTHS)
    for cell in table.rows[-1].cells:
        for run in cell.paragraphs[0].runs:
            run.bold = True
    doc.add_heading("各文档问题", level=1)
    for d in report.documents:
        _document(doc, d)
    props = doc.core_properties
    props.created = props.modified = _WHEN
    props.author = props.last_modified_by = "yusuan"
    props.title = _text(report.title)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
