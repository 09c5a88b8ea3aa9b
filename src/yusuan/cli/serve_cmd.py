"""`yusuan serve`: the reviewers' web app on the store."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from yusuan.cli.ingest import DbOption
from yusuan.cli.safe import printable


def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option("--host", help="监听地址（默认只允许本机访问）")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="端口", min=1, max=65535)] = 8000,
    public_read: Annotated[
        bool, typer.Option("--public-read/--login-read", help="浏览是否公开：--login-read 表示浏览也需要登录")
    ] = True,
    secret_file: Annotated[
        Path | None,
        typer.Option(
            "--secret-file", help="签名密钥文件（默认读取环境变量 YUSUAN_SECRET_KEY，否则在数据库旁自动生成）"
        ),
    ] = None,
    max_mb: Annotated[
        int, typer.Option("--max-mb", help="每个上传文件的大小上限（MB）", min=1, max=200)
    ] = 50,
    max_files: Annotated[int, typer.Option("--max-files", help="一次上传的文件数上限", min=1, max=500)] = 20,
    workers: Annotated[int, typer.Option("--workers", help="同时检查的文件数", min=1, max=64)] = 2,
    processes: Annotated[
        bool,
        typer.Option(
            "--check-processes/--check-threads",
            help="在独立进程中检查上传的文件（默认；检查时页面仍然流畅，单个文件出错不影响服务）或在服务进程的线程中检查",
        ),
    ] = True,
    secure_cookies: Annotated[
        bool,
        typer.Option(
            "--secure-cookies", help="只通过 HTTPS 发送登录 Cookie（在 HTTPS 反向代理之后运行时使用）"
        ),
    ] = False,
) -> None:
    """启动网页服务：上传文件检查、在原文中查看问题并标记审核状态、浏览部门历年数据与图表、导出报告，并提供 JSON 接口（/docs）。"""
    import uvicorn

    from yusuan.cli.ingest import open_store_or_exit
    from yusuan.store import default_db, describe
    from yusuan.web import Settings, SettingsError, create_app, load_secret

    target = db or default_db()
    open_store_or_exit(target).close()  # a clear message (and exit 2) before the server starts
    try:
        secret = load_secret(target, secret_file)
    except (SettingsError, OSError) as exc:
        typer.echo(printable(f"错误：{exc}"), err=True)
        raise typer.Exit(2) from exc
    settings = Settings(
        db=target,
        secret_key=secret,
        public_read=public_read,
        max_file_bytes=max_mb * 1024 * 1024,
        max_files=max_files,
        workers=workers,
        check_processes=processes,
        secure_cookies=secure_cookies,
    )
    app = create_app(settings)
    typer.echo(f"yusuan 网页服务：http://{host}:{port}/（数据库 {describe(target)}；按 Ctrl+C 停止）")
    if host not in ("127.0.0.1", "localhost", "::1") and not secure_cookies:
        typer.echo("提示：服务对其他机器开放；请在 HTTPS 反向代理之后运行并加 --secure-cookies。", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)
