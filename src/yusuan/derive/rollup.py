"""Every total of a budget, computed once from its fact lines (nothing here is ever typed)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from decimal import Decimal

from yusuan.catalog import Catalog
from yusuan.model.budget import FISCAL_SOURCES, SOURCES, ZERO, Budget, FactLine
from yusuan.model.final_accounts import FinalAccounts

#: Department economic 类 that make up 人员经费; every other 类 of basic spending is 公用经费.
PERSONNEL_LEI = frozenset({"301", "303"})
#: Generic 项 names the Fujian template qualifies with their 款: ``行政运行（组织事务）``.
GENERIC_XIANG = frozenset({"行政运行", "一般行政管理事务", "机关服务", "事业运行"})


def total(facts: Iterable[FactLine], pred: Callable[[FactLine], bool] = lambda f: True) -> Decimal:
    return sum((f.amount for f in facts if pred(f)), ZERO)


class Rollup:
    """Sums of a budget's facts (or of final accounts' outturn lines) by functional code, source,
    kind and economic code."""

    def __init__(self, budget: Budget | FinalAccounts, catalog: Catalog) -> None:
        self.budget = budget
        self.catalog = catalog
        facts = budget.facts
        self.facts = facts
        self.codes = sorted({f.function for f in facts})
        self.total = total(facts)
        self.by_source = {src: total(facts, lambda f, s=src: f.source == s) for src in SOURCES}  # type: ignore[misc]
        self.fiscal = sum((self.by_source[s] for s in FISCAL_SOURCES), ZERO)
        self.basic = total(facts, lambda f: f.kind == "basic")
        self.project = total(facts, lambda f: f.kind == "project")
        cells: dict[tuple[str, str, str], Decimal] = defaultdict(lambda: ZERO)
        for f in facts:
            cells[(f.function, f.source, f.kind)] += f.amount
        self._cells = cells

    # -- functional ------------------------------------------------------------------------

    def value(self, prefix: str = "", source: str | None = None, kind: str | None = None) -> Decimal:
        """Σ of the facts whose functional code starts with ``prefix`` (a 类, 款 or 项)."""
        return sum(
            (
                v
                for (code, src, k), v in self._cells.items()
                if code.startswith(prefix)
                and (source is None or src == source or (source == "fiscal" and src in FISCAL_SOURCES))
                and (kind is None or k == kind)
            ),
            ZERO,
        )

    def codes_of(self, source: str | None = None) -> list[str]:
        """7-digit codes with a non-zero amount from ``source`` ('fiscal' = the three 财政拨款)."""
        return [c for c in self.codes if self.value(c, source) != 0]

    def tree(self, source: str | None = None) -> list[str]:
        """类, 款 and 项 codes with amounts from ``source``, in code order (类 before its 款 …)."""
        out: set[str] = set()
        for code in self.codes_of(source):
            out.update((code[:3], code[:5], code))
        return sorted(out)

    def name(self, code: str) -> str:
        """The name of a functional code: the source's own names first, then the catalog."""
        return self.budget.function_names.get(code) or self.catalog.functional_name(code) or ""

    def xiang_label(self, code: str, narrative: bool = False) -> str:
        """A 项 name as the Fujian template writes it: generic names carry their 款."""
        name = self.name(code)
        if name in GENERIC_XIANG:
            kuan = self.name(code[:5])
            if kuan:
                return f"{name}({kuan})" if narrative else f"{name}（{kuan}）"
        return name

    # -- economic --------------------------------------------------------------------------

    def economic(self, prefix: str, source: str | None = "gpb", kind: str | None = None) -> Decimal:
        return total(
            self.facts,
            lambda f: (
                f.economic.startswith(prefix)
                and (
                    source is None
                    or f.source == source
                    or (source == "fiscal" and f.source in FISCAL_SOURCES)
                )
                and (kind is None or f.kind == kind)
            ),
        )

    def economic_codes(self, source: str | None = "gpb", kind: str | None = None) -> list[str]:
        """3- and 5-digit economic codes with amounts, in code order."""
        out: set[str] = set()
        for f in self.facts:
            if (
                source is None or f.source == source or (source == "fiscal" and f.source in FISCAL_SOURCES)
            ) and (kind is None or f.kind == kind):
                out.update((f.economic[:3], f.economic))
        return sorted(c for c in out if self.economic(c, source, kind) != 0)

    def personnel(self, source: str = "gpb") -> Decimal:
        return sum((self.economic(c, source, "basic") for c in PERSONNEL_LEI), ZERO)

    def public(self, source: str = "gpb") -> Decimal:
        return self.value("", source, "basic") - self.personnel(source)

    # -- projects --------------------------------------------------------------------------

    def project_funds(self, project: str, fiscal_only: bool = False) -> Decimal:
        return total(
            self.facts,
            lambda f: f.project == project and (not fiscal_only or f.source in FISCAL_SOURCES),
        )
