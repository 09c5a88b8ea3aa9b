"""Small PDFs for the PDF reader's tests, typeset with Typst from literal sources (no yusuan code).

Every text is literal Typst markup written here; fonts are Debian's Noto CJK (fonts-noto-cjk).
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import typst

FONT_DIRS = [str(p) for p in (Path("/usr/share/fonts/opentype/noto"), Path("/usr/share/fonts")) if p.is_dir()]

_PREAMBLE = """
#set page(paper: "a4", margin: 2.5cm, footer: context align(center, text(size: 10pt)[第 #counter(page).display() 页]))
#set text(font: "Noto Serif CJK SC", size: 12pt, lang: "zh", region: "cn", cjk-latin-spacing: none)
#set par(justify: true, leading: 0.8em, spacing: 0.8em, first-line-indent: (amount: 2em, all: true))
#show heading: set text(font: "Noto Sans CJK SC", weight: "bold")
#show heading.where(level: 1): set text(size: 18pt)
#show heading.where(level: 2): set text(size: 15pt)
#set table(stroke: 0.5pt + black, inset: (x: 3pt, y: 3.5pt))
#show table: set text(size: 10pt)
#show table: set par(justify: false)
"""

LONG_PARAGRAPH = (
    "2025年，本部门收入预算6,317.22万元，其中：财政拨款收入6,312.22万元，比2024年预算增加285.63万元；"
    "事业收入0.00万元；事业单位经营收入0.00万元；其他收入5.00万元。支出预算6,317.22万元，"
    "主要用于保障机构正常运转和完成年度重点工作任务，并按规定安排各项项目支出。"
)

# (类, 款, 项, 名称, 合计, 财政拨款, 其他): split codes, amounts with and without separators, empty cells
INCOME_ROWS = [
    ("201", "", "", "一般公共服务支出", "1,234,567.89", "1,234,567.89", ""),
    ("201", "03", "", "政府办公厅（室）及相关机构事务", "1,234,567.89", "1,234,567.89", ""),
    ("201", "03", "01", "行政运行", "1234567.89", "1234567.89", ""),
    ("208", "", "", "社会保障和就业支出", "50,000.00", "", "50,000.00"),
    ("208", "05", "05", "机关事业单位基本养老保险缴费支出", "50,000.00", "", "50,000.00"),
]


def compile_pdf(source: str) -> bytes:
    pdf = typst.compile(source.encode("utf-8"), format="pdf", font_paths=FONT_DIRS, ignore_system_fonts=True)
    assert isinstance(pdf, bytes)
    return pdf


def _cells(values: tuple[str, ...]) -> str:
    return ", ".join(f"[{v}]" for v in values)


def sample_document() -> bytes:
    """Headings of three sizes, a wrapped paragraph, a captioned table with merged header cells and
    split codes, a note, and a table running over three pages with its header repeated."""
    income = ",\n  ".join(_cells(r) for r in INCOME_ROWS)
    long_rows = ",\n  ".join(_cells((f"{i:03d}", f"第{i}项支出", f"{i * 1000:,}.00")) for i in range(1, 91))
    return compile_pdf(
        _PREAMBLE
        + f"""
#align(center, text(size: 26pt, weight: "bold", font: "Noto Sans CJK SC")[2025年度测试部门预算])
#pagebreak()
= 一、部门预算编制说明
{LONG_PARAGRAPH}

第二段只有一行。

== （一）收入预算总表
#align(center)[2025年部门收入预算总表]
#align(right, text(size: 10.5pt)[单位：元])
#table(
  columns: (1fr, 1fr, 1fr, 4fr, 2.4fr, 2.4fr, 2.4fr),
  table.header(
    table.cell(colspan: 3)[功能分类科目编码], table.cell(rowspan: 2)[功能分类科目名称],
    table.cell(colspan: 3)[收入预算],
    [类], [款], [项], [合计], [财政拨款收入], [其他收入],
  ),
  {income},
  [], [], [], [合计], [1,284,567.89], [1,234,567.89], [50,000.00],
)
#par(first-line-indent: 0em, text(size: 10.5pt)[注：本表不含上年结转。])

== （二）项目支出明细表
#align(center)[2025年项目支出明细表]
#table(
  columns: (1fr, 3fr, 2fr),
  table.header([编码], [项目名称], [金额]),
  {long_rows},
)
#par(first-line-indent: 0em)[注：本表共九十行。]
"""
    )


def sideways_table() -> bytes:
    """A captioned table turned a quarter (drawn with rotated text) on a portrait page."""
    return compile_pdf(
        _PREAMBLE
        + """
#rotate(-90deg, reflow: true)[
#align(center)[2025年部门收入预算总表]
#table(columns: (2fr, 5fr, 3fr), [编码], [科目名称], [金额],
  [201], [一般公共服务支出], [1,234.50], [208], [社会保障和就业支出], [99.00])
]
"""
    )


def image_only_pdf() -> bytes:
    """One page showing only a picture (a scan without OCR) and a frame: no text at all."""
    png = _png(40, 20)
    return typst.compile(
        f"""
#set page(paper: "a5", numbering: none)
#rect(width: 5cm, height: 3cm)
#image(bytes(({", ".join(map(str, png))},)), width: 8cm)
""".encode(),
        format="pdf",
        font_paths=FONT_DIRS,
        ignore_system_fonts=True,
    )


def partly_scanned_pdf() -> bytes:
    """A page of text, then a page that is only a picture."""
    png = _png(40, 20)
    return compile_pdf(
        _PREAMBLE
        + f"""
= 一、部门主要职能
{LONG_PARAGRAPH}
#pagebreak()
#image(bytes(({", ".join(map(str, png))},)), width: 8cm)
"""
    )


def blank_pdf() -> bytes:
    """A page with a rectangle and no text."""
    pdf = typst.compile(b'#set page(paper: "a5")\n#rect(width: 4cm, height: 2cm)\n', format="pdf")
    assert isinstance(pdf, bytes)
    return pdf


def _png(width: int, height: int) -> bytes:
    """A grey gradient PNG, written by hand (no imaging library needed)."""
    raw = b"".join(b"\x00" + bytes((x * 6 + y) % 256 for x in range(width)) for y in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def encrypted_pdf() -> bytes:
    """A one-page PDF protected by a user password (standard security handler, revision 2): its
    /U entry does not match the empty password, so a reader must ask for one."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
        b"<< /Filter /Standard /V 1 /R 2 /P -4 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Encrypt 4 0 R /ID [<" % (len(objects) + 1)
    out += b"ab" * 16 + b"> <" + b"ab" * 16 + b">] >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def many_pages(pages: int) -> bytes:
    """A long PDF: one table per page and a paragraph, for memory and speed checks."""
    body = "\n".join(
        f"== 第{p}节\n{LONG_PARAGRAPH}\n#table(columns: 3, [编码], [名称], [金额], "
        + ", ".join(f"[{p}{i:02d}], [项目{i}], [{i * 137:,}.50]" for i in range(12))
        + ")\n#pagebreak()"
        for p in range(1, pages + 1)
    )
    return compile_pdf(_PREAMBLE + body)


def long_budget(pages: int) -> bytes:
    """Exactly ``pages`` pages: a budget title on the first, then one captioned table of amounts
    per page (no empty page at the end), for robustness checks of the whole command."""
    body = "\n#pagebreak()\n".join(
        f"#align(center)[2025年项目支出预算明细表（{p}）]\n#align(right)[单位：元]\n"
        "#table(columns: (1fr, 3fr, 2fr), [编码], [项目名称], [金额], "
        + ", ".join(f"[{p}{i:02d}], [项目{i}], [{i * 137:,}.50]" for i in range(12))
        + ")"
        for p in range(1, pages)
    )
    return compile_pdf(_PREAMBLE + f"= 2025年度测试部门预算\n{LONG_PARAGRAPH}\n#pagebreak()\n" + body)


# -- one table in four drawings: ruled, no rules, vertical rules only, three-line ------------------

# Typst table strokes by drawing; LAST is replaced by the index of the table's last row
TABLE_STROKES = {
    "ruled": "0.5pt + black",
    "none": "none",
    "vertical": "(x, y) => (x: 0.5pt + black, top: if y == 0 { 0.5pt + black }, "
    "bottom: if y == LAST { 0.5pt + black })",
    "three_line": "(x, y) => (top: if y <= 1 { 0.5pt + black }, bottom: if y == LAST { 0.5pt + black })",
}

GPB_HEADER = ("科目编码", "科目名称", "合计", "基本支出", "项目支出")
GPB_TOTAL = ("合计", "1,284,567.89", "1,034,567.89", "250,000.00")  # its label spans code and name
# (code, name, 合计, 基本支出, 项目支出): 类/款/项 codes, names that wrap in their cell, empty cells
GPB_ROWS = [
    ("201", "一般公共服务支出", "1,234,567.89", "984,567.89", "250,000.00"),
    ("20103", "政府办公厅（室）及相关机构事务", "1,234,567.89", "984,567.89", "250,000.00"),
    ("2010301", "行政运行", "984,567.89", "984,567.89", ""),
    ("2010350", "事业运行", "250,000.00", "", "250,000.00"),
    ("208", "社会保障和就业支出", "50,000.00", "50,000.00", ""),
    ("20805", "行政事业单位养老支出", "50,000.00", "50,000.00", ""),
    ("2080505", "机关事业单位基本养老保险缴费支出", "50,000.00", "50,000.00", ""),
]


def drawn_table(
    drawing: str,
    header: tuple[str, ...],
    rows: list[tuple[str, ...]],
    widths: str,
    *,
    words: int = 2,
    valign: str = "top",
    total: tuple[str, ...] | None = None,
) -> str:
    """Typst markup of a table drawn as ``drawing`` (a key of TABLE_STROKES): the header centred,
    the first ``words`` columns flush left, the others (amounts) flush right, cells aligned
    ``valign`` (top, horizon: centred as Excel sets them, bottom); ``total`` is a first row whose
    label spans the first two columns. A backslash in a cell's text is a line break typed there."""
    last = len(rows) + (1 if total else 0)
    stroke = TABLE_STROKES[drawing].replace("LAST", str(last))
    body = [_cells(r) for r in rows]
    if total:
        body.insert(0, f"table.cell(colspan: 2)[{total[0]}], {_cells(total[1:])}")
    cells = ",\n  ".join(body)
    return f"""#table(
  columns: {widths},
  stroke: {stroke},
  align: (x, y) => if y == 0 {{ center + horizon }} else if x < {words} {{ left + {valign} }} else {{ right + {valign} }},
  table.header({_cells(header)}),
  {cells},
)"""


def table_page(
    table: str, caption: str = "2025年部门一般公共预算支出功能分类预算表", note: str = "注：本表为测试数据。"
) -> bytes:
    """A page with a paragraph, a caption, 编制部门 and 单位 lines, ``table``, a note and a paragraph."""
    return compile_pdf(
        _PREAMBLE
        + f"""
= 2025年度测试部门预算
{LONG_PARAGRAPH}

#align(center)[{caption}]
#grid(columns: (1fr, 1fr), align(left, text(size: 10.5pt)[编制部门：测试部门]), align(right, text(size: 10.5pt)[单位：元]))
{table}
#par(first-line-indent: 0em, text(size: 10.5pt)[{note}])

第二段说明文字。
"""
    )


def gpb_table(drawing: str, valign: str = "top") -> bytes:
    """A captioned 一般公共预算支出功能分类预算表 (code | name | 合计 | 基本支出 | 项目支出 with a 合计
    row whose label spans code and name) drawn as ``drawing``, between paragraphs; two names wrap
    in their cell."""
    widths = "(1.3fr, 3fr, 2fr, 2fr, 2fr)"
    return table_page(drawn_table(drawing, GPB_HEADER, GPB_ROWS, widths, valign=valign, total=GPB_TOTAL))


SUMMARY_HEADER = ("收入项目", "预算数", "支出项目", "预算数")
# a two-sided summary: a side without an amount, a row with only its right side
SUMMARY_ROWS = [
    ("一、财政拨款收入", "1,000.00", "一、一般公共服务支出", "800.00"),
    ("二、事业收入", "", "二、社会保障和就业支出", "150.00"),
    ("三、其他收入", "50.00", "三、卫生健康支出", "100.00"),
    ("", "", "四、住房保障支出", ""),
    ("收入总计", "1,050.00", "支出总计", "1,050.00"),
]


def summary_table(drawing: str) -> bytes:
    """A two-sided 收支预算总表 (label | amount | label | amount) drawn as ``drawing``."""
    table = drawn_table(drawing, SUMMARY_HEADER, SUMMARY_ROWS, "(3fr, 2fr, 3fr, 2fr)", words=1)
    table = table.replace("else if x < 1 {", "else if calc.even(x) {")  # labels in columns 0 and 2
    return table_page(table, caption="2025年部门财务收支预算总表")


def long_table(drawing: str, rows: int = 80) -> bytes:
    """A table of ``rows`` rows running over pages (two for 80), its header repeated on each."""
    body = [
        (
            f"{201 + i // 10}{i % 10:02d}",
            f"第{i}项支出",
            f"{i * 1234:,}.00",
            f"{i * 1000:,}.00",
            f"{i * 234:,}.00",
        )
        for i in range(1, rows + 1)
    ]
    return table_page(drawn_table(drawing, GPB_HEADER, body, "(1.3fr, 3fr, 2fr, 2fr, 2fr)"))


def broken_cells_table() -> bytes:
    """A ruled table whose names are broken over two lines by hand: each is still one row."""
    rows = [
        ("301", "其中：\\ 工资福利支出", "100.00", "100.00", ""),
        ("302", "商品和\\ 服务支出", "20.50", "", "20.50"),
        ("303", "对个人和家庭的补助", "3.00", "3.00", ""),
    ]
    return table_page(drawn_table("ruled", GPB_HEADER, rows, "(1.3fr, 3fr, 2fr, 2fr, 2fr)"))


PROSE_WITH_NUMBERS = [
    "2025年，本部门收入预算1,212.12万元，比2023年增加0.46万元，主要原因是人员变动。",
    "其中：财政拨款收入1,200.00万元，比2024年减少3.50万元；其他收入12.12万元，与上年持平。",
    "支出预算1,212.12万元，其中：基本支出1,000.00万元，项目支出212.12万元。",
]


def prose_with_numbers() -> bytes:
    """A page of prose full of amounts and years: paragraphs, lines of amounts set apart by spaces,
    the labels of a bar chart scattered over a figure with its axis, and a contents list in two
    columns; none of it is a table."""
    paras = "\n\n".join(PROSE_WITH_NUMBERS)
    spaced = "\n\n".join(
        f"#par(first-line-indent: 0em)[{a}.00 万元 比 2024年 增加 {b}.50 万元]"
        for a, b in ((100, 3), (200, 4), (300, 5))
    )
    labels = "\n".join(
        f"#place(top + left, dx: {30 + 60 * i}pt, dy: {120 - 17 * ((i * 7) % 5)}pt, text(size: 9pt)[{(i + 1) * 123.45:,.2f}])\n"
        f"#place(top + left, dx: {45 + 60 * i}pt, dy: {105 - 19 * ((i * 3) % 4)}pt, text(size: 9pt)[{(i + 2) * 77.1:,.2f}])"
        for i in range(7)
    )
    axis = (
        "#place(top + left, dy: 150pt, text(size: 9pt)[0#h(3em)200#h(3em)400#h(3em)600#h(3em)800#h(3em)1000])"
    )
    contents = "\n\n".join(
        f"#par(first-line-indent: 0em)[{a}#h(4em){n}#h(6em){b}#h(4em){n + 1}]"
        for a, b, n in (
            ("一、部门主要职能", "二、机构设置", 3),
            ("三、收支总体情况", "四、收入情况", 5),
            ("五、支出情况", "六、三公经费", 7),
        )
    )
    return compile_pdf(
        _PREAMBLE
        + f"""
= 一、收支预算总体情况
{paras}

{spaced}

#block(height: 170pt, width: 100%)[
{labels}
{axis}
]
{contents}
"""
    )


def empty_table(drawing: str) -> bytes:
    """An empty 政府性基金 table drawn as ``drawing``: its header and a 合计 row without amounts, and a
    note that the table is empty."""
    table = drawn_table(drawing, GPB_HEADER, [], "(1.3fr, 3fr, 2fr, 2fr, 2fr)", total=("合计", "", "", ""))
    return table_page(
        table.replace("  ,\n)", ")"),
        caption="2025年部门政府性基金预算支出功能分类预算表",
        note="注：本部门2025年无政府性基金预算财政拨款安排的预算，故本表为空表。",
    )
