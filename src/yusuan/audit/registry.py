"""The rule registry: every rule has a stable code, a dotted name, a severity, a Chinese title."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from yusuan.model import Finding, Severity

FAMILIES = {
    "AR": "表内运算",
    "XT": "表间勾稽",
    "TX": "文字与表格",
    "ST": "完整性与结构",
    "CD": "科目编码",
    "PF": "绩效目标",
    "WD": "文字规范",
    "FN": "决算",
    "EN": "检查引擎",
}


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    title: str
    func: Callable[..., Iterator[Finding] | None]

    @property
    def family(self) -> str:
        return FAMILIES[self.code[:2]]

    @property
    def doc(self) -> str:
        return inspect.getdoc(self.func) or ""


RULES: dict[str, Rule] = {}


def rule(
    code: str, name: str, severity: Severity, title: str
) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Register a rule function `f(check)`; it reports through `check.flag(...)`."""

    def register(func: Callable[..., None]) -> Callable[..., None]:
        if code in RULES:
            raise ValueError(f"duplicate rule code {code}")
        if not inspect.getdoc(func):
            raise ValueError(f"rule {code} needs a docstring")
        RULES[code] = Rule(code, name, severity, title, func)
        return func

    return register


def all_rules() -> list[Rule]:
    from yusuan.audit import rules  # noqa: F401  (importing registers every rule)

    return [RULES[k] for k in sorted(RULES)]
