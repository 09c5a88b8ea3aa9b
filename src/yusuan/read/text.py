"""Read markdown / plain text disclosures (as produced by PDF-to-markdown converters).

Handles: `#` headings, paragraphs over several lines, tab-separated tables with empty cells,
pipe tables, embedded HTML <table>s, <b>/** emphasis, dot-leader tables of contents, and the
artefacts of PDF conversion: a table interrupted by a page break (blank lines) and a sentence
cut in two by a page break.
"""

from __future__ import annotations

import re

from yusuan.model import Block, Cell, Document, Heading, Paragraph, TableBlock, TocEntry
from yusuan.read.html_tables import check_blocks, parse_html
from yusuan.read.limits import LIMITS, check_text_chars, over

# Every expression here runs on document text: linear, or bounded (a tag is at most 1,000
# characters; a 目录 line is matched only when short; the heading's closing #s are stripped in
# Python, not by a lazy group before \s*#*\s*$, which is cubic on a long run of spaces and #s).
_TAGS = re.compile(r"</?(?:b|strong|i|em|span|font|u|sup|sub)\b[^>]{0,1000}>", re.IGNORECASE)
_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_TOC_MAX = 500  # characters: a 目录 line is short; the leader pattern backtracks on long ones
_TOC = re.compile(r"^(?P<title>.*?\S)\s*(?:\.{3,}|·{3,}|…{2,}|_{4,})[\s.·…]*(?P<page>\d{1,4})?\s*$")
_PIPE_SEP = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$")
_SEPARATOR_CELL = re.compile(r"^[-—=_\s]*$")
_ENUM_START = re.compile(r"^(?:[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+、|\d+[.、．])")
_TERMINAL = set("。！？；：.!?;:")
_CLOSERS = set("”’」』）)】》\"'")
_ENTITIES = (("&lt;", "<"), ("&gt;", ">"), ("&#91;", "["), ("&#93;", "]"), ("&amp;", "&"))
# a # or | at the start of a line of text is written as an entity so that it does not make a heading
# or a table row; decoded only once the line is known to be text
_LATE = (("&#35;", "#"), ("&#124;", "|"))


def _late(text: str) -> str:
    if "&#" in text:
        for entity, char in _LATE:
            text = text.replace(entity, char)
    return text


_HTML_TABLE_OPEN = re.compile(r"<table\b", re.IGNORECASE)
_HTML_TABLE_CLOSE = re.compile(r"</table\s*>", re.IGNORECASE)


def _clean(line: str) -> str:
    line = _TAGS.sub("", line)
    line = line.replace("**", "").replace("&nbsp;", " ").replace("\u3000", " ").replace("\xa0", " ")
    if "&" in line:  # the entities yusuan's markdown writes for text that would be markup (&amp; last)
        for entity, char in _ENTITIES:
            line = line.replace(entity, char)
    return line.rstrip()


def _heading_text(rest: str) -> str:
    """``title ##`` → ``title``: trailing spaces, closing #s and spaces stripped."""
    return rest.rstrip().rstrip("#").strip()


def _is_ascii_word(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def join_lines(parts: list[str]) -> str:
    """Join wrapped lines: no space between CJK characters, one space between ASCII words."""
    out = ""
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if out and _is_ascii_word(out[-1]) and _is_ascii_word(part[0]):
            out += " "
        out += part
    return out


def ends_sentence(text: str) -> bool:
    t = text.rstrip()
    while t and t[-1] in _CLOSERS:
        t = t[:-1]
    return bool(t) and t[-1] in _TERMINAL


def _split_cells(line: str, line_no: int) -> list[Cell]:
    return [Cell(c.strip(), line_no, column=i) for i, c in enumerate(line.split("\t"))]


def _split_pipe(line: str, line_no: int) -> list[Cell]:
    body = line.strip()
    body = body[1:] if body.startswith("|") else body
    body = body[:-1] if body.endswith("|") else body
    return [Cell(c.strip(), line_no, column=i) for i, c in enumerate(body.split("|"))]


def _after_toc_start(blocks: list[Block]) -> bool:
    """Inside a 目录: a leader line without a page number (built markdown) is still an entry."""
    last = blocks[-1] if blocks else None
    return isinstance(last, TocEntry) or (isinstance(last, Heading) and last.text.replace(" ", "") == "目录")


def parse_text(text: str, path: str) -> Document:
    """Blocks of a text/markdown disclosure; UnreadableInput (naming ``path``) past
    LIMITS.text_chars characters or a line of more than LIMITS.line_chars."""
    check_text_chars(text, path)
    lines = text.splitlines()
    longest = max(map(len, lines), default=0)
    if longest > LIMITS.line_chars:
        raise over(path, f"单行长度（{longest:,} 个字符）", LIMITS.line_chars, " 个字符")
    blocks: list[Block] = []
    para: list[str] = []
    para_line = 0
    para_starts: list[tuple[int, int]] = []
    table: list[list[Cell]] | None = None
    table_line = 0

    def flush_para() -> None:
        nonlocal para, para_starts
        if para:
            joiner = _Joiner()
            starts: list[tuple[int, int]] = []
            for (_, ln), part in zip(para_starts, para, strict=True):
                starts.append((joiner.length, ln))
                joiner.add(part)
            blocks.append(Paragraph(joiner.text(), para_line, line_starts=starts))
        para, para_starts = [], []

    def flush_table() -> None:
        nonlocal table
        if table:
            blocks.append(TableBlock(table, table_line))
        table = None

    i = 0
    while i < len(lines):
        check_blocks(len(blocks), path)
        raw = lines[i]
        line_no = i + 1
        if _HTML_TABLE_OPEN.search(raw):
            flush_para()
            flush_table()
            j = i
            while j < len(lines) and not _HTML_TABLE_CLOSE.search(lines[j]):
                j += 1
            fragment = "\n".join(lines[i : j + 1])
            blocks.extend(parse_html(fragment, line_offset=i, name=path))
            i = j + 1
            continue
        line = _clean(raw)
        stripped = line.strip()
        if not stripped:
            flush_para()
            i += 1
            continue
        is_tab_row = "\t" in line
        is_pipe_row = stripped.startswith("|") and stripped.count("|") >= 2
        heading = _HEADING.match(stripped)
        toc = _TOC.match(stripped) if not heading and len(stripped) <= _TOC_MAX else None
        if toc and (toc.group("page") or "\t" in line or _after_toc_start(blocks)):
            flush_para()
            flush_table()
            title = _late(toc.group("title").replace("\t", " ").strip())
            blocks.append(TocEntry(title, toc.group("page") or "", line_no))
        elif heading:
            flush_para()
            flush_table()
            blocks.append(Heading(_late(_heading_text(heading.group(2))), len(heading.group(1)), line_no))
        elif is_pipe_row and _PIPE_SEP.match(stripped):
            pass  # markdown header separator
        elif is_tab_row or is_pipe_row:
            flush_para()
            cells = (
                _split_pipe(line, line_no) if is_pipe_row and not is_tab_row else _split_cells(line, line_no)
            )
            if all(_SEPARATOR_CELL.match(c.text) for c in cells):
                i += 1
                continue  # a ruled separator row
            if table is None:
                table, table_line = [], line_no
            table.append(cells)
        else:
            if table is not None:
                flush_table()
            if not para:
                para_line = line_no
            para.append(_late(stripped))
            para_starts.append((0, line_no))
        i += 1
    flush_para()
    flush_table()
    check_blocks(len(blocks), path)
    return Document(path=path, blocks=_mend_page_breaks(blocks), format="text")


class _Joiner:
    """``join_lines`` of many lines in linear time: the pieces are kept and joined once (joining
    the text so far with each new line copies it every time: 300,000 short lines took minutes)."""

    __slots__ = ("length", "pieces", "tail")

    def __init__(self, first: str = "") -> None:
        self.pieces: list[str] = []
        self.length = 0
        self.tail = ""  # the last characters of the text so far (what ends_sentence looks at)
        if first:
            self.add(first)

    def add(self, part: str) -> None:
        part = part.strip()
        if not part:
            return
        if self.pieces and _is_ascii_word(self.tail[-1]) and _is_ascii_word(part[0]):
            self.pieces.append(" ")
            self.length += 1
        self.pieces.append(part)
        self.length += len(part)
        self.tail = (self.tail + part)[-_TAIL:]

    def text(self) -> str:
        return "".join(self.pieces)


_TAIL = 256  # characters: more closing quotes than this at the end of a paragraph is no sentence


def _mend_page_breaks(blocks: list[Block]) -> list[Block]:
    """Join a paragraph cut by a page break (no final punctuation) with the paragraph after it."""
    out: list[Block] = []
    joiner: _Joiner | None = None  # the text of out[-1] while paragraphs are joined to it

    def close() -> None:
        last = out[-1] if out else None
        if joiner is not None and isinstance(last, Paragraph) and len(joiner.pieces) > 1:
            last.text = joiner.text()

    for block in blocks:
        prev = out[-1] if out else None
        if isinstance(block, Paragraph) and isinstance(prev, Paragraph):
            if joiner is None:
                joiner = _Joiner(prev.text)
            if not ends_sentence(joiner.tail) and not _ENUM_START.match(block.text) and joiner.length >= 20:
                offset = joiner.length
                joiner.add(block.text)
                prev.line_starts.extend(
                    (offset + s, ln) for s, ln in block.line_starts or [(0, block.line or 0)]
                )
                continue
        close()
        joiner = None
        out.append(block)
    close()
    return out
