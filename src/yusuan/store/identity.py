"""Identity of what is stored: a file by its content, a department across years by its name."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

_CHUNK = 1 << 20


def file_sha256(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(_CHUNK):
            h.update(chunk)
    return h.hexdigest()


# words that vary between years for one department without changing who it is
_NOISE = re.compile(r"[\s\u3000·•．.、,，:：;；\"'“”‘’《》〈〉<>()（）\[\]【】{}〔〕]")
_TRAILERS = ("（本级）", "(本级)", "本级", "（汇总）", "(汇总)")


def department_key(name: str | None) -> str | None:
    """The same department's name printed in different years (white space, full- or half-width
    brackets, 本级/汇总 trailers, a 中共 prefix) reduced to one key; None when there is no name."""
    if not name:
        return None
    text = unicodedata.normalize("NFKC", name).strip()
    for t in _TRAILERS:
        text = text.removesuffix(unicodedata.normalize("NFKC", t))
    text = _NOISE.sub("", text)
    text = text.removeprefix("中国共产党").removeprefix("中共")
    return text or None
