"""Where the web app makes a report, titles the rules and checks the years, through the reports and
year-on-year packages (imported when first called), and reads the cross-year tables."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Sequence
from typing import Any

import sqlalchemy as sa

from yusuan.store import Store, schema

REPORT_FORMATS = {
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel"),
    "html": ("text/html; charset=utf-8", "网页"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word"),
    "csv": ("text/csv; charset=utf-8", "CSV"),
}


class ExportError(ValueError):
    """A report that cannot be made (Chinese message)."""


def report_bytes(store: Store, document_ids: Sequence[str], fmt: str, *, latest: bool = False) -> bytes:
    """The report of these documents (all of them when none is named) in one format, with each
    finding's mark, as yusuan.reports writes it."""
    from yusuan import reports

    if fmt not in REPORT_FORMATS:
        raise ExportError(f"不支持的报告格式“{fmt}”")
    try:
        return reports.render(reports.from_store(store, list(document_ids), latest=latest), fmt)
    except reports.ReportError as exc:
        raise ExportError(str(exc)) from exc


@functools.cache
def rule_titles() -> dict[str, str]:
    """Each rule's one-line Chinese title by code (the audit's rules and the year-on-year ones)."""
    from yusuan.audit.registry import all_rules
    from yusuan.yoy import all_yoy_rules

    titles = {r.code: r.title for r in all_rules()}
    titles.update({r.code: r.title for r in all_yoy_rules()})
    return titles


def after_store() -> Callable[[Store, str], None]:
    """What runs after an upload is stored: the year-on-year check of the pairs it makes."""
    from yusuan.yoy import check_years

    def run(store: Store, run_id: str) -> None:
        check_years(store, run_id)

    return run


def cross_findings(store: Store, document_ids: Sequence[str]) -> list[dict[str, Any]]:
    """The cross-year findings stored for these documents (empty when the table is not there)."""
    table = schema.cross_findings
    if not document_ids:
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
    table = schema.cross_checks
    if not document_ids:
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
