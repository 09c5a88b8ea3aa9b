"""`yusuan build SOURCE -o DIR`: the whole disclosure from one source file."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from yusuan.cli.safe import printable, resolved
from yusuan.profiles import buildable as layouts
from yusuan.render import FORMATS

if TYPE_CHECKING:
    from yusuan.build import BuildResult


def _echo(text: str, err: bool = False) -> None:
    # source text (a department name, a path) can hold terminal controls: shown, never obeyed
    typer.echo(printable(text), err=err)


def _formats(text: str) -> tuple[str, ...]:
    wanted = tuple(dict.fromkeys(f.strip().lower() for f in text.split(",") if f.strip()))
    unknown = [f for f in wanted if f not in FORMATS]
    if unknown or not wanted:
        _echo(f"未知的输出格式：{'、'.join(unknown) or '（空）'}（可用：{','.join(FORMATS)}）", err=True)
        raise typer.Exit(2)
    return wanted


def _run(source: Path, profile: str | None, formats: tuple[str, ...]) -> BuildResult:
    from rich.console import Console
    from rich.progress import Progress

    from yusuan.build import build_source

    if not sys.stderr.isatty():
        return build_source(source, profile, formats)
    with Progress(console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("生成中", total=len(formats))
        return build_source(source, profile, formats, on_format=lambda fmt: progress.advance(task))


def build(
    source: Annotated[Path, typer.Argument(help="源文件：YAML / JSON 或 Excel（.xlsx）", show_default=False)],
    out_dir: Annotated[Path, typer.Option("--output", "-o", help="输出目录")] = Path("out"),
    profile: Annotated[
        str | None,
        typer.Option(
            "--profile", "-p", help="公开模板：" + "、".join(layouts()) + "（默认取源文件的 profile）"
        ),
    ] = None,
    formats: Annotated[str, typer.Option("--format", "-f", help="输出格式，逗号分隔")] = ",".join(FORMATS),
) -> None:
    """由一个源文件生成完整的部门预算或部门决算（源文件写明 document: final）公开文件（HTML、PDF、Word、Excel、Markdown），表格与说明一致。"""
    # what a build needs is imported here, not when `yusuan` starts (--help, check)
    from yusuan.build import output_paths, write_atomically
    from yusuan.model import Severity
    from yusuan.source import SourceError

    wanted = _formats(formats)
    if profile is not None and profile not in layouts():
        _echo(f"未知的公开模板：{profile}（可用：{'、'.join(layouts())}）", err=True)
        raise typer.Exit(2)
    if out_dir.exists() and not out_dir.is_dir():
        _echo(f"{out_dir}：输出位置已存在且不是目录，未生成任何文件。请用 -o 指定一个目录。", err=True)
        raise typer.Exit(2)
    paths = output_paths(out_dir, source.stem, wanted)
    clash = [p for p in paths.values() if resolved(p) == resolved(source)]
    if clash:
        _echo(f"{clash[0]}：输出文件将覆盖源文件，未生成任何文件。请用 -o 指定另一个输出目录。", err=True)
        raise typer.Exit(2)
    try:
        result = _run(source, profile, wanted)
    except SourceError as exc:
        for problem in exc.messages:
            _echo(str(problem), err=True)
        _echo(f"{source}：源文件有 {len(exc.errors)} 个错误，未生成任何文件。", err=True)
        raise typer.Exit(2) from None
    except ValueError as exc:  # a template of the other kind (a 决算 template for a budget source)
        _echo(f"{source}：{exc}", err=True)
        raise typer.Exit(2) from None
    except RuntimeError as exc:  # e.g. no CJK font for the PDF
        _echo(f"{source}：{exc}", err=True)
        raise typer.Exit(2) from None
    for m in result.messages:
        _echo(str(m), err=True)
    written: list[Path] = []
    for fmt, path in paths.items():
        try:
            write_atomically(path, result.outputs[fmt])
        except OSError as exc:  # every file is whole or absent; say which were written
            done = "、".join(str(p) for p in written) or "无"
            _echo(f"{path}：无法写入（{exc.strerror or exc}）；已写出：{done}", err=True)
            raise typer.Exit(2) from None
        written.append(path)
        _echo(f"已生成 {path}")
    errors = [f for f in result.self_check if f.severity is Severity.ERROR]
    for f in errors:
        _echo(f"自检错误 [{f.rule}] {f.message}", err=True)
    for f in result.self_check:  # the warnings and notes are listed too, not only counted
        if f.severity is not Severity.ERROR:
            place = "；".join(p.place() for p in f.locations[:2] if p.line is not None or p.page is not None)
            _echo(f"自检{f.severity.label} [{f.rule}] {f.message}" + (f"（{place}）" if place else ""))
    _echo(
        f"自检：{len(errors)} 个错误，{len(result.self_check) - len(errors)} 个警告或提示；源文件警告 {len(result.messages)} 个。"
    )
    if errors:
        raise typer.Exit(1)
