"""Export an extracted disclosure as data: JSON, CSV files or an Excel workbook.

Sees the model only: the input is the ``Document`` a reader produced and the ``Disclosure`` the
extractor made of it (``yusuan extract`` runs read → choose profile → extract, never the audit).

Every amount is the exact ``Decimal`` the document printed, in the table's own unit, never a float:
a JSON string (``"1330.34"``), a CSV field (``1330.34``, no thousands separators) and an Excel
number formatted with the published decimals (``#,##0.00``). Indexes are 1-based.

JSON (``<stem>.json``, UTF-8, ``schema_version`` 1)::

    {
      "schema_version": 1, "generator": "yusuan 0.1.0",
      "meta": {"source", "format" (text/html/pdf/xlsx), "pages", "profile", "document"
               (部门预算 / 单位预算 / 部门决算 / 单位决算), "title",
               "department", "year", "unit" (the profile's default 元/万元)},
      "tables": [{
        "index", "id" (profile table id: summary, income, expense, fiscal, gpb, ...), "title",
        "kind" (two_sided / coded / items / listing), "unit", "unit_stated" (false: unit not
        printed, the profile default was taken), "note", "page", "line",
        "header": [{"column" (key), "title" (as published)}],
        "rows": [{
          "index", "label", "code", "level" (1 类 / 2 款 / 3 项), "key" (profile key such as
          income.gpb), "section" (two-sided: income / expense), "is_total", "page", "line",
          "bbox" (the source row's rectangle, PDF only), "text" (source row, cells joined by tabs),
          "cells": [{"column", "header", "text" (as printed), "value" (exact decimal string or
                     null), "places", "unit", "page", "line",
                     "bbox" ([x0, top, x1, bottom] in PDF points from the page's top-left, or null),
                     "source_column" (0-based grid column of the source cell, or null)}]}]}],
      "claims": [{"index", "subject" (profile subject key: income_total, func:2013201, ...),
                  "subject_text", "kind" (amount / count / change / percent / reason / text),
                  "value", "unit", "value_text", "count", "change" (signed), "change_unit",
                  "change_text", "direction" (up / down / flat), "direction_text", "percent",
                  "percent_direction", "year", "reason", "parent" (index of the claim this one
                  details, after 其中), "code_name", "text" (the sentence), "page", "line"}],
      "targets": [{"index", "project", "funds_total", "funds_fiscal", "funds_other", "funds_unit",
                   "goal", "page", "line",
                   "indicators": [{"level1", "level2", "name", "comparator" (≥ ≤ = > <),
                                   "value", "unit", "text", "page", "line"}]}],
      "units": [{"index", "name", "nature", "staffing", "actual", "page", "line"}],
      "headings": [{"index", "text", "level", "section", "page", "line"}],
      "problems": [{"index", "stage" (read / extract), "message", "table", "text", "page", "line"}]
    }

``page`` / ``line``: text and HTML give lines; PDF gives the page and a running line number in
reading order; Excel gives the sheet number and row. A cell's ``bbox`` and ``source_column`` are
null when the reader has no geometry or the cell cannot be matched with certainty. Listing tables
(清单) keep their cells as text (``value`` null).

CSV (``<stem>/``, UTF-8 with BOM, CRLF): ``document.csv`` (项目, 内容: source, profile, 文档类型, year,
department, unit, one line per table), ``NN_<title>.csv`` per table (序号, [栏目], 科目编码, 名称,
键, 合计行, 单位, one column per published amount column, 页, 行, [来源单元格]), ``claims.csv``,
``targets.csv`` (one line per indicator), ``units.csv``, ``headings.csv``, ``problems.csv``.

XLSX (``<stem>.xlsx``): the same sheets: 说明, one per table (``NN 标题``, ≤ 31 characters,
unique), 文字表述, 绩效目标, 单位构成, 章节标题, 未识别内容.
"""

from __future__ import annotations

from yusuan.export.csv_format import to_csv
from yusuan.export.json_format import to_dict, to_json
from yusuan.export.records import ExportDocument, records
from yusuan.export.xlsx_format import to_xlsx
from yusuan.model import Disclosure, Document

__all__ = ["FORMATS", "ExportDocument", "export", "records", "to_csv", "to_dict", "to_json", "to_xlsx"]

FORMATS = ("json", "csv", "xlsx")


def export(doc: Document, d: Disclosure, fmt: str) -> dict[str, bytes]:
    """The files of one format: {'': bytes} for json and xlsx, {file name: bytes} for csv."""
    rec = records(doc, d)
    if fmt == "json":
        return {"": to_json(rec)}
    if fmt == "xlsx":
        return {"": to_xlsx(rec)}
    if fmt == "csv":
        return to_csv(rec)
    raise ValueError(f"unknown export format: {fmt}")
