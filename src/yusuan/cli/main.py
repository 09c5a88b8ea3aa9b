"""The `yusuan` command."""

from __future__ import annotations

import typer

from yusuan import __version__
from yusuan.cli.build import build
from yusuan.cli.check import check
from yusuan.cli.compare_cmd import compare, yoy
from yusuan.cli.export_cmd import export_db
from yusuan.cli.extract import extract
from yusuan.cli.ingest import ingest
from yusuan.cli.init import init
from yusuan.cli.query_cmd import query
from yusuan.cli.report_cmd import report
from yusuan.cli.rules import rules
from yusuan.cli.serve_cmd import serve
from yusuan.cli.users_cmd import users_app

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
# the store (issue 12): many documents, reports, years, open data
app.command("ingest")(ingest)
app.command("report")(report)
app.command("compare")(compare)
app.command("yoy")(yoy)
app.command("export")(export_db)
app.command("query")(query)
# the web app for reviewers (issue 13)
app.command("serve")(serve)
app.add_typer(users_app, name="users")


def main() -> None:  # pragma: no cover - entry point
    import sys

    from yusuan.cli.help_text import chinese_help, wants_help

    if wants_help(sys.argv[1:]):
        chinese_help()
    app()
