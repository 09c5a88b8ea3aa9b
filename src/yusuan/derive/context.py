"""What a profile's layout writes into: the blocks so far, the totals, and the build warnings."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from yusuan.catalog import Catalog
from yusuan.derive.rollup import Rollup
from yusuan.model.budget import REASON_SUBJECTS, Budget, SourceMessage
from yusuan.model.publication import PubBlock, PubHeading, PubParagraph, PubTable
from yusuan.profiles import Profile


@dataclass
class Writer:
    """The blocks written so far and the build warnings: what every layout appends to."""

    blocks: list[PubBlock] = field(default_factory=list, kw_only=True)
    messages: list[SourceMessage] = field(default_factory=list, kw_only=True)

    def heading(self, text: str, level: int, new_page: bool = False, in_toc: bool = True) -> None:
        self.blocks.append(PubHeading(text, level, in_toc=in_toc, new_page=new_page))

    def para(self, text: str) -> None:
        self.blocks.append(PubParagraph(text))

    def table(self, table: PubTable) -> None:
        self.blocks.append(table)

    def numbered_table(self, numbered: str, table: PubTable) -> None:
        """A standard table under its numbered heading (一、收支预算总表), on a page of its own."""
        self.heading(numbered, 2, new_page=bool(self.tables_so_far()))
        self.blocks.append(replace(table, title_level=3, numbered=numbered))

    def tables_so_far(self) -> int:
        return sum(1 for b in self.blocks if isinstance(b, PubTable) and b.numbered)


@dataclass
class Context(Writer):
    budget: Budget
    profile: Profile
    catalog: Catalog
    rollup: Rollup

    @property
    def unit(self) -> str:
        return self.budget.unit.value

    def warn(self, path: str, message: str) -> None:
        self.messages.append(SourceMessage("warning", self.budget.place(path), message))

    def subject_name(self, key: str) -> str:
        return REASON_SUBJECTS.get(key, key)

    def functional_lei(self) -> list[tuple[str, str]]:
        """The functional 类 rows of the two-sided tables, from the profile (template order)."""
        rows = self.profile.functional_lei_rows
        return [(code, self.rollup.name(code) or name) for code, name in rows]

    def economic_rows(self) -> list[tuple[str, str]]:
        """Department economic 类 and 款 (3xx codes) of the catalog, in code order."""
        skip = set(self.profile.economic_rows_skip)
        return sorted(
            (c, n)
            for c, n in self.catalog.economic.items()
            if c.startswith("3") and len(c) in (3, 5) and c not in skip
        )

    def glossary(self) -> list[tuple[str, str]]:
        return [(e.term, e.text) for e in self.profile.glossary]
