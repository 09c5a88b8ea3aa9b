"""Writing export files: each beside its target and renamed into place when complete (an export
killed halfway leaves the previous file, never half a file), never through a symbolic link; CSV
fields spelled exactly and safe to open in a spreadsheet."""

from __future__ import annotations

import contextlib
import csv
import errno
import io
import os
import re
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

#: what makes a spreadsheet read a CSV field as a formula (OWASP "CSV injection")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[-+]?\d+(\.\d+)?")


class ExportError(Exception):
    """The export cannot be written (Chinese message naming the file)."""


def plain_decimal(d: Decimal) -> str:
    """A decimal as digits, never in exponent form (1E+8 → 100000000)."""
    return format(d, "f")


def csv_field(v: Any) -> str:
    """One value as a CSV field: amounts exactly, text that a spreadsheet would run as a formula
    prefixed with an apostrophe (a plain number such as ``-5`` stays as it is)."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, Decimal):
        return plain_decimal(v)
    if isinstance(v, int | float):
        return str(v)
    if isinstance(v, datetime | date):
        return v.isoformat()
    if isinstance(v, bytes):
        return v.hex()
    text = str(v)
    if text.startswith(_FORMULA_START) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def csv_lines(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """The CSV text of a header and rows, a few lines at a time."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([csv_field(v) for v in row])
        if buffer.tell() > 1 << 16:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


@contextlib.contextmanager
def replacing(target: Path) -> Iterator[IO[bytes]]:
    """A binary file that becomes ``target`` when the block ends without an error."""
    if target.is_symlink():
        raise ExportError(f"{target}：是符号链接，未覆盖")
    if target.exists() and not target.is_file():
        raise ExportError(f"{target}：已存在且不是文件，未覆盖")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    except OSError as exc:
        raise ExportError(f"{target}：无法写入（{exc.strerror or exc}）") from exc
    try:
        with os.fdopen(fd, "wb") as f:
            yield f
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise ExportError(f"{target}：写入失败（{exc.strerror or exc}）") from exc
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def prepare_dir(out_dir: Path) -> None:
    """The output folder, made when missing; refused when it is a file or a link."""
    if out_dir.is_symlink():
        raise ExportError(f"{out_dir}：输出文件夹是符号链接，未写入")
    if out_dir.exists() and not out_dir.is_dir():
        raise ExportError(f"{out_dir}：已存在且不是文件夹")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        code = errno.errorcode.get(exc.errno or 0, "")
        raise ExportError(f"{out_dir}：无法创建输出文件夹（{exc.strerror or code}）") from exc
