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
