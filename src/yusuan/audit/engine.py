"""Run every registered rule on a disclosure; one failing rule never stops the others."""

from __future__ import annotations

from collections.abc import Iterable

from yusuan.audit.check import Check
from yusuan.audit.registry import Rule, all_rules
from yusuan.catalog import Catalog
from yusuan.catalog import load as load_catalog
from yusuan.model import Disclosure, Finding, Provenance, Severity
from yusuan.profiles import Profile


def audit(
    d: Disclosure, profile: Profile, catalog: Catalog | None = None, rules: Iterable[Rule] | None = None
) -> list[Finding]:
    catalog = catalog or load_catalog()
    findings: list[Finding] = []
    trusted = d.trusted()  # rules see only the tables the extractor understood
    for rule in rules if rules is not None else all_rules():
        check = Check(rule.code, rule.name, rule.severity, trusted, profile, catalog, full=d)
        try:
            rule.func(check)
        except Exception as exc:  # a broken rule is a finding, not a crash
            check.findings.append(
                Finding(
                    rule="EN001",
                    name="engine.rule_failed",
                    severity=Severity.WARNING,
                    message=f"规则 {rule.code}（{rule.title}）执行出错，已跳过：{type(exc).__name__}: {exc}",
                    locations=[Provenance(d.path)],
                )
            )
        findings.extend(check.findings)
    findings.sort(key=lambda f: (f.severity.rank, min(f.lines, default=10**9), f.rule))
    return findings
