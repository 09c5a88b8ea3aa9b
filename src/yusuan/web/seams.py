"""Where the web app calls the reports and year-on-year packages (built beside it): each call goes
through one function here, imported by name when it runs, with a plain fallback on the store
tables when the package is not there. Nothing else in the web package imports them."""

from __future__ import annotations

import csv
import functools
import io
import json
from collections.abc import Callable, Sequence
from importlib import import_module
from typing import Any

import sqlalchemy as sa

from yusuan.store import Store, schema
from yusuan.web import queries

REPORT_FORMATS = {
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel"),
    "html": ("text/html; charset=utf-8", "网页"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word"),
    "csv": ("text/csv; charset=utf-8", "CSV"),
}


class ExportError(ValueError):
    """A report that cannot be made (Chinese message)."""


def _module(name: str) -> Any | None:
    try:
        return import_module(name)
    except ImportError:
        return None


def reports_available() -> bool:
    return _module("yusuan.reports") is not None


def report_bytes(store: Store, document_ids: Sequence[str], fmt: str, *, latest: bool = False) -> bytes:
    """The report of these documents (all of them when none is named) in one format, with each
    finding's mark. yusuan.reports writes it; without that package, CSV only."""
    if fmt not in REPORT_FORMATS:
        raise ExportError(f"不支持的报告格式“{fmt}”")
    reports = _module("yusuan.reports")
    if reports is not None:
        try:
            report = reports.from_store(store, list(document_ids), latest=latest)
            data: bytes = reports.render(report, fmt)
        except reports.ReportError as exc:
            raise ExportError(str(exc)) from exc
        return data
    if fmt != "csv":
        raise ExportError("报告模块未安装：只能导出 CSV")
    return _plain_csv(store, document_ids, latest=latest)


def _plain_csv(store: Store, document_ids: Sequence[str], *, latest: bool) -> bytes:
    docs = store.documents(latest_only=latest)
    if document_ids:
        docs = [d for d in docs if d["id"] in set(document_ids)]
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(
        [
            "文档",
            "部门",
            "年度",
            "页",
            "行",
            "表",
            "行名",
            "列",
            "规则",
            "级别",
            "问题",
            "应为",
            "实为",
            "建议",
            "状态",
            "备注",
            "审核人",
        ]
    )
    for d in docs:
        for f in queries.findings(store, d):
            w.writerow(
                [
                    d["file_name"], d["department"], d["year"], f["page"], f["line"], f["table_title"], f["row_label"],
                    f["column_title"], f["rule"], queries.SEVERITY_NAMES.get(f["severity"], f["severity"]),
                    f["message"], f["expected"], f["actual"], f["suggestion"], f["status"], f["note"], f["reviewer"],
                ]
            )  # fmt: skip
    return ("\ufeff" + out.getvalue()).encode("utf-8")


@functools.cache
def rule_titles() -> dict[str, str]:
    """Each rule's one-line Chinese title by code (the audit's rules and the year-on-year ones)."""
    from yusuan.audit.registry import all_rules

    titles = {r.code: r.title for r in all_rules()}
    yoy = _module("yusuan.yoy")
    if yoy is not None and hasattr(yoy, "all_yoy_rules"):
        titles.update({r.code: r.title for r in yoy.all_yoy_rules()})
    return titles


def after_store() -> Callable[[Store, str], None] | None:
    """What runs after an upload is stored: the year-on-year check of the pairs it makes."""
    yoy = _module("yusuan.yoy")
    if yoy is None or not hasattr(yoy, "check_years"):
        return None

    def run(store: Store, run_id: str) -> None:
        yoy.check_years(store, run_id)

    return run


def cross_findings(store: Store, document_ids: Sequence[str]) -> list[dict[str, Any]]:
    """The cross-year findings stored for these documents (empty when the table is not there)."""
    table = getattr(schema, "cross_findings", None)
    if table is None or not document_ids:
        return []
    try:
        with store.engine.connect() as conn:
            rows = conn.execute(
                sa.select(table)
                .where(table.c.document_id.in_(list(document_ids)))
                .order_by(table.c.document_id, table.c.finding_index)
            )
            out = [dict(r._mapping) for r in rows]
    except sa.exc.DBAPIError:
        return []
    for r in out:
        r["places"] = json.loads(r.get("locations") or "[]")
    return out


def cross_checks(store: Store, document_ids: Sequence[str], limit: int = 500) -> list[dict[str, Any]]:
    """What these documents say about another year, each with its verdict (一致 / 不一致 / 未能核对)
    as the year-on-year check stored it (empty when that table is not there)."""
    table = getattr(schema, "cross_checks", None)
    if table is None or not document_ids:
        return []
    try:
        with store.engine.connect() as conn:
            rows = conn.execute(
                sa.select(table)
                .where(table.c.document_id.in_(list(document_ids)))
                .order_by(table.c.document_id, table.c.check_index)
                .limit(limit)
            )
            return [dict(r._mapping) for r in rows]
    except sa.exc.DBAPIError:
        return []
