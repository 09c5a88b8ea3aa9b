"""A built disclosure, laid out but not yet in a file format: what ``derive`` gives the renderers.

Every renderer (markdown, HTML, PDF, Word, Excel) walks the same blocks, so the formats cannot
disagree. ``to_document`` gives the reader's view of the same blocks: extracting it yields the
disclosure every rendered file must read back to (the round-trip oracle).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from yusuan.model.document import Block, Cell, Document, Heading, Paragraph, TableBlock, TocEntry


@dataclass(frozen=True, slots=True)
class HeadCell:
    text: str
    colspan: int = 1
    rowspan: int = 1


@dataclass(frozen=True, slots=True)
class PubCell:
    text: str  # as written ('' for an empty cell)
    value: Decimal | None = None  # the amount, for cells that hold one (also when written empty)
    bold: bool = False


@dataclass(frozen=True, slots=True)
class PubRow:
    cells: tuple[PubCell, ...]
    bold: bool = False  # 合计 / 类 rows
    level: int = 0  # 0 total or flat; 1 类, 2 款, 3 项: indentation in print formats


@dataclass(frozen=True, slots=True)
class PubTable:
    title: str  # the caption, e.g. "2024 年度收支预算总表"
    header: tuple[tuple[HeadCell, ...], ...]  # header rows; spans expand to empty cells in text
    rows: tuple[PubRow, ...]
    unit: str | None = "万元"  # written as 单位：万元 above the table
    note: str | None = None  # 备注 / 注 under the table
    table_id: str = ""  # profile table id ('' for units and target tables)
    title_level: int = 3  # heading level of the caption
    widths: tuple[int, ...] = ()  # relative column widths for print formats
    numbered: str = ""  # the numbered heading the caption sits under (一、收支预算总表), for sheet names

    @property
    def columns(self) -> int:
        if self.header:
            return sum(c.colspan for c in self.header[0])
        return max((len(r.cells) for r in self.rows), default=0)

    def header_grid(self) -> list[list[str]]:
        """Header rows as plain text grids: a spanned cell's text in its first position."""
        width = self.columns
        grid = [[""] * width for _ in self.header]
        taken = [[False] * width for _ in self.header]
        for r, row in enumerate(self.header):
            c = 0
            for cell in row:
                while c < width and taken[r][c]:
                    c += 1
                if c >= width:
                    break
                grid[r][c] = cell.text
                for dr in range(cell.rowspan):
                    for dc in range(cell.colspan):
                        if r + dr < len(grid) and c + dc < width:
                            taken[r + dr][c + dc] = True
                c += cell.colspan
        return grid

    def header_spans(self) -> list[tuple[int, int, int, int, str]]:
        """(row, column, rowspan, colspan, text) of every header cell, positions resolved."""
        width = self.columns
        taken = [[False] * width for _ in self.header]
        out: list[tuple[int, int, int, int, str]] = []
        for r, row in enumerate(self.header):
            c = 0
            for cell in row:
                while c < width and taken[r][c]:
                    c += 1
                if c >= width:
                    break
                out.append((r, c, cell.rowspan, cell.colspan, cell.text))
                for dr in range(cell.rowspan):
                    for dc in range(cell.colspan):
                        if r + dr < len(taken) and c + dc < width:
                            taken[r + dr][c + dc] = True
                c += cell.colspan
        return out


@dataclass(frozen=True, slots=True)
class PubHeading:
    text: str
    level: int  # 1 part, 2 section, 3 subsection, 4 item
    in_toc: bool = True
    new_page: bool = False  # print formats start a new page before it


@dataclass(frozen=True, slots=True)
class PubParagraph:
    text: str
    lead: str = ""  # a bold lead-in written before the text (glossary terms)
    bold: bool = False


@dataclass(frozen=True, slots=True)
class PubToc:
    """The 目录: print formats fill page numbers; text formats list the entries."""

    entries: tuple[tuple[int, str], ...]  # (level, text)


PubBlock = PubHeading | PubParagraph | PubTable | PubToc


@dataclass(slots=True)
class Publication:
    title: str  # e.g. "2024 年度清溪市云山区文化和旅游局部门预算"
    department: str
    year: int
    unit: str  # 万元 / 元
    profile: str
    blocks: list[PubBlock] = field(default_factory=list)

    def tables(self) -> list[PubTable]:
        return [b for b in self.blocks if isinstance(b, PubTable)]

    def to_document(self, path: str = "<built>") -> Document:
        """The reader's view of these blocks (no file format in between)."""
        out: list[Block] = [Paragraph(self.title)]
        for block in self.blocks:
            if isinstance(block, PubHeading):
                out.append(Heading(block.text, block.level))
            elif isinstance(block, PubParagraph):
                out.append(Paragraph(block.lead + block.text))
            elif isinstance(block, PubToc):
                out.append(Heading("目录", 1))
                out.extend(TocEntry(text, "") for _, text in block.entries)
            else:
                out.append(Heading(block.title, block.title_level))
                if block.unit:
                    out.append(Paragraph(f"单位：{block.unit}"))
                rows = [[Cell(t, column=i) for i, t in enumerate(r)] for r in block.header_grid()]
                rows += [[Cell(c.text, column=i) for i, c in enumerate(r.cells)] for r in block.rows]
                if rows:
                    out.append(TableBlock(rows))
                if block.note:
                    out.append(Paragraph(block.note))
        return Document(path=path, blocks=out, format="built")
