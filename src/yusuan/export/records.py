"""A Disclosure (and the Document it was read from) flattened into plain records for export.

The records hold exactly what the writers print: every amount as its exact ``Decimal`` with the
number of decimals it was written with, every place as page / line, and for a table cell the
rectangle and grid column of the source cell when the reader knows them (PDF).

Locating a cell: the extractor keeps, for each table row, the page, line and tab-joined text of
the source row, and for each amount its text. A source row is found by that (page, line, text);
an amount is the source cell with the same text, taken in column order when several cells of the
row share it. When the match is not certain (identical rows on one line, more cells with the
text than amounts), the cell's place is left unknown rather than guessed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from yusuan import __version__
from yusuan.model import (
    BudgetTable,
    Cell,
    Claim,
    Disclosure,
    Document,
    Money,
    Percent,
    Provenance,
    TableBlock,
    TableKind,
    TableRow,
    code_level,
)

BBox = tuple[float, float, float, float]
SCHEMA_VERSION = 1
GENERATOR = f"yusuan {__version__}"


@dataclass(frozen=True, slots=True)
class Amount:
    """A number as published: exact value and the decimals it was written with."""

    value: Decimal
    places: int

    def text(self) -> str:
        """The exact value as a plain decimal string ('1330.34', never '1.33034E+3')."""
        return f"{self.value:f}"

    @staticmethod
    def of(money: Money | Percent | None) -> Amount | None:
        return None if money is None else Amount(money.value, money.places)

    @staticmethod
    def of_decimal(value: Decimal | None) -> Amount | None:
        if value is None:
            return None
        exponent = value.as_tuple().exponent
        return Amount(value, max(0, -exponent) if isinstance(exponent, int) else 0)


@dataclass(slots=True)
class CellRecord:
    column: str  # column key (profile key of the column: total, basic, gpb, amount, c0, ...)
    header: str  # column title as published
    text: str | None  # the cell's text as published; None when the cell is empty or a dash
    value: Amount | None  # None when the cell is empty, a dash, or (listings) text
    unit: str | None  # 元 / 万元
    page: int | None
    line: int | None
    bbox: BBox | None = None  # the source cell's rectangle (PDF points, top-left origin)
    source_column: int | None = None  # 0-based grid column of the source cell


@dataclass(slots=True)
class RowRecord:
    index: int  # 1-based within the table
    label: str
    code: str | None
    level: int | None  # 1 类, 2 款, 3 项
    key: str | None  # semantic key from the profile (income.gpb, sangong.abroad, ...)
    section: str | None  # two-sided tables: income / expense
    is_total: bool
    cells: list[CellRecord]
    page: int | None
    line: int | None
    text: str | None  # the source row, cells joined by tabs
    bbox: BBox | None = None  # union of the source row's cells


@dataclass(slots=True)
class TableRecord:
    index: int  # 1-based in document order
    id: str  # profile table id
    title: str
    kind: str  # two_sided / coded / items / listing
    unit: str | None
    unit_stated: bool  # False when the unit was not printed and the profile's default was taken
    note: str | None
    page: int | None
    line: int | None
    columns: list[tuple[str, str]]  # (key, title as published)
    rows: list[RowRecord]

    @property
    def has_bbox(self) -> bool:
        return any(r.bbox is not None for r in self.rows)


@dataclass(slots=True)
class ClaimRecord:
    index: int  # 1-based
    subject: str
    subject_text: str
    kind: str  # amount / count / change / percent / reason / text: the main thing the claim states
    value: Amount | None
    unit: str | None
    value_text: str | None
    count: int | None
    change: Amount | None  # signed: negative for a decrease
    change_unit: str | None
    change_text: str | None
    direction: str | None  # up / down / flat
    direction_text: str | None
    percent: Amount | None
    percent_direction: str | None
    year: int | None
    reason: str | None
    parent: int | None  # 1-based index of the claim this one is part of (after 其中)
    code_name: str | None
    text: str  # the sentence
    page: int | None
    line: int | None
    # a 决算 statement's other figures (年初/全年预算数, 完成率, 决算 vs 预算, gap, share, balances), as
    # exact decimal strings; empty for a budget's
    final: dict[str, str | None] = field(default_factory=dict)


@dataclass(slots=True)
class IndicatorRecord:
    level1: str | None
    level2: str | None
    name: str
    comparator: str | None
    value: Amount | None
    unit: str | None
    text: str
    page: int | None
    line: int | None


@dataclass(slots=True)
class TargetRecord:
    index: int  # 1-based
    project: str
    funds_total: Amount | None
    funds_fiscal: Amount | None
    funds_other: Amount | None
    funds_unit: str | None
    goal: str | None
    page: int | None
    line: int | None
    indicators: list[IndicatorRecord]


@dataclass(slots=True)
class UnitRecord:
    index: int
    name: str
    nature: str | None
    staffing: int | None
    actual: int | None
    page: int | None
    line: int | None


@dataclass(slots=True)
class HeadingRecord:
    index: int
    text: str
    level: int
    section: str
    page: int | None
    line: int | None


@dataclass(slots=True)
class ProblemRecord:
    index: int
    stage: str  # read (the reader) / extract (the extractor)
    message: str
    table: str | None = None
    text: str | None = None
    page: int | None = None
    line: int | None = None


@dataclass(slots=True)
class ExportDocument:
    source: str
    format: str
    pages: int | None
    profile: str
    document: str  # 部门预算 / 单位预算 / 部门决算 / 单位决算
    title: str | None
    department: str | None
    year: int | None
    unit: str | None
    tables: list[TableRecord] = field(default_factory=list)
    claims: list[ClaimRecord] = field(default_factory=list)
    targets: list[TargetRecord] = field(default_factory=list)
    units: list[UnitRecord] = field(default_factory=list)
    headings: list[HeadingRecord] = field(default_factory=list)
    problems: list[ProblemRecord] = field(default_factory=list)
    generator: str = GENERATOR
    schema_version: int = SCHEMA_VERSION


# -- locating source cells ---------------------------------------------------------------------------

_Key = tuple[int | None, int | None, str]


def _row_key(cells: list[Cell]) -> _Key:
    # the same page, line and text the extractor records for a row (extract.tables._row_source)
    line = next((c.line for c in cells if c.line is not None), None)
    page = next((c.page for c in cells if c.page is not None), None)
    return page, line, "\t".join(c.text for c in cells)


def _source_key(p: Provenance) -> _Key:
    return p.page, p.line, p.text or ""


@dataclass(slots=True)
class _Placed:
    cells: list[Cell]  # the whole source row
    by_column: dict[str, Cell] = field(default_factory=dict)  # column key → source cell of the amount


def _groups(table: BudgetTable) -> list[list[TableRow]]:
    """Table rows read from one source row: one each, except a two-sided income | expense pair."""
    out: list[list[TableRow]] = []
    for row in table.rows:
        last = out[-1][-1] if out else None
        if (
            table.kind is TableKind.TWO_SIDED
            and last is not None
            and last.section == "income"
            and row.section == "expense"
            and _source_key(last.source) == _source_key(row.source)
        ):
            out[-1].append(row)
        else:
            out.append([row])
    return out


def _place_amounts(
    table: BudgetTable, group: list[TableRow], cells: list[Cell], ordered: bool = True
) -> dict[int, _Placed]:
    """Pair each amount of the group with the source cell of the same text, in column order.

    ``ordered``: the amounts are listed in the order of their cells, so the n-th amount with a
    text is the n-th cell with it; otherwise only a text found once on both sides is placed."""
    placed = {id(row): _Placed(cells) for row in group}
    wanted: list[tuple[TableRow, str, str]] = []
    for row in group:  # income before expense, columns in source order: the cells' order
        for col in table.columns:
            money = row.values.get(col.key)
            if money is not None and money.source is not None and money.source.text:
                wanted.append((row, col.key, money.source.text))
    if table.kind is TableKind.TWO_SIDED and ordered:
        # label | amount | label | amount [| more amount columns]: each amount is the first cell
        # with its text after the previous one (a repeated total in a later column is not it)
        pos = -1
        for row, key, text in wanted:
            i = next((i for i in range(pos + 1, len(cells)) if cells[i].text.strip() == text), None)
            if i is None:
                break
            placed[id(row)].by_column[key] = cells[i]
            pos = i
        return placed
    amounts: dict[str, list[tuple[TableRow, str]]] = defaultdict(list)
    for row, key, text in wanted:
        amounts[text].append((row, key))
    by_text: dict[str, list[Cell]] = defaultdict(list)
    for cell in cells:
        by_text[cell.text.strip()].append(cell)
    for text, pairs in amounts.items():
        found = by_text.get(text, [])
        if len(found) != len(pairs) or (not ordered and len(found) != 1):
            continue  # not certain which cell is which: leave the place unknown
        for (row, key), cell in zip(pairs, found, strict=True):
            placed[id(row)].by_column[key] = cell
    return placed


def _locate(doc: Document, d: Disclosure) -> dict[int, _Placed]:
    """id(TableRow) → its source row and the source cells of its amounts."""
    raw: dict[_Key, list[list[Cell]]] = defaultdict(list)
    for block in doc.blocks:
        if isinstance(block, TableBlock):
            for cells in block.rows:
                raw[_row_key(cells)].append(cells)
    groups: dict[_Key, list[tuple[BudgetTable, list[TableRow]]]] = defaultdict(list)
    for table in d.tables.values():
        for group in _groups(table):
            groups[_source_key(group[0].source)].append((table, group))
    out: dict[int, _Placed] = {}
    for key, found in groups.items():
        rows = raw.get(key, [])
        if len(rows) == len(found):
            for (table, group), cells in zip(found, rows, strict=True):
                out.update(_place_amounts(table, group, cells))
        elif len(rows) == 1 and len({id(table) for table, _ in found}) == 1:
            # several table rows read from one source row (a "三公" table printed across): the
            # order of the rows need not be the order of the cells, so only unique texts are placed
            table = found[0][0]
            merged = [row for _, group in found for row in group]
            out.update(_place_amounts(table, merged, rows[0], ordered=False))
        # else: identical source rows not matched one to one: unknown
    return out


def _union(boxes: list[BBox]) -> BBox | None:
    if not boxes:
        return None
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


# -- records -----------------------------------------------------------------------------------------


def _unit(money: Money | None) -> str | None:
    return None if money is None else money.unit.value


def _text(money: Money | None) -> str | None:
    return None if money is None or money.source is None else money.source.text


def _row(index: int, table: BudgetTable, row: TableRow, placed: _Placed | None) -> RowRecord:
    unit = table.unit.value if table.unit else None
    cells: list[CellRecord] = []
    if table.kind is TableKind.LISTING:
        titles = [c.title for c in table.columns]
        for i, text in enumerate(row.texts):
            header = titles[i] if i < len(titles) else f"第{i + 1}列"
            cells.append(
                CellRecord(f"c{i}", header, text or None, None, None, row.source.page, row.source.line)
            )
    else:
        for col in table.columns:
            money = row.values.get(col.key)
            src = money.source if money is not None and money.source is not None else row.source
            cell = placed.by_column.get(col.key) if placed else None
            cells.append(
                CellRecord(
                    column=col.key,
                    header=col.title,
                    text=_text(money),
                    value=Amount.of(money),
                    unit=_unit(money) or unit,
                    page=src.page,
                    line=src.line,
                    bbox=cell.bbox if cell else None,
                    source_column=cell.column if cell else None,
                )
            )
    boxes = [c.bbox for c in placed.cells if c.bbox is not None] if placed else []
    return RowRecord(
        index=index,
        label=row.label,
        code=row.code,
        level=code_level(row.code),
        key=row.key,
        section=row.section or None,
        is_total=row.is_total,
        cells=cells,
        page=row.source.page,
        line=row.source.line,
        text=row.source.text,
        bbox=_union(boxes),
    )


def _table(index: int, table: BudgetTable, placed: dict[int, _Placed]) -> TableRecord:
    return TableRecord(
        index=index,
        id=table.id,
        title=table.title,
        kind=table.kind.value,
        unit=table.unit.value if table.unit else None,
        unit_stated=table.unit_stated,
        note=table.note,
        page=table.source.page,
        line=table.source.line,
        columns=[(c.key, c.title) for c in table.columns],
        rows=[_row(i, table, r, placed.get(id(r))) for i, r in enumerate(table.rows, 1)],
    )


def claim_kind(c: Claim) -> str:
    if c.value is not None:
        return "amount"
    if c.count is not None:
        return "count"
    if c.change is not None:
        return "change"
    if c.percent is not None:
        return "percent"
    if c.reason:
        return "reason"
    return "text"


def _claim(index: int, c: Claim) -> ClaimRecord:
    return ClaimRecord(
        index=index,
        subject=c.subject,
        subject_text=c.subject_text,
        kind=claim_kind(c),
        value=Amount.of(c.value),
        unit=_unit(c.value),
        value_text=_text(c.value),
        count=c.count,
        change=Amount.of(c.change),
        change_unit=_unit(c.change),
        change_text=_text(c.change),
        direction=c.direction.value if c.direction else None,
        direction_text=c.direction_text,
        percent=Amount.of(c.percent),
        percent_direction=c.percent_direction.value if c.percent_direction else None,
        year=c.year,
        reason=c.reason,
        parent=None if c.parent is None else c.parent + 1,
        code_name=c.code_name,
        text=c.sentence,
        page=c.source.page,
        line=c.source.line,
        final=_final_fields(c),
    )


def _final_fields(c: Claim) -> dict[str, str | None]:
    """What a claim states beyond a budget claim's fields (a 决算 statement's budgets, rate, …)."""
    base = Claim.to_dict(c)
    return {k: v for k, v in c.to_dict().items() if k not in base}


def records(doc: Document, d: Disclosure) -> ExportDocument:
    """Everything the disclosure states, in document order, with places."""
    placed = _locate(doc, d)
    out = ExportDocument(
        source=d.path,
        format=doc.format,
        pages=doc.pages,
        profile=d.profile,
        document=d.document,
        title=d.title,
        department=d.department,
        year=d.year,
        unit=d.unit.value if d.unit else None,
    )
    out.tables = [_table(i, t, placed) for i, t in enumerate(d.tables.values(), 1)]
    out.claims = [_claim(i, c) for i, c in enumerate(d.claims, 1)]
    for i, t in enumerate(d.targets, 1):
        funds = next((m for m in (t.funds_total, t.funds_fiscal, t.funds_other) if m is not None), None)
        out.targets.append(
            TargetRecord(
                index=i,
                project=t.project,
                funds_total=Amount.of(t.funds_total),
                funds_fiscal=Amount.of(t.funds_fiscal),
                funds_other=Amount.of(t.funds_other),
                funds_unit=_unit(funds),
                goal=t.goal,
                page=t.source.page,
                line=t.source.line,
                indicators=[
                    IndicatorRecord(
                        level1=ind.level1,
                        level2=ind.level2,
                        name=ind.name,
                        comparator=ind.comparator,
                        value=Amount.of_decimal(ind.value),
                        unit=ind.unit,
                        text=ind.text,
                        page=ind.source.page,
                        line=ind.source.line,
                    )
                    for ind in t.indicators
                ],
            )
        )
    out.units = [
        UnitRecord(i, u.name, u.nature, u.staffing, u.actual, u.source.page, u.source.line)
        for i, u in enumerate(d.units, 1)
    ]
    out.headings = [
        HeadingRecord(i, h.text, h.level, h.section, h.source.page, h.source.line)
        for i, h in enumerate(d.headings, 1)
    ]
    problems = [ProblemRecord(0, "read", m) for m in doc.problems]
    problems += [ProblemRecord(0, "extract", m, p.table, p.text, p.page, p.line) for m, p in d.problems]
    for i, p in enumerate(problems, 1):
        p.index = i
    out.problems = problems
    return out
