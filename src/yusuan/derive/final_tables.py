"""The nine 决算 tables (财政部 部门决算公开 九张表), as every 决算 layout writes them.

A layout chooses a ``TableStyle``: the national (MoF / 西安) one labels each table 公开01表 …, numbers
rows and columns (行次 / 栏次), prints the 基本支出 table in three column groups and the 三公 table as a
预算数 row and a 决算数 row under the items; the Shanghai one has no labels or numbers, prints the 合计
of the functional tables at their bottom, the 基本支出 table in two column groups and the 三公 table as
one row of 预算数 | 决算数 pairs. Every amount comes from ``FinalRollup``. Functional codes stand in
one column (``2080505``) as both print them; unlike the printed forms, only the economic codes with an
amount are listed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from yusuan.derive.cells import row as _row
from yusuan.derive.cells import side_by_side
from yusuan.derive.cells import text as _text
from yusuan.derive.final_context import FinalContext
from yusuan.derive.final_rollup import FinalRollup
from yusuan.derive.rollup import PERSONNEL_LEI
from yusuan.derive.words import cell, cn_number
from yusuan.model.budget import ZERO
from yusuan.model.final_accounts import FINAL_SOURCES, FISCAL
from yusuan.model.publication import HeadCell, PubCell, PubRow, PubTable

#: A column of a functional table: code prefix ('' for 合计) → amount.
Column = Callable[[str], Decimal]

#: The nine tables: id, title, and the name of the 说明 under an empty one.
TABLES: tuple[tuple[str, str], ...] = (
    ("summary", "收入支出决算总表"),
    ("income", "收入决算表"),
    ("expense", "支出决算表"),
    ("fiscal", "财政拨款收入支出决算总表"),
    ("gpb", "一般公共预算财政拨款支出决算表"),
    ("econ_basic", "一般公共预算财政拨款基本支出决算表"),
    ("sangong", "财政拨款“三公”经费支出决算表"),
    ("gov_fund", "政府性基金预算财政拨款收入支出决算表"),
    ("soe", "国有资本经营预算财政拨款收入支出决算表"),
)
NOTES = {
    "summary": "注：本表反映部门本年度的总收支和年末结转结余情况。",
    "income": "注：本表反映部门本年度取得的各项收入情况。",
    "expense": "注：本表反映部门本年度各项支出情况。",
    "fiscal": "注：本表反映部门本年度财政拨款总收支和结转和结余情况。",
    "gpb": "注：本表反映部门本年度一般公共预算财政拨款支出情况。",
    "econ_basic": "注：本表反映部门本年度一般公共预算财政拨款基本支出明细情况。",
    "sangong": "注：本表反映部门本年度“三公”经费支出预决算情况。",
    "gov_fund": "注：本表反映部门本年度政府性基金预算财政拨款收入支出及结转和结余情况。",
    "soe": "注：本表反映部门本年度国有资本经营预算财政拨款收入支出及结转和结余情况。",
}
_FISCAL_LINES = ("一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款")


@dataclass(frozen=True)
class TableStyle:
    numbered: bool  # 公开01表 labels, 行次 and 栏次 (the MoF layout)
    total_first: bool  # the 合计 row of a functional table above its 类 rows (else below)
    code_header: str = "功能分类科目编码"
    #: the 基本支出 table's economic codes: in one list with 人员经费 / 公用经费 columns (1), or in
    #: groups of 科目编码 | 科目名称 | 决算数 side by side with 人员经费合计 / 公用经费合计 below (2 or 3)
    econ_groups: int = 1
    #: the 三公 table: "list" (items as rows, 预算数 | 决算数) or "pairs" (items as columns, a 预算数 |
    #: 决算数 pair under each, one row of figures: the Shanghai form)
    sangong_form: str = "list"


def _money(value: Decimal) -> PubCell:
    return PubCell(cell(value), value)


def _zero_shown(value: Decimal) -> PubCell:
    """An amount written even when zero (a row of labels only loses its cells in text formats)."""
    return PubCell(f"{value:,.2f}", value)


def _title(style: TableStyle, n: int, title: str) -> str:
    return f"公开{n:02d}表 {title}" if style.numbered else title


def _column_numbers(
    style: TableStyle, leading: Sequence[str], count: int
) -> tuple[tuple[HeadCell, ...], ...]:
    """The 栏次 row of the MoF layout (栏次 | 1 | 2 …), or nothing."""
    if not style.numbered:
        return ()
    return ((*(HeadCell(t) for t in leading), *(HeadCell(str(i)) for i in range(1, count + 1))),)


# -- functional tables ------------------------------------------------------------------------------


def _level(code: str) -> int:
    return {3: 1, 5: 2, 7: 3}.get(len(code), 0)


def _coded_rows(
    ctx: FinalContext, style: TableStyle, codes: list[str], columns: list[Column]
) -> tuple[PubRow, ...]:
    rows = [
        _row(
            _text(code, len(code) == 3),
            _text(ctx.name(code), len(code) == 3),
            *(_money(column(code)) for column in columns),
            bold=len(code) == 3,
            level=_level(code),
        )
        for code in codes
    ]
    total = _row(_text(""), _text("合计", True), *(_money(column("")) for column in columns), bold=True)
    return (total, *rows) if style.total_first else (*rows, total)


def _coded_header(
    style: TableStyle, groups: Sequence[tuple[str, Sequence[str]]]
) -> tuple[tuple[HeadCell, ...], ...]:
    """项目 over the code and name columns; each amount column, or a group over its parts."""
    top: list[HeadCell] = [HeadCell("项目", colspan=2)]
    second: list[HeadCell] = [HeadCell(style.code_header), HeadCell("科目名称")]
    width = 0
    for title, parts in groups:
        if parts:
            top.append(HeadCell(title, colspan=len(parts)))
            second.extend(HeadCell(p) for p in parts)
            width += len(parts)
        else:
            top.append(HeadCell(title, rowspan=2))
            width += 1
    return ((*top,), (*second,), *_column_numbers(style, ("栏次", ""), width))


def _note(ctx: FinalContext, table_id: str) -> str:
    """The 注 under a table, naming the 部门 or the 单位 as the document is one's."""
    return NOTES[table_id].replace("部门", ctx.accounts.level)


def _empty_note(ctx: FinalContext, what: str) -> str:
    return f"说明：{ctx.accounts.department}本年度没有{what}，故本表无数据。"


def _income_of(r: FinalRollup, source: str) -> Column:
    return lambda p: r.income(p, source)


def income_table(ctx: FinalContext, style: TableStyle, n: int) -> PubTable:
    r = ctx.rollup
    columns: list[Column] = [
        lambda p: r.income(p),
        lambda p: r.income(p, "fiscal"),
        *(_income_of(r, s) for s in ("superior", "business", "operating", "affiliated", "other")),
    ]
    titles = (
        "本年收入合计",
        "财政拨款收入",
        "上级补助收入",
        "事业收入",
        "经营收入",
        "附属单位上缴收入",
        "其他收入",
    )
    return PubTable(
        title=_title(style, n, "收入决算表"),
        header=_coded_header(style, [(t, ()) for t in titles]),
        rows=_coded_rows(ctx, style, r.income_codes(), columns),
        unit=ctx.unit,
        note=_note(ctx, "income") + ("" if r.income_codes() else "\n" + _empty_note(ctx, "本年收入")),
        table_id="income",
        widths=(2, 5, 2, 2, 2, 2, 2, 2, 2),
    )


def expense_table(ctx: FinalContext, style: TableStyle, n: int) -> PubTable:
    r = ctx.rollup
    zero: Column = lambda p: ZERO  # noqa: E731 - the template's columns this model has no lines for
    columns: list[Column] = [
        lambda p: r.spending(p),
        lambda p: r.spending(p, None, "basic"),
        lambda p: r.spending(p, None, "project"),
        zero,
        zero,
        zero,
    ]
    titles = ("本年支出合计", "基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出")
    return PubTable(
        title=_title(style, n, "支出决算表"),
        header=_coded_header(style, [(t, ()) for t in titles]),
        rows=_coded_rows(ctx, style, r.spending_codes(), columns),
        unit=ctx.unit,
        note=_note(ctx, "expense"),
        table_id="expense",
        widths=(2, 5, 2, 2, 2, 2, 2, 2),
    )


def gpb_table(ctx: FinalContext, style: TableStyle, n: int) -> PubTable:
    r = ctx.rollup
    columns: list[Column] = [
        lambda p: r.spending(p, "gpb"),
        lambda p: r.spending(p, "gpb", "basic"),
        lambda p: r.spending(p, "gpb", "project"),
    ]
    codes = r.spending_codes("gpb")
    return PubTable(
        title=_title(style, n, "一般公共预算财政拨款支出决算表"),
        header=_coded_header(style, [("本年支出", ("合计", "基本支出", "项目支出"))]),
        rows=_coded_rows(ctx, style, codes, columns),
        unit=ctx.unit,
        note=_note(ctx, "gpb") + ("" if codes else "\n" + _empty_note(ctx, "一般公共预算财政拨款支出")),
        table_id="gpb",
        widths=(2, 5, 2, 2, 2),
    )


def carry_table(ctx: FinalContext, style: TableStyle, n: int, source: str) -> PubTable:
    """政府性基金 / 国有资本经营预算财政拨款收入支出决算表: 年初 | 收入 | 支出 (合计 基本 项目) | 年末."""
    r = ctx.rollup
    table_id, title = ("gov_fund", TABLES[7][1]) if source == "gov_fund" else ("soe", TABLES[8][1])
    columns: list[Column] = [
        lambda p: r.carry_in(p, source),
        lambda p: r.income(p, source),
        lambda p: r.spending(p, source),
        lambda p: r.spending(p, source, "basic"),
        lambda p: r.spending(p, source, "project"),
        lambda p: r.carry_out(p, source),
    ]
    codes = r.carry_codes(source)
    what = "政府性基金预算" if source == "gov_fund" else "国有资本经营预算"
    return PubTable(
        title=_title(style, n, title),
        header=_coded_header(
            style,
            [
                ("年初结转和结余", ()),
                ("本年收入", ()),
                ("本年支出", ("合计", "基本支出", "项目支出")),
                ("年末结转和结余", ()),
            ],
        ),
        rows=_coded_rows(ctx, style, codes, columns),
        unit=ctx.unit,
        note=_note(ctx, table_id) + ("" if codes else "\n" + _empty_note(ctx, f"{what}财政拨款收入和支出")),
        table_id=table_id,
        widths=(2, 5, 2, 2, 2, 2, 2, 2),
    )


# -- two-sided tables -------------------------------------------------------------------------------


def _two_sided_header(
    style: TableStyle, right_amounts: Sequence[str], left_amount: str = "决算数"
) -> tuple[tuple[HeadCell, ...], ...]:
    if style.numbered:
        left = (HeadCell("项目"), HeadCell("行次"), HeadCell(left_amount))
        right = (HeadCell("项目"), HeadCell("行次"), *(HeadCell(t) for t in right_amounts))
        numbers = (
            HeadCell("栏次"),
            HeadCell(""),
            HeadCell("1"),
            HeadCell("栏次"),
            HeadCell(""),
            *(HeadCell(str(i)) for i in range(2, 2 + len(right_amounts))),
        )
        return (
            (HeadCell("收入", colspan=3), HeadCell("支出", colspan=2 + len(right_amounts))),
            left + right,
            numbers,
        )
    return (
        (HeadCell("收入", colspan=2), HeadCell("支出", colspan=1 + len(right_amounts))),
        (HeadCell("项目"), HeadCell(left_amount), HeadCell("项目"), *(HeadCell(t) for t in right_amounts)),
    )


def _side(
    style: TableStyle, lines: Sequence[tuple[str, Sequence[PubCell]]], first: int
) -> list[list[PubCell]]:
    """A side's rows: label (| 行次) | amounts; 行次 counts from ``first``."""
    out = []
    for i, (label, amounts) in enumerate(lines):
        number = [_text(str(first + i))] if style.numbered else []
        out.append([_text(label), *number, *amounts])
    return out


def _numbered_rows(
    style: TableStyle,
    left: Sequence[tuple[str, Sequence[PubCell]]],
    right: Sequence[tuple[str, Sequence[PubCell]]],
    tail: Sequence[tuple[tuple[str, Sequence[PubCell]], tuple[str, Sequence[PubCell]]]],
) -> list[PubRow]:
    """The body rows, then the tail rows (合计 … 总计) whose 行次 continue each side's count."""
    body = max(len(left), len(right))
    left_width = 1 + int(style.numbered) + max(len(a) for _, a in left)
    right_width = 1 + int(style.numbered) + max(len(a) for _, a in right)
    lefts = _side(style, left, 1)
    if style.numbered:  # the MoF form numbers the empty left lines too
        lefts += [
            [_text(""), _text(str(len(left) + i + 1))] + [_text("")] * (left_width - 2)
            for i in range(body - len(left))
        ]
    rights = _side(style, right, body + len(tail) + 1)
    rows = side_by_side(lefts, rights)
    for i, ((ll, la), (rl, ra)) in enumerate(tail):
        lcells = _side(style, [(ll, la)], body + i + 1)[0]
        rcells = _side(style, [(rl, ra)], 2 * body + len(tail) + i + 1)[0]
        lcells += [_text("")] * (left_width - len(lcells))
        rcells += [_text("")] * (right_width - len(rcells))
        rows.append(_row(*lcells, *rcells, bold=ll in ("总计", "本年收入合计")))
    return rows


def summary_table(ctx: FinalContext, style: TableStyle, n: int) -> PubTable:
    r = ctx.rollup
    left = [
        (f"{cn_number(i)}、{label}", [_money(r.income("", s))])
        for i, (s, label) in enumerate(FINAL_SOURCES.items(), 1)
    ]
    right = [
        (f"{cn_number(i)}、{name}", [_money(r.spending(code))])
        for i, (code, name) in enumerate(ctx.functional_lei(), 1)
    ]
    tail = [
        (("本年收入合计", [_zero_shown(r.income_total)]), ("本年支出合计", [_zero_shown(r.spending_total)])),
        (("使用非财政拨款结余", [_money(ZERO)]), ("结余分配", [_money(ZERO)])),
        (("年初结转和结余", [_zero_shown(r.carry_in())]), ("年末结转和结余", [_zero_shown(r.carry_out())])),
        (("总计", [_zero_shown(r.grand_total)]), ("总计", [_zero_shown(r.grand_total)])),
    ]
    return PubTable(
        title=_title(style, n, "收入支出决算总表"),
        header=_two_sided_header(style, ("决算数",)),
        rows=tuple(_numbered_rows(style, left, right, tail)),
        unit=ctx.unit,
        note=_note(ctx, "summary"),
        table_id="summary",
        widths=(4, 1, 2, 4, 1, 2) if style.numbered else (4, 2, 4, 2),
    )


def _carry_label(style: TableStyle, i: int, label: str) -> str:
    """A line of the 年初财政拨款结转和结余 breakdown: numbered in Shanghai (一、一般公共预算财政拨款),
    bare in the MoF form (一般公共预算财政拨款, 西安 公开04表)."""
    return label if style.numbered else f"{cn_number(i)}、{label}"


def fiscal_table(ctx: FinalContext, style: TableStyle, n: int) -> PubTable:
    r = ctx.rollup

    def split(
        value: Callable[[str | None], Decimal], shown: Callable[[Decimal], PubCell] = _money
    ) -> list[PubCell]:
        return [shown(value("fiscal")), *(shown(value(s)) for s in FISCAL)]

    left = [
        (f"{cn_number(i)}、{label}", [_money(r.income("", s))])
        for i, (s, label) in enumerate(zip(FISCAL, _FISCAL_LINES, strict=True), 1)
    ]
    right = [
        (f"{cn_number(i)}、{name}", split(lambda s, c=code: r.spending(c, s)))  # type: ignore[misc]
        for i, (code, name) in enumerate(ctx.functional_lei(), 1)
    ]
    blank: list[PubCell] = []
    tail: list[tuple[tuple[str, Sequence[PubCell]], tuple[str, Sequence[PubCell]]]] = [
        (
            ("本年收入合计", [_zero_shown(r.income("", "fiscal"))]),
            ("本年支出合计", split(lambda s: r.spending("", s), _zero_shown)),
        ),
        (
            ("年初财政拨款结转和结余", [_zero_shown(r.carry_in("", "fiscal"))]),
            ("年末财政拨款结转和结余", split(lambda s: r.carry_out("", s), _zero_shown)),
        ),
        *(
            ((_carry_label(style, i, label), [_zero_shown(r.carry_in("", s))]), ("", blank))
            for i, (s, label) in enumerate(zip(FISCAL, _FISCAL_LINES, strict=True), 1)
        ),
        (
            ("总计", [_zero_shown(r.fiscal_grand_total())]),
            ("总计", split(lambda s: r.carry_in("", s) + r.income("", s), _zero_shown)),
        ),
    ]
    return PubTable(
        title=_title(style, n, "财政拨款收入支出决算总表"),
        header=_two_sided_header(
            style, ("合计", "一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款")
        ),
        rows=tuple(_numbered_rows(style, left, right, tail)),
        unit=ctx.unit,
        note=_note(ctx, "fiscal")
        + ("" if r.fiscal_grand_total() else "\n" + _empty_note(ctx, "财政拨款收入和支出")),
        table_id="fiscal",
        widths=(4, 1, 2, 4, 1, 2, 2, 2, 2) if style.numbered else (4, 2, 4, 2, 2, 2, 2),
    )


# -- economic and 三公 tables -------------------------------------------------------------------------


#: The economic 类 of each column group of the 基本支出 table (the last group takes every other 类).
_ECON_GROUPS = {2: (("301", "303"), ()), 3: (("301", "303"), ("302", "307"), ())}


def _econ_grouped(ctx: FinalContext, style: TableStyle, n: int) -> PubTable:
    """The printed form: groups of 科目编码 | 科目名称 | 决算数 side by side (人员经费 first), 人员经费合计
    under the first group and 公用经费合计 under the last."""
    s = ctx.rollup.spent
    codes = s.economic_codes("gpb", "basic")
    spec = _ECON_GROUPS[style.econ_groups]
    named = {lei for group in spec for lei in group}
    groups: list[list[str]] = [[c for c in codes if c[:3] in g] for g in spec[:-1]]
    groups.append([c for c in codes if c[:3] not in named])
    height = max((len(g) for g in groups), default=0)

    def triple(code: str | None) -> list[PubCell]:
        if code is None:
            return [_text(""), _text(""), _text("")]
        bold = len(code) == 3
        return [
            _text(code, bold),
            _text(s.catalog.economic_name(code) or "", bold),
            _money(s.economic(code, "gpb", "basic")),
        ]

    rows = [
        _row(*(cell for g in groups for cell in triple(g[i] if i < len(g) else None))) for i in range(height)
    ]
    last = [_text(""), _text("人员经费合计", True), _money(s.personnel("gpb"))]
    last += [_text("")] * (3 * (len(groups) - 2))
    last += [_text(""), _text("公用经费合计", True), _money(s.public("gpb"))]
    rows.append(_row(*last, bold=True))
    header = tuple(
        h
        for _ in groups
        for h in (
            HeadCell("科目编码" if style.numbered else "经济分类科目编码"),
            HeadCell("科目名称"),
            HeadCell("决算数"),
        )
    )
    return PubTable(
        title=_title(style, n, "一般公共预算财政拨款基本支出决算表"),
        header=(header,),
        rows=tuple(rows),
        unit=ctx.unit,
        note=_note(ctx, "econ_basic")
        + ("" if codes else "\n" + _empty_note(ctx, "一般公共预算财政拨款基本支出")),
        table_id="econ_basic",
        widths=(2, 4, 2) * len(groups),
    )


def econ_table(ctx: FinalContext, style: TableStyle, n: int) -> PubTable:
    if style.econ_groups > 1:
        return _econ_grouped(ctx, style, n)
    s = ctx.rollup.spent
    codes = s.economic_codes("gpb", "basic")
    rows = []
    for code in codes:
        value = s.economic(code, "gpb", "basic")
        personnel = code[:3] in PERSONNEL_LEI
        rows.append(
            _row(
                _text(code, len(code) == 3),
                _text(s.catalog.economic_name(code) or "", len(code) == 3),
                _money(value),
                _money(value if personnel else ZERO),
                _money(ZERO if personnel else value),
                bold=len(code) == 3,
                level=1 if len(code) == 3 else 2,
            )
        )
    total = _row(
        _text(""),
        _text("合计", True),
        _money(s.value("", "gpb", "basic")),
        _money(s.personnel("gpb")),
        _money(s.public("gpb")),
        bold=True,
    )
    return PubTable(
        title=_title(style, n, "一般公共预算财政拨款基本支出决算表"),
        header=(
            (
                HeadCell("经济分类科目编码"),
                HeadCell("科目名称"),
                HeadCell("决算数"),
                HeadCell("人员经费"),
                HeadCell("公用经费"),
            ),
        ),
        rows=(total, *rows) if style.total_first else (*rows, total),
        unit=ctx.unit,
        note=_note(ctx, "econ_basic")
        + ("" if codes else "\n" + _empty_note(ctx, "一般公共预算财政拨款基本支出")),
        table_id="econ_basic",
        widths=(2, 5, 2, 2, 2),
    )


#: The 三公 items as the printed forms order them: (label over the item, label of the part, key).
_SANGONG_COLUMNS = (
    ("合计", "", "total"),
    ("因公出国（境）费", "", "abroad"),
    ("公务用车购置及运行维护费", "小计", "vehicle"),
    ("", "公务用车购置费", "vehicle_purchase"),
    ("", "公务用车运行维护费", "vehicle_running"),
    ("公务接待费", "", "reception"),
)


def _sangong_pairs(ctx: FinalContext, style: TableStyle, n: int, note: str) -> PubTable:
    """The Shanghai form: the items, a 预算数 | 决算数 pair under each, one row of figures. (The PDFs
    print 财政拨款“三公”经费 over the items too; a header row of one spanning cell is read as the
    总计 row's label in some formats and not in others, so it is left out.)"""
    g = ctx.accounts.sangong
    header = (
        (
            HeadCell("合计", colspan=2, rowspan=2),
            HeadCell("因公出国（境）费", colspan=2, rowspan=2),
            HeadCell("公务用车购置及运行维护费", colspan=6),
            HeadCell("公务接待费", colspan=2, rowspan=2),
        ),
        (
            HeadCell("小计", colspan=2),
            HeadCell("公务用车购置费", colspan=2),
            HeadCell("公务用车运行维护费", colspan=2),
        ),
        (HeadCell("预算数"), HeadCell("决算数")) * 6,
    )
    values = [
        c for _, _, key in _SANGONG_COLUMNS for c in (_zero_shown(g.budget(key)), _zero_shown(g.final(key)))
    ]
    return PubTable(
        title=_title(style, n, "财政拨款“三公”经费支出决算表"),
        header=header,
        rows=(_row(*values),),
        unit=ctx.unit,
        note=note,
        table_id="sangong",
        widths=(2,) * 12,
    )


def _sangong_rows(ctx: FinalContext, style: TableStyle, n: int, note: str) -> PubTable:
    """The MoF / 西安 form: the items as columns under 财政拨款安排的“三公”经费, a 预算数 row and a
    决算数 row (栏次 numbering the columns)."""
    g = ctx.accounts.sangong
    header = (
        (HeadCell("项目", rowspan=3), HeadCell("财政拨款安排的“三公”经费", colspan=6)),
        (
            HeadCell("小计", rowspan=2),
            HeadCell("因公出国（境）费", rowspan=2),
            HeadCell("公务用车购置及运行维护费", colspan=3),
            HeadCell("公务接待费", rowspan=2),
        ),
        (HeadCell("小计"), HeadCell("公务用车购置费"), HeadCell("公务用车运行维护费")),
        *_column_numbers(style, ("栏次",), 6),
    )
    rows = tuple(
        _row(_text(label), *(_zero_shown(pick(key)) for _, _, key in _SANGONG_COLUMNS))
        for label, pick in (("预算数", g.budget), ("决算数", g.final))
    )
    return PubTable(
        title=_title(style, n, "财政拨款“三公”经费支出决算表"),
        header=header,
        rows=rows,
        unit=ctx.unit,
        note=note,
        table_id="sangong",
        widths=(2,) * 7,
    )


def sangong_table(ctx: FinalContext, style: TableStyle, n: int) -> PubTable:
    g = ctx.accounts.sangong
    empty = g.budget("total") == 0 and g.final("total") == 0
    note = _note(ctx, "sangong") + ("\n" + _empty_note(ctx, "财政拨款“三公”经费支出") if empty else "")
    if style.sangong_form == "pairs":
        return _sangong_pairs(ctx, style, n, note)
    if style.sangong_form == "rows":
        return _sangong_rows(ctx, style, n, note)

    def line(label: str, key: str, level: int = 0) -> PubRow:
        return _row(
            _text(label, level == 0),
            _zero_shown(g.budget(key)),
            _zero_shown(g.final(key)),
            bold=level == 0,
            level=level,
        )

    return PubTable(
        title=_title(style, n, "财政拨款“三公”经费支出决算表"),
        header=((HeadCell("项目"), HeadCell("预算数"), HeadCell("决算数")),),
        rows=(
            line("合计", "total"),
            line("因公出国（境）费", "abroad", 1),
            line("公务用车购置及运行维护费", "vehicle", 1),
            line("其中：公务用车购置费", "vehicle_purchase", 2),
            line("公务用车运行维护费", "vehicle_running", 2),
            line("公务接待费", "reception", 1),
        ),
        unit=ctx.unit,
        note=note,
        table_id="sangong",
        widths=(5, 2, 2),
    )


_BUILDERS: dict[str, Callable[[FinalContext, TableStyle, int], PubTable]] = {
    "summary": summary_table,
    "income": income_table,
    "expense": expense_table,
    "fiscal": fiscal_table,
    "gpb": gpb_table,
    "econ_basic": econ_table,
    "sangong": sangong_table,
    "gov_fund": lambda ctx, style, n: carry_table(ctx, style, n, "gov_fund"),
    "soe": lambda ctx, style, n: carry_table(ctx, style, n, "soe"),
}


def nine_tables(ctx: FinalContext, style: TableStyle, order: Sequence[str]) -> list[tuple[str, PubTable]]:
    """(title, table) of the nine tables, numbered in the layout's order (公开01表 …)."""
    titles = dict(TABLES)
    return [(titles[t], _BUILDERS[t](ctx, style, n)) for n, t in enumerate(order, 1)]
