"""Every total of final accounts, computed once: the outturn (via ``Rollup``), the income, the
年初结转和结余 and the 年末结转和结余 (年初 + 收入 − 支出 per functional 项 and source, so the identity of
every 决算 table holds by construction)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from yusuan.catalog import Catalog
from yusuan.derive.rollup import Rollup
from yusuan.model.budget import ZERO
from yusuan.model.final_accounts import FINAL_SOURCES, FISCAL, FinalAccounts, MoneyLine


def _cells(lines: Iterable[MoneyLine]) -> dict[tuple[str, str], Decimal]:
    out: dict[tuple[str, str], Decimal] = defaultdict(lambda: ZERO)
    for line in lines:
        out[(line.function, line.source)] += line.amount
    return out


def _matches(source: str, wanted: str | None) -> bool:
    return wanted is None or source == wanted or (wanted == "fiscal" and source in FISCAL)


class FinalRollup:
    def __init__(self, accounts: FinalAccounts, catalog: Catalog) -> None:
        self.accounts = accounts
        self.spent = Rollup(accounts, catalog)
        self._income = _cells(accounts.income)
        self._carry_in = _cells(accounts.carry_in)
        keys = set(self._income) | set(self._carry_in)
        keys |= {(f.function, f.source) for f in accounts.facts}
        self.keys = sorted(keys)

    # -- by functional prefix and source ('fiscal' = the three 财政拨款; None = all) ----------------

    def income(self, prefix: str = "", source: str | None = None) -> Decimal:
        return self._sum(self._income, prefix, source)

    def carry_in(self, prefix: str = "", source: str | None = None) -> Decimal:
        return self._sum(self._carry_in, prefix, source)

    def spending(self, prefix: str = "", source: str | None = None, kind: str | None = None) -> Decimal:
        return self.spent.value(prefix, source, kind)

    def carry_out(self, prefix: str = "", source: str | None = None) -> Decimal:
        return self.carry_in(prefix, source) + self.income(prefix, source) - self.spending(prefix, source)

    def _sum(self, cells: dict[tuple[str, str], Decimal], prefix: str, source: str | None) -> Decimal:
        return sum((v for (c, s), v in cells.items() if c.startswith(prefix) and _matches(s, source)), ZERO)

    # -- totals ----------------------------------------------------------------------------------

    @property
    def income_total(self) -> Decimal:
        return self.income()

    @property
    def spending_total(self) -> Decimal:
        return self.spending()

    @property
    def grand_total(self) -> Decimal:
        """总计: 本年收入合计 + 年初结转和结余 (= 本年支出合计 + 年末结转和结余)."""
        return self.income() + self.carry_in()

    def fiscal_grand_total(self) -> Decimal:
        return self.income("", "fiscal") + self.carry_in("", "fiscal")

    # -- rows of the tables ------------------------------------------------------------------------

    def tree(self, codes: Iterable[str]) -> list[str]:
        """类, 款 and 项 of the given 项 codes, in code order."""
        out: set[str] = set()
        for code in codes:
            out.update((code[:3], code[:5], code))
        return sorted(out)

    def income_codes(self, source: str | None = None) -> list[str]:
        return self.tree(c for (c, s), v in self._income.items() if v and _matches(s, source))

    def spending_codes(self, source: str | None = None) -> list[str]:
        return self.spent.tree(source)

    def carry_codes(self, source: str) -> list[str]:
        """Codes of a 收入支出 table (政府性基金 / 国有资本经营): any carry, income or spending."""
        codes = {c for (c, s) in self.keys if s == source}
        return self.tree(
            c for c in codes if self.carry_in(c, source) or self.income(c, source) or self.spending(c, source)
        )

    def negative_carry_out(self) -> list[tuple[str, str, Decimal]]:
        """(项, source, 年末) where 年初 + 收入 − 支出 < 0: a source that spent more than it had."""
        out = []
        for code, source in self.keys:
            value = self.carry_out(code, source)
            if value < 0 and source in FINAL_SOURCES:
                out.append((code, source, value))
        return out
