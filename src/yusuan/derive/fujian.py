"""The Fujian template (闽财预〔2019〕4号): four parts, eleven tables, the narrative of part three.

The layout follows the 福州市鼓楼区 2023 documents in ``../shared/corpus/fujian``; every figure
comes from ``Rollup`` and every sentence from the budget's own text (reasons, purposes, tasks).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from functools import partial

from yusuan.derive.cells import indicator_rows, side_by_side
from yusuan.derive.cells import row as _row
from yusuan.derive.cells import text as _text
from yusuan.derive.context import Context
from yusuan.derive.rollup import PERSONNEL_LEI
from yusuan.derive.words import amount, cell, change_phrase, cn_number
from yusuan.model.budget import FISCAL_SOURCES, KINDS, SOURCES, VEHICLE_KINDS, ZERO
from yusuan.model.publication import HeadCell, PubCell, PubParagraph, PubRow, PubTable

#: 支出预算总表 columns after 合计.
EXPENSE_PARTS: tuple[tuple[str, str], ...] = (
    ("basic", "基本支出"),
    ("project", "项目支出"),
    ("operating", "事业单位经营支出"),
    ("to_superior", "上缴上级支出"),
    ("to_affiliated", "对附属单位补助支出"),
)
_CODED_HEADER = (
    (
        HeadCell("科目编码", rowspan=2),
        HeadCell("科目名称", rowspan=2),
        HeadCell("合计", rowspan=2),
        HeadCell("其中：", colspan=2),
    ),
    (HeadCell("基本支出"), HeadCell("项目支出")),
)


def _money(value: Decimal, zero_as_0: bool = False) -> PubCell:
    return PubCell(amount(value) if zero_as_0 else cell(value), value)


def _numbered(ctx: Context, numbered: str, table: PubTable) -> None:
    """A standard table, in the budget's unit (the template's 万元, or 元 when the source is in 元)."""
    ctx.numbered_table(numbered, replace(table, unit=ctx.unit))


def build(ctx: Context) -> None:
    _part_one(ctx)
    _part_two(ctx)
    _part_three(ctx)
    _part_four(ctx)


# -- part one: 部门概况 ---------------------------------------------------------------------------


def _part_one(ctx: Context) -> None:
    b, y = ctx.budget, ctx.budget.year
    ctx.heading("第一部分 部门概况", 1, new_page=True)
    ctx.heading("一、部门主要职责", 2)
    ctx.para(f"{b.name}部门的主要职责是：")
    if not b.duties:
        ctx.warn("duties", "没有填写部门主要职责")
    for i, duty in enumerate(b.duties, 1):
        ctx.para(f"（{cn_number(i)}）{duty}")
    ctx.heading("二、部门预算单位构成", 2)
    offices = f"{b.offices}个机关行政处（科）室及" if b.offices is not None else ""
    ctx.para(
        f"从预算单位构成看，{b.name}部门包括{offices}{max(len(b.units) - 1, 0)}个下属单位，"
        f"其中：列入{y}年部门预算编制范围的单位详细情况见下表："
    )
    if not b.units:
        ctx.warn("units", "没有填写预算单位构成")
    ctx.table(
        PubTable(
            title=f"{y}年部门预算单位构成",
            header=(
                (HeadCell("单位名称"), HeadCell("经费性质"), HeadCell("人员编制数"), HeadCell("在职人数")),
            ),
            rows=tuple(
                _row(
                    _text(u.name),
                    _text(u.nature),
                    _text("" if u.staffing is None else str(u.staffing)),
                    _text("" if u.actual is None else str(u.actual)),
                )
                for u in b.units
            ),
            unit=None,
            title_level=4,
        )
    )
    ctx.heading("三、部门主要工作任务", 2)
    ctx.para(f"{y}年，{b.name}部门主要任务是：{b.tasks_intro}")
    if b.tasks:
        ctx.para("围绕上述任务，重点抓好以下工作：")
    for i, task in enumerate(b.tasks, 1):
        ctx.para(f"（{cn_number(i)}）{task}")


# -- part two: the eleven tables ----------------------------------------------------------------


def _two_sided(ctx: Context, table_id: str, numbered: str, caption: str, sources: tuple[str, ...]) -> None:
    r = ctx.rollup
    lei = ctx.functional_lei()
    scope = "fiscal" if table_id == "fiscal" else None
    rows = side_by_side(
        [(_text(f"{cn_number(i)}、{SOURCES[s]}"), _money(r.by_source[s])) for i, s in enumerate(sources, 1)],
        [
            (_text(f"{cn_number(i)}、{name}"), _money(r.value(code, scope)))
            for i, (code, name) in enumerate(lei, 1)
        ],
    )
    grand = r.fiscal if table_id == "fiscal" else r.total
    rows.append(
        _row(_text("收入合计", True), _money(grand), _text("支出合计", True), _money(grand), bold=True)
    )
    _numbered(
        ctx,
        numbered,
        PubTable(
            title=caption,
            header=(
                (HeadCell("收入", colspan=2), HeadCell("支出", colspan=2)),
                (HeadCell("项目"), HeadCell("预算数"), HeadCell("项目"), HeadCell("预算数")),
            ),
            rows=tuple(rows),
            table_id=table_id,
            widths=(3, 1, 3, 1),
        ),
    )


def _zero(code: str) -> Decimal:
    """A column the budget model has no lines for (事业单位经营支出, 上缴上级支出, …)."""
    return ZERO


def _by_code(
    ctx: Context,
    numbered: str,
    frame: PubTable,
    total_title: str,
    parts: tuple[tuple[str, Callable[[str], Decimal]], ...],
    total_in_code_column: bool,
) -> None:
    """收入 / 支出预算总表: one row per 项 code, its total and its parts; the 合计 row first (the
    template writes its label under 科目编码 in one table and under 科目名称 in the other)."""
    r = ctx.rollup
    label = (_text("合计", True), _text("")) if total_in_code_column else (_text(""), _text("合计", True))
    total_row = _row(*label, _money(r.total), *(_money(fn("")) for _, fn in parts), bold=True)
    code_rows = (
        _row(
            _text(c),
            _text(r.xiang_label(c)),
            _money(r.value(c)),
            *(_money(fn(c)) for _, fn in parts),
            level=3,
        )
        for c in r.codes
    )
    header = (
        (HeadCell("科目编码"), HeadCell("科目名称"), HeadCell(total_title), *(HeadCell(t) for t, _ in parts)),
    )
    _numbered(ctx, numbered, replace(frame, header=header, rows=(total_row, *code_rows)))


def _source_table(ctx: Context, source: str, table_id: str, numbered: str, caption: str, label: str) -> None:
    r, y = ctx.rollup, ctx.budget.year
    codes = r.codes_of(source)
    rows: tuple[PubRow, ...]
    if not codes:
        rows = (
            _row(
                _text("合计"),
                _text(""),
                _money(ZERO, True),
                _money(ZERO, True),
                _money(ZERO, True),
                bold=True,
            ),
        )
        note = f"备注：本部门 {y} 年没有使用{label}安排的支出。"
    else:
        total_row = _row(
            _text(""),
            _text("合计", True),
            _money(r.value("", source)),
            _money(r.value("", source, "basic")),
            _money(r.value("", source, "project")),
            bold=True,
        )
        rows = (
            total_row,
            *(
                _row(
                    _text(c),
                    _text(r.xiang_label(c)),
                    _money(r.value(c, source)),
                    _money(r.value(c, source, "basic")),
                    _money(r.value(c, source, "project")),
                    level=3,
                )
                for c in codes
            ),
        )
        note = None
    _numbered(
        ctx,
        numbered,
        PubTable(
            title=caption,
            header=_CODED_HEADER,
            rows=rows,
            note=note,
            table_id=table_id,
            widths=(2, 5, 2, 2, 2),
        ),
    )


def _part_two(ctx: Context) -> None:
    b, r, y = ctx.budget, ctx.rollup, ctx.budget.year
    ctx.heading(f"第二部分 {y}年度部门预算表", 1, new_page=True)

    _two_sided(ctx, "summary", "一、收支预算总表", f"{y} 年度收支预算总表", tuple(SOURCES))

    _by_code(
        ctx,
        "二、收入预算总表",
        PubTable(
            title=f"{y} 年度收入预算总表", header=(), rows=(), table_id="income", widths=(2, 4, *[1] * 11)
        ),
        "总计",
        tuple((SOURCES[s], partial(r.value, source=s)) for s in SOURCES),
        total_in_code_column=True,
    )
    _by_code(
        ctx,
        "三、支出预算总表",
        PubTable(
            title=f"{y} 年度支出预算总表", header=(), rows=(), table_id="expense", widths=(2, 4, *[2] * 6)
        ),
        "合计",
        tuple((title, partial(r.value, kind=k) if k in KINDS else _zero) for k, title in EXPENSE_PARTS),
        total_in_code_column=False,
    )

    _two_sided(ctx, "fiscal", "四、财政拨款收支预算总表", f"{y} 年度财政拨款收支预算总表", FISCAL_SOURCES)
    _source_table(
        ctx,
        "gpb",
        "gpb",
        "五、一般公共预算拨款支出预算表",
        f"{y} 年度一般公共预算拨款支出预算表",
        "一般公共预算拨款",
    )
    _source_table(
        ctx,
        "gov_fund",
        "gov_fund",
        "六、政府性基金预算拨款支出预算表",
        f"{y} 年度政府性基金预算拨款支出预算表",
        "政府性基金预算拨款",
    )
    _source_table(
        ctx,
        "soe",
        "soe",
        "七、国有资本经营预算拨款支出预算表",
        f"{y} 年度国有资本经营预算拨款支出预算表",
        "国有资本经营预算拨款",
    )

    econ = ctx.economic_rows()
    _numbered(
        ctx,
        "八、一般公共预算支出经济分类情况表",
        PubTable(
            title=f"{y} 年度一般公共预算支出经济分类情况表",
            header=((HeadCell("科目编码"), HeadCell("科目名称"), HeadCell("预算数")),),
            rows=(
                _row(_text("合计", True), _text(""), _money(r.by_source["gpb"]), bold=True),
                *(
                    _row(_text(c), _text(n), _money(r.economic(c, "gpb")), level=1)
                    for c, n in econ
                    if len(c) == 3
                ),
            ),
            table_id="econ",
            widths=(2, 5, 2),
        ),
    )
    _numbered(
        ctx,
        "九、一般公共预算基本支出经济分类情况表",
        PubTable(
            title=f"{y} 年度一般公共预算基本支出经济分类情况表",
            header=((HeadCell("科目编码"), HeadCell("科目名称"), HeadCell("预算数")),),
            rows=(
                _row(_text("合计", True), _text(""), _money(r.value("", "gpb", "basic")), bold=True),
                *(
                    _row(
                        _text(c, len(c) == 3),
                        _text(n, len(c) == 3),
                        _money(r.economic(c, "gpb", "basic")),
                        bold=len(c) == 3,
                        level=1 if len(c) == 3 else 2,
                    )
                    for c, n in econ
                ),
            ),
            table_id="basic_econ",
            widths=(2, 5, 2),
        ),
    )

    g = b.sangong
    _numbered(
        ctx,
        "十、一般公共预算“三公”经费支出预算表",
        PubTable(
            title=f"{y}年度一般公共预算“三公”经费支出预算表",
            header=((HeadCell("项目"), HeadCell("预算数")),),
            rows=(
                _row(_text("合计", True), _money(g.total, True), bold=True),
                _row(_text("1、因公出国（境）费用"), _money(g.abroad, True)),
                _row(_text("2、公务接待费"), _money(g.reception, True)),
                _row(_text("3、公务用车购置及运行费"), _money(g.vehicle, True)),
                _row(_text("其中：（1）公务用车购置费"), _money(g.vehicle_purchase, True), level=1),
                _row(_text("（2）公务用车运行费"), _money(g.vehicle_running, True), level=1),
            ),
            note=f"备注：本部门{y}年没有一般公共预算安排的“三公”经费支出。" if g.total == 0 else None,
            table_id="sangong",
            widths=(4, 2),
        ),
    )

    _numbered(
        ctx,
        "十一、部门专项资金管理清单目录",
        PubTable(
            title=f"{y} 年度部门专项资金管理清单目录",
            header=(
                (
                    *(
                        HeadCell(t, rowspan=2)
                        for t in (
                            "主管部门名称",
                            "专项资金立项项目名称",
                            "立项依据",
                            "执行年限",
                            "实施规划",
                            "总体绩效目标",
                            "支出级次",
                        )
                    ),
                    HeadCell("资金拼盘", colspan=4),
                    HeadCell("资金分配办法及支出标准", rowspan=2),
                ),
                (
                    HeadCell("小计"),
                    HeadCell("一般公共预算"),
                    HeadCell("政府性基金预算"),
                    HeadCell("国有资本经营预算"),
                ),
            ),
            rows=(),
            note=f"备注：本部门 {y} 年度没有由本部门管理的专项资金。",
            table_id="special_funds",
        ),
    )


# -- part three: 情况说明 -------------------------------------------------------------------------


def _reason(
    ctx: Context, key: str, current: Decimal, last: Decimal | None, lead: str = "，主要原因是"
) -> str:
    """The reason clause for a change, or '' with a build warning when the source gives none."""
    if last is None or current == last:
        return ""
    text = ctx.budget.reasons.get(key, "").strip().rstrip("。")
    if not text:
        ctx.warn(
            f"reasons.{key}", f"{ctx.subject_name(key)}比上年有变化，但没有填写变动原因；说明中将不写原因"
        )
        return ""
    return f"{lead}{text}"


def _last(ctx: Context, path: str, value: Decimal | None, what: str) -> Decimal | None:
    if value is None:
        ctx.warn(path, f"没有填写上年{what}，说明中不作同比比较")
    return value


def _joined(items: list[tuple[str, Decimal]], unit: str) -> str:
    return "、".join(f"{label}{amount(value)}{unit}" for label, value in items)


def _part_three(ctx: Context) -> None:
    b, r, y, u = ctx.budget, ctx.rollup, ctx.budget.year, ctx.unit
    ly = b.last_year
    ctx.heading(f"第三部分 {y}年度部门预算情况说明", 1, new_page=True)

    ctx.heading("一、预算收支总体情况", 2)
    last_income = _last(ctx, "last_year.income_total", ly.income_total, "收入预算总额")
    change = change_phrase(r.total, last_income, u, with_percent=False)
    ctx.para(
        "按照综合预算的原则，部门所有收入和支出均纳入部门预算管理。"
        f"{y}年，{b.name}部门收入预算为{amount(r.total)}{u}，"
        + (change + _reason(ctx, "income", r.total, last_income) + "。" if change else "")
        + "其中："
        + _joined([(SOURCES[s], r.by_source[s]) for s in SOURCES], u)
        + "。"
    )
    last_expense = ly.expense_total if ly.expense_total is not None else last_income
    change = change_phrase(r.total, last_expense, u, with_percent=False)
    parts = {"basic": r.basic, "project": r.project}
    ctx.para(
        f"相应安排支出预算{amount(r.total)}{u}，"
        + (change + _reason(ctx, "expense", r.total, last_expense) + "。" if change else "")
        + "其中："
        + _joined([(t, parts.get(k, ZERO)) for k, t in EXPENSE_PARTS], u)
        + "。"
    )

    ctx.heading("二、一般公共预算拨款支出情况", 2)
    gpb = r.by_source["gpb"]
    last_gpb = _last(ctx, "last_year.gpb_total", ly.gpb_total, "一般公共预算拨款支出")
    change = change_phrase(gpb, last_gpb, u)
    ctx.para(
        f"{y}年度一般公共预算拨款支出{amount(gpb)}{u}，"
        + (change + _reason(ctx, "gpb", gpb, last_gpb) + "，" if change else "")
        + "主要支出项目(按项级科目分类统计)包括："
    )
    _code_paragraphs(ctx, "gpb")

    for number, source, label in (
        ("三", "gov_fund", "政府性基金预算拨款"),
        ("四", "soe", "国有资本经营预算拨款"),
    ):
        ctx.heading(f"{number}、{label}支出情况", 2)
        if not r.codes_of(source):
            ctx.para(f"本部门 {y} 年度没有使用{label}安排的支出。")
            continue
        ctx.para(
            f"{y}年度{label}支出{amount(r.value('', source))}{u}，其中：基本支出{amount(r.value('', source, 'basic'))}{u}、"
            f"项目支出{amount(r.value('', source, 'project'))}{u}，主要支出项目(按项级科目分类统计)包括："
        )
        _code_paragraphs(ctx, source)

    ctx.heading("五、一般公共预算拨款基本支出情况", 2)
    ctx.para(f"{y} 年度一般公共预算拨款基本支出 {amount(r.value('', 'gpb', 'basic'))} {u}，其中：")
    econ = ctx.economic_rows()
    personnel = [
        n for c, n in econ if len(c) == 5 and c[:3] in PERSONNEL_LEI and r.economic(c, "gpb", "basic")
    ]
    public = [
        n for c, n in econ if len(c) == 5 and c[:3] not in PERSONNEL_LEI and r.economic(c, "gpb", "basic")
    ]
    ctx.para(f"（一）人员经费 {amount(r.personnel())} {u}，主要包括：{'、'.join(personnel) or '无'}。")
    ctx.para(f"（二）公用经费 {amount(r.public())} {u}，主要包括：{'、'.join(public) or '无'}。")

    _sangong(ctx)
    _performance(ctx)
    _other_matters(ctx)


def _code_paragraphs(ctx: Context, source: str) -> None:
    r, u = ctx.rollup, ctx.unit
    for i, c in enumerate(r.codes_of(source), 1):
        purpose = ctx.budget.code_purposes.get(c, "").strip().rstrip("。")
        if not purpose:
            ctx.warn(f"code_purposes.{c}", f"科目 {c} 没有填写主要用途，说明中只写金额")
        tail = f"主要用于{purpose}。" if purpose else ""
        ctx.para(
            f"({cn_number(i)}) {c}-{r.xiang_label(c, narrative=True)}{amount(r.value(c, source))}{u}。{tail}"
        )


def _sangong(ctx: Context) -> None:
    b, y, u = ctx.budget, ctx.budget.year, ctx.unit
    g, gl, purposes = b.sangong, b.last_year.sangong, b.sangong_purposes
    if gl is None:
        ctx.warn("last_year.sangong", "没有填写上年“三公”经费，说明中不作同比比较")
    ctx.heading("六、一般公共预算“三公”经费支出情况", 2)
    items = (
        ("abroad", "（一）因公出国（境）经费", g.abroad, gl.abroad if gl else None),
        ("reception", "（二）公务接待费", g.reception, gl.reception if gl else None),
        ("vehicle", "（三）公务用车购置及运行费", g.vehicle, gl.vehicle if gl else None),
    )
    for key, title, current, last in items:
        ctx.heading(title, 3)
        purpose = purposes.get(key, "").strip().rstrip("。")
        if current and not purpose:
            ctx.warn(f"sangong_purposes.{key}", f"没有填写{title[3:]}的主要用途")
        split = (
            f"，其中：公车运行费{amount(g.vehicle_running)}{u}，公车购置费{amount(g.vehicle_purchase)}{u}"
            if key == "vehicle"
            else ""
        )
        used = f"主要用于{purpose}。" if purpose else ""
        change = change_phrase(current, last, u, down_word="下降")
        reason = _reason(ctx, f"sangong.{key}", current, last, lead="，主要原因是：")
        ctx.para(
            f"{y}年预算安排{amount(current)}{u}{split}。{used}" + (f"{change}{reason}。" if change else "")
        )


def _performance(ctx: Context) -> None:
    b, r, y, u = ctx.budget, ctx.rollup, ctx.budget.year, ctx.unit
    ctx.heading("七、预算绩效目标情况", 2)
    ctx.heading("（一）绩效目标设置情况", 3)
    funds = sum((r.project_funds(t.project) for t in b.targets), ZERO)
    ctx.para(f"{y}年{b.name}部门共设置{len(b.targets)}个项目绩效目标，共涉及资金{amount(funds)}{u}。")
    ctx.heading("（二）绩效目标表及说明", 3)
    ctx.heading("1. 项目支出绩效目标表", 4)
    for t in b.targets:
        total, fiscal = r.project_funds(t.project), r.project_funds(t.project, fiscal_only=True)
        rows = [
            _row(_text(f"项目资金 ({u})"), _text("资金总额:"), _text(""), _money(total, True), _text("")),
            _row(_text(""), _text("财政拨款:"), _text(""), _money(fiscal, True), _text("")),
            _row(_text(""), _text("其他资金:"), _text(""), _money(total - fiscal, True), _text("")),
            _row(_text("总体目标"), _text(t.goal), _text(""), _text(""), _text("")),
            *indicator_rows(t.indicators, "绩效目标 指标", "目标值"),
        ]
        ctx.table(
            PubTable(
                title=f"{t.project}绩效目标表",
                header=(),
                rows=tuple(rows),
                unit=None,
                title_level=4,
                widths=(2, 3, 3, 4, 3),
            )
        )
    ctx.heading("2. 有关情况说明", 4)
    ctx.para(b.performance_note or "本单位无其他需要说明的绩效目标情况。")


def _other_matters(ctx: Context) -> None:
    b, y, u = ctx.budget, ctx.budget.year, ctx.unit
    ctx.heading("八、其他重要事项说明", 2)
    ctx.heading("（一）机关运行经费", 3)
    last = _last(ctx, "last_year.admin_running", b.last_year.admin_running, "机关运行经费")
    change = change_phrase(b.admin_running, last, u, down_word="下降")
    ctx.para(
        f"{y}年，{b.name}部门一般公共预算拨款安排的机关运行经费支出{amount(b.admin_running)}{u}，"
        + (
            change + _reason(ctx, "admin_running", b.admin_running, last, lead="。主要原因是") + "。"
            if change
            else ""
        )
    )
    ctx.heading("（二）政府采购情况", 3)
    p = b.procurement
    ctx.para(
        f"{y} 年，{b.name}部门政府采购预算总额{amount(p.total)}{u}，其中：政府采购货物预算 {amount(p.goods)} {u}、"
        f"政府采购工程预算 {amount(p.works)} {u}、政府采购服务预算 {amount(p.services)} {u}。"
    )
    ctx.heading("（三）国有资产占用使用情况", 3)
    a = b.assets
    kinds = "、".join(f"{k} {n} 辆" for k, n in zip(VEHICLE_KINDS, a.vehicles, strict=False))
    as_of = a.as_of or f"{y - 1} 年 12 月 31 日"
    ctx.para(
        f"截至 {as_of}，{b.name}部门共有车辆 {sum(a.vehicles)} 辆，其中：{kinds}。"
        f"单位价值 50 万元以上通用设备 {a.general_equipment} 台（套），"
        f"单位价值 100 万元以上专用设备 {a.special_equipment} 台（套）。"
        f"{y} 年部门预算安排购置车辆 {a.vehicles_to_purchase} 辆。{a.note}"
    )


# -- part four: 名词解释 --------------------------------------------------------------------------


def _part_four(ctx: Context) -> None:
    ctx.heading("第四部分 名词解释", 1, new_page=True)
    for i, (term, text) in enumerate(ctx.glossary(), 1):
        ctx.blocks.append(PubParagraph(text, lead=f"{cn_number(i)}、{term}："))
