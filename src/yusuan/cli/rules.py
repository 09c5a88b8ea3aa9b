"""`yusuan rules`: list every audit rule (generated from the registry)."""

from __future__ import annotations

from typing import Annotated

import typer


def rules(
    markdown: Annotated[bool, typer.Option("--markdown", help="输出 Markdown 文档")] = False,
) -> None:
    """列出全部检查规则。"""
    from rich.console import Console
    from rich.table import Table

    from yusuan.audit import all_rules

    items = all_rules()
    if markdown:
        lines = ["# yusuan 检查规则", "", f"共 {len(items)} 条。", ""]
        for r in items:
            lines += [
                f"## {r.code} {r.title}",
                "",
                f"`{r.name}` · {r.family} · 默认级别 {r.severity.label}",
                "",
                r.doc,
                "",
            ]
        typer.echo("\n".join(lines))
        return
    table = Table(title=f"检查规则（{len(items)} 条）")
    for col in ("编码", "类别", "级别", "标题"):
        table.add_column(col)
    for r in items:
        table.add_row(r.code, r.family, r.severity.label, r.title)
    Console().print(table)
