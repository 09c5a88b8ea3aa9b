"""The extracted disclosure as flat sheets (header row + data rows), shared by CSV and XLSX.

Sheets in order: 说明 (document.csv), one per table (NN_标题.csv), 文字表述 (claims.csv),
绩效目标 (targets.csv), 单位构成 (units.csv), 章节标题 (headings.csv), 未识别内容 (problems.csv).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from yusuan.export.records import Amount, BBox, ExportDocument, RowRecord, TableRecord
from yusuan.model.provenance import place_words

Value = str | int | Amount | None

_KIND = {"two_sided": "收支对照表", "coded": "科目表", "items": "项目表", "listing": "清单"}
_CLAIM_KIND = {
    "amount": "金额",
    "count": "数量",
    "change": "增减",
    "percent": "百分比",
    "reason": "原因",
    "text": "文字",
}
_DIRECTION = {"up": "增加", "down": "减少", "flat": "持平"}
_SECTION = {"income": "收入", "expense": "支出"}
_STAGE = {"read": "读取", "extract": "提取"}
AMOUNT_NOTE = "金额为原文数字的精确值，单位见“单位”列，未作换算"
PLACE_NOTE = (
    "页、行为原文位置：文本和 HTML 为行号；PDF 为页码和全文按阅读顺序的行序号；Excel 为工作表序号和行号"
)
BBOX_NOTE = "来源单元格：PDF 页面上该行的矩形 x0,top,x1,bottom（单位：磅，原点为页面左上角）"


@dataclass(slots=True)
class Sheet:
    name: str  # sheet name before Excel's limits are applied
    file: str  # CSV file name
    headers: list[str]
    rows: list[list[Value]]
    is_table: bool = False


def bbox_text(b: BBox | None) -> str | None:
    return None if b is None else ",".join(f"{x:g}" for x in b)


_BAD_FILE_CHARS = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f\ud800-\udfff]|\s+')
#: lone surrogates: a file name that is not valid UTF-8 (Python keeps its bytes as U+DC80–U+DCFF)
#: or a PDF whose ToUnicode map names half a pair; UTF-8 and XML cannot carry them
SURROGATE = re.compile("[\ud800-\udfff]")


def encodable(text: str) -> str:
    """``text`` with every lone surrogate shown as U+FFFD, so that it can be written as UTF-8 or XML."""
    return SURROGATE.sub("\ufffd", text)


def table_file_name(index: int, title: str, width: int, fallback: str) -> str:
    """'01_2024年度收支预算总表.csv': zero-padded index, title without characters file systems refuse."""
    base = _BAD_FILE_CHARS.sub("", title).strip(".")[:60] or fallback
    return f"{index:0{width}d}_{base}.csv"


def _place(page: int | None, line: int | None) -> str:
    return place_words(page, line) or "位置未知"


def _unique(titles: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for t in titles:
        n = seen.get(t, 0) + 1
        seen[t] = n
        out.append(t if n == 1 else f"{t}（{n}）")
    return out


def _meta(rec: ExportDocument) -> Sheet:
    rows: list[list[Value]] = [
        ["来源文件", rec.source],
        ["文件格式", rec.format],
        ["页数", rec.pages],
        ["模版", rec.profile],
        ["文档类型", rec.document],
        ["标题", rec.title],
        ["部门", rec.department],
        ["年度", rec.year],
        ["金额单位", rec.unit],
        ["表格数", len(rec.tables)],
        ["文字表述数", len(rec.claims)],
        ["绩效目标表数", len(rec.targets)],
        ["未识别内容数", len(rec.problems)],
        ["生成工具", rec.generator],
    ]
    width = max(2, len(str(len(rec.tables))))
    for t in rec.tables:
        unit = f"单位：{t.unit}" + ("" if t.unit_stated else "（原文未注明，按模版默认）") if t.unit else ""
        bits = [t.title, _KIND.get(t.kind, t.kind), unit, _place(t.page, t.line), f"{len(t.rows)} 行"]
        rows.append([f"表{t.index:0{width}d}", "；".join(b for b in bits if b)])
    rows.append(["说明", AMOUNT_NOTE])
    rows.append(["说明", PLACE_NOTE])
    if any(t.has_bbox for t in rec.tables):
        rows.append(["说明", BBOX_NOTE])
    return Sheet("说明", "document.csv", ["项目", "内容"], rows)


def _table_rows(t: TableRecord, row: RowRecord, bbox: bool) -> list[Value]:
    out: list[Value] = [row.index]
    if t.kind == "listing":
        out += [c.text for c in row.cells]
        out += [None] * (len(t.columns) - len(row.cells))
    else:
        if t.kind == "two_sided":
            out.append(_SECTION.get(row.section or "", row.section))
        out += [row.code, row.label, row.key, "是" if row.is_total else None, t.unit]
        out += [c.value for c in row.cells]
    out += [row.page, row.line]
    if bbox:
        out.append(bbox_text(row.bbox))
    return out


def _table(t: TableRecord, width: int) -> Sheet:
    bbox = t.has_bbox
    titles = [title for _, title in t.columns]
    if t.kind == "listing":
        extra = max((len(r.cells) for r in t.rows), default=0) - len(titles)
        titles += [f"第{len(titles) + i + 1}列" for i in range(max(0, extra))]
        headers = ["序号", *_unique(titles)]
    else:
        lead = ["序号", "栏目"] if t.kind == "two_sided" else ["序号"]
        headers = [*lead, "科目编码", "名称", "键", "合计行", "单位", *_unique(titles)]
    headers += ["页", "行"] + (["来源单元格"] if bbox else [])
    return Sheet(
        f"{t.index:0{width}d} {t.title}",
        table_file_name(t.index, t.title, width, t.id),
        headers,
        [_table_rows(t, r, bbox) for r in t.rows],
        is_table=True,
    )


def _claims(rec: ExportDocument) -> Sheet:
    headers = [
        "序号", "主题", "主题原文", "类型", "金额", "金额单位", "金额原文", "增减额", "增减单位",
        "增减方向", "增减原文", "百分比（%）", "百分比方向", "数量", "年度", "原因", "上级序号",
        "科目名称", "原句", "页", "行",
    ]  # fmt: skip
    rows: list[list[Value]] = [
        [
            c.index,
            c.subject,
            c.subject_text or None,
            _CLAIM_KIND.get(c.kind, c.kind),
            c.value,
            c.unit,
            c.value_text,
            c.change,
            c.change_unit,
            _DIRECTION.get(c.direction or "", c.direction),
            c.change_text,
            c.percent,
            _DIRECTION.get(c.percent_direction or "", c.percent_direction),
            c.count,
            c.year,
            c.reason,
            c.parent,
            c.code_name,
            c.text,
            c.page,
            c.line,
        ]
        for c in rec.claims
    ]
    if any(c.final for c in rec.claims):  # a 决算: its statements' budgets, rates and comparisons
        headers += [title for _, title in _FINAL_COLUMNS]
        for row, c in zip(rows, rec.claims, strict=True):
            row += [_final_value(key, c.final.get(key)) for key, _ in _FINAL_COLUMNS]
    return Sheet("文字表述", "claims.csv", headers, rows)


_FINAL_COLUMNS = (
    ("initial_budget", "年初预算数"),
    ("full_budget", "全年预算数"),
    ("budget", "预算数"),
    ("rate", "完成率（%）"),
    ("rate_base", "完成率所对预算"),
    ("versus", "决算与预算比较"),
    ("versus_reason", "差异原因"),
    ("gap", "决算较预算增减额"),
    ("share", "占比（%）"),
    ("share_whole", "占比所对总数"),
    ("carry_in", "年初结转和结余"),
    ("income", "本年收入"),
    ("carry_out", "年末结转和结余"),
)
_TEXT_COLUMNS = {"rate_base", "versus", "versus_reason", "share_whole"}


def _final_value(key: str, value: str | None) -> Value:
    """Amounts and percentages as exact decimals; the words as text (大于/小于/持平 for the comparison)."""
    if value is None:
        return None
    if key == "versus":
        return {"up": "大于", "down": "小于", "flat": "持平"}.get(value, value)
    return value if key in _TEXT_COLUMNS else Amount.of_decimal(Decimal(value))


def _targets(rec: ExportDocument) -> Sheet:
    headers = [
        "序号", "项目", "资金总额", "财政拨款", "其他资金", "资金单位", "年度目标", "一级指标",
        "二级指标", "三级指标", "比较符", "指标值", "计量单位", "指标原文", "页", "行",
    ]  # fmt: skip
    rows: list[list[Value]] = []
    for t in rec.targets:
        head: list[Value] = [
            t.index, t.project, t.funds_total, t.funds_fiscal, t.funds_other, t.funds_unit, t.goal,
        ]  # fmt: skip
        if not t.indicators:
            rows.append([*head, None, None, None, None, None, None, None, t.page, t.line])
        for i in t.indicators:
            rows.append(
                [*head, i.level1, i.level2, i.name, i.comparator, i.value, i.unit, i.text, i.page, i.line]
            )
    return Sheet("绩效目标", "targets.csv", headers, rows)


def sheets(rec: ExportDocument) -> list[Sheet]:
    width = max(2, len(str(len(rec.tables))))
    out = [_meta(rec)]
    out += [_table(t, width) for t in rec.tables]
    out.append(_claims(rec))
    out.append(_targets(rec))
    out.append(
        Sheet(
            "单位构成",
            "units.csv",
            ["序号", "单位名称", "单位性质", "编制人数", "在职人数", "页", "行"],
            [[u.index, u.name, u.nature, u.staffing, u.actual, u.page, u.line] for u in rec.units],
        )
    )
    out.append(
        Sheet(
            "章节标题",
            "headings.csv",
            ["序号", "级别", "标题", "所在章节", "页", "行"],
            [[h.index, h.level, h.text, h.section, h.page, h.line] for h in rec.headings],
        )
    )
    out.append(
        Sheet(
            "未识别内容",
            "problems.csv",
            ["序号", "阶段", "问题", "表", "原文", "页", "行"],
            [
                [p.index, _STAGE.get(p.stage, p.stage), p.message, p.table, p.text, p.page, p.line]
                for p in rec.problems
            ],
        )
    )
    return out
