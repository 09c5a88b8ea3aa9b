"""`yusuan compare DEPARTMENT`: one department's figures over the years, their changes and the
cross-year findings; `yusuan yoy`: compare every linked pair in the store (what ``ingest`` may run
after storing)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from yusuan.cli.safe import printable, safe_text
from yusuan.model.provenance import place_words

if TYPE_CHECKING:
    from yusuan.store import Store
    from yusuan.yoy import DepartmentSeries

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db", help="数据库：DuckDB 文件路径或 postgresql:// 地址（默认 YUSUAN_DB 或 yusuan.duckdb）"
    ),
]
_KINDS = ("部门预算", "单位预算", "部门决算", "单位决算")
_STYLE = {"一致": "green", "不一致": "bold red", "未能核对": "yellow"}


def _fail(message: str) -> typer.Exit:
    typer.echo(printable(f"错误：{message}"), err=True)
    return typer.Exit(2)


def _open(db: str | None) -> Store:
    """The store named by --db (a DuckDB file must exist), or exit 2 naming it without its password."""
    from yusuan.cli.export_cmd import existing_store
    from yusuan.cli.ingest import open_store_or_exit

    return open_store_or_exit(existing_store(db))


def _amount(value: Decimal | None) -> str:
    return "—" if value is None else f"{value.quantize(Decimal('0.01')):,}"


def _change(delta: Decimal | None, percent: Decimal | None) -> str:
    if delta is None:
        return ""
    text = f"{'+' if delta > 0 else ''}{delta.quantize(Decimal('0.01')):,}"
    if percent is not None:
        text += f"（{'+' if percent > 0 else ''}{percent.quantize(Decimal('0.01'))}%）"
    return text


def _span(years: Mapping[int, object]) -> str:
    return f"{min(years)}–{max(years)}" if len(years) > 1 else str(min(years))


def _choose(series: list[DepartmentSeries], department: str, kind: str | None) -> DepartmentSeries:
    from yusuan.yoy import find

    found = find(series, department)
    if kind:
        found = [s for s in found if kind in s.documents]
    if not found:
        raise _fail(f"库中没有找到部门“{department}”" + (f"的{kind}" if kind else ""))
    if len(found) > 1:
        names = "\n".join(
            f"  {s.department}（{s.key}；{'、'.join(f'{k} {_span(v)}' for k, v in s.documents.items())}）"
            for s in found
        )
        raise _fail(f"“{department}”对应多个部门，请写得更具体：\n{names}")
    return found[0]


def compare(
    department: Annotated[str, typer.Argument(help="部门名称（完整名称、规范化名称或其中一段文字）")],
    db: DbOption = None,
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            "-k",
            help="文件类型：部门预算、单位预算、部门决算或单位决算（默认该部门最多年份的类型）",
        ),
    ] = None,
    chart: Annotated[Path | None, typer.Option("--chart", help="另存图表：.png 或 .svg 文件")] = None,
) -> None:
    """显示一个部门各年度的收入总计、支出总计、基本支出与项目支出、“三公”经费和机关运行经费及其增减，以及跨年度核对的结果。"""
    from yusuan.yoy import CONSISTENT, INCONSISTENT, UNVERIFIED, check_years, lines, link
    from yusuan.yoy.chart import ChartError, draw

    if kind is not None and kind not in _KINDS:
        raise _fail(f"未知的文件类型：{kind}（可用：{'、'.join(_KINDS)}）")
    if chart is not None and chart.suffix.lower() not in (".png", ".svg"):
        raise _fail(f"{chart}：图表只能写成 .png 或 .svg")
    store = _open(db)
    console = Console()
    try:
        series = _choose(link(store), department, kind)
        kind = kind or max(series.documents, key=lambda k: (len(series.documents[k]), k))
        years = series.years(kind)
        check_years(store, departments=[series])  # pairs not compared before (stored for later)
        series_lines = lines(store, series, kind)

        console.rule(safe_text(f"{series.department}（{kind}，{years[0]}–{years[-1]}）", style="bold"))
        table = Table(title="各年度数据（万元；括号内为比上年增减的百分比）", title_justify="left")
        table.add_column("项目")
        for y in years:
            table.add_column(f"{y}年", justify="right")
            if y != years[0]:
                table.add_column("比上年", justify="right")
        for ln in series_lines:
            if not ln.stated:
                continue
            cells = [ln.name]
            for i, p in enumerate(ln.points):
                cells.append(_amount(p.wan))
                if i > 0:
                    cells.append(_change(*ln.change(i)))
            table.add_row(*(printable(c) for c in cells))
        console.print(table)

        docs = series.documents[kind]
        ids = [d["id"] for d in docs.values()]
        others = [d["id"] for d in series.all_documents()]  # the latest versions only
        verdicts = _stored_checks(store, ids, others)
        counts = {
            v: sum(1 for r in verdicts if r["verdict"] == v) for v in (CONSISTENT, INCONSISTENT, UNVERIFIED)
        }
        console.print(
            safe_text(
                f"\n跨年度核对：涉及上年的表述 {len(verdicts)} 处，一致 {counts[CONSISTENT]}，"
                f"不一致 {counts[INCONSISTENT]}，未能核对 {counts[UNVERIFIED]}",
                style="bold",
            )
        )
        findings = _stored_findings(store, ids, others)
        for f in findings:
            console.print(safe_text(f"  [{f['rule']}] ", style="bold red") + safe_text(str(f["message"])))
            console.print(safe_text(f"      上年文件：{f['expected']}", style="dim"))
            console.print(safe_text(f"      本年表述：{f['actual']}", style="dim"))
        if not findings:
            console.print(safe_text("  未发现与上年文件不一致之处。", style="green"))
        if chart is not None:
            try:
                draw(series.department, kind, series_lines, chart)
            except ChartError as exc:
                raise _fail(str(exc)) from None
            console.print(safe_text(f"图表已写入：{chart}"))
    finally:
        store.close()


def _stored_checks(store: Store, ids: list[str], others: list[str]) -> list[dict[str, object]]:
    import sqlalchemy as sa

    from yusuan.store import schema

    t = schema.cross_checks
    with store.engine.connect() as conn:
        rows = conn.execute(
            sa.select(t)
            .where(t.c.document_id.in_(ids) & t.c.previous_document_id.in_(others))
            .order_by(t.c.document_id, t.c.check_index)
        )
        return [dict(r._mapping) for r in rows]


def _stored_findings(store: Store, ids: list[str], others: list[str]) -> list[dict[str, object]]:
    import sqlalchemy as sa

    from yusuan.store import schema

    t = schema.cross_findings
    with store.engine.connect() as conn:
        rows = conn.execute(
            sa.select(t)
            .where(t.c.document_id.in_(ids) & t.c.previous_document_id.in_(others))
            .order_by(t.c.document_id, t.c.finding_index)
        )
        return [dict(r._mapping) for r in rows]


def yoy(
    db: DbOption = None,
    recheck: Annotated[bool, typer.Option("--recheck", help="重新比较已比较过的文件对")] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="列出每一处涉及上年的表述及核对结果")
    ] = False,
) -> None:
    """把库中同一部门相邻年度的文件两两比较：本年文件所述上年数字、增减额、百分比和增减方向与上年文件核对，决算与当年预算核对；结果存入库中。"""
    from yusuan.yoy import check_years

    store = _open(db)
    console = Console()
    try:
        summary = check_years(store, recheck=recheck)
        if verbose:
            for r in summary.results:
                print_pair(console, r)
        console.print(safe_text(summary.text(), style="bold"))
    finally:
        store.close()


def print_pair(console: Console, r: object) -> None:
    """Every statement of one compared pair with its verdict (``--verbose``, bench/yoy_wanli.py)."""
    from yusuan.yoy import PairResult

    assert isinstance(r, PairResult)
    doc, other = r.document, r.other
    console.rule(
        safe_text(
            f"{doc['file_name']}（{doc['year']}年）→ {other['file_name']}（{other['year']}年）", style="bold"
        )
    )
    for i, c in enumerate(r.checks, 1):
        st = c.statement
        place = place_words(st.page, st.line or None)
        console.print(
            safe_text(f"{i}. [{c.verdict}] ", style=_STYLE.get(c.verdict, ""))
            + safe_text(f"{place} “{st.text}”")
        )
        console.print(safe_text(f"     所述：{st.stated()}", style="dim"))
        if c.earlier is not None:
            console.print(safe_text(f"     上年文件：{c.earlier.describe()}", style="dim"))
        console.print(
            safe_text(
                f"     结论：{c.verdict}（{c.reason}）" + (f" [{','.join(c.rules)}]" if c.rules else ""),
                style="dim",
            )
        )
