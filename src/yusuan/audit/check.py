"""What a rule sees: the disclosure, its profile, the catalog, and a way to report findings."""

from __future__ import annotations

from decimal import Decimal

from yusuan.audit.figures import column_name
from yusuan.catalog import Catalog
from yusuan.model import (
    BudgetTable,
    Disclosure,
    Finding,
    Money,
    Provenance,
    Severity,
    TableRow,
    format_amount,
)
from yusuan.profiles import Profile


def show(value: Decimal | Money | None, places: int = 2) -> str:
    if value is None:
        return "（空）"
    if isinstance(value, Money):
        return f"{format_amount(value.value, max(value.places, 0))}{value.unit.value}"
    return format_amount(value, places)


class Check:
    """One rule's view of one disclosure. Rules call `flag` for every defect they find."""

    def __init__(
        self,
        rule_code: str,
        name: str,
        severity: Severity,
        d: Disclosure,
        profile: Profile,
        catalog: Catalog,
        full: Disclosure | None = None,
    ):
        self.rule_code = rule_code
        self.name = name
        self.severity = severity
        self.d = d  # the tables understood; ``full`` has those found but not understood too
        self.full = full or d
        self.profile = profile
        self.catalog = catalog
        self.findings: list[Finding] = []

    def flag(
        self,
        message: str,
        *locations: Provenance | None,
        expected: str | None = None,
        actual: str | None = None,
        suggestion: str | None = None,
        severity: Severity | None = None,
        section: str | None = None,
    ) -> None:
        self.findings.append(
            Finding(
                rule=self.rule_code,
                name=self.name,
                severity=severity or self.severity,
                message=message,
                locations=[p for p in locations if p is not None],
                expected=expected,
                actual=actual,
                suggestion=suggestion,
                section=section,
            )
        )

    # -- table helpers shared by rules -------------------------------------------------------
    def table(self, table_id: str) -> BudgetTable | None:
        return self.d.tables.get(table_id)

    def tables(self, *ids: str) -> list[BudgetTable]:
        return [t for i in ids if (t := self.d.tables.get(i)) is not None]

    @staticmethod
    def cell_source(row: TableRow, column: str) -> Provenance:
        money = row.values.get(column)
        if money is not None and money.source is not None:
            return money.source
        return row.source.with_(column=column_name(column))
