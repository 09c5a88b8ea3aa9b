"""Document text in a spreadsheet stays text: the export's guard against formulas ("CSV
injection", OWASP), shared so that reports and exports escape alike."""

from __future__ import annotations

from yusuan.export.csv_format import _FORMULA_START, _field


def formula_like(text: str) -> bool:
    """Whether a spreadsheet would read ``text`` as a formula (it starts with = + - @, a tab or CR)."""
    return text.startswith(_FORMULA_START)


def csv_field(value: str | int | None) -> str:
    """A CSV field: text that would start a formula gets a leading apostrophe (the export's rule)."""
    return _field(value)
