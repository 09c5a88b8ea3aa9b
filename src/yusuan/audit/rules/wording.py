"""Wording and typography of the narrative: placeholders, brackets, punctuation, reasons, template leftovers.

These rules read the headings and paragraphs of the document (`Disclosure.texts`), never table cells.
Basis: 《标点符号用法》GB/T 15834-2011, the 公开 templates (every 原因 must be a real reason, every
amount a number), and the inspection criterion that a disclosure is complete and readable.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from yusuan.audit.check import Check
from yusuan.audit.registry import rule
from yusuan.model import Provenance, Severity, TextBlock

_CJK = "\u4e00-\u9fff"
_CJK_CHAR = re.compile(f"[{_CJK}]")


def _snippet(text: str, start: int, end: int, width: int = 12) -> str:
    a, b = max(0, start - width), min(len(text), end + width)
    return ("…" if a > 0 else "") + text[a:b] + ("…" if b < len(text) else "")


def _src(block: TextBlock, snippet: str) -> Provenance:
    return block.source.with_(text=snippet)


def _blocks(check: Check, *, headings: bool = True) -> Iterator[TextBlock]:
    for block in check.d.texts:
        if block.text.strip() and (headings or not block.is_heading):
            yield block


def _flag(
    check: Check,
    block: TextBlock,
    message: str,
    snippet: str,
    *,
    expected: str | None,
    actual: str | None,
    suggestion: str,
    severity: Severity | None = None,
) -> None:
    kind = "标题" if block.is_heading else "段落"
    line = f"第{block.source.line}行" if block.source.line is not None else "位置未知"
    check.flag(
        f"{kind}（{line}）{message}：“{snippet}”",
        _src(block, snippet),
        expected=expected,
        actual=actual,
        suggestion=suggestion,
        severity=severity,
        section=block.section or None,
    )


# -- WD701 placeholders ---------------------------------------------------------------------------

_PLACEHOLDERS = re.compile(
    r"(?<![A-Za-z])(?:XX+|xx+|ＸＸ+|ｘｘ+)(?![A-Za-z])|×{2,}|＊{2,}|[*]{3,}|[_＿]{3,}|某某"
    r"|【\s*】|（\s*）|\(\s*\)|“\s*”|《\s*》|\[\s*\]"
)
_MONEY_UNIT = re.compile(r"(?:千|万|亿|百万|千万)?元")
#: Characters that are (part of) a number written in words, so "五十万元", "数万元" are fine.
_NUMERALS = set("〇零一二三四五六七八九十百千万亿两壹贰叁肆伍陆柒捌玖拾佰仟数几余多半")
#: Words ending in 元 that are not a money unit: 美元, 单元, 多元, 公元, 纪元 …
_NOT_UNIT_BEFORE = set("美日欧港韩单多公纪台澳英泰卢")
_NOT_UNIT_AFTER = set("旦素年宵件器首老帅气月化")
#: "近万元", "上亿元", "逾千万元": the 万/亿 is itself the number.
_APPROX = set("近上逾超过约")


def _missing_number(text: str) -> Iterator[tuple[int, int]]:
    """Spans of a money unit with a CJK word (not a numeral) right before it: '预算总额万元'."""
    for m in _MONEY_UNIT.finditer(text):
        i = m.start() - 1
        while i >= 0 and text[i] in " \t":
            i -= 1
        if i < 0:
            continue
        prev = text[i]
        if not _CJK_CHAR.match(prev) or prev in _NUMERALS:
            continue
        after = text[m.end() : m.end() + 3]
        if m.group() == "元" and (prev in _NOT_UNIT_BEFORE or after[:1] in _NOT_UNIT_AFTER):
            continue
        if m.group() != "元" and prev in _APPROX:
            continue
        if after.startswith(("GDP", "以上", "以下", "级", "产值", "增加值", "生产总值")):
            continue  # 万元GDP用水量, 亿元以上: a rate or a bracket, not a missing amount
        if "单位" in text[max(0, i - 6) : i + 1] or after.startswith(("为单位", "计")) or prev == "以":
            continue  # 单位：万元, 单位为万元, 以万元为单位
        if re.search(r"(?:转换|换算|折算|折合)[为成]?\s*$|约值\s*$", text[max(0, i - 6) : i + 1]):
            continue  # 本表金额转换为万元时, 数据约值万元时: the unit, not an amount left blank
        yield max(0, i - 3), m.end()


@rule("WD701", "wording.placeholder", Severity.ERROR, "无占位符或缺失的数字")
def placeholder(check: Check) -> None:
    """标题或段落中没有模板占位符（“XX”、“××”、“＊＊”、“某某”、“【】”、空的“（ ）”），也没有缺少数字的金额
    单位（“政府采购预算总额万元”）。

    示例：“2023年，组织部部门政府采购预算总额万元，其中：…”（总额始终没有填写）。

    依据：公开模板；公开文件必须写明每一个金额（《预算法》第十四条）。
    """
    for block in _blocks(check):
        text = block.text
        for m in _PLACEHOLDERS.finditer(text):
            _flag(
                check,
                block,
                f"含有模板占位符“{m.group()}”",
                _snippet(text, m.start(), m.end()),
                expected="具体内容或数字",
                actual=m.group(),
                suggestion="用实际内容或数字替换占位符",
            )
        for start, end in _missing_number(text):
            _flag(
                check,
                block,
                "金额单位前缺少数字",
                _snippet(text, start, end, 8),
                expected="数字＋单位（如“4.60万元”）",
                actual=text[start:end],
                suggestion="补填金额；如金额为零，写“0万元”",
            )


# -- WD702 brackets and quotes --------------------------------------------------------------------

#: (name, openers, closers); full- and half-width round brackets are one family.
_PAIRS = (
    ("括号", "（(", "）)"),
    ("双引号", "“", "”"),
    ("单引号", "‘", "’"),
    ("书名号", "《", "》"),
    ("书名号", "〈", "〉"),
    ("方头括号", "【", "】"),
    ("直角引号", "「", "」"),
    ("直角引号", "『", "』"),
)
_LIST_MARKER = re.compile(r"(?:^|[\s。；;：:，,、])[0-9０-９a-zA-Z一二三四五六七八九十①-⑳]{1,3}\s*$")


def _unbalanced(text: str) -> list[tuple[str, str, int]]:
    """(family, the lone mark, its offset) for every unmatched opening or closing mark."""
    out: list[tuple[str, str, int]] = []
    for family, openers, closers in _PAIRS:
        marks = openers + closers
        if not any(m in text for m in marks):
            continue  # the common case: nothing of this family in the paragraph
        stack: list[int] = []
        for m in re.finditer(f"[{re.escape(marks)}]", text):  # visit only the marks, not every character
            i, ch = m.start(), m.group()
            if ch in openers:
                stack.append(i)
            elif ch in closers:
                if stack:
                    stack.pop()
                elif family == "括号" and _LIST_MARKER.search(text[max(0, i - 16) : i]):
                    continue  # "1）…；2）…" list markers
                else:
                    out.append((family, ch, i))
        out.extend((family, text[i], i) for i in stack)
    return sorted(out, key=lambda x: x[2])


@rule("WD702", "wording.unbalanced_marks", Severity.WARNING, "括号、引号、书名号成对")
def unbalanced_marks(check: Check) -> None:
    """同一标题或段落中，每个左引号、左括号、左书名号、左方头括号“ （ 《 【 都有对应的 ” ） 》 】，反之亦
    然。全角与半角圆括号视为同一种，所以“(一）”不报告；允许“1）”这样的序号。

    示例：“本部门 2023 年度没有使用国有资本经营预算拨款安排的支出”（单独一个 ”，本应是 。）。

    依据：GB/T 15834-2011《标点符号用法》（成对的标号）。
    """
    blocks = list(_blocks(check))
    marks = [_unbalanced(b.text) for b in blocks]
    for i in range(len(blocks) - 1):
        for j in range(i + 1, min(i + 4, len(blocks))):  # a chart's axis labels may come between
            if _drop_split_pair(blocks[i], marks[i], blocks[j], marks[j]):
                break
    for block, found in zip(blocks, marks, strict=True):
        text = block.text
        for family, mark, offset in found:
            lone = "左" if _is_left(family, mark) else "右"
            _flag(
                check,
                block,
                f"{family}不成对，多出{lone}{family}（{mark}）",
                _snippet(text, offset, offset + 1),
                expected=f"{family}成对使用",
                actual=f"多出{lone}{family}（{mark}）",
                suggestion=f"补齐或删去多余的“{mark}”（句末误打的引号应改为句号）",
            )


def _is_left(family: str, mark: str) -> bool:
    return any(mark in p[1] for p in _PAIRS if p[0] == family)


def _drop_split_pair(
    first: TextBlock,
    first_marks: list[tuple[str, str, int]],
    second: TextBlock,
    second_marks: list[tuple[str, str, int]],
) -> bool:
    """A text the reader broke in two between a bracket and its partner (a table's header cell
    "一般公共预算拨款支出（按部门预算支出经" / "济科目分）金额（万元）" read as two lines): the last lone
    left mark of a text cut mid-phrase and the first lone right mark of the same family in one of
    the next three texts of the same page are a pair."""
    if first.source.page != second.source.page or _ends_sentence(first.text.strip()):
        return False
    lefts = [m for m in first_marks if _is_left(m[0], m[1])]
    rights = [m for m in second_marks if not _is_left(m[0], m[1])]
    if lefts and rights and lefts[-1][0] == rights[0][0]:
        first_marks.remove(lefts[-1])
        second_marks.remove(rights[0])
        return True
    return False


# -- WD703 doubled punctuation --------------------------------------------------------------------

_DOUBLED = re.compile(r"[，。、；：,;]\s*[，。、；：,;]")


@rule("WD703", "wording.doubled_punctuation", Severity.WARNING, "无重复或连用的标点")
def doubled_punctuation(check: Check) -> None:
    """句中标点不连用：“，，”、“。。”、“，。”、“、、”、“；；”。

    示例：“比上年减少83.3万元，，主要原因是…”。

    依据：GB/T 15834-2011《标点符号用法》。
    """
    for block in _blocks(check):
        text = block.text
        for m in _DOUBLED.finditer(text):
            mark = m.group()
            _flag(
                check,
                block,
                f"标点“{mark}”连用",
                _snippet(text, m.start(), m.end()),
                expected="一个标点",
                actual=mark,
                suggestion="删去多余的标点",
            )


# -- WD704 unfinished paragraph -------------------------------------------------------------------

_TERMINAL = set("。！？；：!?;:")
_END_CLOSERS = set("”’」』）)】》〉")
_NOTE = re.compile(
    r"^\s*(?:备注|注[:：\d]|注\s|说明[:：]|单位[:：]|资料来源|数据来源|金额单位"
    r"|(?:编制|填报|预算)(?:部门|单位)[:：]|预算主管部门[:：]|(?:部门|单位)名称[:：])"
)
_SENTENCE_MARKS = re.compile(r"[，。；：！？,;:!?、]")
_CLAUSE_MARKS = re.compile(r"[，。；：！？,;:!?]")  # the marks of a sentence; 、 lists words in a title too
_TITLE_END = ("预算", "决算", "表", "说明", "情况", "目录", "解释", "报告", "公开", "附件", "附表")


def _ends_sentence(text: str) -> bool:
    t = text.rstrip()
    while t and t[-1] in _END_CLOSERS:
        t = t[:-1].rstrip()
    return bool(t) and t[-1] in _TERMINAL


#: a section number opening a title line, or opening the next one of a 目录 whose lines ran together
#: ("八、…决算情况说明九、…决算情况说明")
_TITLE_NUMBER = re.compile(
    r"(?:^|(?<=[明表况算告件释录]))(?:[一二三四五六七八九十]{1,3}、|（[一二三四五六七八九十]{1,3}）)"
)


_SHORT_TITLE = 40


def _title_like(text: str, title: str | None) -> bool:
    t = re.sub(r"\s+", "", text)
    if title and t == re.sub(r"\s+", "", title):
        return True
    t = _TITLE_NUMBER.sub("", t)
    t = re.sub(r"[（(][^（()）]{1,20}[）)]$", "", t)  # …培训费表（不含上年结转）
    if len(t) <= _SHORT_TITLE:  # a title may list with 、 (“三公”经费及会议费、培训费支出决算表)
        t = t.replace("、", "")
    return not _SENTENCE_MARKS.search(t) and t.endswith(_TITLE_END)


# a form's field and its value, not a sentence: 单位主要负责人审签情况：已审签, 联系电话：023-67512578
_FIELD_VALUE = re.compile(r"[：:][^，。；：！？,;:!?]{1,20}$")


@rule("WD704", "wording.unfinished_paragraph", Severity.WARNING, "段落以句末标点结束")
def unfinished_paragraph(check: Check) -> None:
    """至少 15 个字的说明段落以 。！？； 或 ： 结束（其后可有右引号或右括号）。标题、表注（备注、注、单位：
    万元）和标题行除外。

    示例：“本部门 2023 年度没有使用国有资本经营预算拨款安排的支出”（以 ” 而非 。结束），或在句子中间被截断
    的段落。

    依据：GB/T 15834-2011（陈述句以句号结束）；被截断的句子可能隐藏了缺失的内容。
    """
    for block in _blocks(check, headings=False):
        text = block.text.strip()
        if len(re.sub(r"\s+", "", text)) < 15 or _NOTE.match(text) or _title_like(text, check.d.title):
            continue
        if len(text) <= 30 and not _SENTENCE_MARKS.search(text):
            continue  # a value under a field heading (五、实施周期 / 2025年1月1日至2025年12月31日), not a sentence
        if len(text) <= 40 and _LIST_START.match(text) and not _CLAUSE_MARKS.search(text):
            continue  # a numbered sub-heading set in body type: （三）提升重大战略、重大活动气象保障服务能力
        if _ends_sentence(text) or _FIELD_VALUE.search(text):
            continue
        if re.search(_REASON_HEAD + r"\s*[：:]?$", text):
            continue  # “…下降9.88％。主要原因是” and nothing: WD705 reports the missing reason
        tail = text[-12:]
        _flag(
            check,
            block,
            "未以句末标点结束",
            ("…" if len(text) > 12 else "") + tail,
            expected="以“。”结束",
            actual=f"以“{text[-1]}”结束",
            suggestion="补全句子并加上句号；如句末误打了引号，改为句号",
        )


# -- WD705 / WD706 reasons ------------------------------------------------------------------------

_REASON_HEAD = r"(?:主要)?原因(?:是|为|在于|系)"
_NO_REASON = re.compile(_REASON_HEAD + r"\s*[：:]?\s*(?P<after>[。；;.]|[，,]\s*$|等原因|$)")
_REDUNDANT = re.compile(_REASON_HEAD + r"\s*[：:]?(?P<body>[^。；;]+?)等原因")
_LIST_START = re.compile(
    r"^\s*(?:[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+[、是]|\d+[.、．)）]|[①-⑳])"
)


@rule("WD705", "wording.empty_reason", Severity.ERROR, "说明原因时写明原因")
def empty_reason(check: Check) -> None:
    """“主要原因是”或“原因是”之后写明实际原因，而不是句号、空白或“等原因”。段落以“主要原因是：”结尾、下一
    段列出原因（“（一）…”，“1. …”，“一是…”）的，没有问题。

    示例：“比上年减少83.3万元，主要原因是：。”；“主要原因是等原因。”。

    依据：公开模板要求说明每项增减的原因。
    """
    blocks = list(_blocks(check))
    for k, block in enumerate(blocks):
        text = block.text
        for m in _NO_REASON.finditer(text):
            if m.group("after").strip() in ("", "，", ","):  # the paragraph ends: a list may follow
                nxt = blocks[k + 1] if k + 1 < len(blocks) else None
                if nxt is not None and not nxt.is_heading and _LIST_START.match(nxt.text):
                    continue
            _flag(
                check,
                block,
                "说明原因处没有写出原因",
                _snippet(text, m.start(), m.end()),
                expected="具体原因",
                actual=m.group().strip() or "（空）",
                suggestion="写明增减变化的具体原因（如“人员增加”“压减公用经费”）",
            )


@rule("WD706", "wording.redundant_reason", Severity.INFO, "“原因是……等原因”句式赘余")
def redundant_reason(check: Check) -> None:
    """“主要原因是……等原因”把“原因”说了两遍；写“主要原因是人员增加。”或“主要是人员增加等原因。”即可。

    示例：“主要原因是人员增加等原因。”。

    依据：行文简洁（《党政机关公文处理工作条例》要求用语简洁）。
    """
    for block in _blocks(check):
        text = block.text
        for m in _REDUNDANT.finditer(text):
            body = m.group("body").strip(" ：:")
            if not body:
                continue  # "原因是等原因" is WD705's
            _flag(
                check,
                block,
                "“原因是……等原因”句式重复",
                _snippet(text, m.start(), m.end(), 4),
                expected=f"主要原因是{body}",
                actual=m.group(),
                suggestion=f"改为“主要原因是{body}”或“主要是{body}等原因”",
            )


# -- WD707 template leftovers ---------------------------------------------------------------------

_UP = "增加|增长|上升|提高"
_DOWN = "减少|下降|降低"
_LEFTOVER = re.compile(
    rf"(?:(?:{_UP}|{_DOWN}|增|减)\s*)?[（(]\s*(?:{_UP}|{_DOWN}|持平|增减|增|减)\s*(?:[/／]\s*(?:{_UP}|{_DOWN}|增|减)\s*)?[）)]"
    rf"|(?:{_UP})\s*[/／]\s*(?:{_DOWN})|(?:{_DOWN})\s*[/／]\s*(?:{_UP})|增\s*[/／]\s*减"
)


@rule("WD707", "wording.template_leftover", Severity.WARNING, "无未选定的模板方向词")
def template_leftover(check: Check) -> None:
    """模板中放在括号里或并列备选的方向词——“（增加）”、“（减少）”、“增加（减少）”、“增加/减少”——没有改成实
    际的方向。

    示例：“机关运行经费支出55.88万元，比上年（增加）1.22万元”。

    依据：公开模板写作“比上年增加（减少）X万元”；公开的文字只保留一个词。
    """
    for block in _blocks(check):
        text = block.text
        for m in _LEFTOVER.finditer(text):
            _flag(
                check,
                block,
                f"保留了模板中的方向词“{m.group()}”",
                _snippet(text, m.start(), m.end()),
                expected="“增加”或“减少”之一，不加括号",
                actual=m.group(),
                suggestion="按实际增减只保留一个方向词，并去掉括号或斜杠",
            )


# -- WD708 half-width punctuation in Chinese ------------------------------------------------------

_HALF_WIDTH = re.compile(rf"(?<=[{_CJK}])\s?[,;]\s?(?=[{_CJK}])")


@rule("WD708", "wording.half_width_punctuation", Severity.INFO, "中文之间使用全角逗号、分号")
def half_width_punctuation(check: Check) -> None:
    """两个汉字之间的逗号和分号用全角（，；），不用“,”或“;”。

    示例：“通过政府补助方式,鼓励企业引进和培育高层次人才”。

    依据：GB/T 15834-2011（中文使用全角标点）。
    """
    for block in _blocks(check):
        text = block.text
        marks = list(_HALF_WIDTH.finditer(text))
        if not marks:
            continue
        first = marks[0]
        _flag(
            check,
            block,
            f"中文之间使用了半角标点（{len(marks)}处）",
            _snippet(text, first.start(), first.end(), 8),
            expected="，" if "," in first.group() else "；",
            actual=first.group().strip(),
            suggestion="将中文之间的半角“,”“;”改为全角“，”“；”",
        )
