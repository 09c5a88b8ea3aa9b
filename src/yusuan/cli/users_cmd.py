"""`yusuan users …`: accounts of the web app (who may upload, mark and delete)."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from yusuan.cli.ingest import DbOption, open_store_or_exit
from yusuan.cli.safe import printable

users_app = typer.Typer(
    name="users",
    help="管理网页服务（yusuan serve）的账号：创建账号、列出账号、生成 API 令牌。",
    no_args_is_help=True,
    add_completion=False,
)


@users_app.command("add")
def add(
    name: Annotated[str, typer.Argument(help="用户名", show_default=False)],
    role: Annotated[
        str, typer.Option("--role", help="角色：reviewer（审核员）或 admin（管理员）")
    ] = "reviewer",
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="从标准输入读取密码（供脚本使用）")
    ] = False,
    db: DbOption = None,
) -> None:
    """创建账号；密码输入两次（不回显），保存的是 argon2 哈希。"""
    from yusuan.web.accounts import AccountError, add_user

    store = open_store_or_exit(db)
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("密码", hide_input=True, confirmation_prompt=True)
    try:
        user = add_user(store, name, password, role)
    except AccountError as exc:
        typer.echo(printable(f"错误：{exc}"), err=True)
        raise typer.Exit(2) from exc
    typer.echo(printable(f"已创建账号 {user.name}（{user.role}）"))


@users_app.command("list")
def list_(db: DbOption = None) -> None:
    """列出账号。"""
    from yusuan.web.accounts import ROLE_NAMES, list_users

    store = open_store_or_exit(db)
    rows = list_users(store)
    if not rows:
        typer.echo("还没有账号（用 yusuan users add 用户名 创建）")
        return
    for r in rows:
        state = "（已停用）" if r["disabled"] else ""
        typer.echo(
            printable(
                f"{r['name']}\t{ROLE_NAMES.get(str(r['role']), r['role'])}\t创建于 {r['created_at']:%Y-%m-%d %H:%M}{state}"
            )
        )


@users_app.command("token")
def token(
    name: Annotated[str, typer.Argument(help="用户名", show_default=False)],
    label: Annotated[str | None, typer.Option("--label", help="令牌用途说明")] = None,
    db: DbOption = None,
) -> None:
    """为账号生成一个 API 令牌（只显示这一次），脚本用 Authorization: Bearer 令牌 调用接口。"""
    from yusuan.web.accounts import AccountError, new_token

    store = open_store_or_exit(db)
    try:
        value = new_token(store, name, label)
    except AccountError as exc:
        typer.echo(printable(f"错误：{exc}"), err=True)
        raise typer.Exit(2) from exc
    typer.echo(value)
