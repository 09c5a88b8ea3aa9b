"""A hand-built Publication for the PDF renderer tests (fictional figures).

It has what a printed disclosure needs: a 目录, headings of levels 1-4 (some starting a new page,
one kept out of the 目录), paragraphs with a bold lead, text full of characters that mean something
in Typst markup, a two-row header with colspan and rowspan, a bold 合计 row and indented 款/项
rows, a 120-row table that must continue (header repeated) over several pages, a table too wide
for a portrait page, and notes under tables.
"""

from __future__ import annotations

from tests.render.sample_publication import EXPENDITURE, code_row
from yusuan.model import (
    HeadCell,
    PubBlock,
    PubCell,
    PubHeading,
    Publication,
    PubParagraph,
    PubRow,
    PubTable,
    PubToc,
)

TITLE = "2024 年度清溪市云山区文化和旅游局部门预算"

#: texts that would be markup, code, math, labels, references, escapes or smart quotes in Typst;
#: each must come out of the PDF exactly as written (each fits on one line)
NASTY = (
    "#set page(width: 5cm) #emph[不应生效]",
    "*不是粗体* _不是斜体_ `不是代码` $x^2$",
    "<label> @ref [x] [链接](http://a.b) \\ 反斜杠 \\n",
    "“引号” \"直引号\" ‘单引’ 'apostrophe'",
    "// 不是注释 /* 也不是 */ ~ 1 -- 2 --- 3 ...",
    "= 不是标题",
    "- 不是列表 + 不是编号 / 术语: 不是",
    "#{1 + 1} #let x = 1 #x }{ ][ ) (",
)
NASTY_HEADING = "（二）“三公”经费 & <说明> #1 $ [附] \\"

LONG_ROWS = 120


def _long_rows() -> tuple[PubRow, ...]:
    rows = [code_row("", "合计", f"{LONG_ROWS * 1.5:,.2f}", bold=True)]
    for i in range(1, LONG_ROWS):
        rows.append(code_row(f"302{i:02d}", f"经济分类科目第{i}项", "1.50", level=2))
    return tuple(rows)


LONG = PubTable(
    title="2024 年度一般公共预算基本支出经济分类情况表",
    header=((HeadCell("经济分类科目编码"), HeadCell("经济分类科目名称"), HeadCell("预算数")),),
    rows=_long_rows(),
    note="注：本表共 120 行，跨页时每页重复表头。",
    widths=(2, 5, 2),
)

WIDE = PubTable(
    title="2024 年度收入预算总表",
    header=(
        tuple(
            HeadCell(t)
            for t in (
                "科目编码",
                "科目名称",
                "总计",
                "一般公共预算拨款收入",
                "政府性基金预算拨款收入",
                "国有资本经营预算拨款收入",
                "财政专户管理资金收入",
                "事业收入",
                "事业单位经营收入",
                "上级补助收入",
                "其他收入",
                "上年结转结余",
            )
        ),
    ),
    rows=(
        code_row("", "合计", "1,510.34", "1,330.34", "180.00", "", "", "", "", "", "", "", bold=True),
        code_row(
            "2070101", "行政运行（文化和旅游）", "545.64", "545.64", "", "", "", "", "", "", "", "", level=3
        ),
    ),
    widths=(2, 4, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1),
)

UNITS = PubTable(
    title="2024年部门预算单位构成",
    header=(),
    rows=(
        PubRow((PubCell("单位名称"), PubCell("经费性质"), PubCell("在职人数"))),
        PubRow((PubCell("清溪市云山区文化和旅游局"), PubCell("全额拨款"), PubCell("15"))),
        PubRow((PubCell("云山区图书馆"), PubCell("全额拨款"), PubCell("10"))),
    ),
    unit=None,
    title_level=4,
)


def sample_pdf_publication() -> Publication:
    blocks: list[PubBlock] = [
        PubToc(
            (
                (1, "第一部分 部门概况"),
                (2, "一、部门主要职责"),
                (1, "第二部分 2024年度部门预算表"),
                (2, "一、收入预算总表"),
                (2, "五、一般公共预算拨款支出预算表"),
                (2, "九、一般公共预算基本支出经济分类情况表"),
                (1, "第三部分 2024年度部门预算情况说明"),
                (2, "一、预算收支总体情况"),
                (3, "（一）机关运行经费"),
                (4, "1. 行政运行"),
                (3, NASTY_HEADING),
                (1, "第四部分 名词解释"),
            )
        ),
        PubHeading("第一部分 部门概况", 1, new_page=True),
        PubHeading("一、部门主要职责", 2),
        PubParagraph(
            "负责全区公共文化服务体系建设，指导群众文化、图书馆、文化馆等公共文化事业发展；"
            "统筹规划全区文化事业、文化产业和旅游业发展，推进文化和旅游融合发展。"
        ),
        PubParagraph("单位构成见下表：", bold=True),
        UNITS,
        PubHeading("第二部分 2024年度部门预算表", 1, new_page=True),
        PubHeading("一、收入预算总表", 2),
        WIDE,
        PubHeading("五、一般公共预算拨款支出预算表", 2, new_page=True),
        EXPENDITURE,
        PubHeading("九、一般公共预算基本支出经济分类情况表", 2, new_page=True),
        LONG,
        PubHeading("第三部分 2024年度部门预算情况说明", 1, new_page=True),
        PubHeading("一、预算收支总体情况", 2),
        PubParagraph("2024年度收入预算1,510.34万元，支出预算1,510.34万元。"),
        PubHeading("（一）机关运行经费", 3),
        PubHeading("1. 行政运行", 4),
        PubParagraph("2024年机关运行经费预算为72.46万元。"),
        PubHeading("不入目录的小标题", 4, in_toc=False),
        PubParagraph("下面几段是 Typst 标记里有特殊含义的字符，必须原样印出："),
        *(PubParagraph(text) for text in NASTY),
        PubHeading(NASTY_HEADING, 3),
        PubParagraph("“三公”经费预算 18.10 万元。", lead="说明：#*_$："),
        PubHeading("第四部分 名词解释", 1, new_page=True),
        PubParagraph(
            "指财政当年拨付的资金，包括一般公共预算拨款收入、政府性基金预算拨款收入。",
            lead="一、财政拨款收入：",
        ),
        PubParagraph("指单位为保障其机构正常运转、完成日常工作任务而发生的支出。", lead="二、基本支出："),
    ]
    return Publication(
        title=TITLE,
        department="清溪市云山区文化和旅游局",
        year=2024,
        unit="万元",
        profile="fujian",
        blocks=blocks,
    )
