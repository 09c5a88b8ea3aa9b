"""Rule families; importing this package registers every rule."""

from yusuan.audit.rules import arithmetic, codes, crosstable, performance, structure, text, wording

__all__ = ["arithmetic", "codes", "crosstable", "performance", "structure", "text", "wording"]
