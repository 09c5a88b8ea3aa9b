"""Every Shanghai budget PDF of ../shared/corpus/shanghai/budget, read end to end: the profile, the
nine tables, the cover's year and department, hand-checked cells, the tables' arithmetic, and the
defects the documents really print.

Two oracles, neither of them our code:
- CELLS below, copied by hand from `pdftotext -layout FILE -` (poppler 22.12);
- tests/support/shanghai_cells.py, which cuts the same layout text into coded rows by white space,
  to add the tables up and to compare whole coded tables with what the extractor found.

Empty cells: a blank cell is None; a printed "0" / "0.00" is a zero with its printed places.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest

try:
    from tests.support import shanghai_cells as layout
except ImportError:  # run on its own, without the repository root on sys.path
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from tests.support import shanghai_cells as layout

from yusuan.extract import extract
from yusuan.model import BudgetTable, Disclosure, Document, Money, TableRow, Unit
from yusuan.pipeline import CheckResult, check_document, choose_profile
from yusuan.read import read_document

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus" / "shanghai" / "budget"

pytestmark = pytest.mark.skipif(
    not CORPUS.is_dir(), reason=f"{CORPUS} is not here (../shared beside the repository)"
)
needs_pdftotext = pytest.mark.skipif(
    layout.PDFTOTEXT is None, reason="pdftotext (poppler-utils) is not installed"
)

W23 = "2023_putuo_wanli_jiedao_dept.pdf"
FLY = "2024_putuo_fuliyuan_unit.pdf"
W24 = "2024_putuo_wanli_jiedao_dept.pdf"
CZJ = "2025_putuo_caizhengju_dept.pdf"
W25 = "2025_putuo_wanli_jiedao_dept.pdf"
ZFB = "2025_putuo_zhengfuban_dept.pdf"
ZFU = "2025_putuo_zhengfuban_unit.pdf"
SCZ = "2025_shanghai_caizhengju_unit.pdf"

TABLE_IDS = {"summary", "income", "expense", "fiscal", "gpb", "gov_fund", "soe", "econ_basic", "sangong"}


@dataclass(frozen=True)
class Cover:
    title: str  # the cover's first line
    year: int
    department: str  # 预算主管部门： / 预算单位： under it


COVERS = {
    W23: Cover("上海市普陀区2023年区级部门预算", 2023, "上海市普陀区人民政府万里街道办事处"),
    FLY: Cover("上海市普陀区社会福利院2024年单位预算", 2024, "上海市普陀区社会福利院"),
    W24: Cover("上海市普陀区2024年区级部门预算", 2024, "上海市普陀区人民政府万里街道办事处"),
    CZJ: Cover("上海市普陀区2025年区级部门预算", 2025, "上海市普陀区财政局"),
    W25: Cover("上海市普陀区2025年区级部门预算", 2025, "上海市普陀区人民政府万里街道办事处"),
    ZFB: Cover("上海市普陀区2025年区级部门预算", 2025, "上海市普陀区人民政府办公室"),
    ZFU: Cover("上海市普陀区2025年区级单位预算", 2025, "上海市普陀区人民政府办公室"),
    SCZ: Cover("上海市2025年市级单位预算", 2025, "上海市财政局"),
}
FILES = sorted(COVERS)

# -- hand-checked cells --------------------------------------------------------------------------
# Copied by hand from `pdftotext -layout FILE -`: (file, table id, row, column, figure as printed);
# None is a blank cell. Rows: "code:CODE", "key:KEY", "total" (合计 of a coded table) or
# "total:income" / "total:expense" (收入总计 / 支出总计). The 三公 table is in 万元, the rest in 元.
Cell = tuple[str, str, str, str, str | None]
CELLS: list[Cell] = [
    # 2023 万里街道 (部门): integer 元; the 支出 tables print "0" in empty 基本/项目 cells
    (W23, "summary", "total:income", "amount", "164,978,640"),
    (W23, "summary", "key:income.fiscal", "amount", "164,978,640"),
    (W23, "summary", "key:income.gov_fund", "amount", None),
    (W23, "summary", "code:212", "amount", "121,319,878"),  # 七、城乡社区支出
    (W23, "income", "total", "total", "164,978,640"),
    (W23, "income", "total", "fiscal", "164,978,640"),
    (W23, "income", "total", "other", None),
    (W23, "expense", "code:20105", "total", "627,600"),
    (W23, "expense", "code:20105", "basic", "0"),
    (W23, "expense", "code:2120199", "basic", "46,161,905"),
    (W23, "expense", "code:2120199", "project", "3,765,200"),
    (W23, "gpb", "code:208", "total", "27,073,236"),
    (W23, "gpb", "code:208", "basic", "18,285,736"),
    (W23, "gpb", "code:208", "project", "8,787,500"),
    (W23, "gpb", "code:2101102", "total", "1,450,237"),
    (W23, "gpb", "code:2101102", "project", "0"),
    (W23, "gpb", "total", "basic", "99,406,297"),
    (W23, "econ_basic", "total", "total", "99,406,297"),
    (W23, "econ_basic", "total", "personnel", "84,024,865"),
    (W23, "econ_basic", "total", "public", "15,381,432"),
    (W23, "econ_basic", "code:30199", "personnel", "37,884,108"),
    (W23, "econ_basic", "code:30199", "public", None),
    (W23, "econ_basic", "code:30231", "public", "215,600"),  # 公务用车运行维护费
    (W23, "sangong", "key:sangong.total", "total", "22.91"),
    (W23, "sangong", "key:sangong.abroad", "total", "0"),
    (W23, "sangong", "key:sangong.reception", "total", "1.35"),
    (W23, "sangong", "key:sangong.vehicle", "total", "21.56"),
    (W23, "sangong", "key:sangong.vehicle_purchase", "total", "0"),
    (W23, "sangong", "key:sangong.vehicle_running", "total", "21.56"),
    (W23, "sangong", "key:admin_running", "total", "786.09"),
    # 2024 社会福利院 (单位): has 事业收入; "7 | 11 | 02" is tested below
    (FLY, "summary", "total:income", "amount", "12,121,164"),
    (FLY, "summary", "key:income.fiscal", "amount", "9,501,164"),
    (FLY, "summary", "key:income.business", "amount", "2,620,000"),
    (FLY, "summary", "total:expense", "amount", "12,121,164"),
    (FLY, "income", "total", "total", "12,121,164"),
    (FLY, "income", "total", "fiscal", "9,501,164"),
    (FLY, "income", "total", "business", "2,620,000"),
    (FLY, "income", "total", "operating", None),
    (FLY, "expense", "code:2081005", "total", "9,584,796"),
    (FLY, "expense", "code:2081005", "basic", "6,964,796"),
    (FLY, "expense", "code:2081005", "project", "2,620,000"),
    (FLY, "expense", "code:2080502", "project", None),
    (FLY, "gpb", "code:208", "total", "8,661,624"),
    (FLY, "gpb", "code:208", "project", None),
    (FLY, "gpb", "code:2080505", "basic", "767,579"),
    (FLY, "gpb", "total", "total", "9,501,164"),
    (FLY, "gpb", "total", "project", None),
    (FLY, "econ_basic", "total", "total", "9,501,164"),
    (FLY, "econ_basic", "total", "personnel", "7,380,214"),
    (FLY, "econ_basic", "total", "public", "2,120,950"),
    (FLY, "econ_basic", "code:30107", "personnel", "3,580,522"),
    (FLY, "econ_basic", "code:30209", "public", "1,206,000"),  # 物业管理费
    (FLY, "econ_basic", "code:30209", "personnel", None),
    (FLY, "sangong", "key:sangong.total", "total", "6.4"),
    (FLY, "sangong", "key:sangong.abroad", "total", "0"),
    (FLY, "sangong", "key:sangong.reception", "total", "0"),
    (FLY, "sangong", "key:sangong.vehicle", "total", "6.4"),
    (FLY, "sangong", "key:sangong.vehicle_purchase", "total", None),
    (FLY, "sangong", "key:sangong.vehicle_running", "total", "6.4"),
    (FLY, "sangong", "key:admin_running", "total", "0"),
    # 2024 万里街道 (部门): the 收入总表 prints "0" under 事业收入, 经营收入, 其他收入
    (W24, "summary", "total:income", "amount", "156,211,123"),
    (W24, "summary", "key:income.gpb", "amount", "156,211,123"),
    (W24, "summary", "total:expense", "amount", "156,211,123"),
    (W24, "summary", "code:212", "amount", "119,385,303"),
    (W24, "income", "total", "total", "156,211,123"),
    (W24, "income", "total", "fiscal", "156,211,123"),
    (W24, "income", "total", "business", "0"),
    (W24, "income", "total", "other", "0"),
    (W24, "expense", "code:2120101", "total", "16,603,248"),
    (W24, "expense", "code:2120101", "basic", "16,353,248"),
    (W24, "expense", "code:2120101", "project", "250,000"),
    (W24, "expense", "code:2120102", "basic", "0"),
    (W24, "expense", "total", "project", "56,505,103"),
    (W24, "gpb", "code:212", "total", "119,385,303"),
    (W24, "gpb", "code:212", "basic", "76,609,000"),
    (W24, "gpb", "code:212", "project", "42,776,303"),
    (W24, "gpb", "code:2101102", "total", "1,601,424"),
    (W24, "gpb", "code:2101102", "project", "0"),
    (W24, "gpb", "total", "total", "156,211,123"),
    (W24, "econ_basic", "total", "total", "99,706,020"),
    (W24, "econ_basic", "total", "personnel", "88,537,451"),
    (W24, "econ_basic", "total", "public", "11,168,569"),
    (W24, "econ_basic", "code:301", "public", "0"),
    (W24, "econ_basic", "code:30213", "public", "430,000"),  # 维修(护)费
    (W24, "econ_basic", "code:30213", "personnel", "0"),
    (W24, "sangong", "key:sangong.total", "total", "47.91"),
    (W24, "sangong", "key:sangong.abroad", "total", "0"),
    (W24, "sangong", "key:sangong.reception", "total", "1.35"),
    (W24, "sangong", "key:sangong.vehicle", "total", "46.56"),
    (W24, "sangong", "key:sangong.vehicle_purchase", "total", "25"),
    (W24, "sangong", "key:sangong.vehicle_running", "total", "21.56"),
    (W24, "sangong", "key:admin_running", "total", "443.18"),
    # 2025 财政局 (部门): amounts to the 分; the 经济分类表 prints "0.00" in empty cells
    (CZJ, "summary", "total:income", "amount", "31,214,205.80"),
    (CZJ, "summary", "key:income.gpb", "amount", "31,214,205.80"),
    (CZJ, "summary", "key:income.gov_fund", "amount", None),
    (CZJ, "summary", "total:expense", "amount", "31,214,205.80"),
    (CZJ, "summary", "code:221", "amount", "4,736,957.00"),
    (CZJ, "income", "total", "total", "31,214,205.80"),
    (CZJ, "income", "total", "fiscal", "31,214,205.80"),
    (CZJ, "income", "total", "business", None),
    (CZJ, "expense", "code:2010601", "total", "16,231,840.80"),
    (CZJ, "expense", "code:2010601", "basic", "16,093,326.00"),
    (CZJ, "expense", "code:2010601", "project", "138,514.80"),
    (CZJ, "expense", "code:2010607", "basic", None),
    (CZJ, "expense", "code:2010607", "project", "1,666,600.00"),
    (CZJ, "gpb", "code:201", "total", "22,186,440.80"),
    (CZJ, "gpb", "code:201", "basic", "16,093,326.00"),
    (CZJ, "gpb", "code:201", "project", "6,093,114.80"),
    (CZJ, "gpb", "code:2080505", "total", "1,748,327.00"),
    (CZJ, "gpb", "code:2080505", "project", None),
    (CZJ, "gpb", "total", "total", "31,214,205.80"),
    (CZJ, "gpb", "total", "basic", "25,121,091.00"),
    (CZJ, "econ_basic", "total", "total", "25,121,091.00"),
    (CZJ, "econ_basic", "total", "personnel", "22,826,756.00"),
    (CZJ, "econ_basic", "total", "public", "2,294,335.00"),
    (CZJ, "econ_basic", "code:30102", "personnel", "13,012,070.00"),
    (CZJ, "econ_basic", "code:30102", "public", "0.00"),
    (CZJ, "econ_basic", "code:30217", "public", "9,500.00"),  # 公务接待费
    (CZJ, "sangong", "key:sangong.total", "total", "0.95"),
    (CZJ, "sangong", "key:sangong.abroad", "total", None),
    (CZJ, "sangong", "key:sangong.reception", "total", "0.95"),
    (CZJ, "sangong", "key:sangong.vehicle", "total", None),
    (CZJ, "sangong", "key:sangong.vehicle_purchase", "total", None),
    (CZJ, "sangong", "key:sangong.vehicle_running", "total", None),
    (CZJ, "sangong", "key:admin_running", "total", "229.43"),
    # 2025 万里街道 (部门): 21201 is tested below
    (W25, "summary", "total:income", "amount", "189,767,551"),
    (W25, "summary", "key:income.gpb", "amount", "189,767,551"),
    (W25, "summary", "total:expense", "amount", "189,767,551"),
    (W25, "summary", "code:212", "amount", "154,369,326"),
    (W25, "income", "total", "total", "189,767,551"),
    (W25, "income", "total", "fiscal", "189,767,551"),
    (W25, "income", "total", "business", "0"),
    (W25, "expense", "code:2120102", "total", "17,464,243"),
    (W25, "expense", "code:2120102", "basic", "0"),
    (W25, "expense", "code:2120102", "project", "17,464,243"),
    (W25, "expense", "code:2101101", "project", "0"),
    (W25, "expense", "total", "basic", "101,341,746"),
    (W25, "gpb", "code:212", "total", "154,369,326"),
    (W25, "gpb", "code:212", "basic", "77,381,546"),
    (W25, "gpb", "code:212", "project", "76,987,780"),
    (W25, "gpb", "code:2210201", "total", "3,846,732"),
    (W25, "gpb", "code:2210201", "project", "0"),
    (W25, "gpb", "total", "project", "88,425,805"),
    (W25, "econ_basic", "total", "total", "101,341,746"),
    (W25, "econ_basic", "total", "personnel", "90,514,044"),
    (W25, "econ_basic", "total", "public", "10,827,702"),
    (W25, "econ_basic", "code:30107", "personnel", "11,610,630"),
    (W25, "econ_basic", "code:30107", "public", "0"),
    (W25, "econ_basic", "code:30231", "public", "215,600"),  # 公务用车运行维护费
    (W25, "sangong", "key:sangong.total", "total", "37.91"),
    (W25, "sangong", "key:sangong.abroad", "total", "0"),
    (W25, "sangong", "key:sangong.reception", "total", "1.35"),
    (W25, "sangong", "key:sangong.vehicle", "total", "36.56"),
    (W25, "sangong", "key:sangong.vehicle_purchase", "total", "15"),
    (W25, "sangong", "key:sangong.vehicle_running", "total", "21.56"),
    (W25, "sangong", "key:admin_running", "total", "464.64"),
    # 2025 区政府办公室 (部门): blank cells stay blank
    (ZFB, "summary", "total:income", "amount", "91,016,775.35"),
    (ZFB, "summary", "key:income.gpb", "amount", "91,016,775.35"),
    (ZFB, "summary", "key:income.gov_fund", "amount", None),
    (ZFB, "summary", "total:expense", "amount", "91,016,775.35"),
    (ZFB, "income", "total", "total", "91,016,775.35"),
    (ZFB, "income", "total", "fiscal", "91,016,775.35"),
    (ZFB, "income", "total", "business", None),
    (ZFB, "expense", "code:2010301", "total", "12,029,501.84"),
    (ZFB, "expense", "code:2010301", "basic", "11,919,501.84"),
    (ZFB, "expense", "code:2010301", "project", "110,000.00"),
    (ZFB, "expense", "code:2010302", "basic", None),
    (ZFB, "expense", "code:2010302", "project", "46,140,000.00"),
    (ZFB, "gpb", "code:201", "total", "82,096,797.42"),
    (ZFB, "gpb", "code:201", "basic", "15,686,797.42"),
    (ZFB, "gpb", "code:201", "project", "66,410,000.00"),
    (ZFB, "gpb", "code:2101102", "total", "314,218.15"),
    (ZFB, "gpb", "code:2101102", "project", None),
    (ZFB, "gpb", "total", "total", "91,016,775.35"),
    (ZFB, "gpb", "total", "project", "66,410,000.00"),
    (ZFB, "econ_basic", "total", "total", "24,606,775.35"),
    (ZFB, "econ_basic", "total", "personnel", "22,473,997.81"),
    (ZFB, "econ_basic", "total", "public", "2,132,777.54"),
    (ZFB, "econ_basic", "code:30107", "personnel", "2,335,998.00"),
    (ZFB, "econ_basic", "code:30107", "public", None),
    (ZFB, "econ_basic", "code:30217", "public", "185,000.00"),  # 公务接待费
    (ZFB, "sangong", "key:sangong.total", "total", "867.50"),
    (ZFB, "sangong", "key:sangong.abroad", "total", "839.00"),
    (ZFB, "sangong", "key:sangong.reception", "total", "28.50"),
    (ZFB, "sangong", "key:sangong.vehicle", "total", None),
    (ZFB, "sangong", "key:sangong.vehicle_purchase", "total", None),
    (ZFB, "sangong", "key:sangong.vehicle_running", "total", None),
    (ZFB, "sangong", "key:admin_running", "total", "213.28"),
    # 2025 区政府办公室 (单位): the 收支总表 has 人员/公用/项目 columns; the extractor keeps 合计
    (ZFU, "summary", "total:income", "amount", "91,016,775.35"),
    (ZFU, "summary", "key:income.fiscal", "amount", "91,016,775.35"),
    (ZFU, "summary", "total:expense", "amount", "91,016,775.35"),
    (ZFU, "summary", "code:201", "amount", "82,096,797.42"),
    (ZFU, "income", "total", "total", "91,016,775.35"),
    (ZFU, "income", "total", "fiscal", "91,016,775.35"),
    (ZFU, "income", "total", "other", None),
    (ZFU, "expense", "code:2010350", "total", "3,807,295.58"),
    (ZFU, "expense", "code:2010350", "basic", "3,767,295.58"),
    (ZFU, "expense", "code:2010350", "project", "40,000.00"),
    (ZFU, "expense", "code:2010399", "basic", None),
    (ZFU, "expense", "code:2010399", "project", "20,120,000.00"),
    (ZFU, "gpb", "code:208", "total", "4,213,779.28"),
    (ZFU, "gpb", "code:208", "basic", "4,213,779.28"),
    (ZFU, "gpb", "code:208", "project", None),
    (ZFU, "gpb", "code:2080505", "total", "1,763,159.52"),
    (ZFU, "gpb", "total", "basic", "24,606,775.35"),
    (ZFU, "econ_basic", "total", "total", "24,606,775.35"),
    (ZFU, "econ_basic", "total", "personnel", "22,473,997.81"),
    (ZFU, "econ_basic", "total", "public", "2,132,777.54"),
    (ZFU, "econ_basic", "code:30113", "personnel", "1,741,445.22"),
    (ZFU, "econ_basic", "code:30113", "public", None),
    (ZFU, "econ_basic", "code:30228", "public", "248,117.54"),  # 工会经费
    (ZFU, "sangong", "key:sangong.total", "total", "867.50"),
    (ZFU, "sangong", "key:sangong.abroad", "total", "839.00"),
    (ZFU, "sangong", "key:sangong.reception", "total", "28.50"),
    (ZFU, "sangong", "key:sangong.vehicle", "total", None),
    (ZFU, "sangong", "key:sangong.vehicle_purchase", "total", None),
    (ZFU, "sangong", "key:sangong.vehicle_running", "total", None),
    (ZFU, "sangong", "key:admin_running", "total", "213.28"),
    # 2025 上海市财政局 (市级单位): integer 元; 302 is tested below
    (SCZ, "summary", "total:income", "amount", "171,915,169"),
    (SCZ, "summary", "key:income.fiscal", "amount", "171,915,169"),
    (SCZ, "summary", "key:income.gpb", "amount", "171,915,169"),
    (SCZ, "summary", "total:expense", "amount", "171,915,169"),
    (SCZ, "summary", "code:208", "amount", "17,560,320"),
    (SCZ, "income", "total", "total", "171,915,169"),
    (SCZ, "income", "total", "fiscal", "171,915,169"),
    (SCZ, "income", "total", "other", None),
    (SCZ, "expense", "code:2010601", "total", "84,861,719"),
    (SCZ, "expense", "code:2010601", "project", None),
    (SCZ, "expense", "code:210", "basic", "4,620,000"),
    (SCZ, "expense", "code:210", "project", "48,000"),
    (SCZ, "gpb", "code:20808", "total", "1,200,000"),  # 抚恤
    (SCZ, "gpb", "code:20808", "basic", None),
    (SCZ, "gpb", "code:20808", "project", "1,200,000"),
    (SCZ, "gpb", "code:221", "basic", "21,800,000"),
    (SCZ, "gpb", "total", "total", "171,915,169"),
    (SCZ, "gpb", "total", "basic", "127,642,039"),
    (SCZ, "gpb", "total", "project", "44,273,130"),
    (SCZ, "econ_basic", "total", "total", "127,642,039"),
    (SCZ, "econ_basic", "total", "personnel", "102,464,260"),
    (SCZ, "econ_basic", "total", "public", "25,177,779"),
    (SCZ, "econ_basic", "code:30103", "personnel", "1,200,000"),  # 奖金
    (SCZ, "econ_basic", "code:30212", "public", "2,887,000"),  # 因公出国（境）费用
    (SCZ, "econ_basic", "code:30212", "personnel", None),
    (SCZ, "sangong", "key:sangong.total", "total", "346.30"),
    (SCZ, "sangong", "key:sangong.abroad", "total", "288.70"),
    (SCZ, "sangong", "key:sangong.reception", "total", "25.40"),
    (SCZ, "sangong", "key:sangong.vehicle", "total", "32.20"),
    (SCZ, "sangong", "key:sangong.vehicle_purchase", "total", None),
    (SCZ, "sangong", "key:sangong.vehicle_running", "total", "32.20"),
    (SCZ, "sangong", "key:admin_running", "total", "2,517.78"),
]

# -- reading the corpus once per worker -----------------------------------------------------------


@dataclass
class Read:
    doc: Document
    disclosure: Disclosure
    checked: CheckResult


class Corpus:
    """Each PDF read, extracted and checked on first use."""

    def __init__(self) -> None:
        self._done: dict[str, Read] = {}

    def __getitem__(self, name: str) -> Read:
        if name not in self._done:
            path = CORPUS / name
            if not path.is_file():
                pytest.skip(f"{path} is not here")
            doc = read_document(path)
            d = extract(doc, choose_profile(doc, "auto").profile)
            self._done[name] = Read(doc, d, check_document(doc))
        return self._done[name]


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return Corpus()


def select(table: BudgetTable, selector: str) -> TableRow | None:
    kind, _, arg = selector.partition(":")
    if kind == "total":
        return table.total(arg)
    if kind == "key":
        return table.by_key(arg)
    if kind == "code":
        return table.by_code(arg)
    raise ValueError(selector)


def printed(figure: str) -> tuple[Decimal, int]:
    """'31,214,205.80' -> (Decimal('31214205.80'), 2)."""
    plain = figure.replace(",", "")
    return Decimal(plain), len(plain.partition(".")[2])


def cell(d: Disclosure, table_id: str, selector: str, column: str) -> Money | None:
    row = select(d.tables[table_id], selector)
    assert row is not None, f"{table_id}: no row {selector}"
    assert column in row.values, f"{table_id} {selector}: no column {column} in {sorted(row.values)}"
    return row.values[column]


# -- 1. profile, tables, cover --------------------------------------------------------------------


def test_the_corpus_is_these_eight_documents() -> None:
    # a new file must get its cover and cells here
    assert sorted(p.name for p in CORPUS.glob("*.pdf")) == FILES


@pytest.mark.parametrize("name", FILES)
def test_profile_tables_and_cover(corpus: Corpus, name: str) -> None:
    got = corpus[name]
    d, cover = got.disclosure, COVERS[name]
    assert choose_profile(got.doc, "auto").profile.id == "shanghai" and d.profile == "shanghai"
    assert set(d.tables) == TABLE_IDS
    assert (d.title, d.year, d.department) == (cover.title, cover.year, cover.department)
    assert not d.problems and got.checked.error is None
    for table_id, table in d.tables.items():
        assert table.unit is (Unit.WAN if table_id == "sangong" else Unit.YUAN), table_id


# -- 2. hand-checked cells ------------------------------------------------------------------------


def _cell_id(c: Cell) -> str:
    name, table_id, selector, column, _ = c
    return f"{name.removesuffix('.pdf')}-{table_id}-{selector}-{column}"


@pytest.mark.parametrize(
    ("name", "table_id", "selector", "column", "expected"), CELLS, ids=[_cell_id(c) for c in CELLS]
)
def test_hand_checked_cell(
    corpus: Corpus, name: str, table_id: str, selector: str, column: str, expected: str | None
) -> None:
    money = cell(corpus[name].disclosure, table_id, selector, column)
    if expected is None:
        assert money is None, f"blank cell read as {money}"
        return
    assert money is not None, f"{expected} read as a blank cell"
    value, places = printed(expected)
    assert (money.value, money.places) == (value, places)
    assert money.unit is (Unit.WAN if table_id == "sangong" else Unit.YUAN)


# -- 3. the sums ----------------------------------------------------------------------------------

# Arithmetic findings (AR…) expected of `check_document`, per document: no error anywhere. Every
# table adds up to the 元 as printed (see test_layout_sums below) except two 1-元 slips, both in
# integer-元 tables, where each printed figure stands for a range of ±0.5 元, so a gap of 1 元 between
# a total and two or more parts is within rounding (Figure.differs): an info note, once per line of
# the classification (AR101/AR103/AR104 at severity info), not an error:
# - 2025 万里街道, 支出总表 and 一般公共预算支出功能分类预算表, 21201 城乡社区管理事务:
#   94,995,790 = 77,381,546 + 17,614,243 (= 94,995,789) and = Σ项 17,887,739 + 17,464,243 +
#   6,522,681 + 53,121,126 (= 94,995,789); so 212 城乡社区支出 154,369,326 is 1 元 short of Σ款
#   (94,995,790 + 2,191,300 + 4,833,300 + 52,348,937 = 154,369,327) in those tables and the 收入总表.
# - 2025 上海市财政局, 经济分类表, 302 商品和服务支出 24,840,779 while its 18 款 add to 24,840,778.
AR_FINDINGS: dict[str, set[tuple[str, str]]] = {name: set() for name in FILES}
AR_FINDINGS[W25] = {("AR101", "info"), ("AR103", "info")}  # 21201 (row and 项), 212 (款)
AR_FINDINGS[SCZ] = {("AR104", "info")}  # 302 over its 款

# The layout text's own gaps, (table, printed code, what, printed, sum of the parts): "row" is
# 合计 column vs the other columns of the row, "children" is a row vs the rows one level below it.
LAYOUT_GAPS: dict[str, set[tuple[str, tuple[str, ...], str, Decimal, Decimal]]] = {
    name: set() for name in FILES
}
LAYOUT_GAPS[W25] = {
    ("gpb", ("212", "01"), "row", Decimal("94995790"), Decimal("94995789")),
    ("expense", ("212", "01"), "row", Decimal("94995790"), Decimal("94995789")),
    ("gpb", ("212", "01"), "children", Decimal("94995790"), Decimal("94995789")),
    ("expense", ("212", "01"), "children", Decimal("94995790"), Decimal("94995789")),
    ("income", ("212", "01"), "children", Decimal("94995790"), Decimal("94995789")),
    ("gpb", ("212",), "children", Decimal("154369326"), Decimal("154369327")),
    ("expense", ("212",), "children", Decimal("154369326"), Decimal("154369327")),
    ("income", ("212",), "children", Decimal("154369326"), Decimal("154369327")),
}
LAYOUT_GAPS[SCZ] = {("econ_basic", ("302",), "children", Decimal("24840779"), Decimal("24840778"))}

# The coded tables by a title word that names only them in the layout text.
LAYOUT_TITLES = {
    "income": "收入预算总表",
    "expense": "支出预算总表",
    "gpb": "一般公共预算支出功能分类预算表",
    "gov_fund": "政府性基金预算支出功能分类预算表",
    "soe": "国有资本经营预算支出功能分类预算表",
    "econ_basic": "基本支出部门预算经济分类预算表",
}
SUMMED = ("income", "expense", "gpb", "econ_basic")


@pytest.mark.parametrize("name", FILES)
def test_arithmetic_findings(corpus: Corpus, name: str) -> None:
    findings = corpus[name].checked.findings
    assert {(f.rule, f.severity.value) for f in findings if f.rule.startswith("AR")} == AR_FINDINGS[name], [
        f.message for f in findings if f.rule.startswith("AR")
    ]


def layout_gaps(
    rows: list[layout.LayoutRow], table_id: str
) -> set[tuple[str, tuple[str, ...], str, Decimal, Decimal]]:
    gaps = set()
    body = [r for r in rows if not r.is_total]
    for r in rows:
        if r.amounts and r.amounts[0] != sum(r.amounts[1:]):
            gaps.add((table_id, r.code, "row", r.amounts[0], sum(r.amounts[1:], Decimal(0))))
    for i, r in enumerate(body):  # children: the rows after it, one code cell longer, until its level ends
        kids = []
        for s in body[i + 1 :]:
            if len(s.code) <= len(r.code):
                break
            if len(s.code) == len(r.code) + 1:
                kids.append(s)
        if kids and r.amounts[0] != sum(k.amounts[0] for k in kids):
            gaps.add(
                (table_id, r.code, "children", r.amounts[0], sum((k.amounts[0] for k in kids), Decimal(0)))
            )
    return gaps


@needs_pdftotext
@pytest.mark.parametrize("name", FILES)
def test_layout_sums(name: str) -> None:
    """From the layout text alone: the 类 rows add up to 合计 in the 收入/支出 tables, the 一般公共预算
    功能分类表 and the 经济分类表; rows and levels add up except the gaps pinned in LAYOUT_GAPS."""
    path = CORPUS / name
    gaps = set()
    for table_id in SUMMED:
        rows = layout.coded_table(path, LAYOUT_TITLES[table_id])
        total = rows[-1]
        assert total.is_total and len(total.amounts) >= 2, (table_id, total)
        lei = [r for r in rows if r.is_lei]
        assert len(lei) >= 3, (table_id, lei)
        assert sum(r.amounts[0] for r in lei) == total.amounts[0], table_id
        gaps |= layout_gaps(rows, table_id)
    assert gaps == LAYOUT_GAPS[name]


def _code_cells(row: TableRow) -> tuple[str, ...]:
    """The code as its 类/款/项 cells: ('201', '03', '01'), or as printed when it was mended."""
    if row.printed_code:
        return tuple(row.printed_code.split())
    code = row.code or ""
    return tuple(p for p in (code[:3], code[3:5], code[5:7]) if p)


@needs_pdftotext
@pytest.mark.parametrize("table_id", sorted(LAYOUT_TITLES))
@pytest.mark.parametrize("name", FILES)
def test_coded_table_matches_the_layout_text(corpus: Corpus, name: str, table_id: str) -> None:
    """Every row of every coded table: its code cells and its printed figures, in order (a blank cell
    is absent from both sides, so a figure in the wrong column shows in the hand-checked cells)."""
    expected = [(r.code, r.amounts) for r in layout.coded_table(CORPUS / name, LAYOUT_TITLES[table_id])]
    table = corpus[name].disclosure.tables[table_id]
    got = [(_code_cells(r), tuple(v.value for v in r.values.values() if v is not None)) for r in table.rows]
    assert got == expected
    assert [r.is_total for r in table.rows] == [not code for code, _ in expected]


# -- 4. defects the documents print, kept visible --------------------------------------------------


def yuan(*figures: str) -> tuple[Decimal, ...]:
    return tuple(printed(f)[0] for f in figures)


def values(row: TableRow | None, *columns: str) -> tuple[Decimal | None, ...]:
    assert row is not None
    return tuple(None if row.values[c] is None else row.values[c].value for c in columns)  # type: ignore[union-attr]


def test_wanli_2024_economic_codes_without_leading_zero(corpus: Corpus) -> None:
    # page 29: " 301   2     津贴补贴   16,623,810   16,623,810   0" and " 301   7     绩效工资 ..."
    table = corpus[W24].disclosure.tables["econ_basic"]
    allowance, merit = table.by_code("30102"), table.by_code("30107")
    assert allowance is not None and merit is not None
    assert (allowance.label, allowance.printed_code) == ("津贴补贴", "301 2")
    assert (merit.label, merit.printed_code) == ("绩效工资", "301 7")
    assert allowance.source.page == merit.source.page == 29
    assert values(allowance, "total", "personnel", "public") == yuan("16,623,810", "16,623,810", "0")
    assert values(merit, "total", "personnel", "public") == yuan("11,447,100", "11,447,100", "0")
    assert not {"3012", "3017"} & {r.code for r in table.rows}
    # the other rows were printed whole
    assert [r.code for r in table.rows if r.printed_code] == ["30102", "30107"]


def test_fuliyuan_2024_lei_printed_as_7(corpus: Corpus) -> None:
    # pages 9 and 11: " 7    11   02   事业单位医疗   503,724   503,724" (the 收入总表 prints 210 11 02)
    tables = corpus[FLY].disclosure.tables
    for table_id, page in (("expense", 9), ("gpb", 11)):
        row = tables[table_id].by_code("2101102")
        assert row is not None and (row.label, row.printed_code) == ("事业单位医疗", "7 11 02"), table_id
        assert row.source.page == page
        assert values(row, "total", "basic", "project") == (*yuan("503,724", "503,724"), None)
    row = tables["income"].by_code("2101102")
    assert row is not None and row.printed_code is None
    assert values(row, "total", "fiscal") == yuan("503,724", "503,724")


def test_wanli_2025_row_off_by_one_yuan(corpus: Corpus) -> None:
    # pages 17 and 23: "212   01   城乡社区管理事务   94,995,790   77,381,546   17,614,243"
    got = corpus[W25]
    for table_id, page in (("expense", 17), ("gpb", 23)):
        row = got.disclosure.tables[table_id].by_code("21201")
        assert row is not None and row.source.page == page
        total, basic, project = values(row, "total", "basic", "project")
        assert (total, basic, project) == yuan("94,995,790", "77,381,546", "17,614,243"), table_id
        assert total - basic - project == 1  # type: ignore[operator]
    # within rounding of integer 元: no error, one info note per line (21201 row and 项, 212 款)
    notes = [f for f in got.checked.findings if f.rule.startswith("AR")]
    assert {f.severity.value for f in notes} == {"info"} and len(notes) == 3
    assert sorted(f.expected for f in notes) == ["154,369,327", "94,995,789", "94,995,789"]


def test_shanghai_caizhengju_302_one_yuan_over_its_kuan(corpus: Corpus) -> None:
    # page 17: " 302   商品和服务支出   24,840,779   24,840,779"; its 款 rows add to 24,840,778
    table = corpus[SCZ].disclosure.tables["econ_basic"]
    row = table.by_code("302")
    assert row is not None and row.source.page == 17
    assert values(row, "total", "personnel", "public") == (*yuan("24,840,779"), None, *yuan("24,840,779"))
    kuan = [r for r in table.rows if r.code and r.code.startswith("302") and len(r.code) == 5]
    assert len(kuan) == 18
    assert sum(r.values["total"].value for r in kuan) == Decimal("24840778")  # type: ignore[union-attr]
