"""Rule families; importing this package registers every rule."""

from yusuan.audit.rules import (
    arithmetic,
    codes,
    consistency,
    crosstable,
    final,
    performance,
    ranges,
    structure,
    text,
    wording,
)

__all__ = [
    "arithmetic",
    "codes",
    "consistency",
    "crosstable",
    "final",
    "performance",
    "ranges",
    "structure",
    "text",
    "wording",
]
