"""The JSON Schema of a final-accounts source (``document: final``), for editor completion.

``final.schema.json`` beside this module is generated from ``final_schema()``; a test keeps them equal.
Regenerate with ``python -m yusuan.source.final_schema > src/yusuan/source/final.schema.json``.
"""

from __future__ import annotations

import json
from typing import Any

from yusuan.model.budget import KINDS
from yusuan.model.final_accounts import FINAL_REASONS, FINAL_SOURCES, FINAL_VEHICLE_KINDS, SANGONG_ITEMS
from yusuan.profiles import buildable
from yusuan.source.final_mapping import GRADES, SANGONG_COUNTS
from yusuan.source.schema import _AMOUNT, _COUNT, _TEXT, _described, _obj

_CODE7 = {"description": "功能分类科目编码（7 位，项级）", "type": "string", "pattern": r"^\d{7}$"}
_SOURCE = {"description": "资金来源", "enum": [*FINAL_SOURCES, *FINAL_SOURCES.values()]}


def final_schema() -> dict[str, Any]:
    fact = _obj(
        {
            "function": _CODE7,
            "economic": {
                "description": "部门预算支出经济分类科目编码（5 位，款级）",
                "type": "string",
                "pattern": r"^\d{5}$",
            },
            "source": _SOURCE,
            "kind": {"description": "basic 基本支出 / project 项目支出", "enum": [*KINDS, *KINDS.values()]},
            "amount": _described(_AMOUNT, "决算数"),
            "project": _described(_TEXT, "项目名称"),
            "unit": _described(_TEXT, "单位名称（可选）"),
        },
        ("function", "economic", "kind", "amount"),
        "本年支出明细行",
    )
    money = _obj({"function": _CODE7, "source": _SOURCE, "amount": _AMOUNT}, ("function", "amount"))
    pair = _obj(
        {"budget": _described(_AMOUNT, "预算数（全年预算数）"), "final": _described(_AMOUNT, "决算数")}
    )
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://yusuan.invalid/final.schema.json",
        "title": "yusuan 部门决算源文件",
        **_obj(
            {
                "document": {
                    "description": "源文件类型：决算",
                    "enum": ["final", "决算", "部门决算", "单位决算"],
                },
                "department": _described(_TEXT, "部门全称"),
                "short_name": _described(_TEXT, "简称"),
                "year": {"description": "决算年度", "type": "integer", "minimum": 2000, "maximum": 2100},
                "unit": {"description": "金额单位", "enum": ["万元", "元"]},
                "profile": {"description": "公开模板", "enum": buildable("final")},
                "level": {"description": "部门决算或单位决算", "enum": ["部门", "单位"]},
                "duties": {"description": "主要职能", "type": "array", "items": _TEXT},
                "units": {
                    "description": "决算单位构成",
                    "type": "array",
                    "items": _obj({"name": _TEXT, "nature": _described(_TEXT, "单位性质")}, ("name",)),
                },
                "facts": {"description": "本年支出明细", "type": "array", "minItems": 1, "items": fact},
                "income": {
                    "description": "本年收入（按项级科目和资金来源）",
                    "type": "array",
                    "items": money,
                },
                "carry_in": {
                    "description": "年初结转和结余（按项级科目和资金来源）",
                    "type": "array",
                    "items": money,
                },
                "function_names": {
                    "description": "功能分类科目名称（款、项）",
                    "type": "object",
                    "propertyNames": {"pattern": r"^\d{3}(\d{2}){0,2}$"},
                    "additionalProperties": _TEXT,
                },
                "items": {
                    "description": "项级科目的预算数、主要用途和差异原因",
                    "type": "object",
                    "propertyNames": {"pattern": r"^\d{7}$"},
                    "additionalProperties": _obj(
                        {
                            "initial": _described(_AMOUNT, "年初预算数"),
                            "adjusted": _described(_AMOUNT, "全年预算数（调整预算数）"),
                            "purpose": _described(_TEXT, "主要用于"),
                            "reason": _described(_TEXT, "决算数与全年预算数不同的原因"),
                            "initial_reason": _described(
                                _TEXT, "决算数与年初预算数不同的原因（全国通用版式）"
                            ),
                        }
                    ),
                },
                "gpb_budget": _obj(
                    {"initial": _AMOUNT, "adjusted": _AMOUNT}, title="一般公共预算财政拨款支出年初/全年预算数"
                ),
                "sangong": _obj(
                    {
                        **{k: _described(pair, v) for k, v in SANGONG_ITEMS.items()},
                        **{k: _COUNT for k in SANGONG_COUNTS},
                        "foreign_amount": _described(_AMOUNT, "外宾接待支出"),
                        "purposes": _obj({"abroad": _TEXT, "vehicle": _TEXT, "reception": _TEXT}),
                    },
                    title="财政拨款“三公”经费",
                ),
                "admin_running": _described(_AMOUNT, "机关运行经费支出"),
                "admin_running_budget": _described(_AMOUNT, "机关运行经费预算数（全国通用版式写明）"),
                "procurement": _obj(
                    {
                        "goods": _AMOUNT,
                        "works": _AMOUNT,
                        "services": _AMOUNT,
                        "sme": _described(_AMOUNT, "授予中小企业合同金额"),
                    },
                    title="政府采购（以合同签订为准）",
                ),
                "assets": _obj(
                    {
                        "vehicles": _obj({k: _COUNT for k in FINAL_VEHICLE_KINDS}, title="车辆（辆）"),
                        "equipment": _described(_COUNT, "单价 100 万元（含）以上设备（不含车辆）"),
                        "note": _TEXT,
                    },
                    title="国有资产占有使用情况（截至决算年度 12 月 31 日）",
                ),
                "performance": _obj(
                    {
                        "note": _TEXT,
                        "target_projects": _COUNT,
                        "target_amount": _AMOUNT,
                        "evaluated_projects": _COUNT,
                        "evaluated_amount": _AMOUNT,
                        "average_score": _AMOUNT,
                        "grades": _obj({g: _COUNT for g in GRADES}),
                    },
                    title="预算绩效管理情况",
                ),
                "last_year": _obj(
                    {
                        "total": _described(_AMOUNT, "上年收入支出总计"),
                        "fiscal_total": _described(_AMOUNT, "上年财政拨款收入支出总计"),
                        "gpb": _described(_AMOUNT, "上年一般公共预算财政拨款支出"),
                        "sangong": _described(_AMOUNT, "上年“三公”经费决算数"),
                        "admin_running": _described(_AMOUNT, "上年机关运行经费"),
                    },
                    title="上年决算数",
                ),
                "reasons": _obj(
                    {k: _described(_TEXT, v) for k, v in FINAL_REASONS.items()}, title="原因（由部门填写）"
                ),
            },
            ("document", "department", "year", "facts"),
        ),
    }


def final_schema_json() -> str:
    return json.dumps(final_schema(), ensure_ascii=False, indent=2) + "\n"


if __name__ == "__main__":  # pragma: no cover
    print(final_schema_json(), end="")
