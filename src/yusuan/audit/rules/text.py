"""The narrative against the tables and against itself: amounts, parts, changes, percentages, years, reasons."""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from yusuan.audit.check import Check, show
from yusuan.audit.figures import Figure, cell, resolve
from yusuan.audit.registry import rule
from yusuan.model import BudgetTable, Claim, Direction, Money, Severity, format_amount
from yusuan.model.money import ratio_interval

_UP_WORDS = (
    "增加", "增长", "提高", "上涨", "新增", "增多", "提标", "扩大", "上升", "增人", "增设", "高于", "多于",
)  # fmt: skip
_DOWN_WORDS = (
    "减少",
    "下降",
    "压减",
    "降低",
    "节约",
    "缩减",
    "取消",
    "调减",
    "核减",
    "精简",
    "压缩",
    "减",
    "下调",
    "不接待",
    "无公务用车",
    "没有",
    "低于",
    "少于",
)
# a reason that speaks of no change at all (与上年持平，无增减变化) has no direction; 增减 is not 减
_NO_CHANGE = re.compile(r"持平|不变|无增减|没有增减|无变化|增减")


def _claim_figure(claim: Claim, unit_of: Money | None) -> Figure:
    money = claim.value
    assert money is not None
    if unit_of is not None and unit_of.unit is not money.unit:
        money = money.in_unit(unit_of.unit)
    return Figure(money.value, money.half_ulp, [claim.source])


def _in_claim_unit(claim: Money, table: Money | None) -> Decimal | None:
    if table is None:
        return None
    return table.in_unit(claim.unit).value


def _truncated(claim: Money, table: Money | None) -> bool:
    """Whether the stated amount is the table's amount cut, not rounded, to the stated decimals
    (877,080 元 written 87.70 万元): a systematic slip of one in the last digit, not a wrong figure."""
    exact = _in_claim_unit(claim, table)
    if exact is None or claim.places < 0:
        return False
    q = Decimal(1).scaleb(-claim.places)
    return exact.quantize(q, rounding=ROUND_DOWN) == claim.value != exact.quantize(q, rounding=ROUND_HALF_UP)


def _rounded_like(claim: Money, table: Money | None) -> str:
    exact = _in_claim_unit(claim, table) or claim.value
    return f"{format_amount(exact, max(claim.places, 0))}{claim.unit.value}"


def _subject_name(check: Check, claim: Claim) -> str:
    return claim.subject_text or claim.subject


def _ref_unit_sample(check: Check, ref: str) -> Money | None:
    table = check.table(ref.split(".", 1)[0])
    if table is None or table.unit is None:
        return None
    return Money(Decimal(0), table.unit, 2)


@rule("TX301", "text.amount_vs_table", Severity.ERROR, "文字中的金额与表格一致")
def amount_vs_table(check: Check) -> None:
    """情况说明对有表格数字的事项（收入预算、基本支出、项目支出、人员经费、三公经费各项…）所述的金额等于表
    中的数字，允许两者各自的舍入误差。

    示例：“其中：基本支出633.77万元、项目支出1516万元”，而支出总表的项目支出为 1,528.00。

    依据：规则摘要 R13（文字中的数字 = 表格中的数字）。
    """
    for claim in check.d.claims:
        spec = check.profile.subjects.get(claim.subject)
        if claim.value is None or spec is None or spec.ref is None:
            continue
        fig = resolve(check.d, spec.ref)
        if fig is None:
            continue
        stated = _claim_figure(claim, _ref_unit_sample(check, spec.ref))
        if stated.differs(fig):
            check.flag(
                f"文字说明“{_subject_name(check, claim)}”为 {claim.value.text()}，表格中为 {show(fig.value)}",
                claim.source,
                *fig.sources,
                expected=show(fig.value),
                actual=show(stated.value),
                suggestion="按表格数字改正文字说明（或改正表格）",
            )


def _exact_code(tables: list[BudgetTable], subject: str) -> str | None:
    """The one 项 whose name is exactly the 项 written, under a 款 of the 款 written: "事业单位医疗（项）"
    is 2101102 even though "其他行政事业单位医疗支出" contains its name."""
    from yusuan.extract.normalize import canon  # local: a text helper, not an extractor dependency

    names = subject.split(":", 1)[1].split("/")
    if len(names) != 3:
        return None
    kuan, xiang = (canon(n).replace("其它", "其他") for n in names[1:])
    labels = {r.code: canon(r.label).replace("其它", "其他") for t in tables for r in t.rows if r.code}
    found = {
        c for c, n in labels.items() if c and len(c) == 7 and n == xiang and labels.get(c[:5], kuan) == kuan
    }
    return found.pop() if len(found) == 1 else None


@rule("TX302", "text.code_amount_vs_table", Severity.ERROR, "文字中列举的科目金额与支出表一致")
def code_amount_vs_table(check: Check) -> None:
    """对功能分类编码所述的金额（“2013201-行政运行(组织事务)432.01万元”）等于该编码在一般公共预算拨款支出
    表（没有该表时为支出总表）中的合计；表中没有列出的编码予以报告。

    示例：“(三) 2013299(其他组织事务支出)1526万元”，而表中为 1,516.00。

    依据：规则摘要 R13。
    """
    tables = check.tables("gpb", "gov_fund", "soe", "expense")
    if not tables:
        return
    # only a table that lists every item (一般公共预算支出表 or 支出总表) read in full can show that an
    # item is missing: the 政府性基金 and 国有资本经营 tables list a few, often none
    complete = check.tables("gpb", "expense")
    for claim in check.d.claims:
        subject = claim.subject
        if subject.startswith("funcname:") and claim.value is not None:
            exact = _exact_code(tables, subject)
            if exact is not None:
                subject = f"func:{exact}"
        if subject.startswith("funcname:") and claim.value is not None:
            if not complete:
                continue
            written = "".join(
                f"{n}（{lvl}）" for n, lvl in zip(claim.subject[9:].split("/"), "类款项", strict=False)
            )
            check.flag(
                f"文字说明列举的科目“{written}”在“{complete[0].title}”中找不到（类、款、项名称与表中科目对不上）",
                claim.source, actual=written, severity=Severity.WARNING,
                suggestion="按表中的科目名称改正类、款、项名称",
            )  # fmt: skip
            continue
        if not subject.startswith("func:") or claim.value is None:
            continue
        code = subject.split(":", 1)[1]
        table = next((t for t in tables if t.by_code(code) is not None), None)
        row = table.by_code(code) if table is not None else None
        if table is None or row is None:
            if not complete:
                continue
            table = complete[0]
            check.flag(f"文字说明列举的科目 {code} 在“{table.title}”中不存在", claim.source, actual=code)
            continue
        fig = cell(row, "total")
        stated = _claim_figure(claim, row.values.get("total"))
        if stated.differs(fig) and _truncated(claim.value, row.values.get("total")):
            check.flag(
                f"文字说明科目 {code} {row.label} 为 {claim.value.text()}，是“{table.title}”中 "
                f"{show(fig.value)} 截去尾数所得，按四舍五入应为 {_rounded_like(claim.value, row.values.get('total'))}",
                claim.source, *fig.sources, expected=_rounded_like(claim.value, row.values.get("total")),
                actual=claim.value.text(), severity=Severity.INFO,
                suggestion="金额换算为万元时按四舍五入保留两位小数",
            )  # fmt: skip
        elif stated.differs(fig):
            check.flag(
                f"文字说明科目 {code} {row.label} 为 {claim.value.text()}，“{table.title}”中为 {show(fig.value)}",
                claim.source, *fig.sources, actual=claim.value.text(),
                expected=_rounded_like(claim.value, row.values.get("total")) if row.values.get("total") else "—",
            )  # fmt: skip


def _parts_by_parent(claims: list[Claim]) -> dict[int, list[Claim]]:
    parts: dict[int, list[Claim]] = defaultdict(list)
    for c in claims:
        if c.parent is not None and c.value is not None:
            parts[c.parent].append(c)
    return parts


_MONEY_IN_TEXT = re.compile(r"(?<![\d,，])\d[\d,，]*(?:\.\d+)?\s*万?元")  # one scan per run of digits


def _unnamed_amounts(check: Check, parts: list[Claim]) -> bool:
    """Whether the sentences listing the parts state more amounts than the statements read from them."""
    sentences = {p.sentence for p in parts}
    printed = sum(len(_MONEY_IN_TEXT.findall(s)) for s in sentences)
    known = 0
    for claim in check.d.claims:
        if claim.sentence in sentences:
            extra = [
                getattr(claim, f, None)
                for f in ("initial", "full", "plain", "gap", "carry_in", "income", "carry_out")
            ]
            known += sum(1 for m in (claim.value, claim.change, *extra) if m is not None)
    return printed > known


@rule("TX303", "text.parts_sum", Severity.ERROR, "“其中”所列各项之和等于总数")
def parts_sum(check: Check) -> None:
    """“其中”之后所列各项之和等于其前所述的总数（列出两项或以上时）；单独一项不超过总数。总数空缺的，报告
    其应有的合计。

    示例：“支出预算2,161.77万元…其中：基本支出633.77万元、项目支出1516万元”（合计为 2,149.77）。

    依据：句子自身的算术关系。决算中重复说明的部分只计一次，含有无法识别事项金额的列举不求和。
    """
    claims = check.d.claims
    for parent_idx, listed in _parts_by_parent(claims).items():
        parent = claims[parent_idx]
        # 公务用车购置及运行费 and then its own 购置费 and 运行费: count the sub-parts once, in their whole
        subs = {s for p in listed for s in check.profile.part_sums.get(p.subject, ())}
        parts = [p for p in listed if p.subject not in subs]
        if check.d.final:
            # a 决算 lists the same parts again ("其中：因公出国（境）费决算为…" with the 完成率, then
            # "“三公”经费…决算中，因公出国（境）费…占…%" with the shares): each part counts once
            once: dict[str, Claim] = {}
            parts = [once.setdefault(p.subject, p) for p in parts if p.subject not in once]
            if _unnamed_amounts(check, parts):
                continue  # "其中：…；非同级财政拨款收入X万元": a part of no known subject, the sum is not told
        unit = parent.value or parts[0].value
        figs = [_claim_figure(p, unit) for p in parts]
        total = Figure.sum(figs)
        if parent.value is None:
            check.flag(
                f"“{_subject_name(check, parent)}”未列示金额，按其中各项之和应为 {show(total.value)}",
                parent.source, expected=show(total.value), actual="（空）",
                suggestion=f"填写总额 {format_amount(total.value)}",
            )  # fmt: skip
            continue
        stated = _claim_figure(parent, unit)
        if len(parts) >= 2 and stated.differs(total):
            names = "、".join(_subject_name(check, p) for p in parts)
            check.flag(
                f"“{_subject_name(check, parent)}”{parent.value.text()}，其中{names}之和为 {show(total.value)}",
                parent.source, *[p.source for p in parts], expected=show(total.value), actual=show(stated.value),
            )  # fmt: skip
        elif len(parts) == 1 and total.value - stated.value > total.tol + stated.tol:
            check.flag(
                f"“{_subject_name(check, parts[0])}”{show(total.value)} 超过总数 {show(stated.value)}",
                parent.source, parts[0].source, expected=f"≤ {show(stated.value)}", actual=show(total.value),
            )  # fmt: skip


@rule("TX304", "text.change_vs_percent", Severity.ERROR, "增减额与增减百分比一致")
def change_vs_percent(check: Check) -> None:
    """一句话中同时给出金额、较上年的增减额和百分比时，百分比等于增减额 ÷（金额 − 增减额），允许三个数各自
    的舍入误差。

    示例：“2161.77万元，比上年减少83.3万元，减少3.8%”（83.3 ÷ 2,245.07 = 3.71%）。

    依据：规则摘要 R13（增减百分比 = 增减额 ÷ 上年数）。
    """
    for claim in check.d.claims:
        if claim.value is None or claim.change is None or claim.percent is None:
            continue
        if claim.direction is Direction.FLAT:
            continue
        interval = ratio_interval(claim.change, claim.value)
        if interval is None:
            continue
        lo, hi = interval
        p = claim.percent
        if p.value + p.half_ulp < lo or p.value - p.half_ulp > hi:
            prev = claim.value.value - claim.change.value
            exact = (abs(claim.change.value) / prev * 100) if prev else Decimal(0)
            check.flag(
                f"“{_subject_name(check, claim)}”变动 {format_amount(abs(claim.change.value), claim.change.places)}，"
                f"上年为 {format_amount(prev, 2)}，增减幅度应为 {exact:.2f}%，文中为 {p.value}%",
                p.source or claim.source, claim.source,
                expected=f"{exact:.{max(p.places, 1)}f}%", actual=f"{p.value}%",
            )  # fmt: skip


@rule("TX313", "text.percent_vs_base", Severity.ERROR, "增减百分比与所述比较基数一致")
def percent_vs_base(check: Check) -> None:
    """一句话写明百分比的比较基数时（“2023年当年预算执行数为54.60万元，2024年预算安排53.84万元，比2023年预
    算执行数减少1.39%”），百分比等于（金额 − 基数）÷ 基数，方向用词与正负号一致，允许三个数各自的舍入误差。
    基数为零时没有百分比，不检查。

    示例：“执行数为70.70万元，预算安排76.76万元，比执行数增加8.75%”（应为 8.57%）。

    依据：规则摘要 R13（增减百分比 = 增减额 ÷ 比较基数）。
    """
    for claim in check.d.claims:
        value, base, p = claim.value, claim.base, claim.percent
        said_again = claim.restated
        if value is not None and said_again is not None and Figure.of(value).differs(Figure.of(said_again)):
            check.flag(
                f"“{_subject_name(check, claim)}”前文为 {value.text()}，同段又称“预算安排{said_again.text()}”",
                said_again.source or claim.source, claim.source, expected=value.text(), actual=said_again.text(),
                suggestion="核对本项预算数，两处应一致",
            )  # fmt: skip
        if value is None or base is None or p is None:
            continue
        value = value.in_unit(base.unit)
        if base.lo <= 0:
            continue
        change_lo, change_hi = value.lo - base.hi, value.hi - base.lo
        if change_lo >= 0:
            abs_lo, abs_hi = change_lo, change_hi
        elif change_hi <= 0:
            abs_lo, abs_hi = -change_hi, -change_lo
        else:
            abs_lo, abs_hi = Decimal(0), max(-change_lo, change_hi)
        lo, hi = Decimal(100) * abs_lo / base.hi, Decimal(100) * abs_hi / base.lo
        exact = (value.value - base.value) / base.value * 100
        name = _subject_name(check, claim)
        if p.value + p.half_ulp < lo or p.value - p.half_ulp > hi:
            check.flag(
                f"“{name}”为 {value.text()}，比较基数为 {base.text()}，增减幅度应为 {abs(exact):.2f}%，文中为 {p.value}%",
                p.source or claim.source, claim.source, expected=f"{abs(exact):.{max(p.places, 1)}f}%",
                actual=f"{p.value}%",
            )  # fmt: skip
            continue
        said = claim.percent_direction
        if (change_lo > 0 and said is Direction.DOWN) or (change_hi < 0 and said is Direction.UP):
            right = "增加" if change_lo > 0 else "减少"
            check.flag(
                f"“{name}”从 {base.text()} 到 {value.text()} 应为{right}，文中写的是相反方向",
                p.source or claim.source, expected=right, actual=p.source.text if p.source else "",
            )  # fmt: skip


@rule("TX305", "text.direction", Severity.ERROR, "增减方向用词与数字一致")
def direction(check: Check) -> None:
    """增减方向用词与数字一致：增减额和百分比指向同一方向；“持平”时没有增减额；“下降100%”表示金额已为零，
    减少后金额为零即为 100%；增加额不能超过本年金额。

    示例：“比上年增加5.00万元，下降3.2%”；“与上年持平”而增减额为 2.00。

    依据：规则摘要 R13（方向用词与正负号一致）。
    """
    for claim in check.d.claims:
        d, pd = claim.direction, claim.percent_direction
        if d in (Direction.UP, Direction.DOWN) and pd in (Direction.UP, Direction.DOWN) and d is not pd:
            check.flag(f"“{_subject_name(check, claim)}”增减额说“{claim.direction_text}”，百分比却是相反方向", claim.source,
                       expected=claim.direction_text, actual="相反方向")  # fmt: skip
        roughly = (claim.direction_text or "") != "持平"  # "下降0.9%，与上年基本持平" is fair
        if d is Direction.FLAT and claim.percent is not None and claim.percent.value != 0 and not roughly:
            check.flag(
                f"“{_subject_name(check, claim)}”称与上年持平，却写有变动 {claim.percent.value}%",
                claim.source,
            )
        pct_down = claim.percent is not None and (pd is Direction.DOWN or d is Direction.DOWN)
        if (
            pct_down
            and claim.percent is not None
            and claim.percent.value == 100
            and claim.value is not None
            and claim.value.value != 0
        ):
            check.flag(f"“{_subject_name(check, claim)}”下降100%，但本年金额为 {claim.value.text()}（应为0）", claim.source,
                       expected="0", actual=show(claim.value))  # fmt: skip
        if (
            pct_down
            and claim.percent is not None
            and claim.value is not None
            and claim.value.value == 0
            and claim.percent.value != 100
        ):
            check.flag(f"“{_subject_name(check, claim)}”本年为0，下降幅度应为100%，文中为 {claim.percent.value}%", claim.source,
                       expected="100%", actual=f"{claim.percent.value}%")  # fmt: skip
        if (
            claim.change is not None
            and claim.value is not None
            and claim.change.value < 0
            and claim.value.value - claim.change.value < 0
        ):
            check.flag(f"“{_subject_name(check, claim)}”比上年减少的数额超过了上年数", claim.source)
        if (
            claim.change is not None
            and claim.value is not None
            and claim.change.value > 0
            and claim.value.hi - claim.change.lo < 0
        ):
            check.flag(f"“{_subject_name(check, claim)}”比上年增加的数额超过了本年数，上年数将为负", claim.source,
                       expected=f"≤ {show(claim.value)}", actual=show(claim.change))  # fmt: skip


_BUDGET_YEAR_AFTER = re.compile(
    r"^度?\s*(?:[，,]|(?:部门|单位)?\s*预算(?!执行)|[^，。；,\d]{0,14}?(?:预算(?:表|安排|支出|收入|总额|拨款)|预算$|表\s*$)|预算安排)"
)
_CARRIED_AFTER = re.compile(r"^度?\s*(?:结转|结余|预算管理|预算执行|预算中|预算时)")
_REASON_BEFORE = re.compile(r"(?:原因是|原因为|由于|因|纳入|无)\s*$")
_COMPARE_BEFORE = re.compile(r"(?:比|较|与|截至|截止|至|上年|去年|对比|相比|同比)\s*$")


@rule("TX306", "text.year", Severity.ERROR, "年份与预算年度一致")
def year(check: Check) -> None:
    """指所公开预算的年份（“2023年度一般公共预算拨款支出…”，“2023年部门预算安排…”，“2023 年度收支预算总表”，
    “2023年，…”）应为预算年度；余额日期“截至YYYY年12月31日”应为其上一年。比较（“比2022年…”）不检查。

    示例：2023 年预算中写“2022年度一般公共预算拨款支出2161.77万元”。

    依据：文件的预算年度（标题所示）。决算说的是本年度、上年度和所评价的项目，其年份由 FN812 检查。
    """
    budget_year = check.d.year
    if budget_year is None or check.d.final:
        return
    seen: set[tuple[int | None, int]] = set()
    for m in check.d.years:
        key = (m.source.line, m.year)
        if key in seen:
            continue
        if "截至" in m.before or "截止" in m.before:
            if m.year not in (budget_year - 1, budget_year) and re.match(r"^\s*\d{1,2}\s*月", m.after):
                seen.add(key)
                check.flag(f"资产统计时点“{m.year}年”应为上年末（{budget_year - 1}年12月31日）", m.source,
                           expected=str(budget_year - 1), actual=str(m.year), severity=Severity.WARNING)  # fmt: skip
            continue
        if _COMPARE_BEFORE.search(m.before) or not _BUDGET_YEAR_AFTER.match(m.after):
            continue
        if m.year == budget_year - 1 and m.after.lstrip().startswith("在"):
            continue  # "…工程2025年在政府性基金预算拨款收入中安排": what was done last year
        if _CARRIED_AFTER.match(m.after) or _REASON_BEFORE.search(m.before):
            continue  # 无2025年结转的…, 纳入2018年预算管理的…, 原因是2020年预算…: last year's, rightly
        if m.year != budget_year:
            seen.add(key)
            check.flag(
                f"“{m.context.strip()}”中的年份 {m.year} 与预算年度 {budget_year} 不符",
                m.source, expected=str(budget_year), actual=str(m.year),
                suggestion=f"改为 {budget_year} 年",
            )  # fmt: skip


@rule("TX307", "text.stated_twice", Severity.ERROR, "同一事项两处表述一致")
def stated_twice(check: Check) -> None:
    """情况说明中两处提到的同一事项，金额（及增减额）相同。

    示例：一段中项目支出为 1,516.00，另一段中为 1,528.00。

    依据：文件自身前后一致。
    """
    first: dict[str, Claim] = {}
    for claim in check.d.claims:
        if claim.value is None or claim.subject.startswith("funcname:") or claim.subject == "final.unnamed":
            continue  # a 决算's outturn statement of no named subject (a project's 绩效自评) is its own
        prior = first.setdefault(claim.subject, claim)
        if prior is claim or prior.value is None:
            continue
        a, b = _claim_figure(prior, prior.value), _claim_figure(claim, prior.value)
        if a.differs(b):
            check.flag(
                f"“{_subject_name(check, claim)}”前后两处金额不同：{prior.value.text()} 与 {claim.value.text()}",
                prior.source, claim.source, expected=show(prior.value), actual=show(claim.value),
            )  # fmt: skip
        if (
            prior.change is not None
            and claim.change is not None
            and Figure.of(prior.change).differs(Figure.of(claim.change))
        ):
            check.flag(f"“{_subject_name(check, claim)}”前后两处增减额不同", prior.source, claim.source,
                           expected=show(prior.change), actual=show(claim.change))  # fmt: skip


_CONTRAST = re.compile(r"但|然而|不过|只是")


def _reason_direction(reason: str) -> Direction | None:
    """The direction a reason speaks of, or None when it speaks of both or turns on a contrast
    ("新增1辆公务用车购置，但与2024年购置的车辆类型不同" explains a decrease)."""
    if _CONTRAST.search(reason):
        return None
    reason = _NO_CHANGE.sub("", reason)
    up = any(w in reason for w in _UP_WORDS)
    down = any(w in reason for w in _DOWN_WORDS)
    if up and not down:
        return Direction.UP
    if down and not up:
        return Direction.DOWN
    return None


@rule("TX308", "text.reason_direction", Severity.WARNING, "原因与增减方向不矛盾")
def reason_direction(check: Check) -> None:
    """只讲增加的原因不用于说明减少，反之亦然。

    示例：“支出预算…比上年减少83.3万元，主要原因是人员增加等原因”。

    依据：说明必须解释变化（规则摘要 R16）。
    """
    for claim in check.d.claims:
        if not claim.reason or claim.direction not in (Direction.UP, Direction.DOWN):
            continue
        if claim.change is not None and claim.change.value == 0:
            continue  # “比上年增加0万元”: no change to explain, whatever word the template put
        rd = _reason_direction(claim.reason)
        if rd is not None and rd is not claim.direction:
            said = "减少" if claim.direction is Direction.DOWN else "增加"
            check.flag(
                f"“{_subject_name(check, claim)}”比上年{said}，给出的原因“{claim.reason}”却说明的是{'增加' if rd is Direction.UP else '减少'}",
                claim.reason_source or claim.source, claim.source,
                suggestion="写明造成本项增减的真实原因",
            )  # fmt: skip


@rule("TX309", "text.reason_missing", Severity.WARNING, "增减变化说明原因")
def reason_missing(check: Check) -> None:
    """总额、三公经费或机关运行经费有增减变化时，其后说明原因（主要原因是…）。

    示例：“机关运行经费支出55.88万元，比上年增加1.22万元，增长2.23%。”此后没有下文。

    依据：规则摘要 R16；检查中把未说明的变化计为细化程度问题。
    """
    for claim in check.d.claims:
        spec = check.profile.subjects.get(claim.subject)
        if spec is None or not spec.reason_required or claim.reason:
            continue
        changed = claim.direction in (Direction.UP, Direction.DOWN) or (
            claim.change is not None and claim.change.value != 0
        )
        if changed:
            check.flag(f"“{_subject_name(check, claim)}”有增减变化，但没有说明原因", claim.source,
                       suggestion="补充“主要原因是……”")  # fmt: skip


@rule("TX310", "text.admin_running_vs_public", Severity.WARNING, "机关运行经费不超过公用经费")
def admin_running_vs_public(check: Check) -> None:
    """机关运行经费（行政单位和参公单位的公用经费）不超过基本支出表中的公用经费。

    示例：机关运行经费 95.00万元，而公用经费（302 + 310…）为 83.37万元。

    依据：规则摘要 R14。
    """
    spec = check.profile.subjects.get("public")
    if spec is None or spec.ref is None:
        return
    fig = resolve(check.d, spec.ref)
    if fig is None:
        return
    for claim in check.d.claims_about("admin_running"):
        if claim.value is None:
            continue
        stated = _claim_figure(claim, _ref_unit_sample(check, spec.ref))
        if stated.value - fig.value > stated.tol + fig.tol:
            check.flag(f"机关运行经费 {claim.value.text()} 超过基本支出中的公用经费 {show(fig.value)}",
                       claim.source, *fig.sources[:2], expected=f"≤ {show(fig.value)}", actual=show(stated.value))  # fmt: skip


@rule("TX311", "text.code_name", Severity.WARNING, "文字中的科目名称与表格一致")
def code_name(check: Check) -> None:
    """情况说明中写在功能分类编码旁的名称与表中该编码的名称一致。

    示例：“2013250(行政运行-组织事务)213.76万元”，而 2013250 是事业运行。

    依据：编码与名称一致。
    """
    from yusuan.extract.normalize import canon  # local: a text helper, not an extractor dependency

    table = check.table("gpb") or check.table("expense")
    if table is None:
        return
    for claim in check.d.claims:
        if not claim.subject.startswith("func:") or not claim.code_name:
            continue
        row = table.by_code(claim.subject.split(":", 1)[1])
        if row is None:
            continue
        written = canon(claim.code_name).replace("其它", "其他")  # the same word, not a different name
        head = canon(row.label).replace("其它", "其他").split("（")[0]
        if written and head and head not in written:
            check.flag(
                f"文字说明中科目 {row.code} 写作“{claim.code_name}”，表格中为“{row.label}”",
                claim.source, row.source, expected=row.label, actual=claim.code_name,
            )  # fmt: skip


@rule("TX312", "text.balanced_changes", Severity.WARNING, "收入与支出的增减额一致")
def balanced_changes(check: Check) -> None:
    """部门预算每年收支平衡，所以本年收入与支出总额相等时，二者较上年的增减额也相等。

    示例：“收入预算1,510.34万元，比上年增加120.67万元”与“支出预算1,510.34万元，比上年增加123.17万元”。

    依据：收支总表收入总计 = 支出总计（规则摘要 R06），增减额 = 本年 − 上年（R13）。
    """
    income = [c for c in check.d.claims_about("income_total") if c.value is not None and c.change is not None]
    expense = [
        c for c in check.d.claims_about("expense_total") if c.value is not None and c.change is not None
    ]
    if not income or not expense:
        return
    a, b = income[0], expense[0]
    assert a.value is not None and b.value is not None and a.change is not None and b.change is not None
    if Figure.of(a.value).differs(Figure.of(b.value)) or not Figure.of(a.change).differs(Figure.of(b.change)):
        return
    check.flag(
        "收入预算与支出预算相等（收支平衡），两者比上年的增减额却不同",
        a.change.source or a.source, b.change.source or b.source,
        expected=f"相同的增减额（收入{show(a.change)}）", actual=f"支出{show(b.change)}",
        suggestion="核对上年收入、支出预算总额和两处增减额",
    )  # fmt: skip
