"""`yusuan rules`: list every audit rule (generated from the registry)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from yusuan.audit import Rule

# a line break inside a paragraph of a docstring: joined with a space only between Latin text
_LATIN = re.compile(r"[0-9A-Za-z%.)\]]$")
_LATIN_START = re.compile(r"^[0-9A-Za-z(\[]")
# the labelled paragraphs of a rule's docstring
_LABELS = ("示例：", "依据：")


def _paragraphs(doc: str) -> list[str]:
    """A docstring's paragraphs, each on one line (a Chinese line wrap is no space in the text)."""
    out = []
    for block in doc.split("\n\n"):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        if not lines:
            continue
        text = lines[0]
        for line in lines[1:]:
            gap = " " if _LATIN.search(text) and _LATIN_START.match(line) else ""
            text += gap + line
        for label in _LABELS:
            if text.startswith(label):
                text = f"**{label[:-1]}**：{text[len(label) :]}"
        out.append(text)
    return out


def markdown(items: list[Rule]) -> str:
    """The rules as one Chinese Markdown document: a summary table per family, then each rule."""
    from yusuan.audit.registry import FAMILIES

    families = [
        (prefix, name, [r for r in items if r.code[:2] == prefix]) for prefix, name in FAMILIES.items()
    ]
    families = [f for f in families if f[2]]
    lines = [
        "# yusuan 检查规则",
        "",
        f"共 {len(items)} 条规则，分为 {len(families)} 类。本文件由 `yusuan rules --markdown` 从规则注册表生成。",
        "每条规则有固定的编码和名称，默认级别为错误、警告或提示；个别规则按具体情况给出其他级别，见各规则说明。",
        "说明中“规则摘要”后的编号（如 R07、§2）指编写 yusuan 时整理的预决算公开规则摘要中的条目。",
        "",
        "| 类别 | 编码前缀 | 条数 |",
        "|---|---|---|",
    ]
    lines += [f"| {name} | {prefix} | {len(rs)} |" for prefix, name, rs in families]
    for prefix, name, rs in families:
        lines += [
            "",
            f"## {name}（{prefix}，{len(rs)} 条）",
            "",
            "| 编码 | 标题 | 默认级别 |",
            "|---|---|---|",
        ]
        lines += [f"| {r.code} | {r.title} | {r.severity.label} |" for r in rs]
        for r in rs:
            lines += [
                "",
                f"### {r.code} {r.title}",
                "",
                f"- 名称：`{r.name}`",
                f"- 默认级别：{r.severity.label}",
            ]
            for paragraph in _paragraphs(r.doc):
                lines += ["", paragraph]
    return "\n".join(lines) + "\n"


def rules(
    markdown_: Annotated[bool, typer.Option("--markdown", help="输出 Markdown 文档")] = False,
) -> None:
    """列出全部检查规则。"""
    from rich.console import Console
    from rich.table import Table

    from yusuan.audit import all_rules

    items = all_rules()
    if markdown_:
        typer.echo(markdown(items), nl=False)
        return
    table = Table(title=f"检查规则（{len(items)} 条）")
    for col in ("编码", "类别", "级别", "标题"):
        table.add_column(col)
    for r in items:
        table.add_row(r.code, r.family, r.severity.label, r.title)
    Console().print(table)
