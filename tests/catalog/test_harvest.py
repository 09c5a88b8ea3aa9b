"""tools/harvest_codes.py on small literal snippets of each shape the corpus prints, and the shipped
observed_codes.csv / observed_conflicts.csv against a fresh harvest of ../shared/corpus."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"
DATA = ROOT / "src" / "yusuan" / "catalog" / "data"


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("harvest_codes", ROOT / "tools" / "harvest_codes.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules["harvest_codes"] = mod
    spec.loader.exec_module(mod)
    return mod


hc = _tool()


def test_fused_codes_several_per_line() -> None:
    # Beijing 2026 支出总表: functional, government and department economic code on one row
    line = "2010801-行政运行             50101-工资奖金津补贴       30101-基本工资                 3,138.093600     3,138.093600"
    assert hc.harvest_layout(line) == [
        ("2010801", "行政运行"),
        ("50101", "工资奖金津补贴"),
        ("30101", "基本工资"),
    ]


def test_fused_local_sub_item_is_not_a_code() -> None:
    assert hc.harvest_layout("2010801-行政运行   50201-办公经费   3021101-差旅费   46.560000") == [
        ("2010801", "行政运行"),
        ("50201", "办公经费"),
    ]


def test_bracketed_codes() -> None:
    text = "  [2080505]机关事业单位基本养老保险缴费支出             3,671.94               3,671.94\n[30227]委托业务费    12.00\n"
    assert hc.harvest_layout(text) == [
        ("2080505", "机关事业单位基本养老保险缴费支出"),
        ("30227", "委托业务费"),
    ]


def test_code_and_name_in_separate_columns() -> None:
    text = (
        "201                一般公共服务支出                10,191.56\n"
        "  20102            政协事务                        10,191.56\n"
        "    2010201        行政运行                         6,000.00\n"
        "301               工资福利支出                 4,367.96\n"
    )
    assert hc.harvest_layout(text) == [
        ("201", "一般公共服务支出"),
        ("20102", "政协事务"),
        ("2010201", "行政运行"),
        ("301", "工资福利支出"),
    ]


def test_split_lei_kuan_xiang_columns() -> None:
    # Hunan / Shanghai: 类 款 项 in three columns, 类 rows fill only the first
    text = (
        " 204               公共安全支出                    68,629.12         28,398.17   40,230.95\n"
        " 204    02    01        行政运行                 28,398.17         28,398.17\n"
        "201   05        统计信息事务              627,600     627,600\n"
    )
    assert hc.harvest_layout(text) == [
        ("204", "公共安全支出"),
        ("2040201", "行政运行"),
        ("20105", "统计信息事务"),
    ]


def test_two_systems_split_on_one_row() -> None:
    # Yantai 公开表10: 部门经济 301 01 beside 政府经济 501 01
    line = "301   01    基本工资             501    01   工资奖金津补贴               187.70        187.70"
    assert hc.harvest_layout(line) == [("30101", "基本工资"), ("50101", "工资奖金津补贴")]


def test_two_digit_rows_rebuilt_from_the_rows_above() -> None:
    # Yantai: 款 and 项 rows print only their own two digits; the column tells 款 from 项
    text = (
        "208               社会保障和就业支出                  3,385.35\n"
        "\n"
        "       02          民政管理事务                    1,216.39\n"
        "\n"
        "             01     行政运行                      668.77\n"
        "\n"
        "             06     社会组织管理                   60.00\n"
        "\n"
        "       05          行政事业单位养老支出            599.16\n"
        "\n"
        "             01     行政单位离退休                 141.89\n"
    )
    assert hc.harvest_layout(text) == [
        ("208", "社会保障和就业支出"),
        ("20802", "民政管理事务"),
        ("2080201", "行政运行"),
        ("2080206", "社会组织管理"),
        ("20805", "行政事业单位养老支出"),
        ("2080501", "行政单位离退休"),
    ]


def test_name_wrapped_above_and_on_the_code_line() -> None:
    # Yantai: the cell is centred, so the first half of the name sits on the line above
    text = (
        "           02       事业单位离退休         153.69    143.60\n"
        "\n"
        "                  机关事业单位基本养老保\n"
        "           05   险缴费支出               274.20    240.55\n"
        "\n"
        "                    其他行政事业单位养老支\n"
        "           99                         3.56       3.56        3.56\n"
        "                出\n"
    )
    ctx_text = "208  社会保障和就业支出   1.00\n05   行政事业单位养老支出   1.00\n" + text
    pairs = hc.harvest_layout(ctx_text)
    assert ("2080505", "机关事业单位基本养老保险缴费支出") in pairs
    assert ("2080599", "其他行政事业单位养老支出") in pairs


def test_name_printed_only_above_the_code() -> None:
    # Xi'an 2019: the name on its own line, the full code and the amounts below it
    text = (
        "   05      行政事业单位离退休                  113.28          81.23\n"
        "           机关事业单位基本养老保险缴费\n"
        " 2080505                               81.23          81.23\n"
    )
    assert hc.harvest_layout("   208     社会保障和就业支出     115.11\n" + text)[-1] == (
        "2080505",
        "机关事业单位基本养老保险缴费",
    )


def test_wrapping_is_resolved_by_names_printed_whole_elsewhere() -> None:
    # Wuxi: top-aligned cells, the tail 支出 below belongs to the row above, not to the next one
    text = (
        "      2080505   机关事业单位基本养老保险缴费        466.24       466.24\n"
        "                支出\n"
        "      2080506   机关事业单位职业年金缴费支出        233.12       233.12\n"
    )
    known = {
        "2080505": {"机关事业单位基本养老保险缴费支出"},
        "2080506": {"机关事业单位职业年金缴费支出"},
    }
    assert hc.harvest_layout(text, known) == [
        ("2080505", "机关事业单位基本养老保险缴费支出"),
        ("2080506", "机关事业单位职业年金缴费支出"),
    ]


def test_figures_in_prose_and_target_tables_are_not_codes() -> None:
    text = (
        "     产出指标    数量指标      购置便携式计算机          ＝    209   台\n"
        "（6）机关事业单位基本养老保险缴费支出（2080505）145.00 万元，较上年增加 7.73 万元\n"
        "  2026 年部门预算\n"
        "125001 西安市安全生产监督管理局      1,000.00\n"
    )
    assert hc.harvest_layout(text) == []


def test_markdown_cells() -> None:
    text = (
        "2013201\t行政运行 (组织事务)\t2,161.77\t2,161.77\n"
        "2013299\t其他组织 事务支出\t1516.00\n"
        "<b>301</b>\t<b>工资福利支出</b>\t538.57\n"
        "| 30201 | 办公费 | 1.00 |\n"
    )
    assert hc.harvest_markdown(text) == [
        ("2013201", "行政运行（组织事务）"),
        ("2013299", "其他组织事务支出"),
        ("301", "工资福利支出"),
        ("30201", "办公费"),
    ]


def test_systems_and_years() -> None:
    assert [hc.system_of(c) for c in ("2080505", "30101", "50101", "303", "3021101", "299", "101")] == [
        "functional", "econ_dept", "econ_gov", "econ_dept", None, None, None,
    ]  # fmt: skip
    assert hc.document_year(Path("2019_jiangsu_x.pdf"), "") == 2019
    assert hc.document_year(Path("000_2bbe3a14c73fd150.txt"), "**2023 年度中共福州市") == 2023


def test_project_tables_under_a_code_are_dropped() -> None:
    pairs = [
        ("2010306", "政务大厅绿植养护项目"),
        ("2010306", "综合业务工作经费"),
        ("2010306", "政务公开审批"),
    ]
    assert hc._project_lists(pairs, {"2010306": {"政务公开审批"}}) == [("2010306", "政务公开审批")]
    assert hc._project_lists(pairs[:2], {}) == pairs[:2]


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"{CORPUS} is not here (../shared beside the repository)")
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_shipped_csv_is_what_the_harvester_produces() -> None:
    fresh = hc.build(CORPUS)
    for name, text in fresh.items():
        assert (DATA / name).read_text(encoding="utf-8") == text, f"{name}: rerun tools/harvest_codes.py"
