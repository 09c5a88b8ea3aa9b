"""FinalRollup: 年末结转和结余 is 年初 + 收入 − 支出 for every prefix and source, and the tables' rows are
the codes each fund has something for."""

from __future__ import annotations

from decimal import Decimal

from yusuan.catalog import load as load_catalog
from yusuan.derive.final_rollup import FinalRollup
from yusuan.model.budget import FactLine
from yusuan.model.final_accounts import FinalAccounts, MoneyLine

D = Decimal


def _rollup() -> FinalRollup:
    accounts = FinalAccounts(
        department="某局",
        year=2024,
        facts=[
            FactLine("2080505", "30108", "gpb", "basic", D("10.00")),
            FactLine("2101101", "30110", "gpb", "basic", D("4.00")),
            FactLine("2120803", "30905", "gov_fund", "project", D("30.00"), project="改造"),
            FactLine("2101101", "30110", "business", "basic", D("2.50")),
        ],
        income=[
            MoneyLine("2080505", "gpb", D("10.00")),
            MoneyLine("2101101", "gpb", D("5.00")),
            MoneyLine("2120803", "gov_fund", D("20.00")),
            MoneyLine("2101101", "business", D("3.00")),
        ],
        carry_in=[MoneyLine("2120803", "gov_fund", D("12.00")), MoneyLine("2221101", "gov_fund", D("1.00"))],
        function_names={"21208": "国有土地使用权出让收入安排的支出", "2120803": "城市建设支出"},
    )
    return FinalRollup(accounts, load_catalog())


def test_carry_out_is_carry_in_plus_income_minus_spending() -> None:
    r = _rollup()
    assert (r.income_total, r.carry_in(), r.spending_total) == (D("38.00"), D("13.00"), D("46.50"))
    assert r.grand_total == D("51.00") == r.spending_total + r.carry_out()
    assert r.carry_out("", "gpb") == D("1.00")  # 2101101: 5.00 − 4.00
    assert r.carry_out("", "gov_fund") == D("3.00")  # 12 + 20 − 30, and 1.00 never spent
    assert r.carry_out("2120803", "gov_fund") == D("2.00")
    assert r.carry_out("210", "business") == D("0.50")
    assert r.fiscal_grand_total() == D("48.00")
    assert r.negative_carry_out() == []


def test_rows_are_the_codes_each_fund_has_something_for() -> None:
    r = _rollup()
    assert r.carry_codes("gov_fund") == ["212", "21208", "2120803", "222", "22211", "2221101"]
    assert r.carry_codes("soe") == []
    assert r.income_codes("fiscal") == [
        "208",
        "20805",
        "2080505",
        "210",
        "21011",
        "2101101",
        "212",
        "21208",
        "2120803",
    ]
    assert r.spending_codes("gpb") == ["208", "20805", "2080505", "210", "21011", "2101101"]
