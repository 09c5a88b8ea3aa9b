"""Completeness and structure: mandatory tables and sections, empty tables explained, units, TOC."""

from __future__ import annotations

import difflib
import re

from yusuan.audit.check import Check
from yusuan.audit.registry import rule
from yusuan.extract.normalize import canon
from yusuan.extract.tables import title_words
from yusuan.model import BudgetTable, Provenance, Severity, TableKind, TextBlock


def _doc(check: Check) -> Provenance:
    return Provenance(check.d.path, line=1)


@rule("ST401", "structure.required_tables", Severity.ERROR, "公开表格齐全")
def required_tables(check: Check) -> None:
    """模板要求的每张表都已公开，按标题或别名匹配（不按位置）。

    示例：福建的文件缺少政府性基金预算拨款支出预算表。

    依据：财预〔2016〕143号规定的九张表；福建模板的附加表（规则摘要 R02）。
    """
    for spec in check.profile.tables:
        if (
            spec.required
            and spec.id not in check.full.tables
            and not set(spec.or_tables) & set(check.full.tables)
        ):
            check.flag(f"缺少必须公开的表格“{spec.title}”", _doc(check), expected=spec.title, actual="（缺失）",
                       suggestion=f"补充“{spec.title}”，没有数据的应列示空表并说明")  # fmt: skip


_EMPTY_WORDS = re.compile(r"没有|无|为空|空表|不涉及|未安排")


@rule("ST402", "structure.empty_table_explained", Severity.ERROR, "空表附有说明")
def empty_table_explained(check: Check) -> None:
    """没有数据的表也要公开，并附一句说明原因（如“本部门没有使用政府性基金预算拨款安排的支出”）。

    示例：三公经费表全为零，既无表注，情况说明中也无说明。

    依据：“没有数据的表格应当列出空表并说明”（规则摘要 §1.4，R03）。
    """
    texts = [canon(t.text) for t in check.d.texts if not t.is_heading]
    for spec in check.profile.tables:
        table = check.table(spec.id)
        if table is None or not table.is_empty() or not (spec.required or spec.empty_note):
            continue
        if _listed_as_empty(check, table) or _own_note_below(check, table):
            continue
        word = canon(spec.empty_note or spec.title)
        explained = (table.note and _EMPTY_WORDS.search(table.note)) or any(
            word in t and _EMPTY_WORDS.search(t) for t in texts
        )
        if explained:
            continue
        stray = _note_below(check, table)
        if stray is not None:  # a note copied from the table before it, naming another fund
            check.flag(
                f"“{table.title}”为空表，表下说明却是“{stray.text.strip()}”，说的不是本表",
                table.source, stray.source, expected=f"说明本表（{spec.empty_note or spec.title}）为空的原因",
                actual=stray.text.strip(), suggestion=f"改为“本部门无{spec.empty_note or ''}……，故本表为空表”",
            )  # fmt: skip
            continue
        if check.d.tables_only:  # the 情况说明 published apart may explain it: not a finding, a note
            check.flag(f"“{table.title}”为空表，本文件只有表格，未见说明原因（可能在另行公开的情况说明中，未核对）",
                       table.source, suggestion="核对另行公开的情况说明，或在表下注明“本部门无……，故本表为空表”",
                       severity=Severity.INFO)  # fmt: skip
            continue
        check.flag(f"“{table.title}”为空表，但没有说明原因", table.source,
                   suggestion="在表下注明“本部门无……，故本表为空表”")  # fmt: skip


_FUNDS = ("政府性基金", "国有资本经营", "三公")


def _own_note_below(check: Check, table: BudgetTable) -> bool:
    """A 注/备注/说明 right under the table that says it has nothing ("注：本表本年无发生额。") and names
    no other fund than the table's own; the 决算 print the template's 注 (what the table shows) and
    the 说明 of its emptiness on the next line."""
    start = table.source.line
    if start is None:
        return False
    below = sorted(
        (t for t in check.d.texts if t.source.line is not None and t.source.line > start),
        key=lambda t: t.source.line or 0,
    )
    own = [f for f in _FUNDS if f in canon(table.title)]
    for t in below[:3]:
        text = canon(t.text)
        if t.is_heading:
            return False
        if not re.match(r"^(?:备注|注|说明)", text):
            continue
        others = [f for f in _FUNDS if f in text and f not in own]
        if _EMPTY_WORDS.search(text):
            return not others
    return False


def _listed_as_empty(check: Check, table: BudgetTable) -> bool:
    """The 目录 of the tables marks this one empty with its reason (陕西: 是否空表 | 表格为空的理由)."""
    words = title_words(table.title)
    core = words[-8:] if len(words) > 8 else words
    return any(core and core in canon(row) and _EMPTY_WORDS.search(row) for row in check.full.empty_notes)


def _note_below(check: Check, table: BudgetTable) -> TextBlock | None:
    """The 空表 note printed right under a table (before the next heading), if any."""
    start = table.source.line
    if start is None:
        return None
    below = sorted(
        (t for t in check.d.texts if t.source.line is not None and t.source.line > start),
        key=lambda t: t.source.line or 0,
    )
    for t in below[:3]:
        if t.is_heading:
            return None
        if _EMPTY_WORDS.search(t.text) and "空表" in t.text:
            return t
    return None


_LEAD_IN = re.compile(r"^\s*([^。：:；;，,]{2,30})[。：:]")


@rule("ST403", "structure.required_sections", Severity.ERROR, "说明部分齐全")
def required_sections(check: Check) -> None:
    """模板要求的说明部分（职责、单位构成、收支总体情况、三公经费、机关运行经费、政府采购、国有资产、绩效
    目标、名词解释…）都以标题或引导语出现。

    示例：没有政府采购情况一节。

    依据：规则摘要 §1.5，R04。
    """
    if check.d.tables_only:
        check.flag(
            "本文件只有公开表格，没有情况说明（可能另行公开），未检查说明部分是否齐全",
            _doc(check), severity=Severity.INFO,
        )  # fmt: skip
        return
    heads = [canon(t.text) for t in check.d.texts if t.is_heading or len(t.text) < 40]
    # a lead-in that opens its paragraph: "（一）机关运行经费。2026 年…", "（四）政府采购情况：…"
    heads += [canon(m.group(1)) for t in check.d.paragraphs if (m := _LEAD_IN.match(t.text))]
    for sec in check.profile.sections:
        if not any(canon(w) in h for w in sec.words for h in heads):
            check.flag(f"缺少“{sec.title}”部分", _doc(check), expected=sec.title, actual="（缺失）")


@rule("ST404", "structure.unit_stated", Severity.WARNING, "表格注明金额单位且一致")
def unit_stated(check: Check) -> None:
    """每张金额表都注明金额单位（单位：万元／元），同一文件的各表使用同一单位。

    示例：表格没有“单位：万元”一行。

    依据：规则摘要 R20。
    """
    units = set()
    # a table the template itself prints in another unit (Shanghai: the 三公 table in 万元) is not a mix
    declared = {t.id: t.unit.value for t in check.profile.tables if t.unit is not None}
    for table in check.d.tables.values():
        if table.kind is TableKind.LISTING:
            continue
        if not table.unit_stated:
            check.flag(f"表“{table.title}”未注明金额单位", table.source, suggestion="在表头注明“单位：万元”")
        elif table.unit is not None and declared.get(table.id) != table.unit.value:
            units.add(table.unit)
    if len(units) > 1:
        check.flag(
            "各表金额单位不一致：" + "、".join(sorted(u.value for u in units)),
            _doc(check),
            severity=Severity.INFO,
        )


_CLAUSE_ENDS = ("。", "：", ":", "；", ";", "，")


def _toc_form(text: str, department: str | None) -> str:
    """A title as the 目录 and the body may both word it: no year, and no department name or 部门/单位
    (the Shanghai 目录 says 一、部门主要职能 where the body heads the section 上海市……办公室主要职能; a
    Hangzhou 目录 says 四、2026年杭州市司法局预算公开表 where the body says 四、2026年预算公开表)."""
    text = canon(text)
    if department:
        text = text.replace(canon(department), "")
    return re.sub(r"\d{4}年度?|预算单位|部门|单位", "", text)


@rule("ST405", "structure.toc_matches", Severity.WARNING, "目录与正文标题一致")
def toc_matches(check: Check) -> None:
    """目录中的每一条在正文中都有对应的标题。

    示例：目录列有“八、其他重要事项说明”，正文中没有这个标题。

    依据：福建模板（目录是模板的一部分）。
    """
    heads = [
        _toc_form(t.text, check.d.department)
        for t in check.d.texts
        if t.is_heading or (len(t.text) < 60 and not t.text.rstrip().endswith(_CLAUSE_ENDS))
    ]
    heads += [_toc_form(t.title, check.d.department) for t in check.full.tables.values()]
    body = "".join(heads)
    bare_heads = {b for h in heads if (b := _bare(h))}
    for entry in check.d.toc:
        c = _toc_form(re.sub(r"^第[一二三四五六七八九十]部分", "", canon(entry.text)), check.d.department)
        if not c or c in body or any(c in h for h in heads):
            continue
        if not _near(_bare(c), bare_heads):
            check.flag(f"目录项“{entry.text}”在正文中找不到对应标题", entry.source)


# the numbering, and the words a 目录 and its body word differently (1、部门收支总表 heads the body's
# 2026年部门收支总体情况表; 六、部门预算“三公”经费等情况说明 its 六、部门预算“三公”经费等预算情况说明)
_NUMBERING = re.compile(r"^(?:第[一二三四五六七八九十]+部分|[（(]?[一二三四五六七八九十\d]{1,3}[）)、.．]?)")
_LOOSE_WORDS = re.compile(r"总体情况|总体|情况|总|预算|公开")


def _bare(form: str) -> str:
    return _LOOSE_WORDS.sub("", _NUMBERING.sub("", form))


def _near(entry: str, heads: set[str]) -> bool:
    """Whether a heading of the body is the 目录 entry worded a little differently: the rule is for
    a section or table the 目录 lists and the body lacks, not for a word changed between the two."""
    if len(entry) < 2:
        return True
    for head in heads:
        if entry in head:
            return True
        matcher = difflib.SequenceMatcher(None, entry, head, autojunk=False)
        if matcher.real_quick_ratio() >= 0.75 and matcher.quick_ratio() >= 0.75 and matcher.ratio() >= 0.75:
            return True
    return False


@rule("ST406", "structure.identity", Severity.WARNING, "能识别预算年度与部门")
def identity(check: Check) -> None:
    """文件标题中写明预算年度和部门。

    示例：标题只写“部门预算”，没有年度。

    依据：每份公开文件针对一个部门、一个年度。
    """
    if check.d.year is None:
        check.flag("无法从标题识别预算年度", _doc(check))
    if not check.d.department:
        check.flag("无法从标题识别部门名称", _doc(check), severity=Severity.INFO)


@rule("ST407", "structure.unreadable", Severity.ERROR, "表格内容可识别")
def unreadable(check: Check) -> None:
    """每张表、每个单元格都能读取：未识别的表、不是数字的金额、缺少合计列的表，都在其所在位置报告。

    示例：单元格“2,16l.77”（把数字 1 写成了字母 l）。

    依据：只能检查读得出来的内容。
    """
    doubtful = {t.title for t in check.full.tables.values() if not t.understood}
    for message, source in check.d.problems:
        if source.table not in doubtful:  # a table not understood is reported once, by ST411
            check.flag(message, source)


@rule("ST411", "structure.table_understood", Severity.WARNING, "表格已读懂")
def table_understood(check: Check) -> None:
    """找到的每张表都读懂了：它的类别、各列和各行都按印刷的样子读出。找到但未读懂的表报告一次并说明原因，
    表中的数字一律不检查；标题不对应任何已知类别的表，作为提示。

    示例：支出总表的合计列无法分辨（一行中有三种分类）。

    依据：不能信任的检查结果比没有更糟（设计文档：覆盖情况）。
    """
    for table in check.full.tables.values():
        if table.doubt is not None:
            check.flag(
                f"已找到“{table.title}”，但未能可靠读取（{table.doubt}），未核对该表的数字",
                table.source, suggestion="请人工核对该表",
            )  # fmt: skip
    doubtful = [t for t in check.full.targets if t.doubt is not None]
    if doubtful:
        check.flag(
            f"{len(doubtful)} 张绩效目标表未能可靠读取（如“{doubtful[0].project}”：{doubtful[0].doubt}），未核对",
            *(t.source for t in doubtful[:5]), suggestion="请人工核对这些绩效目标表",
        )  # fmt: skip
    for message, source in check.full.unrecognised:
        check.flag(message + "，未核对", source, severity=Severity.INFO)


_SANGONG_KEYS = {
    "sangong.abroad": "因公出国（境）费",
    "sangong.reception": "公务接待费",
    "sangong.vehicle": "公务用车购置及运行费",
    "sangong.vehicle_purchase": "公务用车购置费",
    "sangong.vehicle_running": "公务用车运行费",
}


@rule("ST408", "structure.sangong_items", Severity.ERROR, "三公经费表列全各项")
def sangong_items(check: Check) -> None:
    """三公经费表列出因公出国（境）费、公务接待费、公务用车购置及运行费，以及后者拆分的购置费和运行费。

    示例：三公经费表没有拆分公务用车购置费和运行费。

    依据：规则摘要 R05。
    """
    table = check.table("sangong")
    if table is None:
        return
    keys = {r.key for r in table.rows}
    for key, name in _SANGONG_KEYS.items():
        if key not in keys:
            check.flag(f"“三公”经费表缺少“{name}”", table.source, expected=name, actual="（缺失）")


@rule("ST409", "structure.units_table", Severity.WARNING, "列示预算单位构成")
def units_table(check: Check) -> None:
    """部门概况列出纳入预算的单位及其编制数和在职人数；在职人数多于编制数的，予以报告。

    示例：某单位人员编制数 15，在职人数 16。

    依据：部门概况（规则摘要 §1.5 第 1 项）。
    """
    wanted = any(sec.id == "units" for sec in check.profile.sections)  # templates without it: Shanghai
    if not check.d.units and wanted:
        check.flag("未列示预算单位构成（单位名称、编制数、在职人数）", _doc(check))
    for u in check.d.units:
        if u.staffing is not None and u.actual is not None and u.actual > u.staffing:
            check.flag(f"“{u.name}”在职人数 {u.actual} 超过编制数 {u.staffing}", u.source,
                       severity=Severity.INFO, expected=f"≤ {u.staffing}", actual=str(u.actual))  # fmt: skip


@rule("ST410", "structure.narrative_claims", Severity.WARNING, "情况说明引用了表格数字")
def narrative_claims(check: Check) -> None:
    """情况说明以数字写明收入和支出总额。

    示例：情况说明中始终没有给出收入预算或支出预算的金额。

    依据：规则摘要 §1.5 第 2 项。
    """
    if check.d.tables_only:
        return  # ST403 has said once that the 情况说明 is not in this file
    subjects = {c.subject for c in check.d.claims if c.value is not None}
    if check.d.final:  # "收入支出总计X万元", "收入总计、支出总计均为X万元" state both
        both = any(c.subject == "income_total" and "支出" in c.subject_text for c in check.d.claims)
        subjects |= {"expense_total"} if both else set()
    prose = "".join(canon(t.text) for t in check.d.paragraphs)
    kind = "决算" if check.d.final else "预算"
    for key, name, word in (
        ("income_total", f"收入{kind}总额" if kind == "预算" else "收入总计", "收入"),
        ("expense_total", f"支出{kind}总额" if kind == "预算" else "支出总计", "支出"),
    ):
        # a total stated in words the template does not list (收支总预算, 收入预算合计…) is still stated
        if re.search(rf"{word}[^。；]{{0,12}}?(?:总额|总计|合计|总预算|预算)[为是共]?[\d,，.]+万?元", prose):
            continue
        # 本部门预算收入1899.9万元 (not 一般公共预算收入…, a part); 收入预算：2026年年初预算数186549.30万元
        if re.search(rf"(?<!公共)(?<!基金)(?<!经营)预算{word}[为是共]?[\d,，.]+万?元", prose) or re.search(
            rf"{word}预算[：:][^。；]{{0,20}}?预算数[为是共]?[\d,，.]+万?元", prose
        ):
            continue
        if kind == "决算" and re.search(
            rf"{word}[^。；]{{0,12}}?(?:总计|合计)(?:均|各)?[为是共]?[\d,，.]+万?元", prose
        ):
            continue  # "收入总计、支出总计均为2,480,372.7万元"
        if key in check.profile.subjects and key not in subjects:
            check.flag(f"情况说明中没有找到{name}的表述", _doc(check))
