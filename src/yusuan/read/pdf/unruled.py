"""Tables without rules (or with horizontal rules only), rebuilt from the alignment of their text."""

from __future__ import annotations

import bisect
import itertools
import math
import re
from collections import Counter
from dataclasses import dataclass

from yusuan.model import Cell
from yusuan.read.pdf.items import _Table
from yusuan.read.pdf.lines import _cell_text
from yusuan.read.pdf.page import _Char, _Rule
from yusuan.read.pdf.rows import (
    _Baseline,
    _baseline,
    _group_has_number,
    _header_groups,
    _is_number,
    _plain,
    _row_groups,
)
from yusuan.read.pdf.shared import _MARGIN, _NUMBER, _OVERLAP, _TOTAL_LABEL, _UNIT_LINE, _median
from yusuan.read.text import ends_sentence

_NOTE = re.compile(r"^(?:注|说明|备注|数据来源|资料来源)")
_DIGITISH = frozenset("0123456789.,")
_AMOUNT_LIKE = re.compile(r"[.,]|\d{3}")
_PROSE_MARK = re.compile(r"[，。；！？]")
_EMPTY_NOTE = re.compile(r"空表|无数据")  # a note under a table without rows


@dataclass(slots=True)
class _TextLine:
    """A text line outside ruled tables, or lines overlapping by much of their height (one row of a
    table set unevenly), cut into phrases where a wide gap separates its parts."""

    parts: list[list[_Char]]  # the lines it is made of, each left to right
    phrases: list[list[_Char]]  # left to right
    top: float
    bottom: float
    size: float
    x0: float
    x1: float
    text: str  # without spaces
    # how many phrases are numbers, if one at least looks like an amount or a code (decimals,
    # thousands separators or three digits: not a page number of a contents list) and the line has
    # no sentence punctuation; else 0
    amounts: int

    def words(self) -> list[list[_Char]]:
        """Runs of characters without a space or a gap of a quarter em, from each of its lines."""
        out: list[list[_Char]] = []
        for part in self.parts:
            last: _Char | None = None
            for ch in part:
                if ch.text.isspace():
                    last = None
                    continue
                if last is None or ch.x0 - last.x1 > 0.25 * max(ch.size, 1.0):
                    out.append([])
                out[-1].append(ch)
                last = ch
        return out


def _may_seed(line: list[_Char]) -> bool:
    """Whether the line has two runs of digits set apart by a gap (a quick test before _text_line)."""
    runs = 0
    last: _Char | None = None
    for ch in line:
        if ch.text.isspace():
            continue
        if ch.text in _DIGITISH and (
            last is None or last.text not in _DIGITISH or ch.x0 - last.x1 >= 0.2 * max(ch.size, 1.0)
        ):
            runs += 1
            if runs >= 2:
                return True
        last = ch
    return False


def _text_line(lines: list[list[_Char]]) -> _TextLine:
    phrases: list[list[_Char]] = []
    for line in lines:
        last: _Char | None = None
        spaced = False
        for ch in line:
            if ch.text.isspace():
                spaced = last is not None
                continue
            gap = ch.x0 - last.x1 if last is not None else 0.0
            em = max(last.size if last is not None else 0.0, ch.size, 1.0)
            digits = (last is not None and last.text in _DIGITISH) + (ch.text in _DIGITISH)
            # a gap of an em parts columns; less parts a number from what follows (an amount set flush
            # right, the next column's label flush left: two cells' padding apart), unless it is a
            # space typed in a sentence ("增加 3.50 万元")
            if last is None or gap >= em or (digits and gap >= (0.5 if spaced else 0.2) * em):
                phrases.append([])
            phrases[-1].append(ch)
            last, spaced = ch, False
    phrases.sort(key=lambda p: p[0].x0)
    chars = [ch for p in phrases for ch in p]
    texts = [_plain(p) for p in phrases]
    text = "".join(texts)
    numbers = [t for t in texts if _NUMBER.match(t)]
    amounts = (
        len(numbers) if any(_AMOUNT_LIKE.search(t) for t in numbers) and not _PROSE_MARK.search(text) else 0
    )
    return _TextLine(
        lines,
        phrases,
        min(ch.top for ch in chars),
        max(ch.bottom for ch in chars),
        Counter(ch.size for ch in chars).most_common(1)[0][0],
        min(ch.x0 for ch in chars),
        max(ch.x1 for ch in chars),
        text,
        amounts,
    )


def _union(spans: list[tuple[float, float]]) -> list[tuple[float, float]]:
    out: list[tuple[float, float]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _columns(lines: list[_TextLine]) -> list[tuple[float, float]]:
    """Column extents of lines of a table drawn without rules: the spans the amounts (and codes)
    cover, right-aligned or not, and those the words of two lines or more cover where no amount is
    (a label centred in a cell over several columns, 合计, is not a column)."""
    numbers = _union([(p[0].x0, p[-1].x1) for ln in lines for p in ln.phrases if _is_number(p)])
    words = [
        (p[0].x0, p[-1].x1, i)
        for i, ln in enumerate(lines)
        for p in ln.phrases
        if not _is_number(p) and not any(a < p[-1].x1 and p[0].x0 < b for a, b in numbers)
    ]
    texts = [
        (a, b)
        for a, b in _union([(a, b) for a, b, _ in words])
        if len(lines) < 3 or len({i for x0, x1, i in words if a <= x0 and x1 <= b}) >= 2
    ]
    return _union(numbers + texts)


def _aligned(lines: list[_TextLine]) -> tuple[int, int]:
    """Columns of numbers the lines share: (how many are aligned, how many there are). A column is
    a span where numbers of two lines or more lie; it is aligned when they end (or start, or are
    centred) at the same place to a third of an em, two thirds of them at least."""
    numbers = [p for ln in lines for p in ln.phrases if _is_number(p)]
    count = shared = 0
    for a, b in _union([(p[0].x0, p[-1].x1) for p in numbers]):
        inside = [p for p in numbers if a <= p[0].x0 and p[-1].x1 <= b]
        if len(inside) < 2:
            continue
        shared += 1
        tol = 0.33 * max(p[0].size for p in inside)
        edges = (
            [p[-1].x1 for p in inside],
            [p[0].x0 for p in inside],
            [(p[0].x0 + p[-1].x1) / 2 for p in inside],
        )
        # two thirds of them at the same place (a bold total row may be set a little apart)
        need = max(2, math.ceil(2 * len(inside) / 3))
        count += any(sum(abs(x - _median(e)) <= tol for x in e) >= need for e in edges)
    return count, shared


def _overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return max(0.0, min(a1, b1) - max(a0, b0))


def _stops(line: _TextLine, above: _TextLine, size: float, width: float) -> bool:
    """Whether ``line`` cannot be a row of a table (of text ``size``, ``width`` wide) below ``above``."""
    text = line.text
    first = _plain(line.phrases[0])
    return (
        abs(line.size - size) > 1.0
        or line.top - above.bottom > 2.0 * size
        or bool(_UNIT_LINE.match(first) or _NOTE.match(first))
        or (len(line.phrases) == 1 and not _NUMBER.match(text) and ends_sentence(text))
        or (len(line.phrases) == 1 and line.x1 - line.x0 >= 0.6 * width)
    )


def _resumes(line: _TextLine, rows: list[_TextLine], above: _TextLine, size: float) -> bool:
    """Whether ``line``, some blank rows below ``above``, is a row of amounts of the table ``rows``:
    two amounts or more, each ending where amounts of the rows above end."""
    ends = [p[-1].x1 for ln in rows if ln.amounts >= 2 for p in ln.phrases if _is_number(p)]
    numbers = [p[-1].x1 for p in line.phrases if _is_number(p)]
    return (
        line.amounts >= 2
        and abs(line.size - size) <= 1.0
        and line.top - above.bottom <= 25.0 * size
        and all(any(abs(x - e) <= 0.6 * size for e in ends) for x in numbers)
    )


@dataclass(slots=True)
class _PageText:
    """The text lines of a page outside ruled tables, for finding tables drawn without rules."""

    single: list[_TextLine]  # each visual line
    rows: list[_TextLine]  # lines overlapping by much of their height merged (rows set unevenly)
    origin: list[list[int]]  # row → the single lines it is made of
    rules: list[_Rule]  # horizontal rules outside grids
    width: float  # of the page
    height: float
    page: int
    tail: list[float]  # where the amounts end of a table without rules ending the page before


def _unruled_tables(
    lines: list[list[_Char]], rules: list[_Rule], size: tuple[float, float], page: int, tail: list[float]
) -> tuple[list[_Table], list[list[_Char]]]:
    """Tables drawn without rules (or with horizontal rules only) among the text lines of a page
    (of ``size``), and the lines left. A table is a run of lines three or more of which hold two
    amounts or more set apart by wide gaps (or one line with four or more under a header, or lines
    at the top of the page whose amounts end where those of a table ending the page before end:
    ``tail``), with the lines of its header above."""
    if not any(_may_seed(line) for line in lines) and not any(
        _UNIT_LINE.search("".join(ch.text for ch in line if not ch.text.isspace())) for line in lines
    ):
        return [], lines
    visible = [(k, line) for k, line in enumerate(lines) if any(not ch.text.isspace() for ch in line)]
    single = [_text_line([line]) for _, line in visible]
    if not any(ln.amounts >= 2 or _UNIT_LINE.search(ln.text) for ln in single):
        return [], lines
    text = _PageText(single, [], [], rules, size[0], size[1], page, tail)
    for i, ln in enumerate(single):
        last = text.rows[-1] if text.rows else None
        if last is not None and ln.top < last.bottom - _OVERLAP * ln.size:
            text.rows[-1] = _text_line([*last.parts, *ln.parts])
            text.origin[-1].append(i)
        else:
            text.rows.append(ln)
            text.origin.append([i])
    tables: list[_Table] = []
    used: set[int] = set()
    pos = floor = 0  # floor: the first single line not taken by a table found before
    while pos < len(text.rows):
        found = _unruled_table(text, pos, floor) if text.rows[pos].amounts >= 2 else None
        if found is None:
            pos += 1
            continue
        table, first, pos = found
        tables.append(table)
        floor = text.origin[pos - 1][-1] + 1
        used.update(range(first, floor))
    for k, line in enumerate(single):
        if k not in used and any(_UNIT_LINE.match(_plain(p)) for p in line.phrases):
            empty = _empty_table(text, k + 1, used)
            if empty is not None:
                tables.append(empty[0])
                used.update(range(k + 1, empty[1]))
    taken = {visible[i][0] for i in used}
    return tables, [line for k, line in enumerate(lines) if k not in taken]


def _unruled_table(text: _PageText, s: int, floor: int) -> tuple[_Table, int, int] | None:
    """The table whose first row of amounts is ``text.rows[s]``: (table, its first single line,
    the row after its last), or None when the lines there do not make one."""
    lines = text.rows
    size = lines[s].size
    width = lines[s].x1 - lines[s].x0
    # rows above with a single amount ending where the amounts below end (一、财政拨款收入 | 9,501,164
    # | 一、一般公共服务支出 | (empty)) are the table's first rows
    ends = [p[-1].x1 for ln in lines[s : s + 5] if ln.amounts >= 2 for p in ln.phrases if _is_number(p)]
    while (
        s > 0
        and text.origin[s - 1][0] >= floor
        and len(lines[s - 1].phrases) >= 2
        and abs(lines[s - 1].size - size) <= 1.0
        and lines[s].top - lines[s - 1].bottom <= 2.0 * size
        and not _PROSE_MARK.search(lines[s - 1].text)
        and any(_is_number(p) and _AMOUNT_LIKE.search(_plain(p)) for p in lines[s - 1].phrases)
        and all(
            any(abs(p[-1].x1 - e) <= 0.6 * size for e in ends) for p in lines[s - 1].phrases if _is_number(p)
        )
    ):
        s -= 1
    end = s + 1
    while (
        end < len(lines)
        and (
            not _stops(lines[end], lines[end - 1], size, width)
            # a row of amounts in the same columns after rows left blank (收入总计)
            or _resumes(lines[end], lines[s:end], lines[end - 1], size)
        )
    ):
        end += 1
    groups: list[list[int]] = []
    for _ in range(3):  # the columns of the lines that group as rows, until they agree
        cols = _columns([ln for ln in lines[s:end] if ln.amounts >= 2])
        if len(cols) < 2:
            return None
        bounds = [cols[0][0], *((a[1] + b[0]) / 2 for a, b in itertools.pairwise(cols)), cols[-1][1]]
        body = [_place(ln, bounds) for ln in lines[s:end]]
        rights: dict[int, float] = {}
        for row in body:
            for c, chars in row.cells.items():
                if not _is_number(chars):
                    rights[c] = max(rights.get(c, -math.inf), chars[-1].x1)
        groups, _ = _row_groups(body, rights)
        while groups and not _group_has_number(body, groups[-1]):
            groups.pop()  # label lines after the last amounts are text after the table
        last = s + groups[-1][-1] + 1 if groups else s
        if last == end:
            break
        end = last
    if not groups:
        return None
    seeds = [lines[s + i] for g in groups for i in g if lines[s + i].amounts >= 2]
    ends = [p[-1].x1 for ln in seeds[-5:] for p in ln.phrases if _is_number(p)]
    aligned, shared = _aligned(seeds)
    if len(seeds) >= 3 and (aligned == 0 or 2 * aligned < shared):
        return None  # numbers scattered over the page (a chart's labels), not columns of amounts
    left = min(ln.x0 for ln in lines[s:end])
    right = max(ln.x1 for ln in lines[s:end])
    header = _header_lines(text, text.origin[s][0], floor, size, left, right)
    if (
        len(seeds) < 3
        and not (
            any(ln.amounts >= 4 for ln in seeds)
            and any(sum(not _is_number(p) for p in ln.phrases) >= 3 for ln in header)
        )
        and not _continues_tail(text, seeds, text.origin[s][0] - len(header), size)
    ):
        return None
    cols = _header_columns(_columns([ln for ln in lines[s:end] if ln.amounts >= 2]), header, size)
    left = min([left, cols[0][0], *(ln.x0 for ln in header)])
    right = max([right, cols[-1][1], *(ln.x1 for ln in header)])
    top = header[0].top if header else lines[s].top
    near = [
        r
        for r in text.rules
        if r.start <= left + size
        and r.end >= right - size
        and top - 1.5 * size <= r.pos <= lines[end - 1].bottom + 1.5 * size
    ]
    if near:  # the table's rules (a three-line table) give its width
        left, right = min(left, *(r.start for r in near)), max(right, *(r.end for r in near))
    bounds = [left - 2.0, *((a[1] + b[0]) / 2 for a, b in itertools.pairwise(cols)), right + 2.0]
    head = [_place(ln, bounds, header=cols) for ln in header]
    rows = [[head[i] for i in g] for g in _header_groups([(ln.top, ln.bottom) for ln in header], size)]
    body = [_place(ln, bounds) for ln in lines[s:end]]
    _merged_labels(body, bounds, size)
    rows.extend([body[i] for i in g] for g in groups)
    ys = [rows[0][0].top - 0.25 * size]
    for above, below in itertools.pairwise(rows):
        ys.append((max(ln.bottom for ln in above) + min(ln.top for ln in below)) / 2)
    ys.append(max(ln.bottom for ln in rows[-1]) + 0.25 * size)
    out: list[list[Cell]] = []
    for r, group in enumerate(rows):
        cells = []
        for c in range(len(bounds) - 1):
            chars = [ch for ln in group for ch in ln.cells.get(c, [])]
            bbox = (round(bounds[c], 2), round(ys[r], 2), round(bounds[c + 1], 2), round(ys[r + 1], 2))
            cells.append(Cell(_cell_text(chars), page=text.page, column=c, bbox=bbox))
        out.append(cells)
    first = text.origin[s][0] - len(header)
    table = _Table(out, text.page, ys[0], ys[-1], bounds, ruled=False, spans=cols, ends=ends)
    return table, first, end


def _merged_labels(body: list[_Baseline], bounds: list[float], size: float) -> None:
    """Move to the first column a label centred over its column and the empty ones before it
    while the other labels of its column are set flush left: the text of a merged cell (合计 over
    the code and name columns), which a ruled table gives in its first column."""
    starts: dict[int, Counter[int]] = {}
    for line in body:
        for c, chars in line.cells.items():
            if not _is_number(chars):
                starts.setdefault(c, Counter())[round(chars[0].x0)] += 1
    for line in body:
        text = [c for c, chars in line.cells.items() if not _is_number(chars)]
        if len(text) != 1 or text[0] == 0 or min(line.cells) != text[0]:
            continue
        c = text[0]
        chars = line.cells[c]
        flush, seen = starts[c].most_common(1)[0]
        middle = (chars[0].x0 + chars[-1].x1) / 2
        if seen >= 2 and chars[0].x0 > flush + size and abs(middle - (bounds[0] + bounds[c + 1]) / 2) <= size:
            line.cells[0] = line.cells.pop(c)


def _empty_table(text: _PageText, k: int, used: set[int]) -> tuple[_Table, int] | None:
    """A table without amounts drawn without rules, its header lines from ``text.single[k]`` (the
    line after a 单位 line): up to eight lines of short words, three or more set apart by wide gaps
    on one, ending in a lone 合计 row or followed by a note that the table is empty (空表).
    Returns the table and the index of the line after it."""
    lines = text.single
    end = k
    while (
        end < len(lines)
        and end - k < 8
        and end not in used
        and lines[end].amounts == 0
        and abs(lines[end].size - lines[k].size) <= 1.5
        and (end == k or lines[end].top - lines[end - 1].bottom <= 2.5 * lines[k].size)
        and not ends_sentence(lines[end].text)
        and not _NOTE.match(lines[end].text)
        and all(len(_plain(p)) <= 16 and not _is_number(p) for p in lines[end].phrases)
    ):
        end += 1
    if (  # the 合计 row below blank rows
        k < end < len(lines)
        and end not in used
        and _TOTAL_LABEL.match(lines[end].text)
        and lines[end].top - lines[end - 1].bottom <= 0.6 * text.height
    ):
        end += 1
    region = lines[k:end]
    total = bool(region) and _TOTAL_LABEL.match(region[-1].text) is not None
    noted = end < len(lines) and _NOTE.match(lines[end].text) and _EMPTY_NOTE.search(lines[end].text)
    header = region[:-1] if total else region
    if not header or not (total or noted) or not any(len(ln.phrases) >= 3 for ln in header):
        return None
    size = lines[k].size
    groups = _header_groups([(ln.top, ln.bottom) for ln in header], size)
    cols = _union([(w[0].x0, w[-1].x1) for i in groups[-1] for w in header[i].words()])
    if len(cols) < 2:
        return None
    left = min(ln.x0 for ln in region)
    right = max(ln.x1 for ln in region)
    bounds = [left - 2.0, *((a[1] + b[0]) / 2 for a, b in itertools.pairwise(cols)), right + 2.0]
    head = [_place(ln, bounds, header=cols) for ln in header]
    rows = [[head[i] for i in g] for g in groups]
    if total:
        rows.append([_place(region[-1], bounds)])
    ys = [rows[0][0].top - 0.25 * size]
    for above, below in itertools.pairwise(rows):
        ys.append((max(ln.bottom for ln in above) + min(ln.top for ln in below)) / 2)
    ys.append(max(ln.bottom for ln in rows[-1]) + 0.25 * size)
    out = [
        [
            Cell(
                _cell_text([ch for ln in group for ch in ln.cells.get(c, [])]),
                page=text.page,
                column=c,
                bbox=(round(bounds[c], 2), round(ys[r], 2), round(bounds[c + 1], 2), round(ys[r + 1], 2)),
            )
            for c in range(len(bounds) - 1)
        ]
        for r, group in enumerate(rows)
    ]
    return _Table(out, text.page, ys[0], ys[-1], bounds, ruled=False, spans=cols), end


def _continues_tail(text: _PageText, seeds: list[_TextLine], first: int, size: float) -> bool:
    """Whether lines of amounts at the top of the page (``text.single[first]`` the first of the
    table, only running headers above it) are the last rows of the table ending the page before:
    two of their numbers or more, and all their amounts, end where that table's amounts end."""
    if not text.tail or any(ln.bottom > _MARGIN * text.height for ln in text.single[:first]):
        return False
    numbers = [p for ln in seeds for p in ln.phrases if _is_number(p)]
    ending = [any(abs(p[-1].x1 - e) <= 0.5 * size for e in text.tail) for p in numbers]
    amounts = [bool(_AMOUNT_LIKE.search(_plain(p))) for p in numbers]
    return sum(ending) >= 2 and all(e for e, a in zip(ending, amounts, strict=True) if a)


def _place(
    line: _TextLine, bounds: list[float], header: list[tuple[float, float]] | None = None
) -> _Baseline:
    """A line's words in the columns between ``bounds``: an amount by its right end, other words
    by their first character (text is set flush left or centred); a header word over the columns
    it covers (the first of several it spans, like a merged cell)."""
    cells: dict[int, list[_Char]] = {}
    last = len(bounds) - 2
    for word in line.words():
        if header is not None:
            x0, x1 = word[0].x0, word[-1].x1
            over = [c for c, (a, b) in enumerate(header) if _overlap(x0, x1, a, b) > 0]
            spanned = [c for c in over if _overlap(x0, x1, *header[c]) >= 0.5 * (header[c][1] - header[c][0])]
            if len(spanned) >= 2:
                col = spanned[0]
            elif over:
                col = max(over, key=lambda c: _overlap(x0, x1, *header[c]))
            else:
                col = bisect.bisect_right(bounds, (x0 + x1) / 2) - 1
        else:
            ch = word[-1] if _is_number(word) else word[0]
            col = bisect.bisect_right(bounds, (ch.x0 + ch.x1) / 2) - 1
        cells.setdefault(min(max(col, 0), last), []).extend(word)
    for chars in cells.values():
        chars.sort(key=lambda ch: (round(ch.cy), ch.x0))
    return _baseline(cells)


def _header_lines(
    text: _PageText, k: int, floor: int, size: float, left: float, right: float
) -> list[_TextLine]:
    """The header lines above the first row of amounts (``text.single[k]``): up to six lines, not
    a caption (one phrase centred on the table or the page, or a long one), a 单位 line, a sentence,
    amounts or text of another size (what is above a three-line table's top rule is one of these)."""
    lines = text.single
    below = lines[k]
    first = k
    while first > floor and k - first < 6:
        line = lines[first - 1]
        phrase = line.text
        middle = (line.x0 + line.x1) / 2
        if (
            abs(line.size - size) > 1.5
            or below.top - line.bottom > (2.0 if first < k else 4.0) * size  # rows can be tall
            or ends_sentence(phrase)
            or any(_UNIT_LINE.match(_plain(p)) or _NOTE.match(_plain(p)) for p in line.phrases)
            or any(_is_number(p) and _AMOUNT_LIKE.search(_plain(p)) for p in line.phrases)
            or line.x1 < left - size
            or (
                len(line.phrases) == 1
                and (
                    len(phrase) > 16
                    or abs(middle - (left + right) / 2) <= size
                    or abs(middle - text.width / 2) <= size
                )
            )
        ):
            break
        below = line
        first -= 1
    return lines[first:k]


def _header_columns(
    cols: list[tuple[float, float]], header: list[_TextLine], size: float
) -> list[tuple[float, float]]:
    """The columns of the body with those only the header shows (columns left empty in every row).
    Each column takes the header words over it; one over none of its words takes the nearest word
    between it and its neighbours (a header centred over narrow amounts set flush right); the words
    of the header's last row left are the headers of empty columns (a word of a row above over no
    column spans several)."""
    groups = _header_groups([(ln.top, ln.bottom) for ln in header], size)
    leaf = {id(header[i]) for i in groups[-1]} if groups else set()
    words = [(w[0].x0, w[-1].x1) for ln in header if id(ln) in leaf for w in ln.words()]
    free = [w for w in words if not any(_overlap(*w, *col) > 0 for col in cols)]
    for c, (a, b) in enumerate(cols):
        if any(_overlap(*w, a, b) > 0 for w in words):
            continue
        lo = cols[c - 1][1] if c > 0 else -math.inf
        hi = cols[c + 1][0] if c + 1 < len(cols) else math.inf
        near = [w for w in free if lo <= w[0] and w[1] <= hi]
        if near:  # the nearest, with the words above or below it (a header over several lines)
            w = min(near, key=lambda w: abs((w[0] + w[1]) / 2 - (a + b) / 2))
            free = [v for v in free if _overlap(*v, *w) < 0.5 * min(v[1] - v[0], w[1] - w[0])]
    return _union(cols + _union(free)) if free else cols
