"""The Shanghai district template (上海市区级部门预算): seven parts, nine tables, the 编制说明 in 万元.

The layout follows the 上海市普陀区 2025 部门预算 documents in ``../shared/corpus/shanghai/budget``
(万里街道办事处, 区人民政府办公室, 区财政局): 一、部门主要职能, 二、部门机构设置, 三、名词解释,
四、部门预算编制说明, 五、部门预算表 (nine tables in 元; the 三公/机关运行经费 table in 万元),
六、其他相关情况说明, 七、项目经费情况说明. Every figure comes from ``Rollup``; every reason, purpose and
goal from the budget's own text. A missing one is a build warning, and the sentence is written without it.

Deliberate differences from the printed template, so that ``yusuan check`` reads the result back:
functional codes stand in one column (``2120101``, not 类/款/项 columns); the 三公/机关运行经费 table
lists its items as rows (the PDF prints them as the columns of one row); zero amounts on the income side
of the two-sided tables are written ``0.00`` (a row that is a bare label loses its cells in text formats);
the sentence "财政拨款支出预算中，…" and the 三公 split (购置费/运行费) stand in paragraphs of their own
(the checker takes every amount after "其中" in a paragraph as a part of its first total). The budget
has no fields for a project's 项目概述/立项依据/实施方案/实施周期, so 七 states 实施主体, 年度预算安排
and 绩效目标 (with its target table) only.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from yusuan.derive.cells import indicator_rows, side_by_side
from yusuan.derive.cells import row as _row
from yusuan.derive.cells import text as _text
from yusuan.derive.context import Context
from yusuan.derive.rollup import PERSONNEL_LEI
from yusuan.derive.shanghai_rows import (
    FISCAL_LINES,
    INCOME_GROUPS,
    VEHICLE_NAMES,
    Amounts,
    economic_name,
    folded_sources,
    group_value,
    income_by_group,
    lei_codes,
    source_label,
    wan_cell_text,
    yuan_text,
)
from yusuan.derive.words import cn_number
from yusuan.model.budget import FISCAL_SOURCES, VEHICLE_KINDS, ZERO, ProjectTarget
from yusuan.model.publication import HeadCell, PubCell, PubParagraph, PubRow, PubTable

#: A table column: functional code prefix ('' for the 合计 row) → amount in the budget's unit.
Column = Callable[[str], Decimal]

KIND = "部门"  # the 单位 variant writes 单位 / 预算单位 instead
#: A zero on the income side of the two-sided tables: written, so no table row is a bare label
#: (text formats drop a row's trailing empty cells).
ZERO_TEXT = "0.00"
_REASON_NAMES = {"fiscal": "财政拨款收入支出"}


def build(ctx: Context) -> None:
    amounts = Amounts(ctx.budget.unit)
    for source in folded_sources(ctx.rollup):
        ctx.warn("facts", f"上海模板没有单列“{source_label(source)}”，表中计入“其他收入”")
    _duties(ctx)
    _organisation(ctx)
    _glossary(ctx)
    _narrative(ctx, amounts)
    _tables(ctx, amounts)
    _other_matters(ctx, amounts)
    _projects(ctx, amounts)


# -- cells and rows ------------------------------------------------------------------------------


def _yuan(ctx: Context, value: Decimal, zero: str = "") -> PubCell:
    """A 元 cell (converted from the budget's unit); ``zero`` is what a zero amount shows."""
    shown = Amounts(ctx.budget.unit).yuan(value)
    return PubCell(yuan_text(shown) or zero, shown)


def _level(code: str) -> int:
    return {3: 1, 5: 2, 7: 3}.get(len(code), 0)


# -- 一、二、三: 职能, 机构设置, 名词解释 ----------------------------------------------------------------


def _duties(ctx: Context) -> None:
    b = ctx.budget
    ctx.heading(f"一、{KIND}主要职能", 1, new_page=True)
    if not b.duties:
        ctx.warn("duties", "没有填写部门主要职能")
        return
    ctx.para(f"{b.department}主要职能包括：")
    for i, duty in enumerate(b.duties, 1):
        ctx.para(f"{i}. {duty}")


def _organisation(ctx: Context) -> None:
    b = ctx.budget
    ctx.heading(f"二、{KIND}机构设置", 1, new_page=True)
    if not b.units:
        ctx.warn("units", "没有填写预算单位构成，机构设置中不列单位")
        return
    own = [u for u in b.units if u.name == b.department or "本部" in u.name]
    others = len(b.units) - len(own)
    ctx.para(f"{b.department}{KIND}预算是包括{b.name}本部以及下属{others}家预算单位的综合收支计划。")
    natures: dict[str, int] = {}
    for u in b.units:
        if u.nature.endswith("单位"):
            natures[u.nature] = natures.get(u.nature, 0) + 1
    counts = "，".join(f"{n}{k}家" for n, k in natures.items())
    ctx.para(f"本{KIND}中，{counts}，具体包括：" if counts else "具体包括：")
    for i, u in enumerate(b.units, 1):
        ctx.para(f"{i}. {u.name}。")


def _glossary(ctx: Context) -> None:
    ctx.heading("三、名词解释", 1, new_page=True)
    for i, (term, text) in enumerate(ctx.glossary(), 1):
        ctx.blocks.append(PubParagraph(text, lead=f"（{cn_number(i)}）{term}："))


# -- 四、预算编制说明 ----------------------------------------------------------------------------------


def _last(ctx: Context, path: str, value: Decimal | None, what: str) -> Decimal | None:
    if value is None:
        ctx.warn(path, f"没有填写上年{what}，说明中不作同比比较")
    return value


def _change(ctx: Context, amounts: Amounts, current: Decimal, last: Decimal | None) -> tuple[str, bool]:
    """``比2024年预算增加X万元`` / ``比2024年预算减少X万元`` / ``与2024年预算持平``, and whether it changed."""
    if last is None:
        return "", False
    prior = ctx.budget.year - 1
    change = amounts.wan(current - last)
    if change == 0:
        return f"与{prior}年预算持平", False
    word = "增加" if change > 0 else "减少"
    return f"比{prior}年预算{word}{abs(change):,.2f}万元", True


def _reason(ctx: Context, key: str, changed: bool, lead: str = "，主要原因是") -> str:
    """The reason clause for a change, or '' with a build warning when the source gives none."""
    if not changed:
        return ""
    text = ctx.budget.reasons.get(key, "").strip().rstrip("。")
    if not text:
        name = _REASON_NAMES.get(key) or ctx.subject_name(key)
        ctx.warn(f"reasons.{key}", f"{name}比上年有变化，但没有填写变动原因；说明中将不写原因")
        return ""
    return f"{lead}{text}"


def _narrative(ctx: Context, amounts: Amounts) -> None:
    b, r, y = ctx.budget, ctx.rollup, ctx.budget.year
    w = amounts.wan_text
    ly = b.last_year
    ctx.heading(f"四、{KIND}预算编制说明", 1, new_page=True)
    income = income_by_group(r)
    fiscal = income["fiscal"]
    last_fiscal = _last(ctx, "last_year.fiscal_total", ly.fiscal_total, "财政拨款收入")
    fiscal_change, fiscal_changed = _change(ctx, amounts, fiscal, last_fiscal)
    tail = f"，{fiscal_change}" if fiscal_change else ""
    others = "；".join(f"{label}{w(income[key])}万元" for key, label, _ in INCOME_GROUPS[1:])
    ctx.para(
        f"{y}年，{b.department}收入预算{w(r.total)}万元，其中：财政拨款收入{w(fiscal)}万元{tail}；{others}。"
    )
    ctx.para(f"支出预算{w(r.total)}万元，其中：财政拨款支出预算{w(fiscal)}万元{tail}。")

    last_gpb = _last(ctx, "last_year.gpb_total", ly.gpb_total, "一般公共预算拨款支出")
    lasts: dict[str, Decimal | None] = {"gpb": last_gpb, "gov_fund": None, "soe": None}
    if last_fiscal is not None and last_gpb is not None:
        if last_fiscal == last_gpb:  # no 政府性基金 / 国有资本经营 money last year
            lasts["gov_fund"] = lasts["soe"] = ZERO
        elif r.by_source["gov_fund"] or r.by_source["soe"]:
            ctx.warn(
                "last_year",
                "上年政府性基金、国有资本经营预算拨款无法由上年财政拨款与一般公共预算拨款推算，说明中不作同比比较",
            )
    parts = []
    for source, label in (
        ("gpb", "一般公共预算拨款支出预算"),
        ("gov_fund", "政府性基金拨款支出预算"),
        ("soe", "国有资本经营预算拨款支出预算"),
    ):
        change, _ = _change(ctx, amounts, r.by_source[source], lasts[source])
        parts.append(f"{label}{w(r.by_source[source])}万元" + (f"，{change}" if change else ""))
    ctx.para(f"财政拨款支出预算中，{'；'.join(parts)}。")
    reason = _reason(ctx, "fiscal", fiscal_changed, lead="")
    if reason:
        word = "增加" if fiscal > (last_fiscal or ZERO) else "减少"
        ctx.para(f"财政拨款收入支出{word}的主要原因是{reason}。")

    codes = r.codes_of("fiscal")
    if not codes:
        ctx.para(f"本{KIND}{y}年没有财政拨款支出。")
        return
    ctx.para("财政拨款支出主要内容如下：")
    for i, code in enumerate(codes, 1):
        names = [r.name(code[:3]) or code[:3], r.name(code[:5]) or code[:5], r.name(code) or code]
        purpose = b.code_purposes.get(code, "").strip().rstrip("。")
        if not purpose:
            ctx.warn(f"code_purposes.{code}", f"科目 {code} 没有填写主要用途，说明中只写金额")
        used = f"，主要用于{purpose}" if purpose else ""
        ctx.para(
            f"{i}. “{names[0]}（类）{names[1]}（款）{names[2]}（项）”科目{w(r.value(code, 'fiscal'))}万元{used}。"
        )


# -- 五、预算表 ---------------------------------------------------------------------------------------


def _coded_header(group: str, amount_titles: tuple[str, ...]) -> tuple[tuple[HeadCell, ...], ...]:
    return (
        (HeadCell("项目", colspan=2), HeadCell(group, colspan=len(amount_titles))),
        (HeadCell("功能分类科目编码"), HeadCell("功能分类科目名称"), *(HeadCell(t) for t in amount_titles)),
    )


def _coded_rows(ctx: Context, codes: list[str], columns: list[Column]) -> tuple[PubRow, ...]:
    """类/款/项 rows, then the 合计 row (as the template prints it, at the bottom)."""
    r = ctx.rollup
    rows = [
        _row(
            _text(code, len(code) == 3),
            _text(r.name(code), len(code) == 3),
            *(_yuan(ctx, column(code)) for column in columns),
            bold=len(code) == 3,
            level=_level(code),
        )
        for code in codes
    ]
    rows.append(
        _row(_text(""), _text("合计", True), *(_yuan(ctx, column("")) for column in columns), bold=True)
    )
    return tuple(rows)


def _caption(ctx: Context, name: str) -> str:
    return f"{ctx.budget.year}年{KIND}{name}"


def _numbered(ctx: Context, n: int, table: PubTable) -> None:
    ctx.numbered_table(f"{n}. {table.title}", table)


def _two_sided_header(
    left: str, right: str, right_titles: tuple[str, ...]
) -> tuple[tuple[HeadCell, ...], ...]:
    return (
        (HeadCell(left, colspan=2), HeadCell(right, colspan=1 + len(right_titles))),
        (HeadCell("项目"), HeadCell("预算数"), HeadCell("项目"), *(HeadCell(t) for t in right_titles)),
    )


def _summary_table(ctx: Context) -> PubTable:
    r = ctx.rollup
    income = income_by_group(r)
    left: list[tuple[str, Decimal]] = [("一、财政拨款收入", income["fiscal"])]
    left += [(f"{i}. {label}", r.by_source[s]) for i, (s, label) in enumerate(FISCAL_LINES, 1)]
    left += [
        (f"{cn_number(i)}、{label}", income[key]) for i, (key, label, _) in enumerate(INCOME_GROUPS[1:], 2)
    ]
    right = [(f"{cn_number(i)}、{r.name(c)}", r.value(c)) for i, c in enumerate(lei_codes(r), 1)]
    rows = side_by_side(
        [(_text(label), _yuan(ctx, value, ZERO_TEXT)) for label, value in left],
        [(_text(label), _yuan(ctx, value)) for label, value in right],
    )
    rows.append(
        _row(
            _text("收入总计", True),
            _yuan(ctx, r.total),
            _text("支出总计", True),
            _yuan(ctx, r.total),
            bold=True,
        )
    )
    return PubTable(
        title=_caption(ctx, "财务收支预算总表"),
        header=_two_sided_header("本年收入", "本年支出", ("预算数",)),
        rows=tuple(rows),
        unit="元",
        table_id="summary",
        widths=(3, 2, 3, 2),
    )


def _fiscal_table(ctx: Context) -> PubTable:
    r = ctx.rollup
    left = [(f"{cn_number(i)}、{label}", r.by_source[s]) for i, (s, label) in enumerate(FISCAL_LINES, 1)]
    right = [
        (f"{cn_number(i)}、{r.name(c)}", [r.value(c, "fiscal"), *(r.value(c, s) for s in FISCAL_SOURCES)])
        for i, c in enumerate(lei_codes(r, "fiscal"), 1)
    ]
    rows = side_by_side(
        [(_text(label), _yuan(ctx, value, ZERO_TEXT)) for label, value in left],
        [(_text(label), *(_yuan(ctx, v) for v in values)) for label, values in right],
    )
    rows.append(
        _row(
            _text("收入总计", True),
            _yuan(ctx, r.fiscal),
            _text("支出总计", True),
            _yuan(ctx, r.fiscal),
            *(_yuan(ctx, r.by_source[s]) for s in FISCAL_SOURCES),
            bold=True,
        )
    )
    return PubTable(
        title=_caption(ctx, "财政拨款收支预算总表"),
        header=_two_sided_header(
            "财政拨款收入", "财政拨款支出", ("合计", "一般公共预算", "政府性基金预算", "国有资本经营预算")
        ),
        rows=tuple(rows),
        unit="元",
        table_id="fiscal",
        widths=(3, 2, 3, 2, 2, 2, 2),
    )


def _source_table(ctx: Context, source: str, table_id: str, name: str, label: str) -> PubTable:
    r = ctx.rollup
    codes = r.tree(source)
    columns: list[Column] = [
        lambda p: r.value(p, source),
        lambda p: r.value(p, source, "basic"),
        lambda p: r.value(p, source, "project"),
    ]
    return PubTable(
        title=_caption(ctx, f"{name}功能分类预算表"),
        header=_coded_header(name, ("合计", "基本支出", "项目支出")),
        rows=_coded_rows(ctx, codes, columns),
        unit="元",
        note=None if codes else f"注:本{KIND}{ctx.budget.year}年无{label}财政拨款安排的预算，故本表为空表。",
        table_id=table_id,
        widths=(2, 5, 2, 2, 2),
    )


def _econ_table(ctx: Context) -> PubTable:
    r = ctx.rollup
    codes = r.economic_codes("gpb", "basic")
    rows = []
    for code in codes:
        value = r.economic(code, "gpb", "basic")
        personnel = code[:3] in PERSONNEL_LEI
        rows.append(
            _row(
                _text(code, len(code) == 3),
                _text(economic_name(r, code), len(code) == 3),
                _yuan(ctx, value),
                _yuan(ctx, value if personnel else ZERO),
                _yuan(ctx, ZERO if personnel else value),
                bold=len(code) == 3,
                level=1 if len(code) == 3 else 2,
            )
        )
    rows.append(
        _row(
            _text(""),
            _text("合计", True),
            _yuan(ctx, r.value("", "gpb", "basic")),
            _yuan(ctx, r.personnel("gpb")),
            _yuan(ctx, r.public("gpb")),
            bold=True,
        )
    )
    return PubTable(
        title=_caption(ctx, "一般公共预算基本支出部门预算经济分类预算表"),
        header=(
            (HeadCell("项目", colspan=2), HeadCell("一般公共预算基本支出", colspan=3)),
            (
                HeadCell("部门预算经济分类科目编码"),
                HeadCell("经济分类科目名称"),
                HeadCell("合计"),
                HeadCell("人员经费"),
                HeadCell("公用经费"),
            ),
        ),
        rows=tuple(rows),
        unit="元",
        note=None if codes else f"注:本{KIND}{ctx.budget.year}年无一般公共预算基本支出，故本表为空表。",
        table_id="econ_basic",
        widths=(2, 5, 2, 2, 2),
    )


def _sangong_table(ctx: Context, amounts: Amounts) -> PubTable:
    b = ctx.budget
    g = b.sangong

    def line(label: str, value: Decimal, bold: bool = False, level: int = 0) -> PubRow:
        shown = amounts.wan(value)
        return _row(_text(label, bold), PubCell(wan_cell_text(shown), shown), bold=bold, level=level)

    empty = g.total == 0 and b.admin_running == 0
    return PubTable(
        title=_caption(ctx, "“三公”经费和机关运行经费预算表"),
        header=((HeadCell("项目"), HeadCell("预算数")),),
        rows=(
            line("“三公”经费合计", g.total, bold=True),
            line("因公出国(境)费", g.abroad, level=1),
            line("公务接待费", g.reception, level=1),
            line("公务用车购置及运行费", g.vehicle, level=1),
            line("其中：公务用车购置费", g.vehicle_purchase, level=2),
            line("公务用车运行费", g.vehicle_running, level=2),
            line("机关运行经费预算数", b.admin_running, bold=True),
        ),
        unit="万元",
        note=f"注:本{KIND}{b.year}年无“三公”经费和机关运行经费预算，故本表为空表。" if empty else None,
        table_id="sangong",
        widths=(4, 2),
    )


def _tables(ctx: Context, amounts: Amounts) -> None:
    r = ctx.rollup
    codes = r.tree()
    ctx.heading(f"五、{KIND}预算表", 1, new_page=True)
    _numbered(ctx, 1, _summary_table(ctx))
    income: list[Column] = [lambda p: r.value(p)]
    income += [lambda p, s=sources: group_value(r, s, p) for _, _, sources in INCOME_GROUPS]  # type: ignore[misc]
    _numbered(
        ctx,
        2,
        PubTable(
            title=_caption(ctx, "收入预算总表"),
            header=_coded_header("收入预算", ("合计", *(label for _, label, _ in INCOME_GROUPS))),
            rows=_coded_rows(ctx, codes, income),
            unit="元",
            table_id="income",
            widths=(2, 5, 2, 2, 2, 2, 2),
        ),
    )
    expense: list[Column] = [
        lambda p: r.value(p),
        lambda p: r.value(p, None, "basic"),
        lambda p: r.value(p, None, "project"),
    ]
    _numbered(
        ctx,
        3,
        PubTable(
            title=_caption(ctx, "支出预算总表"),
            header=_coded_header("支出预算", ("合计", "基本支出", "项目支出")),
            rows=_coded_rows(ctx, codes, expense),
            unit="元",
            table_id="expense",
            widths=(2, 5, 2, 2, 2),
        ),
    )
    _numbered(ctx, 4, _fiscal_table(ctx))
    _numbered(ctx, 5, _source_table(ctx, "gpb", "gpb", "一般公共预算支出", "一般公共预算"))
    _numbered(ctx, 6, _source_table(ctx, "gov_fund", "gov_fund", "政府性基金预算支出", "政府性基金预算"))
    _numbered(ctx, 7, _source_table(ctx, "soe", "soe", "国有资本经营预算支出", "国有资本经营预算"))
    _numbered(ctx, 8, _econ_table(ctx))
    _numbered(ctx, 9, _sangong_table(ctx, amounts))


# -- 六、其他相关情况说明 ---------------------------------------------------------------------------


def _other_matters(ctx: Context, amounts: Amounts) -> None:
    b, y = ctx.budget, ctx.budget.year
    w = amounts.wan_text
    ctx.heading("六、其他相关情况说明", 1, new_page=True)

    ctx.heading(f"一、{y}年“三公”经费预算情况说明", 2, in_toc=False)
    g, gl = b.sangong, b.last_year.sangong
    if gl is None:
        ctx.warn("last_year.sangong", "没有填写上年“三公”经费，说明中不作同比比较")

    def compared(current: Decimal, last: Decimal | None, key: str | None) -> str:
        change, changed = _change(ctx, amounts, current, last)
        if not change:
            return ""
        reason = _reason(ctx, key, changed) if key else ""
        return f"，{change}{reason}"

    total_reason = ""
    total_change, total_changed = _change(ctx, amounts, g.total, gl.total if gl else None)
    if total_changed and b.reasons.get("sangong.total", "").strip():  # the template gives none
        total_reason = _reason(ctx, "sangong.total", True)
    ctx.para(
        f"{y}年“三公”经费预算数为{w(g.total)}万元"
        + (f"，{total_change}{total_reason}" if total_change else "")
        + "。"
    )
    ctx.para(
        f"（一）因公出国（境）费{w(g.abroad)}万元{compared(g.abroad, gl.abroad if gl else None, 'sangong.abroad')}。"
    )
    ctx.para(
        f"（二）公务用车购置及运行费{w(g.vehicle)}万元"
        f"{compared(g.vehicle, gl.vehicle if gl else None, 'sangong.vehicle')}。"
    )
    ctx.para(
        f"其中：公务用车购置费{w(g.vehicle_purchase)}万元"
        f"{compared(g.vehicle_purchase, gl.vehicle_purchase if gl else None, None)}；"
        f"公务用车运行费{w(g.vehicle_running)}万元"
        f"{compared(g.vehicle_running, gl.vehicle_running if gl else None, None)}。"
    )
    ctx.para(
        f"（三）公务接待费{w(g.reception)}万元"
        f"{compared(g.reception, gl.reception if gl else None, 'sangong.reception')}。"
    )

    ctx.heading("二、机关运行经费预算", 2, in_toc=False)
    offices = sum(1 for u in b.units if u.nature.startswith("行政"))
    civil = sum(1 for u in b.units if u.nature.startswith("参公") or "参照公务员法" in u.nature)
    scope = ""
    if offices or civil:
        scope = "下属" + "和".join(
            t for t in (f"{offices}家机关" if offices else "", f"{civil}家参公事业单位" if civil else "") if t
        )
    ctx.para(f"{y}年{b.department}{scope}财政拨款的机关运行经费预算为{w(b.admin_running)}万元。")

    ctx.heading("三、政府采购预算情况", 2, in_toc=False)
    p = b.procurement
    ctx.para(
        f"{y}年本{KIND}政府采购预算{w(p.total)}万元，其中：政府采购货物预算{w(p.goods)}万元、"
        f"政府采购工程预算{w(p.works)}万元、政府采购服务预算{w(p.services)}万元。"
    )

    ctx.heading("四、绩效目标设置情况", 2, in_toc=False)
    r = ctx.rollup
    if b.targets:
        funds = sum((r.project_funds(t.project) for t in b.targets), ZERO)
        targeted = {t.project for t in b.targets}
        units = {f.unit or b.department for f in b.facts if f.project in targeted}
        ctx.para(
            f"按照本区预算绩效管理工作的总体要求，本{KIND}{len(units)}个预算单位开展了{y}年项目预算绩效目标编报工作，"
            f"编报绩效目标的项目{len(b.targets)}个，涉及项目预算资金{w(funds)}万元。"
        )
    else:
        ctx.para(f"{y}年本{KIND}没有编报绩效目标的项目。")

    ctx.heading("五、国有资产占有使用情况", 2, in_toc=False)
    a = b.assets
    kinds = "、".join(
        f"{VEHICLE_NAMES.get(k, k)}{n}辆" for k, n in zip(VEHICLE_KINDS, a.vehicles, strict=False)
    )
    if a.general_equipment == 0:
        equipment = f"单价100万元（含）以上设备（不含车辆）{a.special_equipment}台（套）"
    else:
        equipment = (
            f"单位价值50万元以上通用设备{a.general_equipment}台（套）、"
            f"单位价值100万元以上专用设备{a.special_equipment}台（套）"
        )
    as_of = a.as_of or f"{y - 1}年12月31日"
    ctx.para(f"截至{as_of}，{b.department}共有车辆{sum(a.vehicles)}辆，其中：{kinds}；{equipment}。")
    ctx.para(f"{y}年{KIND}预算安排购置车辆{a.vehicles_to_purchase}辆。{a.note}")


# -- 七、项目经费情况说明 ---------------------------------------------------------------------------


def _projects(ctx: Context, amounts: Amounts) -> None:
    b, r, y = ctx.budget, ctx.rollup, ctx.budget.year
    w = amounts.wan_text
    ctx.heading("七、项目经费情况说明", 1, new_page=True)
    projects = b.projects()
    if not projects:
        ctx.para(f"本{KIND}{y}年没有项目支出。")
        return
    targets = {t.project: t for t in b.targets}
    for project in projects:
        facts = [f for f in b.facts if f.project == project]
        ctx.heading(f"{project}项目经费情况说明", 2, in_toc=False)
        ctx.heading("一、实施主体", 3)
        units = list(dict.fromkeys(f.unit or b.department for f in facts))
        ctx.para(f"{'、'.join(units)}。")
        ctx.heading("二、年度预算安排", 3)
        total, fiscal = r.project_funds(project), r.project_funds(project, fiscal_only=True)
        ctx.para(
            f"{y}年预算安排{w(total)}万元，其中：财政拨款{w(fiscal)}万元、其他资金{w(total - fiscal)}万元。"
        )
        ctx.heading("三、绩效目标", 3)
        target = targets.get(project)
        if target is None:
            ctx.warn("targets", f"项目“{project}”没有填写绩效目标，项目经费情况说明中不列绩效目标表")
            continue
        ctx.para(target.goal if target.goal.endswith("。") else f"{target.goal}。")
        ctx.table(_target_table(ctx, amounts, target, units))


def _target_title(project: str) -> str:
    return f"{project}支出绩效目标表" if project.endswith("项目") else f"{project}项目支出绩效目标表"


def _target_table(ctx: Context, amounts: Amounts, t: ProjectTarget, units: list[str]) -> PubTable:
    b, r = ctx.budget, ctx.rollup
    total, fiscal = r.project_funds(t.project), r.project_funds(t.project, fiscal_only=True)

    def funds(value: Decimal) -> PubCell:
        shown = amounts.yuan(value)
        return PubCell(f"{shown:,.2f}", shown)

    rows = [
        _row(_text("项目名称"), _text(t.project), _text(""), _text(""), _text("")),
        _row(_text("主管部门"), _text(b.department), _text("实施单位"), _text("、".join(units)), _text("")),
        _row(_text("项目资金（元）"), _text("项目资金总额"), funds(total), _text(""), _text("")),
        _row(_text(""), _text("其中：财政拨款"), funds(fiscal), _text(""), _text("")),
        _row(_text(""), _text("其他资金"), funds(total - fiscal), _text(""), _text("")),
        _row(_text("年度总体目标"), _text(t.goal), _text(""), _text(""), _text("")),
        *indicator_rows(t.indicators, "绩效指标", "年度指标值"),
    ]
    return PubTable(
        title=_target_title(t.project),
        header=(),
        rows=tuple(rows),
        unit=None,
        title_level=4,
        widths=(2, 3, 3, 4, 3),
    )
