"""What a published disclosure states: typed tables, narrative claims, targets, other matters."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import StrEnum
from typing import Any

from yusuan.model.money import Money, Percent, Unit
from yusuan.model.provenance import Provenance


class TableKind(StrEnum):
    TWO_SIDED = "two_sided"  # 收入 | 支出 side by side (收支总表, 财政拨款收支总表)
    CODED = "coded"  # rows keyed by a classification code, amount columns (收入总表, 支出表, 经济分类表)
    ITEMS = "items"  # named items, one amount column ("三公"经费表)
    LISTING = "listing"  # descriptive rows (专项资金清单)


def code_level(code: str | None) -> int | None:
    """Depth of a classification code: 1 for 类 (3 digits), 2 for 款 (5), 3 for 项 (7)."""
    if code is None or not code.isdigit():
        return None
    return {3: 1, 5: 2, 7: 3}.get(len(code))


#: key of a row that totals part of a side before the side's own total (本年收入合计 above 上年结转
#: and 收入总计): neither an item nor the total
SUBTOTAL = "subtotal"


@dataclass(slots=True)
class TableRow:
    label: str  # the row's name as published (normalised white space)
    values: dict[str, Money | None]  # column key -> amount; None when the cell is empty
    source: Provenance
    code: str | None = None  # classification code, when the row has one
    key: str | None = None  # semantic key from the profile (e.g. income.gpb, sangong.abroad)
    section: str = ""  # '' or, in a two-sided table, 'income' / 'expense'
    is_total: bool = False
    texts: list[str] = field(default_factory=list)  # the raw cells, for listings
    printed_code: str | None = None  # the code as printed, when it was malformed and had to be mended

    @property
    def level(self) -> int | None:
        return code_level(self.code)

    def get(self, column: str) -> Money | None:
        return self.values.get(column)

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "code": self.code,
            "key": self.key,
            "section": self.section or None,
            "is_total": self.is_total,
            "line": self.source.line,
            "page": self.source.page,
            "values": {k: (str(v.value) if v is not None else None) for k, v in self.values.items()},
        }


@dataclass(slots=True)
class Column:
    key: str  # semantic key (total, basic, project, gpb, ...)
    title: str  # as published


@dataclass(slots=True)
class BudgetTable:
    id: str  # profile table id
    title: str
    kind: TableKind
    unit: Unit | None
    columns: list[Column]
    rows: list[TableRow]
    source: Provenance
    note: str | None = None  # 备注 / 注 under the table
    unit_stated: bool = True
    doubt: str | None = None  # why the table was found but not understood (no rule checks its figures)

    @property
    def understood(self) -> bool:
        return self.doubt is None

    def column(self, key: str) -> Column | None:
        return next((c for c in self.columns if c.key == key), None)

    def totals(self, section: str = "") -> list[TableRow]:
        return [r for r in self.rows if r.is_total and r.section == section]

    def total(self, section: str = "") -> TableRow | None:
        found = self.totals(section)
        return found[0] if found else None

    def body(self, section: str = "") -> list[TableRow]:
        return [r for r in self.rows if not r.is_total and r.section == section]

    def by_key(self, key: str) -> TableRow | None:
        return next((r for r in self.rows if r.key == key), None)

    def by_code(self, code: str) -> TableRow | None:
        return next((r for r in self.rows if r.code == code and not r.is_total), None)

    def is_empty(self) -> bool:
        return all(v is None or v.value == 0 for r in self.rows for v in r.values.values()) and not any(
            r.texts for r in self.rows if not r.is_total
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "unit": self.unit.value if self.unit else None,
            "understood": self.understood,
            "doubt": self.doubt,
            "line": self.source.line,
            "page": self.source.page,
            "columns": [{"key": c.key, "title": c.title} for c in self.columns],
            "rows": [r.to_dict() for r in self.rows],
        }


@dataclass(slots=True)
class UnitRow:
    """One row of 预算单位构成: a unit with its funding nature, 编制 and 在职 numbers."""

    name: str
    nature: str | None
    staffing: int | None
    actual: int | None
    source: Provenance


@dataclass(slots=True)
class Indicator:
    level1: str | None  # 一级指标 (产出 / 效益 / 满意度 / 成本)
    level2: str | None  # 二级指标
    name: str  # 三级指标
    comparator: str | None  # '≥', '≤', '=', '>', '<' or None for qualitative
    value: Decimal | None
    unit: str | None  # '%', '人', '个', ...
    text: str  # the value as published
    source: Provenance


@dataclass(slots=True)
class TargetTable:
    """A project performance-target table (项目支出绩效目标表)."""

    project: str
    funds_total: Money | None
    funds_fiscal: Money | None
    funds_other: Money | None
    goal: str | None
    indicators: list[Indicator]
    source: Provenance
    doubt: str | None = None  # why the form was found but not understood (no rule checks it)


class Direction(StrEnum):
    UP = "up"
    DOWN = "down"
    FLAT = "flat"


@dataclass(slots=True)
class Claim:
    """One statement of the narrative about a subject: amount, change, percentage, year, reason."""

    subject: str  # profile subject key, e.g. income_total, func:2013201, sangong.reception
    sentence: str
    source: Provenance
    subject_text: str = ""  # the words that named the subject
    value: Money | None = None
    count: int | None = None  # for subjects that are counts (number of targets)
    change: Money | None = None  # signed: negative for a decrease
    direction: Direction | None = None  # the direction word used for the change
    direction_text: str | None = None
    percent: Percent | None = None
    percent_direction: Direction | None = None
    year: int | None = None  # the year the sentence attaches to the subject
    reason: str | None = None  # the text after 主要原因是 / 原因是 / 主要是
    reason_source: Provenance | None = None
    parent: int | None = None  # index of the claim this one is a part of (after 其中)
    code_name: str | None = None  # for functional-code claims, the name as written
    base: Money | None = None  # the figure a percentage is taken on when stated (上年预算执行数为…)
    restated: Money | None = None  # the amount said again after the base (…，2024年预算安排53.84万元)

    def to_dict(self) -> dict[str, Any]:
        return {
            "subject": self.subject,
            "value": str(self.value.value) if self.value else None,
            "count": self.count,
            "change": str(self.change.value) if self.change else None,
            "base": str(self.base.value) if self.base else None,
            "restated": str(self.restated.value) if self.restated else None,
            "direction": self.direction.value if self.direction else None,
            "percent": str(self.percent.value) if self.percent else None,
            "year": self.year,
            "reason": self.reason,
            "line": self.source.line,
            "text": self.sentence,
        }


@dataclass(slots=True)
class TextBlock:
    """A heading or paragraph of the document kept for completeness and wording rules."""

    text: str
    source: Provenance
    section: str = ""  # the enclosing heading path, for reports
    is_heading: bool = False
    level: int = 0


@dataclass(slots=True)
class YearMention:
    year: int
    context: str  # up to 12 characters either side
    before: str  # text immediately before the year
    after: str  # text immediately after '年'
    source: Provenance


@dataclass(slots=True)
class Disclosure:
    path: str
    profile: str
    document: str = "部门预算"  # the document kind: 部门预算 / 单位预算 / 部门决算 / 单位决算
    document_reason: str = ""  # why it was taken for that kind (Chinese)
    title: str | None = None
    department: str | None = None
    year: int | None = None
    unit: Unit | None = None
    tables: dict[str, BudgetTable] = field(default_factory=dict)
    units: list[UnitRow] = field(default_factory=list)
    targets: list[TargetTable] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    texts: list[TextBlock] = field(default_factory=list)
    years: list[YearMention] = field(default_factory=list)
    toc: list[TextBlock] = field(default_factory=list)
    problems: list[tuple[str, Provenance]] = field(default_factory=list)  # extraction problems (Chinese)
    unrecognised: list[tuple[str, Provenance]] = field(default_factory=list)  # tables of no known role
    tables_only: bool = False  # no narrative: a tables attachment, its 情况说明 published apart
    empty_notes: list[str] = field(default_factory=list)  # rows of a 目录 of tables saying one is empty

    def trusted(self) -> Disclosure:
        """The same disclosure with only the tables the extractor understood: what rules check."""
        return replace(
            self,
            tables={k: t for k, t in self.tables.items() if t.understood},
            targets=[t for t in self.targets if t.doubt is None],
        )

    def table(self, table_id: str) -> BudgetTable | None:
        return self.tables.get(table_id)

    def claims_about(self, subject: str) -> list[Claim]:
        return [c for c in self.claims if c.subject == subject]

    @property
    def final(self) -> bool:
        """Final accounts (决算) rather than a budget."""
        return self.document.endswith("决算")

    @property
    def headings(self) -> list[TextBlock]:
        return [t for t in self.texts if t.is_heading]

    @property
    def paragraphs(self) -> list[TextBlock]:
        return [t for t in self.texts if not t.is_heading]


def _money(m: Money | None) -> str | None:
    return None if m is None else str(m.value)


def content(d: Disclosure) -> dict[str, Any]:
    """What a disclosure states, without where it says it: two readings of the same publication
    (e.g. its markdown and its workbook) must have equal content."""
    return {
        "document": d.document,
        "year": d.year,
        "department": d.department,
        "tables": {
            tid: [
                (
                    r.label,
                    r.code,
                    r.key,
                    r.section,
                    r.is_total,
                    tuple((k, _money(v)) for k, v in r.values.items()),
                )
                for r in t.rows
            ]
            for tid, t in sorted(d.tables.items())
        },
        "units": [(u.name, u.nature, u.staffing, u.actual) for u in d.units],
        "targets": [
            (
                t.project,
                _money(t.funds_total),
                _money(t.funds_fiscal),
                _money(t.funds_other),
                t.goal,
                tuple((i.level1, i.level2, i.name, i.comparator, i.value, i.unit) for i in t.indicators),
            )
            for t in d.targets
        ],
        "claims": [
            (
                c.subject,
                _money(c.value),
                c.count,
                _money(c.change),
                c.direction,
                None if c.percent is None else str(c.percent.value),
                c.year,
                c.reason,
            )
            for c in d.claims
        ],
        "headings": [t.text for t in d.texts if t.is_heading],
    }
