"""Legacy .xls within the budget (issue 11 class 2): xlrd loads a whole workbook before anything
can be counted, so the BIFF records are counted first (yusuan.read.xlsx._XlsScan) and the workbook
is read in the child process of yusuan.read.isolate. Each hostile file is built here, a few KB to
2 MB, with tests/read/xls_writer.py. The cells of all the sheets of an .xlsx are bounded the same
way (workbook_cells) before openpyxl builds them.

Measured before this check (xlrd with rows padded to the widest): 8 sheets each with one number at
IV65536, a 5.6 KB file, took 19.0 s and 1.64 GB before it was refused; one merged range over a
whole sheet 2.8 s and 250 MB. After: refused in about a second, under 60 MB."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest
from openpyxl import Workbook

from tests.read import xls_writer as w
from yusuan.model import Heading, Paragraph, TableBlock
from yusuan.read import UnreadableInput, isolate, package, read_document, xlsx
from yusuan.read.limits import MB, Limits


def _write(tmp_path: Path, data: bytes, name: str = "hostile.xls") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _refused(path: Path, *words: str) -> str:
    with pytest.raises(UnreadableInput) as info:
        read_document(path)
    message = str(info.value)
    assert message.startswith(f"{path}："), message
    for word in words:
        assert word in message, message
    return message


def test_a_small_written_workbook_reads(tmp_path: Path) -> None:
    """The writer's output is an .xls the reader reads, so the refusals below are about size."""
    sheet = w.Sheet("收支总表", rows=3, columns=2).string(0, 0, 0).string(1, 0, 1).number(1, 1, 1234.5)
    sheet.string(2, 0, 2).number(2, 1, 66.0)
    doc = read_document(
        _write(tmp_path, w.xls([sheet], ["项目", "工资福利支出", "商品和服务支出"]), "ok.xls")
    )
    assert (
        isinstance(doc.blocks[0], Heading) and doc.blocks[0].text == "项目"
    )  # one cell in a row: its caption
    assert isinstance(doc.blocks[1], TableBlock)
    assert [[c.text for c in row] for row in doc.blocks[1].rows] == [
        ["工资福利支出", "1234.5"],
        ["商品和服务支出", "66"],
    ]


def test_one_cell_far_down_is_not_padded(tmp_path: Path) -> None:
    """A number at IV65536 of each of three sheets: rows are kept as long as their cells (xlrd
    padded all 65,536 rows to 256 columns before, 16.7 million cells a sheet) and it reads."""
    sheets = [w.Sheet(f"表{i}", rows=65536, columns=256).number(65535, 255, 7.0 + i) for i in range(3)]
    doc = read_document(_write(tmp_path, w.xls(sheets)))
    assert [(b.text, b.page, b.line) for b in doc.blocks if isinstance(b, Paragraph)] == [
        ("7", 1, 65536),
        ("8", 2, 65536),
        ("9", 3, 65536),
    ]


def test_rows_far_down_on_many_sheets(tmp_path: Path) -> None:
    sheets = [w.Sheet(f"表{i}", rows=65536, columns=256).number(65535, 255, 1.0) for i in range(8)]
    message = _refused(_write(tmp_path, w.xls(sheets)), "单元格范围", "2,000,000")
    assert "工作表「表3」" in message  # the fourth sheet passes the workbook's bound: 4 × 65,536 rows × 8


def test_cells_of_one_sheet(tmp_path: Path) -> None:
    sheet = w.Sheet("明细", rows=4000, columns=256)
    for row in range(4000):  # 1,024,000 formatted empty cells, 2 MB
        sheet.blanks(row, 0, 255)
    _refused(_write(tmp_path, w.xls([sheet])), "工作表「明细」的单元格数", "1,000,000")


def test_merged_range_over_a_whole_sheet(tmp_path: Path) -> None:
    sheet = w.Sheet("封面", rows=1, columns=1).number(0, 0, 1.0).merged([(0, 65535, 0, 255)])
    _refused(_write(tmp_path, w.xls([sheet])), "工作表「封面」合并单元格覆盖的面积", "2,000,000")


def test_shared_strings_declared(tmp_path: Path) -> None:
    table = w.record(w.SST, struct.pack("<II", 0xFFFFFFFF, 0xFFFFFFFF) + b"\x01\x00\x01a\x00")
    sheet = w.Sheet("表", rows=1, columns=1).string(0, 0, 0)
    _refused(_write(tmp_path, w.xls([sheet], raw_sst=table)), "共享字符串表", "4,294,967,295")


def test_format_records(tmp_path: Path) -> None:
    extra = w.CELL_FORMAT * 70_000  # 1.7 MB of cell formats; xlrd builds five objects for each
    sheet = w.Sheet("表", rows=1, columns=1).number(0, 0, 1.0)
    _refused(_write(tmp_path, w.xls([sheet], extra=extra)), "格式记录数", "65,536")


def test_records(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The record count bounds xlrd's time (about 3 µs a record); 2,000,000 records need more than
    this writer's 7 MB, so the limit is lowered here."""
    monkeypatch.setattr(xlsx, "LIMITS", Limits(xls_records=20_000))
    sheet = w.Sheet("表", rows=30_000, columns=1)
    for row in range(25_000):
        sheet.number(row, 0, float(row))
    _refused(_write(tmp_path, w.xls([sheet])), "工作簿的记录数", "20,000")


def test_what_the_counts_miss_is_bounded_by_the_child(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The workbook is read in the child process: with its memory budget lowered below what the
    three far-down sheets above need (about 60 MB), the read is refused, naming the file."""
    monkeypatch.setattr(isolate, "LIMITS", Limits(child_memory=16 * MB))
    sheets = [w.Sheet(f"表{i}", rows=65536, columns=256).number(65535, 255, 1.0) for i in range(3)]
    _refused(_write(tmp_path, w.xls(sheets)), "Excel 文件", "内存")


def test_refusal_leaves_other_workbooks_readable(tmp_path: Path) -> None:
    bomb = _write(tmp_path, w.xls([w.Sheet("S", rows=1, columns=1).merged([(0, 65535, 0, 255)] * 2)]))
    _refused(bomb, "合并单元格")
    good = w.xls([w.Sheet("表", rows=1, columns=1).number(0, 0, 3.0)])
    assert [
        b.text for b in read_document(_write(tmp_path, good, "good.xls")).blocks if isinstance(b, Paragraph)
    ] == ["3"]


def test_xlsx_cells_over_all_sheets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each sheet within its own bound, the workbook past the total (lowered here: 2,000,000 cells
    is a 30 MB workbook); openpyxl is never reached."""
    monkeypatch.setattr(package, "LIMITS", Limits(workbook_cells=1_000))
    book = Workbook()
    for k in range(3):
        sheet = book.active if k == 0 else book.create_sheet(f"表{k}")
        assert sheet is not None
        for row in range(40):
            sheet.append([float(row * 10 + c) for c in range(10)])  # 400 cells a sheet
    path = tmp_path / "wide.xlsx"
    book.save(path)
    _refused(path, "工作簿各工作表的单元格总数", "1,000")
    monkeypatch.setattr(package, "LIMITS", Limits(workbook_cells=1_200))
    assert read_document(path).blocks  # 1,200 cells: read
