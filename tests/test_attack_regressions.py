"""Regressions found by the hostile-input harness (bench/attack.py, issue 11): each test builds its
small input here and asserts the class is closed, not only the sample."""

from __future__ import annotations

import csv
import io
import json
import os
import zipfile
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

import yusuan.export.csv_format as csv_format
from yusuan.cli.main import app
from yusuan.export import export
from yusuan.export.records import ExportDocument
from yusuan.export.tabular import Sheet
from yusuan.extract import extract, tables
from yusuan.extract.targets import looks_like_self_evaluation
from yusuan.model import Cell, Paragraph, TableBlock
from yusuan.pipeline import read_checkable
from yusuan.profiles import load
from yusuan.read import UnreadableInput, html_tables, package, read_document, read_text
from yusuan.read.text import join_lines

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
FORMULAS = [
    '=HYPERLINK("http://evil.example","点此")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "-2+3+cmd|' /C calc'!A0",
]


def _csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def _live(cell: str) -> bool:
    return (
        bool(cell)
        and cell[0] in "=+-@\t\r"
        and not cell.lstrip("+-").replace(",", "").replace(".", "").isdigit()
    )


def test_csv_column_titles_of_a_listing_are_not_formulas(tmp_path: Path) -> None:
    """A listing table's column titles are the document's own header cells: in the CSV they are text
    (a leading ' as for every other cell), never a formula Excel runs when the file is opened."""
    text = (EXAMPLES / "culture_bureau_2024.md").read_text(encoding="utf-8")
    text = text.replace("主管部门名称\t专项资金立项项目名称", f"{FORMULAS[0]}\t{FORMULAS[1]}", 1)
    text = text.replace(
        "备注：本部门 2024 年度没有由本部门管理的专项资金。",
        "\t".join(["文旅局", FORMULAS[2], FORMULAS[3], *"123456789"]),
    )
    src = tmp_path / "listing.md"
    src.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["extract", str(src), "-o", str(out), "-f", "csv"])
    assert result.exit_code == 0, result.output
    listing = next((out / "listing").glob("*专项资金管理清单目录.csv"))
    rows = _csv_rows(listing.read_bytes())
    assert rows[0][1:3] == [f"'{FORMULAS[0]}", f"'{FORMULAS[1]}"]
    assert [f"'{FORMULAS[2]}", f"'{FORMULAS[3]}"] == rows[1][2:4]
    for f in (out / "listing").iterdir():
        assert not [c for row in _csv_rows(f.read_bytes()) for c in row if _live(c)], f.name


def test_every_csv_header_goes_through_the_same_escape(monkeypatch: pytest.MonkeyPatch) -> None:
    """The class: a header of any sheet (not only a listing's) that starts like a formula."""
    sheet = Sheet("s", "s.csv", ["序号", *FORMULAS, "\t=1+1", "名称"], [[1, "x", "y", "z", "w", "v", "n"]])
    monkeypatch.setattr(csv_format, "sheets", lambda rec: [sheet])
    files = csv_format.to_csv(ExportDocument.__new__(ExportDocument))
    header = _csv_rows(files["s.csv"])[0]
    assert header == ["序号", *(f"'{f}" for f in FORMULAS), "'\t=1+1", "名称"]


def test_a_paragraph_of_many_lines_is_joined_in_linear_time() -> None:
    """100,000 wrapped lines of one paragraph (and as many page-broken paragraphs) read as one
    paragraph with every line's start; joining the text so far with each line was quadratic
    (300,000 lines: over the 60 s budget)."""
    n = 100_000
    lines = [("收入1.00万元", f"第{i}行abc", f"de{i}")[i % 3] for i in range(n)]
    doc = read_text("\n".join(lines) + "\n", "many.md")
    (para,) = doc.blocks
    assert isinstance(para, Paragraph)
    joined, starts = "", []  # what joining line by line gives (ASCII words get a space between)
    for i, line in enumerate(lines[:1000], 1):
        starts.append((len(joined), i))
        joined = join_lines([joined, line])
    assert para.text.startswith(joined) and "abc de2收入" in joined
    assert len(para.line_starts) == n and para.line_starts[:1000] == starts
    assert para.text[para.line_starts[-1][0] :] == lines[-1]
    # page-broken paragraphs (a blank line between, no final punctuation): one paragraph
    n = 40_000  # below LIMITS.blocks: each is a block until mended
    parts = [f"这是第{i}段被分页符断开的一段文字，它还没有结束" for i in range(n)]
    doc = read_text("\n\n".join(parts) + "\n", "broken.md")
    (mended,) = doc.blocks
    assert isinstance(mended, Paragraph) and mended.text == "".join(parts)
    assert mended.line_starts[-1] == (len(mended.text) - len(parts[-1]), 2 * n - 1)


def test_page_breaks_still_join_only_unfinished_sentences() -> None:
    doc = read_text(
        "这是一个很长很长的句子，被分页符从中间断开了没有\n\n结束的标点。\n\n下一段落完整的句子在这里结束了。\n\n（一）列举项目\n",
        "x.md",
    )
    assert [b.text for b in doc.blocks if isinstance(b, Paragraph)] == [
        "这是一个很长很长的句子，被分页符从中间断开了没有结束的标点。",
        "下一段落完整的句子在这里结束了。",
        "（一）列举项目",
    ]


def test_table_rows_past_the_document_budget_are_not_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Parsing costs per row: past MAX_DOCUMENT_ROWS rows in a document, a table is recognised but
    not parsed (no rows, a problem naming the limit); the tables before it are read as before."""
    text = (EXAMPLES / "culture_bureau_2024.md").read_text(encoding="utf-8")
    full = extract(read_text(text, "culture.md"), load("fujian"))
    first = next(b for b in read_text(text, "culture.md").blocks if isinstance(b, TableBlock) and b.line > 60)
    monkeypatch.setattr(tables, "MAX_DOCUMENT_ROWS", len(first.rows))  # the 收支总表 only (28 rows)
    cut = extract(read_text(text, "culture.md"), load("fujian"))
    assert list(cut.tables) == list(full.tables)  # every table still recognised by its title
    assert cut.tables["summary"].rows == full.tables["summary"].rows and cut.tables["summary"].understood
    rest = [t for t in cut.tables.values() if t.id != "summary"]
    assert all(not t.rows for t in rest)
    assert sum(1 for t in full.tables.values() if t.rows) > 6  # the budget took rows from most tables
    limit = f"文件中表格的行数超过上限（{len(first.rows):,} 行）"
    assert sum(limit in m for m, _ in cut.problems) == len(rest)


def _block(rows: list[list[str]]) -> TableBlock:
    return TableBlock([[Cell(t, i + 1, column=j) for j, t in enumerate(r)] for i, r in enumerate(rows)], 1)


def test_a_self_evaluation_table_is_still_recognised() -> None:
    """The cheap test before canon() (得 and 分 in one cell) keeps every 绩效自评表 it found."""
    head = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得 分"]
    assert looks_like_self_evaluation(
        _block([head, ["产出指标", "数量指标", "场次", "10", "12", "10", "10"]])
    )
    assert looks_like_self_evaluation(_block([["项目", "全年执行数", "得分"], ["（一）x", "1", "2"]]))
    assert not looks_like_self_evaluation(_block([["项目", "实际完成值", "分值"], ["x", "1", "2"]]))
    assert not looks_like_self_evaluation(_block([["项目", "得分"], ["x", "1"]]))  # no outturn column
    many = _block([["项目", "预算数"], *([[f"{i}", f"{i}.00"] for i in range(200_000)])])
    assert not looks_like_self_evaluation(many)


def test_exports_of_a_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    """A file name with bytes that are not UTF-8 (Python keeps them as lone surrogates) is written
    to JSON as its escape, to CSV and XLSX as U+FFFD, instead of an internal error (UnicodeEncodeError)."""
    src = Path(os.fsdecode(os.fsencode(tmp_path) + b"/bad_\xff\xfe.md"))
    src.write_bytes((EXAMPLES / "culture_bureau_2024.md").read_bytes())
    assert "\udcff" in str(src)
    doc = read_document(src)
    d = read_checkable(doc).disclosure
    assert d is not None
    (data,) = export(doc, d, "json").values()
    assert json.loads(data)["meta"]["source"] == str(src)
    shown = str(src).replace("\udcff", "\ufffd").replace("\udcfe", "\ufffd")
    meta = dict(row[:2] for row in _csv_rows(export(doc, d, "csv")["document.csv"])[1:])
    assert meta["来源文件"] == shown
    (data,) = export(doc, d, "xlsx").values()
    ws = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    assert ws["B2"].value == shown


def _docx(body: str) -> bytes:
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    parts = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="word/document.xml"/></Relationships>',
        "word/document.xml": f'<?xml version="1.0"?><w:document {ns}><w:body>{body}</w:body></w:document>',
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            z.writestr(name, text)
    return buf.getvalue()


def test_a_word_body_of_too_many_elements_is_refused_before_parsing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """python-docx builds the whole lxml tree before the reader counts anything (a 1000×1000 table:
    about 1 GB), so the package scan counts the Word parts' elements and refuses past the limit."""
    cell = "<w:tc><w:p><w:r><w:t>1.00</w:t></w:r></w:p></w:tc>"  # 4 elements
    rows = "".join("<w:tr>" + cell * 20 + "</w:tr>" for _ in range(20))  # 20×(1 + 20×4) = 1,620
    path = tmp_path / "grid.docx"
    path.write_bytes(
        _docx("<w:p><w:r><w:t>2024年度某局部门预算</w:t></w:r></w:p><w:tbl>" + rows + "</w:tbl>")
    )
    doc = read_document(path)  # within the default limit: read
    assert sum(len(b.rows) for b in doc.blocks if isinstance(b, TableBlock)) == 20
    monkeypatch.setattr(package, "LIMITS", replace(package.LIMITS, word_elements=1_500))
    with pytest.raises(UnreadableInput) as exc:
        read_document(path)
    assert str(exc.value).startswith(f"{path}：Word 文件的 XML 元素数") and "1,500" in str(exc.value)


def test_a_strict_open_xml_word_document_is_named_as_such(tmp_path: Path) -> None:
    """Word's "Strict Open XML Document" uses other namespaces, which python-docx does not read: the
    message says so (it said the file was damaged, AttributeError)."""
    strict = _docx("<w:p><w:r><w:t>2024年度某局部门预算</w:t></w:r></w:p>")
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(strict)) as src, zipfile.ZipFile(buf, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/document.xml":
                data = data.replace(
                    b"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
                    b"http://purl.oclc.org/ooxml/wordprocessingml/main",
                )
            dst.writestr(info.filename, data)
    path = tmp_path / "strict.docx"
    path.write_bytes(buf.getvalue())
    with pytest.raises(UnreadableInput) as exc:
        read_document(path)
    assert str(exc.value).startswith(f"{path}：这是“Strict Open XML”格式的 Word 文档")


@pytest.mark.parametrize("fmt", ["md", "html", "docx"])
def test_a_document_of_too_many_blocks_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    """Every block costs extraction, the audit and an export something (900,000 one-line headings:
    113 s and 2.4 GB), so the text, HTML and Word readers refuse past LIMITS.blocks, naming the limit;
    a document at the limit reads."""
    monkeypatch.setattr(html_tables, "LIMITS", replace(html_tables.LIMITS, blocks=30))
    path = tmp_path / f"many.{fmt}"

    def write(n: int) -> None:
        if fmt == "md":
            path.write_text("".join(f"# 第{i}节\n\n正文{i}。\n\n" for i in range(n // 2)), encoding="utf-8")
        elif fmt == "html":
            body = "".join(f"<h2>第{i}节</h2><p>正文{i}。</p>" for i in range(n // 2))
            path.write_text(f"<!DOCTYPE html><html><body>{body}</body></html>", encoding="utf-8")
        else:
            body = "".join(f"<w:p><w:r><w:t>正文{i}。</w:t></w:r></w:p>" for i in range(n))
            path.write_bytes(_docx(body))

    write(30)
    assert len(read_document(path).blocks) == 30
    write(32)
    with pytest.raises(UnreadableInput) as exc:
        read_document(path)
    assert str(exc.value) == (
        f"{path}：段落、标题和表格的数量超过上限（30 个），文件异常或不是正常的预算公开文件，未读取"
    )
