"""The store as a Fiscal Data Package (frictionlessdata.io, version 0.3): ``datapackage.json``, a
Tabular Data Package whose model maps the CSV columns to measures and dimensions, and its CSV
resources — ``budget-lines.csv`` (one line per amount cell of every stored table) and
``documents.csv``.

A measure carries one currency, factor, direction and phase, so each combination present in the
store is a measure column of its own (``expenditure_proposed_cny_10k`` …): a line fills exactly
the one that applies to its cell and leaves the others empty.

- currency CNY; factor 10000 for 万元, 1 for 元 (the amount as printed, never rescaled);
- direction revenue for the income side of a two-sided table (收支总表) and for the income tables
  and columns (收入总表, 本年收入, 年初结转), expenditure for everything else;
- phase proposed for a 预算 (部门预算 / 单位预算), executed for a 决算;
- dimensions: the functional classification (功能分类 code and name), the economic classification
  (经济分类) where the table has it, the department (administrative), the year, the document,
  the table, the column and the row.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from yusuan import __version__
from yusuan.opendata.files import csv_lines, plain_decimal, replacing
from yusuan.opendata.rows import batches, latest_ids
from yusuan.store import Row, Store, schema

LINES = "budget-lines.csv"
DOCUMENTS = "documents.csv"

FACTORS = {"元": 1, "万元": 10_000, "千元": 1_000, "亿元": 100_000_000}
_UNIT_NAMES = {1: "cny", 10_000: "cny_10k", 1_000: "cny_1k", 100_000_000: "cny_100m"}
PHASES = {"budget": "proposed", "final": "executed"}
_REVENUE_TABLES = frozenset({"income"})
_REVENUE_COLUMNS = frozenset({"income", "carry_in"})


@dataclass(frozen=True)
class Measure:
    direction: str  # expenditure / revenue
    phase: str  # proposed / executed
    factor: int

    @property
    def name(self) -> str:
        return f"{self.direction}_{self.phase}_{_UNIT_NAMES[self.factor]}"


#: the dimension fields of a budget line: (name, Table Schema type, title)
LINE_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("document_id", "string", "文件（SHA-256）"),
    ("department", "string", "部门"),
    ("department_key", "string", "部门（规范名称）"),
    ("year", "integer", "年度"),
    ("kind", "string", "文件类别"),
    ("phase", "string", "阶段（budget 预算 / final 决算）"),
    ("table_index", "integer", "表序号"),
    ("table_id", "string", "表"),
    ("table_title", "string", "表名"),
    ("row_index", "integer", "行序号"),
    ("cell_index", "integer", "单元格序号"),
    ("row_label", "string", "行"),
    ("row_key", "string", "行（模版键）"),
    ("section", "string", "收支方（income / expense）"),
    ("is_total", "boolean", "合计行"),
    ("column_key", "string", "列"),
    ("column_header", "string", "列名"),
    ("functional_code", "string", "功能分类科目编码"),
    ("functional_name", "string", "功能分类科目名称"),
    ("economic_code", "string", "经济分类科目编码"),
    ("economic_name", "string", "经济分类科目名称"),
    ("level", "integer", "科目级次（1 类 2 款 3 项）"),
    ("unit", "string", "单位"),
    ("value_text", "string", "金额（原文）"),
    ("page", "integer", "页码"),
)

DOCUMENT_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("id", "string", "文件（SHA-256）"),
    ("file_name", "string", "文件名"),
    ("kind", "string", "文件类别"),
    ("phase", "string", "阶段"),
    ("title", "string", "标题"),
    ("department", "string", "部门"),
    ("department_key", "string", "部门（规范名称）"),
    ("year", "integer", "年度"),
    ("unit", "string", "金额单位"),
    ("profile", "string", "模版"),
    ("version", "integer", "版本"),
    ("is_latest", "boolean", "最新版本"),
    ("pages", "integer", "页数"),
    ("errors", "integer", "错误"),
    ("warnings", "integer", "警告"),
    ("infos", "integer", "提示"),
)


def factor(unit: str | None) -> int:
    return FACTORS.get(unit or "元", 1)


def direction(table_id: str, section: str | None, column_key: str) -> str:
    if section == "income":
        return "revenue"
    if section == "expense":
        return "expenditure"
    if table_id in _REVENUE_TABLES or column_key in _REVENUE_COLUMNS:
        return "revenue"
    return "expenditure"


def classification(table_id: str, code: str | None) -> str | None:
    """Which classification a row's code belongs to: economic (301…, 501…) in the economic tables,
    functional (201…) elsewhere."""
    if not code:
        return None
    if table_id.startswith("econ") or code[0] in "35":
        return "economic"
    return "functional"


def _amount(value: Decimal, text: str | None) -> str:
    """The amount as printed when that is the stored value exactly (keeps 37.90), else the value."""
    if text is not None:
        try:
            if Decimal(text) == value:
                return text
        except InvalidOperation:
            pass
    return plain_decimal(value.normalize())


def _line_query(latest: bool) -> sa.Select[Any]:
    c, t, d = schema.cells, schema.doc_tables, schema.documents
    query = (
        sa.select(
            c,
            d.c.department,
            d.c.department_key,
            d.c.year,
            d.c.kind,
            d.c.phase,
            d.c.unit.label("document_unit"),
            t.c.table_id,
            t.c.title.label("table_title"),
            t.c.unit.label("table_unit"),
        )
        .join(d, d.c.id == c.c.document_id)
        .join(t, (t.c.document_id == c.c.document_id) & (t.c.table_index == c.c.table_index))
        .where(c.c.value.is_not(None))
        .order_by(c.c.document_id, c.c.table_index, c.c.row_index, c.c.cell_index)
    )
    if latest:
        query = query.where(d.c.id.in_(latest_ids()))
    return query


def budget_line(r: Row) -> dict[str, Any]:
    kind = classification(r["table_id"], r["code"])
    line = {name: r.get(name) for name, _, _ in LINE_FIELDS}
    line.update(
        column_header=r["header"],
        unit=_unit(r),
        functional_code=r["code"] if kind == "functional" else None,
        functional_name=r["row_label"] if kind == "functional" else None,
        economic_code=r["code"] if kind == "economic" else None,
        economic_name=r["row_label"] if kind == "economic" else None,
    )
    line[_measure(r).name] = _amount(r["value"], r["value_text"])
    return line


def _lines(store: Store, latest: bool) -> Iterator[dict[str, Any]]:
    for batch in batches(store, _line_query(latest)):
        for r in batch:
            yield budget_line(r)


def _measures_present(store: Store, latest: bool) -> list[Measure]:
    """Every (direction, phase, factor) of the lines, in a stable order: a first pass over the
    distinct keys of the amount cells only, so that the CSV header is known before the lines."""
    c, t, d = schema.cells, schema.doc_tables, schema.documents
    query = (
        sa.select(
            t.c.table_id,
            c.c.section,
            c.c.column_key,
            d.c.phase,
            c.c.unit,
            t.c.unit.label("table_unit"),
            d.c.unit.label("document_unit"),
        )
        .distinct()
        .join(d, d.c.id == c.c.document_id)
        .join(t, (t.c.document_id == c.c.document_id) & (t.c.table_index == c.c.table_index))
        .where(c.c.value.is_not(None))
    )
    if latest:
        query = query.where(d.c.id.in_(latest_ids()))
    found = {_measure(r) for batch in batches(store, query) for r in batch}
    return sorted(found, key=lambda m: (m.phase, m.direction, m.factor))


def _unit(r: Row) -> str:
    """A cell's unit: its own, else its table's, else its document's, else 元."""
    return r["unit"] or r["table_unit"] or r["document_unit"] or "元"


def _measure(r: Row) -> Measure:
    return Measure(
        direction(r["table_id"], r["section"], r["column_key"]),
        PHASES.get(r["phase"], "proposed"),
        factor(_unit(r)),
    )


def _field(name: str, kind: str, title: str) -> dict[str, Any]:
    f: dict[str, Any] = {"name": name, "type": kind, "title": title}
    if kind == "number":
        f["decimalChar"] = "."
        f["bareNumber"] = True
    return f


def descriptor(measures: list[Measure], *, latest: bool) -> dict[str, Any]:
    """datapackage.json."""
    measure_fields = [
        _field(
            m.name,
            "number",
            f"金额（{'收入' if m.direction == 'revenue' else '支出'}，"
            f"{'预算' if m.phase == 'proposed' else '决算'}，{_unit_title(m.factor)}）",
        )
        for m in measures
    ]

    def attr(source: str, **extra: str) -> dict[str, str]:
        return {"source": source, "resource": "budget-lines", **extra}

    def dimension(
        attributes: dict[str, dict[str, str]], key: str | list[str], kind: str, **extra: str
    ) -> Any:
        return {"attributes": attributes, "primaryKey": key, "dimensionType": kind, **extra}

    return {
        "profile": "tabular-data-package",
        "name": "yusuan-disclosures" + ("-latest" if latest else ""),
        "title": "部门预算、决算公开表格数据（yusuan 导出）",
        "description": (
            "yusuan 从公开的部门预算、决算文件中读出的表格数据：每个金额单元格一行。"
            "金额为文件所印数字，单位见 factor（万元为 10000，元为 1）；"
            "direction 收入为 revenue、支出为 expenditure；phase 预算为 proposed、决算为 executed。"
        ),
        "version": __version__,
        "countryCode": "CN",
        "granularity": "aggregated",
        "keywords": ["部门预算", "部门决算", "预算公开", "fiscal"],
        "resources": [
            {
                "profile": "tabular-data-resource",
                "name": "budget-lines",
                "title": "金额单元格",
                "path": LINES,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "dialect": {"delimiter": ",", "doubleQuote": True, "lineTerminator": "\r\n", "header": True},
                "schema": {
                    "fields": [_field(*f) for f in LINE_FIELDS] + measure_fields,
                    "primaryKey": ["document_id", "table_index", "row_index", "cell_index"],
                    "missingValues": [""],
                },
            },
            {
                "profile": "tabular-data-resource",
                "name": "documents",
                "title": "公开文件",
                "path": DOCUMENTS,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "dialect": {"delimiter": ",", "doubleQuote": True, "lineTerminator": "\r\n", "header": True},
                "schema": {
                    "fields": [_field(*f) for f in DOCUMENT_FIELDS],
                    "primaryKey": ["id"],
                    "missingValues": [""],
                },
            },
        ],
        "model": {
            "measures": {
                m.name: {
                    "source": m.name,
                    "resource": "budget-lines",
                    "currency": "CNY",
                    "factor": m.factor,
                    "direction": m.direction,
                    "phase": m.phase,
                }
                for m in measures
            },
            "dimensions": {
                "functional_classification": dimension(
                    {
                        "code": attr("functional_code"),
                        "name": attr("functional_name", labelfor="code"),
                        "level": attr("level"),
                    },
                    "code",
                    "classification",
                    classificationType="functional",
                ),
                "economic_classification": dimension(
                    {
                        "code": attr("economic_code"),
                        "name": attr("economic_name", labelfor="code"),
                        "level": attr("level"),
                    },
                    "code",
                    "classification",
                    classificationType="economic",
                ),
                "department": dimension(
                    {
                        "key": attr("department_key"),
                        "name": attr("department", labelfor="key"),
                    },
                    "key",
                    "classification",
                    classificationType="administrative",
                ),
                "year": dimension({"year": attr("year")}, "year", "datetime"),
                "document": dimension(
                    {"id": attr("document_id"), "kind": attr("kind"), "phase": attr("phase")},
                    "id",
                    "other",
                ),
                "table": dimension(
                    {
                        "document": attr("document_id"),
                        "index": attr("table_index"),
                        "id": attr("table_id"),
                        "title": attr("table_title", labelfor="id"),
                    },
                    ["document", "index"],
                    "other",
                ),
                "column": dimension(
                    {"key": attr("column_key"), "header": attr("column_header", labelfor="key")},
                    "key",
                    "other",
                ),
                "row": dimension(
                    {
                        "document": attr("document_id"),
                        "table": attr("table_index"),
                        "index": attr("row_index"),
                        "cell": attr("cell_index"),
                        "label": attr("row_label"),
                        "key": attr("row_key"),
                        "section": attr("section"),
                        "is_total": attr("is_total"),
                    },
                    ["document", "table", "index", "cell"],
                    "fact",
                ),
            },
        },
    }


def _unit_title(f: int) -> str:
    return {v: k for k, v in FACTORS.items()}[f]


def export_fdp(store: Store, out_dir: Path, *, latest: bool) -> dict[Path, int]:
    """Write datapackage.json, budget-lines.csv and documents.csv: file → rows written."""
    measures = _measures_present(store, latest)
    header = [name for name, _, _ in LINE_FIELDS] + [m.name for m in measures]
    n_lines = 0

    def line_rows() -> Iterator[list[Any]]:
        nonlocal n_lines
        for line in _lines(store, latest):
            n_lines += 1
            yield [line.get(name) for name in header]

    with replacing(out_dir / LINES) as f:
        for text in csv_lines(header, line_rows()):
            f.write(text.encode("utf-8"))

    d = schema.documents
    doc_query = sa.select(*[d.c[name] for name, _, _ in DOCUMENT_FIELDS]).order_by(
        d.c.department_key, d.c.year, d.c.kind, d.c.version, d.c.id
    )
    if latest:
        doc_query = doc_query.where(d.c.is_latest)
    n_docs = 0

    def doc_rows() -> Iterator[list[Any]]:
        nonlocal n_docs
        for batch in batches(store, doc_query):
            for r in batch:
                n_docs += 1
                yield [r[name] for name, _, _ in DOCUMENT_FIELDS]

    with replacing(out_dir / DOCUMENTS) as f:
        for text in csv_lines([name for name, _, _ in DOCUMENT_FIELDS], doc_rows()):
            f.write(text.encode("utf-8"))

    package = descriptor(measures, latest=latest)
    with replacing(out_dir / "datapackage.json") as f:
        f.write(json.dumps(package, ensure_ascii=False, indent=2).encode("utf-8") + b"\n")
    return {out_dir / LINES: n_lines, out_dir / DOCUMENTS: n_docs, out_dir / "datapackage.json": 1}
