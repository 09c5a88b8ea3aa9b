"""The audit engine: a registry of rules run over a Disclosure, producing Findings."""

from yusuan.audit.engine import audit
from yusuan.audit.registry import RULES, Rule, all_rules
from yusuan.audit import rules as _rules  # noqa: E402,F401,I001  (importing registers every rule)

__all__ = ["RULES", "Rule", "all_rules", "audit"]
