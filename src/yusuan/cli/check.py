"""`yusuan check PATH...`: audit published disclosures."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from yusuan.cli.options import ProfileOption, ensure_profile

if TYPE_CHECKING:
    from yusuan.pipeline import CheckResult


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
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", help="并行检查的文件数；0 表示 CPU 核数", min=0, show_default=True)
    ] = 1,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="另写一份检查报告，按扩展名选择格式：.xlsx（含汇总表和核实状态下拉框）、.html（含原文页面截图）、.docx、.csv",
            show_default=False,
        ),
    ] = None,
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
    if output is not None:
        _check_report_path(output)
    show_progress = len(paths) > 1 and sys.stderr.isatty()
    if jobs == 1 or len(paths) == 1:
        results = run_each(paths, lambda p: check_path(p, profile), "检查中", show_progress)
    else:
        results = _in_parallel(paths, profile, jobs, show_progress)
    if output_format is OutputFormat.json:
        sys.stdout.write(dump_json(results) + "\n")
    else:
        # a report piped or saved is not cut at 80 columns (codes and paths would break across lines)
        print_text(results, Console(soft_wrap=not sys.stdout.isatty()))
    for r in results:
        if r.failure:
            typer.echo(printable(f"错误：{r.failure.message}"), err=True)
    if output is not None:
        _write_report(results, output)
    if any(r.failure for r in results):
        raise typer.Exit(2)
    if any(f.severity is Severity.ERROR for r in results for f in r.findings):
        raise typer.Exit(1)


def _check_report_path(output: Path) -> None:
    """Refuse a report path before the (long) check, not after it."""
    from yusuan.cli.safe import printable
    from yusuan.reports import ReportError, format_of

    try:
        format_of(output)
    except ReportError as exc:
        typer.echo(printable(f"错误：{exc}"), err=True)
        raise typer.Exit(2) from None
    if not output.parent.exists():
        typer.echo(printable(f"错误：{output}：所在文件夹不存在"), err=True)
        raise typer.Exit(2)


def _write_report(results: list[CheckResult], output: Path) -> None:
    from yusuan.cli.safe import printable
    from yusuan.reports import ReportError, from_results, write_report

    try:
        write_report(from_results(results), output)
    except (ReportError, OSError) as exc:
        typer.echo(printable(f"错误：报告未写出：{exc}"), err=True)
        raise typer.Exit(2) from None
    typer.echo(printable(f"检查报告已写入 {output}"), err=True)


def _in_parallel(paths: list[Path], profile: str, jobs: int, show: bool) -> list[CheckResult]:
    """check_path over the files in worker processes; results in the order the files were given."""
    import functools

    from rich.console import Console
    from rich.progress import Progress

    from yusuan.batch.pool import default_jobs, run_all
    from yusuan.pipeline import CheckResult, check_path, internal_failure

    def crashed(path: Path, exc: BaseException) -> CheckResult:
        return CheckResult(str(path), failure=internal_failure(path, exc))

    out: list[CheckResult] = []
    work = functools.partial(check_path, profile_id=profile)
    with Progress(console=Console(stderr=True), transient=True, disable=not show) as progress:
        task = progress.add_task("检查中", total=len(paths))
        for _, result in run_all(work, paths, crashed, jobs=jobs or default_jobs()):  # in order
            out.append(result)
            progress.advance(task)
    return out
