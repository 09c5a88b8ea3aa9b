"""Readers: a published file → Document (blocks with positions). They know formats, not budgets.

Text, Markdown and HTML are read here; each binary format has its reader module, named in
``READERS`` and imported only when a file of that format is read (openpyxl, python-docx and
pypdfium2 are not loaded to check a text file)."""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from pathlib import Path

from yusuan.model import Document
from yusuan.read.decode import decode_text
from yusuan.read.errors import UnreadableInput, read_bytes
from yusuan.read.html_tables import parse_html
from yusuan.read.limits import LIMITS, check_regular_file, check_text_chars
from yusuan.read.text import parse_text

__all__ = [
    "READERS",
    "UnreadableInput",
    "read_document",
    "read_docx",
    "read_pdf",
    "read_text",
    "read_workbook",
    "reader",
]

#: file suffix → (module, function) of the reader of that binary format; add a format here.
READERS: dict[str, tuple[str, str]] = {
    ".pdf": ("yusuan.read.pdf", "read_pdf"),
    ".xlsx": ("yusuan.read.xlsx", "read_workbook"),
    ".xlsm": ("yusuan.read.xlsx", "read_workbook"),
    ".xls": ("yusuan.read.xlsx", "read_workbook"),
    ".docx": ("yusuan.read.docx", "read_docx"),
}

MAX_BYTES = LIMITS.file_bytes
_TEXT_SUFFIXES = {".md", ".markdown", ".txt", ".text", ""}
_HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
_OLD_WORD = "暂不支持旧版 Word（.doc）文件，请在 Word/WPS 中另存为 .docx 后再检查"


def reader(suffix: str) -> Callable[[str | Path], Document]:
    """The ``read(path) -> Document`` function of a binary format (imported on first use)."""
    module, name = READERS[suffix]
    fn: Callable[[str | Path], Document] = getattr(import_module(module), name)
    return fn


def read_pdf(path: str | Path) -> Document:
    return reader(".pdf")(path)


def read_workbook(path: str | Path) -> Document:
    return reader(".xlsx")(path)


def read_docx(path: str | Path) -> Document:
    return reader(".docx")(path)


def read_text(text: str, path: str = "<text>") -> Document:
    return parse_text(text, path)


def read_document(path: str | Path) -> Document:
    """Read one file; raises UnreadableInput with a Chinese message naming the file."""
    p = Path(path)
    name = str(path)
    check_regular_file(p)  # before anything opens it: a FIFO or /dev/zero never blocks
    suffix = p.suffix.lower()
    try:
        if suffix in READERS:
            return reader(suffix)(path)
        if suffix == ".doc":
            with p.open("rb") as f:
                is_docx = f.read(4) == b"PK\x03\x04"  # a .docx saved under the old name reads as one
            if not is_docx:
                raise UnreadableInput(f"{name}：{_OLD_WORD}")
            return reader(".docx")(path)
        data = read_bytes(p)
    except OSError as exc:
        raise UnreadableInput(f"{name}：无法读取（{exc.strerror or exc}）") from exc
    text = decode_text(data, name)
    if suffix in _HTML_SUFFIXES or text.lstrip()[:15].lower().startswith(("<!doctype html", "<html")):
        check_text_chars(text, name)
        return Document(path=name, blocks=parse_html(text, name=name), format="html")
    return parse_text(text, name)
