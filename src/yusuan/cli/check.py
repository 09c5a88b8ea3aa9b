"""`yusuan check PATH...`: audit published disclosures."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from yusuan.cli.options import ProfileOption, ensure_profile


class OutputFormat(StrEnum):
    text = "text"
    json = "json"


def check(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="要检查的公开文件（PDF / Word .docx / Excel / HTML / Markdown / 文本）", show_default=False
        ),
    ],
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="输出格式")
    ] = OutputFormat.text,
    profile: ProfileOption = "auto",
) -> None:
    """检查部门预算、部门决算公开文件（自动识别类型）：表内运算、表间勾稽、文字与表格、完整性、科目编码、绩效目标、文字规范，决算另查完成率、结转结余等。"""
    # the checker is imported here, not when `yusuan` starts (--help, other commands)
    from rich.console import Console

    from yusuan.cli.progress import run_each
    from yusuan.cli.report import dump_json, print_text
    from yusuan.cli.safe import printable
    from yusuan.model import Severity
    from yusuan.pipeline import check_path

    ensure_profile(profile)
    show_progress = len(paths) > 1 and sys.stderr.isatty()
    results = run_each(paths, lambda p: check_path(p, profile), "检查中", show_progress)
    if output_format is OutputFormat.json:
        sys.stdout.write(dump_json(results) + "\n")
    else:
        # a report piped or saved is not cut at 80 columns (codes and paths would break across lines)
        print_text(results, Console(soft_wrap=not sys.stdout.isatty()))
    for r in results:
        if r.failure:
            typer.echo(printable(f"错误：{r.failure.message}"), err=True)
    if any(r.failure for r in results):
        raise typer.Exit(2)
    if any(f.severity is Severity.ERROR for r in results for f in r.findings):
        raise typer.Exit(1)
