"""yusuan check on every PDF of ../shared/corpus/national (its INDEX.md describes them): the template
picked, the standard tables found by role and those understood, and every error-level finding.

Each error pinned here was read against the PDF (pdftotext and the rendered page) and is a defect as
printed; the tables found were compared with the table list INDEX.md gives per file. A table found but
not understood is reported once (ST411) and none of its figures is checked.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from yusuan.pipeline import CheckResult, check_path

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "national"
pytestmark = pytest.mark.skipif(
    not CORPUS.is_dir(), reason=f"{CORPUS} is not here (../shared beside the repository)"
)

# file stem -> (tables found by role, tables understood)
TABLES: dict[str, tuple[str, str]] = {
    "2019_jiangsu_prov_rendachangweihui_bangongting_dept_budget": (
        "admin_running_table econ_basic expense fiscal fiscal_econ_basic fiscal_func gov_fund gpb income procurement sangong summary",
        "admin_running_table econ_basic expense fiscal fiscal_econ_basic fiscal_func gov_fund gpb procurement",
    ),
    "2019_jiangsu_prov_renminjianchayuan_dept_budget": (
        "admin_running_table econ_basic expense fiscal fiscal_econ_basic fiscal_func gov_fund gpb income procurement sangong summary",
        "admin_running_table econ_basic expense fiscal fiscal_econ_basic fiscal_func gov_fund gpb procurement",
    ),
    "2019_jiangsu_prov_zhengxie_bangongting_dept_budget": (
        "admin_running_table econ_basic expense fiscal fiscal_econ_basic fiscal_func gov_fund gpb income procurement sangong summary",
        "admin_running_table econ_basic expense fiscal fiscal_econ_basic fiscal_func gov_fund gpb procurement",
    ),
    "2019_shaanxi_xian_anquanshengchanjianduguanliju_dept_budget": (
        "carryover econ econ_basic expense fiscal gov_fund gpb gpb_basic_func income performance procurement project sangong summary",
        "carryover econ gov_fund gpb_basic_func performance procurement project",
    ),
    "2020_shaanxi_xian_renliziyuanshehuibaozhangju_dept_budget": (
        "carryover econ econ_basic expense fiscal gov_fund gpb gpb_basic_func income performance procurement project sangong summary",
        "carryover econ gpb gpb_basic_func income performance procurement project sangong",
    ),
    "2021_shaanxi_xian_xuanchuanbu_dept_budget": (
        "carryover econ econ_basic expense fiscal gov_fund gpb gpb_basic_func income performance procurement project sangong summary",
        "carryover econ econ_basic fiscal gpb gpb_basic_func income performance procurement project sangong summary",
    ),
    "2022_shaanxi_xian_qixiangju_dept_budget": (
        "carryover econ econ_basic expense fiscal gov_fund gpb gpb_basic_func income performance procurement project sangong summary",
        "carryover econ fiscal gpb gpb_basic_func performance procurement project sangong summary",
    ),
    "2025_hunan_changsha_gonganju_dept_budget": (
        "econ_basic expense fiscal gov_fund gpb income sangong summary",
        "econ_basic expense fiscal gov_fund gpb sangong summary",
    ),
    "2025_jiangsu_wuxi_fazhangaigewei_dept_budget": (
        "admin_running_table econ_basic expense fiscal fiscal_econ_basic fiscal_func gov_fund gpb income procurement sangong soe summary",
        "admin_running_table econ_basic expense fiscal fiscal_econ_basic fiscal_func gov_fund gpb procurement sangong soe summary",
    ),
    "2025_shaanxi_xian_xingzhengshenpifuwuju_dept_budget": (
        "carryover econ econ_basic expense fiscal gov_fund gpb gpb_basic_func income performance procurement project sangong summary",
        "carryover econ econ_basic fiscal gov_fund gpb gpb_basic_func performance procurement project sangong summary",
    ),
    "2026_beijing_shenjiju_dept_budget": (
        "econ_basic expense fiscal gov_fund gpb income performance procurement sangong services soe summary",
        "econ_basic expense fiscal gov_fund performance procurement sangong services soe summary",
    ),
    "2026_beijing_shichangjianduguanliju_dept_budget": (
        "econ_basic expense fiscal gov_fund gpb income performance procurement sangong services soe summary",
        "econ_basic fiscal gov_fund income performance procurement sangong services soe summary",
    ),
    "2026_chongqing_kexuejishuju_dept_budget": (
        "econ_basic expense fiscal gov_fund gpb income performance procurement sangong summary",
        "econ_basic expense fiscal gov_fund gpb income performance procurement sangong",
    ),
    "2026_chongqing_shuiliju_dept_budget": (
        "econ_basic expense fiscal gov_fund gpb income performance procurement sangong summary",
        "econ_basic expense fiscal gov_fund gpb income performance procurement sangong",
    ),
    "2026_fujian_fuzhou_yiliaobaozhangju_dept_budget": (
        "econ econ_basic expense fiscal gov_fund gpb income performance sangong soe summary",
        "econ econ_basic expense fiscal gov_fund gpb income performance sangong soe summary",
    ),
    "2026_fujian_quanzhou_shichangjianguan_jiancezhongxin_unit_budget": (
        "econ econ_basic expense fiscal gov_fund gpb income sangong soe summary",
        "econ econ_basic expense fiscal gov_fund gpb income sangong soe summary",
    ),
    "2026_fujian_quanzhou_zhengfubangongshi_dept_budget": (
        "econ econ_basic expense fiscal gov_fund gpb income sangong soe summary",
        "econ econ_basic expense fiscal gov_fund gpb income sangong soe summary",
    ),
    "2026_guangdong_guangzhou_shengtaihuanjingju_dept_budget": (
        "basic econ_basic expense fiscal gov_fund gpb income project project_econ sangong soe summary",
        "basic econ_basic expense fiscal gov_fund gpb income project project_econ sangong soe summary",
    ),
    "2026_guangdong_shenzhen_dapeng_guihuaziranziyuan_guanliju_dept_budget": (
        "basic econ expense fiscal gov_fund gpb income project sangong soe summary",
        "basic econ expense fiscal gov_fund gpb income project soe summary",
    ),
    "2026_guangdong_zhuhai_jiaotongshizheng_gongwuzhongxin_dept_budget": (
        "basic econ_basic expense fiscal gov_fund gpb income project project_econ sangong soe summary",
        "basic econ_basic expense fiscal gov_fund gpb income project project_econ sangong soe summary",
    ),
    "2026_hunan_changsha_zhijiaojidi_xietiaoban_dept_budget": (
        "econ_basic expense fiscal gov_fund gpb income sangong summary",
        "econ_basic expense fiscal gov_fund gpb sangong summary",
    ),
    "2026_jiangsu_suzhou_shuiwuju_unit_budget": (
        "admin_running_table econ_basic expense fiscal fiscal_econ_basic fiscal_func gov_fund gpb income procurement sangong soe summary",
        "admin_running_table econ_basic expense fiscal fiscal_econ_basic fiscal_func gov_fund gpb income procurement sangong soe summary",
    ),
    "2026_shandong_yantai_minzhengju_dept_budget": (
        "basic econ_basic expense fiscal gov_fund gpb income performance procurement project sangong soe summary",
        "basic expense fiscal gov_fund gpb performance procurement project sangong soe summary",
    ),
    "2026_zhejiang_hangzhou_sifaju_dept_budget": (
        "econ_basic expense fiscal gov_fund gpb income performance project sangong soe summary",
        "gov_fund income performance project sangong",
    ),
    "2026_zhejiang_huzhou_caizhengju_dept_budget": (
        "econ_basic expense fiscal gov_fund gpb income performance project sangong soe summary",
        "econ_basic fiscal gov_fund gpb income performance project sangong summary",
    ),
}

# Every error-level finding, with the defect it names (checked against the printed page):
ERRORS: dict[str, list[tuple[str, str]]] = {
    # the units' 合计 column leaves out 上年结转 (60.37 + 3.82 + 26.38), the printed 合计 row includes it
    "2020_shaanxi_xian_renliziyuanshehuibaozhangju_dept_budget": [("AR102", "相差 90.57")],
    # 21999 其他支出 is printed twice under 219 in both tables (p14, p21)
    "2025_jiangsu_wuxi_fazhangaigewei_dept_budget": [
        ("CD508", "“支出总表”中科目 21999 出现 2 次"),
        ("CD508", "“一般公共预算支出表”中科目 21999 出现 2 次"),
    ],
    # "下降9.88％。主要原因是" and then the list of 三公 items: the reason is missing (p30)
    "2026_shandong_yantai_minzhengju_dept_budget": [("WD705", "主要原因是")],
}


@cache
def _checked(stem: str) -> CheckResult:
    return check_path(CORPUS / f"{stem}.pdf")


@pytest.mark.parametrize("stem", sorted(TABLES))
def test_tables_found_by_role_and_understood(stem: str) -> None:
    result = _checked(stem)
    assert result.error is None and result.disclosure is not None
    assert result.disclosure.profile == "national"
    found, understood = TABLES[stem]
    assert sorted(result.disclosure.tables) == found.split()
    got = sorted(t.id for t in result.disclosure.tables.values() if t.understood)
    assert got == understood.split()
    doubted = [f for f in result.findings if f.rule == "ST411" and "未能可靠读取" in f.message]
    assert len([t for t in result.disclosure.tables.values() if not t.understood]) <= len(doubted)


@pytest.mark.parametrize("stem", sorted(TABLES))
def test_every_error_is_a_printed_defect(stem: str) -> None:
    result = _checked(stem)
    errors = [f for f in result.findings if f.severity.value == "error"]
    expected = ERRORS.get(stem, [])
    assert len(errors) == len(expected), [f.message for f in errors]
    for rule, words in expected:
        assert any(f.rule == rule and words in f.message for f in errors), (rule, words)


def test_the_final_accounts_is_checked_as_final_accounts() -> None:
    result = check_path(CORPUS / "2022_shaanxi_xian_weishengjiankangwei_dept_final.pdf")
    assert result.error is None and result.disclosure is not None
    assert (result.disclosure.document, result.disclosure.profile) == ("部门决算", "national_final")


def test_median_errors_per_budget_is_at_most_one() -> None:
    counts = sorted(len(ERRORS.get(stem, [])) for stem in TABLES)
    assert counts[len(counts) // 2] <= 1 and len(counts) == 25


def test_a_finding_points_at_the_cell_with_its_column_and_box() -> None:
    result = _checked("2020_shaanxi_xian_renliziyuanshehuibaozhangju_dept_budget")
    finding = next(f for f in result.findings if f.rule == "AR102")
    stated = finding.locations[0]  # the printed 合计 182157.13
    assert stated.text == "182157.13" and stated.page == 30
    assert stated.cell is not None and stated.cell >= 2  # right of 单位编码 | 单位名称
    assert stated.bbox is not None and stated.bbox[0] < stated.bbox[2] and stated.bbox[1] < stated.bbox[3]
    assert {"cell", "bbox"} <= set(stated.to_dict())
