"""What a page is read into: lines outside tables, tables, and the page holding them."""

from __future__ import annotations

from dataclasses import dataclass, field

from yusuan.model import Cell


@dataclass(slots=True)
class _Line:
    """A line (or a piece of one) outside tables."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    bold: bool
    page: int
    row: int  # pieces of one visual line share this
    number: int = 0  # running line number, set when the document is assembled


@dataclass(slots=True)
class _Table:
    rows: list[list[Cell]]
    page: int
    top: float
    bottom: float
    xs: list[float]  # column boundaries on its (last) page
    ruled: bool = True  # False: rebuilt from the alignment of its text (no grid of rules)
    spans: list[tuple[float, float]] = field(default_factory=list)  # unruled: its columns' text
    ends: list[float] = field(default_factory=list)  # unruled: where its last rows' amounts end


@dataclass(slots=True)
class _Page:
    number: int
    width: float
    height: float
    items: list[_Line | _Table]
    chars: int  # characters of its text, page numbers left out
    has_image: bool
