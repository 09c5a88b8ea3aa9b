"""Identities between tables: the same figure published in two places must agree."""

from __future__ import annotations

from yusuan.audit.check import Check, show
from yusuan.audit.figures import Figure, cell, resolve
from yusuan.audit.registry import rule
from yusuan.audit.rules.arithmetic import top_level_rows
from yusuan.extract.normalize import canon
from yusuan.model import SUBTOTAL, BudgetTable, Severity, TableRow, nonzero


def _same(check: Check, a: Figure | None, b: Figure | None, what: str, a_name: str, b_name: str) -> None:
    if a is None or b is None:
        return
    if a.differs(b):
        check.flag(
            f"{what}：{a_name} {show(a.value)}，{b_name} {show(b.value)}，相差 {show(a.value - b.value)}",
            *a.sources,
            *b.sources,
            expected=show(b.value),
            actual=show(a.value),
            suggestion=f"核对{a_name}与{b_name}，两处应为同一数字",
        )


def _same_as_one(
    check: Check, readings: list[Figure | None], b: Figure | None, what: str, a_name: str, b_name: str
) -> None:
    """``_same`` when a table states the figure more than one way (本年支出合计 and 支出总计 with
    结转下年; 本年 and 上年结转 一般公共预算拨款): agreeing with any reading is agreeing."""
    found = [a for a in readings if a is not None]
    if not found or b is None or any(not a.differs(b) for a in found):
        return
    _same(check, found[0], b, what, a_name, b_name)


def _side(check: Check, section: str) -> list[Figure | None]:
    """The 收支总表's total for a side, then its 本年 subtotal when it prints one."""
    readings = [resolve(check.d, f"summary.total:{section}.amount")]
    table = check.table("summary")
    if table is not None:
        readings += [cell(r, "amount") for r in table.body(section) if r.key == SUBTOTAL]
    return readings


def _keyed_sum(check: Check, table_id: str, key: str) -> Figure | None:
    table = check.table(table_id)
    rows = [r for r in table.rows if r.key == key and r.get("amount") is not None] if table else []
    return Figure.sum(cell(r, "amount") for r in rows) if rows else None


def _title(check: Check, table_id: str) -> str:
    t = check.table(table_id)
    return f"“{t.title}”" if t else table_id


@rule("XT201", "crosstable.income_total", Severity.ERROR, "收支总表收入合计等于收入总表合计")
def income_total(check: Check) -> None:
    """收支总表的收入合计等于收入总表的合计（总计列）。

    示例：收支总表收入合计 2,161.77，收入总表合计 2,261.77。

    依据：规则摘要 R07(a)。
    """
    _same_as_one(check, _side(check, "income"), resolve(check.d, "income.total.total"),
                 "收入合计不一致", _title(check, "summary"), _title(check, "income"))  # fmt: skip


@rule("XT202", "crosstable.expense_total", Severity.ERROR, "收支总表支出合计等于支出总表合计")
def expense_total(check: Check) -> None:
    """收支总表的支出合计等于支出总表的合计。

    示例：收支总表支出合计 2,161.77，支出总表合计 2,160.77。

    依据：规则摘要 R07(b)。
    """
    _same_as_one(check, _side(check, "expense"), resolve(check.d, "expense.total.total"),
                 "支出合计不一致", _title(check, "summary"), _title(check, "expense"))  # fmt: skip


@rule("XT203", "crosstable.income_vs_expense_rows", Severity.ERROR, "收入总表与支出总表同一科目金额一致")
def income_vs_expense_rows(check: Check) -> None:
    """每个功能分类编码在收入总表的总计等于在支出总表的合计（收入按相同编码安排）。

    示例：2013201 行政运行在收入总表中为 2,161.77，在支出总表中为 432.01。

    依据：两张表按相同的功能分类编码分解同一预算。不适用于决算：某编码本年的收入与支出相差结转和结余。
    """
    if check.d.final:
        return
    inc, exp = check.table("income"), check.table("expense")
    if inc is None or exp is None or not any(r.code for r in inc.body()):
        return  # a 收入总表 by unit or by source only has no codes to compare
    for row in inc.body():
        if not row.code:
            continue
        other = exp.by_code(row.code)
        if other is None:
            if row.values.get("total") is not None and row.values["total"].value != 0:  # type: ignore[union-attr]
                check.flag(
                    f"科目 {row.code} {row.label} 列在收入总表中，但支出总表中没有",
                    row.source,
                    severity=Severity.WARNING,
                )
            continue
        _same(check, cell(row, "total"), cell(other, "total"), f"科目 {row.code} {row.label} 收支金额不一致",
              "收入总表总计", "支出总表合计")  # fmt: skip
    for row in exp.body():
        if row.code and inc.by_code(row.code) is None and row.values.get("total") is not None:
            check.flag(
                f"科目 {row.code} {row.label} 列在支出总表中，但收入总表中没有",
                row.source,
                severity=Severity.WARNING,
            )


@rule(
    "XT204", "crosstable.fiscal_gpb", Severity.ERROR, "财政拨款收支总表一般公共预算等于一般公共预算支出表合计"
)
def fiscal_gpb(check: Check) -> None:
    """财政拨款收支总表的一般公共预算拨款收入等于一般公共预算支出表的合计。

    示例：财政拨款收支总表中为 2,161.77，一般公共预算拨款支出预算表中为 2,100.00。

    依据：规则摘要 R07(c)。不适用于决算：本年的拨款收入与支出相差结转和结余。
    """
    if check.d.final:
        return
    readings = [resolve(check.d, "fiscal.key:income.gpb.amount"), _keyed_sum(check, "fiscal", "income.gpb")]
    _same_as_one(check, readings, resolve(check.d, "gpb.total.total"),
                 "一般公共预算拨款不一致", _title(check, "fiscal"), _title(check, "gpb"))  # fmt: skip


@rule(
    "XT205",
    "crosstable.fiscal_gov_fund",
    Severity.ERROR,
    "财政拨款收支总表政府性基金等于政府性基金支出表合计",
)
def fiscal_gov_fund(check: Check) -> None:
    """财政拨款收支总表的政府性基金预算拨款收入等于政府性基金预算支出表的合计。

    示例：财政拨款收支总表中政府性基金为 50.00，而政府性基金表为空。

    依据：规则摘要 R07(d)。不适用于决算（收入与支出相差结转和结余，由 FN807 检查）。
    """
    if check.d.final:
        return
    _same(check, resolve(check.d, "fiscal.key:income.gov_fund.amount"), resolve(check.d, "gov_fund.total.total"),
          "政府性基金预算拨款不一致", _title(check, "fiscal"), _title(check, "gov_fund"))  # fmt: skip


@rule(
    "XT206", "crosstable.fiscal_soe", Severity.ERROR, "财政拨款收支总表国有资本经营等于国有资本经营支出表合计"
)
def fiscal_soe(check: Check) -> None:
    """财政拨款收支总表的国有资本经营预算拨款收入等于国有资本经营预算支出表的合计。

    示例：财政拨款收支总表中国有资本经营为 10.00，其自身的表中为 0。

    依据：规则摘要 R07(e)。不适用于决算（收入与支出相差结转和结余，由 FN807 检查）。
    """
    if check.d.final:
        return
    _same(check, resolve(check.d, "fiscal.key:income.soe.amount"), resolve(check.d, "soe.total.total"),
          "国有资本经营预算拨款不一致", _title(check, "fiscal"), _title(check, "soe"))  # fmt: skip


@rule("XT207", "crosstable.gpb_vs_econ", Severity.ERROR, "一般公共预算支出表合计等于经济分类表合计")
def gpb_vs_econ(check: Check) -> None:
    """一般公共预算支出表的合计（按功能分类）等于一般公共预算支出经济分类表的合计（按经济分类）。

    示例：按功能分类为 2,161.77，按经济分类为 2,151.77。

    依据：同一笔钱的两种分类。
    """
    _same(check, resolve(check.d, "gpb.total.total"), resolve(check.d, "econ.total.total"),
          "一般公共预算支出功能分类与经济分类合计不一致", _title(check, "gpb"), _title(check, "econ"))  # fmt: skip


@rule("XT208", "crosstable.gpb_basic_vs_econ_basic", Severity.ERROR, "基本支出等于基本支出经济分类表合计")
def gpb_basic_vs_econ_basic(check: Check) -> None:
    """一般公共预算支出表的基本支出合计等于一般公共预算基本支出经济分类表的合计。

    示例：一张表中基本支出为 633.77，另一张为 623.77。

    依据：规则摘要 R11。
    """
    _same(check, resolve(check.d, "gpb.total.basic"), resolve(check.d, "econ_basic.total.total"),
          "一般公共预算基本支出不一致", f"{_title(check, 'gpb')}基本支出", _title(check, "econ_basic"))  # fmt: skip


@rule("XT209", "crosstable.basic_within_all", Severity.ERROR, "基本支出经济分类不超过全部支出经济分类")
def basic_within_all(check: Check) -> None:
    """基本支出表中每个经济分类类级的金额不超过一般公共预算全部支出表中的同一类。

    示例：302 商品和服务支出在基本支出中为 80.37，在全部支出中为 70.00。

    依据：基本支出是一般公共预算支出的一部分。
    """
    basic, whole = check.table("econ_basic"), check.table("econ")
    if basic is None or whole is None:
        return
    for row in basic.body():
        if not row.code or len(row.code) != 3:
            continue
        other = whole.by_code(row.code)
        if other is None:
            continue
        a, b = cell(row, "total"), cell(other, "total")
        if a.value - b.value > a.tol + b.tol:
            check.flag(
                f"经济分类 {row.code} {row.label}：基本支出 {show(a.value)} 超过一般公共预算支出 {show(b.value)}",
                *a.sources, *b.sources, expected=f"≤ {show(b.value)}", actual=show(a.value),
            )  # fmt: skip


@rule("XT210", "crosstable.summary_by_function", Severity.ERROR, "收支总表各类支出等于支出总表同类之和")
def summary_by_function(check: Check) -> None:
    """收支总表每个功能分类类级行等于支出总表中该类各行之和。

    示例：收支总表中一般公共服务支出为 2,161.77，而支出总表 201xxxx 各行合计 2,100.00。

    依据：两张表按功能分类列示同一支出。
    """
    summary, exp = check.table("summary"), check.table("expense")
    if summary is None or exp is None:
        return
    tops = top_level_rows(exp)
    if not any(r.code for r in tops):
        return
    for row in summary.body("expense"):
        if not row.code:
            continue
        parts = [cell(r, "total") for r in tops if r.code and r.code.startswith(row.code)]
        stated = cell(row, "amount")
        if row.values.get("amount") is None and not parts:
            continue
        _same(
            check,
            stated,
            Figure.sum(parts),
            f"{row.label}（{row.code}类）",
            _title(check, "summary"),
            f"{_title(check, 'expense')}同类合计",
        )


@rule("XT211", "crosstable.income_sources", Severity.ERROR, "收支总表各收入来源等于收入总表对应列合计")
def income_sources(check: Check) -> None:
    """收支总表中的每项收入来源（一般公共预算拨款收入、事业收入…）等于收入总表中该列的合计。

    示例：一般公共预算拨款收入在收支总表中为 2,161.77，在收入总表中为 2,061.77。

    依据：同一收入列示两次。
    """
    summary, inc = check.table("summary"), check.table("income")
    if summary is None or inc is None or inc.total() is None:
        return
    total = inc.total()
    assert total is not None
    for row in summary.body("income"):
        if not row.key or not row.key.startswith("income."):
            continue
        column = row.key.split(".", 1)[1]
        if inc.column(column) is None:
            continue
        _same(
            check,
            cell(row, "amount"),
            cell(total, column),
            f"{row.label}不一致",
            _title(check, "summary"),
            _title(check, "income"),
        )


@rule("XT212", "crosstable.fiscal_vs_summary", Severity.ERROR, "财政拨款收支总表与收支总表的财政拨款收入一致")
def fiscal_vs_summary(check: Check) -> None:
    """财政拨款收入各行（一般公共预算、政府性基金、国有资本经营）在财政拨款收支总表和收支总表中一致。

    示例：一般公共预算拨款收入一处为 2,161.77，另一处为 2,160.77。

    依据：财政拨款是全部收入的一部分，列示两次。
    """
    for key in ("income.gpb", "income.gov_fund", "income.soe"):
        a = resolve(check.d, f"fiscal.key:{key}.amount")
        b = resolve(check.d, f"summary.key:{key}.amount")
        fiscal = check.table("fiscal")
        label = fiscal.by_key(key).label if fiscal and fiscal.by_key(key) else key  # type: ignore[union-attr]
        _same(check, a, b, f"{label}不一致", _title(check, "fiscal"), _title(check, "summary"))


@rule("XT213", "crosstable.gpb_within_expense", Severity.ERROR, "一般公共预算支出不超过部门支出")
def gpb_within_expense(check: Check) -> None:
    """每个功能分类编码以及基本支出、项目支出列，一般公共预算支出表 ≤ 支出总表；全部收入都是一般公共预算时
    两者相等。

    示例：2013201 项目支出在支出总表中为 12.00，在一般公共预算拨款支出预算表中为 22.00。

    依据：一般公共预算是部门的收入来源之一。
    """
    gpb, exp = check.table("gpb"), check.table("expense")
    if gpb is None or exp is None:
        return
    only_gpb = False
    summary = check.table("summary")
    if summary is not None:
        others = [
            r for r in summary.body("income") if r.key != "income.gpb" and nonzero(r.values.get("amount"))
        ]
        only_gpb = not others and summary.by_key("income.gpb") is not None
    for row in gpb.rows:
        other = exp.total() if row.is_total else exp.by_code(row.code or "")
        if other is None:
            continue
        for col in ("total", "basic", "project"):
            a, b = cell(row, col), cell(other, col)
            over = a.value - b.value > a.tol + b.tol
            if over or (only_gpb and a.differs(b)):
                check.flag(
                    f"科目“{row.code or row.label} {row.label if row.code else ''}”{col_title(col)}：一般公共预算 {show(a.value)}，支出总表 {show(b.value)}",
                    *a.sources, *b.sources,
                    expected=show(b.value) if only_gpb else f"≤ {show(b.value)}", actual=show(a.value),
                )  # fmt: skip


def col_title(col: str) -> str:
    return {"total": "合计", "basic": "基本支出", "project": "项目支出"}.get(col, col)


_SANGONG_ECON = [
    ("sangong.abroad", ("30212",), "因公出国（境）费"),
    ("sangong.reception", ("30217",), "公务接待费"),
    ("sangong.vehicle_running", ("30231",), "公务用车运行费"),
    ("sangong.vehicle_purchase", ("31013", "30913"), "公务用车购置费"),
]


def _named_as_catalog(check: Check, row: TableRow) -> bool:
    """Whether a row's code means what the catalog says: a document on a local numbering (30212
    机关事业单位退休人员活动费) holds something else under it, which CD503 reports."""
    known = check.catalog.economic_name(row.code or "")
    if not known or not row.label:
        return True
    a, b = canon(known), canon(row.label)
    return a in b or b in a


def _in_unit(fig: Figure, table: BudgetTable, target: BudgetTable) -> Figure:
    """A figure of ``table`` in the unit of ``target`` (Shanghai: 基本支出 in 元, 三公 in 万元)."""
    if table.unit is None or target.unit is None or table.unit is target.unit:
        return fig
    scale = table.unit.factor / target.unit.factor
    return Figure(fig.value * scale, fig.tol * scale, fig.sources)


@rule("XT214", "crosstable.sangong_vs_econ", Severity.WARNING, "三公经费不低于基本支出中对应经济科目")
def sangong_vs_econ(check: Check) -> None:
    """三公经费每项不低于基本支出表中对应的经济分类款（30212、30217、30231、31013／30913）。

    示例：三公经费表中公务接待费为 0，而基本支出中 30217 公务接待费为 2.00。

    依据：规则摘要 R12（三公经费涵盖基本支出和项目支出，可以更高，但不会更低）。
    """
    sangong, basic = check.table("sangong"), check.table("econ_basic")
    if sangong is None or basic is None:
        return
    for key, codes, name in _SANGONG_ECON:
        row = sangong.by_key(key)
        if row is None:
            continue
        econ = [
            r
            for r in basic.body()
            if r.code in codes and r.values.get("total") is not None and _named_as_catalog(check, r)
        ]
        if not econ:
            continue
        a, b = cell(row, "total"), Figure.sum(_in_unit(cell(r, "total"), basic, sangong) for r in econ)
        if b.value - a.value > a.tol + b.tol:
            check.flag(
                f"{name}：“三公”经费表 {show(a.value)}，低于基本支出经济分类 {'/'.join(codes)} 的 {show(b.value)}",
                *a.sources, *b.sources, expected=f"≥ {show(b.value)}", actual=show(a.value),
            )  # fmt: skip
