"""A small hand-built Publication with every shape the Excel renderer has to carry.

Title, a table of contents, headings of three levels (one starting a new page), paragraphs (one
with a bold lead-in, one bold), a table with a two-row header using colspan AND rowspan, a bold
合计 row, amounts 2,161.77 / 0.10 / 1,234,567.89 and amounts written empty, an amount written
``0``, a code column (2010301), a note, a table without unit or header rows (performance
targets), a text column of staff counts, and sheet names that need cleaning.
"""

from __future__ import annotations

from decimal import Decimal

from tests.render.sample_publication import CODED_HEADER
from yusuan.model import HeadCell, PubCell, PubHeading, Publication, PubParagraph, PubRow, PubTable, PubToc


def _t(text: str, bold: bool = False) -> PubCell:
    return PubCell(text, bold=bold)


def _m(value: str, text: str | None = None) -> PubCell:
    """An amount: written with thousands separators and 2 places, or empty for zero."""
    v = Decimal(value)
    return PubCell(f"{v:,.2f}" if text is None and v != 0 else (text or ""), v)


EXPENSE = PubTable(
    title="2024 年度一般公共预算拨款支出预算表",
    header=CODED_HEADER,
    rows=(
        PubRow((_t(""), _t("合计", True), _m("1236729.76"), _m("2161.87"), _m("1234567.89")), bold=True),
        PubRow((_t("2010301"), _t("行政运行"), _m("2161.77"), _m("2161.77"), _m("0")), level=3),
        PubRow((_t("2010350"), _t("事业运行"), _m("0.10"), _m("0.10"), _m("0")), level=3),
        PubRow(
            (
                _t("2120899"),
                _t("其他国有土地使用权出让收入安排的支出"),
                _m("1234567.89"),
                _m("0"),
                _m("1234567.89"),
            ),
            level=3,
        ),
    ),
    note="备注：本表金额保留两位小数。",
    table_id="gpb_expense",
    numbered="五、一般公共预算拨款支出预算表",
)

THREE_PUBLIC = PubTable(
    title="2024 年度一般公共预算“三公”经费支出预算表",
    header=(
        (
            HeadCell("合计"),
            HeadCell("因公出国（境）费"),
            HeadCell("公务接待费"),
            HeadCell("公务用车购置及运行费"),
        ),
    ),
    rows=(PubRow((_m("12.50"), _m("0", "0"), _m("2.50"), _m("10.00"))),),
    table_id="three_public",
    numbered="十、“三公”经费/机关运行经费:预算表[2024]",  # characters a sheet name cannot hold
)

UNITS = PubTable(
    title="2024年部门预算单位构成",
    header=((HeadCell("单位名称"), HeadCell("经费性质"), HeadCell("人员编制数"), HeadCell("在职人数")),),
    rows=(
        PubRow((_t("文旅局"), _t("全额拨款"), _t("16"), _t("15"))),
        PubRow((_t("云山区图书馆"), _t("全额拨款"), _t("12"), _t(""))),
    ),
    unit=None,
    title_level=4,
)

TARGETS = PubTable(
    title="图书馆数字化建设项目绩效目标表",
    header=(),
    rows=(
        PubRow((_t("项目名称"), _t("图书馆数字化建设"), _t("主管部门"), _t("文旅局"))),
        PubRow((_t("年度目标"), _t("扩充数字资源，优化阅读推广服务"), _t(""), _t(""))),
        PubRow((_t("一级指标"), _t("二级指标"), _t("三级指标"), _t("指标值"))),
        PubRow((_t("产出指标"), _t("数量指标"), _t("新增数字资源"), _t("≥10TB"))),
        PubRow((_t("效益指标"), _t("满意度指标"), _t("读者满意度"), _t("≥95%"))),
    ),
    unit=None,
    title_level=4,
)


def sample_publication() -> Publication:
    return Publication(
        title="2024 年度清溪市云山区文化和旅游局部门预算",
        department="清溪市云山区文化和旅游局",
        year=2024,
        unit="万元",
        profile="fujian",
        blocks=[
            PubToc(((1, "第一部分 部门概况"), (2, "一、部门主要职责"), (1, "第二部分 2024年度部门预算表"))),
            PubHeading("第一部分 部门概况", 1, new_page=True),
            PubHeading("一、部门主要职责", 2),
            PubParagraph("文旅局部门的主要职责是："),
            PubParagraph(
                "（一）贯彻执行国家和省、市有关文化、旅游工作的方针政策和法律法规，拟订全区文化和旅游发展规划并组织实施。"
            ),
            PubHeading("二、部门预算单位构成", 2),
            UNITS,
            PubHeading("第二部分 2024年度部门预算表", 1, new_page=True),
            PubHeading(EXPENSE.numbered, 2, new_page=True),
            EXPENSE,
            PubHeading(THREE_PUBLIC.numbered, 2, new_page=True),
            THREE_PUBLIC,
            PubHeading("第三部分 2024 年度部门预算情况说明", 1, new_page=True),
            PubParagraph("2024年度一般公共预算拨款支出1,236,729.76万元。", bold=True),
            PubHeading("七、预算绩效目标情况", 2),
            TARGETS,
            PubHeading("第四部分 名词解释", 1, new_page=True),
            PubParagraph("是指区级财政当年拨付的资金。", lead="一般公共预算拨款收入："),
            PubParagraph("=不是公式，而是以等号开头的一段文字"),
        ],
    )
