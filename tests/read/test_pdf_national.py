"""The PDF reader on the 26 PDFs of ../shared/corpus/national (described in its INDEX.md): every
file reads, and hand-checked rows come out as a person sees them.

The oracle is `pdftotext -layout FILE -` (poppler 22.12): ROWS below were copied by hand from its
output (the page number is the PDF page, 1-based) and checked against the page rendered as an
image where the text layer and the page disagree (clipped text, amounts split over two lines).
A row is given by a label cell and the non-empty cells that follow it in the row, in order.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from yusuan.model import Document, Heading, Paragraph, TableBlock
from yusuan.read import read_document

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "corpus"
CORPUS = SHARED / "national"
SHANGHAI = SHARED / "shanghai" / "budget"

pytestmark = pytest.mark.skipif(
    not CORPUS.is_dir(), reason=f"{CORPUS} is not here (../shared beside the repository)"
)

FILES = sorted(p.name for p in CORPUS.glob("*.pdf")) if CORPUS.is_dir() else []


@cache
def doc(name: str) -> Document:
    return read_document(CORPUS / name)


def rows_on(document: Document, page: int) -> list[list[str]]:
    """The texts of every table row with a cell on ``page``."""
    return [
        [c.text for c in row]
        for block in document.blocks
        if isinstance(block, TableBlock)
        for row in block.rows
        if any(c.page == page for c in row)
    ]


def after(document: Document, page: int, label: str) -> list[list[str]]:
    """For each row on ``page`` with a cell reading ``label``: the non-empty cells after it.
    Spaces in the label are layout (pdftotext pads "一、货物 A"), not compared."""
    out = []
    for row in rows_on(document, page):
        for i, text in enumerate(row):
            if text.replace(" ", "") == label.replace(" ", ""):
                out.append([t for t in row[i + 1 :] if t])
    return out


# (file, page, label, the non-empty cells that follow it in its row), from pdftotext -layout
ROWS = [
    # rotated pages (/Rotate 90, text upright when shown)
    (
        "2019_jiangsu_prov_rendachangweihui_bangongting_dept_budget.pdf",
        1,
        "一、财政拨款",
        ["18,330.37", "一、一般公共服务支出", "13,907.78", "一、基本支出", "9,312.90"],
    ),
    (
        "2019_jiangsu_prov_zhengxie_bangongting_dept_budget.pdf",
        1,
        "一、财政拨款",
        ["13,297.11", "一、一般公共服务支出", "10,271.56", "一、基本支出", "6,522.75"],
    ),
    ("2019_jiangsu_prov_zhengxie_bangongting_dept_budget.pdf", 1, "三、其他资金", ["80.00", "五、教育支出"]),
    ("2019_jiangsu_prov_renminjianchayuan_dept_budget.pdf", 22, "一、货物 A", ["303.40"]),
    # the page shows 经费支 cut at the cell's edge (出 is in the text layer, clipped: pdftotext has it)
    (
        "2019_shaanxi_xian_anquanshengchanjianduguanliju_dept_budget.pdf",
        3,
        "1、财政拨款",
        ["3,643.37", "1、一般公共服务", "1、人员经费和公用经费支", "2,022.39"],
    ),
    (
        "2020_shaanxi_xian_renliziyuanshehuibaozhangju_dept_budget.pdf",
        29,
        "(1)一般公共预算拨款收入",
        ["181716.56", "2、外交", "0", "(1)工资福利支出", "7804.52"],
    ),
    (
        "2021_shaanxi_xian_xuanchuanbu_dept_budget.pdf",
        16,
        "一、部门预算",
        ["258596001.79", "一、部门预算", "258596001.79", "一、部门预算", "258596001.79"],
    ),
    (
        "2021_shaanxi_xian_xuanchuanbu_dept_budget.pdf",
        16,
        "1、财政拨款",
        ["258596001.79", "1、一般公共服务支出", "48615794.92", "1、人员经费和公用经费支出", "23174401.79"],
    ),
    (
        "2022_shaanxi_xian_weishengjiankangwei_dept_final.pdf",
        146,
        "一、一般公共预算财政拨款收入",
        ["1", "296,030.91", "一、一般公共服务支出", "31", "56.00"],
    ),
    (
        "2022_shaanxi_xian_weishengjiankangwei_dept_final.pdf",
        146,
        "五、事业收入",
        ["5", "1,110,972.11", "五、教育支出", "35", "5,590.29"],
    ),
    (
        "2025_hunan_changsha_gonganju_dept_budget.pdf",
        13,
        "一、本级财政拨款收入",
        ["68,632.12", "一、基本支出", "28,398.17"],
    ),
    (
        "2025_jiangsu_wuxi_fazhangaigewei_dept_budget.pdf",
        11,
        "一、一般公共预算拨款收入",
        ["9,947.88", "一、一般公共服务支出", "5,368.21"],
    ),
    (
        "2025_shaanxi_xian_xingzhengshenpifuwuju_dept_budget.pdf",
        21,
        "其中：专项资金列入部门预算的项目",
        ["11,815,120.00", "3、国防支出", "(2)商品和服务支出", "2,002,091.90"],
    ),
    ("2026_beijing_shenjiju_dept_budget.pdf", 3, "30101-基本工资", ["3,138.093600", "3,138.093600"]),
    (
        "2026_beijing_shichangjianduguanliju_dept_budget.pdf",
        3,
        "30209-物业管理费",
        ["80.000000", "80.000000"],
    ),
    (
        "2026_chongqing_shuiliju_dept_budget.pdf",
        13,
        "合计",
        ["186,549.30", "128,148.56", "44,134.59", "11,791.50", "962.62", "1,512.04"],
    ),
    (
        "2026_fujian_fuzhou_yiliaobaozhangju_dept_budget.pdf",
        10,
        "一、一般公共预算拨款收入",
        ["351904.90", "一、一般公共服务支出"],
    ),
    (
        "2026_fujian_quanzhou_shichangjianguan_jiancezhongxin_unit_budget.pdf",
        8,
        "一、一般公共预算拨款收入",
        ["1468.70", "一、一般公共服务支出", "1216.89"],
    ),
    (
        "2026_fujian_quanzhou_zhengfubangongshi_dept_budget.pdf",
        13,
        "一、一般公共预算拨款收入",
        ["10984.81", "一、一般公共服务支出", "13215.69"],
    ),
    (
        "2026_guangdong_guangzhou_shengtaihuanjingju_dept_budget.pdf",
        34,
        "广州市生态环境局",
        ["6,822.96", "6,822.96", "5,024.25", "1,798.71", "0.00", "0.00", "0.00"],
    ),
    (
        "2026_guangdong_shenzhen_dapeng_guihuaziranziyuan_guanliju_dept_budget.pdf",
        16,
        "一、财政拨款",
        ["4,310.31", "一、社会保障和就业支出", "281.48"],
    ),
    (
        "2026_guangdong_shenzhen_dapeng_guihuaziranziyuan_guanliju_dept_budget.pdf",
        16,
        "三、单位资金",
        ["184.50", "二、卫生健康支出", "70.50"],
    ),
    (
        "2026_guangdong_zhuhai_jiaotongshizheng_gongwuzhongxin_dept_budget.pdf",
        12,
        "[301]工资福利支出",
        ["569.16"],
    ),
    (
        "2026_guangdong_zhuhai_jiaotongshizheng_gongwuzhongxin_dept_budget.pdf",
        12,
        "[30107]绩效工资",
        ["165.00"],
    ),
    (
        "2026_hunan_changsha_zhijiaojidi_xietiaoban_dept_budget.pdf",
        12,
        "一、本级财政拨款收入",
        ["656.73", "一、基本支出", "386.73"],
    ),
    (
        "2026_jiangsu_suzhou_shuiwuju_unit_budget.pdf",
        11,
        "二、政府性基金预算拨款收入",
        ["44,003.26", "二、外交支出"],
    ),
    (
        "2026_shandong_yantai_minzhengju_dept_budget.pdf",
        7,
        "政府性基金预算收入",
        ["1,501.28", "三、公共安全支出"],
    ),
    (
        "2026_shandong_yantai_minzhengju_dept_budget.pdf",
        7,
        "三、事业收入（不含教育收费）",
        ["329.34", "六、文化旅游体育与传媒支出"],
    ),
    (
        "2026_zhejiang_hangzhou_sifaju_dept_budget.pdf",
        23,
        "一、财政拨款",
        ["91,495.48", "一般公共服务支出", "12,868.19"],
    ),
    (
        "2026_zhejiang_huzhou_caizhengju_dept_budget.pdf",
        17,
        "一、财政拨款",
        ["6838.41", "一般公共服务支出", "5356.01"],
    ),
    # amounts whose decimals the text layer puts on a line of their own (pdftotext: "9,882" / ".28")
    ("2026_chongqing_kexuejishuju_dept_budget.pdf", 13, "专项基础科研", ["9,882.28", "9,882.28"]),
    (
        "2026_chongqing_kexuejishuju_dept_budget.pdf",
        10,
        "专项基础科研",
        ["9,882.28", "6,415.28", "1,467.00", "2,000.00"],
    ),
    # two amounts set flush right on both sides of a column rule, touching in the text layer
    (
        "2026_chongqing_kexuejishuju_dept_budget.pdf",
        9,
        "合计",
        ["168,441.81", "154,304.22", "3,252.59", "10,885.00"],
    ),
    (
        "2026_chongqing_kexuejishuju_dept_budget.pdf",
        9,
        "科学技术支出",
        ["161,603.34", "147,502.38", "3,215.96", "10,885.00"],
    ),
]


def test_the_corpus_is_all_here() -> None:
    assert len(FILES) == 26


@pytest.mark.parametrize("name", FILES)
def test_every_file_reads_with_tables(name: str) -> None:
    document = doc(name)
    assert document.pages and document.pages > 0
    tables = [b for b in document.blocks if isinstance(b, TableBlock)]
    assert len(tables) >= 10, f"{name}: {len(tables)} tables"
    for table in tables:
        for row in table.rows:
            for cell in row:
                assert cell.page is not None and cell.bbox is not None
                x0, top, x1, bottom = cell.bbox
                assert x0 <= x1 and top <= bottom


@pytest.mark.parametrize(("name", "page", "label", "cells"), ROWS)
def test_hand_checked_rows(name: str, page: int, label: str, cells: list[str]) -> None:
    found = after(doc(name), page, label)
    assert found, f"{name} p.{page}: no row labelled {label!r}"
    assert any(f[: len(cells)] == cells for f in found), f"{name} p.{page} {label!r}: {found}"


def test_text_an_excel_cell_clips_is_not_read() -> None:
    """2022 西安市气象局 p.18: names too long for their cells are cut at the cell's edge on the page
    (the rest of the text is in the text layer, hidden by the cell's clipping path, over the next
    cell); the amount beside each is a cell of its own."""
    document = doc("2022_shaanxi_xian_qixiangju_dept_budget.pdf")
    assert after(document, 18, "其中：专项资金列入部门预")[0][:2] == ["0.00", "3、国防支出"]
    assert after(document, 18, "其中：纳入财政专户管理的收")[0][:2] == ["0.00", "8、社会保障和就业支出"]
    # the name fills its cell up to the rule and the amount starts right after it
    assert after(document, 18, "1、人员经费和公用经费支出")[0][:2] == ["1839311.66", "1、机关工资福利支出"]
    assert after(document, 18, "(5)资本性支出(基本建")[0][:2] == ["0.00", "11、债务利息及费用支出"]
    texts = [c for row in rows_on(document, 18) for c in row]
    assert not any("部门预算的项目" in t for t in texts)


def test_an_amount_touching_the_text_of_the_next_cell_stays_in_its_cell() -> None:
    """2026 广州市生态环境局 p.34: the 其他资金 amount ends where the 绩效目标 text begins."""
    rows = after(doc("2026_guangdong_guangzhou_shengtaihuanjingju_dept_budget.pdf"), 34, "其他运行经费")
    assert rows[0][:7] == ["183.00", "183.00", "183.00", "0.00", "0.00", "0.00", "0.00"]
    assert rows[0][7].startswith("1、通过政府购买食堂服务及司机服务提供良好的后勤")
    assert "0.00" not in rows[0][7]


@pytest.mark.skipif(not SHANGHAI.is_dir(), reason=f"{SHANGHAI} is not here")
def test_text_clipped_below_the_last_line_of_a_page_is_not_read() -> None:
    """2025 普陀区财政局 p.7 carries items 9-11 of its list below the visible page area (clipped
    away); they are shown on p.8, which also carries the hidden start of the section. A person
    reads each paragraph once, where it is shown."""
    document = read_document(SHANGHAI / "2025_putuo_caizhengju_dept.pdf")
    paragraphs = [b for b in document.blocks if isinstance(b, Paragraph)]
    housing = [
        p
        for p in paragraphs
        if p.text.startswith("10.“住房保障支出（类）住房改革支出（款）住房公积金（项）”")
    ]
    assert [p.page for p in housing] == [8]
    income = [p for p in paragraphs if p.text.startswith("2025年，上海市普陀区财政局收入预算3,121.42万元")]
    assert [p.page for p in income] == [7]


def test_digits_of_a_taller_font_stay_on_their_line() -> None:
    """2026 重庆市科学技术局: the digits are set in a font whose loose boxes are twice the em, so
    they stood apart from the CJK of their line (a heading 2026 over 年部门收入总体情况表, the
    figures of a target sentence gathered at its end). pdftotext -layout, p.9 and p.27:
    "2026 年部门收入总体情况表", "单位名称:重庆市科学技术局", "2026年布局关键技术不少于260项,…"."""
    document = doc("2026_chongqing_kexuejishuju_dept_budget.pdf")
    headings = [b.text for b in document.blocks if isinstance(b, Heading) and b.page == 9]
    assert "2026年部门收入总体情况表" in headings
    lines = [b.text for b in document.blocks if isinstance(b, Paragraph) and b.page == 9]
    assert "单位名称:重庆市科学技术局" in lines
    target = after(document, 27, "当年绩效目标")[0][0]
    assert target.startswith("2026年布局关键技术不少于260项,获批国家自然基金项目数量不少于800项,")
    assert target.endswith("惠及受众不少于300万人次。")


def test_a_paragraph_set_with_wide_line_pitch_is_one_paragraph() -> None:
    """Word's fixed line pitch (31 pt for 16 pt type) leaves a gap of about one type size between
    the lines of a paragraph. pdftotext -layout, 2025 无锡市发展和改革委员会 p.3: "（一）拟订并组织实施
    全市国民经济和社会发展战略、中" / "长期规划和年度计划。…" … "章草案。"."""
    document = doc("2025_jiangsu_wuxi_fazhangaigewei_dept_budget.pdf")
    paragraphs = [b.text for b in document.blocks if isinstance(b, Paragraph) and b.page == 3]
    assert (
        "（一）拟订并组织实施全市国民经济和社会发展战略、中长期规划和年度计划。牵头组织全市统一规划体系建设，"
        "负责市级专项规划、区域规划、空间规划与全市发展规划的统筹衔接。组织起草全市国民经济和社会发展等有关地方性法规、"
        "规章草案。"
    ) in paragraphs
    # and across a page break once the page number under the text is dropped (2026 重庆市水利局 p.1-2)
    document = doc("2026_chongqing_shuiliju_dept_budget.pdf")
    third = [
        b
        for b in document.blocks
        if isinstance(b, Paragraph) and b.text.startswith("3.按规定制定水利工程建设")
    ]
    assert len(third) == 1 and third[0].page == 1
    assert "负责提出全市水利固定资产投资规模、方向、具体安排建议并组织指导实施" in third[0].text
    assert not any(isinstance(b, Paragraph) and b.text in ("—1—", "—2—") for b in document.blocks)


def test_a_table_continued_under_its_repeated_title_and_header_is_one_table() -> None:
    """The Changsha template repeats the title, the 单位名称 line and the header rows on every
    page of a table (pdftotext -layout p.19 and p.20 of 2025 长沙市公安局 both open with
    "2025年一般公共预算基本支出情况表"): one table, the repetitions dropped, rows in order."""
    document = doc("2025_hunan_changsha_gonganju_dept_budget.pdf")
    [table] = [
        b
        for b in document.blocks
        if isinstance(b, TableBlock) and {c.page for r in b.rows for c in r} == {19, 20}
    ]
    labels = [r[1].text for r in table.rows]
    assert labels.count("经济科目名称") == 1
    assert labels[labels.index("因公出国（境）费用") + 1] == "维修（护）费"  # p.19's last row, p.20's first
    assert [c.text for c in table.rows[labels.index("维修（护）费")]] == [
        "30213",
        "维修（护）费",
        "90.00",
        "",
        "90.00",
    ]
    titles = [
        b for b in document.blocks if isinstance(b, Heading) and b.text == "2025年一般公共预算基本支出情况表"
    ]
    assert [t.page for t in titles] == [19]
    # the Jiangsu template's continuation pages carry no title: they were joined already (p.13-14)
    tables = [
        b for b in doc("2026_jiangsu_suzhou_shuiwuju_unit_budget.pdf").blocks if isinstance(b, TableBlock)
    ]
    assert any({c.page for r in t.rows for c in r} == {13, 14} for t in tables)


def test_an_amount_wrapped_in_its_cell_is_one_number() -> None:
    """2026 杭州市司法局 p.30: amounts too wide for the 项目支出 column wrap inside their cell
    (pdftotext -layout: "21,118.5" over "1", "12,868.1" over "9")."""
    document = doc("2026_zhejiang_hangzhou_sifaju_dept_budget.pdf")
    assert ["91,842.80", "70,724.29", "58,486.35", "12,237.94", "21,118.51"] in after(document, 30, "合计")
    assert ["12,868.19", "12,868.19"] in after(document, 30, "一般公共服务支出")


def test_a_column_rule_drawn_in_pieces_parts_its_cells() -> None:
    """2020 西安市人社局 p.56: the rule between 总额 and 财政拨款 runs down the 金额合计 row while a
    piece of the same rule further down lies beyond the row; the two amounts are two cells
    (pdftotext -layout: "金额合计  182066.56  181716.56  350.00")."""
    document = doc("2020_shaanxi_xian_renliziyuanshehuibaozhangju_dept_budget.pdf")
    assert ["182066.56", "181716.56", "350.00"] in after(document, 56, "金额合计")


def test_a_row_printed_above_the_top_of_the_next_page_is_read_once() -> None:
    """2026 北京市市场监督管理局: the project row 11000022T000000492318 (870.822000) starts on p.27;
    p.28 repeats the whole row above its top edge, out of sight, and shows only its rest. pdftotext
    -layout prints the row on both pages; a person reads it once, on p.27."""
    document = doc("2026_beijing_shichangjianduguanliju_dept_budget.pdf")
    holders = [
        (c.page, [x.text for x in row])
        for b in document.blocks
        if isinstance(b, TableBlock)
        for row in b.rows
        for c in row
        if c.text.startswith("11000022T000000492318")
    ]
    assert [page for page, _ in holders] == [27]
    assert holders[0][1][1:3] == ["870.822000", "870.822000"]
