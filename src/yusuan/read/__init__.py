"""Readers: a published file → Document (blocks with positions). They know formats, not budgets."""

from __future__ import annotations

from pathlib import Path

from yusuan.model import Document
from yusuan.read.decode import decode_text
from yusuan.read.docx import read_docx
from yusuan.read.errors import UnreadableInput, read_bytes
from yusuan.read.html_tables import parse_html
from yusuan.read.limits import LIMITS, check_regular_file, over
from yusuan.read.pdf import read_pdf
from yusuan.read.text import parse_text
from yusuan.read.xlsx import read_workbook

__all__ = ["UnreadableInput", "read_document", "read_docx", "read_pdf", "read_text", "read_workbook"]

MAX_BYTES = LIMITS.file_bytes
_TEXT_SUFFIXES = {".md", ".markdown", ".txt", ".text", ""}
_HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
_OLD_WORD = "暂不支持旧版 Word（.doc）文件，请在 Word/WPS 中另存为 .docx 后再检查"


def read_text(text: str, path: str = "<text>") -> Document:
    return parse_text(text, path)


def read_document(path: str | Path) -> Document:
    """Read one file; raises UnreadableInput with a Chinese message naming the file."""
    p = Path(path)
    name = str(path)
    check_regular_file(p)  # before anything opens it: a FIFO or /dev/zero never blocks
    suffix = p.suffix.lower()
    try:
        if suffix == ".pdf":
            return read_pdf(p)
        if suffix in (".xlsx", ".xlsm", ".xls"):
            return read_workbook(path)
        if suffix == ".docx":
            return read_docx(path)
        if suffix == ".doc":
            with p.open("rb") as f:
                is_docx = f.read(4) == b"PK\x03\x04"  # a .docx saved under the old name reads as one
            if not is_docx:
                raise UnreadableInput(f"{name}：{_OLD_WORD}")
            return read_docx(path)
        data = read_bytes(p)
    except OSError as exc:
        raise UnreadableInput(f"{name}：无法读取（{exc.strerror or exc}）") from exc
    text = decode_text(data, name)
    if suffix in _HTML_SUFFIXES or text.lstrip()[:15].lower().startswith(("<!doctype html", "<html")):
        if len(text) > LIMITS.text_chars:
            raise over(name, f"文字长度（{len(text):,} 个字符）", LIMITS.text_chars, " 个字符")
        return Document(path=name, blocks=parse_html(text, name=name), format="html")
    return parse_text(text, name)
