"""The document's lines and tables into headings, paragraphs, TOC entries, captions and tables."""

from __future__ import annotations

import itertools
import re
from collections import Counter

from yusuan.model import Block, Heading, Paragraph, TableBlock, TocEntry
from yusuan.read.pdf.items import _Line, _Page, _Table
from yusuan.read.pdf.shared import _ENUM_START, _UNBREAKABLE, _UNIT_LINE, _median
from yusuan.read.text import ends_sentence, join_lines

_TOC = re.compile(r"^(?P<title>.*?\S)\s*(?:[.·…⋯．・_]\s*){3,}(?P<page>\d{1,4})?$")
_SECTION_NUMBER = re.compile(r"^[一二三四五六七八九十]{1,3}、\s*")
_SENTENCE_MARK = re.compile(r"[，。；：！？,;:!?]")


#: lines of one size a page needs for that size to be its own body text
_OWN_BODY_LINES = 12


class _Layout:
    """Turns the numbered lines and tables into headings, paragraphs, TOC entries and tables."""

    def __init__(self, pages: list[_Page], items: list[_Line | _Table]) -> None:
        self.items = items
        self.page_width = {p.number: p.width for p in pages}
        self.page_last = {p.number: p.items[-1] for p in pages if p.items}
        self.page_first = {p.number: p.items[0] for p in pages if p.items}
        lines = [it for it in items if isinstance(it, _Line)]
        sizes: Counter[float] = Counter()
        for line in lines:
            sizes[round(line.size * 2) / 2] += len(line.text)
        self.body = sizes.most_common(1)[0][0] if sizes else 12.0
        # pages set in a larger type of their own (a report attached to a 决算 in 16 pt under a
        # 12 pt document): their commonest size, when it fills many lines, is their body text
        per_page: dict[int, Counter[float]] = {}
        for line in lines:
            per_page.setdefault(line.page, Counter())[round(line.size * 2) / 2] += 1
        self.page_body = {
            n: size
            for n, c in per_page.items()
            for size, count in c.most_common(1)
            if count >= _OWN_BODY_LINES
        }
        self.margins = self._margins(pages, lines)
        self.leading = self._leading(lines)
        big = [ln for ln in lines if self._big(ln)]
        # the cover title: the largest type of the document, found on page 1 only, above other headings
        top = max((ln.size for ln in big), default=0.0)
        on_cover = {ln.page for ln in big if ln.size == top} == {1} and any(ln.size < top for ln in big)
        self.title_size = top if on_cover else None
        heading_sizes = sorted(
            {round(ln.size * 2) / 2 for ln in big if ln.size != self.title_size}, reverse=True
        )
        self.rank = {s: i + 1 for i, s in enumerate(heading_sizes)}
        self.bold_level = min(len(heading_sizes) + 1, 6)

    def _margins(self, pages: list[_Page], lines: list[_Line]) -> dict[int, tuple[float, float]]:
        """Left and right edge of the body text of each page: its own where it has enough body
        lines, else the usual edges of pages of its size (portrait and landscape pages differ)."""
        # a page's body size is its own commonest size: a landscape page may set its text smaller
        page_sizes: dict[int, Counter[float]] = {}
        for ln in lines:
            page_sizes.setdefault(ln.page, Counter())[round(ln.size * 2) / 2] += len(ln.text)
        page_body = {n: c.most_common(1)[0][0] for n, c in page_sizes.items()}
        edges: dict[int, tuple[list[float], list[float]]] = {}
        for ln in lines:
            if abs(ln.size - page_body[ln.page]) <= 0.6:
                lefts, rights = edges.setdefault(ln.page, ([], []))
                lefts.append(ln.x0)
                rights.append(ln.x1)
        own = {n: (min(ls), max(rs)) for n, (ls, rs) in edges.items() if len(ls) >= 5}
        kind = {p.number: (round(p.width), round(p.height)) for p in pages}
        usual: dict[tuple[int, int], list[tuple[float, float]]] = {}
        for n, edge in own.items():
            usual.setdefault(kind[n], []).append(edge)
        out: dict[int, tuple[float, float]] = {}
        for p in pages:
            if p.number in own:
                out[p.number] = own[p.number]
            elif kind[p.number] in usual:
                found = usual[kind[p.number]]
                out[p.number] = (_median([e[0] for e in found]), _median([e[1] for e in found]))
            else:
                ls, rs = edges.get(p.number, ([0.0], [p.width]))
                out[p.number] = (min(ls), max(rs))
        return out

    def _leading(self, lines: list[_Line]) -> float:
        """The gap between two lines of a paragraph, in type sizes, that the body text allows:
        0.9, or a little more than the document's usual gap where it sets its lines wider apart
        (Word's fixed 28-31 pt line pitch for 15-16 pt type leaves a gap of about one size)."""
        gaps: Counter[float] = Counter()
        for prev, line in itertools.pairwise(lines):
            if (
                prev.page == line.page
                and prev.row != line.row
                and abs(prev.size - self.body) <= 0.6
                and abs(line.size - self.body) <= 0.6
                and 0 < line.top - prev.bottom < 2.0 * line.size
            ):
                gaps[round((line.top - prev.bottom) / line.size, 2)] += 1
        usual = gaps.most_common(1)[0][0] if gaps else 0.0
        return max(0.9, usual + 0.15)

    def _big(self, line: _Line) -> bool:
        if self.page_body.get(line.page) == round(line.size * 2) / 2 and not line.bold:
            return False  # the body text of a page set larger than the document
        return line.size >= self.body + 0.9

    def _is_heading(self, line: _Line) -> bool:
        if self._big(line) or self._section_line(line):
            return True
        return (
            line.bold
            and line.size >= self.body - 0.6
            and len(line.text) <= 40
            and not ends_sentence(line.text)
            and not line.text.endswith(("，", ","))
        )

    def _section_line(self, line: _Line) -> bool:
        """A short stand-alone line numbered "一、" with no sentence marks after the number: a section
        heading in body type (the Shanghai 其他相关情况说明 and 项目经费情况说明 set theirs so)."""
        m = _SECTION_NUMBER.match(line.text)
        if m is None or len(line.text) > 40:
            return False
        rest = line.text[m.end() :]
        _, right = self.margins[line.page]
        return bool(rest) and not _SENTENCE_MARK.search(rest) and line.x1 < right - 2.0 * line.size

    def _level(self, line: _Line) -> int:
        return min(self.rank.get(round(line.size * 2) / 2, self.bold_level), 6)

    def _continues(self, prev: _Line, line: _Line) -> bool:
        """Whether ``line`` goes on the paragraph that ``prev`` ended."""
        if prev.row == line.row or abs(prev.size - line.size) > 0.6:
            return False
        left, _ = self.margins[line.page]
        _, right = self.margins[prev.page]
        flush_left = line.x0 <= left + 0.8 * line.size
        full = prev.x1 >= right - self._room(line) - 2.0 * prev.size
        # a line cut mid-sentence goes on even when the paragraph hangs its lines a little in or the
        # line above ends a few characters short; a new item (（二）, 3.) never does
        cut = (
            not ends_sentence(prev.text)
            and not _ENUM_START.match(line.text)
            and line.x0 <= left + 3.0 * line.size
            and prev.x1 >= right - self._room(line) - 4.0 * prev.size
        )
        if not (flush_left and full) and not cut:
            return False
        if self._heading_then_indent(prev, line, left):
            return False
        if prev.page == line.page:
            return line.top - prev.bottom <= self.leading * line.size
        # across a page break: prev ends its page, line starts the next one
        return (
            line.page == prev.page + 1
            and self.page_last.get(prev.page) is prev
            and self.page_first.get(line.page) is line
        )

    @staticmethod
    def _heading_then_indent(prev: _Line, line: _Line, left: float) -> bool:
        """A numbered line with no sentence mark (（一）收支预算情况的总体说明（详见表1-3）) followed by a
        line indented as deep, as a paragraph's first line is: the numbered line is a sub-heading of
        its own. A numbered paragraph's own second line goes back to the margin (or hangs under
        the text after the number), never to the first line's indent."""
        return (
            bool(_ENUM_START.match(prev.text))
            and not _SENTENCE_MARK.search(prev.text)
            and line.x0 >= left + 1.5 * line.size
            and abs(line.x0 - prev.x0) <= 0.5 * line.size
        )

    @staticmethod
    def _room(line: _Line) -> float:
        """Width of the unbreakable run (60.54%) that opens ``line``: a line above may stop that much
        short of the margin because the run did not fit at its end."""
        m = _UNBREAKABLE.match(line.text)
        return len(m.group(0)) * 0.6 * line.size if m else 0.0

    def blocks(self) -> list[Block]:
        out: list[Block] = []
        geometry: dict[int, _Line] = {}  # id of a one-line Paragraph → its line (for captions)
        para: list[_Line] = []
        heading: list[_Line] = []
        in_toc = 0  # the page of a 目录 heading whose entries follow

        def flush() -> None:
            nonlocal para, heading
            if para:
                out.append(self._paragraph(para))
                if len(para) == 1:
                    geometry[id(out[-1])] = para[0]
            if heading and heading[0].size == self.title_size:
                out.append(self._paragraph(heading))  # the title, a paragraph as other readers give it
            elif heading:
                text = join_lines([ln.text for ln in heading])
                out.append(Heading(text, self._level(heading[0]), heading[0].number, heading[0].page))
            para, heading = [], []

        for item in self.items:
            if isinstance(item, _Table):
                flush()
                in_toc = 0
                self._caption(out, geometry)
                out.append(TableBlock(item.rows, item.rows[0][0].line, item.page))
                continue
            toc = _TOC.match(item.text) if len(item.text) <= 500 else None  # quadratic on long lines
            if in_toc and (in_toc != item.page or len(item.text) > 60 or ends_sentence(item.text)):
                in_toc = 0
            if toc or in_toc:
                flush()
                title, number = (toc.group("title"), toc.group("page") or "") if toc else (item.text, "")
                out.append(TocEntry(title.strip(), number, item.number))
            elif self._is_heading(item):
                if not (heading and self._joins_heading(heading[-1], item)):
                    flush()
                heading.append(item)
                if item.text.replace(" ", "") == "目录":
                    in_toc = item.page  # the lines after it on its page are entries, leaders or not
            else:
                if heading or not (para and self._continues(para[-1], item)):
                    flush()
                para.append(item)
        flush()
        return out

    def _joins_heading(self, prev: _Line, line: _Line) -> bool:
        # the cover title may be set with a body text's leading (a browser's line-height 1.7 leaves
        # 0.7 of its size between its lines); a heading below it keeps the tight 0.6
        gap = 1.0 if self.title_size is not None and prev.size == self.title_size else 0.6
        return (
            prev.page == line.page
            and prev.row != line.row
            and abs(prev.size - line.size) <= 0.5
            and prev.bold == line.bold
            and line.top - prev.bottom <= gap * line.size
            and not _ENUM_START.match(line.text)
        )

    def _paragraph(self, lines: list[_Line]) -> Paragraph:
        text = ""
        starts: list[tuple[int, int]] = []
        for ln in lines:
            starts.append((len(text), ln.number))
            text = join_lines([text, ln.text]) if text else ln.text
        return Paragraph(text, lines[0].number, lines[0].page, line_starts=starts)

    def _caption(self, out: list[Block], geometry: dict[int, _Line]) -> None:
        """The short centred line above a table (above its 单位 line) is the table's caption."""
        for j in range(len(out) - 1, max(-1, len(out) - 4), -1):
            block = out[j]
            if isinstance(block, Paragraph) and _UNIT_LINE.match(block.text):
                continue
            line = geometry.get(id(block))
            if isinstance(block, Paragraph) and line is not None and self._centred(line):
                text = block.text
                if len(text) <= 50 and not ends_sentence(text) and not text.startswith(("注", "说明")):
                    out[j] = Heading(text, self._level(line), block.line, block.page)
            return

    def _centred(self, line: _Line) -> bool:
        left, right = self.margins[line.page]
        middle = (left + right) / 2 if right > left else self.page_width[line.page] / 2
        return abs((line.x0 + line.x1) / 2 - middle) <= max(12.0, 0.06 * (right - left))
