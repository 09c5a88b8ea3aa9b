"""The budgets every reader keeps to, so that a hostile or broken file fails clearly and quickly.

One frozen dataclass, one default instance (``LIMITS``). A reader that hits a limit raises
UnreadableInput with a Chinese message naming the file and the limit (``over(...)``), never a
MemoryError, a hang or a traceback. The defaults are far above any real disclosure: the largest
file of the national, Shanghai and Fujian corpora is a 301-page PDF of a few MB; the largest
workbook has a few thousand filled cells per sheet.

What each limit bounds, and why this number:

* ``file_bytes`` (200 MB): bytes read from disk for any format. Only regular files are read
  (a FIFO, a device such as /dev/zero, a socket or a directory is refused before it is opened).
* ``unzipped_bytes`` (256 MB) and ``unzip_ratio`` (200): a .docx/.xlsx package's members, both
  as declared in the ZIP directory and as actually inflated (checked while inflating); a member
  that inflates more than ``unzip_ratio`` times its compressed size and past 1 MB is a ZIP bomb.
* XML: a DOCTYPE (entity definitions, "billion laughs", external entities) in a package part is
  refused outright – Office never writes one. Nesting is bounded by libxml2's own default depth
  limit (python-docx parses without ``huge_tree``) and openpyxl's non-recursive iterparse; a
  RecursionError while walking a .docx body becomes UnreadableInput.
* ``pdf_pages`` (2,000), ``pdf_page_chars`` (200,000), ``pdf_chars`` (5,000,000),
  ``pdf_page_objects`` (200,000: objects walked per page, form XObjects opened up included),
  ``pdf_page_seconds`` (20 s of reading per page), ``pdf_page_rules`` (4,000 ruling lines per page,
  after joining collinear pieces: every horizontal is compared with every vertical) and
  ``pdf_grid_cells`` (50,000 cells in one ruled grid: a 1000×1000 grid took the whole 50 s
  budget; a real table has a few thousand at most).
* ``sheets`` (256), ``sheet_cells`` (1,000,000 cells stored in a sheet's XML, counted before
  openpyxl builds them), ``merged_cells`` (2,000,000: the area merged ranges of one sheet cover,
  measured from the XML before openpyxl expands each range cell by cell); a table read from a
  sheet is at most ``table_cells`` (a cell in column XFD makes a table 16,384 columns wide).
* ``workbook_cells`` (2,000,000): the cells of all the sheets of a workbook, counted before the
  Excel library builds them (openpyxl and xlrd build an object or more for each; 12 sheets of
  990,000 cells, a 40 MB .xlsx, ran into the child's 50 s budget).
* Legacy .xls (xlrd loads the whole workbook at once, so it is measured first, record by record,
  in yusuan.read.xlsx): ``xls_records`` (2,000,000 BIFF records: xlrd spends about 3 µs on each),
  ``sheet_cells`` per sheet and ``workbook_cells`` over the workbook, counting the cells xlrd
  stores (a row as long as its last cell), each row it creates as 8 cells (a cell at row 65,536
  of 256 sheets was 16 million rows) and the merged area, strings of the shared string table
  (``sheet_cells``), ``merged_cells``. The workbook (.xls or .xlsx) is then read in a child process
  with the budget below, as a PDF is: what the counts do not foresee is bounded there.
* ``table_cells`` (1,000,000 per table) and ``span`` (1,000: an HTML ``colspan``/``rowspan`` or a
  Word ``gridSpan``/``gridBefore``; more is read as 1, the value a browser would draw being
  meaningless) for DOCX and HTML tables; ``tables`` (10,000 per document).
* ``child_memory`` (512 MB more than the parent's address space) and ``child_seconds`` (50 s):
  the budget of a PDF or a workbook read in a child process (yusuan.read.isolate), where PDFium's
  own parsing of a page (before any Python code runs), xlrd and openpyxl are bounded only by the
  process's limits.
* ``text_chars`` (20,000,000 characters of a text/markdown/HTML file) and ``line_chars``
  (12,000,000 characters on one line: a disclosure pasted as one 10 MB line is still read, as
  tests/test_bad_input.py asks; the expressions the reader runs on a line are linear or bounded).
* ``blocks`` (50,000 headings, paragraphs, 目录 entries and tables of one text, HTML or Word
  document): each costs extraction, the audit and an export something (900,000 one-line headings,
  12.6 MB of text within every other limit, took extract 113 s and 2.4 GB); the longest document
  of the corpora (171 pages) has 639.
* ``word_elements`` (2,500,000 XML elements in a Word document's word/*.xml parts, counted while
  inflating): python-docx parses the body into one lxml tree before the reader can count
  anything, about 230 bytes per element with what the reader builds (a 1000×1000 table, 5 million
  elements: about 1 GB); yusuan's own 21-page build has 32,000 with its styles, a 300-page
  disclosure saved by Word a few hundred thousand.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from yusuan.read.errors import UnreadableInput

MB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Limits:
    file_bytes: int = 200 * MB
    unzipped_bytes: int = 256 * MB
    unzip_ratio: int = 200
    pdf_pages: int = 2_000
    pdf_page_chars: int = 200_000
    pdf_chars: int = 5_000_000
    pdf_page_objects: int = 200_000
    pdf_page_seconds: float = 20.0
    pdf_page_rules: int = 4_000
    pdf_grid_cells: int = 50_000
    sheets: int = 256
    sheet_cells: int = 1_000_000
    xls_records: int = 2_000_000
    workbook_cells: int = 2_000_000
    merged_cells: int = 2_000_000
    table_cells: int = 1_000_000
    tables: int = 10_000
    span: int = 1_000
    text_chars: int = 20_000_000
    line_chars: int = 12_000_000
    blocks: int = 50_000
    word_elements: int = 2_500_000
    child_memory: int = 512 * MB
    child_seconds: float = 50.0


LIMITS = Limits()


class LimitHit(Exception):
    """A limit hit where the file's name is not known; the reader turns it into ``over(name, …)``."""

    def __init__(self, what: str, limit: int | float, unit: str = "") -> None:
        super().__init__(what)
        self.what, self.limit, self.unit = what, limit, unit

    def named(self, name: str) -> UnreadableInput:
        return over(name, self.what, self.limit, self.unit)


def over(name: str, what: str, limit: int | float, unit: str = "") -> UnreadableInput:
    """The error for a file past one of the limits: 「name：what超过上限（limit unit），未读取」."""
    shown = f"{limit:,}" if isinstance(limit, int) else f"{limit:g}"
    return UnreadableInput(
        f"{name}：{what}超过上限（{shown}{unit}），文件异常或不是正常的预算公开文件，未读取"
    )


def check_regular_file(path: str | Path, limits: Limits = LIMITS) -> int:
    """The size of ``path`` if it is a regular file within ``file_bytes``; else UnreadableInput.

    Uses ``stat`` only (nothing is opened), so a FIFO, /dev/zero or a socket never blocks."""
    name = str(path)
    try:
        st = os.stat(path)
    except FileNotFoundError as exc:
        raise UnreadableInput(f"{name}：文件不存在，无法读取") from exc
    except OSError as exc:
        raise UnreadableInput(f"{name}：无法读取（{exc.strerror or exc}）") from exc
    mode = st.st_mode
    if stat.S_ISDIR(mode):
        raise UnreadableInput(f"{name}：这是一个目录，不是文件")
    if not stat.S_ISREG(mode):
        kind = (
            "命名管道（FIFO）"
            if stat.S_ISFIFO(mode)
            else "套接字"
            if stat.S_ISSOCK(mode)
            else "设备文件"
            if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
            else "特殊文件"
        )
        raise UnreadableInput(f"{name}：这是{kind}，不是普通文件，未读取")
    if st.st_size > limits.file_bytes:
        raise over(name, f"文件大小（{st.st_size // MB} MB）", limits.file_bytes // MB, " MB")
    return st.st_size


def check_text_chars(text: str, name: str) -> None:
    """UnreadableInput naming ``name`` when a text, Markdown or HTML file is past ``text_chars``."""
    if len(text) > LIMITS.text_chars:
        raise over(name, f"文字长度（{len(text):,} 个字符）", LIMITS.text_chars, " 个字符")
