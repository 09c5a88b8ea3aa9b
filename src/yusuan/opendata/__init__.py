"""Open data: the store's documents, tables, cells, claims and findings as Parquet or CSV files,
or as a Fiscal Data Package (``datapackage.json`` and its CSV resources).

Reads the store through its schema (SQLAlchemy Core, so DuckDB and PostgreSQL alike) and nothing
else of yusuan: what is exported is what was stored.
"""

from __future__ import annotations

from pathlib import Path

from yusuan.opendata.fdp import export_fdp
from yusuan.opendata.files import ExportError, prepare_dir
from yusuan.opendata.tabular import export_tables
from yusuan.store import Store

FORMATS = ("parquet", "csv", "fdp")


def export_store(store: Store, out_dir: Path, fmt: str, *, latest: bool = False) -> dict[Path, int]:
    """Write the export into ``out_dir`` (made when missing): each file written → its rows."""
    if fmt not in FORMATS:
        raise ExportError(f"不支持的导出格式：{fmt}（可用：{'、'.join(FORMATS)}）")
    prepare_dir(out_dir)
    if fmt == "fdp":
        return export_fdp(store, out_dir, latest=latest)
    return export_tables(store, out_dir, fmt, latest=latest)


__all__ = ["FORMATS", "ExportError", "export_store"]
