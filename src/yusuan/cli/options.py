"""Options the commands share."""

from __future__ import annotations

from typing import Annotated

import typer

from yusuan.profiles import available

ProfileOption = Annotated[
    str, typer.Option("--profile", "-p", help="模版：auto 自动识别，或 " + "、".join(available()))
]


def ensure_profile(profile: str) -> None:
    """Exit 2 with a Chinese message when ``profile`` is neither auto nor a known template."""
    if profile != "auto" and profile not in available():
        typer.echo(f"未知的模版：{profile}（可用：auto、{'、'.join(available())}）", err=True)
        raise typer.Exit(2)
