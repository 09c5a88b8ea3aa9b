"""Turn bytes into text, refusing binary files with a clear message."""

from __future__ import annotations

import re

from yusuan.read.errors import UnreadableInput

# control characters other than tab, newline, carriage return and form feed, and the replacement char
_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0e-\x1f\ufffd]")


_UTF16_BOMS = ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


def decode_text(data: bytes, path: str) -> str:
    """Text of a file: UTF-8 (with or without BOM), UTF-16 with a BOM (Notepad's "Unicode"), or
    GB18030; UnreadableInput naming the file for empty or binary data."""
    if not data.strip():
        raise UnreadableInput(f"{path}：文件为空")
    for bom, encoding in _UTF16_BOMS:
        if data.startswith(bom) and not data.startswith(b"\xff\xfe\x00\x00"):
            try:
                data = data[len(bom) :].decode(encoding).encode("utf-8")
            except UnicodeDecodeError as exc:
                raise UnreadableInput(
                    f"{path}：UTF-16 文本编码有误（第 {exc.start} 字节），无法读取"
                ) from exc
            break
    if b"\x00" in data[:65536]:
        raise UnreadableInput(f"{path}：不是文本文件（含有二进制数据），无法按文本读取")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes almost anything; kept for safety
        raise UnreadableInput(f"{path}：无法识别文件编码（既不是 UTF-8 也不是 GB18030）")
    if not text.strip():
        raise UnreadableInput(f"{path}：文件为空")
    sample = text[:65536]
    bad = len(_BAD_CHARS.findall(sample))
    if bad > max(8, len(sample) // 50):
        raise UnreadableInput(f"{path}：不是文本文件（控制字符过多），无法按文本读取")
    return text
