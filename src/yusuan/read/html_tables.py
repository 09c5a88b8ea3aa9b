"""Parse HTML fragments (tables, headings, paragraphs) into Document blocks with line numbers."""

from __future__ import annotations

from html.parser import HTMLParser

from yusuan.model import Block, Cell, Heading, Paragraph, TableBlock, TocEntry
from yusuan.read.errors import UnreadableInput
from yusuan.read.limits import LIMITS, over


def check_blocks(count: int, name: str) -> None:
    """UnreadableInput naming the file when a document has more than LIMITS.blocks blocks."""
    if count > LIMITS.blocks:
        raise over(name, "段落、标题和表格的数量", LIMITS.blocks, " 个")


_BLOCK_TAGS = {"p", "div", "li", "br", "section", "article", "tr", "title"}
_SKIP_TAGS = {"script", "style", "head"}


class _Parser(HTMLParser):
    def __init__(self, line_offset: int) -> None:
        super().__init__(convert_charrefs=True)
        self.line_offset = line_offset
        self.blocks: list[Block] = []
        self.text: list[str] = []
        self.text_line: int | None = None
        self.heading: int | None = None
        self.table_rows: list[list[Cell]] | None = None
        self.table_line: int | None = None
        self.row: list[Cell] | None = None
        self.cell: list[str] | None = None
        self.cell_line = 0
        self.colspan = 1
        self.rowspan = 1
        self.pending: dict[int, int] = {}  # column → rows still covered by a rowspan from above
        self.spanned: set[int] = set()  # columns of the current row covered from above
        self.skip = 0
        self.nav = 0  # inside <nav>: list items are table-of-contents entries
        self.name = "<html>"
        self.cells = 0  # table cells so far, spans included (LIMITS.table_cells)
        self.tables = 0

    def _line(self) -> int:
        return self.getpos()[0] + self.line_offset

    def _flush_text(self) -> None:
        text = "".join(self.text).strip()
        if text:
            check_blocks(len(self.blocks) + 1, self.name)
            if self.heading:
                self.blocks.append(Heading(text, self.heading, self.text_line))
            elif self.nav:
                self.blocks.append(TocEntry(text, "", self.text_line))
            else:
                self.blocks.append(Paragraph(text, self.text_line))
        self.text, self.text_line = [], None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self.skip += 1
            return
        if tag == "nav":
            self._flush_text()
            self.nav += 1
        elif tag == "table":
            self._flush_text()
            self.tables += 1
            if self.tables > LIMITS.tables:
                raise over(self.name, "表格数", LIMITS.tables, " 个")
            self.table_rows, self.table_line = [], self._line()
        elif tag == "tr" and self.table_rows is not None:
            self.row = []
            self.spanned = {c for c, n in self.pending.items() if n > 0}
            self.pending = {c: n - 1 for c, n in self.pending.items() if n > 1}
        elif tag in ("td", "th") and self.row is not None:
            self.cell, self.cell_line = [], self._line()
            self.colspan = _span(dict(attrs).get("colspan"))
            self.rowspan = _span(dict(attrs).get("rowspan"))
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6") and self.table_rows is None:
            self._flush_text()
            self.heading = int(tag[1])
        elif tag in _BLOCK_TAGS and self.table_rows is None:
            self._flush_text()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self.skip = max(0, self.skip - 1)
            return
        if tag in ("td", "th") and self.cell is not None and self.row is not None:
            self._fill_spanned()
            text = " ".join("".join(self.cell).split())
            self.cells += self.colspan * self.rowspan + len(self.spanned)
            if self.cells > LIMITS.table_cells:
                raise over(
                    self.name, "表格的单元格数（含 colspan/rowspan 合并展开）", LIMITS.table_cells, " 个"
                )
            for i in range(self.colspan):
                if self.rowspan > 1:
                    self.pending[len(self.row)] = self.rowspan - 1
                self.row.append(Cell("" if i else text, self.cell_line, column=len(self.row)))
            self.cell = None
        elif tag == "tr" and self.row is not None and self.table_rows is not None:
            self._fill_spanned(trailing=True)
            if self.row:
                self.table_rows.append(self.row)
            self.row = None
        elif tag == "nav":
            self._flush_text()
            self.nav = max(0, self.nav - 1)
        elif tag == "table" and self.table_rows is not None:
            self.pending, self.spanned = {}, set()
            if self.table_rows:
                check_blocks(len(self.blocks) + 1, self.name)
                self.blocks.append(TableBlock(self.table_rows, self.table_line))
            self.table_rows = None
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self._flush_text()
            self.heading = None
        elif tag in _BLOCK_TAGS and self.table_rows is None:
            self._flush_text()

    def _fill_spanned(self, trailing: bool = False) -> None:
        """Empty cells where a rowspan from a row above covers this row (as a text table has)."""
        assert self.row is not None
        while len(self.row) in self.spanned and (not trailing or len(self.row) <= max(self.spanned)):
            self.row.append(Cell("", self.cell_line, column=len(self.row)))

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self.cell is not None:
            self.cell.append(data)
        elif self.table_rows is None:
            if not self.text and data.strip():
                self.text_line = self._line()
            self.text.append(data)


def _span(value: str | None) -> int:
    """A colspan/rowspan: 1 to 99 as written, anything else (a bomb, garbage) 1."""
    value = (value or "").strip()
    return int(value) if value.isdigit() and len(value) <= 3 and 0 < int(value) < 100 else 1


def parse_html(fragment: str, line_offset: int = 0, name: str = "<html>") -> list[Block]:
    """Blocks of an HTML fragment; line numbers are those of the fragment plus line_offset.

    Bounded (yusuan.read.limits): spans are at most 99, a document's table cells at most
    ``table_cells``, its tables at most ``tables``; whatever Python's HTML parser raises on
    malformed markup (``<![x[``) becomes UnreadableInput naming the file."""
    parser = _Parser(line_offset)
    parser.name = name
    try:
        parser.feed(fragment)
        parser.close()
    except UnreadableInput:
        raise
    except Exception as exc:  # html.parser raises AssertionError and others on some markup
        raise UnreadableInput(f"{name}：HTML 标记有误，无法解析（{type(exc).__name__}）") from exc
    parser._flush_text()
    return parser.blocks
