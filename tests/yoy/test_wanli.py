"""The judged case: the three 万里街道 budgets (2023–2025) linked as one department, and every
statement the 2024 and 2025 documents make about the year before checked against the earlier
document. The expected figures were read from the PDFs' text (pdftotext -layout): 2024 p.6
"财政拨款收入15621.11万元，比2023年预算减少876.75万元" against 2023's 收支总表 财政拨款收入
164,978,640元; 2024 三公 47.91万元 "比2023年预算增加25万元" against 2023's 22.91万元; the 33
items "2023年当年预算执行数为…" (an executed figure, which a budget does not print); 2025
"18,976.76万元，比2024年预算增加3,355.65万元" against 2024's 156,211,123元."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa

from yusuan.batch.ingest import ingest
from yusuan.model.disclosure import Direction
from yusuan.store import Store, schema
from yusuan.yoy import CONSISTENT, INCONSISTENT, UNVERIFIED, PairResult, check_years, link

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
WANLI = [CORPUS / "shanghai" / "budget" / f"{y}_putuo_wanli_jiedao_dept.pdf" for y in (2023, 2024, 2025)]
pytestmark = pytest.mark.skipif(not all(p.is_file() for p in WANLI), reason="../shared is not here")


# 2024 p.6–9: "2023年当年预算执行数为X万元，…比2023年预算执行数增加/减少Y%" per 项 (pdftotext -layout)
EXECUTED_2023 = {
    "2010507": ("60.13", "57.14"), "2012902": ("45.41", "6.19"), "2013202": ("60.79", "46.19"),
    "2013302": ("114.00", "2.98"), "2013402": ("9.00", "32.33"), "2013802": ("14.62", "7.52"),
    "2040607": ("15.00", "100.00"), "2049999": ("130.23", "2.36"), "2059999": ("0.00", "100.00"),
    "2060702": ("10.00", None), "2070308": ("20.00", None), "2080501": ("20.30", "19.75"),
    "2080502": ("6.26", "22.36"), "2080505": ("357.56", "28.89"), "2080506": ("198.60", "15.95"),
    "2080599": ("0.31", "25.81"), "2080705": ("389.59", "8.12"), "2081602": ("4.33", "2.54"),
    "2082501": ("30.00", None), "2089999": ("1410.22", "44.60"), "2100717": ("20.00", None),
    "2101101": ("95.16", "49.45"), "2101102": ("132.56", "20.81"), "2120101": ("1899.77", "12.60"),
    "2120102": ("2083.68", "15.58"), "2120104": ("676.66", "10.69"), "2120199": ("5276.21", "2.75"),
    "2120399": ("775.00", "25.44"), "2120501": ("830.24", "27.81"), "2129999": ("1822.46", "49.41"),
    "2210201": ("348.52", "0.53"), "2210203": ("318.14", "0.64"), "2210399": ("217.72", None),
}  # fmt: skip


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The three budgets ingested once; tests that change the store work on a copy."""
    db = tmp_path_factory.mktemp("wanli") / "store.duckdb"
    store = Store(str(db))
    assert len(ingest(store, WANLI).stored) == 3
    store.close()
    yield db


@pytest.fixture(scope="module")
def results(stored: Path) -> dict[int, PairResult]:
    store = Store(str(stored))
    summary = check_years(store)
    store.close()
    return {int(r.document["year"]): r for r in summary.results}


def _by_subject(r: PairResult) -> dict[str, list[tuple[str, str]]]:
    out: dict[str, list[tuple[str, str]]] = {}
    for c in r.checks:
        out.setdefault(c.statement.subject, []).append((c.verdict, c.reason))
    return out


def test_the_three_budgets_are_one_department(stored: Path) -> None:
    store = Store(str(stored))
    series = [s for s in link(store) if "万里" in s.key]
    store.close()
    assert len(series) == 1
    assert series[0].key == "普陀区万里街道"
    assert series[0].years("部门预算") == [2023, 2024, 2025]


def test_2024_against_2023(results: dict[int, PairResult]) -> None:
    r = results[2024]
    assert int(r.other["year"]) == 2023 and r.relation == "previous_year"
    verdicts = _by_subject(r)
    for subject in (
        "income.fiscal",
        "fiscal.total",
        "gpb.total",
        "gov_fund.total",
        "soe.total",
        "sangong.total",
        "sangong.abroad",
        "sangong.vehicle",
        "sangong.vehicle_purchase",
        "sangong.vehicle_running",
        "sangong.reception",  # "（三）公务接待费1.35万元。比2023年预算持平" — a sentence without subject
    ):
        assert [v for v, _ in verdicts[subject]] == [CONSISTENT], subject
    by = {c.statement.subject: c for c in r.checks}
    fiscal = by["income.fiscal"]
    assert fiscal.statement.value is not None and fiscal.statement.value.value == Decimal("15621.11")
    assert fiscal.statement.change is not None and fiscal.statement.change.value == Decimal("-876.75")
    assert fiscal.earlier is not None and fiscal.earlier.money.value == Decimal("164978640")
    assert (fiscal.earlier.page, fiscal.earlier.document) == (10, "2023_putuo_wanli_jiedao_dept.pdf")
    sangong = by["sangong.total"]
    assert sangong.statement.change is not None and sangong.statement.change.value == Decimal("25")
    assert sangong.earlier is not None and sangong.earlier.money.value == Decimal("22.91")
    assert by["sangong.vehicle_purchase"].earlier.money.value == 0  # type: ignore[union-attr]
    assert "承接上一句" in by["sangong.reception"].statement.note
    # the 33 功能分类 items compare with "2023年当年预算执行数": a budget prints no executed figure
    items = [c for c in r.checks if c.statement.subject.startswith("func:")]
    assert all(c.verdict == UNVERIFIED and "执行数" in c.reason for c in items)
    read = {}
    for c in items:
        st = c.statement
        assert st.reference == "执行数" and st.year == 2023 and st.stated_previous is not None
        percent = None if st.percent is None else str(st.percent.value)
        read[st.subject.removeprefix("func:")] = (str(st.stated_previous.value), percent)
        assert (st.percent is None) == (st.direction is Direction.FLAT)  # 比2023年预算执行数持平
    assert read == EXECUTED_2023
    zuzhi = by["func:2013202"]  # 组织事务: 2023年执行数60.79万元 while the 2023 budget says 65.69万元
    assert zuzhi.statement.stated_previous is not None
    assert zuzhi.statement.stated_previous.value == Decimal("60.79")
    assert zuzhi.earlier is not None and zuzhi.earlier.money.value == Decimal("656900")
    assert (r.count(CONSISTENT), r.count(INCONSISTENT), r.count(UNVERIFIED)) == (11, 0, 33)


def test_2025_against_2024(results: dict[int, PairResult]) -> None:
    r = results[2025]
    assert int(r.other["year"]) == 2024
    by = {c.statement.subject: c for c in r.checks}
    fiscal = by["income.fiscal"]
    assert fiscal.verdict == CONSISTENT
    assert fiscal.statement.change is not None and fiscal.statement.change.value == Decimal("3355.65")
    assert fiscal.earlier is not None and fiscal.earlier.money.value == Decimal("156211123")
    purchase = by["sangong.vehicle_purchase"]  # 15万元，比2024年预算减少10万元; 2024: 25万元
    assert purchase.verdict == CONSISTENT
    assert purchase.statement.change is not None and purchase.statement.change.value == Decimal("-10")
    assert purchase.earlier is not None and purchase.earlier.money.value == Decimal("25")
    assert (r.count(CONSISTENT), r.count(INCONSISTENT), r.count(UNVERIFIED)) == (11, 0, 0)
    assert 2023 not in results  # 2022 is not in the store: nothing to compare 2023 with


def test_the_verdicts_are_stored_and_not_compared_twice(stored: Path, results: dict[int, PairResult]) -> None:
    store = Store(str(stored))
    counts = store.query("select verdict, count(*) from cross_checks group by verdict order by verdict")[1]
    assert {str(v): int(n) for v, n in counts} == {CONSISTENT: 22, UNVERIFIED: 33}
    again = check_years(store)
    store.close()
    assert (again.pairs, again.already) == (0, 2)


def _edit(db: Path, subject: str, value: str) -> None:
    """Change one 2023 figure in the store (its table cell and its sentence alike)."""
    store = Store(str(db))
    d = store.documents()
    doc = next(x for x in d if x["year"] == 2023)["id"]
    with store.engine.begin() as conn:
        for t, col in ((schema.cells, schema.cells.c.row_key), (schema.claims, schema.claims.c.subject)):
            conn.execute(
                t.update()
                .where((t.c.document_id == doc) & (col == subject))
                .values(value_text=value, value=Decimal(value))
            )
    store.close()


def test_a_changed_earlier_figure_is_found(stored: Path, tmp_path: Path) -> None:
    db = tmp_path / "planted.duckdb"
    shutil.copy(stored, db)
    _edit(db, "sangong.total", "23.91")  # 2024 says 47.91, 比2023年预算增加25万元 → 22.91
    store = Store(str(db))
    summary = check_years(store, recheck=True)
    rows = store.query("select rule, severity, message, expected, page from cross_findings")[1]
    store.close()
    assert summary.inconsistent == 1 and summary.errors == 1
    (rule, severity, message, expected, page) = rows[0]
    assert (rule, severity, page) == ("YY901", "error", 32)
    assert "22.91万元" in message and "23.91万元" in message
    assert expected.startswith("23.91万元（2023_putuo_wanli_jiedao_dept.pdf 第28页")


def test_an_earlier_document_at_odds_with_itself_is_not_a_finding(stored: Path, tmp_path: Path) -> None:
    db = tmp_path / "odd.duckdb"
    shutil.copy(stored, db)
    store = Store(str(db))
    doc = next(x for x in store.documents() if x["year"] == 2023)["id"]
    c = schema.cells
    with store.engine.begin() as conn:  # the table says 23.91, the sentence still 22.91
        conn.execute(
            c.update()
            .where((c.c.document_id == doc) & (c.c.row_key == "sangong.total"))
            .values(value_text="23.91", value=Decimal("23.91"))
        )
    summary = check_years(store, recheck=True)
    reason = store.query(
        "select reason from cross_checks where subject = 'sangong.total' and verdict = '未能核对'"
    )[1]
    with store.engine.connect() as conn:
        n = conn.execute(sa.select(sa.func.count()).select_from(schema.cross_findings)).scalar()
    store.close()
    assert summary.errors == 0 and n == 0
    assert reason and "不一致" in reason[0][0]
