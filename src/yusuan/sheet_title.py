"""Excel sheet titles: at most 31 UTF-16 units. Shared by the XLSX renderer and the XLSX exporter."""

from __future__ import annotations


def fit_title(base: str, suffix: str = "") -> str:
    """``base + suffix`` cut to Excel's limit of 31 UTF-16 units (the suffix is kept whole)."""
    limit = 31 - len(suffix.encode("utf-16-le")) // 2
    out = ""
    for ch in base:
        if len((out + ch).encode("utf-16-le")) // 2 > limit:
            break
        out += ch
    return out.rstrip() + suffix
