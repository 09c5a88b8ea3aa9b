"""What a 决算 layout writes into: the final accounts, their totals, the blocks and the warnings."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from yusuan.catalog import Catalog
from yusuan.derive.context import Writer
from yusuan.derive.final_rollup import FinalRollup
from yusuan.derive.words import q2
from yusuan.model.budget import SourceMessage
from yusuan.model.final_accounts import FINAL_REASONS, FinalAccounts
from yusuan.profiles import Profile


@dataclass
class FinalContext(Writer):
    accounts: FinalAccounts
    profile: Profile
    catalog: Catalog
    rollup: FinalRollup

    @property
    def unit(self) -> str:
        return self.accounts.unit.value

    def warn(self, path: str, message: str) -> None:
        self.messages.append(SourceMessage("warning", self.accounts.place(path), message))

    def name(self, code: str) -> str:
        return self.rollup.spent.name(code)

    def reason(self, key: str, why: str) -> str:
        """The source's reason for ``key`` (no final 。), or '' with a warning naming its place."""
        text = self.accounts.reasons.get(key, "").strip().rstrip("。")
        if not text:
            self.warn(
                f"reasons.{key}", f"{FINAL_REASONS.get(key, key)}：{why}，但没有填写原因；说明中将不写原因"
            )
        return text

    def functional_lei(self) -> list[tuple[str, str]]:
        """The 类 rows of the two-sided tables, from the template (in its order)."""
        return [(code, self.name(code) or name) for code, name in self.profile.functional_lei_rows]


def share(part: Decimal, whole: Decimal) -> Decimal:
    """100 × part / whole, rounded half-up to two decimals (0 when the whole is 0)."""
    return q2(Decimal(100) * part / whole) if whole else Decimal("0.00")
