"""Render check results: rich text for people, one JSON object for scripts (shaped by the model)."""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from rich.console import Console
from rich.table import Table

from yusuan.cli.safe import json_safe, safe_text
from yusuan.model import Provenance, Severity
from yusuan.model.message import INTERNAL, NOT_CHECKED, UNREADABLE
from yusuan.pipeline import CheckResult, report, summary

__all__ = ["dump_json", "print_text", "report", "summary"]

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
_FAILURE = {UNREADABLE[0]: "无法读取", NOT_CHECKED[0]: "未检查", INTERNAL[0]: "内部错误"}


def dump_json(results: list[CheckResult]) -> str:
    """The batch as JSON; its shape is the model's (CheckResult.to_dict, Message.to_dict)."""
    return json_safe(json.dumps(report(results), ensure_ascii=False, indent=2))


_SHOWN_PLACES = 8


def _places(locations: list[Provenance]) -> str:
    """The places of a finding, each table and column named once: '表“T” 列“C”：第259行 行“301”、第270行
    行“30113”'; past eight places, how many there are in all."""
    groups: dict[tuple[str | None, str | None], list[str]] = {}
    for p in locations[:_SHOWN_PLACES]:
        where = p.place() if p.page is not None or p.line is not None else ""
        inner = " ".join(x for x in (where, f"行“{p.row}”" if p.row else "") if x)
        groups.setdefault((p.table, p.column), []).append(inner)
    parts = []
    for (table, column), inners in groups.items():
        head = " ".join(x for x in (f"表“{table}”" if table else "", f"列“{column}”" if column else "") if x)
        body = "、".join(dict.fromkeys(i for i in inners if i))
        parts.append(f"{head}：{body}" if head and body else head or body)
    more = f"（共 {len(locations)} 处）" if len(locations) > _SHOWN_PLACES else ""
    return "；".join(x for x in parts if x) + more


def print_text(results: list[CheckResult], console: Console) -> None:
    for r in results:
        console.rule()  # the path below in full: a rule's title would be cut to the terminal width
        console.print(safe_text(r.path, style="bold"))
        if r.failure:
            label = _FAILURE.get(r.failure.rule, "未检查")
            console.print(safe_text(f"{label}：{r.failure.message}", style="bold red"))
            continue
        d = r.disclosure
        assert d is not None
        understood = sum(1 for t in d.tables.values() if t.understood)
        console.print(
            safe_text(
                f"类型：{d.document}（{d.document_reason}）  模版：{d.profile}（{r.profile_reason}）  标题：{d.title or '（未识别）'}  年度：{d.year or '？'}  "
                f"单位：{d.unit.value if d.unit else '？'}  表格：{len(d.tables)}（读懂 {understood}）  "
                f"文字表述：{len(d.claims)}"
            )
        )
        for note in r.notes:
            console.print(safe_text(f"未读取：{note.message}", style="yellow"))
        if not r.findings:
            console.print(safe_text("未发现问题。", style="green"))
            continue
        for severity in Severity:
            items = [f for f in r.findings if f.severity is severity]
            if not items:
                continue
            console.print(safe_text(f"\n{severity.label}（{len(items)}）", style=_STYLE[severity]))
            by_section: dict[str, list[Any]] = defaultdict(list)
            for f in items:
                by_section[f.section or "全文"].append(f)
            for section, fs in by_section.items():
                console.print(safe_text(f"  ▸ {section}", style="bold"))
                for f in fs:
                    console.print(
                        safe_text(f"    [{f.rule}] ", style=_STYLE[severity]) + safe_text(f.message)
                    )
                    places = _places(f.locations)
                    if places:
                        console.print(safe_text(f"        位置：{places}", style="dim"))
                    if f.expected is not None or f.actual is not None:
                        console.print(
                            safe_text(
                                f"        应为：{f.expected or '—'}    实为：{f.actual or '—'}", style="dim"
                            )
                        )
                    if f.suggestion:
                        console.print(safe_text(f"        建议：{f.suggestion}", style="dim"))
    s = summary(results)
    table = Table(title="汇总", show_header=True)
    for col in ("文档", "未检查", "错误", "警告", "提示"):
        table.add_column(col, justify="right")
    table.add_row(*(str(s[k]) for k in ("documents", "unreadable", "errors", "warnings", "infos")))
    console.print(table)
