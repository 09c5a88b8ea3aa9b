"""Where a report's PDF pages and table-cell boxes come from: the store, or the file just checked."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa

from yusuan.reports.model import CellBox

if TYPE_CHECKING:
    from yusuan.model import Document
    from yusuan.store import Store


class StoreSource:
    """A stored document: the file's bytes (``Store.content``) and its cells' boxes (``cells``)."""

    def __init__(self, store: Store, document_id: str) -> None:
        self.store = store
        self.document_id = document_id

    def pdf(self) -> bytes | None:
        return self.store.content(self.document_id)

    def cells(self) -> list[CellBox]:
        from yusuan.store import schema

        c = schema.cells
        query = sa.select(c.c.page, c.c.line, c.c.header, c.c.x0, c.c.top, c.c.x1, c.c.bottom).where(
            (c.c.document_id == self.document_id) & c.c.x0.is_not(None) & c.c.page.is_not(None)
        )
        with self.store.engine.connect() as conn:
            return [
                CellBox(
                    int(r.page),
                    int(r.line),
                    r.header,
                    (float(r.x0), float(r.top), float(r.x1), float(r.bottom)),
                )
                for r in conn.execute(query)
                if r.line is not None and None not in (r.top, r.x1, r.bottom)
            ]


class FileSource:
    """A document checked in memory: its file, and the cells of the Document read from it."""

    def __init__(self, path: str, document: Document | None = None) -> None:
        self.path = path
        self.document = document

    def pdf(self) -> bytes | None:
        try:
            return Path(self.path).read_bytes()
        except OSError:
            return None

    def cells(self) -> list[CellBox]:
        from yusuan.model import TableBlock

        out: list[CellBox] = []
        if self.document is None:
            return out
        for block in self.document.blocks:
            if isinstance(block, TableBlock):
                for row in block.rows:
                    for cell in row:
                        if cell.bbox is not None and cell.page is not None and cell.line is not None:
                            out.append(CellBox(cell.page, cell.line, None, cell.bbox))
        return out
