"""`yusuan init --xlsx FILE` / `--yaml FILE`: an empty source for a finance officer to fill in."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def init(
    xlsx: Annotated[Path | None, typer.Option("--xlsx", help="写出空白的 Excel 填报表")] = None,
    year: Annotated[int | None, typer.Option("--year", help="预算年度（决算填报表为决算年度）")] = None,
    final: Annotated[bool, typer.Option("--final", help="写出部门决算的填报表（默认为部门预算）")] = False,
) -> None:
    """写出空白源文件（Excel 填报表），含表头、下拉选项和示例行；--final 写出决算填报表。"""
    if xlsx is None:
        typer.echo("请用 --xlsx 文件名 指定要写出的填报表。", err=True)
        raise typer.Exit(2)
    from yusuan.source.template import write_template

    try:
        write_template(xlsx, year, final=final)
    except FileExistsError:
        typer.echo(f"{xlsx}：文件已存在，未覆盖。请换一个文件名或先移走原文件。", err=True)
        raise typer.Exit(2) from None
    except OSError as exc:
        typer.echo(f"{xlsx}：无法写入（{exc.strerror or exc}）", err=True)
        raise typer.Exit(2) from None
    typer.echo(f"已写出{'决算' if final else ''}填报表 {xlsx}")
