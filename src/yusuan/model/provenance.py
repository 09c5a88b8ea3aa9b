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
    cell: int | None = None  # 0-based column index of the cell in its table, as the reader laid it out
    bbox: tuple[float, float, float, float] | None = None  # the cell's box on its page (PDF points)

    def fields(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in _FIELDS}

    def with_(self, **changes: Any) -> Provenance:
        # a plain constructor call instead of dataclasses.replace: this is on the extractor's hot path
        return Provenance(**{**self.fields(), **changes})

    def to_dict(self) -> dict[str, Any]:
        """The JSON form of a location (the file is given once per document, not per location)."""
        out = self.fields()
        del out["file"]
        for optional in ("cell", "bbox"):  # only where the reader knows them (tables of paged inputs)
            if out[optional] is None:
                del out[optional]
        return out

    def place(self) -> str:
        """Short human place, e.g. '第12行', '第3页' or '第3页（全文第41行）'."""
        return place_words(self.page, self.line) or "位置未知"


def place_words(page: int | None, line: int | None) -> str:
    """A page and a line in words. The line of a paged document is counted through the whole
    document (the reader numbers every line and table row in reading order), so with a page it
    is said to be the document's line, never the page's: '第7页（全文第118行）', not '第7页第118行'."""
    if page is not None and line is not None:
        return f"第{page}页（全文第{line}行）"
    if page is not None:
        return f"第{page}页"
    if line is not None:
        return f"第{line}行"
    return ""


_FIELDS = ("file", "line", "page", "table", "row", "column", "text", "cell", "bbox")
