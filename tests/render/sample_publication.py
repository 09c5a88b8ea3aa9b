"""A small but representative Publication for the renderer tests (fictional figures).

It has every kind of block: a 目录, headings of levels 1-4 (some starting a new page), paragraphs
with a bold lead, a two-row header with colspan and rowspan, a bold 合计 row, indented 款/项 rows,
amounts written empty, a note, a table without header rows, and text that needs HTML escaping.
"""

from __future__ import annotations

from decimal import Decimal

from yusuan.model import HeadCell, PubCell, PubHeading, Publication, PubParagraph, PubRow, PubTable, PubToc


def _amount(text: str) -> PubCell:
    return PubCell(text, Decimal(text.replace(",", "")) if text else Decimal("0.00"))


def code_row(code: str, name: str, *amounts: str, level: int = 0, bold: bool = False) -> PubRow:
    """科目编码 | 科目名称 | amounts written as given ('' for zero)."""
    cells = (PubCell(code), PubCell(name, bold=bold), *(_amount(a) for a in amounts))
    return PubRow(cells, bold=bold, level=level)


#: 科目编码 | 科目名称 | 合计 over two rows, 其中： spanning 基本支出 | 项目支出
CODED_HEADER = (
    (
        HeadCell("科目编码", rowspan=2),
        HeadCell("科目名称", rowspan=2),
        HeadCell("合计", rowspan=2),
        HeadCell("其中：", colspan=2),
    ),
    (HeadCell("基本支出"), HeadCell("项目支出")),
)

EXPENDITURE = PubTable(
    title="2024 年度一般公共预算拨款支出预算表",
    header=CODED_HEADER,
    rows=(
        code_row("", "合计", "2,161.77", "1,861.77", "300.00", bold=True),
        code_row("207", "文化旅游体育与传媒支出", "2,051.77", "1,751.77", "300.00", level=1),
        code_row("20701", "文化和旅游", "2,051.77", "1,751.77", "300.00", level=2),
        code_row("2070101", "行政运行（文化和旅游）", "1,751.77", "1,751.77", "", level=3),
        code_row("2070109", "群众文化", "300.00", "", "300.00", level=3),
        code_row("208", "社会保障和就业支出", "110.00", "110.00", "", level=1),
    ),
    note="注：本表不含上级补助收入安排的支出。",
    table_id="gpb_expenditure",
    widths=(2, 5, 2, 2, 2),
    numbered="五、一般公共预算拨款支出预算表",
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


def sample_publication() -> Publication:
    blocks = [
        PubToc(
            (
                (1, "第一部分 部门概况"),
                (2, "一、部门主要职责"),
                (1, "第二部分 2024年度部门预算表"),
                (2, "五、一般公共预算拨款支出预算表"),
                (3, "（一）机关运行经费"),
                (1, "第三部分 名词解释"),
            )
        ),
        PubHeading("第一部分 部门概况", 1, new_page=True),
        PubHeading("一、部门主要职责", 2),
        PubParagraph("负责全区公共文化服务体系建设，指导群众文化、图书馆等公共文化事业发展。"),
        PubParagraph("单位构成见下表（含 <图书馆> & 文化馆）：", bold=True),
        UNITS,
        PubHeading("第二部分 2024年度部门预算表", 1, new_page=True),
        PubHeading("五、一般公共预算拨款支出预算表", 2),
        EXPENDITURE,
        PubHeading("（一）机关运行经费", 3),
        PubHeading("1. 行政运行", 4),
        PubParagraph("2024年机关运行经费预算为1,751.77万元。"),
        PubHeading("第三部分 名词解释", 1, new_page=True),
        PubParagraph(
            "指财政当年拨付的资金，包括一般公共预算拨款收入、政府性基金预算拨款收入。",
            lead="一、财政拨款收入：",
        ),
        PubParagraph("指单位为保障其机构正常运转、完成日常工作任务而发生的支出。", lead="二、基本支出："),
    ]
    return Publication(
        title="2024 年度清溪市云山区文化和旅游局部门预算",
        department="清溪市云山区文化和旅游局",
        year=2024,
        unit="万元",
        profile="fujian",
        blocks=list(blocks),
    )
