"""Performance-target tables (项目支出绩效目标表) and the 预算单位构成 table."""

from __future__ import annotations

import re
from decimal import Decimal

from yusuan.extract.normalize import canon, squash
from yusuan.extract.tables import ExtractContext
from yusuan.model import Indicator, Money, Provenance, TableBlock, TargetTable, Unit, UnitRow, parse_decimal

_COMPARATORS = [
    ("大于或等于", "≥"), ("大于等于", "≥"), ("不低于", "≥"), ("不少于", "≥"), ("≥", "≥"), (">=", "≥"),
    ("小于或等于", "≤"), ("小于等于", "≤"), ("不高于", "≤"), ("不超过", "≤"), ("不多于", "≤"), ("≤", "≤"),
    ("<=", "≤"), ("等于", "="), ("＝", "="), ("=", "="), ("大于", ">"), ("高于", ">"), (">", ">"),
    ("小于", "<"), ("低于", "<"), ("<", "<"),
]  # fmt: skip
_VALUE = re.compile(r"^\s*(?P<num>-?\d+(?:\.\d+)?)\s*(?P<unit>%|％|[^\d\s]{0,6})\s*$")
_LEVEL2_TO_1 = {
    "数量": "产出指标", "质量": "产出指标", "时效": "产出指标", "成本": "成本指标",
    "经济成本": "成本指标", "社会成本": "成本指标", "生态环境成本": "成本指标",
    "经济效益": "效益指标", "社会效益": "效益指标", "生态效益": "效益指标", "可持续影响": "效益指标",
    "满意度": "满意度指标", "服务对象满意度": "满意度指标",
}  # fmt: skip
_LEVEL1 = ("产出指标", "效益指标", "满意度指标", "成本指标", "经济成本指标")


def parse_target_value(text: str) -> tuple[str | None, Decimal | None, str | None] | None:
    """'大于等于 95%' → ('≥', 95, '%'); '≤1个' → ('≤', 1, '个'); '有效提升' → None (qualitative)."""
    t = squash(text).replace("％", "%")
    comparator = None
    for word, sym in _COMPARATORS:
        if t.startswith(word):
            comparator, t = sym, t[len(word) :]
            break
    m = _VALUE.match(t)
    if not m:
        return None
    unit = m.group("unit") or None
    return comparator, Decimal(m.group("num")), unit


def _is_value_cell(text: str) -> bool:
    return parse_target_value(text) is not None


_FUNDS_UNIT = re.compile(r"(?:项目资金|资金)[（(](万元|元)[)）]")


def _level_of(text: str) -> str | None:
    c = canon(text).replace("指标", "")
    return c or None


def parse_target_table(block: TableBlock, project: str, ctx: ExtractContext) -> TargetTable:
    src = Provenance(ctx.path, line=block.line, page=block.page, table=f"{project}绩效目标表")
    funds: dict[str, Money | None] = {"资金总额": None, "财政拨款": None, "其他资金": None}
    goal = None
    indicators: list[Indicator] = []
    in_indicators = False
    value_col: int | None = None
    level1: str | None = None
    level2: str | None = None
    funds_unit = ctx.default_unit
    for row in block.rows:
        cells = [c for c in row if c.text.strip()]
        texts = [squash(c.text) for c in cells]
        if not texts:
            continue
        joined = "".join(texts)
        stated = _FUNDS_UNIT.search(joined.replace(" ", ""))
        if stated:  # 项目资金（元） / (万元): the table states its own unit
            funds_unit = Unit.WAN if stated.group(1) == "万元" else Unit.YUAN
        line = cells[0].line
        label_hit = next((k for k in funds if any(k in t for t in texts)), None)
        if label_hit and not in_indicators:
            num = next((c for c in cells if parse_decimal(c.text) is not None), None)
            if num is not None:
                amount, places = parse_decimal(num.text) or (Decimal(0), 0)
                funds[label_hit] = Money(
                    amount,
                    funds_unit,
                    places,
                    src.with_(line=num.line, row=label_hit, text=num.text.strip()),
                )
            continue
        if "总体目标" in joined.replace(" ", "") and not in_indicators:
            goal = max(texts, key=len)
            continue
        if "三级指标" in joined or ("一级指标" in joined and "二级指标" in joined):
            in_indicators = True
            header = [squash(c.text) for c in row]
            value_col = next((i for i, t in enumerate(header) if "目标值" in t or "指标值" in t), None)
            continue
        if not in_indicators:
            continue
        value_idx = max((i for i, t in enumerate(texts) if _is_value_cell(t)), default=None)
        if (
            value_idx is None
            and value_col is not None
            and (value_col >= len(row) or not row[value_col].text.strip())
        ):
            # the 目标值 cell itself is empty: keep the row, with an empty value, so rules can report it
            texts = [*texts, ""]
            value_idx = len(texts) - 1
        elif value_idx is None:
            value_idx = len(texts) - 1 if len(texts) >= 2 else None
        if value_idx is None or value_idx == 0:
            continue
        value_text = texts[value_idx]
        name = texts[value_idx - 1]
        before = [t for t in texts[: value_idx - 1] if t not in ("绩效目标指标", "绩效目标", "指标")]
        l2 = before[-1] if before else None
        l1 = before[-2] if len(before) >= 2 else None
        if l2 is not None and l1 is None and canon(l2) in _LEVEL1:
            l1, l2 = l2, None
        if l2 is not None:
            level2 = l2
            key = (_level_of(l2) or "").replace("指标", "")
            level1 = l1 or _LEVEL2_TO_1.get(key, level1)
        if l1 is not None:
            level1 = l1
        parsed = parse_target_value(value_text)
        comparator, value, unit = parsed if parsed else (None, None, None)
        indicators.append(
            Indicator(
                level1=level1,
                level2=level2,
                name=name,
                comparator=comparator,
                value=value,
                unit=unit,
                text=value_text,
                source=src.with_(line=line, row=name, column="目标值", text="\t".join(texts)),
            )
        )
    return TargetTable(
        project=project,
        funds_total=funds["资金总额"],
        funds_fiscal=funds["财政拨款"],
        funds_other=funds["其他资金"],
        goal=goal,
        indicators=indicators,
        source=src,
    )


def named_project(block: TableBlock) -> str | None:
    """The project the table names itself (项目名称 | 新建万里街道社区公共服务中心), if it does: the
    heading above a Shanghai 绩效目标填报表 is only the form's name and its year."""
    for row in block.rows[:4]:
        texts = [squash(c.text) for c in row if c.text.strip()]
        for i, t in enumerate(texts[:-1]):
            if canon(t) == "项目名称":
                return texts[i + 1]
    return None


def looks_like_target_table(block: TableBlock) -> bool:
    head = "".join(c.text for r in block.rows[:8] for c in r).replace(" ", "")
    return ("资金总额" in head or "项目资金" in head) and ("指标" in head or "总体目标" in head)


def looks_like_units_table(block: TableBlock) -> bool:
    head = "".join(c.text for c in block.rows[0]).replace(" ", "") if block.rows else ""
    return "单位名称" in head and ("编制" in head or "在职" in head)


def _int(text: str) -> int | None:
    p = parse_decimal(text)
    return int(p[0]) if p is not None and p[1] == 0 else None


def parse_units_table(block: TableBlock, ctx: ExtractContext) -> list[UnitRow]:
    header = [canon(c.text) for c in block.rows[0]]

    def col(*words: str) -> int | None:
        return next((i for i, h in enumerate(header) if any(w in h for w in words)), None)

    name_i, nature_i = col("单位名称") or 0, col("经费性质", "单位性质", "性质")
    staff_i, actual_i = col("编制"), col("在职", "实有")
    out = []
    for row in block.rows[1:]:
        texts = [squash(c.text) for c in row]
        if not any(texts) or name_i >= len(texts) or not texts[name_i]:
            continue
        line = next((c.line for c in row if c.line), None)

        def get(i: int | None, texts: list[str] = texts) -> str:
            return texts[i] if i is not None and i < len(texts) else ""

        out.append(
            UnitRow(
                name=texts[name_i],
                nature=get(nature_i) or None,
                staffing=_int(get(staff_i)),
                actual=_int(get(actual_i)),
                source=Provenance(
                    ctx.path, line=line, table="预算单位构成", row=texts[name_i], text="\t".join(texts)
                ),
            )
        )
    return out
