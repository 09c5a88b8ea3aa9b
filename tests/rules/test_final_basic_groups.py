"""FN818 / FN819 on the 基本支出决算表 as the real 决算 print it: 科目编码 | 科目名称 | 决算数 groups side by side,
closed by 人员经费合计 and 公用经费合计 (built from the example 决算, then one figure changed)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from yusuan.audit import audit
from yusuan.audit.registry import RULES
from yusuan.derive import derive
from yusuan.model import Finding
from yusuan.pipeline import read_disclosure
from yusuan.read import read_text
from yusuan.render.markdown import to_markdown
from yusuan.source import load_source

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "putuo_street_final_2024.yaml"


@cache
def built() -> str:
    accounts, _ = load_source(EXAMPLE)
    return to_markdown(derive(accounts).publication)


def findings(text: str, code: str) -> list[Finding]:
    d, chosen = read_disclosure(read_text(text, "final.md"))
    assert d.final and "econ_basic" in d.tables and d.tables["econ_basic"].understood
    return audit(d, chosen.profile, rules=[RULES[code]])


def changed(old: str, new: str) -> tuple[str, int]:
    lines = built().split("\n")
    i = next(n for n, line in enumerate(lines) if old in line)
    lines[i] = lines[i].replace(old, new, 1)
    return "\n".join(lines), i + 1


def test_the_built_groups_hold() -> None:
    assert findings(built(), "FN818") == [] and findings(built(), "FN819") == []


def test_a_group_total_that_is_not_the_sum_of_its_classes() -> None:
    text, line = changed("<b>公用经费合计</b>\t224.75", "<b>公用经费合计</b>\t225.75")
    got = findings(text, "FN818")
    assert [(f.expected, f.actual) for f in got] == [("224.75", "225.75")]
    assert line in got[0].lines and "302 商品和服务支出" in got[0].message


def test_a_class_changed_under_its_group_total() -> None:
    text, line = changed("<b>工资福利支出</b>\t3,388.01", "<b>工资福利支出</b>\t3,398.01")
    got = findings(text, "FN818")
    assert [(f.expected, f.actual) for f in got] == [("3,398.01", "3,388.01")]
    assert line in got[0].lines


def test_the_groups_against_the_general_budget_basic_spending() -> None:
    text, line = changed("<b>公用经费合计</b>\t224.75", "<b>公用经费合计</b>\t234.75")
    got = findings(text, "FN819")
    assert [(f.expected, f.actual) for f in got] == [("3,612.76", "3,622.76")]
    assert line in got[0].lines
