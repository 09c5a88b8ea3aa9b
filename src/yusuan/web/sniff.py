"""An uploaded file's type, decided by its content (never by the name it came with), and the name
shown for it (display only: an upload is stored and read under a name of our own)."""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

from yusuan.read.decode import decode_text
from yusuan.read.errors import UnreadableInput

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"
_NAME_BAD = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]")

FORMAT_NAMES = {
    ".pdf": "PDF",
    ".docx": "Word",
    ".xlsx": "Excel",
    ".xls": "Excel（.xls）",
    ".html": "HTML",
    ".md": "文本",
}


@dataclass(frozen=True, slots=True)
class Sniffed:
    suffix: str  # .pdf / .docx / .xlsx / .xls / .html / .md: the reader to use


class NotSupported(ValueError):
    """Not a file type the checker reads (Chinese message naming the file)."""


def display_name(name: str | None) -> str:
    """The uploaded name as a person may see it: its last path part, without control or path
    characters, at most 120 characters; 未命名 when nothing is left. Never used as a path."""
    raw = unicodedata.normalize("NFC", name or "")
    raw = raw.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = _NAME_BAD.sub("_", raw).strip().lstrip(".")
    if not cleaned or set(cleaned) <= {"_", "."}:
        return "未命名"
    return cleaned[:120]


def sniff(data: bytes, name: str, path: Path | None = None) -> Sniffed:
    """The reader for a file whose first bytes (at least its first MB, or all of it) are ``data``;
    ``path``, when given, is the whole file (a ZIP package's directory is at its end).
    NotSupported when no reader reads it."""
    if not data:
        raise NotSupported(f"{name}：文件为空")
    if b"%PDF-" in data[:1024]:
        return Sniffed(".pdf")
    if data.startswith(_ZIP):
        return Sniffed(_package(path if path is not None else io.BytesIO(data), name))
    if data.startswith(_OLE):
        start = data[: 1 << 20]
        if "Workbook".encode("utf-16-le") in start or "Book".encode("utf-16-le") in start:
            return Sniffed(".xls")
        if "WordDocument".encode("utf-16-le") in start:
            raise NotSupported(
                f"{name}：暂不支持旧版 Word（.doc）文件，请在 Word/WPS 中另存为 .docx 后再上传"
            )
        raise NotSupported(
            f"{name}：不是支持的 Office 文件（可上传 PDF、Word .docx、Excel .xlsx/.xls、HTML 或文本）"
        )
    try:
        text = decode_text(data[: 1 << 16], name)
    except UnreadableInput as exc:
        raise NotSupported(
            f"{name}：不是支持的文件类型（可上传 PDF、Word .docx、Excel .xlsx/.xls、HTML 或文本）"
        ) from exc
    head = text.lstrip()[:200].lower()
    if head.startswith(("<!doctype html", "<html")) or (
        "<table" in text[:4000].lower() and head.startswith("<")
    ):
        return Sniffed(".html")
    return Sniffed(".md")


def _package(source: Path | io.BytesIO, name: str) -> str:
    """A ZIP package: Word when it has word/, Excel when it has xl/ (names from the central
    directory only: nothing is inflated here; the reader checks sizes and ratios)."""
    try:
        with zipfile.ZipFile(source) as z:
            names = z.namelist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise NotSupported(f"{name}：压缩包已损坏，不是有效的 Word/Excel 文件") from exc
    if any(n.startswith("word/") for n in names):
        return ".docx"
    if any(n.startswith("xl/") for n in names):
        return ".xlsx"
    raise NotSupported(f"{name}：是压缩包但不是 Word（.docx）或 Excel（.xlsx）文件")
