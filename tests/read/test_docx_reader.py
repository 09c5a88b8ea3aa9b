"""The Word reader: yusuan's own builds read back block for block, merged cells laid out as the HTML
reader lays them out, headings from styles and outline levels, a Word-filled TOC field, fields and
tracked changes, running line numbers, and bad files refused with a message instead of a traceback."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Pt
from openpyxl import Workbook
from typer.testing import CliRunner

from yusuan.cli.main import app
from yusuan.derive import derive
from yusuan.model import Block, Heading, Paragraph, TableBlock, TocEntry
from yusuan.read import read_document
from yusuan.read.docx import read_docx
from yusuan.read.errors import UnreadableInput
from yusuan.render import render
from yusuan.source import load_source

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SOURCES = {"fujian": "culture_bureau_2024.yaml", "shanghai": "putuo_street_2025.yaml"}
W = nsdecls("w")
runner = CliRunner()


def _key(block: Block) -> tuple[object, ...]:
    if isinstance(block, TableBlock):
        return ("table", [[(c.text, c.column) for c in row] for row in block.rows])
    if isinstance(block, Heading):
        return ("heading", block.text, block.level)
    return (type(block).__name__, block.text)


def _texts(table: Block) -> list[list[str]]:
    assert isinstance(table, TableBlock)
    return [[c.text for c in row] for row in table.rows]


def _save(document: DocxDocument, path: Path) -> Path:
    document.save(str(path))
    return path


def _body_xml(document: DocxDocument, xml: str) -> None:
    """Append raw body XML (paragraphs, tables) before the section properties."""
    element = parse_xml(xml)
    sect = document.element.body.sectPr
    if sect is not None:
        sect.addprevious(element)
    else:
        document.element.body.append(element)


# -- yusuan's own builds ---------------------------------------------------------------------------


@pytest.fixture(scope="module", params=sorted(SOURCES))
def built(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, list[Block]]:
    budget, _ = load_source(EXAMPLES / SOURCES[request.param])
    pub = derive(budget).publication
    path = tmp_path_factory.mktemp("docx") / f"{request.param}.docx"
    path.write_bytes(render(pub, "docx"))
    return path, pub.to_document().blocks


def test_a_built_docx_reads_back_block_for_block(built: tuple[Path, list[Block]]) -> None:
    """Every heading, paragraph, 目录 entry and table cell of the publication, in order (the 目录 is
    written with its entries, not as an empty field)."""
    path, expected = built
    doc = read_docx(path)
    assert doc.format == "docx" and doc.pages is None and doc.problems == []
    assert [_key(b) for b in doc.blocks] == [_key(b) for b in expected]
    assert any(isinstance(b, TocEntry) for b in doc.blocks)
    assert any(isinstance(b, Heading) and b.text == "目录" and b.level == 1 for b in doc.blocks)
    assert isinstance(doc.blocks[0], Paragraph)  # the cover title, as to_document gives it


def test_built_docx_lines_count_paragraphs_and_table_rows(built: tuple[Path, list[Block]]) -> None:
    doc = read_docx(built[0])
    lines: list[int | None] = []
    for block in doc.blocks:
        assert block.line is not None and getattr(block, "page", None) is None
        if isinstance(block, TableBlock):
            assert block.line == block.rows[0][0].line
            for row in block.rows:
                assert {c.line for c in row} == {row[0].line} and all(c.page is None for c in row)
                lines.append(row[0].line)
        else:
            lines.append(block.line)
    assert lines == list(range(1, len(lines) + 1))


def test_read_document_dispatches_docx(built: tuple[Path, list[Block]]) -> None:
    assert [_key(b) for b in read_document(built[0]).blocks] == [_key(b) for b in read_docx(built[0]).blocks]


def test_reader_knows_formats_not_budgets() -> None:
    code = (
        "import sys, yusuan.read.docx\n"
        "bad = ('yusuan.extract', 'yusuan.audit', 'yusuan.profiles', 'yusuan.catalog', 'yusuan.render')\n"
        "print(sorted(m for m in sys.modules if m.startswith(bad)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# -- a hand-made document ----------------------------------------------------------------------------


@pytest.fixture()
def hand_made(tmp_path: Path) -> Path:
    d = docx.Document()
    d.add_paragraph("2025 年度某某局部门预算", style="Title")
    d.add_heading("一、部门主要职能", level=1)
    d.add_paragraph("")  # empty paragraphs are dropped and not counted
    d.add_paragraph("本部门负责\u3000全区文化工作。")
    table = d.add_table(rows=4, cols=4)
    table.cell(0, 0).merge(table.cell(1, 0)).text = "科目编码"  # vertical merge (w:vMerge)
    table.cell(0, 1).merge(table.cell(1, 1)).text = "科目名称"
    table.cell(0, 2).merge(table.cell(0, 3)).text = "其中："  # horizontal merge (w:gridSpan)
    table.cell(1, 2).text = "基本支出"
    table.cell(1, 3).text = "项目支出"
    for j, text in enumerate(["2070101", "行政运行", "1.00", ""]):  # the last cell stays empty
        table.cell(2, j).text = text
    cell = table.cell(3, 1)
    cell.text = "其他文化和"
    cell.add_paragraph("旅游支出")  # a wrapped label: two paragraphs in one cell
    table.cell(3, 0).text = "2070199"
    table.cell(3, 2).text = "Total"
    table.cell(3, 2).add_paragraph("amount")
    d.add_heading("二、部门预算单位构成", level=2)
    p = d.add_paragraph("编制单位：某某局")
    p.add_run().add_tab()
    p.add_run("单位：万元")
    return _save(d, tmp_path / "hand.docx")


def test_hand_made_document(hand_made: Path) -> None:
    doc = read_docx(hand_made)
    assert [_key(b) for b in doc.blocks if not isinstance(b, TableBlock)] == [
        ("Paragraph", "2025 年度某某局部门预算"),
        ("heading", "一、部门主要职能", 1),
        ("Paragraph", "本部门负责 全区文化工作。"),
        ("heading", "二、部门预算单位构成", 2),
        ("Paragraph", "编制单位：某某局 单位：万元"),
    ]
    (table,) = [b for b in doc.blocks if isinstance(b, TableBlock)]
    assert _texts(table) == [
        ["科目编码", "科目名称", "其中：", ""],
        ["", "", "基本支出", "项目支出"],
        ["2070101", "行政运行", "1.00", ""],
        ["2070199", "其他文化和旅游支出", "Total amount", ""],
    ]
    assert [[c.column for c in row] for row in table.rows] == [[0, 1, 2, 3]] * 4
    # lines: title 1, heading 2, paragraph 3, rows 4-7, heading 8, paragraph 9
    assert [b.line for b in doc.blocks] == [1, 2, 3, 4, 8, 9]
    assert [row[0].line for row in table.rows] == [4, 5, 6, 7]


def test_merges_match_the_html_reader(hand_made: Path) -> None:
    """The same header written as HTML colspan / rowspan gives the same cells."""
    from yusuan.read.html_tables import parse_html

    (html,) = parse_html(
        "<table><tr><th rowspan=2>科目编码</th><th rowspan=2>科目名称</th><th colspan=2>其中：</th></tr>"
        "<tr><th>基本支出</th><th>项目支出</th></tr></table>"
    )
    (table,) = [b for b in read_docx(hand_made).blocks if isinstance(b, TableBlock)]
    assert _texts(table)[:2] == _texts(html)


def test_grid_before_and_three_row_vertical_merge(tmp_path: Path) -> None:
    d = docx.Document()
    _body_xml(
        d,
        f"""<w:tbl {W}><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>
        <w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>合计</w:t></w:r></w:p></w:tc>
              <w:tc><w:p><w:r><w:t>a</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>b</w:t></w:r></w:p></w:tc></w:tr>
        <w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p><w:r><w:t>合计</w:t></w:r></w:p></w:tc>
              <w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>c</w:t></w:r></w:p></w:tc></w:tr>
        <w:tr><w:tc><w:tcPr><w:vMerge w:val="continue"/></w:tcPr><w:p/></w:tc>
              <w:tc><w:p/></w:tc><w:tc><w:p><w:r><w:t>d</w:t></w:r></w:p></w:tc></w:tr>
        <w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr>
              <w:tc><w:p><w:r><w:t>e</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>f</w:t></w:r></w:p></w:tc></w:tr>
        </w:tbl>""",
    )
    (table,) = read_docx(_save(d, tmp_path / "grid.docx")).blocks
    # a continuation is empty even when Word kept the text in it
    assert _texts(table) == [["合计", "a", "b"], ["", "c", ""], ["", "", "d"], ["", "e", "f"]]
    assert [c.column for c in table.rows[3]] == [0, 1, 2]


# -- headings from styles ------------------------------------------------------------------------


def test_headings_from_style_names_outline_levels_and_inheritance(tmp_path: Path) -> None:
    d = docx.Document()
    based = d.styles.add_style("部门小标题", WD_STYLE_TYPE.PARAGRAPH)
    based.base_style = d.styles["Heading 3"]  # no outline level of its own: inherits level 3
    outlined = d.styles.add_style("大标题", WD_STYLE_TYPE.PARAGRAPH)
    outlined.element.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl {W} w:val="1"/>'))
    chinese = d.styles.add_style("标题 5", WD_STYLE_TYPE.PARAGRAPH)  # WPS's Chinese style name
    chinese.font.size = Pt(12)
    d.add_paragraph("甲", style=based)
    d.add_paragraph("乙", style=outlined)
    d.add_paragraph("丙", style=chinese)
    direct = d.add_paragraph("丁")  # an outline level set on the paragraph itself
    direct._p.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl {W} w:val="0"/>'))
    body = d.add_paragraph("戊", style="Heading 2")  # outline level 9 on the paragraph: body text
    body._p.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl {W} w:val="9"/>'))
    d.add_paragraph("己", style="Body Text")
    blocks = read_docx(_save(d, tmp_path / "styles.docx")).blocks
    assert [_key(b) for b in blocks] == [
        ("heading", "甲", 3),
        ("heading", "乙", 2),
        ("heading", "丙", 5),
        ("heading", "丁", 1),
        ("Paragraph", "戊"),
        ("Paragraph", "己"),
    ]


# -- fields and the table of contents ---------------------------------------------------------------


def _toc_entry_xml(style: str, title: str, page: str, *, begin: bool = False, end: bool = False) -> str:
    field_start = (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> TOC \\o "1-3" \\h \\z \\u </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        if begin
        else ""
    )
    field_end = '<w:r><w:fldChar w:fldCharType="end"/></w:r>' if end else ""
    return (
        f'<w:p {W}><w:pPr><w:pStyle w:val="{style}"/></w:pPr>{field_start}'
        f'<w:hyperlink w:anchor="_Toc1"><w:r><w:t>{title}</w:t></w:r><w:r><w:tab/></w:r>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> PAGEREF _Toc1 \\h </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f'<w:r><w:t>{page}</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
        f"</w:hyperlink>{field_end}</w:p>"
    )


def test_a_toc_field_word_has_filled(tmp_path: Path) -> None:
    d = docx.Document()
    d.add_paragraph("目录", style="TOC Heading")
    _body_xml(d, _toc_entry_xml("TOC1", "第一部分 部门概况", "2", begin=True))
    _body_xml(d, f'<w:p {W}><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>目录</w:t></w:r></w:p>')
    _body_xml(d, _toc_entry_xml("TOC2", "一、部门主要职能", "3"))
    _body_xml(d, _toc_entry_xml("TOC2", "二、部门机构设置", "12", end=True))
    d.add_heading("第一部分 部门概况", level=1)
    blocks = read_docx(_save(d, tmp_path / "toc.docx")).blocks
    assert blocks == [
        Heading("目录", 1, 1),
        TocEntry("第一部分 部门概况", "2", 2),
        Heading("目录", 1, 3),  # a heading inside the result is kept: only body text can be a placeholder
        TocEntry("一、部门主要职能", "3", 4),
        TocEntry("二、部门机构设置", "12", 5),
        Heading("第一部分 部门概况", 1, 6),
    ]


def test_an_unfilled_toc_field_gives_nothing(tmp_path: Path) -> None:
    d = docx.Document()
    _body_xml(
        d,
        f'<w:p {W}><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> TOC \\o "1-2" \\h \\z \\u </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>右键更新域以生成目录</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>',
    )
    d.add_paragraph("正文。")
    assert read_docx(_save(d, tmp_path / "toc.docx")).blocks == [Paragraph("正文。", 1)]


def test_toc_styled_paragraphs_without_a_field_and_leaders(tmp_path: Path) -> None:
    d = docx.Document()
    toc1 = d.styles.add_style("toc 1", WD_STYLE_TYPE.PARAGRAPH)
    d.add_paragraph("一、部门主要职能\t2", style=toc1)
    d.add_paragraph("二、部门机构设置", style=toc1)  # a TOC without page numbers (\n switch)
    assert read_docx(_save(d, tmp_path / "toc.docx")).blocks == [
        TocEntry("一、部门主要职能", "2", 1),
        TocEntry("二、部门机构设置", "", 2),
    ]


def test_a_toc_typed_by_hand(tmp_path: Path) -> None:
    d = docx.Document()
    d.add_paragraph("前言……不是目录，因为没有页码")
    d.add_paragraph("目 录", style="Heading 1")
    d.add_paragraph("第一部分 部门概况……………………2")
    d.add_paragraph("一、部门主要职能\t3")  # a tab stop draws the leader
    d.add_paragraph("二、部门机构设置……")
    d.add_paragraph("本部门负责全区文化工作。")
    d.add_paragraph("附件：预算表……………15")  # a leader and a page number anywhere
    assert [
        _key(b) if not isinstance(b, TocEntry) else b for b in read_docx(_save(d, tmp_path / "t.docx")).blocks
    ] == [
        ("Paragraph", "前言……不是目录，因为没有页码"),
        ("heading", "目 录", 1),
        TocEntry("第一部分 部门概况", "2", 3),
        TocEntry("一、部门主要职能", "3", 4),
        TocEntry("二、部门机构设置", "", 5),
        ("Paragraph", "本部门负责全区文化工作。"),
        TocEntry("附件：预算表", "15", 7),
    ]


def test_fields_tracked_changes_hidden_text_and_breaks(tmp_path: Path) -> None:
    d = docx.Document()
    _body_xml(
        d,
        f'<w:p {W}><w:r><w:t xml:space="preserve">见</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> HYPERLINK "http://example.org" </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>网站</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        '<w:del w:id="1" w:author="a"><w:r><w:delText>删掉的</w:delText></w:r></w:del>'
        '<w:ins w:id="2" w:author="a"><w:r><w:t>补上的</w:t></w:r></w:ins>'
        "<w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏的</w:t></w:r>"
        "<w:r><w:br/><w:t>第二行</w:t><w:br/><w:t>and more</w:t></w:r>"
        '<w:r><w:t xml:space="preserve"> text</w:t></w:r></w:p>',
    )
    (para,) = read_docx(_save(d, tmp_path / "fields.docx")).blocks
    assert para == Paragraph("见网站补上的第二行and more text", 1)


def test_text_box_text_is_reported_not_read(tmp_path: Path) -> None:
    d = docx.Document()
    _body_xml(
        d,
        f'<w:p {W} xmlns:v="urn:schemas-microsoft-com:vml"><w:r><w:t>正文</w:t></w:r>'
        "<w:r><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>框里</w:t></w:r></w:p>"
        "</w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>",
    )
    doc = read_docx(_save(d, tmp_path / "box.docx"))
    assert doc.blocks == [Paragraph("正文", 1)]
    assert len(doc.problems) == 1 and "文本框" in doc.problems[0]


# -- bad files -------------------------------------------------------------------------------------


def _bad_files(tmp: Path) -> dict[str, tuple[Path, str]]:
    """name → (file, a word the message must contain)."""
    out: dict[str, tuple[Path, str]] = {}
    empty = tmp / "空文件.docx"
    empty.write_bytes(b"")
    out["empty"] = (empty, "文件是空的")
    text = tmp / "其实是文本.docx"
    text.write_text("这不是 Word 文档\n", encoding="utf-8")
    out["not a zip"] = (text, "不是 Word 文档")
    other_zip = tmp / "普通压缩包.docx"
    with zipfile.ZipFile(other_zip, "w") as z:
        z.writestr("readme.txt", "hello")
    out["zip, not Word"] = (other_zip, "不是 Word 文档")
    workbook = tmp / "表格.docx"
    buffer = io.BytesIO()
    Workbook().save(buffer)
    workbook.write_bytes(buffer.getvalue())
    out["xlsx renamed"] = (workbook, "Excel")
    encrypted = tmp / "加密.docx"  # Word saves a password-protected .docx as OLE with an EncryptedPackage
    encrypted.write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\0" * 504
        + "EncryptedPackage".encode("utf-16-le")
        + b"\0" * 1024
    )
    out["encrypted"] = (encrypted, "加密")
    old = tmp / "旧版.docx"
    old.write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "WordDocument".encode("utf-16-le") + b"\0" * 512
    )
    out["old .doc renamed"] = (old, ".doc")
    good = io.BytesIO()
    docx.Document().save(good)
    truncated = tmp / "截断.docx"
    truncated.write_bytes(good.getvalue()[: len(good.getvalue()) // 2])
    out["truncated"] = (truncated, "损坏")
    broken = tmp / "正文损坏.docx"
    with zipfile.ZipFile(io.BytesIO(good.getvalue())) as src, zipfile.ZipFile(broken, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            dst.writestr(info, b"<w:document" if info.filename == "word/document.xml" else data)
    out["damaged XML"] = (broken, "损坏")
    macro = tmp / "宏.docx"
    main = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    with zipfile.ZipFile(io.BytesIO(good.getvalue())) as src, zipfile.ZipFile(macro, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "[Content_Types].xml":
                data = data.replace(main.encode(), b"application/vnd.ms-word.document.macroEnabled.main+xml")
            dst.writestr(info, data)
    out["macro-enabled"] = (macro, "启用宏")
    return out


BAD = [
    "macro-enabled",
    "empty",
    "not a zip",
    "zip, not Word",
    "xlsx renamed",
    "encrypted",
    "old .doc renamed",
    "truncated",
    "damaged XML",
]


@pytest.mark.parametrize("kind", BAD)
def test_bad_files_are_unreadable_input_naming_the_file(tmp_path: Path, kind: str) -> None:
    path, word = _bad_files(tmp_path)[kind]
    with pytest.raises(UnreadableInput) as info:
        read_docx(path)
    message = str(info.value)
    assert message.startswith(f"{path}：") and word in message.replace(str(path), "")
    with pytest.raises(UnreadableInput) as via_dispatch:
        read_document(path)
    assert str(via_dispatch.value) == str(info.value)


@pytest.mark.parametrize("kind", BAD)
def test_bad_files_through_the_command(tmp_path: Path, kind: str) -> None:
    path, word = _bad_files(tmp_path)[kind]
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 2
    assert isinstance(result.exception, SystemExit)  # typer.Exit, not a crash
    assert "Traceback" not in result.output
    assert f"错误：{path}：" in result.stderr and word in result.stderr.replace(str(path), "")


def test_binary_doc_is_refused_with_a_message_and_a_docx_named_doc_is_read(tmp_path: Path) -> None:
    old = tmp_path / "旧版.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2048)
    with pytest.raises(UnreadableInput) as info:
        read_document(old)
    assert str(info.value) == f"{old}：暂不支持旧版 Word（.doc）文件，请在 Word/WPS 中另存为 .docx 后再检查"
    d = docx.Document()
    d.add_paragraph("内容。")
    renamed = _save(d, tmp_path / "其实是新版.doc")
    assert read_document(renamed).blocks == [Paragraph("内容。", 1)]


def test_a_package_that_unpacks_too_large_is_refused(
    monkeypatch: pytest.MonkeyPatch, hand_made: Path
) -> None:
    from yusuan.read import docx as reader

    monkeypatch.setattr(reader, "_MAX_UNZIPPED", 1000)  # a real ZIP bomb would unpack to > 1 GiB
    with pytest.raises(UnreadableInput, match="解压后超过"):
        read_docx(hand_made)
