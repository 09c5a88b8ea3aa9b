"""An oracle for the Shanghai budget PDFs that shares no code with yusuan: the text of `pdftotext
-layout` (poppler), cut into the coded tables' rows by white space.

A coded row of the layout text is its code cells (类, 款, 项: short digit groups, at most three,
as printed, so "301   2" stays ("301", "2")), its name, then its amounts in column order; an empty
cell prints nothing, so `amounts` holds only the printed figures. Used to sum tables independently
of the extractor and to compare whole tables with what it extracted.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

PDFTOTEXT = shutil.which("pdftotext")

_AMOUNT = re.compile(r"^-?\d{1,3}(?:,\d{3})*(?:\.\d+)?$|^-?\d+(?:\.\d+)?$")
_CODE_PART = re.compile(r"^\d{1,3}$")
_TOTAL = re.compile(r"^\s*合\s*计((?:\s+\S+)*)\s*$")


@dataclass(frozen=True)
class LayoutRow:
    code: tuple[str, ...]  # the code cells as printed; () for the 合计 row
    name: str
    amounts: tuple[Decimal, ...]  # the printed figures, left to right (empty cells omitted)
    line: int  # 1-based line of the layout text

    @property
    def is_total(self) -> bool:
        return not self.code

    @property
    def is_lei(self) -> bool:
        """A 类 row: one code cell of three digits."""
        return len(self.code) == 1 and len(self.code[0]) == 3


@cache
def layout_text(path: Path) -> str:
    if PDFTOTEXT is None:
        raise RuntimeError("pdftotext (poppler-utils) is not installed")
    done = subprocess.run(
        [PDFTOTEXT, "-layout", str(path), "-"], check=True, capture_output=True, text=True, timeout=60
    )
    return done.stdout


def amount(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def _table_start(lines: list[str], title: str) -> int:
    """The line of the table's title: the occurrence followed by its 编制部门/单位 line (not the TOC)."""
    for i, line in enumerate(lines):
        if (
            title in line
            and "……" not in line
            and any("单位：" in s or "单位:" in s for s in lines[i + 1 : i + 3])
        ):
            return i
    raise LookupError(f"no table titled {title!r} in the layout text")


def _row(tokens: list[str], line: int) -> LayoutRow | None:
    code: list[str] = []
    while tokens and len(code) < 3 and _CODE_PART.match(tokens[0]) and not (code and len(tokens[0]) == 3):
        code.append(tokens.pop(0))
    if not code:
        return None
    tail: list[Decimal] = []
    while tokens and _AMOUNT.match(tokens[-1]):
        tail.insert(0, amount(tokens.pop()))
    if not tokens:
        return None
    return LayoutRow(tuple(code), " ".join(tokens), tuple(tail), line)


def coded_table(path: Path, title: str) -> list[LayoutRow]:
    """The coded rows and the closing 合计 row of the first table titled `title` (repeated headers
    on later pages are skipped: they have no code)."""
    lines = layout_text(path).splitlines()
    start = _table_start(lines, title)
    rows: list[LayoutRow] = []
    for i in range(start + 1, len(lines)):
        text = lines[i]
        total = _TOTAL.match(text)
        if total:
            figures = total.group(1).split()
            if all(_AMOUNT.match(f) for f in figures):
                rows.append(LayoutRow((), "合计", tuple(amount(f) for f in figures), i + 1))
                return rows
        row = _row(text.split(), i + 1)
        if row is not None:
            rows.append(row)
    raise LookupError(f"table {title!r} has no 合计 row in the layout text")
