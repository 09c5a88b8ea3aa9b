"""The readers' neutral output: ordered blocks with positions. Knows formats, not budgets."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Cell:
    text: str
    line: int | None = None
    page: int | None = None
    column: int = 0
    bbox: tuple[float, float, float, float] | None = None


@dataclass(slots=True)
class Heading:
    text: str
    level: int
    line: int | None = None
    page: int | None = None


@dataclass(slots=True)
class Paragraph:
    text: str
    line: int | None = None  # first line
    page: int | None = None
    # (offset in text, line) pairs so a position inside a joined paragraph maps back to its line
    line_starts: list[tuple[int, int]] = field(default_factory=list)

    def line_at(self, offset: int) -> int | None:
        line = self.line
        for start, ln in self.line_starts:
            if start <= offset:
                line = ln
            else:
                break
        return line


@dataclass(slots=True)
class TableBlock:
    rows: list[list[Cell]]
    line: int | None = None
    page: int | None = None


@dataclass(slots=True)
class TocEntry:
    text: str
    page_number: str
    line: int | None = None


Block = Heading | Paragraph | TableBlock | TocEntry


@dataclass(slots=True)
class Document:
    path: str
    blocks: list[Block]
    format: str = "text"
    pages: int | None = None
    problems: list[str] = field(default_factory=list)  # what the reader could not read, in Chinese
