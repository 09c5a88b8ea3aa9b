"""The national 部门决算 (财政部 部门决算公开, as 西安 2022 prints it): 第一部分 部门概况, 第二部分
决算情况说明 (一 … 十三, 完成率 against the 年初预算), 第三部分 决算表 (公开01表 … 公开09表 with 行次 and
栏次, 合计 above the 类 rows), 第四部分 专业名词解释."""

from __future__ import annotations

from yusuan.derive import final_narrative as say
from yusuan.derive.final_context import FinalContext
from yusuan.derive.final_tables import TableStyle, nine_tables
from yusuan.derive.words import cn_number

STYLE = TableStyle(
    numbered=True, total_first=True, code_header="科目代码", econ_groups=3, sangong_form="rows"
)
ORDER = ("summary", "income", "expense", "fiscal", "gpb", "econ_basic", "gov_fund", "soe", "sangong")


def build(ctx: FinalContext) -> None:
    a = ctx.accounts
    ctx.heading(f"第一部分 {a.level}概况", 1, new_page=True)
    ctx.heading("一、主要职责", 2)
    say.duties(ctx, "的主要职责是：")
    ctx.heading("二、决算单位构成", 2)
    say.units(ctx)

    ctx.heading(f"第二部分 {a.year}年度{a.level}决算情况说明", 1, new_page=True)
    sections = (
        ("收入支出决算总体情况说明", say.overall_national),
        ("收入决算情况说明", say.income_national),
        ("支出决算情况说明", say.expense_national),
        ("财政拨款收入支出决算总体情况说明", say.fiscal_national),
        ("一般公共预算财政拨款支出决算情况说明", say.gpb_national),
        ("一般公共预算财政拨款基本支出决算情况说明", say.basic),
        ("政府性基金预算财政拨款收入支出决算情况说明", lambda c: say.carry(c, "gov_fund")),
        ("国有资本经营预算财政拨款收入支出决算情况说明", lambda c: say.carry(c, "soe")),
        ("财政拨款“三公”经费支出决算情况说明", say.sangong_itemised),
        ("机关运行经费支出情况说明", say.admin_running_national),
        ("政府采购支出情况说明", say.procurement_national),
        ("国有资产占用情况说明", say.assets),
        ("预算绩效情况说明", say.performance),
    )
    for i, (title, write) in enumerate(sections, 1):
        ctx.heading(f"{cn_number(i)}、{title}", 2)
        write(ctx)

    ctx.heading(f"第三部分 {a.year}年度{a.level}决算表", 1, new_page=True)
    for i, (title, table) in enumerate(nine_tables(ctx, STYLE, ORDER), 1):
        ctx.numbered_table(f"{cn_number(i)}、{title}", table)

    ctx.heading("第四部分 专业名词解释", 1, new_page=True)
    say.glossary(ctx)
