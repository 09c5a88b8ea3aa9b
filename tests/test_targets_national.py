"""绩效目标表 as printed outside Fujian and Shanghai: the indicator grid read by its header words.

Small literal forms copy the shapes of real ones (the values are the published ones): Xi'an's
专项业务经费绩效目标表 with its 分值权重 column, Shaanxi's vertical 绩/效/指/标 labels and "-" rows,
Changsha's 度量单位 / 指标值类型 columns, Yantai's 其他资金 printed inside its label cell, Xi'an's
决算 自评表 with labels wrapped over two rows. Then the real national PDFs, skipped when ../shared is
not beside the repository.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from yusuan.catalog import load as load_catalog
from yusuan.extract import extract
from yusuan.extract.tables import ExtractContext
from yusuan.extract.targets import (
    looks_like_target_table,
    named_project,
    parse_target_table,
    parse_target_tables,
    parse_target_value,
)
from yusuan.model import Cell, Disclosure, Indicator, Severity, TableBlock, TargetTable, Unit
from yusuan.pipeline import check_document, choose_profile
from yusuan.profiles import load
from yusuan.read import read_document

NATIONAL = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "national"
needs_corpus = pytest.mark.skipif(
    not NATIONAL.is_dir(), reason=f"{NATIONAL} is not here (../shared beside the repository)"
)


def block(rows: list[list[str]]) -> TableBlock:
    return TableBlock(
        [
            [Cell(text, line=i + 1, page=1, column=j) for j, text in enumerate(row)]
            for i, row in enumerate(rows)
        ],
        line=1,
        page=1,
    )


def ctx() -> ExtractContext:
    profile = load("national")
    return ExtractContext("form.pdf", profile, load_catalog(), Unit.WAN, [])


def read(rows: list[list[str]], project: str = "测试项目") -> TargetTable:
    return parse_target_table(block(rows), project, ctx())


def shown(ind: Indicator) -> tuple[str | None, str, str | None, Decimal | None, str | None]:
    return ind.level2, ind.name, ind.comparator, ind.value, ind.unit


# -- 西安 2025 专项业务经费绩效目标表: 指标值 is followed by 分值权重 -----------------------------

XIAN_2025 = [
    ["项目名称", "", "", "办公区室外绿化项目", "", "", ""],
    ["主管部门", "", "", "西安市行政审批服务局", "", "", ""],
    ["资金金额（万元）", "", "", "实施期资金总额：", "29.78", "", "执行率分值（10分）"],
    ["", "", "", "其中：财政拨款", "29.78", "", ""],
    ["", "", "", "其他资金", "", "", ""],
    [
        "年度目标",
        "园林绿化景观效果进一步提升，东西厅内外逐步打造成为绿植种类丰富的政务服务氛围。",
        "",
        "",
        "",
        "",
        "",
    ],
    ["年度绩效指标", "一级指标", "二级指标", "三级指标", "", "指标值", "分值权重（90分）"],
    ["", "成本指标", "经济成本", "绿植养护", "", "29.78万元", "20"],
    ["", "产出指标", "数量指标", "绿植养护覆盖率", "", "≥95%", "20"],
    ["", "", "质量指标", "绿植养护生长美观", "", "≥95%", "10"],
    ["", "", "时效指标", "绿植日常养护", "", "12个月", "10"],
    ["", "效益指标", "社会效益指标", "打造生态环保的政务服务氛围", "", "持续优化", "20"],
    ["", "满意度指标", "服务对象满意度指标", "提升企业群众满意度", "", "≥95%", "10"],
]


def test_value_column_by_header_not_the_last_cell() -> None:
    t = read(XIAN_2025)
    assert t.doubt is None
    assert [shown(i) for i in t.indicators] == [
        ("经济成本", "绿植养护", None, Decimal("29.78"), "万元"),
        ("数量指标", "绿植养护覆盖率", "≥", Decimal("95"), "%"),
        ("质量指标", "绿植养护生长美观", "≥", Decimal("95"), "%"),
        ("时效指标", "绿植日常养护", None, Decimal("12"), "个月"),
        ("社会效益指标", "打造生态环保的政务服务氛围", None, None, None),
        ("服务对象满意度指标", "提升企业群众满意度", "≥", Decimal("95"), "%"),
    ]
    assert [i.level1 for i in t.indicators] == ["成本指标", *["产出指标"] * 3, "效益指标", "满意度指标"]
    assert t.indicators[1].source.line == 9
    assert (t.funds_total and t.funds_total.value, t.funds_fiscal and t.funds_fiscal.value) == (
        Decimal("29.78"),
        Decimal("29.78"),
    )
    assert t.funds_other is None  # 其他资金 printed blank


# -- 西安 2020: vertical labels, "-" and "/" rows, 'a；b' rows, ≧ -------------------------------

XIAN_2020 = [
    ["专项（项目）名称", "", "", "全民参保计划工作经费", ""],
    ["资金金额（万元）其他资金", "", "", "实施期资金总额：", "48.50"],
    ["", "", "", "其中：财政拨款", "48.50"],
    ["总体目标", "多渠道开展入户登记工作，促进参保登记，从被动登记变为主动参保。", "", "", ""],
    ["绩", "一级指标", "二级指标", "指标内容", "指标值"],
    ["", "产出指标", "数量指标", "指标：完成参保扩面人数；课题数量", "15万人；1个"],
    ["效指标", "", "质量指标", "指标1：按计划完成率", "100%"],
    ["", "效益指标", "经济效益指标", "-", "-"],
    ["", "", "社会效益指标", "/", "/"],
    ["", "", "生态效益指标", "", ""],
    ["", "满意度指标", "服务对象满意度指标", "指标：养老保险服务对象满意率", "≧95%"],
]


def test_placeholders_headings_vertical_labels_and_split_rows() -> None:
    t = read(XIAN_2020)
    assert t.project == "测试项目"
    assert t.doubt is None
    assert [shown(i) for i in t.indicators] == [
        ("数量指标", "完成参保扩面人数", None, Decimal("15"), "万人"),
        ("数量指标", "课题数量", None, Decimal("1"), "个"),
        ("质量指标", "按计划完成率", None, Decimal("100"), "%"),
        ("服务对象满意度指标", "养老保险服务对象满意率", "≥", Decimal("95"), "%"),
    ]
    assert t.funds_total is not None and t.funds_total.value == Decimal("48.50")


def test_comparators_with_full_width_and_variant_signs() -> None:
    assert parse_target_value("≧95%") == ("≥", Decimal("95"), "%")
    assert parse_target_value("≦4小时") == ("≤", Decimal("4"), "小时")
    assert parse_target_value("＞3万条") == (">", Decimal("3"), "万条")


# -- 西安 2022 气象局: a name wrapped onto a row of its own -----------------------------------------

QIXIANG = [
    ["资金金额", "", "", "实施期资金总额：", "1715.97"],
    ["（万元）", "", "", "其中：财政拨款", "1715.97"],
    ["绩 效 指 标", "一级指标", "二级指标", "指标内容", "指标值"],
    ["", "效 益 指 标", "经济效益指标", "指标 2：做好抗旱减灾、森林防火及治污减霾工", "减少公共财政支出"],
    ["", "", "", "作", ""],
    ["", "", "", "指标 3：特色农业气象服务", "促进农业增产，农民增收"],
]


def test_a_wrapped_name_is_joined() -> None:
    t = read(QIXIANG)
    assert [(i.name, i.text) for i in t.indicators] == [
        ("做好抗旱减灾、森林防火及治污减霾工作", "减少公共财政支出"),
        ("特色农业气象服务", "促进农业增产，农民增收"),
    ]
    assert t.indicators[0].level1 == "效益指标"


# -- 西安 2022 决算 自评表: labels wrapped over two rows, 实际完成值 and 分值 after the target -------

SELF_EVALUATION = [
    ["项目名称", "", "2022年病媒生物防制", "", "", "", "", "", ""],
    ["项目资金（万元）", "", "", "", "年初预算数", "全年预算数（A）", "全年执行数（B）", "分值", "得分"],
    ["", "", "年度资金总额", "", "240", "229.19", "229.19", "10", "10.00"],
    ["", "", "其中：当年财政拨款", "", "240", "229.19", "229.19", "—", "—"],
    ["", "", "上年结转资金", "", "", "", "", "—", "—"],
    ["", "", "其他资金", "", "", "", "", "—", "—"],
    ["绩效指标", "一级指标", "二级指标", "三级指标", "", "年度指标值", "实际完成值", "分值", "得分"],
    [
        "",
        "产出指标（50分）",
        "数量指标",
        "指标1：消杀覆盖区县（开发区）数量",
        "",
        "16个",
        "16个",
        "12.5",
        "12.5",
    ],
    ["", "满意度", "服务对", "", "", "", "", "", ""],
    ["", "指标（10分）", "象满意度指标", "指标1：群众满意率", "", "≥90%", "≥90%", "10", "10"],
    ["总分", "", "", "", "", "", "", "100", "100"],
]


def test_self_evaluation_form_reads_the_target_not_the_result() -> None:
    t = read(SELF_EVALUATION)
    assert [(i.level1, i.level2, i.name, i.text) for i in t.indicators] == [
        ("产出指标", "数量指标", "消杀覆盖区县（开发区）数量", "16个"),
        ("满意度指标", "服务对象满意度指标", "群众满意率", "≥90%"),
    ]
    assert t.funds_total is not None and t.funds_total.value == Decimal("240")  # 年初预算数
    assert t.funds_fiscal is not None and t.funds_fiscal.value == Decimal("240")
    assert t.funds_other is None


# -- 长沙: 度量单位 and 指标值类型 columns, one grid for several projects --------------------------

CHANGSHA_HEAD = [
    ["单位编码", "单位（项目）名称", "资金总额", "绩效目标", "绩效指标", "", "", "", "", "", "", "", ""],
    ["", "", "", "", "一级指标", "二级指标", "三级指标", "指标值", "指标值内容", "评（扣）分标准", "度量单位", "指标值类型", "备注"],
]  # fmt: skip
CHANGSHA_ONE = [
    *CHANGSHA_HEAD,
    ["合计", "", "270.00", "", "", "", "", "", "", "", "", "", ""],
    ["201056", "长沙职业教育基地综合协调办公室", "270.00", "", "", "", "", "", "", "", "", "", ""],
    ["201056", "经常性运转经费（水电气）", "270.00", "保障基地正常运转", "成本指标", "经济成本指标", "水费", "120", "水费财政拨款总费用", "偏离目标40%不得分", "万元", "＝", "7"],
    ["", "", "", "", "", "社会成本指标", "", "", "", "", "", "", ""],
    ["", "", "", "", "产出指标", "时效指标", "及时支付", "90", "及时支付率", "偏离目标40%不得分", "%", "≥", "5"],
    ["", "", "", "", "", "", "宣传知晓率", "95", "宣传知晓率95%", "高于95%得满分", "≥", "%", "2"],
    ["", "", "", "", "效益指标", "社会效益指标", "群众投诉事件", "无", "无群众投诉事件", "每发生一件扣1分", "", "定性", "2"],
]  # fmt: skip


def test_unit_and_comparator_columns() -> None:
    t = read(CHANGSHA_ONE, project="2026年")
    assert t.project == "经常性运转经费（水电气）"
    assert t.doubt is None
    assert t.funds_total is not None and t.funds_total.value == Decimal("270.00")
    assert [(i.name, i.text, i.comparator, i.value, i.unit) for i in t.indicators] == [
        ("水费", "=120万元", "=", Decimal("120"), "万元"),
        ("及时支付", "≥90%", "≥", Decimal("90"), "%"),
        ("宣传知晓率", "≥95%", "≥", Decimal("95"), "%"),  # the two cells swapped in print
        ("群众投诉事件", "无", None, None, None),
    ]
    assert [i.level2 for i in t.indicators] == ["经济成本指标", "时效指标", "时效指标", "社会效益指标"]


CHANGSHA_TWO = [
    *CHANGSHA_HEAD,
    ["106001", "大型警保卫及基础设施安全保护工作经费", "428.69", "做好大型警保卫工作", "满意度指标", "服务对象满意度指标", "群众满意度", "90", "群众满意度", "", "%", "≥", "10"],
    ["106001", "大院运行和维修经费", "1,203.00", "保障大院运行", "产出指标", "数量指标", "维修次数", "12", "维修次数", "", "次", "≥", "10"],
    ["", "", "", "", "满意度指标", "服务对象满意度指标", "群众满意度", "95", "群众满意度", "", "%", "≥", "10"],
]  # fmt: skip


def test_a_grid_of_several_projects() -> None:
    tables = parse_target_tables(block(CHANGSHA_TWO), "2025年", ctx())
    assert [(t.project, t.funds_total and t.funds_total.value) for t in tables] == [
        ("大型警保卫及基础设施安全保护工作经费", Decimal("428.69")),
        ("大院运行和维修经费", Decimal("1203.00")),
    ]
    assert [[(i.name, i.text) for i in t.indicators] for t in tables] == [
        [("群众满意度", "≥90%")],
        [("维修次数", "≥12次"), ("群众满意度", "≥95%")],
    ]
    one = read(CHANGSHA_TWO)
    assert one.doubt is not None and "2个项目" in one.doubt


# -- funds printed in the label cell, and no source split -----------------------------------------

YANTAI = [
    ["项目名称", "", "", "民政业务工作经费", "", ""],
    ["项目资金（万元）其他资金 2.00", "", "", "年度预算资金总额：", "176.00", ""],
    ["", "", "", "其中：财政拨款", "174.00", ""],
    ["", "一级指标", "二级指标", "三级指标", "指标值", ""],
    ["绩效指标", "成本指标", "经济成本", "项目年度总支出控制数", "≤176万元", ""],
    ["绩效指标", "产出指标", "数量指标", "购买第三方服务次数", "7次", ""],
]


def test_other_funds_inside_the_label_cell() -> None:
    t = read(YANTAI)
    assert [m.value if m else None for m in (t.funds_total, t.funds_fiscal, t.funds_other)] == [
        Decimal("176.00"),
        Decimal("174.00"),
        Decimal("2.00"),
    ]
    assert t.indicators[0].text == "≤176万元"


def test_other_funds_without_a_fiscal_line_are_no_split() -> None:
    rows = [
        ["部门名称", "泉州市人民政府办公室", "部门预算编码 103", "", ""],
        ["年度预算安排（万元）", "资金总额", "8200.95", "", ""],
        ["", "项目支出", "2285.57", "", ""],
        ["", "基本支出", "5915.38", "", ""],
        ["", "其他资金 0.00", "", "", ""],
        ["绩效目标指标", "一级指标", "二级指标", "三级指标", "目标值"],
        ["", "成本指标", "经济成本指标", "预算执行率", "≥85%"],
        ["", "满意度指标", "服务对象满意度指标", "服务对象满意度指标", "≥90%"],
    ]
    t = read(rows, project="（2026年度）")
    assert t.project == "部门整体支出（泉州市人民政府办公室）"  # the whole budget, not a project
    assert t.funds_total is not None and t.funds_total.value == Decimal("8200.95")
    assert (t.funds_fiscal, t.funds_other) == (None, None)
    # a 三级指标 that repeats its 二级指标's words is a name, not a shifted row
    assert [(i.level2, i.name, i.text) for i in t.indicators][-1] == (
        "服务对象满意度指标",
        "服务对象满意度指标",
        "≥90%",
    )


def test_no_header_is_a_doubt() -> None:
    rows = [
        ["专项（项目）名称", "", "", "技工学校国家助学金和免学费", ""],
        ["资金金额（万元）", "", "", "实施期资金总额：", "3000"],
        ["绩效指标", "产出指标", "数量指标", "指标：申报国家助学金人数", "7375人"],
    ]
    t = read(rows)
    assert t.doubt is not None and "表头" in t.doubt
    assert t.funds_total is not None and t.funds_total.value == Decimal("3000")


def test_names_that_are_values_are_a_doubt() -> None:
    rows = [
        ["资金总额", "10", "", "", "", ""],
        ["", "一级指标", "二级指标", "三级指标", "指标值", ""],
        ["", "产出指标", "数量指标", "", "≥95%", "20"],
        ["", "", "质量指标", "", "≥95%", "10"],
    ]
    t = read(rows)
    assert t.doubt is not None


# -- grids that list projects or only indicators ----------------------------------------------------

BEIJING = [
    ["项目名称", "项目总额", "其中：", "", "绩效目标", "一级指标", "二级指标", "三级指标", "绩效指标性质", "本年绩效指标值", "绩效度量单位"],
    ["", "", "财政资金", "其他资金", "", "", "", "", "", "", ""],
    ["11000022T0000004602 16-《北京审计》杂志办刊经费", "17.398000", "17.398000", "", "主要用于《北京审计》杂志印刷刊发", "产出指标", "质量指标", "印刷刊物质量与国家行业标准规定要求的相符性", "＝", "100", "%"],
    ["", "", "", "", "", "成本指标", "经济成本指标", "印刷刊物成本", "≤", "12.798", "万元"],
    ["11000022T0000004606 87-机动经费（北京市审计局）", "10.000000", "10.000000", "", "解决新增、临时、紧急事项", "效益指标", "社会效益指标", "保障部门稳定运行", "定性", "优", ""],
]  # fmt: skip


def test_a_grid_of_projects_without_a_funds_label_above_it() -> None:
    assert looks_like_target_table(block(BEIJING))
    assert named_project(block(BEIJING)) is None  # 项目名称 heads a column here
    tables = parse_target_tables(block(BEIJING), "项目支出绩效目标表", ctx())
    assert [(t.project, t.funds_total and t.funds_total.value) for t in tables] == [
        ("11000022T0000004602 16-《北京审计》杂志办刊经费", Decimal("17.398000")),
        ("11000022T0000004606 87-机动经费（北京市审计局）", Decimal("10.000000")),
    ]
    assert [(i.name, i.text) for i in tables[0].indicators] == [
        ("印刷刊物质量与国家行业标准规定要求的相符性", "=100%"),
        ("印刷刊物成本", "≤12.798万元"),
    ]
    assert (tables[1].indicators[0].text, tables[1].indicators[0].value) == ("优", None)


def test_a_grid_whose_project_names_are_centred_is_a_doubt() -> None:
    # 北京 市场监管局 预算表12: a project's amount on a row of its own, its name further down
    rows = [
        *BEIJING[:4],
        ["", "771.000000", "771.000000", "", "开展仪器设备计量检定", "成本指标", "经济成本指标", "技术保障经费", "≤", "771", "万元"],
        ["11000022T000000493557-检验检测技术服务保障", "", "", "", "", "满意度指标", "服务对象满意度指标", "委托单位满意度", "≥", "95", "%"],
    ]  # fmt: skip
    tables = parse_target_tables(block(rows), "预算表12", ctx())
    assert len(tables) == 2
    assert all(t.doubt is not None and "合并单元格居中" in t.doubt for t in tables)


def test_an_indicator_list_without_categories() -> None:
    # 重庆 部门整体绩效目标表: 绩效指标 | 指标名称 | 指标性质 | 指标值 | 计量单位 | 指标权重(%) | 是否核心
    rows = [
        ["绩效指标", "指标名称", "指标性质", "指标值", "计量单位", "指标权重(%)", "是否核心"],
        ["", "获批国家自然基金项目数量", "≥", "800", "项", "20", "是"],
        ["", "保障机关运行天数", "=", "365", "天", "5", "否"],
        ["", "年度预算执行率", "=", "100", "%", "10", "否"],
    ]
    assert looks_like_target_table(block(rows))
    t = read(rows)
    assert t.doubt is None
    assert [(i.level1, i.name, i.comparator, i.value, i.unit) for i in t.indicators][:2] == [
        (None, "获批国家自然基金项目数量", "≥", Decimal("800"), "项"),
        (None, "保障机关运行天数", "=", Decimal("365"), "天"),
    ]


def test_an_indicator_tree_without_the_forms_top_is_a_continuation() -> None:
    # 西安 2019: the 专项资金整体支出绩效目标表 runs over seven pages; p40 begins with the header
    rows = [
        ["", "一级指标", "二级指标", "三级指标", "指标值"],
        ["", "产出指标", "数量指标", "指标1：开展安全生产日常监督检查", "≥80%"],
        ["", "", "", "指标2：驻局纪检组活动", "1项"],
    ]
    t = read(rows)
    assert t.doubt is not None and "续表" in t.doubt


# -- the real national documents ------------------------------------------------------------------


def disclosure(name: str) -> Disclosure:
    doc = read_document(NATIONAL / name)
    return extract(doc, choose_profile(doc, "auto").profile)


def by_project(d: Disclosure, project: str) -> TargetTable:
    return next(t for t in d.targets if t.project == project)


@needs_corpus
def test_yantai_funds_and_indicators() -> None:
    d = disclosure("2026_shandong_yantai_minzhengju_dept_budget.pdf")
    t = by_project(d, "民政业务工作经费")
    assert t.doubt is None
    assert [m.value if m else None for m in (t.funds_total, t.funds_fiscal, t.funds_other)] == [
        Decimal("176.00"),
        Decimal("174.00"),
        Decimal("2.00"),
    ]
    assert (t.indicators[0].name, t.indicators[0].text) == ("项目年度总支出控制数", "≤176万元")
    t = by_project(d, "预留考核奖及日常运转经费")
    assert [m.value if m else None for m in (t.funds_total, t.funds_fiscal, t.funds_other)] == [
        Decimal("95.00"),
        Decimal("0.00"),
        Decimal("95.00"),
    ]


@needs_corpus
def test_xian_2025_forms() -> None:
    d = disclosure("2025_shaanxi_xian_xingzhengshenpifuwuju_dept_budget.pdf")
    t = by_project(d, "办公区室外绿化项目")
    assert t.doubt is None
    assert [(i.name, i.text) for i in t.indicators][:3] == [
        ("绿植养护", "29.78万元"),
        ("绿植养护覆盖率", "≥95%"),
        ("绿植养护生长美观", "≥95%"),
    ]


@needs_corpus
def test_fuzhou_forms_have_no_note_row() -> None:
    d = disclosure("2026_fujian_fuzhou_yiliaobaozhangju_dept_budget.pdf")
    assert len(d.targets) == 13  # one form a page, p27–p39 (the first one begins at the foot of p26)
    assert all(t.doubt is None for t in d.targets)
    assert not [i for t in d.targets for i in t.indicators if i.name == "备注"]
    t = by_project(d, "外伤医疗费用结算审核服务费")
    assert [m.value if m else None for m in (t.funds_total, t.funds_fiscal, t.funds_other)] == [
        Decimal("118.00"),
        Decimal("118.00"),
        Decimal("0.00"),
    ]


@needs_corpus
def test_xian_2020_placeholder_rows_are_no_indicators() -> None:
    d = disclosure("2020_shaanxi_xian_renliziyuanshehuibaozhangju_dept_budget.pdf")
    names = [i.name for t in d.targets for i in t.indicators]
    assert "-" not in names and "/" not in names
    t = by_project(d, "社保大厦物业费")
    assert [(i.name, i.text) for i in t.indicators][:2] == [
        ("物业管理面积", "17839平方米"),
        ("服务人次", "每天3000人次"),
    ]


# PF and AR109 errors on these documents, each checked by hand against the printed form
PERFORMANCE_ERRORS = {
    "2020_shaanxi_xian_renliziyuanshehuibaozhangju_dept_budget.pdf": [],
    "2021_shaanxi_xian_xuanchuanbu_dept_budget.pdf": [],
    "2022_shaanxi_xian_qixiangju_dept_budget.pdf": [],
    "2025_shaanxi_xian_xingzhengshenpifuwuju_dept_budget.pdf": [],
    "2026_fujian_fuzhou_yiliaobaozhangju_dept_budget.pdf": [],
    "2026_fujian_quanzhou_zhengfubangongshi_dept_budget.pdf": [],
    "2026_shandong_yantai_minzhengju_dept_budget.pdf": [],
    # 部门整体支出绩效目标表 "行政管理职能正常完成 | 定性 | 无" is a PF611 warning, not an error
    "2026_hunan_changsha_zhijiaojidi_xietiaoban_dept_budget.pdf": [],
}


@needs_corpus
@pytest.mark.parametrize("name", sorted(PERFORMANCE_ERRORS))
def test_performance_errors_are_real(name: str) -> None:
    result = check_document(read_document(NATIONAL / name))
    found = [
        f
        for f in result.findings
        if (f.rule.startswith("PF") or f.rule == "AR109") and f.severity is Severity.ERROR
    ]
    expected = PERFORMANCE_ERRORS[name]
    assert len(found) == len(expected), [f.message for f in found]
    for f, (rule, word) in zip(found, expected, strict=True):
        assert f.rule == rule and word in f.message
