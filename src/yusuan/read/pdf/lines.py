"""Characters into text lines, pieces and words, and the text of a cell."""

from __future__ import annotations

import math
import re

from yusuan.read.pdf.page import _Char
from yusuan.read.pdf.shared import _NUMBER
from yusuan.read.text import join_lines

_SPLIT_EM = 3.0  # a gap of this many em splits a text line into pieces


def _group_lines(chars: list[_Char]) -> list[list[_Char]]:
    """Characters → lines (top to bottom, each left to right), tolerant to mixed sizes on a line."""
    lines: list[list[_Char]] = []
    bottom = -math.inf
    for ch in sorted(chars, key=lambda c: c.cy):
        height = ch.bottom - ch.top
        if lines and ch.cy < bottom - 0.25 * height:
            lines[-1].append(ch)
            bottom = max(bottom, ch.bottom) if ch.cy < bottom - 0.5 * height else bottom
        else:
            lines.append([ch])
            bottom = ch.bottom
    for line in lines:
        line.sort(key=lambda c: c.x0 + c.x1)  # centres: a squeezed space stays before the quote it precedes
    return [_dedupe(line) for line in lines]


def _dedupe(line: list[_Char]) -> list[_Char]:
    """Drop characters drawn twice at almost the same place (a way to fake bold type)."""
    out: list[_Char] = []
    for ch in line:
        prev = out[-1] if out else None
        if prev and prev.text == ch.text and abs(prev.x0 - ch.x0) < 0.3 * ch.size and not ch.text.isspace():
            prev.bold = True
            continue
        out.append(ch)
    return out


def _is_word(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _text(chars: list[_Char]) -> str:
    """The text of one line: real spaces kept, a space where a wide gap separates two words."""
    out: list[str] = []
    prev: _Char | None = None
    space = False
    for ch in chars:
        if ch.text.isspace():
            space = prev is not None
            continue
        if prev is not None:
            gap = ch.x0 - prev.x1
            em = max(prev.size, ch.size, 1.0)
            wide = gap > 0.25 * em if _is_word(prev.text) and _is_word(ch.text) else gap > 1.2 * em
            if space or wide:
                out.append(" ")
        out.append(ch.text)
        prev, space = ch, False
    return "".join(out)


def _pieces(line: list[_Char]) -> list[list[_Char]]:
    """A line split where a gap of several em separates its parts."""
    out: list[list[_Char]] = []
    last: _Char | None = None
    for ch in line:
        if ch.text.isspace():
            if out:
                out[-1].append(ch)
            continue
        if last is None or ch.x0 - last.x1 > _SPLIT_EM * max(last.size, ch.size, 1.0):
            out.append([])
        out[-1].append(ch)
        last = ch
    return out


def _words(chars: list[_Char]) -> list[list[_Char]]:
    """Runs of characters without a gap (spaces end a run too)."""
    out: list[list[_Char]] = []
    for line in _group_lines(chars):
        last: _Char | None = None
        for ch in line:
            if last is None or last.text.isspace() or ch.text.isspace() or ch.x0 - last.x1 > 0.25 * ch.size:
                out.append([])
            out[-1].append(ch)
            last = ch
    return out


_AMOUNT_HEAD = re.compile(r"^-?(?:\d{1,3}(?:,\d{3})*|\d+)(?:,\d{0,2}|\.\d*)$")
_AMOUNT_TAIL = re.compile(r"^\d{1,3}$")


def _cell_text(chars: list[_Char]) -> str:
    """The text of a cell: its lines joined; an amount too wide for its cell, wrapped after its
    separator or within its decimals (21,118.5 over 1), is one number again."""
    lines: list[str] = []
    for text in (_text(line) for line in _group_lines(chars)):
        stripped = text.strip()
        if (
            lines
            and _AMOUNT_TAIL.match(stripped)
            and _AMOUNT_HEAD.match(lines[-1].strip())
            and _NUMBER.match(lines[-1].strip() + stripped)
        ):
            lines[-1] = lines[-1].strip() + stripped
        else:
            lines.append(text)
    return " ".join(join_lines(lines).split())
