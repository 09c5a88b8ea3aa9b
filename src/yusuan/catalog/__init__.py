"""Classification catalogs (functional 类/款/项, department and government economic 类/款).

The bundled lists are partial and unverified (see data/, copied from the project's shared
reference data): a code absent from them is a warning, never an error.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Catalog:
    functional: dict[str, str]  # code -> name (类 complete; 款/项 partial)
    economic: dict[str, str]  # department economic 301… and government 501… codes -> name

    def functional_name(self, code: str) -> str | None:
        return self.functional.get(code)

    def economic_name(self, code: str) -> str | None:
        return self.economic.get(code)

    def knows_functional_level(self, code: str) -> bool:
        """Whether absence from the catalog means something at this code's level: only for 类, the one
        level the bundled list has complete. Its 款 and 项 are the few personnel lines, so a 款 such as
        20802 民政管理事务 being absent says nothing (flagging it was wrong on every Shanghai budget)."""
        return len(code) == 3


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files(__package__).joinpath("data", name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


@cache
def load() -> Catalog:
    functional = {r["code"]: r["name"] for r in _rows("func_lei_compiled_UNVERIFIED.csv")}
    for r in _rows("func_personnel_items_compiled_UNVERIFIED.csv"):
        parts = r["path_lei_kuan_xiang"].split("/")
        code = r["code"]
        if len(parts) == 3:
            functional.setdefault(code[:5], parts[1])
            functional.setdefault(code, parts[2])
    economic = {r["code"]: r["name"] for r in _rows("econ_dept_compiled_UNVERIFIED.csv")}
    economic.update({r["code"]: r["name"] for r in _rows("econ_gov_compiled_UNVERIFIED.csv")})
    return Catalog(functional=functional, economic=economic)
