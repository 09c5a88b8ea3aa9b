"""Where a value came from: file, page, line, table, row, column and the original text."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Provenance:
    """A place in a published document; every field is optional because formats differ."""

    file: str | None = None
    line: int | None = None  # 1-based line in a text input
    page: int | None = None  # 1-based page in a paged input
    table: str | None = None  # table title (or id) the value sits in
    row: str | None = None  # row label or code
    column: str | None = None  # column title
    text: str | None = None  # the original text of the cell or sentence

    def with_(self, **changes: Any) -> Provenance:
        # hand-written instead of dataclasses.replace: this is on the extractor's hot path
        fields: dict[str, Any] = {
            "file": self.file,
            "line": self.line,
            "page": self.page,
            "table": self.table,
            "row": self.row,
            "column": self.column,
            "text": self.text,
        }
        fields.update(changes)
        return Provenance(**fields)

    def to_dict(self) -> dict[str, Any]:
        return {
            "line": self.line,
            "page": self.page,
            "table": self.table,
            "row": self.row,
            "column": self.column,
            "text": self.text,
        }

    def place(self) -> str:
        """Short human place, e.g. '第12行' or '第3页'."""
        bits = []
        if self.page is not None:
            bits.append(f"第{self.page}页")
        if self.line is not None:
            bits.append(f"第{self.line}行")
        return "".join(bits) or "位置未知"
