"""Checks on a ZIP-based Office package (.docx, .xlsx) before python-docx or openpyxl opens it.

Every member is inflated here once, as a stream, counting what comes out, so nothing larger than
the limits is ever held: the declared sizes, the sizes actually inflated (a ZIP directory can lie),
the ratio of each member (a ZIP bomb inflates thousands of times), the number of members. The XML
parts are scanned on the way: a DOCTYPE (entity definitions: "billion laughs", external entities)
is refused, as Office never writes one; in a worksheet the stored cells are counted (per sheet and
over the workbook: openpyxl builds an object for every cell, about 2.5 µs and a few hundred bytes
each; 12 sheets of 990,000 cells, a 40 MB file, ran into the child's 50 s budget) and the merged
ranges measured, because openpyxl creates one object for every cell a merged range covers (one
range ``A1:XFD1048576`` is 17 billion of them).
"""

from __future__ import annotations

import re
import zipfile
import zlib

from yusuan.read.errors import UnreadableInput
from yusuan.read.limits import LIMITS, MB, over

__all__ = ["check_package"]

_DOCTYPE = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_MERGE = re.compile(rb"<(?:\w+:)?mergeCell\b[^>]*?\bref=\"([A-Z]{1,3})(\d{1,7})(?::([A-Z]{1,3})(\d{1,7}))?\"")
_CELL = re.compile(rb"<(?:\w+:)?c[\s>/]")
_ELEMENT = re.compile(rb"<[A-Za-z]")
_MAX_MEMBERS = 10_000
_CHUNK = 1 << 16


def _column(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n


def check_package(data: bytes, name: str, archive: zipfile.ZipFile) -> None:
    """Raise UnreadableInput naming the file and the limit when the package is past one."""
    infos = archive.infolist()
    if len(infos) > _MAX_MEMBERS:
        raise over(name, f"压缩包内的文件数（{len(infos):,}）", _MAX_MEMBERS, " 个")
    declared = sum(info.file_size for info in infos)
    if declared > LIMITS.unzipped_bytes:
        raise over(name, f"解压后的大小（声明 {declared // MB:,} MB）", LIMITS.unzipped_bytes // MB, " MB")
    total = 0
    elements = [0]  # of the Word parts, all members together
    cells = [0]  # of the worksheets, all sheets together
    for info in infos:
        if info.is_dir():
            continue
        if info.file_size > MB and info.file_size > LIMITS.unzip_ratio * max(info.compress_size, 1):
            raise over(name, f"「{info.filename}」的压缩比（压缩炸弹）", LIMITS.unzip_ratio, " 倍")
        total += _scan(archive, info, name, total, elements, cells)


def _scan(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    name: str,
    before: int,
    elements: list[int],
    workbook_cells: list[int],
) -> int:
    member = info.filename
    is_xml = member.endswith((".xml", ".rels", ".vml")) or member == "[Content_Types].xml"
    is_sheet = member.startswith("xl/worksheets/") and member.endswith(".xml")
    is_word = member.startswith("word/") and member.endswith(".xml")
    size = 0
    cells = 0
    merged = 0
    carry = b""
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(_CHUNK):
                size += len(chunk)
                if before + size > LIMITS.unzipped_bytes:
                    raise over(name, "解压后的大小", LIMITS.unzipped_bytes // MB, " MB")
                if size > MB and size > LIMITS.unzip_ratio * max(info.compress_size, 1):
                    raise over(name, f"「{member}」的压缩比（压缩炸弹）", LIMITS.unzip_ratio, " 倍")
                if not is_xml:
                    continue
                buf = carry + chunk
                cut = buf.rfind(b">") + 1
                if cut == 0 and len(buf) < (1 << 20):
                    carry = buf
                    continue
                cut = cut or len(buf)
                part, carry = buf[:cut], buf[cut:]
                if _DOCTYPE.search(part):
                    raise UnreadableInput(
                        f"{name}：「{member}」含有 DOCTYPE/实体定义（Office 不会写入，可能是 XML 实体炸弹），未读取"
                    )
                if is_word:
                    elements[0] += len(_ELEMENT.findall(part))
                    if elements[0] > LIMITS.word_elements:
                        raise over(
                            name, "Word 文件的 XML 元素数（段落、表格单元格等）", LIMITS.word_elements, " 个"
                        )
                if is_sheet:
                    found = len(_CELL.findall(part))
                    cells += found
                    workbook_cells[0] += found
                    if workbook_cells[0] > LIMITS.workbook_cells:
                        raise over(name, "工作簿各工作表的单元格总数", LIMITS.workbook_cells, " 个")
                    if cells > LIMITS.sheet_cells:
                        raise over(name, f"工作表「{member}」的单元格数", LIMITS.sheet_cells, " 个")
                    for m in _MERGE.finditer(part):
                        c0, r0 = _column(m.group(1)), int(m.group(2))
                        c1, r1 = (_column(m.group(3)), int(m.group(4))) if m.group(3) else (c0, r0)
                        merged += (abs(c1 - c0) + 1) * (abs(r1 - r0) + 1)
                        if merged > LIMITS.merged_cells:
                            raise over(
                                name,
                                f"工作表「{member}」合并单元格覆盖的面积（如 {m.group(0)[-40:].decode('ascii', 'replace')}）",
                                LIMITS.merged_cells,
                                " 个单元格",
                            )
    except (
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        OSError,
        ValueError,
        RuntimeError,
        NotImplementedError,
    ) as exc:
        raise UnreadableInput(f"{name}：压缩包已损坏，无法解压「{member}」（{type(exc).__name__}）") from exc
    return size
