"""The authoring model of final accounts (部门决算): what a department knows when the year is closed.

Like ``Budget``, no total is stored here. The source states the outturn (支出 fact lines, by
functional 项, economic 款, source and basic/project), the year's income and the 年初结转和结余 by
functional 项 and source; ``derive`` computes every total, the 年末结转和结余 (年初 + 收入 − 支出, so the
identity holds by construction), every 完成率 and every share. Reasons and purposes are the
department's own text: a missing one is a build warning, never an invented sentence.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from yusuan.model.budget import ZERO, BudgetUnit, FactLine, place_of
from yusuan.model.money import Unit

#: Income sources of a 决算 (the columns of 收入决算表 and the lines of 收入支出决算总表), in order.
FINAL_SOURCES: dict[str, str] = {
    "gpb": "一般公共预算财政拨款收入",
    "gov_fund": "政府性基金预算财政拨款收入",
    "soe": "国有资本经营预算财政拨款收入",
    "superior": "上级补助收入",
    "business": "事业收入",
    "operating": "经营收入",
    "affiliated": "附属单位上缴收入",
    "other": "其他收入",
}
FISCAL = ("gpb", "gov_fund", "soe")
#: Vehicle kinds of the 决算 assets sentence (the Shanghai 2024 wording, a superset of the budget's).
FINAL_VEHICLE_KINDS: tuple[str, ...] = (
    "部级领导干部用车",
    "主要领导干部用车",
    "机要通信用车",
    "应急保障用车",
    "执法执勤用车",
    "特种专业技术用车",
    "离退休干部用车",
    "其他用车",
)
#: Narrative subjects a reason may be given for (key → what the warning calls it).
FINAL_REASONS: dict[str, str] = {
    "total": "收入支出总计比上年的变化",
    "fiscal": "财政拨款收入支出总计比上年的变化",
    "gpb": "一般公共预算财政拨款支出比上年的变化",
    "gpb.budget": "一般公共预算财政拨款支出决算数与全年预算数的差异",
    "gpb.initial": "一般公共预算财政拨款支出决算数与年初预算数的差异",
    "sangong.budget": "“三公”经费决算数与预算数的差异",
    "sangong.change": "“三公”经费决算数比上年的变化",
    "sangong.abroad": "因公出国（境）费决算数与预算数的差异",
    "sangong.vehicle_purchase": "公务用车购置费决算数与预算数的差异",
    "sangong.vehicle_running": "公务用车运行维护费决算数与预算数的差异",
    "sangong.reception": "公务接待费决算数与预算数的差异",
    "admin_running": "机关运行经费比上年的变化",
}
SANGONG_ITEMS: dict[str, str] = {
    "abroad": "因公出国（境）费",
    "vehicle_purchase": "公务用车购置费",
    "vehicle_running": "公务用车运行维护费",
    "reception": "公务接待费",
}


@dataclass(frozen=True, slots=True)
class MoneyLine:
    """An amount by functional 项 and source: a line of income, or of 年初结转和结余."""

    function: str
    source: str  # key of FINAL_SOURCES
    amount: Decimal
    where: str = ""


@dataclass(frozen=True, slots=True)
class ItemBudget:
    """A functional 项's budget (for 完成率) and its words, as the department gives them."""

    initial: Decimal | None = None  # 年初预算数
    adjusted: Decimal | None = None  # 全年预算数 (调整预算数); defaults to the initial budget
    purpose: str = ""  # 主要用于…
    reason: str = ""  # why the outturn differs from the 全年预算数
    initial_reason: str = ""  # why it differs from the 年初预算数 (the national layout compares with it)

    @property
    def full_year(self) -> Decimal | None:
        return self.adjusted if self.adjusted is not None else self.initial


@dataclass(frozen=True, slots=True)
class BudgetAndOutturn:
    budget: Decimal = ZERO  # 预算数 (全年预算数)
    final: Decimal = ZERO  # 决算数


@dataclass(frozen=True, slots=True)
class FinalSanGong:
    """The 三公 items' 预算数 and 决算数 (财政拨款), with the counts the narrative states."""

    items: dict[str, BudgetAndOutturn] = field(default_factory=dict)  # SANGONG_ITEMS key → amounts
    abroad_groups: int = 0  # 因公出国（境）团组
    abroad_persons: int = 0  # 人次
    vehicles_bought: int = 0  # 公务用车购置数
    vehicles_held: int = 0  # 公务用车保有量
    reception_batches: int = 0  # 国内公务接待批次
    reception_persons: int = 0  # 人次
    foreign_batches: int = 0  # 其中：外宾接待批次
    foreign_persons: int = 0
    foreign_amount: Decimal = ZERO  # 外宾接待支出
    purposes: dict[str, str] = field(default_factory=dict)  # abroad / vehicle / reception → 主要用于…

    def get(self, key: str) -> BudgetAndOutturn:
        return self.items.get(key, BudgetAndOutturn())

    def final(self, key: str) -> Decimal:
        """决算数 of an item, of ``vehicle`` (购置 + 运行) or of ``total``."""
        return self._sum(key, lambda a: a.final)

    def budget(self, key: str) -> Decimal:
        return self._sum(key, lambda a: a.budget)

    def _sum(self, key: str, pick: Callable[[BudgetAndOutturn], Decimal]) -> Decimal:
        parts = {
            "total": tuple(SANGONG_ITEMS),
            "vehicle": ("vehicle_purchase", "vehicle_running"),
        }.get(key, (key,))
        return sum((pick(self.get(k)) for k in parts), ZERO)


@dataclass(frozen=True, slots=True)
class FinalProcurement:
    goods: Decimal = ZERO
    works: Decimal = ZERO
    services: Decimal = ZERO
    sme: Decimal = ZERO  # 授予中小企业合同金额

    @property
    def total(self) -> Decimal:
        return self.goods + self.works + self.services


@dataclass(frozen=True, slots=True)
class FinalAssets:
    vehicles: tuple[int, ...] = (0,) * len(FINAL_VEHICLE_KINDS)  # by FINAL_VEHICLE_KINDS
    equipment: int = 0  # 单价 100 万元（含）以上设备（不含车辆）台（套）
    note: str = ""


@dataclass(frozen=True, slots=True)
class SelfEvaluation:
    """绩效自评 of the year's projects, as the department reports it."""

    target_projects: int = 0  # 编报绩效目标的项目
    target_amount: Decimal = ZERO
    evaluated_projects: int = 0  # 绩效自评的项目
    evaluated_amount: Decimal = ZERO
    average_score: Decimal | None = None
    grades: tuple[int, int, int, int] = (0, 0, 0, 0)  # 优 / 良 / 合格 / 不合格
    note: str = ""  # 预算绩效管理制度 and other text, written before the figures


@dataclass(frozen=True, slots=True)
class LastYearFinal:
    """Last year's 决算 figures the narrative compares against."""

    total: Decimal | None = None  # 收入支出总计
    fiscal_total: Decimal | None = None  # 财政拨款收入支出总计
    gpb: Decimal | None = None  # 一般公共预算财政拨款支出
    sangong: Decimal | None = None  # “三公”经费 决算数
    sangong_items: dict[str, Decimal] = field(default_factory=dict)  # abroad / vehicle / reception
    admin_running: Decimal | None = None


@dataclass(slots=True)
class FinalAccounts:
    department: str
    year: int  # the year closed (决算年度)
    unit: Unit = Unit.WAN
    short_name: str = ""
    profile: str = ""  # template id; empty: the default buildable 决算 template
    level: str = "部门"  # 部门 or 单位: whose final accounts
    duties: list[str] = field(default_factory=list)
    units: list[BudgetUnit] = field(default_factory=list)  # 决算单位构成
    facts: list[FactLine] = field(default_factory=list)  # 本年支出 (outturn) lines
    income: list[MoneyLine] = field(default_factory=list)  # 本年收入 by functional 项 and source
    carry_in: list[MoneyLine] = field(default_factory=list)  # 年初结转和结余
    function_names: dict[str, str] = field(default_factory=dict)
    items: dict[str, ItemBudget] = field(default_factory=dict)  # 7-digit code → budget and words
    gpb_initial: Decimal | None = None  # 一般公共预算财政拨款支出 年初预算数 (default: Σ items)
    gpb_adjusted: Decimal | None = None  # 全年预算数
    sangong: FinalSanGong = field(default_factory=FinalSanGong)
    admin_running: Decimal = ZERO
    admin_running_budget: Decimal | None = None  # 机关运行经费预算数 (the national wording states it)
    procurement: FinalProcurement = field(default_factory=FinalProcurement)
    assets: FinalAssets = field(default_factory=FinalAssets)
    performance: SelfEvaluation = field(default_factory=SelfEvaluation)
    last_year: LastYearFinal = field(default_factory=LastYearFinal)
    reasons: dict[str, str] = field(default_factory=dict)  # FINAL_REASONS key → text
    places: dict[str, str] = field(default_factory=dict)
    source_path: str = ""

    document = "final"

    @property
    def name(self) -> str:
        return self.short_name or self.department

    def place(self, path: str) -> str:
        return place_of(self.places, path, self.source_path or "源文件")
