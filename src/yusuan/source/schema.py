"""The JSON Schema of a YAML/JSON source, for editor completion and validation.

``budget.schema.json`` beside this module is generated from ``schema()``; a test keeps them equal.
Regenerate with ``python -m yusuan.source.schema > src/yusuan/source/budget.schema.json``.
"""

from __future__ import annotations

import json
from typing import Any

from yusuan.model.budget import KINDS, SOURCES, VEHICLE_KINDS
from yusuan.profiles import buildable

_AMOUNT: dict[str, Any] = {
    "description": "金额（按 unit 的单位），不小于 0，最多两位小数",
    "type": "number",
    "minimum": 0,
}
_COUNT: dict[str, Any] = {"type": "integer", "minimum": 0}
_TEXT: dict[str, Any] = {"type": "string"}


def _obj(properties: dict[str, Any], required: tuple[str, ...] = (), title: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {"type": "object", "additionalProperties": False, "properties": properties}
    if required:
        out["required"] = list(required)
    if title:
        out["title"] = title
    return out


def _described(base: dict[str, Any], text: str) -> dict[str, Any]:
    return {**base, "description": text}


_SANGONG = _obj(
    {
        "abroad": _described(_AMOUNT, "因公出国（境）费"),
        "reception": _described(_AMOUNT, "公务接待费"),
        "vehicle_purchase": _described(_AMOUNT, "公务用车购置费"),
        "vehicle_running": _described(_AMOUNT, "公务用车运行维护费"),
    },
    title="“三公”经费",
)


def schema() -> dict[str, Any]:
    fact = _obj(
        {
            "function": {
                "description": "功能分类科目编码（7 位，项级）",
                "type": "string",
                "pattern": r"^\d{7}$",
            },
            "economic": {
                "description": "部门预算支出经济分类科目编码（5 位，款级）",
                "type": "string",
                "pattern": r"^\d{5}$",
            },
            "source": {"description": "资金来源", "enum": [*SOURCES, *SOURCES.values()]},
            "kind": {"description": "basic 基本支出 / project 项目支出", "enum": [*KINDS, *KINDS.values()]},
            "amount": _AMOUNT,
            "project": _described(_TEXT, "项目名称（项目支出必填）"),
            "unit": _described(_TEXT, "预算单位名称（可选）"),
        },
        ("function", "economic", "kind", "amount"),
        "收支明细行",
    )
    indicator = _obj(
        {
            "level1": _described(_TEXT, "一级指标，如 产出指标"),
            "level2": _described(_TEXT, "二级指标，如 数量指标"),
            "name": _described(_TEXT, "三级指标"),
            "value": _described(_TEXT, "目标值，如 大于等于 95%"),
        },
        ("level1", "level2", "name", "value"),
    )
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://yusuan.invalid/budget.schema.json",
        "title": "yusuan 部门预算源文件",
        **_obj(
            {
                "department": _described(_TEXT, "部门全称"),
                "short_name": _described(_TEXT, "说明中使用的简称"),
                "year": {"description": "预算年度", "type": "integer", "minimum": 2000, "maximum": 2100},
                "unit": {"description": "金额单位", "enum": ["万元", "元"]},
                "profile": {"description": "公开模板", "enum": buildable("budget")},
                "duties": {"description": "部门主要职责", "type": "array", "items": _TEXT},
                "offices": _described(_COUNT, "机关行政处（科）室数"),
                "units": {
                    "description": "预算单位构成",
                    "type": "array",
                    "items": _obj(
                        {
                            "name": _TEXT,
                            "nature": _described(_TEXT, "经费性质"),
                            "staffing": _described(_COUNT, "人员编制数"),
                            "actual": _described(_COUNT, "在职人数"),
                        },
                        ("name",),
                    ),
                },
                "tasks_intro": _described(_TEXT, "主要工作任务概述"),
                "tasks": {"description": "主要工作任务", "type": "array", "items": _TEXT},
                "facts": {"description": "收支明细", "type": "array", "minItems": 1, "items": fact},
                "function_names": {
                    "description": "功能分类科目名称（款、项）",
                    "type": "object",
                    "propertyNames": {"pattern": r"^\d{3}(\d{2}){0,2}$"},
                    "additionalProperties": _TEXT,
                },
                "code_purposes": {
                    "description": "项级科目的主要用途",
                    "type": "object",
                    "propertyNames": {"pattern": r"^\d{7}$"},
                    "additionalProperties": _TEXT,
                },
                "last_year": _obj(
                    {
                        "income_total": _described(_AMOUNT, "上年收入预算总额"),
                        "expense_total": _described(_AMOUNT, "上年支出预算总额（默认同收入）"),
                        "gpb_total": _described(_AMOUNT, "上年一般公共预算拨款支出"),
                        "fiscal_total": _described(_AMOUNT, "上年财政拨款"),
                        "sangong": _SANGONG,
                        "admin_running": _described(_AMOUNT, "上年机关运行经费"),
                    },
                    title="上年预算数",
                ),
                "sangong": _SANGONG,
                "sangong_purposes": _obj(
                    {"abroad": _TEXT, "reception": _TEXT, "vehicle": _TEXT}, title="“三公”经费主要用途"
                ),
                "admin_running": _described(_AMOUNT, "机关运行经费"),
                "procurement": _obj(
                    {
                        "goods": _described(_AMOUNT, "政府采购货物预算"),
                        "works": _described(_AMOUNT, "政府采购工程预算"),
                        "services": _described(_AMOUNT, "政府采购服务预算"),
                    },
                    title="政府采购",
                ),
                "assets": _obj(
                    {
                        "as_of": _described(_TEXT, "截至日期，默认上年 12 月 31 日"),
                        "vehicles": _obj({k: _COUNT for k in VEHICLE_KINDS}, title="车辆（辆）"),
                        "vehicles_to_purchase": _described(_COUNT, "本年预算安排购置车辆"),
                        "general_equipment": _described(_COUNT, "单位价值 50 万元以上通用设备"),
                        "special_equipment": _described(_COUNT, "单位价值 100 万元以上专用设备"),
                        "note": _TEXT,
                    },
                    title="国有资产占用使用情况",
                ),
                "reasons": _obj(
                    {
                        k: _described(_TEXT, f"{v}变动原因")
                        for k, v in {
                            "income": "收入预算",
                            "expense": "支出预算",
                            "gpb": "一般公共预算拨款支出",
                            "fiscal": "财政拨款",
                            "sangong.total": "“三公”经费合计",
                            "sangong.abroad": "因公出国（境）费",
                            "sangong.reception": "公务接待费",
                            "sangong.vehicle": "公务用车购置及运行费",
                            "admin_running": "机关运行经费",
                        }.items()
                    },
                    title="变动原因（由部门填写）",
                ),
                "targets": {
                    "description": "项目绩效目标",
                    "type": "array",
                    "items": _obj(
                        {
                            "project": _TEXT,
                            "goal": _described(_TEXT, "总体目标"),
                            "indicators": {"type": "array", "items": indicator},
                        },
                        ("project", "goal", "indicators"),
                    ),
                },
                "performance_note": _described(_TEXT, "绩效目标有关情况说明"),
            },
            ("department", "year", "facts"),
        ),
    }


def schema_json() -> str:
    return json.dumps(schema(), ensure_ascii=False, indent=2) + "\n"


if __name__ == "__main__":  # pragma: no cover
    print(schema_json(), end="")
