"""`yusuan ingest PATH|DIR...`: check documents and keep them, with their tables, claims and
findings, in the store (a DuckDB file by default, or PostgreSQL)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from yusuan.cli.options import ProfileOption, ensure_profile
from yusuan.cli.safe import error_reason, printable

if TYPE_CHECKING:
    from yusuan.store import Store

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db", help="数据库：DuckDB 文件路径（默认 yusuan.duckdb 或环境变量 YUSUAN_DB）或 postgresql:// 地址"
    ),
]


def open_store_or_exit(db: str | None) -> Store:
    """The store named by --db, or exit 2 with a Chinese message (bad path, server unreachable)."""
    from sqlalchemy.exc import SQLAlchemyError

    from yusuan.store import Store, StoreUrlError, default_db, describe

    target = db or default_db()
    try:
        return Store(target)
    except StoreUrlError as exc:
        typer.echo(printable(f"错误：{exc}"), err=True)
    except (SQLAlchemyError, OSError) as exc:
        typer.echo(printable(f"错误：无法打开数据库 {describe(target)}：{error_reason(exc)[:300]}"), err=True)
    raise typer.Exit(2)


def ingest(
    paths: Annotated[
        list[Path],
        typer.Argument(help="要入库的公开文件或文件夹（文件夹中的文件逐层查找）", show_default=False),
    ],
    db: DbOption = None,
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", help="并行处理的文件数；0 表示 CPU 核数", min=0, show_default=True)
    ] = 0,
    cluster: Annotated[
        str | None,
        typer.Option("--cluster", help="在 Dask 集群上读取和检查（调度器地址，如 tcp://scheduler:8786）"),
    ] = None,
    retry: Annotated[bool, typer.Option("--retry", help="重新尝试以前无法入库的文件")] = False,
    profile: ProfileOption = "auto",
) -> None:
    """检查公开文件并存入数据库（表格每个单元格及其位置、文字表述、检查结果）。已入库的文件自动跳过，可随时中断后继续；同一部门同一年度同一类型重新发布的文件记为新版本。"""
    from yusuan.batch.ingest import ingest as run_ingest
    from yusuan.batch.pool import default_jobs
    from yusuan.store import Rejected, StoredDocument, describe

    ensure_profile(profile)
    store = open_store_or_exit(db)
    err = Console(stderr=True, soft_wrap=True)
    if retry:
        store.forget_rejects()
    show_bar = sys.stderr.isatty()
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[pages]} 页"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not show_bar,
    )
    task = progress.add_task("入库", total=None, pages=0)
    pages = 0

    def planned(n: int) -> None:
        progress.update(task, total=n)

    def done(path: str, result: StoredDocument | Rejected | None) -> None:
        nonlocal pages
        if result is None:
            return  # already stored: not part of the work
        if isinstance(result, StoredDocument):
            pages += result.pages
        progress.update(task, advance=1, pages=pages)
        if not show_bar:
            # one line per document on a log or pipe, so a long run can be followed
            state = "已入库" if isinstance(result, StoredDocument) else "未入库"
            err.print(printable(f"{state}：{path}"), markup=False, highlight=False)

    from yusuan.batch.pool import ClusterError
    from yusuan.yoy import check_years

    try:
        with progress:
            summary = run_ingest(
                store,
                paths,
                jobs=jobs or default_jobs(),
                cluster=cluster,
                profile=profile,
                on_result=done,
                on_plan=planned,
            )
        # what the documents say about last year, against last year's documents in the store
        years = check_years(store, summary.run_id) if summary.stored else None
    except ClusterError as exc:
        typer.echo(printable(f"错误：{exc}"), err=True)
        raise typer.Exit(2) from None
    finally:
        store.close()
    out = Console(soft_wrap=True)
    out.print(
        printable(
            f"数据库 {describe(store.db)}：新入库 {len(summary.stored)} 份"
            + (f"（{summary.pages} 页）" if summary.pages else "")
            + "，"
            f"已存在 {len(summary.skipped)} 份，未能入库 {len(summary.failed)} 份"
        ),
        markup=False,
        highlight=False,
    )
    if years is not None and years.pairs:
        out.print(printable(years.text()), markup=False, highlight=False)
    for _path, message in summary.failed:
        out.print(printable(f"  未入库：{message}"), markup=False, highlight=False)
    if summary.failed:
        raise typer.Exit(2)
