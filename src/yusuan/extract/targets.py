"""Performance-target tables (项目支出绩效目标表) and the 预算单位构成 table.

A 绩效目标 form has a funds part (资金总额, 财政拨款, 其他资金), a goal and an indicator grid whose
columns are named by a header row (一级指标 / 二级指标 / 三级指标 or 指标名称 / 指标值 or 目标值, and in
some provinces 度量单位, 指标值类型, 评（扣）分标准, 分值, 实际完成值 …). The grid is read by those header
words, not by position: rows that only name a group (a 二级指标 with no 三级指标), placeholder rows
("/", "-"), wrapped labels and the extra columns are not indicators. A form whose reading cannot be
vouched for gets a ``doubt``, and no rule checks it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from yusuan.extract.normalize import canon, squash
from yusuan.extract.tables import ExtractContext
from yusuan.model import (
    Cell,
    Indicator,
    Money,
    Provenance,
    TableBlock,
    TargetTable,
    Unit,
    UnitRow,
    parse_decimal,
)

_COMPARATORS = [
    ("大于或等于", "≥"), ("大于等于", "≥"), ("不低于", "≥"), ("不少于", "≥"), ("≥", "≥"), ("≧", "≥"),
    (">=", "≥"), ("＞＝", "≥"), ("小于或等于", "≤"), ("小于等于", "≤"), ("不高于", "≤"), ("不超过", "≤"),
    ("不多于", "≤"), ("≤", "≤"), ("≦", "≤"), ("<=", "≤"), ("＜＝", "≤"), ("等于", "="), ("＝", "="),
    ("=", "="), ("大于", ">"), ("高于", ">"), (">", ">"), ("＞", ">"), ("小于", "<"), ("低于", "<"),
    ("<", "<"), ("＜", "<"),
]  # fmt: skip
_VALUE = re.compile(r"^\s*(?P<num>-?\d+(?:\.\d+)?)\s*(?P<unit>%|％|[^\d\s]{0,6})\s*$")
_LEVEL2_TO_1 = {
    "数量": "产出指标", "质量": "产出指标", "时效": "产出指标", "成本": "成本指标",
    "经济成本": "成本指标", "社会成本": "成本指标", "生态环境成本": "成本指标",
    "经济效益": "效益指标", "社会效益": "效益指标", "生态效益": "效益指标", "可持续影响": "效益指标",
    "满意度": "满意度指标", "服务对象满意度": "满意度指标",
}  # fmt: skip
_LEVEL1 = ("产出指标", "效益指标", "满意度指标", "成本指标", "经济成本指标")
_LEVEL1_WORDS = {"产出", "效益", "满意度", "成本", "投入", "过程", "管理", "经济成本"}
#: Cells that stand for "nothing here": an indicator named so is no indicator.
_PLACEHOLDERS = {"", "/", "／", "\\", "-", "－", "—", "——", "--", "…", "……", "...", "无", "空", "N/A", "n/a"}
_SCORE = re.compile(r"[（(]\s*\d+(?:\.\d+)?\s*分\s*[)）]$")  # 产出指标（50分）
_NUMBERED = re.compile(r"^指标\s*\d*\s*[:：]\s*")  # 指标1：互联网光纤数量
_FUNDS_UNIT = re.compile(r"(?:项目资金|资金|资金金额|资金情况|预算安排)[（(](万元|元)[)）]")
#: Labels of the funds part: the total, the 财政拨款 part and the other sources.
_FUNDS_TOTAL = ("资金总额", "资金申请总额")
_FUNDS_FISCAL = ("财政拨款", "财政资金")
_FUNDS_OTHER = ("其他资金", "上年结转", "自有资金", "单位资金", "自筹资金", "财政专户")
_NUMBER_IN_TEXT = re.compile(r"-?\d[\d,]*(?:\.\d+)?")
#: Words that end the indicator grid or stand in a note row under it.
_FOOTER = ("备注", "注：", "注:", "总分", "填报说明", "说明：")


def parse_target_value(text: str) -> tuple[str | None, Decimal | None, str | None] | None:
    """'大于等于 95%' → ('≥', 95, '%'); '≤1个' → ('≤', 1, '个'); '有效提升' → None (qualitative)."""
    t = squash(text).replace("％", "%")
    comparator = None
    for word, sym in _COMPARATORS:
        if t.startswith(word):
            comparator, t = sym, t[len(word) :]
            break
    m = _VALUE.match(t)
    if not m:
        return None
    unit = m.group("unit") or None
    return comparator, Decimal(m.group("num")), unit


def _comparator(text: str) -> str | None:
    t = squash(text)
    return next((sym for word, sym in _COMPARATORS if t == word), None)


# -- the header of the indicator grid -------------------------------------------------------------


@dataclass
class _Grid:
    """Where each part of an indicator row is, by the words of the header row(s)."""

    level1: int | None
    level2: int | None
    name: int
    value: int
    unit: int | None = None  # 度量单位 / 计量单位
    kind: int | None = None  # 指标值类型: ≥ ≤ = 定性
    project: int | None = None  # 单位（项目）名称, when one grid lists several projects
    funds: int | None = None  # 资金总额 as a column
    stops: list[int] = field(default_factory=list)  # every other named column

    def span(self, start: int | None) -> range:
        """The columns from ``start`` to the next named column (a merged header covers several)."""
        if start is None:
            return range(0)
        named = sorted(
            c
            for c in (self.level1, self.level2, self.name, self.value, self.unit, self.kind, *self.stops)
            if c is not None and c > start
        )
        return range(start, named[0] if named else start + 1)


def _role_cells(rows: list[list[Cell]], at: int) -> dict[int, str]:
    """Header words by column: the header row's own, and for columns it leaves empty the words of
    up to two short header rows above it (a two-storey header: 绩效指标 over 一级指标 …)."""
    words = {c.column: canon(c.text) for c in rows[at] if c.text.strip()}
    for above in rows[max(0, at - 2) : at][::-1]:
        cells = [c for c in above if c.text.strip()]
        if not cells or any(len(canon(c.text)) > 12 for c in cells):
            continue
        for c in cells:
            words.setdefault(c.column, canon(c.text))
    return words


def _is_name_header(w: str) -> bool:
    return w in ("三级指标", "指标名称", "指标内容", "具体指标", "三级指标名称", "绩效指标名称") or (
        w.startswith("三级指标") and len(w) <= 8
    )


def _is_value_header(w: str) -> bool:
    if any(x in w for x in ("实际", "完成值", "内容", "类型", "说明", "解释", "权重", "分值")):
        return False
    return w.endswith(("指标值", "目标值")) or w in ("年度(/项目)指标值", "年度（/项目）指标值", "指标目标值")


def _grid(rows: list[list[Cell]], at: int) -> _Grid | None:
    """The grid named by row ``at``, if it is the header of an indicator grid."""
    own = {canon(c.text) for c in rows[at] if c.text.strip()}
    if not any("一级指标" in w or "二级指标" in w or _is_name_header(w) for w in own):
        return None
    words = _role_cells(rows, at)

    def first(test: object, after: int = -1) -> int | None:
        assert callable(test)
        return next((c for c, w in sorted(words.items()) if c > after and test(w)), None)

    level1 = first(lambda w: "一级指标" in w)
    level2 = first(lambda w: "二级指标" in w)
    name = first(_is_name_header)
    if name is None:
        return None
    value = first(_is_value_header, name)
    if value is None:
        return None
    unit = first(lambda w: w.endswith(("度量单位", "计量单位", "指标单位")) or w == "单位", name)
    kind = first(
        lambda w: w.endswith(("指标值类型", "指标性质", "指标方向")) or w in ("符号", "运算符号"), name
    )
    project = first(lambda w: "项目名称" in w or "项目）名称" in w)
    funds = first(lambda w: w.endswith(("资金总额", "项目总额", "预算数", "预算金额")))
    if project is None or funds is None or not project < funds < (level1 if level1 is not None else name):
        project = funds = None  # a grid listing projects names each with its amount, left of the indicators
    roles = {level1, level2, name, value, unit, kind, project, funds}
    stops = [c for c in words if c not in roles]
    return _Grid(level1, level2, name, value, unit, kind, project, funds, stops)


# -- the rows of the grid ------------------------------------------------------------------------


def _level_word(text: str) -> int:
    """1 for a 一级指标 label (产出指标), 2 for a 二级指标 label (数量指标), 3 for one that stands at
    either level (成本指标, 满意度指标), 0 otherwise."""
    c = _SCORE.sub("", canon(text)).removesuffix("指标")
    if c in ("成本", "满意度", "经济成本"):
        return 3
    if c in _LEVEL2_TO_1:
        return 2
    if c in _LEVEL1_WORDS:
        return 1
    return 0


def _joined(row: dict[int, str], span: range) -> str:
    return "".join(row.get(c, "") for c in span)


def _shift(row: dict[int, str], grid: _Grid) -> int:
    """How far this row's cells sit from the header's columns (0 in a drawn grid). Text tables (TAB-
    separated lines) drop empty cells, so a row like '\t\t\t数量指标\t慰问人才数\t…' is shifted: the
    level labels tell by how much."""
    if grid.level2 is None:
        return 0
    levels = sorted((c, _level_word(t)) for c, t in row.items() if _level_word(t))
    in_place = set(grid.span(grid.level1)), set(grid.span(grid.level2))
    if any((k != 2 and c in in_place[0]) or (k != 1 and c in in_place[1]) for c, k in levels):
        return 0
    second = next((c for c, k in levels if k == 2), None)
    if second is not None:
        return second - grid.level2
    if levels and grid.level1 is not None:
        return levels[0][0] - grid.level1
    return 0


def _clean_name(text: str) -> str:
    return _NUMBERED.sub("", squash(text)).strip()


def _split(text: str, seps: str) -> list[str]:
    """``text`` split at top-level separators (not inside brackets or quotes); empty parts dropped."""
    parts, depth, cur = [], 0, ""
    for ch in text:
        if ch in "（(“《[":
            depth += 1
        elif ch in "）)”》]":
            depth = max(0, depth - 1)
        if ch in seps and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    parts.append(cur)
    return [p.strip() for p in parts if p.strip()]


def _pairs(name: str, value: str) -> list[tuple[str, str]]:
    """One row may carry several indicators: '物业管理面积；服务人次' / '17839平方米；每天3000人次'."""
    values = _split(value, "；;")
    if len(values) >= 2:
        names = _split(_clean_name(name), "；;")
        if len(names) == len(values):
            return [(_clean_name(n), v) for n, v in zip(names, values, strict=True)]
    return [(_clean_name(name), value)]


@dataclass
class _Segment:
    """One project's part of a grid."""

    project: str | None
    funds: Money | None = None
    indicators: list[Indicator] = field(default_factory=list)
    unread: int = 0  # rows with a value and no indicator name, or other rows not understood
    unnamed: bool = False  # a new amount in the 资金总额 column began it, without its name


def _place_value(value: str, unit: str, kind: str) -> str:
    """The value as one text: the 指标值 cell with its 指标值类型 (≥ ≤ =) and 度量单位 when printed
    apart (either order: a form that swaps the two cells still means '≥95%')."""
    v = squash(value)
    if not v:
        return v
    u, k = squash(unit), squash(kind)
    if _comparator(u) is not None and _comparator(k) is None:
        u, k = k, u
    sym = _comparator(k)
    if (
        sym is not None
        and parse_target_value(v) is not None
        and not any(v.startswith(w) for w, _ in _COMPARATORS)
    ):
        v = sym + v
    if (
        u
        and u not in _PLACEHOLDERS
        and u not in ("定性", "定量")
        and not v.endswith(u)
        and re.search(r"\d$", v)
    ):
        v += u
    return v


def _amount(text: str) -> tuple[Decimal, int] | None:
    t = squash(text).removesuffix("万元").removesuffix("元").strip()
    return parse_decimal(t) if t else None


def _funds_label(text: str) -> tuple[str, str] | None:
    """('total' | 'fiscal' | 'other', the label) for the last funds label in a cell."""
    c = canon(text)
    hits = [
        (c.rfind(word), kind, word)
        for kind, words in (("total", _FUNDS_TOTAL), ("fiscal", _FUNDS_FISCAL), ("other", _FUNDS_OTHER))
        for word in words
        if word in c
    ]
    if not hits:
        return None
    _, kind, word = max(hits)
    return kind, word


_TRAILING_AMOUNT = re.compile(r"[:：\s]*(-?[\d,]+(?:\.\d+)?)\s*(?:万元|元)?$")
_AMOUNT_TAIL = 40


@dataclass
class _Funds:
    unit: Unit
    src: Provenance
    found: dict[str, Money] = field(default_factory=dict)  # label → amount, the first of each label

    def row(self, cells: list[Cell]) -> None:
        """Bind each amount to the funds label before it on the row ('其他资金 2.00' in one cell,
        '年度预算资金总额： | 176.00' in two)."""
        pending: str | None = None
        for cell in sorted(cells, key=lambda c: c.column):
            text = squash(cell.text)
            if not text:
                continue
            number = _amount(text)
            if number is None:
                label = _funds_label(text)
                if label is None:
                    continue
                pending = label[1]
                # the last characters only: an amount is short, and the pattern is quadratic on a long run
                tail = _TRAILING_AMOUNT.search(text[text.rfind(label[1][-1]) + 1 :][-_AMOUNT_TAIL:])
                if tail is None:
                    continue
                number = parse_decimal(tail.group(1))
                if number is None:
                    continue
            if pending is not None:
                self.found.setdefault(
                    pending,
                    Money(
                        number[0],
                        self.unit,
                        number[1],
                        self.src.with_(line=cell.line, row=pending, text=text),
                    ),
                )
                pending = None

    def of(self, words: tuple[str, ...]) -> list[Money]:
        return [m for w, m in self.found.items() if w in words]

    def total(self) -> Money | None:
        found = self.of(_FUNDS_TOTAL)
        return found[0] if found else None

    def fiscal(self) -> Money | None:
        found = self.of(_FUNDS_FISCAL)
        return found[0] if found else None

    def other(self) -> Money | None:
        """其他资金 plus the other non-fiscal sources (上年结转 …); None when the form does not
        split its total by source (no 财政拨款 line)."""
        parts = self.of(_FUNDS_OTHER)
        if not parts or self.fiscal() is None:
            return None
        value = sum((m.value for m in parts), Decimal(0))
        return Money(value, parts[0].unit, max(m.places for m in parts), parts[0].source)


def _goal(rows: list[list[Cell]]) -> str | None:
    texts = [squash(c.text) for r in rows for c in r if len(squash(c.text)) >= 10]
    texts = [t for t in texts if _funds_label(t) is None]
    return max(texts, key=len) if texts else None


def _department(rows: list[list[Cell]]) -> str | None:
    """The department a 部门整体支出绩效目标表 names (部门名称 | 泉州市人民政府办公室) when the form names
    no project: such a form covers the whole budget, not one project."""
    texts = [[squash(c.text) for c in r if c.text.strip()] for r in rows]
    if any(canon(t) in ("项目名称", "专项（项目）名称", "专项名称") for r in texts for t in r):
        return None
    for r in texts:
        for i, t in enumerate(r[:-1]):
            if canon(t) in ("部门名称", "部门（单位）名称", "单位名称", "预算单位", "预算部门"):
                return r[i + 1]
    return None


def _looks_like_value(name: str) -> bool:
    """A 三级指标 that is a number or a target ('20', '≥95%'): the columns were misread."""
    parsed = parse_target_value(name)
    return parsed is not None and (parsed[0] is not None or parsed[2] is None or len(parsed[2]) <= 2)


def _read_grid(
    rows: list[list[Cell]], start: int, grid: _Grid, src: Provenance, funds_unit: Unit
) -> list[_Segment]:
    segments = [_Segment(None)]
    level1: str | None = None
    level2: str | None = None
    last_labels: tuple[str, str] | None = None  # the level cells of a row that had nothing else
    previous_row = -1  # the row the last indicator was read from
    for index, row in enumerate(rows[start:]):
        cells = [c for c in row if c.text.strip()]
        if not cells:
            continue
        line = cells[0].line
        again = _grid([row], 0)
        if again is not None:  # the header repeated (continuation page): read on with its columns
            grid = again
            continue
        texts = {c.column: squash(c.text) for c in cells}
        shift = _shift(texts, grid)
        view = {col - shift: t for col, t in texts.items()}
        seg = segments[-1]
        amount = _amount(view.get(grid.funds, "")) if grid.funds is not None else None
        if grid.project is not None:
            named = view.get(grid.project) or None
            same = named == seg.project and amount is not None and seg.funds is not None
            if same and amount is not None and seg.funds is not None and amount[0] == seg.funds.value:
                pass  # the project's row printed again on the next page
            elif amount is not None and (
                seg.funds is not None or (named and seg.project and named != seg.project)
            ):
                # a new amount begins a new project, named or not (北京: the name wraps around the amounts)
                seg = _Segment(named, unnamed=named is None)
                segments.append(seg)
                level1 = level2 = None
            elif named and seg.funds is not None and amount is None:
                # the name continues on the next line, or is printed after the amount
                seg.project = (seg.project or "") + named
            elif named and named != seg.project:
                seg = _Segment(named)
                segments.append(seg)
                level1 = level2 = None
            if grid.funds is not None and seg.funds is None and amount is not None:
                seg.funds = Money(
                    amount[0],
                    funds_unit,
                    amount[1],
                    src.with_(line=line, row="资金总额", text=view[grid.funds]),
                )
        l1 = _SCORE.sub("", _joined(view, grid.span(grid.level1)))
        l2 = _SCORE.sub("", _joined(view, grid.span(grid.level2)))
        name = _joined(view, grid.span(grid.name))
        value = _joined(view, grid.span(grid.value))
        if last_labels is not None:  # a label wrapped over two rows: '服务对' / '象满意度指标'
            p1, p2 = last_labels
            if l1 and p1 and not (_level_word(l1) and _level_word(p1)):
                l1 = p1 + l1
            if l2 and p2 and not (_level_word(l2) and _level_word(p2)):
                l2 = p2 + l2
        last_labels = None
        if l2:
            level2 = l2
            level1 = l1 or _LEVEL2_TO_1.get(canon(l2).removesuffix("指标"), level1)
        if l1:
            level1 = l1
        if not name and not value:
            if l1 or l2:  # a group heading (二级指标 with no 三级指标) or a label that wraps
                last_labels = (l1, l2)
            continue
        previous = seg.indicators[-1] if seg.indicators else None
        adjacent = previous is not None and previous_row == index - 1
        if not l1 and not l2 and adjacent and previous is not None and not previous.text and value:
            # the name began on the row above, whose value cell stayed empty ('现行命案、八' / '大恶性…')
            del seg.indicators[-1]
            name = previous.name + name
            level1, level2 = previous.level1, previous.level2
        elif not l1 and not l2 and previous is not None and (not name or (not value and len(name) <= 6)):
            # the name or the value wrapped onto a line of its own ('…治污减霾工' / '作')
            merged_name = previous.name + _clean_name(name)
            merged_text = previous.text + squash(value)
            parsed = parse_target_value(merged_text)
            comparator, number, unit = parsed if parsed else (None, None, None)
            seg.indicators[-1] = Indicator(
                previous.level1,
                previous.level2,
                merged_name,
                comparator,
                number,
                unit,
                merged_text,
                previous.source,
            )
            continue
        if not name:
            seg.unread += 1
            continue
        if _clean_name(name) in _PLACEHOLDERS:  # '-' / '/': this 二级指标 has no indicator
            if value not in _PLACEHOLDERS:
                seg.unread += 1
            continue
        placed = _place_value(
            value,
            view.get(grid.unit, "") if grid.unit is not None else "",
            view.get(grid.kind, "") if grid.kind is not None else "",
        )
        previous_row = index
        for one_name, one_value in _pairs(name, placed):
            parsed = parse_target_value(one_value)
            comparator, number, unit = parsed if parsed else (None, None, None)
            seg.indicators.append(
                Indicator(
                    level1=level1,
                    level2=level2,
                    name=one_name,
                    comparator=comparator,
                    value=number,
                    unit=unit,
                    text=one_value,
                    source=src.with_(
                        line=line, row=one_name, column="目标值", text="\t".join(texts.values())
                    ),
                )
            )
    kept = [s for s in segments if s.indicators or s.unread]
    return kept or segments[:1]


def _segment_doubt(seg: _Segment) -> str | None:
    if seg.unnamed:
        return "读不出项目名称（只读到资金总额），指标可能与相邻项目混在一起"
    n = len(seg.indicators)
    if n == 0:
        return "未读出任何绩效指标"
    misread = [i.name for i in seg.indicators if _looks_like_value(i.name)]
    if len(misread) >= 2 and len(misread) * 4 >= n:
        return f"指标名称栏读到了数值（“{misread[0]}”），列可能未按原表读取"
    if seg.unread > 2 and seg.unread * 5 > n:
        return f"{seg.unread} 行有指标值却读不出指标名称，列可能未按原表读取"
    return None


def parse_target_tables(block: TableBlock, project: str, ctx: ExtractContext) -> list[TargetTable]:
    """Every project's target table in ``block``: one for a per-project form, one per project when a
    grid lists several (长沙 项目支出绩效目标表: 单位（项目）名称 | 资金总额 | … on the first row of each
    project). A grid whose project cells are centred on their rows (北京 预算表12) puts the name in the
    middle of the project's indicators: an amount without a name, or indicators before the first
    name, doubts every table of the grid; a centred grid where each name happens to share a row with
    an amount is not told apart (the reader gives no cell boundaries), so callers may prefer
    ``parse_target_table``, which doubts any grid of several projects."""
    src = Provenance(ctx.path, line=block.line, page=block.page, table=f"{project}绩效目标表")
    rows = block.rows
    at = next((i for i in range(len(rows)) if _grid(rows, i) is not None), None)
    funds_unit = ctx.default_unit
    head = rows if at is None else rows[:at]
    for row in head:
        stated = _FUNDS_UNIT.search("".join(squash(c.text) for c in row).replace(" ", ""))
        if stated:  # 项目资金（元） / (万元): the table states its own unit
            funds_unit = Unit.WAN if stated.group(1) == "万元" else Unit.YUAN
    funds = _Funds(funds_unit, src)
    for row in head:
        funds.row(row)
    goal = _goal(head)
    department = _department(head)
    if department is not None and not project.startswith("部门整体"):
        project = f"部门整体支出（{department}）"

    def table(name: str, seg: _Segment | None, doubt: str | None) -> TargetTable:
        named = src if name == project else src.with_(table=f"{name}绩效目标表")
        return TargetTable(
            project=name,
            funds_total=(seg.funds if seg is not None and seg.funds is not None else funds.total()),
            funds_fiscal=funds.fiscal(),
            funds_other=funds.other(),
            goal=goal,
            indicators=seg.indicators if seg is not None else [],
            source=named,
            doubt=doubt,
        )

    if at is None:
        return [table(project, None, "找不到指标表头（一级指标、二级指标、三级指标、指标值）")]
    grid = _grid(rows, at)
    assert grid is not None
    segments = _read_grid(rows, at + 1, grid, src, funds_unit)
    headless = (
        at == 0
        and grid.project is None
        and not funds.found
        and any(i.level1 or i.level2 for s in segments for i in s.indicators)
    )
    if headless:  # an indicator tree without the form's top: the rest of a form begun on the page before
        return [table(project, segments[0], "只有指标部分，没有项目名称和资金，可能是上一页绩效目标表的续表")]
    if len(segments) > 1 and any(seg.unnamed or (seg.project is None and seg.indicators) for seg in segments):
        # merged cells centred on their rows (北京): the project's name and amount sit in the middle of
        # its indicators, so which indicator belongs to which project cannot be told
        reason = "项目名称和资金与其指标不在同一行起始（合并单元格居中），无法确定指标所属项目"
        return [table(seg.project or project, seg, reason) for seg in segments]
    return [
        table(
            seg.project
            or (f"{project}（资金总额 {seg.funds.value}）" if seg.unnamed and seg.funds else project),
            seg,
            _segment_doubt(seg),
        )
        for seg in segments
    ]


def parse_target_table(block: TableBlock, project: str, ctx: ExtractContext) -> TargetTable:
    """The block's one target table; a grid that lists several projects is returned as one table with
    a doubt (use ``parse_target_tables`` to read each project)."""
    tables = parse_target_tables(block, project, ctx)
    if len(tables) == 1:
        return tables[0]
    names = "、".join(t.project for t in tables[:3])
    first = tables[0]
    return TargetTable(
        project=first.project,
        funds_total=None,
        funds_fiscal=None,
        funds_other=None,
        goal=None,
        indicators=[i for t in tables for i in t.indicators],
        source=first.source,
        doubt=(
            f"一张表列有多个项目（{names}…），{first.doubt}"
            if first.doubt
            else f"一张表列有{len(tables)}个项目（{names}…），未逐项目读取"
        ),
    )


def named_project(block: TableBlock) -> str | None:
    """The project the table names itself (项目名称 | 新建万里街道社区公共服务中心), if it does: the
    heading above a Shanghai 绩效目标填报表 is only the form's name and its year."""
    for i, row in enumerate(block.rows[:4]):
        if _grid(block.rows, i) is not None:  # 项目名称 | 资金总额 | … heads a grid of projects
            return None
        texts = [squash(c.text) for c in row if c.text.strip()]
        for i, t in enumerate(texts[:-1]):
            if canon(t) in ("项目名称", "专项（项目）名称", "专项名称"):
                return texts[i + 1]
    return None


def looks_like_target_table(block: TableBlock) -> bool:
    """A 绩效目标 form (资金总额 and 指标 near its top), or a grid whose header names indicators and their
    values (北京 项目支出绩效目标表: 项目名称 | 项目总额 | … | 三级指标 | 本年绩效指标值)."""
    head = "".join(c.text for r in block.rows[:8] for c in r).replace(" ", "")
    if ("资金总额" in head or "项目资金" in head) and ("指标" in head or "总体目标" in head):
        return True
    return len(block.rows) > 3 and any(
        _grid(block.rows, i) is not None for i in range(min(3, len(block.rows)))
    )


_OUTTURN_WORDS = ("实际完成值", "全年执行数", "实际完成情况", "执行数")


def looks_like_self_evaluation(block: TableBlock) -> bool:
    """A 绩效自评表 of a 决算 (项目 or 部门整体): targets set at the start of the year beside what was
    achieved (年度指标值 | 实际完成值), money executed (全年执行数) and 分值 / 得分. Not a 绩效目标表:
    its 指标 have outturns and scores, so the target rules do not apply to it."""
    texts = [c.text for r in block.rows for c in r]
    # canon() only removes characters: without a cell holding both 得 and 分 there is no 得分 (the
    # cheap test first: canon of every cell of a 200,000-row table took seconds)
    if not any("得" in t and "分" in t for t in texts):
        return False
    cells = {canon(t) for t in texts if t.strip()}
    return "得分" in cells and any(c.startswith(w) for c in cells for w in _OUTTURN_WORDS)


#: the header of a plain list of units (a 决算's 部门决算单位构成: 序号 | 单位名称 | 备注)
_UNIT_LIST_HEADS = {"序号", "单位名称", "备注", "单位性质", "单位类型", "经费形式", "经费性质"}


def looks_like_units_table(block: TableBlock) -> bool:
    head = "".join(c.text for c in block.rows[0]).replace(" ", "") if block.rows else ""
    if "单位名称" not in head:
        return False
    if "编制" in head or "在职" in head:
        return True
    heads = {canon(c.text) for c in block.rows[0] if c.text.strip()}
    amounts = any(parse_decimal(c.text) is not None for r in block.rows[1:] for c in r[1:])
    return heads <= _UNIT_LIST_HEADS and not amounts


def _int(text: str) -> int | None:
    p = parse_decimal(text)
    return int(p[0]) if p is not None and p[1] == 0 else None


def parse_units_table(block: TableBlock, ctx: ExtractContext) -> list[UnitRow]:
    header = [canon(c.text) for c in block.rows[0]]

    def col(*words: str) -> int | None:
        return next((i for i, h in enumerate(header) if any(w in h for w in words)), None)

    name_i, nature_i = col("单位名称") or 0, col("经费性质", "单位性质", "性质")
    staff_i, actual_i = col("编制"), col("在职", "实有")
    out = []
    for row in block.rows[1:]:
        texts = [squash(c.text) for c in row]
        if not any(texts) or name_i >= len(texts) or not texts[name_i]:
            continue
        line = next((c.line for c in row if c.line), None)

        def get(i: int | None, texts: list[str] = texts) -> str:
            return texts[i] if i is not None and i < len(texts) else ""

        out.append(
            UnitRow(
                name=texts[name_i],
                nature=get(nature_i) or None,
                staffing=_int(get(staff_i)),
                actual=_int(get(actual_i)),
                source=Provenance(
                    ctx.path, line=line, table="预算单位构成", row=texts[name_i], text="\t".join(texts)
                ),
            )
        )
    return out
