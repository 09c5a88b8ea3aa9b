"""The `yusuan` command."""

from __future__ import annotations

import typer

from yusuan.cli.build import build
from yusuan.cli.check import check
from yusuan.cli.extract import extract
from yusuan.cli.init import init
from yusuan.cli.rules import rules

app = typer.Typer(
    name="yusuan",
    help="yusuan（预算）：部门预算公开文件的检查与生成工具。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command("check")(check)
app.command("rules")(rules)
app.command("build")(build)
app.command("init")(init)
app.command("extract")(extract)


def main() -> None:  # pragma: no cover - entry point
    app()
