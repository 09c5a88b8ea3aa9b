"""Arithmetic inside one table: row totals, column totals, 类 = Σ款 = Σ项, two-sided totals, 三公 parts."""

from __future__ import annotations

from yusuan.audit.check import Check, show
from yusuan.audit.figures import Figure, cell
from yusuan.audit.registry import rule
from yusuan.model import SUBTOTAL, BudgetTable, Severity, TableKind, TableRow, Unit, is_breakdown, top_rows

FUNCTIONAL_TABLES = ("income", "expense", "gpb", "gov_fund", "soe")
ECONOMIC_TABLES = ("econ", "econ_basic")


def _row_name(row: TableRow) -> str:
    return f"{row.code} {row.label}".strip() if row.code else (row.label or "（无名称）")


def _compare(
    check: Check,
    stated: Figure,
    parts: Figure,
    what: str,
    *,
    severity: Severity | None = None,
    table: BudgetTable | None = None,
    row: TableRow | None = None,
) -> None:
    if not stated.differs(parts) and table is not None and _whole_yuan_gap(table, stated, parts):
        # one note per line of the classification: the same gap repeats in every table and column
        seen: set[str] = check.__dict__.setdefault("whole_yuan_gaps", set())
        name = _row_name(row) if row is not None else what
        if name in seen:
            return
        seen.add(name)
        check.flag(
            f"{what}：列示 {show(stated.value, 0)}，各项之和为 {show(parts.value, 0)}，相差 "
            f"{show(stated.value - parts.value, 0)} 元（在整数元的舍入范围内，可能是分位尾差）",
            *stated.sources, *parts.sources, expected=show(parts.value, 0), actual=show(stated.value, 0),
            suggestion="核对是否为分位四舍五入造成的尾差；如数据本为整数元，改正合计或分项",
            severity=Severity.INFO,
        )  # fmt: skip
        return
    if stated.differs(parts):
        diff = stated.value - parts.value
        check.flag(
            f"{what}：列示 {show(stated.value)}，各项之和为 {show(parts.value)}，相差 {show(diff)}",
            *stated.sources,
            *parts.sources,
            expected=show(parts.value),
            actual=show(stated.value),
            suggestion="核对各组成数字与合计数，改正录入或计算错误",
            severity=severity,
        )


def _whole_yuan_gap(table: BudgetTable, stated: Figure, parts: Figure) -> bool:
    """A total in a table of whole 元 that is off by a few 元: within the rounding a printed integer
    allows, but such tables usually hold exact amounts, so the gap is worth a look (94,995,790 printed
    over 77,381,546 + 17,614,243)."""
    gap = stated.value - parts.value
    return (
        table.unit is Unit.YUAN
        and gap != 0
        and stated.value == stated.value.to_integral_value()
        and parts.value == parts.value.to_integral_value()
    )


@rule("AR101", "arithmetic.row_total", Severity.ERROR, "行合计等于各分项之和")
def row_totals(check: Check) -> None:
    """每行的合计（总计）等于其各分项列之和。

    示例：支出总表某行合计 432.01，基本支出 420.01，项目支出 13.00。

    依据：全国模板的表格结构（合计 = 基本支出 + 项目支出；总计 = 各收入来源之和）。
    """
    for spec in check.profile.tables:
        table = check.table(spec.id)
        if table is None:
            continue
        for total_key, part_keys in spec.sums:
            if table.column(total_key) is None:
                continue
            present = [k for k in part_keys if table.column(k) is not None]
            if not present or (len(present) == 1 and len(part_keys) > 1):
                continue  # one part of several found: the others' columns were not recognised
            for row in table.rows:
                if all(row.values.get(k) is None for k in (total_key, *present)):
                    continue
                if not any(k in row.values for k in present):
                    continue  # a row of the side without the parts (a two-sided table's 收入 side)
                _compare(
                    check,
                    cell(row, total_key),
                    Figure.sum(cell(row, k) for k in present if row.values.get(k) is not None),
                    f"表“{table.title}”行“{_row_name(row)}”的{table.column(total_key).title}（{'+'.join(table.column(k).title for k in present)}）",  # type: ignore[union-attr]
                    table=table,
                    row=row,
                )


def top_level_rows(table: BudgetTable, section: str = "") -> list[TableRow]:
    """Body rows that are not children of another row in the table (so their sum is the total)."""
    body = table.body(section)
    codes = {r.code for r in body if r.code}
    out = []
    for r in body:
        code = r.code
        if code and any(code[:n] in codes for n in range(3, len(code), 2)):
            continue  # an ancestor (类 or 款) is listed
        out.append(r)
    return out


@rule("AR102", "arithmetic.column_total", Severity.ERROR, "合计行等于各行之和")
def column_totals(check: Check) -> None:
    """编码表或列举表的合计行逐列等于其顶层各行之和。

    顶层行是其上级编码未列出的行（有类级行时为类，否则为款，再否则为项）。

    示例：收入预算总表合计 2,161.77，而各行相加为 4,109.78。

    依据：模板的算术关系。
    """
    for table in check.d.tables.values():
        if table.kind is not TableKind.CODED:
            continue
        total = table.total()
        tops = top_level_rows(table)
        if total is None or not tops:
            continue
        for col in table.columns:
            parts = [cell(r, col.key) for r in tops if r.values.get(col.key) is not None]
            if total.values.get(col.key) is None and not parts:
                continue
            tree = [
                cell(r, col.key) for r in top_rows(table.body(), col.key) if r.values.get(col.key) is not None
            ]
            if not cell(total, col.key).differs(Figure.sum(tree)):
                continue  # rows that nest without codes (a unit above its codes) add up as printed
            _compare(
                check,
                cell(total, col.key),
                Figure.sum(parts),
                f"表“{table.title}”“{col.title}”列合计",
                table=table,
                row=total,
            )


def _hierarchy(check: Check, table_ids: tuple[str, ...], label: str) -> None:
    for table in check.tables(*table_ids):
        body = table.body()
        below: dict[str, list[TableRow]] = {}  # 类/款 code -> rows under it
        for r in body:
            for n in (3, 5):
                if r.code and len(r.code) > n:
                    below.setdefault(r.code[:n], []).append(r)
        for parent in body:
            if not parent.code or len(parent.code) not in (3, 5):
                continue
            code = parent.code
            descendants = below.get(code, [])
            if not descendants:
                continue
            # children are the next level listed (款, or 项 directly when no 款 rows are given)
            depth = min(len(r.code or "") for r in descendants)
            # a code printed twice is CD508's finding; counting it twice here would only echo it
            children = list({r.code: r for r in reversed(descendants) if len(r.code or "") == depth}.values())
            for col in table.columns:
                parts = [cell(r, col.key) for r in children if r.values.get(col.key) is not None]
                if parent.values.get(col.key) is None and not parts:
                    continue
                kid = "款" if depth == 5 else "项"
                _compare(
                    check,
                    cell(parent, col.key),
                    Figure.sum(parts),
                    f"表“{table.title}”{label}“{_row_name(parent)}”“{col.title}”应等于其下各{kid}之和",
                    table=table,
                    row=parent,
                )


@rule("AR103", "arithmetic.functional_hierarchy", Severity.ERROR, "功能分类类=Σ款=Σ项")
def functional_hierarchy(check: Check) -> None:
    """功能分类表中，类级行等于其所属各款之和，款级行等于其所属各项之和。

    示例：201 一般公共服务支出 2,161.77，其下只有一个款 20132 组织事务 2,000.00。

    依据：政府收支分类科目的结构（下级编码以上级编码开头）。
    """
    _hierarchy(check, FUNCTIONAL_TABLES, "功能分类科目")


@rule("AR104", "arithmetic.economic_hierarchy", Severity.ERROR, "经济分类类=Σ款")
def economic_hierarchy(check: Check) -> None:
    """经济分类表中，类级行（301…）等于其所属各款（30101…）之和。

    示例：303 对个人和家庭的补助 11.83，而 303xx 各行均为空。

    依据：部门预算支出经济分类科目的结构。
    """
    _hierarchy(check, ECONOMIC_TABLES, "经济分类科目")


def _two_sided(check: Check, section: str, word: str) -> None:
    for table in check.d.tables.values():
        if table.kind is not TableKind.TWO_SIDED:
            continue
        total = table.total(section)
        body = [
            r
            for r in table.body(section)
            if r.values.get("amount") is not None and r.key != SUBTOTAL and not is_breakdown(r)
        ]
        # a line broken down below itself (Shanghai: 财政拨款收入 → 一般公共预算资金 …) is counted once
        parts_of = check.profile.two_sided_parts
        listed = {r.key for r in body}
        nested = {k for parent, kids in parts_of.items() if parent in listed for k in kids}
        body = [r for r in body if r.key not in nested]
        if total is None:
            if body:
                check.flag(f"表“{table.title}”缺少{word}合计行", table.source, severity=Severity.WARNING)
            continue
        # breakdowns printed without codes (财政拨款 → 一般公共预算 …): when the rows hold as a tree
        # read from their amounts, that is how the table is printed, not an error
        rows = [r for r in table.body(section) if r.key != SUBTOTAL]
        tree = top_rows(rows, "amount")
        if len(tree) < len(rows) and not cell(total, "amount").differs(
            Figure.sum(cell(r, "amount") for r in tree if r.values.get("amount") is not None)
        ):
            continue
        _compare(
            check,
            cell(total, "amount"),
            Figure.sum(cell(r, "amount") for r in body),
            f"表“{table.title}”{word}合计",
        )


@rule("AR105", "arithmetic.income_items", Severity.ERROR, "收入合计等于各收入项之和")
def income_items(check: Check) -> None:
    """收支总表和财政拨款收支总表中，收入合计等于各收入项之和。

    示例：一般公共预算拨款收入 2,161.77，收入合计 2,261.77。

    依据：规则摘要 §2 表1 的恒等关系。
    """
    _two_sided(check, "income", "收入")


@rule("AR106", "arithmetic.expense_items", Severity.ERROR, "支出合计等于各支出项之和")
def expense_items(check: Check) -> None:
    """收支总表和财政拨款收支总表中，支出合计等于各支出项（功能分类类级）之和。

    示例：一般公共服务支出 2,161.77，社会保障和就业支出 10.00，支出合计 2,161.77。

    依据：规则摘要 §2 表1 的恒等关系。
    """
    _two_sided(check, "expense", "支出")


@rule("AR107", "arithmetic.balanced", Severity.ERROR, "收入合计等于支出合计")
def balanced(check: Check) -> None:
    """预算收支平衡：每张收支对照的表中，收入合计（总计）等于支出合计（总计）。

    示例：收入合计 2,161.77，支出合计 2,160.77。

    依据：部门预算收支平衡；规则摘要 R06。
    """
    for table in check.d.tables.values():
        if table.kind is not TableKind.TWO_SIDED:
            continue
        inc, exp = table.total("income"), table.total("expense")
        if inc is None or exp is None:
            continue
        a, b = cell(inc, "amount"), cell(exp, "amount")
        if a.differs(b):
            check.flag(
                f"表“{table.title}”收支不平衡：收入合计 {show(a.value)}，支出合计 {show(b.value)}",
                *a.sources,
                *b.sources,
                expected=show(a.value),
                actual=show(b.value),
            )


@rule("AR108", "arithmetic.sangong_parts", Severity.ERROR, "三公经费合计等于各项之和")
def sangong_parts(check: Check) -> None:
    """三公经费表：合计 = 因公出国（境）费 + 公务接待费 + 公务用车购置及运行费，且公务用车购置及运行费 =
    购置费 + 运行费。

    示例：合计 12.00，各项为 2.00、5.00 和 4.00。

    依据：规则摘要 R05。
    """
    table = check.table("sangong")
    if table is None:
        return
    rows = {r.key: r for r in table.rows if r.key}
    groups = [
        ("sangong.total", ("sangong.abroad", "sangong.reception", "sangong.vehicle"), "“三公”经费合计"),
        ("sangong.vehicle", ("sangong.vehicle_purchase", "sangong.vehicle_running"), "公务用车购置及运行费"),
    ]
    for total_key, part_keys, what in groups:
        if total_key not in rows or not any(k in rows for k in part_keys):
            continue
        parts = Figure.sum(cell(rows[k], "total") for k in part_keys if k in rows)
        _compare(check, cell(rows[total_key], "total"), parts, f"表“{table.title}”{what}")


@rule("AR109", "arithmetic.target_funds", Severity.ERROR, "绩效目标表资金总额等于各来源之和")
def target_funds(check: Check) -> None:
    """绩效目标表的资金总额等于财政拨款与其他资金之和。

    示例：资金总额 670，财政拨款 600，其他资金 0。

    依据：项目支出绩效目标表的格式。
    """
    for t in check.d.targets:
        if t.funds_total is None or (t.funds_fiscal is None and t.funds_other is None):
            continue
        parts = Figure.sum(Figure.of(m) for m in (t.funds_fiscal, t.funds_other) if m is not None)
        _compare(
            check,
            Figure.of(t.funds_total, t.source),
            parts,
            f"“{t.project}”绩效目标表资金总额（财政拨款+其他资金）",
        )
