"""Text normalisation shared by the extractors: names, ordinals, brackets, spaces."""

from __future__ import annotations

import re
from functools import lru_cache

_CJK = r"\u3400-\u9fff\uf900-\ufaff"
_SPACE_IN_CJK = re.compile(rf"(?<=[{_CJK}（）()“”、，：])\s+(?=[{_CJK}（）()“”、，：])")
# matched at a position (no ^: Pattern.match anchors there), so that a run of ordinals is stripped
# in one pass instead of re-slicing the string once per ordinal (quadratic on '一、' × 300,000)
_ORDINAL = re.compile(
    r"\s*(?:其中[:：]\s*)?(?:[一二三四五六七八九十百]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[、.．)）]|[①-⑳])\s*"
)
_BRACKETS = str.maketrans({"(": "（", ")": "）", ":": "：", ",": "，", ";": "；"})
_QUOTES = re.compile(r"[“”\"\"'‘’]")


@lru_cache(maxsize=65536)
def squash(text: str) -> str:
    """Remove white space inside CJK text ('其他组织 事务支出' → '其他组织事务支出')."""
    return _SPACE_IN_CJK.sub("", text.strip())


@lru_cache(maxsize=65536)
def strip_ordinal(text: str) -> str:
    """'一、一般公共预算拨款收入' → '一般公共预算拨款收入'; '其中：（1）公务用车购置费' → '公务用车购置费'."""
    t = text.strip()
    pos = 0
    while (m := _ORDINAL.match(t, pos)) is not None and m.end() > pos:
        pos = m.end()
    return t[pos:].strip()


@lru_cache(maxsize=65536)
def canon(text: str) -> str:
    """Comparison form: no spaces, no quotes, full-width brackets, no ordinal prefix."""
    t = strip_ordinal(squash(text)).translate(_BRACKETS)
    t = _QUOTES.sub("", t)
    return re.sub(r"\s+", "", t)


def best_alias(text: str, aliases: dict[str, tuple[str, ...]]) -> tuple[str, int] | None:
    """The key whose alias matches text best: exact match first, then the longest contained alias."""
    c = canon(text)
    best: tuple[str, int] | None = None
    for key, names in aliases.items():
        for name in names:
            n = canon(name)
            if not n:
                continue
            score = 1000 + len(n) if c == n else (len(n) if n in c else 0)
            if score and (best is None or score > best[1]):
                best = (key, score)
    return best
