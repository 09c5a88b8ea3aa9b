"""Render check results: rich text for people, one JSON object for scripts."""

from __future__ import annotations

import json
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.table import Table

from yusuan.cli.safe import safe_text
from yusuan.model import Provenance, Severity

if TYPE_CHECKING:
    from yusuan.pipeline import CheckResult

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def summary(results: list[CheckResult]) -> dict[str, int]:
    return {
        "documents": len(results),
        "unreadable": sum(1 for r in results if r.error),  # not checked: their 0 findings mean nothing
        "errors": sum(r.count(Severity.ERROR) for r in results),
        "warnings": sum(r.count(Severity.WARNING) for r in results),
        "infos": sum(r.count(Severity.INFO) for r in results),
    }


def to_json(results: list[CheckResult]) -> dict[str, Any]:
    docs = []
    for r in results:
        d = r.disclosure
        docs.append(
            {
                "path": r.path,
                "profile": d.profile if d else None,
                "document": d.document if d else None,
                "document_reason": d.document_reason or None if d else None,
                "profile_reason": r.profile_reason or None,
                "tables_understood": sorted(t.id for t in d.tables.values() if t.understood) if d else [],
                "tables_not_understood": {t.id: t.doubt for t in d.tables.values() if not t.understood}
                if d
                else {},
                "title": d.title if d else None,
                "department": d.department if d else None,
                "year": d.year if d else None,
                "unit": d.unit.value if d and d.unit else None,
                "error": r.error,
                "tables": [t.to_dict() for t in d.tables.values()] if d else [],
                "claims": [c.to_dict() for c in d.claims] if d else [],
                "findings": [f.to_dict() for f in r.findings],
            }
        )
    return {"documents": docs, "summary": summary(results)}


def dump_json(results: list[CheckResult]) -> str:
    return json.dumps(to_json(results), ensure_ascii=False, indent=2)


def _place(p: Provenance) -> str:
    bits = [p.place()]
    if p.table:
        bits.append(f"表“{p.table}”")
    if p.row:
        bits.append(f"行“{p.row}”")
    if p.column:
        bits.append(f"列“{p.column}”")
    return " ".join(bits)


def print_text(results: list[CheckResult], console: Console) -> None:
    for r in results:
        console.rule(safe_text(r.path, style="bold"))
        if r.error:
            console.print(safe_text(f"无法读取：{r.error}", style="bold red"))
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
                    places = "；".join(dict.fromkeys(_place(p) for p in f.locations[:6]))
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
