"""The audit engine: a registry of rules run over a Disclosure, producing Findings."""

from yusuan.audit import rules as _rules  # noqa: F401  (importing registers every rule)
from yusuan.audit.engine import audit
from yusuan.audit.registry import RULES, Rule, all_rules

__all__ = ["RULES", "Rule", "all_rules", "audit"]
