"""What a stored document states, by subject: the figure in its tables (first) and in its prose,
each with its precision and place, read from the store's cells and claims."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from yusuan.model.money import Money, Unit, format_amount
from yusuan.model.provenance import place_words
from yusuan.store import Row, Store, schema

#: the subjects a series shows, in order, with their Chinese names
SERIES_SUBJECTS: tuple[tuple[str, str], ...] = (
    ("income_total", "收入总计"),
    ("expense_total", "支出总计"),
    ("expense.basic", "基本支出"),
    ("expense.project", "项目支出"),
    ("sangong.total", "三公经费合计"),
    ("sangong.abroad", "因公出国（境）费"),
    ("sangong.vehicle", "公务用车购置及运行费"),
    ("sangong.vehicle_purchase", "其中：公务用车购置费"),
    ("sangong.vehicle_running", "其中：公务用车运行费"),
    ("sangong.reception", "公务接待费"),
    ("admin_running", "机关运行经费"),
)
SUBJECT_NAMES = dict(SERIES_SUBJECTS) | {
    "income.fiscal": "财政拨款收入",
    "income.gpb": "一般公共预算拨款收入",
    "income.business": "事业收入",
    "income.operating": "事业单位经营收入",
    "income.other": "其他收入",
    "fiscal.total": "财政拨款支出",
    "gpb.total": "一般公共预算拨款支出",
    "gov_fund.total": "政府性基金拨款支出",
    "soe.total": "国有资本经营预算拨款支出",
}

# a budget's 预算数; a 决算's own figure is its 决算数 column
_BUDGET_HEADERS = ("预算数", "预算")
_FINAL_HEADERS = ("决算数", "决算", "支出决算", "本年支出")


@dataclass(frozen=True, slots=True)
class Figure:
    subject: str
    money: Money
    source: str  # 表格 / 文字
    document: str  # file name
    page: int | None
    line: int | None
    where: str  # table and row/column, or the sentence

    def describe(self) -> str:
        """'22.91万元（2023_…pdf 第28页第449行，2023年部门“三公”经费…表 “三公”经费预算数）'."""
        places = max(self.money.places, 0)
        return f"{format_amount(self.money.value, places)}{self.money.unit.value}（{self.place()}）"

    def place(self) -> str:
        return f"{self.document} {place_words(self.page, self.line)}，{self.where}"

    def in_wan(self) -> Money:
        return self.money.in_unit(Unit.WAN)


def money_of(value_text: str | None, unit: str | None, places: int | None) -> Money | None:
    if value_text is None or unit not in ("元", "万元"):
        return None
    try:
        value = Decimal(value_text)
    except InvalidOperation:
        return None
    if not value.is_finite():
        return None
    return Money(value, Unit(unit), places if places is not None else max(-value.as_tuple().exponent, 0))  # type: ignore[operator]


CellTest = Callable[[Row, Row], bool]  # (table row, cell row) → is this the subject's cell


def _total(section: str | None = None, column: str | None = None) -> CellTest:
    def test(t: Row, c: Row) -> bool:
        return (
            bool(c["is_total"])
            and (section is None or c["section"] == section)
            and (column is None or c["column_key"] == column)
        )

    return test


def _key(key: str) -> CellTest:
    return lambda t, c: c["row_key"] == key


# subject → (table ids to look in, in order; the cell)
_CELLS: dict[str, tuple[tuple[str, ...], CellTest]] = {
    "income_total": (("summary",), _total("income")),
    "expense_total": (("summary",), _total("expense")),
    "fiscal.total": (("fiscal",), _total("expense")),
    "gpb.total": (("gpb",), _total(column="total")),
    "gov_fund.total": (("gov_fund",), _total(column="total")),
    "soe.total": (("soe",), _total(column="total")),
    "expense.basic": (("expense",), _total(column="basic")),
    "expense.project": (("expense",), _total(column="project")),
    "gpb.basic": (("gpb",), _total(column="basic")),
}
for _k in ("income.fiscal", "income.gpb", "income.business", "income.operating", "income.other"):
    _CELLS[_k] = (("summary",), _key(_k))
for _k in (
    "sangong.total",
    "sangong.abroad",
    "sangong.vehicle",
    "sangong.vehicle_purchase",
    "sangong.vehicle_running",
    "sangong.reception",
    "admin_running",
):
    _CELLS[_k] = (("sangong", "admin_running_table"), _key(_k))


def _func_cell(code: str) -> tuple[tuple[str, ...], CellTest]:
    return (("gpb", "expense"), lambda t, c: c["code"] == code and c["column_key"] == "total")


def _header_fits(phase: str, header: str, column_key: str) -> bool:
    """A cell of the document's own figures: a budget's 预算数, a 决算's 决算数 (not its 预算数)."""
    if phase == "final":
        return any(h in header for h in _FINAL_HEADERS) or column_key in ("total", "amount", "final")
    return not any(h in header for h in ("决算", "上年", "执行")) and not header.startswith("20")


class DocumentFigures:
    """One stored document's figures by subject, read once."""

    def __init__(self, store: Store, document: Row) -> None:
        self.document = document
        self.phase = str(document.get("phase") or "budget")
        self.tables = {t["table_index"]: t for t in store.rows(schema.doc_tables, document["id"])}
        self.cells = store.rows(schema.cells, document["id"])
        self.claims = store.rows(schema.claims, document["id"])
        self._cache: dict[str, list[Figure]] = {}

    @property
    def name(self) -> str:
        return str(self.document.get("file_name") or self.document["id"][:12])

    def table_figures(self, subject: str) -> list[Figure]:
        spec = _CELLS.get(subject)
        if spec is None and subject.startswith("func:"):
            spec = _func_cell(subject.removeprefix("func:"))
        if spec is None:
            return []
        table_ids, test = spec
        for tid in table_ids:
            found = []
            for c in self.cells:
                t = self.tables.get(c["table_index"])
                if t is None or t["table_id"] != tid or not test(t, c):
                    continue
                if not _header_fits(self.phase, str(c["header"] or ""), str(c["column_key"])):
                    continue
                money = money_of(c["value_text"], c["unit"] or t.get("unit"), c["places"])
                if money is None:
                    continue
                where = f"{t['title']} {c['row_label']}／{c['header']}"
                found.append(Figure(subject, money, "表格", self.name, c["page"], c["line"], where))
            if found:
                return found
        return []

    def text_figures(self, subject: str) -> list[Figure]:
        year = self.document.get("year")
        out = []
        for c in self.claims:
            if c["subject"] != subject or c["value_text"] is None:
                continue
            if c["year"] is not None and year is not None and c["year"] != year:
                continue  # a figure of another year (上年…): not this document's own
            money = money_of(c["value_text"], c["unit"], None)
            if money is None:
                continue
            text = str(c["text"])
            where = f"文字“{text[:60]}{'…' if len(text) > 60 else ''}”"
            out.append(Figure(subject, money, "文字", self.name, c["page"], c["line"], where))
        return out

    def figures(self, subject: str) -> list[Figure]:
        """The table's figure(s) first, then the prose's."""
        if subject not in self._cache:
            self._cache[subject] = self.table_figures(subject) + self.text_figures(subject)
        return self._cache[subject]

    def value(self, subject: str) -> Figure | None:
        """The document's figure for a subject when what it states agrees within rounding (a table
        and its prose may both state it); None when absent or when its own statements disagree."""
        figs = self.figures(subject)
        if not figs:
            return None
        first = figs[0]
        for f in figs[1:]:
            if not overlaps(interval(first.in_wan()), interval(f.in_wan())):
                return None
        return first


def interval(m: Money) -> tuple[Decimal, Decimal]:
    return m.lo, m.hi


def overlaps(a: tuple[Decimal, Decimal], b: tuple[Decimal, Decimal]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]
