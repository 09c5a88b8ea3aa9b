"""The document against its own kind and year: the year it compares with, what it calls itself,
its own 决算, percentages on a zero base, and dates that fall before the budget year.

These rules hold in every province: they need only the budget year and the document kind (from the
title, else from the headings that name the document), the narrative, the claims and the targets.
Each rule stays silent when it cannot tell the year or the kind, and speaks of what is certain.
They are in the wording family (WD72x): they judge what the text says of itself, not its figures
against the tables (TX3xx; TX306 already checks the years that name the budget and old 截至 dates).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from yusuan.audit.check import Check, show
from yusuan.audit.registry import rule
from yusuan.model import Claim, Direction, Money, Provenance, Severity, TextBlock

_Y = r"(?:19|20)\d{2}"
_CLAUSE_END = re.compile(r"[。；;！？!?\n]")


def _snippet(text: str, start: int, end: int, width: int = 14) -> str:
    a, b = max(0, start - width), min(len(text), end + width)
    return ("…" if a > 0 else "") + text[a:b].strip() + ("…" if b < len(text) else "")


def _sentence_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence (up to 。；！？ or a line break) around text[start:end]."""
    a = max((m.end() for m in _CLAUSE_END.finditer(text, 0, start)), default=0)
    m = _CLAUSE_END.search(text, end)
    return a, m.start() if m else len(text)


def _blocks(check: Check, *, toc: bool = False) -> Iterator[TextBlock]:
    for block in check.d.texts:
        if block.text.strip():
            yield block
    if toc:
        for block in check.d.toc:
            if block.text.strip():
                yield block


# -- the document's kind --------------------------------------------------------------------------

#: A heading that names the document itself: "2026年度单位预算表", "第三部分 2026年度部门预算情况说明",
#: "2024年单位预算编制说明", "2025年部门预算公开说明". The kind word must not be part of a longer
#: name ("事业单位预算", "所属单位预算", "预算单位", "部门预算经济分类预算表", "单位预算单位构成").
_SELF_NAME = re.compile(
    r"(?<![业属级层各算])(?P<level>部门|单位)(?P<kind>预算|决算)"
    r"(?P<tail>公开说明|公开表|公开|表|情况说明|编制说明|说明)?$"
)


#: Headings that say whose document it is without naming it: "第一部分 单位概况", "一、部门主要职责".
_KIND_HINT = re.compile(
    r"^(?:第[一二三四五六七八九十]+部分)?(?:[一二三四五六七八九十]+[、.．])?"
    r"(?P<level>部门|单位)(?:概况|基本情况|主要职责|主要职能|机构设置|职责)"
)


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _self_names(check: Check) -> list[tuple[TextBlock, re.Match[str], bool]]:
    """(block, match, is a contents entry) for every heading or contents entry naming the document."""
    out = []
    for blocks, in_toc in ((check.d.headings, False), (check.d.toc, True)):
        for block in blocks:
            m = _SELF_NAME.search(_squeezed(block.text))
            if m is not None:
                out.append((block, m, in_toc))
    return out


_SECTION_TITLE = re.compile(r"^第[一二三四五六七八九十]+部分|(?:表|说明)$")


def _title_kind(title: str | None) -> tuple[str, str] | None:
    """(部门|单位, 预算|决算) named by the title, the last one when it names two."""
    if not title or _SECTION_TITLE.search(_squeezed(title)):
        return None  # the extractor took a part's heading for the title: it is one voice among the others
    found = re.findall(r"(部门|单位)(预算|决算)", _squeezed(title))
    return found[-1] if found else None


def _is_final(check: Check) -> bool:
    """Final accounts (决算) are not budgets: their own 决算 is their subject."""
    kind = _title_kind(check.d.title)
    if kind is not None:
        return kind[1] == "决算"
    names = _self_names(check)
    finals = sum(1 for _, m, _ in names if m.group("kind") == "决算")
    return finals >= 2 and finals > len(names) - finals


# -- WD720 the year compared with -----------------------------------------------------------------

_COMPARED = re.compile(
    rf"(?P<word>比|较|同比|相比|对比|与)\s*(?:上年度?|上一年度?|去年)?\s*[（(]?\s*(?P<y>{_Y})\s*年\s*度?\s*[）)]?"
)
#: "上年（2024年）", "2024年（上一年度，下同）": a year the text itself calls last year
_LAST_YEAR_NAMED = re.compile(
    rf"(?:上年度?|上一年度?|去年)\s*[（(]\s*(?P<y>{_Y})\s*年|(?P<y2>{_Y})\s*年\s*度?\s*[（(]\s*(?:上年|上一年|去年)"
)
_MONEY = re.compile(
    r"\d\s*(?:万元|元)"
)  # not 亿元: a budget is in 万元 or 元, 亿元 are the region's statistics
#: a leftover names a year or two before last year; older years are the base years of plans
#: ("比2020年增长" for the 十四五), and a later year is the subject of another sentence
_OLDEST_LEFTOVER = 3
_ABOUT_BUDGET = re.compile(r"^\s*(?:年初)?(?:预算|执行|决算|财政拨款|支出|收入)")
_COMPARE_CUE = re.compile(r"增|减|持平|提高|降低|下降|上升|相比|相当|基础上|多|少|压缩|调整")
_YEAR_IN = re.compile(rf"(?P<y>{_Y})\s*年")
#: "比2024年决算数", "较2024年实际支出": the last closed year may be two years back
_CLOSED = re.compile(r"\s*(?:度)?(?:部门|单位)?(?:决算|实际|执行)")


@rule("WD720", "consistency.compared_year", Severity.ERROR, "比较的年份是预算年度的上一年")
def compared_year(check: Check) -> None:
    """预算与预算年度的上一年比较：2026 年预算中写“比上年”、“比2025年预算”、“与2025年持平”。金额与其他年份
    比较（2026 年预算中写“比2024年预算增加120万元”），或文中称为上年的年份并非上年（“上年（2024年）”），是
    旧文件的遗留。与决算比较时也可以是最近一个已结束的年度（2026 年预算中的“2024年决算”）。关于其他年份的
    句子（“2024年执行数比2023年…”）、其他数字的比较（“比2020年提高2个百分点”，“收入500亿元，较2020年增长”）
    以及三年以前的年份（规划的基期）不检查。句子以预算年度为主语时为错误，否则为警告。

    示例：2026 年预算中写“2026年“三公”经费预算207.46万元，比2024年减少48.3万元”。

    依据：公开模板把预算与上一年比较（“比上年”）；规则摘要 R13（增减额 = 本年 − 上年）。
    """
    by = check.d.year
    if by is None or _is_final(check):
        return
    for block in _blocks(check):
        text = block.text
        flagged: list[tuple[int, int]] = []
        for m in _COMPARED.finditer(text):
            y = int(m.group("y"))
            after = text[m.end() : m.end() + 20]
            allowed = {by - 1, by - 2} if _CLOSED.match(after) else {by - 1}
            if y in allowed or not by - _OLDEST_LEFTOVER <= y <= by:
                continue
            if y == by and "调整" in (check.d.title or ""):
                continue  # an adjusted budget compares with the year's first budget
            s0, s1 = _sentence_span(text, m.start(), m.end())
            clause = text[s0:s1]
            if m.group("word") == "与" and not re.search(r"相比|持平|比较|对比", after):
                continue  # "2024年与2025年…": 与 joins, it does not compare
            if not _COMPARE_CUE.search(after):
                continue
            if not (_MONEY.search(clause) or _ABOUT_BUDGET.match(after)):
                continue  # a comparison of rates or counts may take any base year
            before = [int(x.group("y")) for x in _YEAR_IN.finditer(text, s0, m.start())]
            subject = before[-1] if before else None
            if subject is not None and subject != by:
                continue  # the sentence speaks of another year
            flagged.append(m.span("y"))
            snippet = _snippet(text, m.start(), m.end())
            check.flag(
                f"预算年度为 {by} 年，文中“{snippet}”却与 {y} 年比较，应与上年（{by - 1} 年）比较",
                block.source.with_(text=snippet),
                expected=f"{by - 1}年（上年）", actual=f"{y}年",
                suggestion=f"核对比较的年份和数字，改为与 {by - 1} 年（上年）比较",
                severity=Severity.ERROR if subject == by else Severity.WARNING,
                section=block.section or None,
            )  # fmt: skip
        for m in _LAST_YEAR_NAMED.finditer(text):
            y = int(m.group("y") or m.group("y2"))
            span = m.span("y") if m.group("y") else m.span("y2")
            if y == by - 1 or span in flagged:
                continue
            s0, _ = _sentence_span(text, m.start(), m.end())
            before = [int(x.group("y")) for x in _YEAR_IN.finditer(text, s0, m.start())]
            if before and before[-1] != by:
                continue
            snippet = _snippet(text, m.start(), m.end())
            check.flag(
                f"预算年度为 {by} 年，上年应为 {by - 1} 年，文中写作“{snippet}”",
                block.source.with_(text=snippet),
                expected=f"{by - 1}年", actual=f"{y}年",
                suggestion=f"把上年的年份改为 {by - 1} 年",
                section=block.section or None,
            )  # fmt: skip


# -- WD721 what the document calls itself ---------------------------------------------------------


@rule("WD721", "consistency.document_kind", Severity.WARNING, "标题中自称的文件类型一致")
def document_kind(check: Check) -> None:
    """单位预算在标题以及指称本文件的标题和目录条目中自称单位预算（“2026年度单位预算表”，“2026年度单位预算
    情况说明”），部门预算自称部门预算；以本年预算开头的句子也是如此（“2026年单位预算安排购置车辆0辆”）。文
    件类型取标题所示，否则取多数标题所用的（“单位概况”、“部门主要职责”等也计入）。只计以文件名称结尾的标题
    和以预算年度及其预算开头的句子：“部门预算经济分类预算表”、“预算单位构成”、“所属事业单位预算”、“纳入市
    水务局部门预算管理”、“深化部门预算改革”、“2026年本单位预算收入”不检查。

    示例：“泉州市…中心2026年度单位预算”中的“第三部分 2026年度部门预算情况说明”；“上海市2025年市级单位预算”
    中的“2025年部门预算安排购置车辆0辆”（单位模板写作“2025年单位预算安排”）。

    依据：《预算法》第十四条和《预算法实施条例》第六条（部门及其所属单位各自公开预算），各类公开模板。
    """
    if _is_final(check):
        return
    names = [(b, m, t) for b, m, t in _self_names(check) if m.group("kind") == "预算"]
    title = _title_kind(check.d.title)
    if title is not None and title[1] == "预算":
        kind = title[0]
    else:
        levels = [m.group("level") for _, m, _ in names]
        dept, unit = levels.count("部门"), levels.count("单位")
        if dept == unit:  # no majority among the names: the headings that say whose document it is decide
            hints = [
                m.group("level")
                for b in (*check.d.headings, *check.d.toc)
                if (m := _KIND_HINT.match(_squeezed(b.text))) is not None
            ]
            dept, unit = hints.count("部门"), hints.count("单位")
        if max(dept, unit) < 2 or dept == unit or not names:
            return
        kind = "部门" if dept > unit else "单位"
    seen: set[str] = set()
    for block, m, in_toc in names:
        if m.group("level") == kind:
            continue
        text = _squeezed(block.text)
        if text in seen:
            continue
        seen.add(text)
        wrong = m.group("level") + "预算"
        where = "目录" if in_toc else "标题"
        basis = f"文件标题“{check.d.title}”" if title is not None else f"多数标题称“{kind}”"
        check.flag(
            f"本文件是{kind}预算（{basis}），{where}“{text}”却称“{wrong}”",
            block.source.with_(text=text),
            expected=f"{kind}预算", actual=wrong,
            suggestion=f"把“{wrong}”改为“{kind}预算”",
            section=block.section or None,
        )  # fmt: skip
    if check.d.year is None:
        return
    opening = re.compile(
        rf"(?:^|[。；;，,：:])\s*(?:{check.d.year}\s*年\s*度?|当年|本年度?)\s*"
        r"(?P<level>部门|单位)预算(?:安排|收入|支出|总额)(?!经济|功能|分类)"
    )
    for block in check.d.paragraphs:
        m = next((m for m in opening.finditer(block.text) if m.group("level") != kind), None)
        if m is None:
            continue
        wrong = m.group("level") + "预算"
        snippet = _snippet(block.text, m.start("level"), m.end())
        check.flag(
            f"本文件是{kind}预算（文件标题“{check.d.title}”），文中“{snippet}”却称“{wrong}”"
            if title is not None
            else f"本文件是{kind}预算（多数标题称“{kind}”），文中“{snippet}”却称“{wrong}”",
            block.source.with_(text=snippet),
            expected=f"{kind}预算", actual=wrong,
            suggestion=f"把“{wrong}”改为“{kind}预算”",
            section=block.section or None,
        )  # fmt: skip


# -- WD722 its own 决算 ----------------------------------------------------------------------------

#: "2026年部门决算", "2026年度决算数", "2026年度湖州市财政局部门决算": a year, then 决算 at once or after
#: a level word or the name of a body (not "2026年将继续做好部门决算公开", which is last year's).
_OWN_FINAL = re.compile(
    rf"(?P<y>{_Y})年度?(?P<gap>(?:市级|区级|县级|省级|本级|区本级|市本级)?"
    r"(?:[\u4e00-\u9fff（）()]{2,30}?(?:局|委员会|委|办公室|办|院|中心|部|厅|所|站|馆|队|处|室|政府|街道办事处)"
    r"(?:[（(]汇总[）)])?)?)"
    r"(?<!预)(?P<final>(?:部门|单位)?决算)"
)


def _own_final_places(check: Check) -> Iterator[tuple[str, Provenance, str | None]]:
    for block in _blocks(check, toc=True):
        yield block.text, block.source, block.section or None
    for table in check.d.tables.values():
        yield table.title, table.source, None
        for col in table.columns:
            yield col.title, table.source.with_(column=col.title), None


@rule("WD722", "consistency.own_final", Severity.ERROR, "预算不提及本年度决算")
def own_final(check: Check) -> None:
    """预算在年初公开：本年度还没有决算，所以 2026 年预算中的“2026年部门决算”、“2026年度决算数”或更晚年份
    的决算，是决算文件的遗留或年份写错。上年的决算和执行数（“2025年决算数”，“上年决算”）以及“预决算”没有问
    题。决算文件本身不检查。只计年份之后紧接决算，或隔着级次词、机关名称（“2026年度湖州市财政局部门决算”）
    的情况：“2026年将继续做好部门决算公开”说的是上年的决算。

    示例：2026 年预算中的“第三部分 2026年度部门决算情况说明”。

    依据：《预算法》第七十四条（决算在年度结束后编制）；预算和决算的公开模板。
    """
    by = check.d.year
    if by is None or _is_final(check):
        return
    for raw, source, section in _own_final_places(check):
        text = _squeezed(raw)
        for m in _OWN_FINAL.finditer(text):
            y = int(m.group("y"))
            if y < by or re.search(r"上年|上一|去年|预算|以前|往年|历年", m.group("gap")):
                continue
            snippet = _snippet(text, m.start(), m.end())
            check.flag(
                f"{by} 年预算中出现“{snippet}”：{y} 年的决算尚未编制，应为预算或上年（{by - 1} 年）决算",
                source.with_(text=snippet),
                expected=f"{y}年…预算 或 {by - 1}年…决算", actual=m.group().strip(),
                suggestion="核对是否误用了决算的文字或年份",
                section=section,
            )  # fmt: skip


# -- WD723 percentages on a zero base -------------------------------------------------------------


def _zero_base(claim: Claim) -> Money | None:
    """The base the percentage is taken on, when the claim shows it is zero: a stated base
    ("上年预算执行数为0万元"), or this year's amount minus an equal change ("5万元，比上年增加5万元")."""
    if claim.base is not None:
        return claim.base if claim.base.value == 0 else None
    value, change = claim.value, claim.change
    if value is None or change is None:
        return None
    if value.unit is not change.unit:
        value = value.in_unit(change.unit)
    if value.value - change.value != 0:
        return None
    return Money(Decimal(0), change.unit, change.places, change.source)


def _subject_name(check: Check, claim: Claim) -> str:
    if claim.subject_text:
        return claim.subject_text
    spec = check.profile.subjects.get(claim.subject)
    return spec.phrases[0] if spec is not None and spec.phrases else claim.subject


@rule("WD723", "consistency.percent_zero_base", Severity.WARNING, "上年为零时不写增减百分比")
def percent_zero_base(check: Check) -> None:
    """增减百分比需要基数：比较的数为零时（明确写出，或本年金额等于其增加额），“增长100%”或任何百分比都不
    是增长率，应写明是新增。两年都为零时，“增长0%”无害但没有意义（说“与上年持平”即可），作为提示。

    示例：“2022年当年预算执行数为0万元，2023年预算安排60.13万元，比2022年预算执行数增加100.00%”。

    依据：增长率 = 增减额 ÷ 基数（规则摘要 R13）；基数为零时没有定义。
    """
    for claim in check.d.claims:
        p = claim.percent
        if p is None:
            continue
        base = _zero_base(claim)
        if base is None:
            continue
        name = _subject_name(check, claim)
        now = claim.value
        if now is not None and now.value == 0:
            if p.value == 0:
                check.flag(
                    f"“{name}”上年和本年均为0，增减幅度无从计算，文中写有“{p.value}%”",
                    p.source or claim.source, claim.source, expected="与上年持平（不写百分比）",
                    actual=f"{p.value}%", suggestion="删去百分比，只写“与上年持平”",
                    severity=Severity.INFO,
                )  # fmt: skip
            continue  # a non-zero percentage on 0 → 0 is TX304/TX305's
        if claim.direction is Direction.DOWN or claim.percent_direction is Direction.DOWN:
            continue  # a decrease from zero is TX305's
        said = (
            f"比较基数为{base.text()}" if claim.base is not None else f"本年与增加额同为{show(now)}，上年为0"
        )
        check.flag(
            f"“{name}”{said}，增减百分比无从计算，文中写作“{p.value}%”",
            p.source or claim.source, base.source, claim.source, expected="新增（不写百分比）", actual=f"{p.value}%",
            suggestion="上年为0的项目写“新增”，不写增长百分比",
        )  # fmt: skip


# -- WD724 dates before the budget year -----------------------------------------------------------

_DATE = re.compile(
    rf"(?P<y>{_Y})\s*年\s*(?:(?P<m>\d{{1,2}})\s*月(?:\s*(?P<d>\d{{1,2}})\s*日)?|年?底|年?末|全年)"
)
_RANGE_SEP = re.compile(r"\s*(?:至|到|—|－|-|~|～)\s*$")
_TIME_INDICATOR = re.compile(r"时效|时间|时限|期限|日期|完成|进度|节点|周期")
_PERIOD_HEAD = re.compile(r"实施周期|项目周期|执行期限|实施期限|起止时间|实施期")
#: "截至2026年12月31日" in a 2026 budget: a date after the document was published
_AS_OF = re.compile(rf"截[至止]\s*(?P<y>{_Y})\s*年\s*(?P<m>\d{{1,2}})\s*月")
_LATEST_AS_OF_MONTH = 6  # budgets are published within 20 days of approval, in the first half-year


_BALANCE = re.compile(r"共有|车辆|资产|房屋|土地|余额|结余|结转|在职|实有|编制")


def _end_date(text: str, by: int) -> re.Match[str] | None:
    """The last date of a value that is a date or a period ("2025年1月1日至2025年12月31日"), when
    it and every year the value names lie before the budget year `by`; else None."""
    dates = list(_DATE.finditer(text))
    years = [int(y.group("y")) for y in _YEAR_IN.finditer(text)]
    if not dates or max(years) >= by:
        return None
    return dates[-1]


@rule("WD724", "consistency.date_year", Severity.WARNING, "时间节点不早于预算年度")
def date_year(check: Check) -> None:
    """预算为本年度设定的日期在本年度内或之后：时效指标的完成时间（“项目完成时间”）、项目实施周期的结束，
    都不早于预算年度开始；余额日期“截至…”不晚于预算年度上半年，即文件公开之时。情况说明中关于过去的日期（
    2019 年的机构改革，截至上年末）不检查；早两年或以上的截至日期由 TX306 检查。

    示例：烟台市民政局 2026 年预算中的时效指标“项目完成时间 2025年12月31日”（另一单位的同一项目写作“2026年
    12月31日前”）。

    依据：预算年度为公历年度（《预算法》第十八条）；绩效目标描述预算年度的产出（规则摘要 P4）；公开文件不
    能说明其公开之后某日的余额。
    """
    by = check.d.year
    if by is None or _is_final(check):
        return
    adjusted = "调整" in (check.d.title or "")  # a mid-year adjusted budget may state later balances
    for table in check.d.targets:
        for ind in table.indicators:
            if not _TIME_INDICATOR.search(f"{ind.level2 or ''}{ind.name}"):
                continue
            if _end_date(ind.text, by) is None:
                continue
            check.flag(
                f"“{table.project}”的{ind.level2 or '时效指标'}“{ind.name}”为“{ind.text.strip()}”，"
                f"早于预算年度 {by} 年",
                ind.source, expected=f"{by}年内（如“{by}年12月31日前”）", actual=ind.text.strip(),
                suggestion=f"改为 {by} 年的时间节点",
            )  # fmt: skip
    blocks = list(_blocks(check))
    for k, block in enumerate(blocks):
        text = block.text
        segment = None
        if not block.is_heading:
            head = _PERIOD_HEAD.search(text)
            if head is not None:
                segment = text[head.end() : head.end() + 40]
            elif (
                k > 0
                and blocks[k - 1].is_heading
                and _PERIOD_HEAD.search(blocks[k - 1].text)
                and len(text) <= 60
            ):
                segment = text
        m = _end_date(segment, by) if segment else None
        if segment and m is not None and _RANGE_SEP.search(segment[: m.start()]):
            snippet = segment.strip(" ：:。；")
            check.flag(
                f"实施周期“{snippet}”在预算年度 {by} 年之前已结束",
                block.source.with_(text=snippet), expected=f"包含 {by} 年", actual=m.group(),
                suggestion=f"核对实施周期，改为含 {by} 年的期间",
                section=block.section or None,
            )  # fmt: skip
        for m in _AS_OF.finditer(text):
            y, month = int(m.group("y")), int(m.group("m"))
            if y != by or month <= _LATEST_AS_OF_MONTH or adjusted:
                continue  # other years are TX306's
            _, s1 = _sentence_span(text, m.start(), m.end())
            if not _BALANCE.search(text[m.end() : s1]):
                continue  # "截至2026年底，建成…" is a target, not a balance
            snippet = _snippet(text, m.start(), m.end())
            check.flag(
                f"统计时点“{m.group()}”晚于本预算的公开时间（{by} 年上半年），"
                f"通常为上年末（{by - 1}年12月31日）",
                block.source.with_(text=snippet), expected=f"{by - 1}年12月31日", actual=m.group(),
                suggestion=f"核对年份，多为 {by - 1} 年之误",
                section=block.section or None,
            )  # fmt: skip
