"""`yusuan export --db … --format parquet|csv|fdp -o DIR`: the store as open data."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from yusuan.cli.safe import error_reason, printable


class OpenDataFormat(StrEnum):
    parquet = "parquet"
    csv = "csv"
    fdp = "fdp"


def existing_store(db: str | None) -> str:
    """The --db value, or the default store; exit 2 with a Chinese message when a DuckDB file
    named does not exist (opening it would make an empty one)."""
    from yusuan.store import default_db

    value = db or default_db()
    if "://" not in value and not Path(value).expanduser().is_file():
        typer.echo(
            printable(f"错误：数据库文件不存在：{value}（请先用 yusuan ingest 建立，或用 --db 指定）"),
            err=True,
        )
        raise typer.Exit(2)
    return value


def export_db(
    out_dir: Annotated[Path, typer.Option("--output", "-o", help="输出文件夹（不存在时新建）")],
    db: Annotated[
        str | None,
        typer.Option(
            "--db", help="数据库：DuckDB 文件路径或 postgresql:// 地址（默认 YUSUAN_DB 或 yusuan.duckdb）"
        ),
    ] = None,
    fmt: Annotated[
        OpenDataFormat,
        typer.Option(
            "--format",
            "-f",
            help="parquet（每表一个 Parquet 文件，金额为 decimal128(38,6)）、csv（UTF-8 带 BOM）"
            "或 fdp（Fiscal Data Package：datapackage.json 及其 CSV）",
        ),
    ] = OpenDataFormat.parquet,
    latest: Annotated[bool, typer.Option("--latest", help="只导出每个部门、年度、类别的最新版本")] = False,
) -> None:
    """导出数据库中的公开文件、表格、单元格、文字表述和检查发现，供开放数据使用（不含原文件）。"""
    import sqlalchemy as sa

    from yusuan.opendata import ExportError, export_store
    from yusuan.store import Store, StoreUrlError, describe

    value = existing_store(db)
    try:
        with Store(value) as store:
            written = export_store(store, out_dir, fmt.value, latest=latest)
    except (ExportError, StoreUrlError) as exc:
        typer.echo(printable(f"错误：{exc}"), err=True)
        raise typer.Exit(2) from None
    except sa.exc.SQLAlchemyError as exc:
        typer.echo(printable(f"错误：无法读取数据库 {describe(value)}：{error_reason(exc)}"), err=True)
        raise typer.Exit(2) from None
    for path, n in written.items():
        typer.echo(printable(f"{path}\t{n} 行" if path.suffix != ".json" else f"{path}"))
