"""The inspection dimension (检查维度) each rule belongs to, as the MoF 预决算公开检查 groups defects:
完整性 (something required is missing), 细化程度 (not detailed enough), 一致性 (figures that do not
agree: arithmetic, tables, text), 规范性 (form and wording). Reports count findings by dimension."""

from __future__ import annotations

DIMENSIONS = ("完整性", "细化程度", "一致性", "规范性")

_BY_FAMILY = {
    "ST": "完整性",
    "AR": "一致性",
    "XT": "一致性",
    "TX": "一致性",
    "FN": "一致性",
    "CD": "规范性",
    "PF": "规范性",
    "WD": "规范性",
    "EN": "规范性",
    "YY": "一致性",
}

# rules whose defect is a missing level of detail (standards.md §1.3 and the 细化程度 row of the
# inspection table: 功能分类 to 项, 基本支出 经济分类 to 款, counts of 三公, changes without a reason)
_DETAIL = {"CD506", "CD507", "TX309", "FN804", "FN810", "ST408", "PF611"}


def dimension(rule: str) -> str:
    """The dimension of a rule code (AR101 → 一致性); 规范性 for a code of an unknown family."""
    if rule in _DETAIL:
        return "细化程度"
    return _BY_FAMILY.get(rule[:2], "规范性")
