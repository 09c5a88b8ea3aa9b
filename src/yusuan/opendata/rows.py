"""The store's rows as they are exported: documents, their tables, cells, claims and findings (never
the stored file contents), each table in its primary-key order, read in batches so that a store of
any size is exported in bounded memory."""

from __future__ import annotations

from collections.abc import Iterator

import sqlalchemy as sa

from yusuan.store import Row, Store, schema

#: exported tables, in this order; ``files`` (the documents' bytes), runs, rejects and reviews stay
EXPORTED: tuple[sa.Table, ...] = (
    schema.documents,
    schema.doc_tables,
    schema.cells,
    schema.claims,
    schema.findings,
)

#: file names of the exported tables (doc_tables is the store's name for a document's tables)
FILE_NAMES = {
    "documents": "documents",
    "doc_tables": "tables",
    "cells": "cells",
    "claims": "claims",
    "findings": "findings",
}

BATCH = 20_000


def latest_ids() -> sa.Select[tuple[str]]:
    d = schema.documents
    return sa.select(d.c.id).where(d.c.is_latest)


def select(table: sa.Table, *, latest: bool) -> sa.Select[tuple[object, ...]]:
    query = sa.select(table).order_by(*table.primary_key.columns)
    if latest:
        key = table.c.id if table is schema.documents else table.c.document_id
        query = query.where(key.in_(latest_ids()))
    return query


def batches(store: Store, query: sa.Select[tuple[object, ...]], size: int = BATCH) -> Iterator[list[Row]]:
    """The rows of ``query``, ``size`` at a time (PostgreSQL through a server-side cursor)."""
    with store.engine.connect() as conn:
        if store.dialect == "postgresql":
            conn = conn.execution_options(stream_results=True)
        result = conn.execute(query)
        for part in result.mappings().partitions(size):
            yield [dict(r) for r in part]


def rows(store: Store, table: sa.Table, *, latest: bool, size: int = BATCH) -> Iterator[list[Row]]:
    return batches(store, select(table, latest=latest), size)
