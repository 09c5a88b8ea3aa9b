"""The `yusuan` command."""

from __future__ import annotations

import typer

from yusuan import __version__
from yusuan.cli.build import build
from yusuan.cli.check import check
from yusuan.cli.extract import extract
from yusuan.cli.init import init
from yusuan.cli.rules import rules

app = typer.Typer(
    name="yusuan",
    help="yusuan（预算）：部门预算、部门决算公开文件的检查与生成工具。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback(invoke_without_command=True)
def _version(
    version: bool = typer.Option(False, "--version", help="显示版本号并退出", is_eager=True),
) -> None:
    if version:
        typer.echo(f"yusuan {__version__}")
        raise typer.Exit()


app.command("check")(check)
app.command("rules")(rules)
app.command("build")(build)
app.command("init")(init)
app.command("extract")(extract)


def main() -> None:  # pragma: no cover - entry point
    app()
