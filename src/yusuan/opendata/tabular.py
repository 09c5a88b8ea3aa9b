"""The store's tables as Parquet or CSV files, one file per table.

Parquet keeps every column's type: amounts as decimal128(38, 6) — the store's NUMERIC(38, 6),
never a float — beside the exact printed decimal (``value_text``), integers, booleans and
timestamps as such. CSV is UTF-8 with a byte order mark (Excel opens the Chinese text), amounts
spelled exactly, text that a spreadsheet would run as a formula prefixed with an apostrophe.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.parquet as pq  # type: ignore[import-untyped]
import sqlalchemy as sa

from yusuan.opendata.files import csv_lines, replacing
from yusuan.opendata.rows import EXPORTED, FILE_NAMES, rows
from yusuan.store import Store
from yusuan.store.schema import AMOUNT


def arrow_type(column: sa.Column[Any]) -> Any:
    t = column.type
    if isinstance(t, sa.Float):  # a cell's box in PDF points: a measurement, not money
        return pa.float64()
    if isinstance(t, sa.Numeric):
        return pa.decimal128(AMOUNT.precision, AMOUNT.scale)
    if isinstance(t, sa.BigInteger):
        return pa.int64()
    if isinstance(t, sa.Integer):
        return pa.int32()
    if isinstance(t, sa.Boolean):
        return pa.bool_()
    if isinstance(t, sa.DateTime):
        return pa.timestamp("us")
    if isinstance(t, sa.LargeBinary):
        return pa.binary()
    return pa.string()


def arrow_schema(table: sa.Table) -> Any:
    return pa.schema(
        [pa.field(c.name, arrow_type(c), nullable=c.nullable or not c.primary_key) for c in table.columns]
    )


def write_parquet(store: Store, table: sa.Table, target: Path, *, latest: bool) -> int:
    schema = arrow_schema(table)
    n = 0
    with replacing(target) as f, pq.ParquetWriter(f, schema, compression="zstd") as writer:
        for batch in rows(store, table, latest=latest):
            columns = {name: [r[name] for r in batch] for name in schema.names}
            writer.write_table(pa.table(columns, schema=schema))
            n += len(batch)
        if n == 0:
            writer.write_table(schema.empty_table())
    return n


def write_csv(store: Store, table: sa.Table, target: Path, *, latest: bool) -> int:
    names = [c.name for c in table.columns]
    n = 0

    def all_rows() -> Any:
        nonlocal n
        for batch in rows(store, table, latest=latest):
            n += len(batch)
            yield from ([r[c] for c in names] for r in batch)

    with replacing(target) as f:
        f.write("\ufeff".encode())
        for text in csv_lines(names, all_rows()):
            f.write(text.encode("utf-8"))
    return n


def export_tables(store: Store, out_dir: Path, fmt: str, *, latest: bool) -> dict[Path, int]:
    """Write each exported table as ``<name>.parquet`` or ``<name>.csv``: file → rows written."""
    out: dict[Path, int] = {}
    for table in EXPORTED:
        target = out_dir / f"{FILE_NAMES[table.name]}.{fmt}"
        write = write_parquet if fmt == "parquet" else write_csv
        out[target] = write(store, table, target, latest=latest)
    return out
