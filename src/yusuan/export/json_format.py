"""The JSON form of an extracted disclosure (schema in ``yusuan.export``'s docstring)."""

from __future__ import annotations

import json
from typing import Any

from yusuan.export.records import (
    Amount,
    CellRecord,
    ClaimRecord,
    ExportDocument,
    RowRecord,
    TableRecord,
    TargetRecord,
)


def _num(a: Amount | None) -> str | None:
    return None if a is None else a.text()


def _bbox(b: tuple[float, float, float, float] | None) -> list[float] | None:
    return None if b is None else list(b)


def _cell(c: CellRecord) -> dict[str, Any]:
    return {
        "column": c.column,
        "header": c.header,
        "text": c.text,
        "value": _num(c.value),
        "places": None if c.value is None else c.value.places,
        "unit": c.unit,
        "page": c.page,
        "line": c.line,
        "bbox": _bbox(c.bbox),
        "source_column": c.source_column,
    }


def _row(r: RowRecord) -> dict[str, Any]:
    return {
        "index": r.index,
        "label": r.label,
        "code": r.code,
        "level": r.level,
        "key": r.key,
        "section": r.section,
        "is_total": r.is_total,
        "page": r.page,
        "line": r.line,
        "bbox": _bbox(r.bbox),
        "text": r.text,
        "cells": [_cell(c) for c in r.cells],
    }


def _table(t: TableRecord) -> dict[str, Any]:
    return {
        "index": t.index,
        "id": t.id,
        "title": t.title,
        "kind": t.kind,
        "unit": t.unit,
        "unit_stated": t.unit_stated,
        "note": t.note,
        "page": t.page,
        "line": t.line,
        "header": [{"column": key, "title": title} for key, title in t.columns],
        "rows": [_row(r) for r in t.rows],
    }


def _claim(c: ClaimRecord) -> dict[str, Any]:
    out = _claim_fields(c)
    if c.final:
        out["final"] = c.final  # a 决算 statement's budgets, 完成率, comparison, share, balances
    return out


def _claim_fields(c: ClaimRecord) -> dict[str, Any]:
    return {
        "index": c.index,
        "subject": c.subject,
        "subject_text": c.subject_text,
        "kind": c.kind,
        "value": _num(c.value),
        "unit": c.unit,
        "value_text": c.value_text,
        "count": c.count,
        "change": _num(c.change),
        "change_unit": c.change_unit,
        "change_text": c.change_text,
        "direction": c.direction,
        "direction_text": c.direction_text,
        "percent": _num(c.percent),
        "percent_direction": c.percent_direction,
        "year": c.year,
        "reason": c.reason,
        "parent": c.parent,
        "code_name": c.code_name,
        "text": c.text,
        "page": c.page,
        "line": c.line,
    }


def _target(t: TargetRecord) -> dict[str, Any]:
    return {
        "index": t.index,
        "project": t.project,
        "funds_total": _num(t.funds_total),
        "funds_fiscal": _num(t.funds_fiscal),
        "funds_other": _num(t.funds_other),
        "funds_unit": t.funds_unit,
        "goal": t.goal,
        "page": t.page,
        "line": t.line,
        "indicators": [
            {
                "level1": i.level1,
                "level2": i.level2,
                "name": i.name,
                "comparator": i.comparator,
                "value": _num(i.value),
                "unit": i.unit,
                "text": i.text,
                "page": i.page,
                "line": i.line,
            }
            for i in t.indicators
        ],
    }


def to_dict(rec: ExportDocument) -> dict[str, Any]:
    return {
        "schema_version": rec.schema_version,
        "generator": rec.generator,
        "meta": {
            "source": rec.source,
            "format": rec.format,
            "pages": rec.pages,
            "profile": rec.profile,
            "document": rec.document,
            "title": rec.title,
            "department": rec.department,
            "year": rec.year,
            "unit": rec.unit,
        },
        "tables": [_table(t) for t in rec.tables],
        "claims": [_claim(c) for c in rec.claims],
        "targets": [_target(t) for t in rec.targets],
        "units": [
            {
                "index": u.index,
                "name": u.name,
                "nature": u.nature,
                "staffing": u.staffing,
                "actual": u.actual,
                "page": u.page,
                "line": u.line,
            }
            for u in rec.units
        ],
        "headings": [
            {
                "index": h.index,
                "text": h.text,
                "level": h.level,
                "section": h.section,
                "page": h.page,
                "line": h.line,
            }
            for h in rec.headings
        ],
        "problems": [
            {
                "index": p.index,
                "stage": p.stage,
                "message": p.message,
                "table": p.table,
                "text": p.text,
                "page": p.page,
                "line": p.line,
            }
            for p in rec.problems
        ],
    }


def to_json(rec: ExportDocument) -> bytes:
    # a lone surrogate (a file name that is not UTF-8) is written as its JSON escape \udcff
    return (json.dumps(to_dict(rec), ensure_ascii=False, indent=2) + "\n").encode("utf-8", "backslashreplace")
