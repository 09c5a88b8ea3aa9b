"""A minimal writer of legacy Excel (.xls, BIFF8 in an OLE compound file) for tests that need a
hostile .xls: xlwt is not a dependency, and the records a bomb needs are few. Not a general
writer: one font, the sixteen style formats and one cell format, sheets of numbers, strings from
the shared string table, blank runs and merged ranges, and any raw record a test adds.

References: [MS-XLS] (BIFF8 records) and [MS-CFB] (the compound file, version 3, 512-byte
sectors, no mini stream: the Workbook stream is padded to 4,096 bytes or more)."""

from __future__ import annotations

import math
import struct
from collections.abc import Iterable
from dataclasses import dataclass, field

BOF, EOF, CODEPAGE, FONT, XF, BOUNDSHEET, SST = 0x0809, 0x000A, 0x0042, 0x0031, 0x00E0, 0x0085, 0x00FC
DIMENSIONS, NUMBER, LABELSST, MULBLANK, MULRK, MERGEDCELLS, CONTINUE = (
    0x0200,
    0x0203,
    0x00FD,
    0x00BE,
    0x00BD,
    0x00E5,
    0x003C,
)


def record(kind: int, data: bytes = b"") -> bytes:
    return struct.pack("<HH", kind, len(data)) + data


CELL_FORMAT = record(XF, struct.pack("<HHHBBBBIIH", 0, 0, 0x0001, 0x20, 0, 0, 0, 0, 0x20C0, 0))  # XF 16


def _short_string(text: str) -> bytes:
    return struct.pack("<BB", len(text), 1) + text.encode("utf-16-le")


def _string(text: str) -> bytes:
    return struct.pack("<HB", len(text), 1) + text.encode("utf-16-le")


@dataclass
class Sheet:
    name: str
    records: list[bytes] = field(default_factory=list)  # after DIMENSIONS, before EOF
    rows: int = 1  # DIMENSIONS: one past the last row and column
    columns: int = 1

    def number(self, row: int, column: int, value: float) -> Sheet:
        self.records.append(record(NUMBER, struct.pack("<HHHd", row, column, 16, value)))
        return self

    def string(self, row: int, column: int, index: int) -> Sheet:
        """A cell showing the shared string ``index``."""
        self.records.append(record(LABELSST, struct.pack("<HHHI", row, column, 16, index)))
        return self

    def blanks(self, row: int, first: int, last: int) -> Sheet:
        """Formatted empty cells ``first``..``last`` of a row (one MULBLANK record)."""
        xfs = struct.pack(f"<{last - first + 1}H", *([16] * (last - first + 1)))
        self.records.append(record(MULBLANK, struct.pack("<HH", row, first) + xfs + struct.pack("<H", last)))
        return self

    def merged(self, ranges: Iterable[tuple[int, int, int, int]]) -> Sheet:
        """Merged ranges (first row, last row, first column, last column), 1,026 per record."""
        items = list(ranges)
        for k in range(0, len(items), 1026):
            part = items[k : k + 1026]
            body = b"".join(struct.pack("<HHHH", *r) for r in part)
            self.records.append(record(MERGEDCELLS, struct.pack("<H", len(part)) + body))
        return self

    def stream(self) -> bytes:
        dims = struct.pack("<IIHHH", 0, self.rows, 0, self.columns, 0)
        return b"".join(
            [
                record(BOF, struct.pack("<HHHHII", 0x0600, 0x0010, 0x0DBB, 0x07CC, 0, 6)),
                record(DIMENSIONS, dims),
                *self.records,
                record(EOF),
            ]
        )


def sst(strings: list[str], total: int | None = None, unique: int | None = None) -> bytes:
    """The shared string table; ``total``/``unique`` override the counts its header states. Each
    record (SST, then CONTINUE) holds whole strings only, so no string is cut at a record's end."""
    head = struct.pack(
        "<II", len(strings) if total is None else total, len(strings) if unique is None else unique
    )
    out: list[bytes] = []
    part = head
    for text in strings:
        encoded = _string(text)
        if len(part) + len(encoded) > 8224:
            out.append(record(CONTINUE if out else SST, part))
            part = b""
        part += encoded
    out.append(record(CONTINUE if out else SST, part))
    return b"".join(out)


def workbook(
    sheets: list[Sheet], strings: list[str] | None = None, raw_sst: bytes | None = None, extra: bytes = b""
) -> bytes:
    """The Workbook stream: globals (fonts, formats, sheet list, shared strings, then ``extra``
    records) then the sheets."""
    font = record(
        FONT, struct.pack("<HHHHHBBBB", 220, 0, 0x7FFF, 400, 0, 0, 0, 0, 0) + _short_string("Arial")
    )
    style_xf = record(XF, struct.pack("<HHHBBBBIIH", 0, 0, 0xFFF5, 0x20, 0, 0, 0, 0, 0x20C0, 0))
    cell_xf = CELL_FORMAT
    table = raw_sst if raw_sst is not None else (sst(strings) if strings else b"")

    def globals_(offsets: list[int]) -> bytes:
        sheet_list = b"".join(
            record(BOUNDSHEET, struct.pack("<IBB", off, 0, 0) + _short_string(s.name))
            for off, s in zip(offsets, sheets, strict=True)
        )
        return b"".join(
            [
                record(BOF, struct.pack("<HHHHII", 0x0600, 0x0005, 0x0DBB, 0x07CC, 0, 6)),
                record(CODEPAGE, struct.pack("<H", 1200)),
                font * 5,
                style_xf * 16,
                cell_xf,
                sheet_list,
                table,
                extra,
                record(EOF),
            ]
        )

    head = len(globals_([0] * len(sheets)))  # offsets do not change the globals' length
    streams = [s.stream() for s in sheets]
    offsets = []
    pos = head
    for s in streams:
        offsets.append(pos)
        pos += len(s)
    return globals_(offsets) + b"".join(streams)


_FREE, _END, _FAT, _NONE = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
_SECTOR = 512


def _entry(name: str, kind: int, child: int, start: int, size: int) -> bytes:
    encoded = (name + "\0").encode("utf-16-le") if name else b""
    return (
        encoded.ljust(64, b"\0")
        + struct.pack("<HBB", len(encoded), kind, 1 if kind else 0)
        + struct.pack("<III", _NONE, _NONE, child)
        + bytes(16 + 4 + 16)
        + struct.pack("<IQ", start, size)
    )


def compound_file(stream: bytes, name: str = "Workbook") -> bytes:
    """An OLE compound file holding one stream (at most about 7 MB: no DIFAT sectors)."""
    stream = stream.ljust(4096, b"\0")
    data_sectors = math.ceil(len(stream) / _SECTOR)
    fat_sectors = 1
    while fat_sectors * 128 < data_sectors + 1 + fat_sectors:
        fat_sectors += 1
    if fat_sectors > 109:
        raise ValueError("stream too large for a compound file without DIFAT sectors")
    directory = data_sectors
    fat = [*range(1, data_sectors), _END, _END] + [_FAT] * fat_sectors
    fat += [_FREE] * (fat_sectors * 128 - len(fat))
    difat = list(range(directory + 1, directory + 1 + fat_sectors)) + [_FREE] * (109 - fat_sectors)
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + bytes(16)
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + bytes(6)
        + struct.pack("<IIIIIIIII", 0, fat_sectors, directory, 0, 4096, _END, 0, _END, 0)
        + struct.pack("<109I", *difat)
    )
    entries = (
        _entry("Root Entry", 5, 1, _END, 0)
        + _entry(name, 2, _NONE, 0, len(stream))
        + _entry("", 0, _NONE, 0, 0) * 2
    )
    return header + stream.ljust(data_sectors * _SECTOR, b"\0") + entries + struct.pack(f"<{len(fat)}I", *fat)


def xls(
    sheets: list[Sheet], strings: list[str] | None = None, raw_sst: bytes | None = None, extra: bytes = b""
) -> bytes:
    return compound_file(workbook(sheets, strings, raw_sst, extra))
