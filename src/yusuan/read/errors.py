"""Errors a reader raises when an input cannot be read at all."""

from __future__ import annotations

from pathlib import Path


class UnreadableInput(Exception):
    """The input cannot be read; the message (Chinese) names the file and says why."""


def read_bytes(path: str | Path) -> bytes:
    """The file's bytes, or UnreadableInput naming it (missing, a directory, no permission…)."""
    name = str(path)
    try:
        return Path(path).read_bytes()
    except FileNotFoundError as exc:
        raise UnreadableInput(f"{name}：文件不存在") from exc
    except IsADirectoryError as exc:
        raise UnreadableInput(f"{name}：这是一个目录，不是文件") from exc
    except OSError as exc:
        raise UnreadableInput(f"{name}：无法读取（{exc.strerror or exc}）") from exc
