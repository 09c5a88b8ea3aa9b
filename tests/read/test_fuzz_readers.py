"""Fuzz every reader (issue 11): whatever the bytes, reading returns a Document or raises
UnreadableInput naming the file — never another exception, a hang or a crash.

Each test mutates a small valid file of its format (built here) with hypothesis, within a fixed
example budget and no deadline, so the default run stays short (a few seconds per test)."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from yusuan.model import Document
from yusuan.read import UnreadableInput, read_document

from .test_limits import tiny_pdf

SETTINGS = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
)


def _docx_seed() -> bytes:
    d = docx.Document()
    d.add_heading("2024年部门预算", 1)
    d.add_paragraph("一、部门主要职能")
    t = d.add_table(rows=2, cols=2)
    t.cell(0, 0).text, t.cell(0, 1).text = "项目", "金额"
    t.cell(1, 0).text, t.cell(1, 1).text = "合计", "10.00"
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def _xlsx_seed() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(["收入预算总表"])
    ws.append(["项目", "金额"])
    ws.append(["合计", 10])
    ws.merge_cells("A1:B1")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


TEXT_SEED = "# 2024年部门预算\n\n目录……1\n\n收入\t100\t200\n| a | b |\n|---|---|\n<table><tr><td colspan=2>合计</td></tr></table>\n".encode()
HTML_SEED = (
    '<html><body><h1>2024年部门预算</h1><table><tr><td rowspan="2">合计</td><td colspan="2">1</td></tr>'
    "<tr><td>2</td></tr></table><nav><li>目录</li></nav><![CDATA[x]]></body></html>"
).encode()
CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
REAL_PDF = CORPUS / "national" / "2019_jiangsu_prov_rendachangweihui_bangongting_dept_budget.pdf"
TEMPLATE = CORPUS / "shanghai" / "templates" / "2026_putuo_unit_budget_template.xls"
SEEDS = {
    "md": TEXT_SEED,
    "html": HTML_SEED,
    "docx": _docx_seed(),
    "xlsx": _xlsx_seed(),
    "pdf": tiny_pdf(),
    "real_pdf": REAL_PDF.read_bytes() if REAL_PDF.exists() else b"",
    "xls": TEMPLATE.read_bytes() if TEMPLATE.exists() else b"",
}

TOKENS = {
    "md": [
        b"#",
        b"\t",
        b"|",
        b"...",
        b"\xef\xbb\xbf",
        b"\xff\xfe",
        b"<table>",
        b"</table>",
        b"\x00",
        "，".encode(),
    ],
    "html": [
        b"<![x[",
        b"<!",
        b"</",
        b'colspan="99999"',
        b"&#0;",
        b"<table>",
        b"<tr>",
        b"<td>",
        b"<nav>",
        b"<script>",
    ],
    "docx": [b"PK\x03\x04", b"\x00", b"\xff" * 4],
    "xlsx": [b"PK\x03\x04", b"\x00", b"\xff" * 4],
    "xls": [b"\x00" * 8, b"\xff" * 8, b"\x09\x08", b"\xe5\x00"],
    "real_pdf": [b"obj", b"endobj", b"/Form", b"stream", b"%%EOF", b"0 R"],
    "pdf": [b"obj", b"endobj", b"/Form", b"stream", b"/Length 999999", b"%%EOF", b"0 R", b"/Count 9999"],
}


@st.composite
def mutated(draw: st.DrawFn, kind: str) -> bytes:
    data = bytearray(SEEDS[kind])
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["flip", "insert", "delete", "token", "truncate"]))
        pos = draw(st.integers(0, max(0, len(data) - 1)))
        if op == "flip" and data:
            data[pos] = draw(st.integers(0, 255))
        elif op == "insert":
            data[pos:pos] = draw(st.binary(min_size=1, max_size=16))
        elif op == "delete":
            del data[pos : pos + draw(st.integers(1, 64))]
        elif op == "token":
            data[pos:pos] = draw(st.sampled_from(TOKENS[kind]))
        elif op == "truncate":
            del data[pos:]
    return bytes(data)


def _read(tmp_path: Path, suffix: str, data: bytes) -> None:
    path = tmp_path / f"fuzz.{suffix}"
    path.write_bytes(data)
    try:
        doc = read_document(path)
    except UnreadableInput as exc:
        assert str(path) in str(exc)
    else:
        assert isinstance(doc, Document)


@SETTINGS
@given(data=mutated("md"))
def test_fuzz_text(tmp_path: Path, data: bytes) -> None:
    _read(tmp_path, "md", data)


@SETTINGS
@given(data=mutated("html") | st.binary(max_size=512).map(lambda b: b"<html>" + b))
def test_fuzz_html(tmp_path: Path, data: bytes) -> None:
    _read(tmp_path, "html", data)


@SETTINGS
@given(data=mutated("docx"))
def test_fuzz_docx(tmp_path: Path, data: bytes) -> None:
    _read(tmp_path, "docx", data)


@SETTINGS
@given(data=mutated("xlsx"))
def test_fuzz_xlsx(tmp_path: Path, data: bytes) -> None:
    _read(tmp_path, "xlsx", data)


@settings(SETTINGS, max_examples=80)
@given(data=mutated("pdf"))
def test_fuzz_pdf(tmp_path: Path, data: bytes) -> None:
    _read(tmp_path, "pdf", data)


@pytest.mark.skipif(not REAL_PDF.exists(), reason="corpus absent")
@settings(SETTINGS, max_examples=12)
@given(data=mutated("real_pdf"))
def test_fuzz_real_pdf(tmp_path: Path, data: bytes) -> None:
    _read(tmp_path, "pdf", data)


@pytest.mark.skipif(not TEMPLATE.exists(), reason="template absent")
@settings(SETTINGS, max_examples=40)
@given(data=mutated("xls"))
def test_fuzz_xls(tmp_path: Path, data: bytes) -> None:
    _read(tmp_path, "xls", data)
