"""The Shanghai district 部门决算 (上海市普陀区 2024, ../shared/corpus/shanghai/final): 第一部分 概况,
第二部分 决算表 (nine tables, 合计 at the bottom of the functional ones, 基本支出 in two column groups,
三公 as 预算数 | 决算数 pairs), 第三部分 决算情况说明 (一 … 十一, 完成率 against the 全年预算),
第四部分 名词解释."""

from __future__ import annotations

from yusuan.derive import final_narrative as say
from yusuan.derive.final_context import FinalContext
from yusuan.derive.final_tables import TableStyle, nine_tables
from yusuan.derive.words import cn_number

STYLE = TableStyle(numbered=False, total_first=False, econ_groups=2, sangong_form="pairs")
ORDER = ("summary", "income", "expense", "fiscal", "gpb", "econ_basic", "sangong", "gov_fund", "soe")


def build(ctx: FinalContext) -> None:
    a = ctx.accounts
    who = f"{a.department}{a.year}年度{a.level}决算"
    ctx.heading(f"第一部分 {a.department}概况", 1, new_page=True)
    ctx.heading("一、主要职能", 2)
    say.duties(ctx, "主要职能是：")
    ctx.heading(f"二、{a.level}决算单位构成", 2)
    say.units(ctx)

    ctx.heading(f"第二部分 {who}表", 1, new_page=True)
    for i, (title, table) in enumerate(nine_tables(ctx, STYLE, ORDER), 1):
        ctx.numbered_table(f"{cn_number(i)}、{title}", table)

    ctx.heading(f"第三部分 {who}情况说明", 1, new_page=True)
    sections = (
        ("收入支出决算总体情况说明", say.overall),
        ("收入决算情况说明", say.income),
        ("支出决算情况说明", say.expense),
        ("财政拨款收入支出决算总体情况说明", say.fiscal),
        ("一般公共预算财政拨款支出决算情况说明", _gpb),
        ("一般公共预算财政拨款基本支出决算情况说明", say.basic),
        ("财政拨款“三公”经费支出决算情况说明", say.sangong),
        ("政府性基金预算财政拨款收入支出决算情况说明", lambda c: say.carry(c, "gov_fund")),
        ("国有资本经营预算财政拨款收入支出决算情况说明", lambda c: say.carry(c, "soe")),
        ("预算绩效管理情况", say.performance),
        ("其他重要事项的情况说明", _other),
    )
    for i, (title, write) in enumerate(sections, 1):
        ctx.heading(f"{cn_number(i)}、{title}", 2)
        write(ctx)

    ctx.heading("第四部分 名词解释", 1, new_page=True)
    say.glossary(ctx)


def _gpb(ctx: FinalContext) -> None:
    ctx.heading("（一）一般公共预算财政拨款支出决算总体情况", 3, in_toc=False)
    say.gpb_overall(ctx)
    ctx.heading("（二）一般公共预算财政拨款支出决算结构情况", 3, in_toc=False)
    say.gpb_structure(ctx)
    ctx.heading("（三）一般公共预算财政拨款支出决算具体情况", 3, in_toc=False)
    say.gpb_items(ctx, "全年预算")


def _other(ctx: FinalContext) -> None:
    ctx.heading("（一）机关运行经费支出情况", 3, in_toc=False)
    say.admin_running(ctx)
    ctx.heading("（二）政府采购支出情况", 3, in_toc=False)
    say.procurement(ctx)
    ctx.heading("（三）国有资产占有使用情况说明", 3, in_toc=False)
    say.assets(ctx)
