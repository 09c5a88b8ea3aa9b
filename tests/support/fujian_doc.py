"""Generator of fully consistent budget disclosures in the Fujian (福州市鼓楼区) text shape.

The shape is that of ``../shared/corpus/fujian/000_2bbe3a14c73fd150.txt`` (a 2023 部门预算 converted
from PDF to markdown): ``#`` headings, TAB-separated table rows, ``<b>`` tags, ``单位：万元`` lines,
``备注：…`` notes under empty tables, the narrative part three and the glossary. PDF artefacts
(page-break blank lines inside tables, split header cells, ``------`` rows) are left out, and every
figure is derived from the fact lines, so the document is the *correct* version of that template.

Every money amount written (tables and narrative, including written zeros) is reported as an
:class:`AmountSpot` with its 1-based line, character offsets within the line and a stable key.

Formatting rules (the parser must accept them):

* non-zero amounts: thousands separators and 2 decimals (``2,161.77``) in tables and narrative;
* zero: an empty cell in tables, ``0`` where the template writes a zero (tables 六/七 ``合计`` row
  when empty, the 三公 table, the target tables' 其他资金, every zero in the narrative);
* percentages: 2 decimals, rounded half-up, ``100 × |change| / last year``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
ONE = Decimal("1.00")

# ---------------------------------------------------------------------------------------------
# Classification (a small, self-contained subset)
# ---------------------------------------------------------------------------------------------

#: Functional 类 rows of 收支预算总表 / 财政拨款收支预算总表, in the template's order.
FUNC_LEI_ROWS: tuple[tuple[str, str], ...] = (
    ("201", "一般公共服务支出"),
    ("202", "外交支出"),
    ("203", "国防支出"),
    ("204", "公共安全支出"),
    ("205", "教育支出"),
    ("206", "科学技术支出"),
    ("207", "文化旅游体育与传媒支出"),
    ("208", "社会保障和就业支出"),
    ("210", "卫生健康支出"),
    ("211", "节能环保支出"),
    ("212", "城乡社区支出"),
    ("213", "农林水支出"),
    ("214", "交通运输支出"),
    ("215", "资源勘探工业信息等支出"),
    ("216", "商业服务业等支出"),
    ("217", "金融支出"),
    ("219", "援助其他地区支出"),
    ("220", "自然资源海洋气象等支出"),
    ("221", "住房保障支出"),
    ("222", "粮油物资储备支出"),
    ("224", "灾害防治及应急管理支出"),
    ("229", "其他支出"),
    ("231", "债务还本支出"),
    ("232", "债务付息支出"),
    ("233", "债务发行费用支出"),
)
FUNC_LEI: dict[str, str] = dict(FUNC_LEI_ROWS)

FUNC_KUAN: dict[str, str] = {
    "20103": "政府办公厅（室）及相关机构事务",
    "20132": "组织事务",
    "20701": "文化和旅游",
    "20805": "行政事业单位养老支出",
    "21011": "行政事业单位医疗",
    "21208": "国有土地使用权出让收入安排的支出",
    "22102": "住房改革支出",
}

FUNC_XIANG: dict[str, str] = {
    "2010301": "行政运行",
    "2010302": "一般行政管理事务",
    "2010350": "事业运行",
    "2010399": "其他政府办公厅（室）及相关机构事务支出",
    "2013201": "行政运行",
    "2013202": "一般行政管理事务",
    "2013250": "事业运行",
    "2013299": "其他组织事务支出",
    "2070101": "行政运行",
    "2070102": "一般行政管理事务",
    "2070104": "图书馆",
    "2070109": "群众文化",
    "2070199": "其他文化和旅游支出",
    "2080501": "行政单位离退休",
    "2080502": "事业单位离退休",
    "2080505": "机关事业单位基本养老保险缴费支出",
    "2080506": "机关事业单位职业年金缴费支出",
    "2101101": "行政单位医疗",
    "2101102": "事业单位医疗",
    "2101103": "公务员医疗补助",
    "2120801": "征地和拆迁补偿支出",
    "2120899": "其他国有土地使用权出让收入安排的支出",
    "2210201": "住房公积金",
}
#: 项 names shared by many 款; the template adds the 款 name: ``行政运行（组织事务）``.
GENERIC_XIANG = frozenset({"行政运行", "一般行政管理事务", "机关服务", "事业运行"})

# Department economic classification (部门预算支出经济分类) as listed in table 九 of the sample.
_ECON_TEXT = """
301 工资福利支出 30101 基本工资 30102 津贴补贴 30103 奖金 30106 伙食补助费 30107 绩效工资
30108 机关事业单位基本养老保险缴费 30109 职业年金缴费 30110 职工基本医疗保险缴费
30111 公务员医疗补助缴费 30112 其他社会保障缴费 30113 住房公积金 30114 医疗费
30199 其他工资福利支出
302 商品和服务支出 30201 办公费 30202 印刷费 30203 咨询费 30204 手续费 30205 水费 30206 电费
30207 邮电费 30208 取暖费 30209 物业管理费 30211 差旅费 30212 因公出国（境）费用
30213 维修（护）费 30214 租赁费 30215 会议费 30216 培训费 30217 公务接待费 30218 专用材料费
30224 被装购置费 30225 专用燃料费 30226 劳务费 30227 委托业务费 30228 工会经费 30229 福利费
30231 公务用车运行维护费 30239 其他交通费用 30240 税金及附加费用 30299 其他商品和服务支出
303 对个人和家庭的补助 30301 离休费 30302 退休费 30303 退职（役）费 30304 抚恤金 30305 生活补助
30306 救济费 30307 医疗费补助 30308 助学金 30309 奖励金 30310 个人农业生产补贴
30311 代缴社会保险费 30399 其他对个人和家庭的补助
307 债务利息及费用支出 30701 国内债务付息 30702 国外债务付息 30703 国内债务发行费用
30704 国外债务发行费用
309 资本性支出（基本建设） 30901 房屋建筑物购建 30902 办公设备购置 30903 专用设备购置
30905 基础设施建设 30906 大型修缮 30907 信息网络及软件购置更新 30908 物资储备 30913 公务用车购置
30919 其他交通工具购置 30921 文物和陈列品购置 30922 无形资产购置 30999 其他基本建设支出
310 资本性支出 31001 房屋建筑物购建 31002 办公设备购置 31003 专用设备购置 31005 基础设施建设
31006 大型修缮 31007 信息网络及软件购置更新 31008 物资储备 31009 土地补偿 31010 安置补助
31011 地上附着物和青苗补偿 31012 拆迁补偿 31013 公务用车购置 31019 其他交通工具购置
31021 文物和陈列品购置 31022 无形资产购置 31099 其他资本性支出
311 对企业补助（基本建设） 31101 资本金注入 31199 其他对企业补助
312 对企业补助 31201 资本金注入 31203 政府投资基金股权投资 31204 费用补贴 31205 利息补贴
31299 其他对企业补助
313 对社会保障基金补助 31302 对社会保险基金补助 31303 补充全国社会保障基金
31304 对机关事业单位职业年金的补助
399 其他支出 39907 国家赔偿费用支出 39908 对民间非营利组织和群众性自治组织补贴 39909 经常性赠与
39910 资本性赠与 39999 其他支出
"""


def _parse_econ(text: str) -> tuple[tuple[str, str], ...]:
    words = text.split()
    return tuple((words[i], words[i + 1]) for i in range(0, len(words), 2))


#: (code, name) in catalogue order, 类 (3 digits) followed by their 款 (5 digits).
ECON_ROWS: tuple[tuple[str, str], ...] = _parse_econ(_ECON_TEXT)
ECON: dict[str, str] = dict(ECON_ROWS)
ECON_LEI: tuple[str, ...] = tuple(code for code, _ in ECON_ROWS if len(code) == 3)
#: 人员经费 = 301 + 303; 公用经费 = every other 类 of the basic table.
PERSONNEL_LEI = frozenset({"301", "303"})

SOURCES = ("gpb", "gov_fund", "soe")
KINDS = ("basic", "project")

INCOME_ROWS: tuple[tuple[str, str], ...] = (
    ("gpb", "一般公共预算拨款收入"),
    ("gov_fund", "政府性基金预算拨款收入"),
    ("soe", "国有资本经营预算拨款收入"),
    ("special_account", "财政专户管理资金收入"),
    ("business", "事业收入"),
    ("operating", "事业单位经营收入"),
    ("superior", "上级补助收入"),
    ("affiliated", "附属单位上缴收入"),
    ("other", "其他收入"),
    ("carryover", "上年结转结余"),
)
EXPENSE_PARTS: tuple[tuple[str, str], ...] = (
    ("basic", "基本支出"),
    ("project", "项目支出"),
    ("operating", "事业单位经营支出"),
    ("to_superior", "上缴上级支出"),
    ("to_affiliated", "对附属单位补助支出"),
)
VEHICLE_KINDS: tuple[str, ...] = (
    "省部级领导干部用车",
    "机要通信用车",
    "应急保障用车",
    "执法执勤用车",
    "特种专业技术用车",
    "其他用车",
)


def xiang_name(code: str, narrative: bool = False) -> str:
    """Name of a 7-digit functional code as the template writes it (``行政运行（组织事务）``)."""
    name = FUNC_XIANG[code]
    if name in GENERIC_XIANG:
        kuan = FUNC_KUAN[code[:5]]
        return f"{name}({kuan})" if narrative else f"{name}（{kuan}）"
    return name


# ---------------------------------------------------------------------------------------------
# Scenario
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FactLine:
    """One budget line; money in 万元 with 2 decimals."""

    func_code: str  # 7-digit functional code, e.g. "2013201"
    econ_code: str  # 5-digit department economic code, e.g. "30101"
    kind: str  # "basic" or "project"
    source: str  # "gpb" (一般公共预算拨款), "gov_fund" (政府性基金), "soe" (国有资本经营)
    amount: Decimal
    project: str | None = None  # project name when kind == "project"


@dataclass(frozen=True)
class BudgetUnit:
    name: str
    nature: str  # 经费性质, e.g. "全额拨款"
    staffing: int  # 人员编制数
    actual: int  # 在职人数


@dataclass(frozen=True)
class SanGong:
    """The 三公 items of one year (万元)."""

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


@dataclass(frozen=True)
class Indicator:
    level1: str  # 一级指标, e.g. "产出指标"
    level2: str  # 二级指标, e.g. "数量指标"
    name: str  # 三级指标
    value: str  # 目标值, e.g. "大于等于 95%"


@dataclass(frozen=True)
class Target:
    """A project's performance target table; its funds are the project's Σ facts."""

    project: str
    goal: str
    indicators: tuple[Indicator, ...]


@dataclass
class Scenario:
    department: str  # e.g. "中共福州市鼓楼区委组织部"
    short: str  # e.g. "组织部"
    year: int
    duties: list[str]
    offices: int  # 机关行政处（科）室 count
    units: list[BudgetUnit]  # the first is the department itself
    tasks_intro: str
    tasks: list[str]
    facts: list[FactLine]
    last_year_income_total: Decimal  # also last year's 支出 total (a budget balances)
    last_year_gpb_total: Decimal
    sangong: SanGong
    sangong_last: SanGong
    sangong_purposes: dict[str, str]  # keys abroad, reception, vehicle
    admin_running: Decimal
    admin_running_last: Decimal
    procurement_goods: Decimal
    procurement_works: Decimal
    procurement_services: Decimal
    # reason per changing subject: income, expense, gpb, abroad, reception, vehicle, admin_running
    reasons: dict[str, str]
    targets: list[Target]
    code_purposes: dict[str, str] = field(default_factory=dict)  # 7-digit code → "主要用于" text
    vehicles: tuple[int, int, int, int, int, int] = (0, 0, 0, 0, 0, 0)  # by VEHICLE_KINDS
    vehicles_to_purchase: int = 0
    general_equipment: int = 0  # 单位价值 50 万元以上通用设备 台（套）
    special_equipment: int = 0  # 单位价值 100 万元以上专用设备 台（套）

    def validate(self) -> None:
        for f in self.facts:
            if f.func_code not in FUNC_XIANG:
                raise ValueError(f"unknown functional code {f.func_code}")
            if f.func_code[:3] not in FUNC_LEI:
                raise ValueError(f"functional 类 {f.func_code[:3]} is not a row of the summary table")
            if f.econ_code not in ECON or len(f.econ_code) != 5:
                raise ValueError(f"unknown economic code {f.econ_code}")
            if f.kind not in KINDS or f.source not in SOURCES:
                raise ValueError(f"bad kind/source in {f}")
            if (f.kind == "project") != (f.project is not None):
                raise ValueError(f"project name must be set exactly for project lines: {f}")
            if f.amount <= 0 or f.amount != f.amount.quantize(CENT):
                raise ValueError(f"amount must be > 0 with 2 decimals: {f}")
        for t in self.targets:
            if not any(f.project == t.project for f in self.facts):
                raise ValueError(f"target for unknown project {t.project}")


# ---------------------------------------------------------------------------------------------
# Arithmetic and formatting
# ---------------------------------------------------------------------------------------------


def q2(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def pct(change: Decimal, last: Decimal) -> Decimal:
    """100 × |change| / last, rounded half-up to 2 decimals."""
    return q2(Decimal(100) * abs(change) / last)


def fmt(value: Decimal) -> str:
    """Narrative / written amount: ``0`` for zero, else ``1,234.56``."""
    return "0" if value == 0 else f"{value.quantize(CENT):,.2f}"


def fmt_cell(value: Decimal) -> str:
    """Table cell: empty for zero, else ``1,234.56``."""
    return "" if value == 0 else f"{value.quantize(CENT):,.2f}"


def fmt_pct(value: Decimal) -> str:
    return f"{value:.2f}%"


_DIGITS = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 25 → 二十五 (1 ≤ n ≤ 99)."""
    if not 1 <= n <= 99:
        raise ValueError(n)
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十")
    return head + (_DIGITS[ones] if ones else "")


def detectable(current: Decimal, change: Decimal, delta: Decimal = ONE, current_pinned: bool = False) -> bool:
    """True when the stated percentage of (current, signed change) would contradict a version
    where the written |change| (and, unless ``current_pinned``, the written current amount) alone
    moved by ±delta. ``current_pinned``: the current amount is also published in a table, so an
    edit of it is caught there.

    Uses the same interval reasoning as the audit: written amounts are ±0.005, the percentage
    ±0.005. The last-year value must be > 0.
    """
    last = current - change
    if last <= 0:
        return False
    stated = pct(change, last)
    half = Decimal("0.005")
    direction = 1 if change >= 0 else -1
    magnitude = abs(change)
    edits = [(current, magnitude + delta), (current, magnitude - delta)]
    if not current_pinned:
        edits += [(current + delta, magnitude), (current - delta, magnitude)]
    for cur, mag in edits:
        if cur < 0 or mag < 0:
            continue
        signed = mag * direction
        prev_lo = (cur - half) - (signed + half)
        prev_hi = (cur + half) - (signed - half)
        if prev_lo <= 0:
            continue  # the perturbed statement makes no sense at all: detectable
        lo_abs = max(mag - half, Decimal(0))
        hi_abs = mag + half
        lo = Decimal(100) * lo_abs / prev_hi
        hi = Decimal(100) * hi_abs / prev_lo
        if lo - half <= stated <= hi + half:
            return False
    return True


# ---------------------------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AmountSpot:
    line: int  # 1-based line number in Rendered.text
    start: int  # character offset within that line
    end: int
    text: str
    key: str = ""  # stable name, e.g. "t5.total.total", "n.gpb.change", "n.perf.2.fiscal"


@dataclass(frozen=True)
class ChangeClaim:
    """A narrative statement of this year's figure and its change against last year."""

    subject: str  # income, expense, gpb, abroad, reception, vehicle, admin_running
    current: Decimal
    last: Decimal
    percent: Decimal | None  # None when the sentence carries no percentage
    current_pinned: bool = True  # the current amount is also published in a table

    @property
    def change(self) -> Decimal:
        return self.current - self.last


@dataclass(frozen=True)
class Rendered:
    text: str
    amounts: list[AmountSpot]
    figures: dict[str, Decimal]  # derived values by name ("gpb.total", "personnel", …)
    claims: list[ChangeClaim]

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")


class _Amt(NamedTuple):
    text: str
    key: str


Piece = str | _Amt


class _Writer:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.spots: list[AmountSpot] = []

    def add(self, *pieces: Piece) -> None:
        parts: list[str] = []
        pos = 0
        number = len(self.lines) + 1
        for p in pieces:
            if isinstance(p, _Amt):
                if p.text:
                    self.spots.append(AmountSpot(number, pos, pos + len(p.text), p.text, p.key))
                parts.append(p.text)
                pos += len(p.text)
            else:
                parts.append(p)
                pos += len(p)
        self.lines.append("".join(parts))

    def para(self, *pieces: Piece) -> None:
        """A paragraph followed by a blank line."""
        self.add(*pieces)
        self.blank()

    def row(self, *cells: Piece) -> None:
        pieces: list[Piece] = []
        for i, c in enumerate(cells):
            if i:
                pieces.append("\t")
            pieces.append(c)
        self.add(*pieces)

    def blank(self) -> None:
        self.lines.append("")


def _cell(value: Decimal, key: str) -> _Amt:
    return _Amt(fmt_cell(value), key)


def _zcell(value: Decimal, key: str) -> _Amt:
    """A cell where the template writes zero as 0."""
    return _Amt(fmt(value), key)


def _n(value: Decimal, key: str) -> _Amt:
    return _Amt(fmt(value), key)


# ---------------------------------------------------------------------------------------------
# Derivation
# ---------------------------------------------------------------------------------------------


def _sum(facts: Iterable[FactLine], pred: Callable[[FactLine], bool] = lambda f: True) -> Decimal:
    return sum((f.amount for f in facts if pred(f)), ZERO)


class _Derived:
    def __init__(self, s: Scenario) -> None:
        self.s = s
        facts = s.facts
        self.codes = sorted({f.func_code for f in facts})
        self.by_source = {src: _sum(f for f in facts if f.source == src) for src in SOURCES}
        self.total = _sum(facts)
        self.basic = _sum(facts, lambda f: f.kind == "basic")
        self.project = _sum(facts, lambda f: f.kind == "project")
        cell: dict[tuple[str, str, str], Decimal] = defaultdict(lambda: ZERO)
        for f in facts:
            cell[(f.func_code, f.source, f.kind)] += f.amount
        self.cell = cell
        self.lei = {code: _sum(f for f in facts if f.func_code[:3] == code) for code in FUNC_LEI}
        gpb = [f for f in facts if f.source == "gpb"]
        self.gpb_econ_lei = {c: _sum(f for f in gpb if f.econ_code[:3] == c) for c in ECON_LEI}
        gpb_basic = [f for f in gpb if f.kind == "basic"]
        self.basic_econ: dict[str, Decimal] = {
            code: _sum(f for f in gpb_basic if f.econ_code.startswith(code)) for code, _ in ECON_ROWS
        }
        self.gpb_basic_total = _sum(gpb_basic)
        self.personnel = sum((self.basic_econ[c] for c in PERSONNEL_LEI), ZERO)
        self.public = self.gpb_basic_total - self.personnel
        self.project_funds: dict[str, Decimal] = defaultdict(lambda: ZERO)
        self.project_fiscal: dict[str, Decimal] = defaultdict(lambda: ZERO)
        for f in facts:
            if f.project is not None:
                self.project_funds[f.project] += f.amount
                if f.source in SOURCES:  # all three sources are 财政拨款
                    self.project_fiscal[f.project] += f.amount

    def code_value(self, code: str, source: str | None = None, kind: str | None = None) -> Decimal:
        return sum(
            (
                v
                for (c, src, k), v in self.cell.items()
                if c == code and (source is None or src == source) and (kind is None or k == kind)
            ),
            ZERO,
        )

    def source_codes(self, source: str) -> list[str]:
        return [c for c in self.codes if self.code_value(c, source) != 0]

    def source_value(self, source: str, kind: str | None = None) -> Decimal:
        return sum((self.code_value(c, source, kind) for c in self.codes), ZERO)

    def figures(self) -> dict[str, Decimal]:
        s = self.s
        out: dict[str, Decimal] = {
            "income.total": self.total,
            "expense.total": self.total,
            "expense.basic": self.basic,
            "expense.project": self.project,
            "gpb.total": self.by_source["gpb"],
            "gpb.basic": self.source_value("gpb", "basic"),
            "gpb.project": self.source_value("gpb", "project"),
            "gov_fund.total": self.by_source["gov_fund"],
            "soe.total": self.by_source["soe"],
            "personnel": self.personnel,
            "public": self.public,
            "sangong.total": s.sangong.total,
            "sangong.vehicle": s.sangong.vehicle,
            "perf.funds": sum((self.project_funds[t.project] for t in s.targets), ZERO),
            "admin_running": s.admin_running,
            "procurement.total": s.procurement_goods + s.procurement_works + s.procurement_services,
        }
        for src in SOURCES:
            out[f"income.{src}"] = self.by_source[src]
        return out


# ---------------------------------------------------------------------------------------------
# Rendering
# ---------------------------------------------------------------------------------------------

_TOC = (
    ("<b>第一部分部门概况</b> ", "4"),
    ("一、部门主要职责", "4"),
    ("二、部门预算单位构成", "6"),
    ("三、部门主要工作任务", "7"),
    ("<b>第二部分{y}年度部门预算表</b> ", "8"),
    ("一、收支预算总表", "9"),
    ("二、收入预算总表", "10"),
    ("三、支出预算总表", "11"),
    ("四、财政拨款收支预算总表", "12"),
    ("五、一般公共预算拨款支出预算表", "13"),
    ("六、政府性基金预算拨款支出预算表", "14"),
    ("七、国有资本经营预算拨款支出预算表", "15"),
    ("八、一般公共预算支出经济分类情况表", "16"),
    ("九、一般公共预算基本支出经济分类情况表", "17"),
    ("十、一般公共预算“三公”经费支出预算表", "21"),
    ("十一、部门专项资金管理清单目录", "22"),
    ("<b>第三部分 {y} 年度部门预算情况说明</b> ", "23"),
    ("一、预算收支总体情况", "23"),
    ("二、一般公共预算拨款支出情况", "24"),
    ("三、政府性基金预算拨款支出情况", "26"),
    ("四、国有资本经营预算拨款支出情况", "26"),
    ("五、一般公共预算拨款基本支出情况", "26"),
    ("六、一般公共预算“三公”经费支出情况", "26"),
    ("七、预算绩效目标情况", "27"),
    ("八、其他重要事项说明", "28"),
    ("<b>第四部分名词解释</b> ", "<b>30</b>"),
)

_GLOSSARY = (
    "**一、财政拨款收入：**指财政当年拨付的资金，包括一般公共预算拨款收入、政府性基金预算拨款收入、"
    "国有资本经营预算拨款收入。",
    "**二、事业收入：**指事业单位开展专业业务活动及辅助活动所取得的收入。",
    "**三、事业单位经营收入：**指事业单位在专业业务活动及其辅助活动之外开展非独立核算经营活动取得的收入。",
    "**四、其他收入：**指除上述“财政拨款收入”、“事业收入”、“事业单位经营收入”等以外的收入。"
    "主要是事业单位固定资产出租收入、存款利息收入等。",
    "**五、结转结余资金：**指以前年度尚未完成、结转到本年仍按原规定用途继续使用的资金，"
    "或项目已完成等产生的结余资金。",
    "**六、基本支出：**指为保障机构正常运转、完成日常工作任务而发生的人员支出和公用支出。",
    "**七、项目支出：**指在基本支出之外为完成特定行政任务或事业发展目标所发生的支出。",
    "**八、事业单位经营支出：**指事业单位在专业业务活动及其辅助活动之外开展非独立核算经营活动发生的支出。",
    "**九、上缴上级支出：**指下级单位上缴上级的支出。",
    "**十、对附属单位补助支出：**指对下级单位补助发送的支出。",
    "**十一、“三公”经费：**纳入财政预决算管理的“三公”经费，是指使用财政拨款安排的因公出国（境）费、"
    "公务用车购置及运行费和公务接待费。其中，因公出国（境）费反映单位公务出国（境）的国际旅费、"
    "国外城市间交通费、住宿费、伙食费、培训费、公杂费等支出；公务用车购置及运行费，"
    "指单位公务用车购置支出（含车辆购置税、牌照费）及燃料费、维修费、过桥过路费、保险费、"
    "安全奖励费用等支出；公务接待费反映单位按规定开支的各类公务接待（含外宾接待）支出。",
)


def render(s: Scenario) -> Rendered:
    """Write the whole disclosure for ``s``; every figure is derived from its facts."""
    s.validate()
    d = _Derived(s)
    w = _Writer()
    claims: list[ChangeClaim] = []
    _part_one(w, s)
    _part_two(w, s, d)
    _part_three(w, s, d, claims)
    _part_four(w)
    text = "\n".join(w.lines)
    return Rendered(text=text, amounts=list(w.spots), figures=d.figures(), claims=claims)


def _part_one(w: _Writer, s: Scenario) -> None:
    y = s.year
    w.para(f"**{y} 年度{s.department}部门预算**")
    w.para("# 目录")
    for title, page in _TOC:
        w.add(f"{title.format(y=y)}.....\t{page}")
    w.blank()
    w.para("# 第一部分")
    w.para("## 部门概况")
    w.para("### 第一部分 部门概况")
    w.para("#### 一、部门主要职责")
    w.para(f"{s.short}部门的主要职责是：")
    for i, duty in enumerate(s.duties, 1):
        w.para(f"（{cn_number(i)}）{duty}")
    w.para("## 二、部门预算单位构成")
    w.para(
        f"从预算单位构成看，{s.short}部门包括{s.offices}个机关行政处（科）室及{len(s.units) - 1}个下属单位，"
        f"其中：列入{y}年部门预算编制范围的单位详细情况见下表："
    )
    w.row("单位名称", "经费性质", "人员编制数", "在职人数")
    for u in s.units:
        w.row(u.name, u.nature, str(u.staffing), str(u.actual))
    w.blank()
    w.para("### 三、部门主要工作任务")
    w.para(f"{y}年，{s.short}部门主要任务是：{s.tasks_intro}")
    w.para("围绕上述任务，重点抓好以下工作：")
    for i, task in enumerate(s.tasks, 1):
        w.para(f"（{cn_number(i)}）{task}")


def _two_sided(w: _Writer, d: _Derived, key: str, income_rows: tuple[tuple[str, str], ...]) -> None:
    """收支预算总表 (all ten income rows) or 财政拨款收支预算总表 (three)."""
    w.para("单位：万元")
    w.row("收入", "", "支出", "")
    w.row("项目", "预算数", "项目", "预算数")
    for i, (code, name) in enumerate(FUNC_LEI_ROWS):
        left: tuple[Piece, Piece] = ("", "")
        if i < len(income_rows):
            src, label = income_rows[i]
            value = d.by_source.get(src, ZERO)
            left = (f"{cn_number(i + 1)}、{label}", _cell(value, f"{key}.income.{src}"))
        w.row(*left, f"{cn_number(i + 1)}、{name}", _cell(d.lei[code], f"{key}.expense.{code}"))
    w.row(
        "<b>收入合计</b>",
        _cell(d.total, f"{key}.income.total"),
        "<b>支出合计</b>",
        _cell(d.total, f"{key}.expense.total"),
    )
    w.blank()


def _source_table(w: _Writer, s: Scenario, d: _Derived, source: str, key: str, label: str) -> None:
    """一般公共预算 / 政府性基金 / 国有资本经营 拨款支出预算表."""
    w.para("单位：万元")
    w.row("科目编码", "科目名称", "合计", "其中：", "")
    w.row("", "", "", "基本支出", "项目支出")
    codes = d.source_codes(source)
    if not codes:
        w.row(
            "合计",
            "",
            _Amt("0", f"{key}.total.total"),
            _Amt("0", f"{key}.total.basic"),
            _Amt("0", f"{key}.total.project"),
        )
        w.blank()
        w.para(f"备注：本部门 {s.year} 年没有使用{label}安排的支出。")
        return
    w.row(
        "",
        "合计",
        _cell(d.source_value(source), f"{key}.total.total"),
        _cell(d.source_value(source, "basic"), f"{key}.total.basic"),
        _cell(d.source_value(source, "project"), f"{key}.total.project"),
    )
    for c in codes:
        w.row(
            c,
            xiang_name(c),
            _cell(d.code_value(c, source), f"{key}.{c}.total"),
            _cell(d.code_value(c, source, "basic"), f"{key}.{c}.basic"),
            _cell(d.code_value(c, source, "project"), f"{key}.{c}.project"),
        )
    w.blank()


def _part_two(w: _Writer, s: Scenario, d: _Derived) -> None:
    y = s.year
    w.para("## 第二部分")
    w.para(f"### {y}年度部门预算表")

    w.para("## 一、收支预算总表")
    w.para(f"### {y} 年度收支预算总表")
    _two_sided(w, d, "t1", INCOME_ROWS)

    w.para("## 二、收入预算总表")
    w.para(f"### {y} 年度收入预算总表")
    w.para("单位：万元")
    w.row("科目编码", "科目名称", "总计", *(label for _, label in INCOME_ROWS))
    w.row(
        "合计",
        "",
        _cell(d.total, "t2.total.total"),
        *(_cell(d.by_source.get(src, ZERO), f"t2.total.{src}") for src, _ in INCOME_ROWS),
    )
    for c in d.codes:
        w.row(
            c,
            xiang_name(c),
            _cell(d.code_value(c), f"t2.{c}.total"),
            *(
                _cell(d.code_value(c, src) if src in SOURCES else ZERO, f"t2.{c}.{src}")
                for src, _ in INCOME_ROWS
            ),
        )
    w.blank()

    w.para("## 三、支出预算总表")
    w.para(f"### {y} 年度支出预算总表")
    w.para("单位：万元")
    w.row("科目编码", "科目名称", "合计", *(label for _, label in EXPENSE_PARTS))
    totals = {"basic": d.basic, "project": d.project}
    w.row(
        "",
        "合计",
        _cell(d.total, "t3.total.total"),
        *(_cell(totals.get(k, ZERO), f"t3.total.{k}") for k, _ in EXPENSE_PARTS),
    )
    for c in d.codes:
        w.row(
            c,
            xiang_name(c),
            _cell(d.code_value(c), f"t3.{c}.total"),
            *(
                _cell(d.code_value(c, kind=k) if k in KINDS else ZERO, f"t3.{c}.{k}")
                for k, _ in EXPENSE_PARTS
            ),
        )
    w.blank()

    w.para("## 四、财政拨款收支预算总表")
    w.para(f"### {y} 年度财政拨款收支预算总表")
    _two_sided(w, d, "t4", INCOME_ROWS[:3])

    w.para("## 五、一般公共预算拨款支出预算表")
    w.para(f"### {y} 年度一般公共预算拨款支出预算表")
    _source_table(w, s, d, "gpb", "t5", "一般公共预算拨款")

    w.para("## 六、政府性基金预算拨款支出预算表")
    w.para(f"### {y} 年度政府性基金预算拨款支出预算表")
    _source_table(w, s, d, "gov_fund", "t6", "政府性基金预算拨款")

    w.para("## 七、国有资本经营预算拨款支出预算表")
    w.para(f"### {y} 年度国有资本经营预算拨款支出预算表")
    _source_table(w, s, d, "soe", "t7", "国有资本经营预算拨款")

    w.para("## 八、一般公共预算支出经济分类情况表")
    w.para(f"### {y} 年度一般公共预算支出经济分类情况表")
    w.para("单位：万元")
    w.row("科目编码", "科目名称", "预算数")
    w.row("合计", "", _cell(d.by_source["gpb"], "t8.total"))
    for c in ECON_LEI:
        w.row(c, ECON[c], _cell(d.gpb_econ_lei[c], f"t8.{c}"))
    w.blank()

    w.para("## 九、一般公共预算基本支出经济分类情况表")
    w.para(f"### {y} 年度一般公共预算基本支出经济分类情况表")
    w.para("单位：万元")
    w.row("科目编码", "科目名称", "预算数")
    w.row("合计", "", _cell(d.gpb_basic_total, "t9.total"))
    for code, name in ECON_ROWS:
        value = _cell(d.basic_econ[code], f"t9.{code}")
        if len(code) == 3:
            w.row(f"<b>{code}</b>", f"<b>{name}</b>", value)
        else:
            w.row(code, name, value)
    w.blank()

    w.para("## 十、一般公共预算“三公”经费支出预算表")
    w.para(f"### {y}年度一般公共预算“三公”经费支出预算表")
    w.para("单位：万元")
    g = s.sangong
    w.row("项目", "预算数")
    w.row("合计", _zcell(g.total, "t10.total"))
    w.row("1、因公出国（境）费用", _zcell(g.abroad, "t10.abroad"))
    w.row("2、公务接待费", _zcell(g.reception, "t10.reception"))
    w.row("3、公务用车购置及运行费", _zcell(g.vehicle, "t10.vehicle"))
    w.row("其中：（1）公务用车购置费", _zcell(g.vehicle_purchase, "t10.vehicle_purchase"))
    w.row("（2）公务用车运行费", _zcell(g.vehicle_running, "t10.vehicle_running"))
    w.blank()
    if g.total == 0:
        w.para(f"备注：本部门{y}年没有一般公共预算安排的“三公”经费支出。")

    w.para("## 十一、部门专项资金管理清单目录")
    w.para(f"### {y} 年度部门专项资金管理清单目录")
    w.para("单位：万元")
    w.row(
        "主管部门名称",
        "专项资金立项项目名称",
        "立项依据",
        "执行年限",
        "实施规划",
        "总体绩效目标",
        "支出级次",
        "资金拼盘",
        "",
        "",
        "",
        "资金分配办法及支出标准",
    )
    w.row("", "", "", "", "", "", "", "小计", "一般公共预算", "政府性基金预算", "国有资本经营预算", "")
    w.blank()
    w.para(f"备注：本部门 {y} 年度没有由本部门管理的专项资金。")


def _change_pieces(
    current: Decimal,
    last: Decimal,
    key: str,
    down_pct_word: str,
    reason_sep: str,
    reason: str,
    tail: str = "，主要原因是",
    with_pct: bool = True,
) -> list[Piece]:
    """``比上年增加Y万元，增长Z%<tail>R`` / ``比上年减少Y万元，<down>Z%…`` / ``与上年持平…``."""
    change = current - last
    pieces: list[Piece]
    if change == 0:
        pieces = ["与上年持平"]
    else:
        up = change > 0
        pieces = [("比上年增加" if up else "比上年减少"), _n(abs(change), key), "万元"]
        if with_pct and last > 0:
            pieces += ["，", ("增长" if up else down_pct_word), fmt_pct(pct(change, last))]
    return [*pieces, tail, reason_sep, reason]


def _part_three(w: _Writer, s: Scenario, d: _Derived, claims: list[ChangeClaim]) -> None:
    y = s.year
    R = s.reasons
    w.para("## 第三部分")
    w.para(f"# {y}年度部门预算情况说明")

    # 一、预算收支总体情况
    w.para("## 一、预算收支总体情况")
    income_change = _change_pieces(
        d.total, s.last_year_income_total, "n.income.change", "减少", "", R.get("income", ""), with_pct=False
    )
    w.para(
        "按照综合预算的原则，部门所有收入和支出均纳入部门预算管理。",
        f"{y}年，{s.short}部门收入预算为",
        _n(d.total, "n.income.total"),
        "万元，",
        *income_change,
        "。其中：",
        *_joined([(label, d.by_source.get(src, ZERO), f"n.income.{src}") for src, label in INCOME_ROWS]),
        "。",
    )
    claims.append(ChangeClaim("income", d.total, s.last_year_income_total, None))
    parts = {"basic": d.basic, "project": d.project}
    w.para(
        "相应安排支出预算",
        _n(d.total, "n.expense.total"),
        "万元，",
        *_change_pieces(
            d.total,
            s.last_year_income_total,
            "n.expense.change",
            "减少",
            "",
            R.get("expense", ""),
            with_pct=False,
        ),
        "。其中：",
        *_joined([(label, parts.get(k, ZERO), f"n.expense.{k}") for k, label in EXPENSE_PARTS]),
        "。",
    )
    claims.append(ChangeClaim("expense", d.total, s.last_year_income_total, None))

    # 二、一般公共预算拨款支出情况
    w.para("## 二、一般公共预算拨款支出情况")
    gpb_total = d.by_source["gpb"]
    w.para(
        f"{y}年度一般公共预算拨款支出",
        _n(gpb_total, "n.gpb.total"),
        "万元，",
        *_change_pieces(gpb_total, s.last_year_gpb_total, "n.gpb.change", "减少", "", R.get("gpb", "")),
        "，主要支出项目(按项级科目分类统计)包括：",
    )
    claims.append(
        ChangeClaim("gpb", gpb_total, s.last_year_gpb_total, _pct_or_none(gpb_total, s.last_year_gpb_total))
    )
    _code_paragraphs(w, s, d, "gpb", "n.gpb")

    # 三、四、政府性基金 / 国有资本经营
    for number, source, label, heading in (
        ("三", "gov_fund", "政府性基金预算拨款", "政府性基金预算拨款支出情况"),
        ("四", "soe", "国有资本经营预算拨款", "国有资本经营预算拨款支出情况"),
    ):
        w.para(f"### {number}、{heading}")
        if not d.source_codes(source):
            w.para(f"本部门 {y} 年度没有使用{label}安排的支出。")
            continue
        w.para(
            f"{y}年度{label}支出",
            _n(d.source_value(source), f"n.{source}.total"),
            "万元，其中：基本支出",
            _n(d.source_value(source, "basic"), f"n.{source}.basic"),
            "万元、项目支出",
            _n(d.source_value(source, "project"), f"n.{source}.project"),
            "万元，主要支出项目(按项级科目分类统计)包括：",
        )
        _code_paragraphs(w, s, d, source, f"n.{source}")

    # 五、一般公共预算拨款基本支出情况
    w.para("### 五、一般公共预算拨款基本支出情况")
    w.para(f"{y} 年度一般公共预算拨款基本支出 ", _n(d.gpb_basic_total, "n.basic.total"), " 万元，其中：")
    personnel_names = [
        name
        for code, name in ECON_ROWS
        if len(code) == 5 and code[:3] in PERSONNEL_LEI and d.basic_econ[code]
    ]
    public_names = [
        name
        for code, name in ECON_ROWS
        if len(code) == 5 and code[:3] not in PERSONNEL_LEI and d.basic_econ[code]
    ]
    w.para(
        "（一）人员经费 ",
        _n(d.personnel, "n.personnel"),
        " 万元，主要包括：",
        "、".join(personnel_names) or "无",
        "。",
    )
    w.para(
        "（二）公用经费 ",
        _n(d.public, "n.public"),
        " 万元，主要包括：",
        "、".join(public_names) or "无",
        "。",
    )

    # 六、三公
    g, gl, P = s.sangong, s.sangong_last, s.sangong_purposes
    w.para("## **六、一般公共预算“三公”经费支出情况**")
    w.para("### **(一) 因公出国(境)经费**")
    w.para(
        f"{y}年预算安排",
        _n(g.abroad, "n.sangong.abroad"),
        f"万元。主要用于{P.get('abroad', '')}。",
        *_change_pieces(g.abroad, gl.abroad, "n.sangong.abroad.change", "下降", "：", R.get("abroad", "")),
        "。",
    )
    claims.append(ChangeClaim("abroad", g.abroad, gl.abroad, _pct_or_none(g.abroad, gl.abroad)))
    w.para("### **(二) 公务接待费**")
    w.para(
        f"{y}年预算安排",
        _n(g.reception, "n.sangong.reception"),
        f"万元。主要用于{P.get('reception', '')}。",
        *_change_pieces(
            g.reception, gl.reception, "n.sangong.reception.change", "下降", "：", R.get("reception", "")
        ),
        "。",
    )
    claims.append(
        ChangeClaim("reception", g.reception, gl.reception, _pct_or_none(g.reception, gl.reception))
    )
    w.para("### **(三) 公务用车购置及运行费**")
    w.para(
        f"{y}年预算安排",
        _n(g.vehicle, "n.sangong.vehicle"),
        "万元，其中：公车运行费",
        _n(g.vehicle_running, "n.sangong.vehicle_running"),
        "万元，公车购置费",
        _n(g.vehicle_purchase, "n.sangong.vehicle_purchase"),
        f"万元。主要用于{P.get('vehicle', '')}。",
        *_change_pieces(
            g.vehicle, gl.vehicle, "n.sangong.vehicle.change", "下降", "：", R.get("vehicle", "")
        ),
        "。",
    )
    claims.append(ChangeClaim("vehicle", g.vehicle, gl.vehicle, _pct_or_none(g.vehicle, gl.vehicle)))

    # 七、绩效
    w.para("## **七、预算绩效目标情况**")
    w.para("### **(一) 绩效目标设置情况**")
    perf_total = sum((d.project_funds[t.project] for t in s.targets), ZERO)
    w.para(
        f"{y}年{s.short}部门共设置{len(s.targets)}个项目绩效目标，共涉及资金",
        _n(perf_total, "n.perf.funds"),
        "万元。",
    )
    w.para("### **(二) 绩效目标表及说明**")
    w.para("#### **1. 项目支出绩效目标表**")
    for i, t in enumerate(s.targets, 1):
        funds = d.project_funds[t.project]
        fiscal = d.project_fiscal[t.project]
        w.para(f"## {t.project}绩效目标表")
        w.row("项目资金 (万元)", "资金总额:", "", _n(funds, f"n.perf.{i}.total"), "")
        w.row("", "财政拨款:", "", _n(fiscal, f"n.perf.{i}.fiscal"), "")
        w.row("", "其他资金:", "", _n(funds - fiscal, f"n.perf.{i}.other"), "")
        w.row("总体目标", t.goal, "", "", "")
        w.row("绩效目标 指标", "一级指标", "二级指标", "三级指标", "目标值")
        previous = ""
        for ind in t.indicators:
            w.row("", "" if ind.level1 == previous else ind.level1, ind.level2, ind.name, ind.value)
            previous = ind.level1
        w.blank()
    w.para("### 2. 有关情况说明")
    w.para("本单位无其他需要说明的绩效目标情况。")

    # 八、其他重要事项说明
    w.para("## 八、其他重要事项说明")
    w.para("### （一）机关运行经费")
    w.para(
        f"{y}年，{s.short}部门一般公共预算拨款安排的机关运行经费支出",
        _n(s.admin_running, "n.admin_running"),
        "万元，",
        *_change_pieces(
            s.admin_running,
            s.admin_running_last,
            "n.admin_running.change",
            "下降",
            "",
            R.get("admin_running", ""),
            tail="。主要原因是",
        ),
        "。",
    )
    claims.append(
        ChangeClaim(
            "admin_running",
            s.admin_running,
            s.admin_running_last,
            _pct_or_none(s.admin_running, s.admin_running_last),
            current_pinned=False,
        )
    )
    w.para("## **(二) 政府采购情况**")
    proc_total = s.procurement_goods + s.procurement_works + s.procurement_services
    w.para(
        f"{y} 年，{s.short}部门政府采购预算总额",
        _n(proc_total, "n.procurement.total"),
        "万元，其中：政府采购货物预算 ",
        _n(s.procurement_goods, "n.procurement.goods"),
        " 万元、政府采购工程预算 ",
        _n(s.procurement_works, "n.procurement.works"),
        " 万元、政府采购服务预算 ",
        _n(s.procurement_services, "n.procurement.services"),
        " 万元。",
    )
    w.para("## **(三) 国有资产占用使用情况**")
    kinds = "、".join(f"{k} {n} 辆" for k, n in zip(VEHICLE_KINDS, s.vehicles, strict=True))
    w.para(
        f"截至 {y - 1} 年 12 月 31 日，{s.short}部门共有车辆 {sum(s.vehicles)} 辆，其中：{kinds}。"
        f"单位价值 50 万元以上通用设备 {s.general_equipment} 台（套），"
        f"单位价值 100 万元以上专用设备 {s.special_equipment} 台（套）。"
        f"{y} 年部门预算安排购置车辆 {s.vehicles_to_purchase} 辆。"
    )


def _pct_or_none(current: Decimal, last: Decimal) -> Decimal | None:
    if current == last or last <= 0:
        return None
    return pct(current - last, last)


def _joined(items: list[tuple[str, Decimal, str]]) -> list[Piece]:
    """``A1万元、B2万元、…`` (amounts written, zeros as 0)."""
    out: list[Piece] = []
    for i, (label, value, key) in enumerate(items):
        if i:
            out.append("、")
        out += [label, _n(value, key), "万元"]
    return out


def _code_paragraphs(w: _Writer, s: Scenario, d: _Derived, source: str, key: str) -> None:
    for i, c in enumerate(d.source_codes(source), 1):
        purpose = s.code_purposes.get(c) or f"{FUNC_XIANG[c]}相关工作"
        w.para(
            f"({cn_number(i)}) {c}-{xiang_name(c, narrative=True)}",
            _n(d.code_value(c, source), f"{key}.{c}"),
            f"万元。主要用于{purpose}。",
        )


def _part_four(w: _Writer) -> None:
    w.para("## 第四部分")
    w.para("### 名词解释")
    for i, entry in enumerate(_GLOSSARY):
        if i:
            w.blank()
        w.add(entry)


# ---------------------------------------------------------------------------------------------
# A fixed example: a fictional district culture and tourism bureau
# ---------------------------------------------------------------------------------------------


def D(text: str) -> Decimal:
    return Decimal(text)


_STD_INDICATORS = (
    Indicator("成本指标", "经济成本指标", "单位服务成本控制率", "小于等于 90%"),
    Indicator("产出指标", "质量指标", "资金使用合规率", "等于 100%"),
    Indicator("产出指标", "时效指标", "目标完成率", "大于等于 95%"),
    Indicator("效益指标", "社会效益指标", "项目实施受益人数", "大于等于 1000 人"),
    Indicator("满意度指标", "服务对象满意度指标", "服务对象满意度", "大于等于 95%"),
)


def example_scenario() -> Scenario:
    """清溪市云山区文化和旅游局 (fictional), budget year 2024."""
    facts = [
        # 行政运行（文化和旅游）: 机关 basic lines
        FactLine("2070101", "30101", "basic", "gpb", D("156.32")),
        FactLine("2070101", "30102", "basic", "gpb", D("248.75")),
        FactLine("2070101", "30103", "basic", "gpb", D("61.40")),
        FactLine("2070101", "30112", "basic", "gpb", D("1.26")),
        FactLine("2070101", "30201", "basic", "gpb", D("12.60")),
        FactLine("2070101", "30211", "basic", "gpb", D("8.00")),
        FactLine("2070101", "30212", "basic", "gpb", D("6.00")),
        FactLine("2070101", "30217", "basic", "gpb", D("3.50")),
        FactLine("2070101", "30228", "basic", "gpb", D("7.85")),
        FactLine("2070101", "30229", "basic", "gpb", D("5.20")),
        FactLine("2070101", "30231", "basic", "gpb", D("6.80")),
        FactLine("2070101", "30239", "basic", "gpb", D("14.16")),
        FactLine("2070101", "30299", "basic", "gpb", D("9.30")),
        FactLine("2070101", "31002", "basic", "gpb", D("4.50")),
        # 图书馆: 事业 unit basic lines
        FactLine("2070104", "30101", "basic", "gpb", D("88.15")),
        FactLine("2070104", "30107", "basic", "gpb", D("102.64")),
        FactLine("2070104", "30305", "basic", "gpb", D("2.40")),
        FactLine("2070104", "30201", "basic", "gpb", D("6.30")),
        FactLine("2070104", "30206", "basic", "gpb", D("18.90")),
        FactLine("2070104", "30209", "basic", "gpb", D("24.00")),
        FactLine("2070104", "30226", "basic", "gpb", D("15.60")),
        # social security, health, housing
        FactLine("2080501", "30302", "basic", "gpb", D("9.87")),
        FactLine("2080505", "30108", "basic", "gpb", D("70.43")),
        FactLine("2080506", "30109", "basic", "gpb", D("35.22")),
        FactLine("2101101", "30110", "basic", "gpb", D("24.38")),
        FactLine("2101102", "30110", "basic", "gpb", D("12.15")),
        FactLine("2101103", "30111", "basic", "gpb", D("19.61")),
        FactLine("2210201", "30113", "basic", "gpb", D("66.05")),
        # projects
        FactLine("2070109", "30226", "project", "gpb", D("85.00"), "群众文化活动经费"),
        FactLine("2070109", "30227", "project", "gpb", D("120.00"), "群众文化活动经费"),
        FactLine("2070109", "30217", "project", "gpb", D("1.80"), "群众文化活动经费"),
        FactLine("2070104", "31007", "project", "gpb", D("46.50"), "图书馆数字资源建设经费"),
        FactLine("2070104", "30218", "project", "gpb", D("23.70"), "图书馆数字资源建设经费"),
        FactLine("2070102", "30299", "project", "gpb", D("12.00"), "图书馆数字资源建设经费"),
        FactLine("2120899", "31005", "project", "gov_fund", D("150.00"), "文化设施配套建设项目"),
        FactLine("2120899", "30227", "project", "gov_fund", D("30.00"), "文化设施配套建设项目"),
    ]
    return Scenario(
        department="清溪市云山区文化和旅游局",
        short="文旅局",
        year=2024,
        duties=[
            "贯彻执行国家和省、市有关文化、旅游工作的方针政策和法律法规，拟订全区文化和旅游发展规划并组织实施。",
            "统筹规划全区文化事业、文化产业和旅游业发展，推进文化和旅游融合发展。",
            "负责全区公共文化服务体系建设，指导群众文化、图书馆、文化馆等公共文化事业发展。",
            "负责全区文化市场和旅游市场的行业监管，组织开展文化和旅游市场综合执法工作。",
            "完成区委、区政府交办的其他任务。",
        ],
        offices=5,
        units=[
            BudgetUnit("文旅局", "全额拨款", 16, 15),
            BudgetUnit("云山区图书馆", "全额拨款", 12, 10),
        ],
        tasks_intro="以满足人民群众精神文化需求为出发点，推进公共文化服务高质量发展，促进文化和旅游深度融合。",
        tasks=[
            "完善公共文化服务体系。一是推进街道综合文化站提质增效。二是开展群众文化品牌活动。",
            "推进图书馆数字化建设。一是扩充数字资源。二是优化阅读推广服务。",
            "加强文化和旅游市场监管。一是开展安全生产检查。二是优化营商环境。",
        ],
        facts=facts,
        last_year_income_total=D("1389.67"),
        last_year_gpb_total=D("1239.67"),
        sangong=SanGong(
            abroad=D("6.00"), reception=D("5.30"), vehicle_purchase=ZERO, vehicle_running=D("6.80")
        ),
        sangong_last=SanGong(
            abroad=D("4.00"), reception=D("7.60"), vehicle_purchase=ZERO, vehicle_running=D("8.50")
        ),
        sangong_purposes={
            "abroad": "安排干部赴港澳地区开展文化交流",
            "reception": "上级部门及兄弟单位来区调研考察的接待工作",
            "vehicle": "机要通信用车的燃料、维修和保险等支出",
        },
        admin_running=D("72.46"),
        admin_running_last=D("66.80"),
        procurement_goods=D("46.50"),
        procurement_works=D("150.00"),
        procurement_services=D("120.00"),
        reasons={
            "income": "政府性基金项目的增加",
            "expense": "政府性基金项目的增加",
            "gpb": "人员调资及群众文化活动经费的增加",
            "abroad": "恢复对外文化交流活动",
            "reception": "厉行节约，压减接待次数",
            "vehicle": "车辆维修支出减少",
            "admin_running": "人员增加及物业管理费调整",
        },
        targets=[
            Target(
                "群众文化活动经费",
                "组织开展全年群众文化品牌活动，丰富群众精神文化生活，提升公共文化服务效能。",
                (
                    Indicator("成本指标", "经济成本指标", "单位服务成本控制率", "小于等于 95%"),
                    Indicator("产出指标", "数量指标", "举办群众文化活动场次", "大于等于 40 场"),
                    Indicator("产出指标", "质量指标", "活动安全事故发生率", "等于 0%"),
                    Indicator("效益指标", "社会效益指标", "活动参与人次", "大于等于 20000 人次"),
                    Indicator("满意度指标", "服务对象满意度指标", "群众满意度", "大于等于 90%"),
                ),
            ),
            Target(
                "图书馆数字资源建设经费",
                "扩充图书馆数字资源，完善数字阅读服务平台，提升全民阅读服务水平。",
                (
                    Indicator("成本指标", "经济成本指标", "单位服务成本控制率", "小于等于 90%"),
                    Indicator("产出指标", "数量指标", "新增数字资源量", "大于等于 5 TB"),
                    Indicator("产出指标", "时效指标", "项目完成及时率", "等于 100%"),
                    Indicator("效益指标", "社会效益指标", "数字资源年访问人次", "大于等于 50000 人次"),
                    Indicator("满意度指标", "服务对象满意度指标", "读者满意度", "大于等于 95%"),
                ),
            ),
            Target(
                "文化设施配套建设项目",
                "完成街道综合文化站配套设施建设，补齐基层公共文化设施短板。",
                _STD_INDICATORS,
            ),
        ],
        code_purposes={
            "2070101": "机关行政人员的工资福利及机关日常运转支出",
            "2070102": "图书馆数字资源建设的配套管理支出",
            "2070104": "图书馆事业编制人员的支出及数字资源建设",
            "2070109": "群众文化活动的组织开展",
            "2080501": "行政单位离退休人员的支出",
            "2080505": "机关事业单位基本养老保险缴费",
            "2080506": "机关事业单位职业年金缴费",
            "2101101": "行政单位职工基本医疗保险缴费",
            "2101102": "事业单位职工基本医疗保险缴费",
            "2101103": "公务员医疗补助缴费",
            "2210201": "按规定为职工缴存住房公积金",
            "2120899": "街道综合文化站配套设施建设",
        },
        vehicles=(0, 1, 0, 0, 0, 0),
        vehicles_to_purchase=0,
        general_equipment=0,
        special_equipment=0,
    )


# ---------------------------------------------------------------------------------------------
# Random valid scenarios
# ---------------------------------------------------------------------------------------------

_DEPARTMENTS = (
    ("中共清溪市云山区委组织部", "组织部", "2013201", "2013250", ("2013202", "2013299")),
    ("清溪市云山区人民政府办公室", "区政府办", "2010301", "2010350", ("2010302", "2010399")),
    ("清溪市云山区文化和旅游局", "文旅局", "2070101", "2070104", ("2070102", "2070109", "2070199")),
)
_SOCIAL = {  # functional code → economic code of its basic line
    "2080501": "30302",
    "2080505": "30108",
    "2080506": "30109",
    "2101101": "30110",
    "2101103": "30111",
    "2210201": "30113",
}
_ADMIN_PERSONNEL = ("30101", "30102", "30103", "30112", "30199")
_INSTITUTION_PERSONNEL = ("30101", "30102", "30107", "30305")
_PUBLIC = ("30201", "30205", "30206", "30209", "30211", "30226", "30228", "30229", "30239", "30299", "31002")
_PROJECT_ECON = ("30201", "30202", "30215", "30216", "30226", "30227", "30299", "31002", "31007", "30309")
_PROJECT_NAMES = (
    "党建工作专项经费",
    "人才工作经费",
    "干部教育培训经费",
    "一般业务经费",
    "档案数字化建设经费",
    "信息化运维经费",
    "群众文化活动经费",
    "公共文化服务专项经费",
)
_REASONS = (
    "人员增加等原因",
    "专项资金的减少",
    "厉行节约，压减一般性支出",
    "人员调资及社保缴费基数调整",
    "新增专项工作任务",
    "项目经费调整",
)
_GOALS = (
    "保障各项工作任务顺利完成，提升资金使用效益。",
    "按计划完成年度工作任务，提高公共服务质量和群众满意度。",
    "规范资金管理，确保项目按期保质完成。",
)
_INDICATOR_POOL = (
    Indicator("成本指标", "经济成本指标", "单位服务成本控制率", "小于等于 90%"),
    Indicator("产出指标", "数量指标", "覆盖单位数", "大于等于 10 家"),
    Indicator("产出指标", "质量指标", "资金使用合规率", "等于 100%"),
    Indicator("产出指标", "时效指标", "目标完成率", "大于等于 95%"),
    Indicator("效益指标", "社会效益指标", "项目实施过程实际受益人数", "大于等于 100 人"),
    Indicator("满意度指标", "服务对象满意度指标", "服务对象满意度", "大于等于 95%"),
)


def _money(draw: Any, lo_cents: int, hi_cents: int) -> Decimal:
    from hypothesis import strategies as st

    return Decimal(draw(st.integers(lo_cents, hi_cents))).scaleb(-2).quantize(CENT)


def _last_year(draw: Any, current: Decimal, lo_pct: int, hi_pct: int, pinned: bool) -> Decimal:
    """A last-year value with a non-zero change of lo..hi % that a 1.00 edit of the written
    change (or, unless ``pinned``, of the current amount) would contradict through the
    2-decimal percentage."""
    from hypothesis import strategies as st

    up = draw(st.booleans())
    ratio = Decimal(draw(st.integers(lo_pct, hi_pct))) / 100
    for direction in (up, not up):
        last = q2(current / (1 + ratio)) if direction else q2(current / (1 - ratio))
        if last > 0 and last != current and detectable(current, current - last, current_pinned=pinned):
            return last
    # fall back to a large relative change, which is always detectable for these magnitudes
    last = q2(current / 2)
    if last <= 0 or last == current or not detectable(current, current - last, current_pinned=pinned):
        raise AssertionError(f"no detectable last-year value for {current}")
    return last


def _build(draw: Any) -> Scenario:
    from hypothesis import strategies as st

    department, short, admin_code, inst_code, project_codes = draw(st.sampled_from(_DEPARTMENTS))
    year = draw(st.integers(2020, 2026))
    facts: list[FactLine] = []

    def add(code: str, econ: str, amount: Decimal, project: str | None = None, source: str = "gpb") -> None:
        facts.append(FactLine(code, econ, "project" if project else "basic", source, amount, project))

    # 机关 basic: personnel and public lines
    for econ in draw(st.lists(st.sampled_from(_ADMIN_PERSONNEL), min_size=1, max_size=3, unique=True)):
        add(admin_code, econ, _money(draw, 100, 30000))
    for econ in draw(st.lists(st.sampled_from(_PUBLIC), min_size=1, max_size=3, unique=True)):
        add(admin_code, econ, _money(draw, 100, 8000))
    # 事业 unit basic (optional)
    has_institution = draw(st.booleans())
    if has_institution:
        for econ in draw(
            st.lists(st.sampled_from(_INSTITUTION_PERSONNEL), min_size=1, max_size=2, unique=True)
        ):
            add(inst_code, econ, _money(draw, 100, 20000))
        if draw(st.booleans()):
            add(inst_code, draw(st.sampled_from(_PUBLIC)), _money(draw, 100, 5000))
    # 三公-related basic lines (economic 30212 / 30217 / 30231 / 31013)
    sangong_items: dict[str, Decimal] = {}
    for item, econ in (
        ("abroad", "30212"),
        ("reception", "30217"),
        ("vehicle_running", "30231"),
        ("vehicle_purchase", "31013"),
    ):
        if draw(st.booleans()):
            amount = _money(draw, 100, 6000)
            add(admin_code, econ, amount)
            sangong_items[item] = amount
    # social security, health, housing
    for code in draw(st.lists(st.sampled_from(sorted(_SOCIAL)), max_size=4, unique=True)):
        add(code, _SOCIAL[code], _money(draw, 1, 10000))
    # projects
    names = draw(st.lists(st.sampled_from(_PROJECT_NAMES), min_size=1, max_size=3, unique=True))
    for name in names:
        lines = draw(
            st.lists(
                st.tuples(st.sampled_from(project_codes), st.sampled_from(_PROJECT_ECON)),
                min_size=1,
                max_size=2,
                unique=True,
            )
        )
        for code, econ in lines:
            add(code, econ, _money(draw, 1, 30000), project=name)
    # a small 政府性基金 project (optional)
    if draw(st.booleans()):
        names.append("城市基础设施配套项目")
        for econ in draw(
            st.lists(st.sampled_from(("30227", "31005", "31099")), min_size=1, max_size=2, unique=True)
        ):
            add("2120899", econ, _money(draw, 1, 20000), project="城市基础设施配套项目", source="gov_fund")

    total = _sum(facts)
    gpb_total = _sum(facts, lambda f: f.source == "gpb")
    gov_total = total - gpb_total
    last_gpb = _last_year(draw, gpb_total, 1, 40, pinned=True)
    last_gov = _money(draw, 1, 30000) if gov_total and draw(st.booleans()) else ZERO
    last_income = last_gpb + last_gov
    if last_income == total:  # keep the income change non-zero
        last_income += ONE

    # 三公: this year equals the matching basic lines; last year gives a detectable change
    this = SanGong(
        **{
            k: sangong_items.get(k, ZERO)
            for k in ("abroad", "reception", "vehicle_purchase", "vehicle_running")
        }
    )
    abroad_last = _last_year(draw, this.abroad, 10, 60, pinned=False) if this.abroad else ZERO
    reception_last = _last_year(draw, this.reception, 10, 60, pinned=False) if this.reception else ZERO
    vehicle_last = _last_year(draw, this.vehicle, 10, 60, pinned=False) if this.vehicle else ZERO
    purchase_last = ZERO
    if vehicle_last and draw(st.booleans()):
        purchase_last = q2(vehicle_last * Decimal(draw(st.integers(0, 60))) / 100)
    last = SanGong(abroad_last, reception_last, purchase_last, vehicle_last - purchase_last)

    # 机关运行经费 ≤ the basic 公用经费 of the 机关 lines
    public_admin = _sum(
        facts,
        lambda f: f.func_code == admin_code and f.kind == "basic" and f.econ_code[:3] not in PERSONNEL_LEI,
    )
    admin = q2(public_admin * Decimal(draw(st.integers(60, 100))) / 100)
    admin_last = _last_year(draw, admin, 10, 60, pinned=False)

    goods, works, services = (_money(draw, 1, 50000) if draw(st.booleans()) else ZERO for _ in range(3))
    reasons = {
        k: draw(st.sampled_from(_REASONS))
        for k in ("income", "expense", "gpb", "abroad", "reception", "vehicle", "admin_running")
    }
    reasons["expense"] = reasons["income"]
    targets = [
        Target(
            name,
            draw(st.sampled_from(_GOALS)),
            tuple(
                sorted(
                    draw(st.lists(st.sampled_from(_INDICATOR_POOL), min_size=2, max_size=5, unique=True)),
                    key=_INDICATOR_POOL.index,
                )
            ),
        )
        for name in names
    ]
    units = [BudgetUnit(short, "全额拨款", draw(st.integers(3, 40)), draw(st.integers(1, 40)))]
    if has_institution:
        units.append(
            BudgetUnit(
                f"{short}{xiang_name(inst_code)[:4]}中心",
                "全额拨款",
                draw(st.integers(1, 20)),
                draw(st.integers(1, 20)),
            )
        )
    vehicles = (0, 0, 0, 0, 0, 1 if this.vehicle_running else 0)
    return Scenario(
        department=department,
        short=short,
        year=year,
        duties=["贯彻执行党和国家的方针政策，负责本部门职责范围内的各项工作。", "完成上级交办的其他任务。"],
        offices=draw(st.integers(1, 12)),
        units=units,
        tasks_intro="围绕中心、服务大局，扎实推进各项重点工作。",
        tasks=["持续加强自身建设。", "全面提升服务水平。"],
        facts=facts,
        last_year_income_total=last_income,
        last_year_gpb_total=last_gpb,
        sangong=this,
        sangong_last=last,
        sangong_purposes={
            "abroad": "出国（境）开展交流学习",
            "reception": "公务接待活动",
            "vehicle": "公务用车的运行维护",
        },
        admin_running=admin,
        admin_running_last=admin_last,
        procurement_goods=goods,
        procurement_works=works,
        procurement_services=services,
        reasons=reasons,
        targets=targets,
        vehicles=vehicles,
        vehicles_to_purchase=1 if this.vehicle_purchase else 0,
    )


def scenario_strategy() -> SearchStrategy[Scenario]:
    """hypothesis SearchStrategy[Scenario]: random, consistent, every amount pinned by an identity."""
    from hypothesis import strategies as st

    return st.composite(lambda draw: _build(draw))()


def iter_table_rows(text: str, title: str) -> list[list[str]]:
    """TAB-separated rows of the table whose ``## …title`` heading contains ``title`` (test helper)."""
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("## ") and title in line)
    rows: list[list[str]] = []
    for line in lines[start + 1 :]:
        if line.startswith("## "):
            break
        if "\t" in line:
            rows.append(line.split("\t"))
    return rows
