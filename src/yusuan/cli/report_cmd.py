"""`yusuan report`: a report to hand over, from the checked documents in the store."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def report(
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            help="报告文件，按扩展名选择格式：.xlsx（每份文档一个工作表，含汇总表和核实状态下拉框）、"
            ".html（含原文页面截图并标出位置）、.docx、.csv",
        ),
    ] = Path("report.xlsx"),
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="数据库：DuckDB 文件路径或 postgresql:// 地址（默认取环境变量 YUSUAN_DB，否则为 yusuan.duckdb）",
            show_default=False,
        ),
    ] = None,
    documents: Annotated[
        list[str] | None,
        typer.Option(
            "--document",
            "-d",
            help="只报告指定的文档：文档编号（SHA-256）、编号开头至少 6 位、文件名或路径；可重复使用",
            show_default=False,
        ),
    ] = None,
    latest: Annotated[
        bool, typer.Option("--latest", help="同一部门、年度、类型的公开文件只报告最新版本")
    ] = False,
    images: Annotated[
        bool,
        typer.Option("--images/--no-images", help="HTML 报告是否附原文页面截图（PDF 文件）"),
    ] = True,
    title: Annotated[str, typer.Option("--title", help="报告标题")] = "预决算公开检查报告",
) -> None:
    """从数据库生成检查报告：每个问题一行（文档、页码、表格、行、列、规则、级别、检查维度、说明、应为、实为、建议），附核实状态（待核实 / 已确认 / 误报），并按级别和检查维度（完整性、细化程度、一致性、规范性）汇总。"""
    import sqlalchemy as sa

    from yusuan.cli.export_cmd import existing_store
    from yusuan.cli.ingest import open_store_or_exit
    from yusuan.cli.safe import error_reason, printable
    from yusuan.reports import ReportError, format_of, from_store, render, write_bytes
    from yusuan.store import describe

    def fail(message: str) -> typer.Exit:
        typer.echo(printable(f"错误：{message}"), err=True)
        return typer.Exit(2)

    try:
        fmt = format_of(output)
    except ReportError as exc:
        raise fail(str(exc)) from None
    name = existing_store(db)  # a DuckDB file named must exist (opening it would make an empty one)
    store = open_store_or_exit(name)
    try:
        made = from_store(store, documents or (), latest=latest, title=title)
        data = render(made, fmt, images=images)
    except ReportError as exc:
        raise fail(str(exc)) from None
    except sa.exc.SQLAlchemyError as exc:
        raise fail(f"读取数据库 {describe(name)} 时出错（{error_reason(exc)[:300]}）") from None
    finally:
        store.close()
    try:
        write_bytes(output, data)
    except ReportError as exc:
        raise fail(str(exc)) from None
    sev = made.by_severity()
    typer.echo(
        printable(
            f"已写入 {output}：文档 {len(made.documents)} 份，问题 {made.findings} 条"
            f"（错误 {sev['error']}、警告 {sev['warning']}、提示 {sev['info']}）"
        )
    )
    if not made.documents:
        typer.echo(printable(f"提示：数据库 {describe(name)} 中没有符合条件的文档"), err=True)
