"""Readers: a published file → Document (blocks with positions). They know formats, not budgets."""

from __future__ import annotations

from pathlib import Path

from yusuan.model import Document
from yusuan.read.decode import decode_text
from yusuan.read.docx import read_docx
from yusuan.read.errors import UnreadableInput
from yusuan.read.html_tables import parse_html
from yusuan.read.pdf import read_pdf
from yusuan.read.text import parse_text
from yusuan.read.xlsx import read_workbook

__all__ = ["UnreadableInput", "read_document", "read_docx", "read_pdf", "read_text", "read_workbook"]

MAX_BYTES = 200 * 1024 * 1024
_TEXT_SUFFIXES = {".md", ".markdown", ".txt", ".text", ""}
_HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
_OLD_WORD = "暂不支持旧版 Word（.doc）文件，请在 Word/WPS 中另存为 .docx 后再检查"


def read_text(text: str, path: str = "<text>") -> Document:
    return parse_text(text, path)


def read_document(path: str | Path) -> Document:
    """Read one file; raises UnreadableInput with a Chinese message naming the file."""
    p = Path(path)
    name = str(path)
    if not p.exists():
        raise UnreadableInput(f"{name}：文件不存在")
    if p.is_dir():
        raise UnreadableInput(f"{name}：这是一个目录，不是文件")
    suffix = p.suffix.lower()
    try:
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise UnreadableInput(f"{name}：文件过大（{size // 1024 // 1024} MB），超过 200 MB 上限")
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
        data = p.read_bytes()
    except OSError as exc:
        raise UnreadableInput(f"{name}：无法读取（{exc.strerror or exc}）") from exc
    text = decode_text(data, name)
    if suffix in _HTML_SUFFIXES or text.lstrip()[:15].lower().startswith(("<!doctype html", "<html")):
        return Document(path=name, blocks=parse_html(text), format="html")
    return parse_text(text, name)
