"""The real 决算 of ../shared/corpus read as final accounts: kind, template family, every one of the
nine tables found and understood, and the figures that the 决算 rules build on, as printed.

Skipped with a reason when ../shared is not beside the repository.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from yusuan import profiles
from yusuan.cli.main import app
from yusuan.model import Disclosure
from yusuan.pipeline import read_disclosure
from yusuan.read import read_document

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
SHANGHAI = CORPUS / "shanghai" / "final"
NATIONAL = CORPUS / "national"
NINE = {"summary", "income", "expense", "fiscal", "gpb", "econ_basic", "sangong", "gov_fund", "soe"}


def _d(x: str) -> Decimal:
    return Decimal(x)


# file → (总计 of 收入支出决算总表, 三公 合计 (决算数, 预算数), 人员经费合计, 公用经费合计, units)
EXPECTED = {
    SHANGHAI / "2024_putuo_guihuaziyuan_dept_final.pdf": (
        "9859.38", ("0.39", "2.85"), "4884.09", "480.66", 5,
    ),
    SHANGHAI / "2024_putuo_shehuigongzuobu_dept_final.pdf": ("307.82", (None, None), "95.36", "10.23", 2),
    NATIONAL / "2022_shaanxi_xian_weishengjiankangwei_dept_final.pdf": (
        "2480372.70", ("587.55", "593.46"), "96513.21", "2093.08", 28,
    ),
}  # fmt: skip

_cache: dict[Path, Disclosure] = {}


def disclosure(path: Path) -> Disclosure:
    if path not in _cache:
        _cache[path] = read_disclosure(read_document(path))[0]
    return _cache[path]


def params() -> list[object]:
    return [
        pytest.param(p, *v, id=p.name)
        if p.is_file()
        else pytest.param(p, *v, id=p.name, marks=pytest.mark.skip(reason=f"{p} is not here (../shared)"))
        for p, v in EXPECTED.items()
    ]


@pytest.mark.parametrize(("path", "total", "sangong", "personnel", "public", "units"), params())
def test_a_real_final_is_read_as_final_accounts(
    path: Path,
    total: str,
    sangong: tuple[str | None, str | None],
    personnel: str,
    public: str,
    units: int,
) -> None:
    d = disclosure(path)
    assert d.document == "部门决算" and d.final
    assert profiles.load(d.profile).document == "final"
    assert {t for t, table in d.tables.items() if table.understood} >= NINE, {
        t: table.doubt for t, table in d.tables.items()
    }
    summary = d.tables["summary"]
    totals = {r.section: r.values["amount"] for r in summary.rows if r.is_total}
    assert {s: m.value if m else None for s, m in totals.items()} == {
        "income": _d(total),
        "expense": _d(total),
    }
    row = d.tables["sangong"].by_key("sangong.total")
    assert row is not None
    printed = tuple(None if m is None else m.value for m in (row.values["total"], row.values.get("budget")))
    assert printed == tuple(None if x is None else _d(x) for x in sangong)
    econ = d.tables["econ_basic"]
    group_totals = {k: econ.by_key(f"{k}_total") for k in ("personnel", "public")}
    assert {k: r.values["total"].value for k, r in group_totals.items() if r and r.values["total"]} == {
        "personnel": _d(personnel),
        "public": _d(public),
    }
    assert len(d.units) == units
    assert d.targets == []  # the 绩效自评表 are not 绩效目标表


@pytest.mark.skipif(not NATIONAL.is_dir(), reason="../shared is not here")
def test_the_shaanxi_final_has_its_columns() -> None:
    d = disclosure(NATIONAL / "2022_shaanxi_xian_weishengjiankangwei_dept_final.pdf")
    fund = d.tables["gov_fund"].total()
    assert fund is not None
    values = {k: (m.value if m else None) for k, m in fund.values.items()}
    assert values == {
        "carry_in": _d("58830.98"),
        "income": _d("509220.66"),
        "total": _d("568051.63"),
        "basic": None,
        "project": _d("568051.63"),
        "carry_out": None,
    }
    expense = d.tables["summary"].by_key("income.carry_in")
    assert expense is not None and expense.values["amount"] is not None
    assert expense.values["amount"].value == _d("465278.48")
    # the 87 项目 and the 部门整体 绩效自评表 are kept together as the performance listing
    assert "performance" in d.tables and len(d.tables["performance"].rows) > 1000


@pytest.mark.skipif(not (NATIONAL.is_dir() and SHANGHAI.is_dir()), reason="../shared is not here")
def test_a_mixed_batch_names_the_kind_of_each_document() -> None:
    paths = [
        NATIONAL / "2022_shaanxi_xian_weishengjiankangwei_dept_final.pdf",
        NATIONAL / "2026_jiangsu_suzhou_shuiwuju_unit_budget.pdf",
        SHANGHAI / "2024_putuo_shehuigongzuobu_dept_final.pdf",
        CORPUS / "shanghai" / "budget" / "2025_putuo_zhengfuban_dept.pdf",
        SHANGHAI / "template_dept_final.pdf",
    ]
    result = CliRunner().invoke(app, ["check", "--format", "json", *map(str, paths)])
    assert "Traceback" not in result.output
    docs = {Path(d["path"]).name: d for d in json.loads(result.stdout)["documents"]}
    kinds = {name: (d.get("document"), d.get("profile")) for name, d in docs.items()}
    assert kinds["2022_shaanxi_xian_weishengjiankangwei_dept_final.pdf"] == ("部门决算", "national_final")
    assert kinds["2026_jiangsu_suzhou_shuiwuju_unit_budget.pdf"] == ("单位预算", "national")
    assert kinds["2024_putuo_shehuigongzuobu_dept_final.pdf"][0] == "部门决算"
    assert kinds["2025_putuo_zhengfuban_dept.pdf"] == ("部门预算", "shanghai")
    template = docs["template_dept_final.pdf"]
    assert template.get("document") is None and "未填写的部门决算模板" in template["error"]
    for name, d in docs.items():
        if d.get("document"):
            assert d["document_reason"].startswith(f"识别为{d['document']}："), name
