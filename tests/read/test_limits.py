"""Hostile input (issue 11, class 2): every bomb fails clearly, naming the file and the limit hit.

The hostile files are built here, small, in tmp_path; each test reads one and must end within a
few seconds and well under 1 GiB (measured before/after in the commit message)."""

from __future__ import annotations

import io
import os
import socket
import time
import zipfile
import zlib
from pathlib import Path

import docx
import pytest
from openpyxl import Workbook

from tests.support.minimal_pdf import pdf_from_objects
from yusuan.read import UnreadableInput, package, read_document
from yusuan.read.limits import LIMITS, MB, Limits

SECONDS = 15.0


def _refused(path: Path, *words: str) -> str:
    start = time.monotonic()
    with pytest.raises(UnreadableInput) as info:
        read_document(path)
    assert time.monotonic() - start < SECONDS
    message = str(info.value)
    assert str(path) in message, message
    for word in words:
        assert word in message, message
    return message


# -- only regular files ---------------------------------------------------------------------------


def test_fifo_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    _refused(fifo, "命名管道", "不是普通文件")


def test_device_refused(tmp_path: Path) -> None:
    link = tmp_path / "zero.txt"
    link.symlink_to("/dev/zero")
    _refused(link, "设备文件")


def test_directory_refused(tmp_path: Path) -> None:
    folder = tmp_path / "folder.pdf"
    folder.mkdir()
    _refused(folder, "目录")


def test_socket_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.txt"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.bind(str(path))
        _refused(path, "套接字")
    finally:
        sock.close()


def test_file_size_cap(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as f:  # sparse: nothing is written to disk
        f.truncate(LIMITS.file_bytes + 1)
    _refused(big, "文件大小", "上限", "200 MB")


# -- ZIP packages ---------------------------------------------------------------------------------


def _docx_bytes() -> bytes:
    out = io.BytesIO()
    d = docx.Document()
    d.add_paragraph("2024年部门预算")
    d.save(out)
    return out.getvalue()


def _rezip(data: bytes, change: dict[str, bytes | None], add: dict[str, bytes] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = change.get(info.filename, src.read(info))
            if body is not None:
                dst.writestr(info.filename, body)
        for member, body in (add or {}).items():
            dst.writestr(member, body)
    return out.getvalue()


def test_docx_zip_bomb_ratio(tmp_path: Path) -> None:
    path = tmp_path / "bomb.docx"
    path.write_bytes(_rezip(_docx_bytes(), {}, {"word/media/zeros.bin": bytes(4 * 1024 * 1024)}))
    _refused(path, "压缩比", "压缩炸弹", "上限")


def test_xlsx_inflated_size_streamed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A member whose ZIP directory understates its size is never inflated past what it declares:
    zipfile stops there and the package is refused as damaged (the cap is lowered to 8 MB here, so
    the 9 MB member would be past it too)."""
    monkeypatch.setattr(package, "LIMITS", Limits(unzipped_bytes=8 * MB))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/big.bin", os.urandom(9 * MB))  # incompressible: not the ratio check
    data = bytearray(out.getvalue())
    # the central directory says the member is 100 bytes; only inflating it shows the truth
    cd = data.rfind(b"PK\x01\x02")
    data[cd + 24 : cd + 28] = (100).to_bytes(4, "little")
    path = tmp_path / "huge.xlsx"
    path.write_bytes(bytes(data))
    _refused(path, "已损坏", "xl/big.bin")  # zipfile itself stops at the declared size


def test_declared_inflated_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(package, "LIMITS", Limits(unzipped_bytes=1 * MB))
    path = tmp_path / "declared.docx"
    path.write_bytes(_rezip(_docx_bytes(), {}, {"word/media/noise.bin": os.urandom(2 * MB)}))
    _refused(path, "解压后的大小", "上限", "1 MB")


def test_xml_entities_refused(tmp_path: Path) -> None:
    data = _docx_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        body = z.read("word/document.xml")
    lol = b'<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    body = body.replace(b"?>", b"?>" + lol, 1)
    path = tmp_path / "lol.docx"
    path.write_bytes(_rezip(data, {"word/document.xml": body}))
    _refused(path, "DOCTYPE", "实体")


def _xlsx(build, tmp_path: Path, name: str, patch: tuple[bytes, bytes] | None = None) -> Path:
    wb = Workbook()
    build(wb.active)
    out = io.BytesIO()
    wb.save(out)
    data = out.getvalue()
    if patch is not None:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            sheet = z.read("xl/worksheets/sheet1.xml")
        data = _rezip(data, {"xl/worksheets/sheet1.xml": sheet.replace(*patch)})
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_xlsx_merged_whole_sheet(tmp_path: Path) -> None:
    def build(ws) -> None:
        ws["A1"] = "收入预算总表"
        ws.merge_cells("A1:B2")

    path = _xlsx(build, tmp_path, "merged.xlsx", (b'ref="A1:B2"', b'ref="A1:XFD1048576"'))
    _refused(path, "合并单元格", "上限", "2,000,000")


def test_xlsx_column_xfd(tmp_path: Path) -> None:
    def build(ws) -> None:
        for r in range(1, 101):
            ws.cell(row=r, column=1, value=f"项目{r}")
            ws.cell(row=r, column=16384, value=r)

    path = _xlsx(build, tmp_path, "xfd.xlsx")
    _refused(path, "表格的大小", "16,384 列", "上限")


def test_xlsx_cells_per_sheet(tmp_path: Path) -> None:
    """A sheet with more cells than the cap is refused from its XML, before openpyxl builds them."""
    cells = b"".join(b'<c r="A%d"/>' % i for i in range(1, LIMITS.sheet_cells + 2))
    path = _xlsx(
        lambda ws: ws.__setitem__("A1", 1),
        tmp_path,
        "cells.xlsx",
        (b"<sheetData>", b"<sheetData><row>" + cells + b"</row>"),
    )
    _refused(path, "单元格数", "上限")


# -- DOCX -----------------------------------------------------------------------------------------


def test_docx_gridspan_bomb(tmp_path: Path) -> None:
    d = docx.Document()
    table = d.add_table(rows=1, cols=1)
    tr = table.rows[0]._tr
    tc = tr.tc_lst[0]
    from copy import deepcopy

    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    tc.get_or_add_tcPr().append(parse_xml(f'<w:gridSpan {nsdecls("w")} w:val="999"/>'))
    for _ in range(1100):
        tr.append(deepcopy(tc))
    path = tmp_path / "span.docx"
    d.save(str(path))
    _refused(path, "单元格数", "gridSpan", "上限")


def test_docx_gridspan_over_limit_is_one(tmp_path: Path) -> None:
    d = docx.Document()
    table = d.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "合计"
    table.cell(0, 1).text = "10"
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    table.rows[0]._tr.tc_lst[0].get_or_add_tcPr().append(
        parse_xml(f'<w:gridSpan {nsdecls("w")} w:val="99999999"/>')
    )
    path = tmp_path / "one.docx"
    d.save(str(path))
    rows = next(b for b in read_document(path).blocks if hasattr(b, "rows")).rows
    assert [c.text for c in rows[0]] == ["合计", "10"]


# -- HTML -----------------------------------------------------------------------------------------


def test_html_colspan_bomb(tmp_path: Path) -> None:
    path = tmp_path / "span.html"
    path.write_text(
        "<html><table><tr>"
        + '<td colspan="99" rowspan="99">1</td>' * 200
        + "</tr>"
        + "<tr><td>2</td></tr>" * 99
        + "</table></html>",
        encoding="utf-8",
    )
    _refused(path, "单元格数", "colspan", "上限")


def test_html_huge_span_is_one(tmp_path: Path) -> None:
    path = tmp_path / "one.html"
    path.write_text(
        '<html><table><tr><td colspan="1000000000">合计</td><td>1</td></tr></table></html>', encoding="utf-8"
    )
    rows = next(b for b in read_document(path).blocks if hasattr(b, "rows")).rows
    assert [c.text for c in rows[0]] == ["合计", "1"]


@pytest.mark.parametrize(
    "markup", ["<![x[", "<!x", "<![CDATA[", "</", "<a b='", "&#99999999999;", "<table><td colspan=x>"]
)
def test_html_parser_edges(tmp_path: Path, markup: str) -> None:
    path = tmp_path / "edge.html"
    path.write_text("<html><body><p>2024年</p>" + markup, encoding="utf-8")
    try:
        read_document(path)
    except UnreadableInput as exc:
        assert str(path) in str(exc)


# -- text -----------------------------------------------------------------------------------------


def test_text_line_cap(tmp_path: Path) -> None:
    path = tmp_path / "line.txt"
    path.write_text("预" * (LIMITS.line_chars + 1), encoding="utf-8")
    _refused(path, "单行长度", "12,000,000", "上限")


def test_text_210kb_line_of_years(tmp_path: Path) -> None:
    path = tmp_path / "years.md"
    path.write_text("# 目录\n\n" + "2024年" * 30_000, encoding="utf-8")
    start = time.monotonic()
    read_document(path)
    assert time.monotonic() - start < 3.0


def test_text_chars_cap(tmp_path: Path) -> None:
    path = tmp_path / "long.md"
    path.write_text(("预算\n" * (LIMITS.text_chars // 3 + 1)), encoding="utf-8")
    _refused(path, "文字长度", "上限")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_bom_is_read(tmp_path: Path, encoding: str) -> None:
    text = "# 2024年部门预算\n\n一、部门主要职能\n\n收入\t100\t200\n"
    bom = {"utf-16": b"", "utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}[encoding]
    path = tmp_path / "notepad.txt"
    path.write_bytes(bom + text.encode(encoding))
    doc = read_document(path)
    assert doc.blocks[0].text == "2024年部门预算"
    assert [c.text for c in doc.blocks[-1].rows[0]] == ["收入", "100", "200"]


@pytest.mark.parametrize(
    "line",
    [
        "." * 2048 + "x",
        "目录" + "." * 2048 + "x",
        "# " + " #" * 2000 + " x",
        "绩效指标名称" + "，" * 30 + "x",
        "2024年" * 30_000,
        "<b" * 20_000,
        "| " + "-" * 5000 + " x",
    ],
)
def test_text_regexes_are_bounded(tmp_path: Path, line: str) -> None:
    path = tmp_path / "dots.md"
    path.write_text("# 目录\n\n" + line + "\n" + line + "\n", encoding="utf-8")
    start = time.monotonic()
    read_document(path)
    assert time.monotonic() - start < 3.0


# -- PDF ------------------------------------------------------------------------------------------


_pdf = pdf_from_objects


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def tiny_pdf(text: bytes = b"2024 budget") -> bytes:
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            _stream(b"BT /F1 12 Tf 72 700 Td (" + text + b") Tj ET"),
            _FONT,
        ]
    )


def test_tiny_pdf_reads(tmp_path: Path) -> None:
    path = tmp_path / "tiny.pdf"
    path.write_bytes(tiny_pdf())
    assert "2024 budget" in read_document(path).blocks[0].text


def test_pdf_form_drawing_itself(tmp_path: Path) -> None:
    """The form XObject draws itself 20 times: PDFium's page parsing alone never ends."""
    form = b" ".join([b"q /X0 Do Q"] * 20) + b" BT /F1 12 Tf 10 10 Td (a) Tj ET"
    path = tmp_path / "self.pdf"
    path.write_bytes(
        _pdf(
            [
                b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Contents 4 0 R"
                b" /Resources << /XObject << /X0 5 0 R >> /Font << /F1 6 0 R >> >> >>",
                _stream(b"BT /F1 12 Tf 72 700 Td (Hello) Tj ET q /X0 Do Q"),
                _stream(
                    form,
                    b"/Type /XObject /Subtype /Form /BBox [0 0 600 800] /Resources << /XObject << /X0 5 0 R >> /Font << /F1 6 0 R >> >>",
                ),
                _FONT,
            ]
        )
    )
    _refused(path, "上限")


def test_pdf_page_count_cap(tmp_path: Path) -> None:
    count = LIMITS.pdf_pages + 1
    kids = b" ".join([b"3 0 R"] * count)
    path = tmp_path / "pages.pdf"
    path.write_bytes(
        _pdf(
            [
                b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % count,
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
                _stream(b"BT /F1 12 Tf 72 700 Td (a) Tj ET"),
                _FONT,
            ]
        )
    )
    _refused(path, "页数", "2,000", "上限")


def test_pdf_stream_inflating_to_gigabytes(tmp_path: Path) -> None:
    """A 1 MB Flate stream that inflates to about 1 GB: PDFium's memory is the child's budget."""
    packer = zlib.compressobj(9)
    block = b" " * (1 << 20)
    data = b"BT /F1 12 Tf 72 700 Td (a) Tj ET "
    body = packer.compress(data) + b"".join(packer.compress(block) for _ in range(600)) + packer.flush()
    path = tmp_path / "flate.pdf"
    path.write_bytes(
        _pdf(
            [
                b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
                _stream(body, b"/Filter /FlateDecode"),
                _FONT,
            ]
        )
    )
    try:
        read_document(path)  # PDFium may cap the stream itself; then the page reads
    except UnreadableInput as exc:
        assert str(path) in str(exc) and "上限" in str(exc)


def test_pdf_ruled_grid_cap(tmp_path: Path) -> None:
    """A 300 × 300 ruled grid (before the cap, 1000 × 1000 used the whole 50 s budget)."""
    n, size = 300, 3000.0
    step = size / n
    ops = b" ".join(
        b"0 %.2f m %.2f %.2f l S %.2f 0 m %.2f %.2f l S"
        % (i * step, size, i * step, i * step, i * step, size)
        for i in range(n + 1)
    )
    text = b" ".join(
        b"BT /F1 4 Tf %.2f %.2f Td (%d) Tj ET" % (i * step + 1, i * step + 1, i) for i in range(n)
    )
    path = tmp_path / "grid.pdf"
    path.write_bytes(
        _pdf(
            [
                b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 3000 3000] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
                _stream(b"0.5 w " + ops + b" " + text),
                _FONT,
            ]
        )
    )
    _refused(path, "网格大小", "300 行 × 300 列", "50,000", "上限")


def test_pdf_characters_per_page_cap(tmp_path: Path) -> None:
    line = b"(" + b"1" * 1000 + b") Tj 0 -1 Td "
    path = tmp_path / "chars.pdf"
    path.write_bytes(
        _pdf(
            [
                b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
                _stream(b"BT /F1 1 Tf 0 790 Td " + line * 201 + b"ET"),
                _FONT,
            ]
        )
    )
    _refused(path, "第 1 页的字符数", "200,000", "上限")


def test_docx_leader_regex_is_bounded(tmp_path: Path) -> None:
    d = docx.Document()
    d.add_heading("目录", 1)
    for line in ("." * 2048 + "x", "目录" + "…" * 2048 + "x", "绩效指标" + "，" * 30 + "x"):
        d.add_paragraph(line)
    path = tmp_path / "dots.docx"
    d.save(str(path))
    start = time.monotonic()
    read_document(path)
    assert time.monotonic() - start < 3.0


def test_every_limit_is_documented() -> None:
    """Like an undocumented setting: a budget added to Limits without saying what it bounds and why
    its number fails here."""
    import dataclasses

    from yusuan.read import limits

    doc = limits.__doc__ or ""
    missing = [f.name for f in dataclasses.fields(Limits) if f"``{f.name}``" not in doc]
    assert missing == []
