"""Run every registered rule on a disclosure; one failing rule never stops the others.

* Every rule sees the tables the extractor understood (``Disclosure.trusted``) with the numbers
  outside the checked range withheld (yusuan.audit.rules.ranges: EN002 reports each once, at its
  place): a 27-digit amount never reaches a rule's arithmetic.
* A rule reports through ``check.flag`` (or yields findings): what it reported before it failed
  is kept, its failure is one more finding (EN001) naming the rule, and the next rule runs.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from yusuan.audit.check import Check
from yusuan.audit.registry import Rule, all_rules
from yusuan.catalog import Catalog
from yusuan.catalog import load as load_catalog
from yusuan.model import Disclosure, Finding, Provenance, Severity
from yusuan.profiles import Profile


def audit(
    d: Disclosure, profile: Profile, catalog: Catalog | None = None, rules: Iterable[Rule] | None = None
) -> list[Finding]:
    from yusuan.audit.rules.ranges import withhold_out_of_range  # importing rules registers them all

    catalog = catalog or load_catalog()
    findings: list[Finding] = []
    trusted = withhold_out_of_range(d.trusted())  # what rules check: understood tables, checkable numbers
    for rule in rules if rules is not None else all_rules():
        check = Check(rule.code, rule.name, rule.severity, trusted, profile, catalog, full=d)
        try:
            result = rule.func(check)
            if isinstance(result, Iterator):  # a rule written as a generator of findings
                for finding in result:
                    check.findings.append(finding)
        except Exception as exc:  # a broken rule is a finding, not a crash
            check.findings.append(_failed(rule, exc, len(check.findings), d.path))
        findings.extend(check.findings)
    findings.sort(key=lambda f: (f.severity.rank, min(f.lines, default=10**9), f.rule))
    return findings


def _failed(rule: Rule, exc: Exception, kept: int, path: str) -> Finding:
    reason = (
        f"数值运算出错（{type(exc).__name__}）" if isinstance(exc, ArithmeticError) else type(exc).__name__
    )
    detail = str(exc).replace("\n", " ")[:200]
    if detail and not isinstance(exc, ArithmeticError):
        reason += f": {detail}"
    kept_note = f"此前报告的 {kept} 个问题保留，" if kept else ""
    return Finding(
        rule="EN001",
        name="engine.rule_failed",
        severity=Severity.WARNING,
        message=f"规则 {rule.code}（{rule.title}）执行出错，{kept_note}其余部分已跳过：{reason}",
        locations=[Provenance(path)],
    )
