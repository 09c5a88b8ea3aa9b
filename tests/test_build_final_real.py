"""A real 决算 rebuilt: examples/putuo_shehuigongzuobu_final_2024.yaml holds the facts of 中共上海市普陀区委社会工作部
2024 年度部门决算 (../shared/corpus/shanghai/final); the built document's nine tables, read back by yusuan, equal the
published ones cell for cell except the differences its header lists, and the narrative says what the published one
says in the same words wherever the published one is right."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from yusuan.derive import derive
from yusuan.model import BudgetTable, Paragraph, Severity
from yusuan.pipeline import check_path
from yusuan.read import read_document
from yusuan.render.markdown import to_markdown
from yusuan.source import load_source

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "examples" / "putuo_shehuigongzuobu_final_2024.yaml"
REAL = ROOT.parent / "shared" / "corpus" / "shanghai" / "final" / "2024_putuo_shehuigongzuobu_dept_final.pdf"
pytestmark = pytest.mark.skipif(not REAL.is_file(), reason="../shared is not here")

#: The published 302 商品和服务支出 and 公用经费合计 are 10.23; their 款 add up to 10.22 (header, difference 1).
DIFFERENCES = {
    ("econ_basic", "", "302"): (Decimal("10.23"), Decimal("10.22")),
    ("econ_basic", "", "public_total"): (Decimal("10.23"), Decimal("10.22")),
}


def _cells(table_id: str, t: BudgetTable) -> dict[tuple[str, str, str], dict[str, Decimal]]:
    out = {}
    for r in t.rows:
        values = {c: m.value for c, m in r.values.items() if m is not None and m.value != 0}
        if values:
            out[(table_id, r.section, r.code or r.key or r.label)] = values
    return out


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    accounts, warnings = load_source(SOURCE)
    assert warnings == []
    result = derive(accounts)
    assert result.messages == []
    path = tmp_path_factory.mktemp("real") / "built.md"
    path.write_text(to_markdown(result.publication), encoding="utf-8")
    return path


def test_the_nine_tables_equal_the_published_ones_but_the_listed_cells(built: Path) -> None:
    real, mine = check_path(REAL).disclosure, check_path(built).disclosure
    assert real is not None and mine is not None
    assert sorted(mine.tables) == sorted(t for t in real.tables if t in mine.tables)
    for table_id in mine.tables:
        published, rebuilt = _cells(table_id, real.tables[table_id]), _cells(table_id, mine.tables[table_id])
        assert sorted(published) == sorted(rebuilt), table_id
        for key, values in published.items():
            if key in DIFFERENCES:
                was, now = DIFFERENCES[key]
                assert (values["total"], rebuilt[key]["total"]) == (was, now)
            else:
                assert rebuilt[key] == values, key
    assert len(_cells("income", mine.tables["income"])) == 18  # 合计, 4 类, 4 款 and 9 项


def test_the_built_one_checks_clean(built: Path) -> None:
    result = check_path(built)
    assert [(f.rule, f.message) for f in result.findings if f.severity is not Severity.INFO] == []


def _squashed(path: Path) -> str:
    return "".join("".join(b.text.split()) for b in read_document(path).blocks if isinstance(b, Paragraph))


@pytest.mark.parametrize(
    "sentence",
    [
        "中共上海市普陀区委社会工作部2024年度收入支出总计307.82万元。",
        "本年收入合计307.82万元，其中：财政拨款收入307.82万元，占100.00%。",
        "本年支出合计307.82万元，其中：基本支出105.58万元，占34.30%；项目支出202.24万元，占65.70%。",
        "中共上海市普陀区委社会工作部2024年度财政拨款收入支出总计307.82万元。",
        "一般公共预算财政拨款支出307.82万元，占本年支出合计的100.00%。",
        "一般公共服务支出（类）264.87万元，占86.05%；社会保障和就业支出（类）10.82万元，占3.52%；卫生健康支出（类）2.71万元，占0.88%；",
        "全年预算为321.02万元，支出决算为307.82万元",
        "主要原因：人员经费支出数小于预算数。",
        "主要用于：行政单位人员支出、公用支出。全年预算为52.00万元，支出决算为51.32万元，完成全年预算数的98.69%。"
        "决算数小于全年预算数的主要原因：人员变动引起实际支出低于预算。",
        "全年预算为202.24万元，支出决算为202.24万元",
        "全年预算为2.23万元，支出决算为2.22万元，完成全年预算数的99.55%。",
        "全年预算为18.12万元，支出决算为17.70万元，完成全年预算数的97.68%。",
        "中共上海市普陀区委社会工作部2024年度无“三公”经费财政拨款支出。",
        "中共上海市普陀区委社会工作部2024年度无政府性基金预算财政拨款收入和支出。",
        "中共上海市普陀区委社会工作部2024年度无国有资本经营预算财政拨款收入和支出。",
        "编报绩效目标的2024年度项目1个，涉及预算金额175.52万元；",
        "绩效自评的2024年度项目1个，涉及预算金额175.52万元，平均得分100.00分（其中，绩效评级为“优”的项目1个；",
        "2024年度政府采购金额（以合同签订为准）为21.07万元，其中：货物采购金额21.07万元、工程采购金额0万元、服务采购金额0万元。",
        "截至2024年12月31日，中共上海市普陀区委社会工作部共有车辆0辆，其中：部级领导干部用车0辆、主要领导干部用车0辆、",
        "单价100万元（含）以上设备（不含车辆）0台（套）。",
    ],
)
def test_the_narrative_says_what_the_published_one_says(built: Path, sentence: str) -> None:
    assert sentence in _squashed(REAL)
    assert sentence in _squashed(built)
