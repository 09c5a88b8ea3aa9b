"""Errors a reader raises when an input cannot be read at all."""

from __future__ import annotations

from pathlib import Path


class UnreadableInput(Exception):
    """The input cannot be read; the message (Chinese) names the file and says why."""


def read_bytes(path: str | Path) -> bytes:
    """The file's bytes, or UnreadableInput naming it (missing, a directory, a FIFO or device, no
    permission, larger than the limit…). Only a regular file is opened."""
    from yusuan.read.limits import LIMITS, check_regular_file, over

    name = str(path)
    check_regular_file(path)
    try:
        with Path(path).open("rb") as f:
            data = f.read(LIMITS.file_bytes + 1)
    except FileNotFoundError as exc:
        raise UnreadableInput(f"{name}：文件不存在") from exc
    except IsADirectoryError as exc:
        raise UnreadableInput(f"{name}：这是一个目录，不是文件") from exc
    except OSError as exc:
        raise UnreadableInput(f"{name}：无法读取（{exc.strerror or exc}）") from exc
    if len(data) > LIMITS.file_bytes:
        raise over(name, "文件大小", LIMITS.file_bytes // (1024 * 1024), " MB")
    return data
