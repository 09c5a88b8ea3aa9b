"""The authoring model: what a department knows before it publishes (fact lines + descriptions).

Totals are never stored here; ``derive`` computes every one of them. Amounts are ``Decimal`` in the
budget's unit of publication (``Budget.unit``), with at most two decimals.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from yusuan.model.message import SourceMessage as SourceMessage  # re-exported: sources import it here
from yusuan.model.money import Unit

ZERO = Decimal("0.00")

#: Funding sources of a fact line (收入来源). The first three are 财政拨款.
SOURCES: dict[str, str] = {
    "gpb": "一般公共预算拨款收入",
    "gov_fund": "政府性基金预算拨款收入",
    "soe": "国有资本经营预算拨款收入",
    "special_account": "财政专户管理资金收入",
    "business": "事业收入",
    "operating": "事业单位经营收入",
    "superior": "上级补助收入",
    "affiliated": "附属单位上缴收入",
    "other": "其他收入",
    "carryover": "上年结转结余",
}
FISCAL_SOURCES = ("gpb", "gov_fund", "soe")
KINDS: dict[str, str] = {"basic": "基本支出", "project": "项目支出"}
#: Economic codes of the 三公 items (department economic classification).
SANGONG_ECON = {
    "abroad": "30212",
    "reception": "30217",
    "vehicle_running": "30231",
    "vehicle_purchase": "31013",
}
VEHICLE_KINDS: tuple[str, ...] = (
    "省部级领导干部用车",
    "机要通信用车",
    "应急保障用车",
    "执法执勤用车",
    "特种专业技术用车",
    "其他用车",
)
#: Subjects whose year-over-year change the narrative explains; each needs a reason when it changes.
REASON_SUBJECTS: dict[str, str] = {
    "income": "收入预算",
    "expense": "支出预算",
    "gpb": "一般公共预算拨款支出",
    "sangong.total": "“三公”经费合计",
    "sangong.abroad": "因公出国（境）费",
    "sangong.reception": "公务接待费",
    "sangong.vehicle": "公务用车购置及运行费",
    "admin_running": "机关运行经费",
}


def place_of(places: dict[str, str], path: str, file: str) -> str:
    """The place of a dotted path (``facts[3].amount``), else of its nearest parent with the path
    added, else the file: a message always points as close as the source allows."""
    probe = path
    while probe:
        if probe in places:
            return places[probe] + ("" if probe == path else f"（{path}）")
        cut = max(probe.rfind("."), probe.rfind("["))
        probe = probe[:cut] if cut > 0 else ""
    return f"{file}（{path}）"


@dataclass(frozen=True, slots=True)
class FactLine:
    """One budget line: who spends, on what (functional + economic code), from which source."""

    function: str  # 7-digit functional code (功能分类 项)
    economic: str  # 5-digit department economic code (部门预算支出经济分类 款)
    source: str  # key of SOURCES
    kind: str  # key of KINDS
    amount: Decimal
    unit: str = ""  # 预算单位 name; '' for the department itself
    project: str | None = None  # project name, for kind == 'project'
    where: str = ""  # place in the source file, for messages


@dataclass(frozen=True, slots=True)
class BudgetUnit:
    name: str
    nature: str  # 经费性质 / 单位性质, e.g. 全额拨款, 行政单位
    staffing: int | None  # 人员编制数
    actual: int | None  # 在职人数


@dataclass(frozen=True, slots=True)
class SanGong:
    abroad: Decimal = ZERO
    reception: Decimal = ZERO
    vehicle_purchase: Decimal = ZERO
    vehicle_running: Decimal = ZERO

    @property
    def vehicle(self) -> Decimal:
        return self.vehicle_purchase + self.vehicle_running

    @property
    def total(self) -> Decimal:
        return self.abroad + self.reception + self.vehicle


@dataclass(frozen=True, slots=True)
class TargetIndicator:
    level1: str  # 一级指标
    level2: str  # 二级指标
    name: str  # 三级指标
    value: str  # 目标值 as written, e.g. "大于等于 95%" or "≥95%"


@dataclass(frozen=True, slots=True)
class ProjectTarget:
    project: str
    goal: str
    indicators: tuple[TargetIndicator, ...]
    where: str = ""


@dataclass(frozen=True, slots=True)
class Procurement:
    goods: Decimal = ZERO
    works: Decimal = ZERO
    services: Decimal = ZERO

    @property
    def total(self) -> Decimal:
        return self.goods + self.works + self.services


@dataclass(frozen=True, slots=True)
class Assets:
    as_of: str = ""  # 截至日期, e.g. "2023 年 12 月 31 日"; default: end of the previous year
    vehicles: tuple[int, ...] = (0, 0, 0, 0, 0, 0)  # by VEHICLE_KINDS
    vehicles_to_purchase: int = 0
    general_equipment: int = 0  # 单位价值 50 万元以上通用设备 台（套）
    special_equipment: int = 0  # 单位价值 100 万元以上专用设备 台（套）
    note: str = ""  # free text added after the standard sentence


@dataclass(frozen=True, slots=True)
class LastYear:
    """Last year's budget figures the narrative compares against."""

    income_total: Decimal | None = None
    expense_total: Decimal | None = None  # defaults to income_total (a budget balances)
    gpb_total: Decimal | None = None
    fiscal_total: Decimal | None = None  # 财政拨款 (shanghai narrative)
    sangong: SanGong | None = None
    admin_running: Decimal | None = None


@dataclass(slots=True)
class Budget:
    department: str
    year: int
    unit: Unit = Unit.WAN
    short_name: str = ""  # how the narrative names the department (组织部); default: department
    profile: str = ""  # template id; empty: the default buildable template (profiles registry)
    duties: list[str] = field(default_factory=list)  # 主要职责
    offices: int | None = None  # 机关行政处（科）室 count
    units: list[BudgetUnit] = field(default_factory=list)  # 单位构成
    tasks_intro: str = ""
    tasks: list[str] = field(default_factory=list)  # 主要工作任务
    facts: list[FactLine] = field(default_factory=list)
    function_names: dict[str, str] = field(default_factory=dict)  # functional code → name
    code_purposes: dict[str, str] = field(default_factory=dict)  # 7-digit code → "主要用于…"
    last_year: LastYear = field(default_factory=LastYear)
    sangong: SanGong = field(default_factory=SanGong)
    sangong_purposes: dict[str, str] = field(default_factory=dict)  # abroad / reception / vehicle
    admin_running: Decimal = ZERO  # 机关运行经费
    procurement: Procurement = field(default_factory=Procurement)
    assets: Assets = field(default_factory=Assets)
    reasons: dict[str, str] = field(default_factory=dict)  # REASON_SUBJECTS key → text
    targets: list[ProjectTarget] = field(default_factory=list)
    performance_note: str = ""  # 有关情况说明 under the target tables
    # place of each field in the source (dotted path → "file:line" or "sheet!cell"), for messages
    places: dict[str, str] = field(default_factory=dict)
    source_path: str = ""

    @property
    def name(self) -> str:
        return self.short_name or self.department

    def place(self, path: str) -> str:
        """Where ``path`` (e.g. ``reasons.gpb``) is, or would be written, in the source file."""
        return place_of(self.places, path, self.source_path or "源文件")

    def projects(self) -> list[str]:
        """Project names in order of first appearance."""
        seen: dict[str, None] = {}
        for f in self.facts:
            if f.project:
                seen.setdefault(f.project, None)
        return list(seen)
