"""Performance targets (绩效目标): the target tables against the narrative and the budget, and rules P1–P8.

Basis: 财预〔2015〕88号 and 财预〔2021〕101号 (indicator tree, direction symbols, no inputs as
outputs), the self-evaluation practice of 财预〔2020〕10号, and standards §5.3 (P1–P8).
"""

from __future__ import annotations

import re
from decimal import Decimal

from yusuan.audit.check import Check, show
from yusuan.audit.figures import Figure
from yusuan.audit.registry import rule
from yusuan.model import Indicator, Money, Severity, TargetTable, Unit

ZERO = Decimal(0)
HUNDRED = Decimal(100)
SIXTY = Decimal(60)

# -- indicator vocabulary -------------------------------------------------------------------------

#: Words that make an indicator a ratio (a percentage bounded by 0 and 100).
_RATIO_WORDS = (
    "率", "比例", "比率", "占比", "比重", "百分比", "满意度", "满意程度", "吻合度", "符合度", "知晓度",
    "认可度", "达成度", "完成度", "覆盖面",
)  # fmt: skip
#: Words with 率 that are not percentages.
_NOT_RATIO = ("效率", "频率", "功率", "速率")
#: Growth and change indicators: a percentage that may exceed 100 or be negative.
_GROWTH = ("增长", "增幅", "增速", "同比", "环比", "比上年", "较上年", "提高", "提升", "上升", "下降", "降低", "减少")  # fmt: skip
#: Floor (正向) indicators: higher is better, so the target is "≥", never "≤".
_FLOOR = (
    "合格率", "完成率", "发放率", "满意度", "满意率", "覆盖率", "到位率", "执行率", "及时率", "办结率",
    "达标率", "通过率", "知晓率", "参与率", "使用率", "利用率", "验收率", "合规率", "准确率", "正确率",
    "受益率", "普及率", "好评率", "响应率", "解决率", "落实率", "兑现率", "完好率", "优良率", "结案率",
    "处置率", "整改率", "支付率", "拨付率", "就业率", "出勤率", "回复率", "建成率", "吻合度", "符合度",
    "达成度", "完成度", "知晓度", "认可度",
)  # fmt: skip
#: Reverse (反向) indicators: lower is better, "≤" is right.
_REVERSE = (
    "成本", "超支", "投诉", "事故", "差错", "偏差", "失误", "发生率", "不合格", "不达标", "未完成", "未按",
    "返工", "流失", "空置", "闲置", "损耗", "误差", "逾期", "违规", "违纪", "退回", "延误", "滞留", "积压",
    "缺陷", "故障", "错误", "死亡", "发案", "差异",
)  # fmt: skip
#: Inputs that 101号 says must not be used as outputs (standards P6).
_INPUT = (
    "预算执行率", "资金执行率", "资金到位率", "资金到位", "资金投入", "投入资金", "预算投入", "资金支付率",
    "资金支付进度", "预算支出进度", "资金支出进度",
)  # fmt: skip
#: Indicator categories where an input indicator is expected (部门整体支出 templates).
_INPUT_CATEGORY = ("投入", "过程", "管理", "预算执行")
#: Endings of count names (数量指标): a number of people, items, times.
_COUNT_ENDINGS = ("人次", "场次", "户次", "批次", "车次", "频次", "数量")
_NOT_COUNT = ("指数", "系数", "分数", "倍数", "参数", "基数", "函数", "常数")
_COUNT_UNITS = {
    "人", "个", "次", "家", "户", "场", "人次", "场次", "户次", "项", "台", "套", "辆", "件", "所", "名",
    "篇", "期", "本", "份", "条", "处", "座", "间", "册", "批", "部", "支", "张", "只", "头", "株", "棵",
    "亩", "公里", "千米", "米", "平方米", "万人", "万人次", "个次", "家次", "所次", "班", "门", "课时", "学时",
}  # fmt: skip
#: Values that say "none": a target for a 反向 indicator (投诉, 事故), a blank for any other.
_NONE_WORDS = {"无", "零", "0"}
_EMPTY_VALUES = {"", "/", "／", "\\", "-", "－", "—", "——", "--", "无", "空", "N/A", "n/a", "NA"}

_TRAILING_MARKS = " \t\r\n\u3000。，,；;：:、."


def _strip_trailing(name: str) -> str:
    """``name`` without the bracketed notes and punctuation at its end ("满意度（%）：" → "满意度"), in
    linear time (a regular expression alternating the two under a repeat backtracks exponentially)."""
    while True:
        stripped = name.rstrip(_TRAILING_MARKS)
        if stripped.endswith(("）", ")")):
            opening = max(stripped.rfind("（"), stripped.rfind("("))
            inner = stripped[opening + 1 : -1]
            if opening >= 0 and not any(b in inner for b in "（()）"):
                stripped = stripped[:opening]
        if stripped == name:
            return name
        name = stripped


_TIMES_100 = re.compile(r"[×xX*＊]\s*100\s*[%％]")


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _name(ind: Indicator) -> str:
    return _norm(ind.name)


def _has(text: str, words: tuple[str, ...]) -> bool:
    return any(w in text for w in words)


def _is_satisfaction(ind: Indicator) -> bool:
    return "满意" in _name(ind) or any("满意" in (lv or "") for lv in (ind.level1, ind.level2))


def _ratio_name(name: str) -> bool:
    """The 三级指标 name says the value is a share (率, 比例, 满意度, ×100% …)."""
    if _TIMES_100.search(name):
        return True
    cleaned = name
    for w in _NOT_RATIO:
        cleaned = cleaned.replace(w, "")
    return _has(cleaned, _RATIO_WORDS)


def _count_name(name: str) -> bool:
    """The name is a count (慰问人才数, 发放薪酬人数, 培训人次) and not a share."""
    stem = _strip_trailing(name)
    if not stem or _ratio_name(name):
        return False
    if stem.endswith(_COUNT_ENDINGS):
        return True
    return stem.endswith("数") and not stem.endswith(_NOT_COUNT)


def _is_growth(ind: Indicator) -> bool:
    return _has(_name(ind), _GROWTH)


def _is_ratio(ind: Indicator) -> bool:
    """A percentage indicator: a share by its name, or stated in % without being a count."""
    name = _name(ind)
    return _ratio_name(name) or (ind.unit == "%" and not _count_name(name))


def _is_bounded(ind: Indicator) -> bool:
    """A share that cannot leave 0–100 %: a ratio stated in % (or with no unit), not a growth rate."""
    return _is_ratio(ind) and ind.unit in ("%", None) and not _is_growth(ind)


def _is_reverse(ind: Indicator) -> bool:
    return _has(_name(ind), _REVERSE)


def _is_floor(ind: Indicator) -> bool:
    if _is_reverse(ind) or _is_growth(ind):
        return False
    name = _name(ind)
    return _has(name, _FLOOR) or (_is_satisfaction(ind) and _is_ratio(ind))


def _is_quantity(ind: Indicator) -> bool:
    return "数量" in (ind.level2 or "") or _count_name(_name(ind))


def _is_input(ind: Indicator) -> bool:
    return _has(_name(ind), _INPUT)


def _category(ind: Indicator) -> str:
    levels = [lv for lv in (ind.level1, ind.level2) if lv]
    return " / ".join(dict.fromkeys(levels)) or "（未列明）"


def _value_text(ind: Indicator) -> str:
    if ind.value is None:
        return ind.text or "（空）"
    return f"{ind.comparator or ''}{ind.value}{ind.unit or ''}"


def _where(t: TargetTable, ind: Indicator) -> str:
    return f"“{t.project}”绩效目标表指标“{ind.name}”"


def _table_funds(t: TargetTable) -> Money | None:
    """The table's 资金总额, or 财政拨款 + 其他资金 when only those are given."""
    if t.funds_total is not None:
        return t.funds_total
    parts = [m for m in (t.funds_fiscal, t.funds_other) if m is not None]
    if not parts:
        return None
    unit = parts[0].unit
    parts = [m.in_unit(unit) for m in parts]
    return Money(sum((m.value for m in parts), ZERO), unit, max(m.places for m in parts), parts[0].source)


def _continued(targets: list[TargetTable]) -> list[tuple[TargetTable, list[Indicator]]]:
    """Each form with all its indicators: a form continued on the next page repeats its project
    name and 资金总额 (长沙 项目支出绩效目标表), and its two parts are one form."""
    forms: list[tuple[TargetTable, list[Indicator]]] = []
    for t in targets:
        if forms:
            first, indicators = forms[-1]
            same_funds = (first.funds_total is None) == (t.funds_total is None) and (
                first.funds_total is None
                or t.funds_total is None
                or first.funds_total.value == t.funds_total.value
            )
            if first.project == t.project and same_funds:
                indicators.extend(t.indicators)
                continue
        forms.append((t, list(t.indicators)))
    return forms


def _projects(check: Check) -> list[TargetTable]:
    """The project forms: a 部门整体支出绩效目标表 covers the whole budget (基本支出 too), and the
    narrative's 项目绩效目标 and the 项目支出 do not count it."""
    return [t for t in check.d.targets if not _whole(t)]


def _whole(t: TargetTable) -> bool:
    return "部门整体" in t.project or "整体支出" in t.project


def _all_read(check: Check) -> bool:
    """Every target form was read: sums and counts over the forms mean nothing when one is doubted
    (reported once by ST411)."""
    return all(t.doubt is None for t in check.full.targets)


def _funds_sum(check: Check, unit: Unit) -> tuple[Figure, int, list[str]] | None:
    """Σ 资金总额 of every target table in `unit`, the decimals to show it with, and one label per
    table; None when a table states no amount at all."""
    figures: list[Figure] = []
    names: list[str] = []
    places = 0
    for t in _projects(check):
        money = _table_funds(t)
        if money is None:
            return None
        converted = money.in_unit(unit)
        places = max(places, converted.places)
        figures.append(Figure.of(converted, t.source))
        names.append(f"{t.project} {show(money)}")
    return Figure.sum(figures), places, names


# -- the narrative and the budget ---------------------------------------------------------------


@rule("PF601", "performance.funds_total", Severity.ERROR, "绩效目标表资金合计等于文字所述涉及资金")
def funds_total(check: Check) -> None:
    """全部绩效目标表的资金总额之和等于情况说明所述的金额（“共设置4个项目绩效目标，共涉及资金1516万元”）。

    考虑舍入：每个写出的金额代表其末位上下半个单位的区间。部门整体支出绩效目标表不是项目表，不计入。有目标
    表未能读取时（ST411）不检查。

    示例：各表为 670 + 400 + 140 + 270 = 1480 万元，而句中说 1516 万元。

    依据：绩效目标设置情况一段概括其后的各表（规则摘要 §5，P7）。
    """
    if not _projects(check) or not _all_read(check):
        return
    for claim in check.d.claims_about("perf.funds"):
        if claim.value is None:
            continue
        found = _funds_sum(check, claim.value.unit)
        if found is None:
            return
        parts, places, names = found
        places = max(places, claim.value.places)
        if places > 2:  # 元 → 万元 adds four decimals, mostly zeros: keep only those that carry digits
            exponent = parts.value.normalize().as_tuple().exponent
            places = max(2, claim.value.places, -exponent if isinstance(exponent, int) else 0)
        stated = Figure.of(claim.value, claim.source)
        if stated.differs(parts):
            unit = claim.value.unit.value
            check.flag(
                f"绩效目标设置情况称共涉及资金 {show(claim.value)}，而{len(_projects(check))}张绩效目标表资金总额合计 "
                f"{show(parts.value, places)}{unit}（{'、'.join(names)}），"
                f"相差 {show(stated.value - parts.value, places)}{unit}",
                claim.source,
                *parts.sources,
                expected=f"{show(parts.value, places)}{unit}",
                actual=show(claim.value),
                suggestion="核对各项目绩效目标表的资金总额与文字所述涉及资金总额，补齐缺列的目标表或改正金额",
            )


@rule("PF602", "performance.count", Severity.ERROR, "绩效目标表数量等于文字所述个数")
def target_count(check: Check) -> None:
    """公开的绩效目标表数量等于情况说明所述的个数（“共设置4个项目绩效目标”）。有目标表未能读取时（ST411）
    不检查。

    示例：“共设置5个项目绩效目标”，其后只有四张目标表。

    依据：绩效目标设置情况一段概括其后的各表。
    """
    if not _all_read(check):
        return
    n = len(_projects(check))
    for claim in check.d.claims_about("perf.count"):
        if claim.count is None or claim.count == n:
            continue
        titles = "、".join(t.project for t in _projects(check)) or "无"
        check.flag(
            f"绩效目标设置情况称共设置{claim.count}个项目绩效目标，实际公开绩效目标表{n}张（{titles}）",
            claim.source,
            *(t.source for t in _projects(check)),
            expected=f"{n}个",
            actual=f"{claim.count}个",
            suggestion="补齐未公开的项目绩效目标表，或改正文字所述的绩效目标个数",
        )


@rule("PF603", "performance.within_project_spending", Severity.WARNING, "绩效目标资金不超过项目支出")
def within_project_spending(check: Check) -> None:
    """各目标表资金总额之和不超过一般公共预算支出表的项目支出合计。

    超过该数但不超过支出总表（全部资金来源）的项目支出时，超出部分可能是其他资金，不报告。有目标表未能读取
    时（ST411）不检查。

    示例：目标表合计 1,600 万元，而项目支出为 1,528.00 万元。

    依据：绩效目标针对本年预算的项目设置（规则摘要 P7）。
    """
    gpb = check.table("gpb")
    row = gpb.total() if gpb is not None else None
    project = row.values.get("project") if row is not None else None
    if project is None or not _projects(check) or not _all_read(check):
        return
    found = _funds_sum(check, project.unit)
    if found is None:
        return
    parts, _, _ = found
    bound = Figure.of(project, row.source.with_(column="项目支出") if row is not None else None)
    if parts.value - bound.value <= parts.tol + bound.tol:
        return
    expense = check.table("expense")
    erow = expense.total() if expense is not None else None
    eproject = erow.values.get("project") if erow is not None else None
    if eproject is not None:
        ebound = Figure.of(eproject.in_unit(project.unit))
        if parts.value - ebound.value <= parts.tol + ebound.tol:
            return
    unit = project.unit.value
    check.flag(
        f"绩效目标表资金总额合计 {show(parts.value)}{unit}，超过一般公共预算拨款项目支出 {show(project)}，"
        f"超出 {show(parts.value - bound.value)}{unit}",
        *bound.sources,
        *parts.sources,
        expected=f"不超过 {show(project)}",
        actual=f"{show(parts.value)}{unit}",
        suggestion="核对绩效目标表资金总额与项目支出预算，目标表只应列本年度预算安排的项目资金",
    )


# -- the indicators (P1–P8) -----------------------------------------------------------------------


@rule("PF604", "performance.percent_range", Severity.ERROR, "百分比指标值在0%至100%之间")
def percent_range(check: Check) -> None:
    """比率类指标（单位为 %，或名称含率、比例、满意度、覆盖率、合格率、完成率、吻合度）的目标值在 0 至 100
    之间。增长率（增长率、同比、提高…）除外。

    示例：“资金使用合规率 大于等于 120%”。

    依据：规则摘要 P2；部分不能超过整体。
    """
    for t in check.d.targets:
        for ind in t.indicators:
            if ind.value is None or not _is_bounded(ind):
                continue
            if ZERO <= ind.value <= HUNDRED:
                continue
            check.flag(
                f"{_where(t, ind)}为百分比指标，目标值 {ind.text} 超出0%～100%的范围",
                ind.source,
                expected="0%～100%",
                actual=ind.text,
                suggestion="改正目标值；如为增长幅度，请在指标名称中写明“增长率”等",
            )


@rule("PF605", "performance.floor_direction", Severity.ERROR, "正向指标不应使用“≤”")
def floor_direction(check: Check) -> None:
    """正向指标（越高越好）——合格率、完成率、发放率、满意度、覆盖率、到位率、执行率、及时率、办结率…——用“≥”
    （或“=”）表示，不用“≤”或“<”。反向指标（成本、超支率、投诉率、事故率、差错率、偏差率…）除外。

    示例：“资金及时发放率 小于等于 100%”（任何值，即使是 0，都能满足）。

    依据：规则摘要 §5.2 的方向符号和 P2。
    """
    for t in check.d.targets:
        for ind in t.indicators:
            if ind.comparator not in ("≤", "<") or not _is_floor(ind):
                continue
            symbol = "≥" if ind.comparator == "≤" else ">"
            check.flag(
                f"{_where(t, ind)}为正向指标（越高越好），目标值却写为 {ind.text}，方向错误",
                ind.source,
                expected=f"{symbol}{ind.value if ind.value is not None else ''}{ind.unit or ''}",
                actual=ind.text,
                suggestion=f"将“{ind.comparator}”改为“{symbol}”（如“大于等于”），或改正指标名称",
            )


@rule("PF606", "performance.unit_kind", Severity.ERROR, "指标计量单位与指标性质一致")
def unit_kind(check: Check) -> None:
    """数量指标（名称以数、人数、次数、个数、人次…结尾且不是比率）不以 % 计量，否则为错误。比率指标（率、
    比例、满意度）以数量单位（人、个、次…）计量的，为警告。

    示例：“慰问人才数 小于等于 100%”；“覆盖率 大于等于 10 个”。

    依据：规则摘要 P3（数量用计数单位）和 P2（比率用 %）。
    """
    for t in check.d.targets:
        for ind in t.indicators:
            name = _name(ind)
            if ind.unit == "%" and _count_name(name):
                check.flag(
                    f"{_where(t, ind)}是数量指标，目标值 {ind.text} 却以百分比计量",
                    ind.source,
                    expected="计数单位（人、个、次、家等）",
                    actual=ind.text,
                    suggestion="改为具体数量和计数单位（如“大于等于 100 人”），或将指标改为比率类指标",
                )
            elif ind.unit in _COUNT_UNITS and _ratio_name(name) and not _is_growth(ind):
                check.flag(
                    f"{_where(t, ind)}是比率指标，目标值 {ind.text} 却以计数单位“{ind.unit}”计量",
                    ind.source,
                    expected="%",
                    actual=ind.text,
                    suggestion="比率指标应以百分比表示；如确为数量，请改正指标名称",
                    severity=Severity.WARNING,
                )


@rule("PF607", "performance.duplicate_indicator", Severity.WARNING, "同一目标表三级指标不重复")
def duplicate_indicator(check: Check) -> None:
    """同一三级指标在一张目标表中只出现一次。重复为警告；在同一二级指标下重复且目标值不同的，为错误（两行
    不可能同时成立）。在两个不同的二级指标下（质量和成本），两行衡量的是不同的事：警告。

    示例：“累计高层次人才(团队)数 大于等于 50 人”，两行之后同一指标又写“小于等于 1 个”。

    依据：每个三级指标只有一个目标值（规则摘要 §5.2）。
    """
    for t in check.d.targets:
        seen: dict[str, Indicator] = {}
        for ind in t.indicators:
            key = _name(ind)
            first = seen.get(key)
            if first is None:
                seen[key] = ind
                continue
            same = _norm(first.text) == _norm(ind.text) or (
                (first.comparator, first.value, first.unit) == (ind.comparator, ind.value, ind.unit)
                and first.value is not None
            )
            lines = f"第{first.source.line}行与第{ind.source.line}行"
            apart = _norm(first.level2 or "") != _norm(ind.level2 or "")
            if same or apart:
                where = f"，分别列于“{first.level2}”和“{ind.level2}”" if apart and not same else ""
                check.flag(
                    f"“{t.project}”绩效目标表中指标“{ind.name}”重复列出（{lines}{where}）",
                    first.source,
                    ind.source,
                    expected="每个三级指标只列一次",
                    actual=f"{first.text}；{ind.text}",
                    suggestion="删除重复的指标行",
                )
            else:
                check.flag(
                    f"“{t.project}”绩效目标表中指标“{ind.name}”出现两次且目标值矛盾（{lines}：{first.text}；{ind.text}）",
                    first.source,
                    ind.source,
                    expected=f"唯一目标值（{first.text}）",
                    actual=f"{first.text}；{ind.text}",
                    suggestion="保留正确的一行并删除另一行，或将其中一行改为另一个指标",
                    severity=Severity.ERROR,
                )


@rule("PF608", "performance.floor_of_100", Severity.INFO, "“≥100%”实为“=100%”")
def floor_of_100(check: Check) -> None:
    """有上限的比率写成“≥100%”时只有恰好 100% 才能满足，实为“=100%”；“>100%”则根本无法满足。增长率（增长率、
    同比）除外。

    示例：“资金使用合规率 大于等于 100%”。

    依据：规则摘要 P2（“≥100%”只能理解为“=100%”）。
    """
    for t in check.d.targets:
        for ind in t.indicators:
            if ind.comparator not in ("≥", ">") or ind.value != HUNDRED or not _is_bounded(ind):
                continue
            meaning = "实为“=100%”" if ind.comparator == "≥" else "无法达到"
            check.flag(
                f"{_where(t, ind)}为不超过100%的比率，目标值 {ind.text} {meaning}",
                ind.source,
                expected="=100%",
                actual=ind.text,
                suggestion="改写为“等于 100%”",
            )


@rule("PF609", "performance.input_as_output", Severity.WARNING, "投入类指标不作为产出或成本指标")
def input_as_output(check: Check) -> None:
    """投入类指标（预算执行率、资金到位率、资金投入…万元）不作为项目目标表的产出、成本、效益或满意度指标。
    专用于投入的类别（投入、过程、管理）除外。

    示例：成本指标／经济成本指标／预算执行率 大于等于 95%。

    依据：财预〔2021〕101号（投入不能作为绩效目标），规则摘要 P6；预算执行率在自评中单独计分（财预〔2020〕
    10号）。
    """
    for t in check.d.targets:
        for ind in t.indicators:
            if not _is_input(ind) or not (ind.level1 or ind.level2):
                continue  # a form without categories does not list it as an output
            if _has(_norm(ind.level1 or "") + _norm(ind.level2 or ""), _INPUT_CATEGORY):
                continue
            check.flag(
                f"{_where(t, ind)}是资金投入类指标，却列为“{_category(ind)}”",
                ind.source,
                expected="产出、成本指标反映项目形成的产出和耗费",
                actual=f"{_category(ind)}：{ind.name} {ind.text}",
                suggestion="删除该指标，改设反映实际产出的数量、质量、时效指标或单位成本指标",
            )


@rule("PF610", "performance.output_and_effect", Severity.WARNING, "目标表同时有产出和效益指标")
def output_and_effect(check: Check) -> None:
    """每张目标表至少有一个产出指标（数量、质量、时效）和至少一个效益指标（经济、社会、生态效益，可持续影
    响）。没有任何指标的表也会报告。在下一页接续的表（同一项目、同一资金总额）作为一张表检查；指标完全没有
    一级、二级分类的表不检查。

    示例：只有成本指标和满意度指标行的表。

    依据：规则摘要 P1（88号、101号文的指标结构）。
    """
    outputs = ("产出", "数量", "质量", "时效")
    effects = ("效益", "可持续")
    for t, indicators in _continued(check.d.targets):
        if not indicators:
            check.flag(
                f"“{t.project}”绩效目标表未列出任何绩效指标",
                t.source,
                expected="产出、效益、满意度指标",
                actual="无",
                suggestion="补充三级指标及目标值",
            )
            continue
        cats = [_norm(ind.level1 or "") + _norm(ind.level2 or "") for ind in indicators]
        if not any(cats):
            continue  # a form without 一级/二级指标 columns (重庆 指标名称 | 指标性质 | 指标值)
        missing = []
        if not any(_has(c, outputs) for c in cats):
            missing.append("产出指标")
        if not any(_has(c, effects) for c in cats):
            missing.append("效益指标")
        if missing:
            present = "、".join(dict.fromkeys(_norm(ind.level1 or "（未列明）") for ind in indicators))
            check.flag(
                f"“{t.project}”绩效目标表缺少{'和'.join(missing)}",
                t.source,
                expected="、".join(missing),
                actual=present,
                suggestion=f"补充{'和'.join(missing)}（至少各一个三级指标）",
            )


@rule("PF611", "performance.empty_value", Severity.ERROR, "指标目标值不为空")
def empty_value(check: Check) -> None:
    """每个指标都有目标值：数字、等级或简短的描述性目标。单元格为空或只有占位符（“/”、“-”、“无”）为问题。

    对不应发生的事项，“无”就是目标（群众投诉事件 无，安全事故 无）；其他情况下写了“无”也没有可衡量的内容：
    警告。

    示例：“慰问人才数 /”。

    依据：规则摘要 P8。
    """
    for t in check.d.targets:
        for ind in t.indicators:
            text = _norm(ind.text)
            if text not in _EMPTY_VALUES:
                continue
            if text in _NONE_WORDS and _is_reverse(ind):
                continue  # '群众投诉事件 无': none is the target
            none = text in _NONE_WORDS  # written, but says nothing the indicator can be held to
            check.flag(
                f"“{t.project}”绩效目标表指标“{ind.name}”"
                + (
                    f"目标值写为“{ind.text}”，未给出可考核的目标"
                    if none
                    else f"未填写目标值（{ind.text or '（空）'}）"
                ),
                ind.source,
                expected="量化目标值或定性目标描述",
                actual=ind.text or "（空）",
                suggestion="填写目标值（如“大于等于 95%”“按时完成”），或删除该指标",
                severity=Severity.WARNING if none else None,
            )


@rule("PF612", "performance.low_satisfaction", Severity.WARNING, "满意度目标不低于60%")
def low_satisfaction(check: Check) -> None:
    """以 % 表示的满意度目标不低于 60%（低于此值项目将被评为“差”）。“≥0%”归 PF613。

    示例：“服务对象满意度 大于等于 50%”。

    依据：规则摘要 P2；财预〔2020〕10号的评级（低于 60 为差）。
    """
    for t in check.d.targets:
        for ind in t.indicators:
            if ind.value is None or ind.unit != "%" or not _is_satisfaction(ind) or _is_growth(ind):
                continue
            if ind.comparator in ("≤", "<") or not ZERO < ind.value < SIXTY:
                continue
            check.flag(
                f"{_where(t, ind)}为满意度指标，目标值 {ind.text} 低于60%，不合常理",
                ind.source,
                expected="≥60%（通常≥80%）",
                actual=ind.text,
                suggestion="核对满意度目标值，是否漏写数字（如“95%”写成“5%”）",
            )


@rule("PF613", "performance.floor_of_zero", Severity.WARNING, "数量、满意度指标不以“≥0”为目标")
def floor_of_zero(check: Check) -> None:
    """数量、满意度或其他下限类目标写成“≥0”，什么都不做也能满足。

    示例：“培训人次 大于等于 0 人次”；“服务对象满意度 大于等于 0%”。

    依据：规则摘要 P3（“≥0”没有意义）和 P2（满意度“≥0%”）。
    """
    for t in check.d.targets:
        for ind in t.indicators:
            if ind.comparator != "≥" or ind.value != ZERO:
                continue
            if not (_is_quantity(ind) or _is_satisfaction(ind) or _is_floor(ind)):
                continue
            check.flag(
                f"{_where(t, ind)}目标值为 {ind.text}，不做任何工作也能达到",
                ind.source,
                expected="大于0的目标值",
                actual=ind.text,
                suggestion="按计划标准、行业标准或历史标准填写具体的目标数量或比率",
            )
