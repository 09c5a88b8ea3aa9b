"""The 决算情况说明 in the phrasings real 决算 use (上海市普陀区 2024, 西安 2022): every figure,
完成率 and share computed from ``FinalRollup``; every reason and purpose from the source, a missing one a
warning and the sentence written without it.

Each function writes one numbered section's paragraphs; a layout gives the headings and the order.
"""

from __future__ import annotations

from decimal import Decimal

from yusuan.derive import cells
from yusuan.derive.final_context import FinalContext, share
from yusuan.derive.rollup import PERSONNEL_LEI
from yusuan.derive.words import amount, cn_number, percent, q2
from yusuan.model.budget import ZERO
from yusuan.model.final_accounts import FINAL_VEHICLE_KINDS, FISCAL, ItemBudget
from yusuan.model.publication import HeadCell, PubParagraph, PubTable

#: Income groups of the 收入决算情况说明 (财政拨款 is the three fiscal sources).
_INCOME_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("财政拨款收入", FISCAL),
    ("上级补助收入", ("superior",)),
    ("事业收入", ("business",)),
    ("经营收入", ("operating",)),
    ("附属单位上缴收入", ("affiliated",)),
    ("其他收入", ("other",)),
)


def _w(ctx: FinalContext, value: Decimal) -> str:
    """An amount with its unit, as the prose writes it: ``307.82万元``."""
    return f"{amount(value)}{ctx.unit}"


def _pct(part: Decimal, whole: Decimal) -> str:
    return percent(share(part, whole))


def compared(
    ctx: FinalContext, subject: str, current: Decimal, last: Decimal | None, key: str, path: str
) -> str:
    """``与2023年度相比，S增加X万元，增长P%。主要原因：…。`` ('' without last year's figure)."""
    prior = ctx.accounts.year - 1
    if last is None:
        ctx.warn(path, f"没有填写{prior}年度{subject}决算数，说明中不作同比比较")
        return ""
    change = current - last
    if change == 0:
        return f"与{prior}年度相比，{subject}持平。"
    up = change > 0
    text = f"与{prior}年度相比，{subject}{'增加' if up else '减少'}{_w(ctx, abs(change))}"
    if last > 0:
        text += f"，{'增长' if up else '下降'}{_pct(abs(change), last)}"
    reason = ctx.reason(key, "与上年不同")
    return text + "。" + (f"主要原因：{reason}。" if reason else "")


# -- 一 … 四 --------------------------------------------------------------------------------------------


def overall(ctx: FinalContext) -> None:
    a, r = ctx.accounts, ctx.rollup
    total = r.grand_total
    ctx.para(
        f"{a.department}{a.year}年度收入支出总计{_w(ctx, total)}。"
        + compared(ctx, "收入支出总计", total, a.last_year.total, "total", "last_year.total")
    )


def income(ctx: FinalContext) -> None:
    r = ctx.rollup
    whole = r.income_total
    parts = [(label, sum((r.income("", s) for s in sources), ZERO)) for label, sources in _INCOME_GROUPS]
    listed = "；".join(f"{label}{_w(ctx, v)}，占{_pct(v, whole)}" for label, v in parts if v)
    ctx.para(f"本年收入合计{_w(ctx, whole)}" + (f"，其中：{listed}。" if listed else "。"))


def expense(ctx: FinalContext) -> None:
    r = ctx.rollup
    whole, basic, project = r.spending_total, r.spending("", None, "basic"), r.spending("", None, "project")
    ctx.para(
        f"本年支出合计{_w(ctx, whole)}，其中：基本支出{_w(ctx, basic)}，占{_pct(basic, whole)}；"
        f"项目支出{_w(ctx, project)}，占{_pct(project, whole)}。"
    )


def fiscal(ctx: FinalContext) -> None:
    a, r = ctx.accounts, ctx.rollup
    total = r.fiscal_grand_total()
    ctx.para(
        f"{a.department}{a.year}年度财政拨款收入支出总计{_w(ctx, total)}。"
        + compared(
            ctx, "财政拨款收入支出总计", total, a.last_year.fiscal_total, "fiscal", "last_year.fiscal_total"
        )
    )


# -- 五: 一般公共预算财政拨款支出 ----------------------------------------------------------------------


def gpb_overall(ctx: FinalContext) -> None:
    a, r = ctx.accounts, ctx.rollup
    g = r.spending("", "gpb")
    ctx.para(
        f"一般公共预算财政拨款支出{_w(ctx, g)}，占本年支出合计的{_pct(g, r.spending_total)}。"
        + compared(ctx, "一般公共预算财政拨款支出", g, a.last_year.gpb, "gpb", "last_year.gpb")
    )


def gpb_structure(ctx: FinalContext) -> None:
    r = ctx.rollup
    g = r.spending("", "gpb")
    lei = [c for c in r.spending_codes("gpb") if len(c) == 3]
    listed = "；".join(
        f"{ctx.name(c)}（类）{_w(ctx, r.spending(c, 'gpb'))}，占{_pct(r.spending(c, 'gpb'), g)}" for c in lei
    )
    ctx.para(
        f"一般公共预算财政拨款支出{_w(ctx, g)}" + (f"，主要用于以下方面：{listed}。" if listed else "。")
    )


def _against(
    ctx: FinalContext, outturn: Decimal, planned: Decimal, basis: str, reason: str, path: str
) -> str:
    """``，完成全年预算数的P%。决算数小于全年预算数的主要原因：…。`` / ``…决算数与全年预算数持平。``;
    ``reason`` is the source's text, and ``path`` where it is (or would be) written, for the warning."""
    done = f"，完成{basis}数的{_pct(outturn, planned)}" if planned else ""
    if outturn == planned:
        return f"{done}。决算数与{basis}数持平。"
    word = "小于" if outturn < planned else "大于"
    reason = reason.strip().rstrip("。")
    if not reason:
        ctx.warn(path, f"决算数{word}{basis}数，但没有填写原因；说明中将不写原因")
        return f"{done}。"
    return f"{done}。决算数{word}{basis}数的主要原因：{reason}。"


def gpb_items(ctx: FinalContext, basis: str = "全年预算") -> None:
    """The gpb outturn against its budget, then each 项: purpose, budget, outturn, 完成率, reason."""
    a, r = ctx.accounts, ctx.rollup
    g = r.spending("", "gpb")
    codes = [c for c in r.spending_codes("gpb") if len(c) == 7]
    initial = a.gpb_initial if a.gpb_initial is not None else _sum_items(ctx, codes, "initial")
    adjusted = a.gpb_adjusted if a.gpb_adjusted is not None else _sum_items(ctx, codes, "full")
    planned = adjusted if basis == "全年预算" else initial
    key = "gpb.budget" if basis == "全年预算" else "gpb.initial"
    head = f"一般公共预算财政拨款支出年初预算为{_w(ctx, initial)}，全年预算为{_w(ctx, adjusted)}，支出决算为{_w(ctx, g)}"
    ctx.para(
        head
        + _against(ctx, g, planned, basis, a.reasons.get(key, ""), f"reasons.{key}")
        + ("其中：" if codes else "")
    )
    for i, code in enumerate(codes, 1):
        item = a.items.get(code)
        names = f"{ctx.name(code[:3])}（类）{ctx.name(code[:5])}（款）{ctx.name(code)}（项）"
        purpose = (item.purpose if item else "").strip().rstrip("。")
        if not purpose:
            ctx.warn(f"items.{code}.purpose", f"科目 {code} 没有填写主要用途，说明中只写金额")
        used = f"主要用于：{purpose}。" if purpose else ""
        value = r.spending(code, "gpb")
        plan = (item.full_year if basis == "全年预算" else item.initial) if item else None
        if plan is None:
            ctx.warn(f"items.{code}", f"科目 {code} 没有填写{basis}数，说明中不写完成率")
            ctx.para(f"{i}、{names}。{used}支出决算为{_w(ctx, value)}。")
            continue
        ctx.para(
            f"{i}、{names}。{used}{basis}为{_w(ctx, plan)}，支出决算为{_w(ctx, value)}"
            + _against(ctx, value, plan, basis, *_item_reason(item, code, basis))
        )


def _item_reason(item: ItemBudget | None, code: str, basis: str) -> tuple[str, str]:
    """The 项's reason for differing from ``basis`` and the path it is written at."""
    field = "reason" if basis == "全年预算" else "initial_reason"
    return (getattr(item, field) if item else ""), f"items.{code}.{field}"


def _sum_items(ctx: FinalContext, codes: list[str], which: str) -> Decimal:
    total = ZERO
    for code in codes:
        item = ctx.accounts.items.get(code)
        value = None if item is None else (item.initial if which == "initial" else item.full_year)
        total += value or ZERO
    return total


# -- 六: 基本支出 ------------------------------------------------------------------------------------


def basic(ctx: FinalContext) -> None:
    s = ctx.rollup.spent
    codes = [c for c in s.economic_codes("gpb", "basic") if len(c) == 5]
    personnel = [s.catalog.economic_name(c) or c for c in codes if c[:3] in PERSONNEL_LEI]
    public = [s.catalog.economic_name(c) or c for c in codes if c[:3] not in PERSONNEL_LEI]
    p, q = s.personnel("gpb"), s.public("gpb")
    ctx.para(
        f"一般公共预算财政拨款基本支出{_w(ctx, p + q)}。其中：人员经费{_w(ctx, p)}"
        + (f"，主要包括：{'、'.join(personnel)}" if personnel else "")
        + f"；公用经费{_w(ctx, q)}"
        + (f"，主要包括：{'、'.join(public)}" if public else "")
        + "。"
    )


# -- 七: 三公 -------------------------------------------------------------------------------------------


def sangong(ctx: FinalContext) -> None:
    a = ctx.accounts
    g, y = a.sangong, a.year
    if g.budget("total") == 0 and g.final("total") == 0:
        ctx.para(f"{a.department}{y}年度无“三公”经费财政拨款支出。")
        return
    fin, bud = g.final("total"), g.budget("total")

    def done(key: str) -> str:
        return f"，完成预算的{_pct(g.final(key), g.budget(key))}" if g.budget(key) else ""

    ctx.para("（一）“三公”经费财政拨款支出决算总体情况说明。")
    first = (
        f"“三公”经费财政拨款支出全年预算为{_w(ctx, bud)}，支出决算为{_w(ctx, fin)}{done('total')}，其中："
        f"因公出国（境）费支出决算为{_w(ctx, g.final('abroad'))}{done('abroad')}；"
        f"公务用车购置及运行维护费支出决算为{_w(ctx, g.final('vehicle'))}{done('vehicle')}；"
        f"公务接待费支出决算为{_w(ctx, g.final('reception'))}{done('reception')}。"
    )
    if fin != bud:
        word = "小于" if fin < bud else "大于"
        reason = ctx.reason("sangong.budget", f"决算数{word}预算数")
        if reason:
            first += f"{y}年度“三公”经费支出决算数{word}预算数的主要原因：{reason}。"
    ctx.para(first)
    last = a.last_year.sangong
    if last is None:
        ctx.warn("last_year.sangong", f"没有填写{y - 1}年度“三公”经费决算数，说明中不作同比比较")
    else:
        change = fin - last
        if change == 0:
            ctx.para(f"{y}年度“三公”经费财政拨款支出决算数与{y - 1}年度持平。")
        else:
            up = change > 0
            text = f"{y}年度“三公”经费财政拨款支出决算数比{y - 1}年度{'增加' if up else '减少'}{_w(ctx, abs(change))}"
            if last > 0:
                text += f"，{'增长' if up else '下降'}{_pct(abs(change), last)}"
            reason = ctx.reason("sangong.change", "与上年不同")
            ctx.para(text + "。" + (f"主要原因：{reason}。" if reason else ""))
    ctx.para("（二）“三公”经费财政拨款支出决算具体情况说明。")
    ctx.para(
        f"“三公”经费财政拨款支出决算中，因公出国（境）费支出决算{_w(ctx, g.final('abroad'))}，占{_pct(g.final('abroad'), fin)}；"
        f"公务用车购置及运行维护费支出决算{_w(ctx, g.final('vehicle'))}，占{_pct(g.final('vehicle'), fin)}；"
        f"公务接待费支出决算{_w(ctx, g.final('reception'))}，占{_pct(g.final('reception'), fin)}。具体情况如下："
    )
    ctx.para(
        f"1、因公出国（境）费支出{_w(ctx, g.final('abroad'))}。"
        + _purpose(ctx, "abroad")
        + f"全年安排因公出国（境）团组{g.abroad_groups}个、累计{g.abroad_persons}人次。"
    )
    ctx.para(f"2、公务用车购置及运行维护费支出{_w(ctx, g.final('vehicle'))}。")
    ctx.para(
        f"其中：公务用车购置支出{_w(ctx, g.final('vehicle_purchase'))}，购置公务用车{g.vehicles_bought}辆。"
    )
    ctx.para(f"公务用车运行维护支出{_w(ctx, g.final('vehicle_running'))}。" + _purpose(ctx, "vehicle"))
    ctx.para(f"{y}年，{a.department}所属各预算单位开支财政拨款的公务用车保有量为{g.vehicles_held}辆。")
    domestic = g.final("reception")
    ctx.para(f"3、公务接待费支出{_w(ctx, domestic)}。")
    ctx.para(
        f"其中：国内公务接待支出{_w(ctx, domestic)}（含外宾接待支出{_w(ctx, g.foreign_amount)}）。"
        + _purpose(ctx, "reception")
        + f"列明公务接待{g.reception_batches}批次、{g.reception_persons}人次，"
        f"其中：接待外宾{g.foreign_batches}批次、{g.foreign_persons}人次。"
    )


def _purpose(ctx: FinalContext, key: str) -> str:
    text = ctx.accounts.sangong.purposes.get(key, "").strip().rstrip("。")
    return f"主要用于{text}。" if text else ""


# -- 八、九: 政府性基金、国有资本经营 -------------------------------------------------------------------


def carry(ctx: FinalContext, source: str) -> None:
    a, r = ctx.accounts, ctx.rollup
    what = "政府性基金预算财政拨款" if source == "gov_fund" else "国有资本经营预算财政拨款"
    if not r.carry_codes(source):
        ctx.para(f"{a.department}{a.year}年度无{what}收入和支出。")
        return
    ctx.para(
        f"{a.year}年度{what}年初结转和结余{_w(ctx, r.carry_in('', source))}，收入决算{_w(ctx, r.income('', source))}，"
        f"支出决算{_w(ctx, r.spending('', source))}，年末结转和结余{_w(ctx, r.carry_out('', source))}。"
    )


# -- 十、十一 ------------------------------------------------------------------------------------------


def performance(ctx: FinalContext) -> None:
    a = ctx.accounts
    p, y = a.performance, a.year
    note = p.note.strip()
    if note and not note.endswith(("。", "；")):
        note += "。"
    grades = "；".join(
        f"绩效评级为“{g}”的项目{n}个" for g, n in zip(("优", "良", "合格", "不合格"), p.grades, strict=True)
    )
    score = f"，平均得分{q2(p.average_score)}分" if p.average_score is not None else ""
    ctx.para(
        f"{a.department}{y}年度预算绩效管理工作开展情况如下：{note}"
        f"全过程绩效管理实施情况：编报绩效目标的{y}年度项目{p.target_projects}个，涉及预算金额{_w(ctx, p.target_amount)}；"
        f"绩效自评的{y}年度项目{p.evaluated_projects}个，涉及预算金额{_w(ctx, p.evaluated_amount)}{score}（其中，{grades}）。"
    )


def admin_running(ctx: FinalContext) -> None:
    a = ctx.accounts
    last = a.last_year.admin_running
    text = f"机关运行经费支出{_w(ctx, a.admin_running)}"
    if last is None:
        ctx.warn("last_year.admin_running", f"没有填写{a.year - 1}年度机关运行经费，说明中不作同比比较")
        ctx.para(text + "。")
        return
    change = a.admin_running - last
    if change == 0:
        ctx.para(text + f"，与{a.year - 1}年度持平。")
        return
    up = change > 0
    text += f"，比{a.year - 1}年度{'增加' if up else '减少'}{_w(ctx, abs(change))}"
    if last > 0:
        text += f"，{'增长' if up else '下降'}{_pct(abs(change), last)}"
    reason = ctx.reason("admin_running", "与上年不同")
    ctx.para(text + "。" + (f"主要原因是{reason}。" if reason else ""))


def procurement(ctx: FinalContext) -> None:
    a = ctx.accounts
    p = a.procurement
    ctx.para(
        f"{a.department}{a.year}年度政府采购金额（以合同签订为准）为{_w(ctx, p.total)}，其中：货物采购金额{_w(ctx, p.goods)}、"
        f"工程采购金额{_w(ctx, p.works)}、服务采购金额{_w(ctx, p.services)}。"
    )
    if p.total:
        ctx.para(
            f"政府采购授予中小企业合同金额{_w(ctx, p.sme)}，占政府采购合同总额的{_pct(p.sme, p.total)}。"
        )


def assets(ctx: FinalContext) -> None:
    a = ctx.accounts
    s = a.assets
    kinds = "、".join(f"{k}{n}辆" for k, n in zip(FINAL_VEHICLE_KINDS, s.vehicles, strict=True))
    note = s.note.strip()
    ctx.para(
        f"截至{a.year}年12月31日，{a.department}共有车辆{sum(s.vehicles)}辆，其中：{kinds}。"
        f"单价100万元（含）以上设备（不含车辆）{s.equipment}台（套）。" + note
    )


GLOSSARY: tuple[tuple[str, str], ...] = (
    (
        "财政拨款收入",
        "指单位本年度从本级财政部门取得的财政拨款，包括一般公共预算财政拨款、政府性基金预算财政拨款和国有资本经营预算财政拨款。",
    ),
    ("事业收入", "指事业单位开展专业业务活动及其辅助活动取得的收入。"),
    ("经营收入", "指事业单位在专业业务活动及其辅助活动之外开展非独立核算经营活动取得的收入。"),
    ("其他收入", "指单位取得的除“财政拨款收入”、“事业收入”、“经营收入”等以外的收入。"),
    ("年初结转和结余", "指以前年度尚未完成、结转到本年按有关规定继续使用的资金。"),
    (
        "年末结转和结余",
        "指本年度或以前年度预算安排、因客观条件发生变化无法按原计划实施，需延迟到以后年度按有关规定继续使用的资金。",
    ),
    ("基本支出", "指单位为保障机构正常运转、完成日常工作任务而发生的各项支出。"),
    ("项目支出", "指单位为完成特定的行政工作任务或事业发展目标，在基本支出之外发生的各项支出。"),
    ("经营支出", "指事业单位在专业活动及辅助活动之外开展非独立核算经营活动发生的支出。"),
    ("“三公”经费", "指单位使用本级财政拨款安排的因公出国（境）费、公务用车购置及运行维护费和公务接待费。"),
    (
        "机关运行经费",
        "指行政单位和参照公务员法管理的事业单位使用一般公共预算财政拨款安排的基本支出中的日常公用经费支出。",
    ),
)


# -- 部门概况 -------------------------------------------------------------------------------------------


def duties(ctx: FinalContext, lead: str) -> None:
    a = ctx.accounts
    if not a.duties:
        ctx.warn("duties", "没有填写主要职能")
        return
    ctx.para(f"{a.department}{lead}")
    for i, duty in enumerate(a.duties, 1):
        ctx.para(f"{i}. {duty}")


def units(ctx: FinalContext) -> None:
    """决算单位构成: the sentence and the table of units (序号 | 单位名称 | 单位性质)."""
    a = ctx.accounts
    if not a.units:
        ctx.warn("units", "没有填写决算单位构成")
        return
    ctx.para(
        f"从预算单位构成看，{a.department}决算包括：{a.department}本级决算、下属行政事业单位决算。"
        f"纳入{a.department}{a.year}年度{a.level}决算编制范围的单位包括："
    )
    ctx.table(
        PubTable(
            title=f"{a.year}年度{a.level}决算单位构成",
            header=((HeadCell("序号"), HeadCell("单位名称"), HeadCell("单位性质")),),
            rows=tuple(
                cells.row(cells.text(str(i)), cells.text(u.name), cells.text(u.nature))
                for i, u in enumerate(a.units, 1)
            ),
            unit=None,
            title_level=4,
        )
    )


def glossary(ctx: FinalContext) -> None:
    for i, (term, meaning) in enumerate(GLOSSARY, 1):
        ctx.blocks.append(PubParagraph(meaning, lead=f"{cn_number(i)}、{term}："))


def sangong_itemised(ctx: FinalContext) -> None:
    """The 三公 section as the MoF / 西安 决算 write it: the whole against its budget and last year,
    then one numbered 情况说明 per item with its budget, outturn, 完成率 and counts."""
    a = ctx.accounts
    g, y = a.sangong, a.year
    if g.budget("total") == 0 and g.final("total") == 0:
        ctx.para(f"本部门{y}年度无财政拨款“三公”经费支出。")
        return
    fin, bud = g.final("total"), g.budget("total")

    def planned(key: str, what: str) -> str:
        done = f"，完成预算的{_pct(g.final(key), g.budget(key))}" if g.budget(key) else ""
        return f"{y}年度财政拨款安排{what}预算{_w(ctx, g.budget(key))}，支出决算{_w(ctx, g.final(key))}{done}"

    ctx.para("（一）“三公”经费支出决算情况说明。")
    text = planned("total", "“三公”经费支出")
    if fin != bud:
        word = "减少" if fin < bud else "增加"
        text += f"，决算数较预算数{word}{_w(ctx, abs(fin - bud))}"
        reason = ctx.reason("sangong.budget", f"决算数较预算数{word}")
        text += f"，主要原因是：{reason}" if reason else ""
    text += "。"
    last = a.last_year.sangong
    if last is None:
        ctx.warn("last_year.sangong", f"没有填写{y - 1}年度“三公”经费决算数，说明中不作同比比较")
    elif fin == last:
        text += "支出决算与上年持平。"
    else:
        up = fin > last
        text += f"支出决算比上年{'增加' if up else '减少'}{_w(ctx, abs(fin - last))}"
        if last > 0:
            text += f"，{'增长' if up else '下降'}{_pct(abs(fin - last), last)}"
        reason = ctx.reason("sangong.change", "与上年不同")
        text += f"，主要原因是：{reason}。" if reason else "。"
    ctx.para(text)
    items = (
        ("abroad", "因公出国（境）费"),
        ("vehicle_purchase", "公务用车购置费"),
        ("vehicle_running", "公务用车运行维护费"),
        ("reception", "公务接待费"),
    )
    counts = {
        "abroad": f"全年安排因公出国（境）团组{g.abroad_groups}个，累计{g.abroad_persons}人次。",
        "vehicle_purchase": f"全年购置公务用车{g.vehicles_bought}辆。",
        "vehicle_running": f"截至{y}年12月31日，公务用车保有量{g.vehicles_held}辆。"
        + _purpose(ctx, "vehicle"),
        "reception": f"其中：国内公务接待支出{_w(ctx, g.final('reception'))}（含外宾接待支出{_w(ctx, g.foreign_amount)}）。"
        + _purpose(ctx, "reception")
        + f"共接待国内来访团组{g.reception_batches}个，来宾{g.reception_persons}人次，"
        f"其中：接待外宾{g.foreign_batches}批次、{g.foreign_persons}人次。",
    }
    for i, (key, name) in enumerate(items, 1):
        ctx.para(f"{i}．{name}支出情况说明。")
        if g.budget(key) == 0 and g.final(key) == 0:
            ctx.para(f"本年度无财政拨款{name}支出。")
            continue
        differs = ""
        if g.final(key) != g.budget(key):
            word = "减少" if g.final(key) < g.budget(key) else "增加"
            differs = f"，决算数较预算数{word}{_w(ctx, abs(g.final(key) - g.budget(key)))}"
            reason = ctx.reason(f"sangong.{key}", f"决算数较预算数{word}")
            differs += f"，主要原因是：{reason}" if reason else ""
        abroad = _purpose(ctx, "abroad") if key == "abroad" else ""
        ctx.para(planned(key, name) + differs + "。" + abroad + counts[key])


# -- the MoF / 西安 wording of 一 … 五 (the national layout) ----------------------------------------------


def _both(ctx: FinalContext, subject: str, total: Decimal, last: Decimal | None, key: str, path: str) -> None:
    """``2022年度收入总计、支出总计均为X万元，与上年相比收入总计、支出总计均增加Y万元，增长Z%，增长的主要原因是：…。``"""
    y = ctx.accounts.year
    both = f"{subject}收入总计、支出总计"
    text = f"{y}年度{both}均为{_w(ctx, total)}"
    if last is None:
        ctx.warn(path, f"没有填写{y - 1}年度{subject}收入支出总计决算数，说明中不作同比比较")
        ctx.para(text + "。")
        return
    change = total - last
    if change == 0:
        ctx.para(text + f"，与上年相比{both}持平。")
        return
    up = change > 0
    word = "增长" if up else "下降"
    text += f"，与上年相比{both}均{'增加' if up else '减少'}{_w(ctx, abs(change))}"
    if last > 0:
        text += f"，{word}{_pct(abs(change), last)}"
    reason = ctx.reason(key, "与上年不同")
    ctx.para(text + (f"，{word}的主要原因是：{reason}。" if reason else "。"))


def overall_national(ctx: FinalContext) -> None:
    a = ctx.accounts
    _both(ctx, "", ctx.rollup.grand_total, a.last_year.total, "total", "last_year.total")


def fiscal_national(ctx: FinalContext) -> None:
    a = ctx.accounts
    _both(
        ctx,
        "财政拨款",
        ctx.rollup.fiscal_grand_total(),
        a.last_year.fiscal_total,
        "fiscal",
        "last_year.fiscal_total",
    )


def income_national(ctx: FinalContext) -> None:
    ctx.blocks.append(PubParagraph(f"{ctx.accounts.year}年度"))
    income(ctx)
    _join_last_two(ctx)


def expense_national(ctx: FinalContext) -> None:
    ctx.blocks.append(PubParagraph(f"{ctx.accounts.year}年度"))
    expense(ctx)
    _join_last_two(ctx)


def _join_last_two(ctx: FinalContext) -> None:
    """The year written before the sentence the shared writer gave (2022年度本年收入合计…)."""
    lead, sentence = ctx.blocks[-2], ctx.blocks[-1]
    assert isinstance(lead, PubParagraph) and isinstance(sentence, PubParagraph)
    ctx.blocks[-2:] = [PubParagraph(lead.text + sentence.text)]


def gpb_national(ctx: FinalContext) -> None:
    """``2022年度一般公共预算财政拨款支出年初预算X万元，支出决算Y万元，完成年初预算的P%，占本年支出合计的Q%。
    与上年相比，…`` then ``按照政府功能分类科目，其中：`` and each 项 against its 年初预算."""
    a, r = ctx.accounts, ctx.rollup
    g = r.spending("", "gpb")
    codes = [c for c in r.spending_codes("gpb") if len(c) == 7]
    initial = a.gpb_initial if a.gpb_initial is not None else _sum_items(ctx, codes, "initial")
    done = f"，完成年初预算的{_pct(g, initial)}" if initial else ""
    text = (
        f"{a.year}年度一般公共预算财政拨款支出年初预算{_w(ctx, initial)}，支出决算{_w(ctx, g)}{done}，"
        f"占本年支出合计的{_pct(g, r.spending_total)}。"
    )
    last = a.last_year.gpb
    if last is None:
        ctx.warn(
            "last_year.gpb", f"没有填写{a.year - 1}年度一般公共预算财政拨款支出决算数，说明中不作同比比较"
        )
    elif g == last:
        text += "与上年相比，一般公共预算财政拨款支出持平。"
    else:
        up = g > last
        word = "增长" if up else "下降"
        text += f"与上年相比，一般公共预算财政拨款支出{'增加' if up else '减少'}{_w(ctx, abs(g - last))}"
        if last > 0:
            text += f"，{word}{_pct(abs(g - last), last)}"
        reason = ctx.reason("gpb", "与上年不同")
        text += f"，{word}的主要原因是：{reason}。" if reason else "。"
    if g != initial:
        word = "小于" if g < initial else "大于"
        reason = a.reasons.get("gpb.initial", "").strip().rstrip("。")
        if reason:
            text += f"决算数{word}年初预算数的主要原因是：{reason}。"
        else:
            ctx.warn("reasons.gpb.initial", f"决算数{word}年初预算数，但没有填写原因；说明中将不写原因")
    ctx.para(text)
    if codes:
        ctx.para("按照政府功能分类科目，其中：")
    for i, code in enumerate(codes, 1):
        item = a.items.get(code)
        names = f"{ctx.name(code[:3])}（类）{ctx.name(code[:5])}（款）{ctx.name(code)}（项）"
        value = r.spending(code, "gpb")
        if item is None or item.initial is None:
            ctx.warn(f"items.{code}", f"科目 {code} 没有填写年初预算数，说明中不写完成率")
            ctx.para(f"{i}.{names}。支出决算{_w(ctx, value)}。")
            continue
        plan = item.initial
        text = f"{i}.{names}。年初预算{_w(ctx, plan)}，支出决算{_w(ctx, value)}"
        text += f"，完成年初预算的{_pct(value, plan)}。" if plan else "，"
        if value != plan:
            word = "小于" if value < plan else "大于"
            reason = item.initial_reason.strip().rstrip("。")
            if reason:
                text += f"决算数{word}年初预算数的主要原因是：{reason}。"
            else:
                ctx.warn(
                    f"items.{code}.initial_reason",
                    f"决算数{word}年初预算数，但没有填写原因；说明中将不写原因",
                )
                text = text.rstrip("，") + ("" if text.endswith("。") else "。")
        else:
            text += "决算数与年初预算数持平。"
        purpose = item.purpose.strip().rstrip("。")
        if not purpose:
            ctx.warn(f"items.{code}.purpose", f"科目 {code} 没有填写主要用途，说明中只写金额")
        ctx.para(text + (f"主要用于：{purpose}。" if purpose else ""))


def procurement_national(ctx: FinalContext) -> None:
    """``（一）2022年度政府采购支出总额共X万元，其中：政府采购货物支出…`` and ``（二）政府采购授予中小企业合同金额…``."""
    a = ctx.accounts
    p = a.procurement
    ctx.para(
        f"（一）{a.year}年度政府采购支出总额共{_w(ctx, p.total)}，其中：政府采购货物支出{_w(ctx, p.goods)}、"
        f"政府采购工程支出{_w(ctx, p.works)}、政府采购服务支出{_w(ctx, p.services)}。"
    )
    if p.total:
        ctx.para(
            f"（二）政府采购授予中小企业合同金额{_w(ctx, p.sme)}，占政府采购支出合同总额的{_pct(p.sme, p.total)}。"
        )


def admin_running_national(ctx: FinalContext) -> None:
    """``2022年度机关运行经费预算X万元，支出决算Y万元，完成预算的P%。支出决算比上年增加Z万元，主要原因是：…``
    (without the budget when the source gives none)."""
    a = ctx.accounts
    spent, budget, last = a.admin_running, a.admin_running_budget, a.last_year.admin_running
    if budget is None:
        text = f"{a.year}年度机关运行经费支出决算{_w(ctx, spent)}。"
    else:
        done = f"，完成预算的{_pct(spent, budget)}" if budget else ""
        text = f"{a.year}年度机关运行经费预算{_w(ctx, budget)}，支出决算{_w(ctx, spent)}{done}。"
    if last is None:
        ctx.warn("last_year.admin_running", f"没有填写{a.year - 1}年度机关运行经费，说明中不作同比比较")
    elif spent == last:
        text += "支出决算与上年持平。"
    else:
        up = spent > last
        text += f"支出决算比上年{'增加' if up else '减少'}{_w(ctx, abs(spent - last))}"
        if last > 0:
            text += f"，{'增长' if up else '下降'}{_pct(abs(spent - last), last)}"
        reason = ctx.reason("admin_running", "与上年不同")
        text += f"，主要原因是：{reason}。" if reason else "。"
    ctx.para(text)
