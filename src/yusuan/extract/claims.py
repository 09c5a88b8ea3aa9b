"""Narrative claims: every sentence that states an amount, change, percentage, year or reason.

The sentence templates of the disclosures are regular: "<subject>为X万元，比上年减少Y万元，
减少Z%，主要原因是R。其中：<part>a万元、<part>b万元". We find subject phrases (from the
profile), amounts, changes, percentages, direction words, years, reasons and "其中" markers in
order, then attach each to the subject it belongs to.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from yusuan.extract.normalize import canon
from yusuan.extract.tables import ExtractContext
from yusuan.model import (
    Claim,
    Direction,
    Money,
    Paragraph,
    Percent,
    Provenance,
    Unit,
    YearMention,
    parse_decimal,
)

# a number starts where no digit or separator stands before it: a search then scans each run of digits
# once instead of from every digit in it (quadratic on a long run); nor a letter or point (1e999999万元,
# PM2.5: not an amount of 999,999万元 or 5)
NUM = r"(?<![\d,，.A-Za-z])\d[\d,，]*(?:\.\d+)?"
_AMOUNT = re.compile(rf"(?P<num>{NUM})?\s*(?P<unit>万元|元)(?![\u4e00-\u9fff]{{0,1}}[/／])")
_DIR_WORDS = {"增加": Direction.UP, "增长": Direction.UP, "上升": Direction.UP, "提高": Direction.UP,
              "减少": Direction.DOWN, "下降": Direction.DOWN, "降低": Direction.DOWN, "减": Direction.DOWN,
              "持平": Direction.FLAT}  # fmt: skip
_DIR = r"增加|增长|上升|提高|减少|下降|降低"
_CHANGE = re.compile(
    rf"(?:比|较|与)(?:上年|上一年|去年|(?P<cy>(?:19|20)\d{{2}})\s*年)(?:度)?(?:预算)?(?:数)?(?:相比)?[，,]?\s*"
    rf"(?:支出|预算)?[（(]?(?P<dir>{_DIR})[）)]?\s*(?P<num>{NUM})\s*(?P<unit>万元|元)"
)
_PERCENT = re.compile(
    rf"(?P<dir>{_DIR}|增幅|降幅|增长率为?|下降率为?)\s*(?:了|为)?\s*(?P<num>\d+(?:\.\d+)?)\s*[%％]"
)
_FLAT = re.compile(r"(?:基本|大致|大体)?持平")
# "2023年当年预算执行数为54.60万元，2024年预算安排53.84万元，比2023年预算执行数减少1.39%" (Shanghai):
# the percentage is taken on the executed figure, not on last year's budget
_BASE = re.compile(rf"(?:当年)?预算执行数(?:为|是)?\s*(?P<num>{NUM})\s*(?P<unit>万元|元)")
_RESTATED = re.compile(rf"预算安排(?:为)?\s*(?P<num>{NUM})\s*(?P<unit>万元|元)")
_REASON = re.compile(
    r"(?:主要原因是|主要原因为|主要原因|原因是|原因为|主要是由于|主要由于|主要是因为)\s*[:：]?\s*(?P<reason>[^。；]*)"
)
_YEAR = re.compile(r"(?P<y>(?:19|20)\d{2})\s*年\s*(?P<du>度)?")
_QIZHONG = re.compile(r"其中[:：]?")
_WITHIN = re.compile(r"^\s*(?P<subject>[^，,。；：:]{2,30}?)中[，,：:]")
_COUNT = re.compile(r"共设置\s*(?P<n>\d+)\s*个\s*(?:项目)?(?:支出)?绩效目标")
_CODE = re.compile(
    r"(?P<code>(?<!\d)\d{7}(?!\d))\s*[-－—]?\s*(?P<name>[（(]?[\u4e00-\u9fff（）()\-－—、]{0,40}?[）)]?)\s*(?=\d)"
)
_NAMED_CODE = re.compile(
    r"(?P<lei>[\u4e00-\u9fff]{2,20}?)[（(]类[)）](?P<kuan>[\u4e00-\u9fff]{2,20}?)[（(]款[)）](?P<xiang>[\u4e00-\u9fff]{2,30}?)[（(]项[)）]"
)
_NAME_PART = r"(?:[\u4e00-\u9fff]|[（(](?!类|款|项)[\u4e00-\u9fff]{1,8}[）)])"
_NAMED_CODE_NESTED = re.compile(
    rf"(?P<lei>{_NAME_PART}{{2,20}}?)[（(]类[)）](?P<kuan>{_NAME_PART}{{2,20}}?)[（(]款[)）]"
    rf"(?P<xiang>{_NAME_PART}{{2,30}}?)[（(]项[)）]"
)
# “一般公共服务支出-政府办公厅（室）及相关机构事务-行政运行”科目1,202.95万元 (names joined by dashes)
_DASH_NAMES = re.compile(
    r"[“\"](?P<lei>[\u4e00-\u9fff]{2,20})[-－—](?P<kuan>[^“”\"\-－—]{2,30}?)[-－—](?P<xiang>[^“”\"\-－—]{2,40}?)[”\"]"
)
# （204类）司法（06款）行政运行（01项） / 204类06款01项: the code in numbers, whatever the names
_NUMBERED_CODE = re.compile(
    r"[（(]?(?P<lei>2\d{2})\s*类[）)]?[^（()）\d，。；]{0,30}?[（(]?(?P<kuan>\d{2})\s*款[）)]?"
    r"[^（()）\d，。；]{0,30}?[（(]?(?P<xiang>\d{2})\s*项[）)]?(?:[^\d，。；“”]{0,30}?(?=\d))?"
)
# “一般公共服务支出”科目12,789万元: a 类 named alone (上海市财政局 lists its spending by 类)
_LEI_NAME = re.compile(r"[“\"](?P<name>[\u4e00-\u9fff]{2,20}支出)[”\"]\s*科目")
_SENTENCE_END = re.compile(r"[。；！？!?]")

# -- the 决算 phrasings (only for a template with ``document: final``) -------------------------------
_DIRS = r"增加|增长|上升|提高|减少|下降|降低"
# "与2023年度相比，收入支出总计增加1062.85万元", "与上年相比收入总计、支出总计均增加…", "支出决算比上年增加…":
# the subject may be said again between the comparison and the direction word
_FCHANGE = re.compile(
    rf"(?:比|较|与|同|和)\s*(?:上年|上一年|去年|(?P<cy>(?:19|20)\d{{2}})\s*年)(?:度)?(?:同期)?(?:决算|预算)?(?:数)?"
    rf"(?:相比|相较|比较)?[，,]?\s*(?P<words>[^\d，,。；：:%]{{0,24}}?)[（(]?(?P<dir>{_DIRS})[）)]?\s*(?:了)?\s*"
    rf"(?P<num>{NUM})\s*(?P<unit>万元|元)"
)
# "公务接待费支出决算减少0.15万元" (right after its subject): a change on last year, not an amount
_BARE_CHANGE = re.compile(
    rf"(?:支出)?(?:决算)?(?:数)?(?P<dir>增加|减少)\s*(?P<num>{NUM})\s*(?P<unit>万元|元)"
)
# an amount with the budget or outturn word before it: "年初预算为10210.34万元", "支出决算为9746.50万元"
_LABELLED = re.compile(
    r"(?P<label>年初预算数?|全年预算数?|调整后?预算数?|年初(?:财政拨款)?结转和?结余|年末(?:财政拨款)?结转和?结余"
    r"|收入决算数?|支出决算数?|决算数?|执行数|实际支出数?|(?<!公共)(?<!基金)(?<!经营)预算数?)"
    rf"\s*(?:为|是|共|：|:)?\s*(?P<num>{NUM})\s*(?P<unit>万元|元)"
)
# "完成年初预算的95.45%", "完成全年预算数的98.69%", "完成预算的13.68%", "预算完成率为99%"
_RATE = re.compile(
    r"(?:完成(?:了)?(?P<base>年初|全年|调整后?)?(?:预算)?(?:数)?的?|(?P<base2>年初|全年|调整后?)?预算(?:完成|执行)率(?:为)?)"
    r"\s*(?P<num>\d+(?:\.\d+)?)\s*[%％]"
)
# "决算数小于预算数", "决算数大于年初预算数", "决算数同预算数持平", "决算数与全年预算数持平"
_VERSUS = re.compile(
    r"决算数?\s*(?P<word>大于|小于|高于|低于|超过|少于|多于|等于|同|与|和)\s*(?P<base>年初|全年|调整后?)?预算数?"
    r"\s*(?P<flat>持平|相等|一致|相同)?"
)
# "支出决算为45.00万元，与预算持平" (决算数 understood), "与年初预算基本持平" (roughly: not checked)
_VERSUS_FLAT = re.compile(
    r"(?P<word>同|与|和)\s*(?P<base>年初|全年|调整后?)?预算数?\s*(?P<rough>基本|大致|大体)?(?P<flat>持平|相等|一致|相同)"
)
# "决算数大于预算数55.93万元": the direction and the gap at once
_VERSUS_GAP = re.compile(
    rf"决算数?\s*(?P<word>大于|小于|高于|低于|超过|少于|多于)\s*(?P<base>年初|全年|调整后?)?预算数?\s*"
    rf"(?P<num>{NUM})\s*(?P<unit>万元|元)"
)
# "决算数较预算数减少5.91万元"
# "决算数较预算数减少5.91万元", "…，较预算减少2万元", "比年初预算增加3万元"
_GAP = re.compile(
    rf"(?:决算数?\s*)?(?:较|比)\s*(?P<base>年初|全年|调整后?)?预算数?\s*(?P<dir>增加|减少|多|少)\s*"
    rf"(?P<num>{NUM})\s*(?P<unit>万元|元)"
)
# "占7.74%", "占本年支出合计的99.86%", "占政府采购支出合同总额的9%"
_SHARE = re.compile(
    r"占(?P<whole>[^，,。；：:\d%％]{0,24}?)(?:的)?(?:比重|比例)?(?:为)?\s*(?P<num>\d+(?:\.\d+)?)\s*[%％]"
)
# "社会保障和就业支出（类）754.75万元": a 类 named alone with its amount
_LEI_ALONE = re.compile(r"(?P<name>[\u4e00-\u9fff]{2,20}?支出)\s*[（(]类[)）](?=\s*\d)")
_LABEL_KIND = (
    ("年初结转", "carry_in"), ("年末结转", "carry_out"), ("年初预算", "initial"), ("全年预算", "full"),
    ("调整", "full"), ("收入决算", "income"), ("决算", "outturn"), ("执行数", "outturn"), ("实际支出", "outturn"),
    ("预算", "plain"),
)  # fmt: skip
_DOWN_WORDS = ("小于", "低于", "少于")
_VERSUS_WORD = {"大于": Direction.UP, "高于": Direction.UP, "超过": Direction.UP, "多于": Direction.UP,
                "小于": Direction.DOWN, "低于": Direction.DOWN, "少于": Direction.DOWN}  # fmt: skip


def _label_kind(label: str) -> str:
    return next(kind for word, kind in _LABEL_KIND if word in label)


def _base_word(word: str | None) -> str:
    """年初 / 全年 (an adjusted budget is the year's whole budget) / '' when the text says only 预算."""
    if not word:
        return ""
    return "年初" if word == "年初" else "全年"


_LIST_MARK = re.compile(
    r"[。；;]\s*(?:\d{1,2}\s*[、.．]|[（(]\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*[）)])"
)


def _names_label(text: str, subject: tuple[str, str, int, str | None], label_at: int) -> bool:
    """Whether a subject named before a budget or outturn word is what it states: only a few words
    between them ("“三公”经费财政拨款支出年初预算为…", "公务用车运行维护费预算…"), not a project's name
    ("…人员经费项目绩效自评综述：全年预算数…")."""
    between = text[subject[2] + len(subject[1]) : label_at]
    return len(between) <= 14 and not re.search(r"项目|[：:。；]", between)


@dataclass(slots=True)
class FinalClaim(Claim):
    """A statement of a 决算's narrative: besides the amount (the 决算数) and its change on last year,
    the budgets it is measured against, the 完成率, the 决算 vs 预算 comparison with its reason, the
    share of a whole, and for a fund the balances carried in and out."""

    initial: Money | None = None  # 年初预算数
    full: Money | None = None  # 全年预算数 / 调整预算数
    plain: Money | None = None  # 预算数, without saying which
    rate: Percent | None = None  # 完成…预算的 P%
    rate_base: str = ""  # the budget the rate names: 年初 / 全年 / '' (预算)
    versus: Direction | None = None  # 决算数大于 (UP) / 小于 (DOWN) / 持平 (FLAT) 预算数
    versus_base: str = ""
    versus_source: Provenance | None = None
    versus_reason: str | None = None  # 决算数小于预算数的主要原因：…
    roughly: bool = False  # "与预算基本持平": said to be about the budget
    gap: Money | None = None  # 决算数较预算数减少X万元, signed
    share: Percent | None = None  # 占 P%
    share_whole: str = ""  # the whole the share names (本年支出合计); '' when it names none
    whole: int | None = None  # the claim an unnamed share is taken of (the total of the breakdown)
    carry_in: Money | None = None  # 年初结转和结余
    income: Money | None = None  # 收入决算
    carry_out: Money | None = None  # 年末结转和结余

    def budgets(self, base: str) -> list[Money]:
        """The budgets a rate or comparison naming ``base`` may be taken on."""
        if base == "年初":
            return [m for m in (self.initial,) if m is not None]
        if base == "全年":
            return [m for m in (self.full,) if m is not None]
        return [m for m in (self.full, self.plain, self.initial) if m is not None]

    def to_dict(self) -> dict[str, Any]:
        out = Claim.to_dict(self)

        def money(m: Money | None) -> str | None:
            return None if m is None else str(m.value)

        out.update(
            initial_budget=money(self.initial),
            full_budget=money(self.full),
            budget=money(self.plain),
            rate=None if self.rate is None else str(self.rate.value),
            rate_base=self.rate_base or None,
            versus=self.versus.value if self.versus else None,
            versus_reason=self.versus_reason,
            gap=money(self.gap),
            share=None if self.share is None else str(self.share.value),
            share_whole=self.share_whole or None,
            carry_in=money(self.carry_in),
            income=money(self.income),
            carry_out=money(self.carry_out),
        )
        return out


_OPEN, _CLOSE = "（(", "）)"


def _closed_between(text: str, start: int, end: int) -> bool:
    """Whether a bracket open at ``start`` closes before ``end``."""
    depth = 0
    for ch in text[start:end]:
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth -= 1
            if depth < 0:
                return True
    return False


def _sentence_ends(text: str) -> list[re.Match[str]]:
    """Where sentences end: not inside brackets ("…583.16万元（购置费198万元；运行费385.16万元。）比上年
    减少132.61万元" is one sentence about the 583.16)."""
    ends = []
    for m in _SENTENCE_END.finditer(text):
        before = text[: m.start()]
        if sum(before.count(c) for c in _OPEN) <= sum(before.count(c) for c in _CLOSE):
            ends.append(m)
    return ends


@dataclass
class _Token:
    start: int
    end: int
    kind: str  # subject, amount, change, percent, flat, reason, year, qizhong, count
    data: dict[str, object]
    match: re.Match[str]


def _direction(word: str | None) -> Direction | None:
    if word is None:
        return None
    for key, d in _DIR_WORDS.items():
        if word.startswith(key) or key in word:
            return d
    if word.startswith("增"):
        return Direction.UP
    if word.startswith("降"):
        return Direction.DOWN
    return None


class ClaimExtractor:
    def __init__(self, ctx: ExtractContext) -> None:
        self.ctx = ctx
        phrases: list[tuple[str, str]] = []
        for key, spec in ctx.profile.subjects.items():
            for phrase in spec.phrases:
                phrases.append((phrase, key))
        phrases.sort(key=lambda p: -len(p[0]))
        self.phrase_key = {canon(p): k for p, k in phrases}
        alternation = "|".join(
            re.escape(p).replace(r"\（", "[（(]").replace(r"\）", "[）)]") for p, _ in phrases
        )
        self.subject_re = re.compile(alternation) if alternation else None
        self.lei_codes = {canon(n): c for c, n in ctx.catalog.functional.items() if len(c) == 3}
        self.claims: list[Claim] = []
        self.years: list[YearMention] = []
        self._open_parent: int | None = None  # a paragraph ending in 其中： opens parts for the next ones
        self._last_top: int | None = None
        self._qizhong_open: int | None = None
        self._para_claims: set[int] = set()
        self._claim_sentence: dict[int, tuple[int, int]] = {}  # claim index → (paragraph id, sentence start)
        self._claim_offset: dict[int, int] = {}  # claim index → its amount's offset in the paragraph
        self.final = ctx.profile.document == "final"  # the 决算 phrasings are read too
        self._item_subject: tuple[str, str, int, str | None] | None = None  # a 决算 paragraph's item
        self._para_finals: list[int] = []  # the 决算 statements of the current paragraph

    # -- tokens -------------------------------------------------------------------------------
    def _tokens(self, text: str) -> list[_Token]:
        toks: list[_Token] = []
        taken: list[tuple[int, int]] = []

        def free(a: int, b: int) -> bool:
            return all(b <= s or a >= e for s, e in taken)

        def add(m: re.Match[str], kind: str, **data: object) -> None:
            toks.append(_Token(m.start(), m.end(), kind, data, m))
            taken.append((m.start(), m.end()))

        if self.final:
            self._final_tokens(text, add, free)
        else:
            for m in _CHANGE.finditer(text):
                add(m, "change")
        bases = list(_BASE.finditer(text))
        for m in bases:
            add(m, "base")
        if bases:  # only after a base is "预算安排X万元" a restatement (in Fujian it states the amount)
            for m in _RESTATED.finditer(text, bases[0].end()):
                add(m, "restated")
        for m in _PERCENT.finditer(text):
            if free(m.start(), m.end()):
                add(m, "percent")
        for m in _COUNT.finditer(text):
            add(m, "count")
        for m in _NUMBERED_CODE.finditer(text):
            add(m, "code", code=m.group("lei") + m.group("kuan") + m.group("xiang"))
        if self.final:  # "公立医院（款）中医（民族）医院（项）": a bracket inside a name
            for m in _NAMED_CODE_NESTED.finditer(text):
                if free(m.start(), m.end()):
                    add(m, "named_code")
        for m in _NAMED_CODE.finditer(text):
            if free(m.start(), m.end()):
                add(m, "named_code")
        for m in _LEI_NAME.finditer(text):
            lei = self.lei_codes.get(canon(m.group("name")))
            if lei and free(m.start(), m.end()):
                add(m, "code", code=lei)
        if self.final:
            for m in _LEI_ALONE.finditer(text):
                lei = self.lei_codes.get(canon(m.group("name")))
                if lei and free(m.start(), m.end()):
                    add(m, "code", code=lei)
        for m in _DASH_NAMES.finditer(text):
            if free(m.start(), m.end()):
                add(m, "named_code")
        for m in _CODE.finditer(text):
            if free(m.start(), m.end()):
                add(m, "code")
        subject_ends: set[int] = set()
        if self.subject_re is not None:
            for m in self.subject_re.finditer(text):
                if free(m.start(), m.end()):
                    add(m, "subject", key=self.phrase_key.get(canon(m.group(0))))
                    subject_ends.add(m.end())
        if self.final:
            for m in _BARE_CHANGE.finditer(text):
                if m.start() in subject_ends and free(m.start(), m.end()):
                    add(m, "change")
        for m in _AMOUNT.finditer(text):
            if free(m.start(), m.end()):
                add(m, "amount")
        for m in _YEAR.finditer(text):
            if free(m.start(), m.end()):
                add(m, "year")
        for m in _FLAT.finditer(text):
            if free(m.start(), m.end()):
                add(m, "flat")
        for m in _QIZHONG.finditer(text):
            if free(m.start(), m.end()):
                add(m, "qizhong")
        for m in _REASON.finditer(text):
            toks.append(_Token(m.start(), m.end(), "reason", {}, m))
        if self.final:
            # what follows 主要原因 is the reason: its amounts, changes and subjects ("主要原因：项目支出增加，
            # 较上一度增加1133.95万元") are not statements of their own
            cut = next((t.start for t in toks if t.kind == "reason"), None)
            if cut is not None:
                toks = [t for t in toks if t.start < cut or (t.kind == "reason" and t.start == cut)]
        toks.sort(key=lambda t: (t.start, t.end))
        return toks

    def _final_tokens(
        self,
        text: str,
        add: Callable[..., None],
        free: Callable[[int, int], bool],
    ) -> None:
        """The 决算 phrasings, taken before the generic tokens so that "决算数同预算数持平" is not a
        change on last year and "年初预算为A万元" is not the subject's amount."""
        for rx, kind in (
            (_GAP, "gap"),
            (_VERSUS_GAP, "versus_gap"),
            (_VERSUS, "versus"),
            (_VERSUS_FLAT, "versus"),
            (_FCHANGE, "change"),
            (_RATE, "rate"),
        ):
            for m in rx.finditer(text):
                if free(m.start(), m.end()):
                    add(m, kind)
        for m in _LABELLED.finditer(text):
            if free(m.start(), m.end()):
                add(m, "label", label=_label_kind(m.group("label")))
        for m in _SHARE.finditer(text):
            if free(m.start(), m.end()):
                add(m, "share")

    # -- helpers ------------------------------------------------------------------------------
    def _src(self, para: Paragraph, offset: int, text: str) -> Provenance:
        return Provenance(self.ctx.path, line=para.line_at(offset), page=para.page, text=text)

    def _money(self, num: str | None, unit: str, src: Provenance) -> Money | None:
        if num is None:
            return None
        parsed = parse_decimal(num)
        if parsed is None:
            return None
        return Money(parsed[0], Unit(unit), parsed[1], src)

    def _target(
        self,
        sentence: tuple[int, int],
        text: str = "",
        off: int = 0,
        pending: tuple[str, str, int, str | None] | None = None,
    ) -> Claim | None:
        """What a change, percentage or reason speaks of: the latest claim of its sentence (a part
        such as （一）因公出国（境）费0万元，与上年持平 included) that is not inside brackets closed
        before it ("…费583.16万元（购置费198万元；运行费385.16万元）比上年减少132.61万元" speaks of the
        583.16), else the latest top-level claim (in "…其中：公车运行费6.80万元。…比上年减少1.70万元"
        the change is the whole's)."""
        for i in range(len(self.claims) - 1, -1, -1):
            if self._claim_sentence.get(i) != sentence:
                break
            at = self._claim_offset.get(i)
            if at is None or not text or not _closed_between(text, at, off):
                return self.claims[i]
        if self.final and pending is not None:
            # 决算: "…其中：公务接待费支出决算减少0.15万元" speaks of the 公务接待费 stated before
            for i in range(len(self.claims) - 1, -1, -1):
                if self.claims[i].subject == pending[0] and self.claims[i].value is not None:
                    return self.claims[i]
            return None
        return self.claims[self._last_top] if self._last_top is not None else None

    # -- paragraphs ---------------------------------------------------------------------------
    def paragraph(self, para: Paragraph, heading_subject: str | None) -> None:
        text = para.text
        self._years(para)
        self._item_subject = None
        self._para_finals = []
        starts_reason = bool(re.match(r"^\s*(?:主要原因|原因)", text))
        if not starts_reason and not re.match(r"^\s*[（(][一二三四五六七八九十\d]+[）)]", text):
            self._open_parent = None
        in_parts = self._open_parent
        if starts_reason:
            pass  # a reason paragraph continues the previous claim
        elif in_parts is None:
            self._last_top = None
        sent_start = 0
        for sm in [*_sentence_ends(text), None]:
            end = sm.end() if sm else len(text)
            if end > sent_start:
                self._sentence(para, text, sent_start, end, heading_subject, in_parts)
            sent_start = end
            if self._qizhong_open is not None:  # claim 0 opens parts too
                in_parts = self._qizhong_open
        if re.search(r"其中[:：]\s*$", text) and self._last_top is not None:
            self._open_parent = self._last_top

    def _sentence(
        self,
        para: Paragraph,
        text: str,
        start: int,
        end: int,
        heading_subject: str | None,
        parent: int | None,
    ) -> None:
        sentence = text[start:end]
        toks = self._tokens(sentence)
        self._qizhong_open = None
        within = self._within(sentence)
        if within is not None:  # "财政拨款支出预算中，一般公共预算…；政府性基金…": parts of that claim
            parent = self._qizhong_open = within
        pending_subject: tuple[str, str, int, str | None] | None = None  # key, words, offset, code name
        scope_whole: int | None = None  # a scoped whole (一般公共预算拨款政府采购) whose parts may follow
        year: int | None = None
        stash: dict[str, Money | None] = {}  # 决算: budgets and balances stated before the 决算数
        stash_subject: tuple[str, str, int, str | None] | None = None
        stash_at: int | None = None  # where the first of them stands in the sentence
        compared: FinalClaim | None = None  # 决算: the statement a 决算 vs 预算 comparison just spoke of
        for tok in toks:
            g = sentence[tok.start : tok.end]
            abs_off = start + tok.start
            if tok.kind == "year":
                m = tok.match
                if m:
                    year = int(m.group("y"))
            elif tok.kind == "qizhong":
                if self._last_top is not None:
                    parent = self._last_top
                    self._qizhong_open = parent
            elif tok.kind == "subject":
                key = tok.data.get("key")
                if isinstance(key, str):
                    pending_subject = (key, g, abs_off, None)
            elif tok.kind == "code":
                m = tok.match
                numbered = tok.data.get("code")
                if isinstance(numbered, str):
                    pending_subject = (f"func:{numbered}", g, abs_off, None)
                elif m:
                    pending_subject = (f"func:{m.group('code')}", g, abs_off, m.group("name") or None)
            elif tok.kind == "named_code":
                m = tok.match
                if m:
                    name = f"{m.group('lei')}/{m.group('kuan')}/{m.group('xiang')}"
                    pending_subject = (f"funcname:{name}", g, abs_off, name)
            elif tok.kind == "count":
                m = tok.match
                if m:
                    self.claims.append(
                        Claim(
                            "perf.count",
                            sentence.strip(),
                            self._src(para, abs_off, g),
                            g,
                            count=int(m.group("n")),
                            year=year,
                        )
                    )
            elif tok.kind == "amount":
                m = tok.match
                assert m is not None
                subject = pending_subject
                if subject is None and heading_subject and parent is None and not self._has_claim_in(para):
                    subject = (heading_subject, "", abs_off, None)
                if subject is None:
                    continue
                new = self._new_claim(
                    para, sentence, start, subject, m, g, abs_off, year, parent, scope_whole
                )
                parent = self.claims[new].parent
                if parent is None:
                    if self.claims[new].subject in self.ctx.profile.part_scopes:
                        scope_whole = new  # its own parts may follow in this sentence
                elif parent == scope_whole:
                    parent = None  # the next amount is a part only if it names one
                pending_subject = None
                year = None
            elif tok.kind == "label":
                m = tok.match
                assert m is not None
                label = str(tok.data.get("label"))
                src = self._src(para, abs_off, g)
                money = self._money(m.group("num"), m.group("unit"), src)
                if label == "outturn":
                    named = stash_subject or pending_subject
                    subject = named if named is not None else self._item_of(text, abs_off)
                    if stash_subject is None and named is not None and not _names_label(text, named, abs_off):
                        subject = None  # "…采供血人员经费项目绩效自评综述：全年预算数…": a project's name
                    if subject is None and not stash:
                        continue  # "支出决算为X万元" of nothing named: not guessed
                    if subject is None:
                        head = sentence[: stash_at if stash_at is not None else tok.start]
                        lead = re.sub(r"^\s*[\d一二三四五六七八九十]+\s*[.、．]\s*", "", head)
                        subject = ("final.unnamed", lead.strip(" ：:，,")[-40:], abs_off, None)
                    new = self._new_claim(
                        para, sentence, start, subject, m, g, abs_off, year, parent, scope_whole
                    )
                    claim = self.claims[new]
                    if isinstance(claim, FinalClaim):
                        for kind, value in stash.items():
                            setattr(claim, kind, value)
                    stash, stash_subject, stash_at = {}, None, None
                    parent = claim.parent
                    if parent is None:
                        if claim.subject in self.ctx.profile.part_scopes:
                            scope_whole = new
                    elif parent == scope_whole:
                        parent = None
                    pending_subject = None
                    year = None
                elif label == "carry_out" and (last := self._sentence_final((id(para), start))) is not None:
                    last.carry_out = money
                else:
                    stash[label] = money
                    stash_at = tok.start if stash_at is None else stash_at
                    if stash_subject is None and pending_subject is not None:
                        stash_subject = (
                            pending_subject if _names_label(text, pending_subject, abs_off) else None
                        )
            elif tok.kind in ("rate", "versus", "gap", "versus_gap"):
                fc = self._final_target(pending_subject)
                if fc is None:
                    continue
                self._attach_final(fc, tok, g, para, abs_off)
                compared = fc
            elif tok.kind == "share":
                fc = self._sentence_final((id(para), start))
                if fc is None or fc.share is not None:
                    continue
                m = tok.match
                assert m is not None
                parsed = parse_decimal(m.group("num"))
                if parsed is not None:
                    fc.share = Percent(parsed[0], parsed[1], self._src(para, abs_off, g))
                    fc.share_whole = m.group("whole").strip()
            elif tok.kind == "reason" and compared is not None:
                rm = _REASON.match(g)
                if rm and compared.versus_reason is None:  # 决算数小于预算数的主要原因：… explains that gap
                    compared.versus_reason = rm.group("reason").strip()
                compared = None
            elif tok.kind in ("change", "percent", "flat", "reason", "base", "restated"):
                if self.final and tok.kind in ("change", "flat"):
                    compared = None
                target = self._target((id(para), start), text, abs_off, pending_subject)
                if target is None:
                    continue
                self._attach(target, tok.kind, g, para, abs_off)
            if self.final and tok.kind in ("subject", "code", "named_code") and pending_subject is not None:
                # the item a 决算 paragraph speaks of ("1、…（类）…（款）…（项）。主要用于：…。年初预算为…")
                is_code = pending_subject[0].startswith(("func:", "funcname:"))
                held = self._item_subject
                if is_code or held is None or not held[0].startswith(("func:", "funcname:")):
                    self._item_subject = pending_subject

    def _new_claim(
        self,
        para: Paragraph,
        sentence: str,
        start: int,
        subject: tuple[str, str, int, str | None],
        m: re.Match[str],
        g: str,
        abs_off: int,
        year: int | None,
        parent: int | None,
        scope_whole: int | None,
    ) -> int:
        """Add the claim of an amount stated for ``subject``; its index."""
        key, words, _off, code_name = subject
        scopes = self.ctx.profile.part_scopes
        restated = set(scopes.get(key, {}))  # the parts a scoped whole restates in its scope
        if parent is not None and (
            self.claims[parent].subject in restated
            or restated & set(self.ctx.profile.part_sums.get(self.claims[parent].subject, ()))
        ):
            # "…；其中一般公共预算拨款政府采购Y：货物…" restates the breakdown in a narrower
            # scope: a whole of its own, not a part of the claim before it
            parent = None
        whole_scope = scopes.get(self.claims[scope_whole].subject, {}) if scope_whole is not None else {}
        if parent is None and key in whole_scope:
            parent = scope_whole  # a part of the scoped whole named earlier in the sentence
        if parent is not None:
            key = scopes.get(self.claims[parent].subject, {}).get(key, key)
        src = self._src(para, abs_off, sentence.strip())
        money = self._money(m.group("num"), m.group("unit"), src.with_(text=g))
        kind = FinalClaim if self.final else Claim
        claim = kind(
            key, sentence.strip(), src, subject_text=words, value=money, year=year, parent=parent,
            code_name=code_name,
        )  # fmt: skip
        self.claims.append(claim)
        index = len(self.claims) - 1
        self._claim_sentence[index] = (id(para), start)
        self._claim_offset[index] = abs_off
        if parent is None:
            self._last_top = index
            self._para_claims.add(id(para))
        if isinstance(claim, FinalClaim):
            if parent is not None:
                claim.whole = parent
            elif key.startswith("func:") and self._para_finals:
                # "一般公共预算财政拨款支出X万元，主要用于：…（类）a万元，占P%": a share of the paragraph's total
                first = self.claims[self._para_finals[0]]
                if not first.subject.startswith("func:"):
                    claim.whole = self._para_finals[0]
            self._para_finals.append(index)
        return index

    def _item_of(self, text: str, at: int) -> tuple[str, str, int, str | None] | None:
        """The paragraph's item, unless another item of a list begins between it and ``at`` ("…；2.教育支出
        （类）…" whose name was not read is not the item before it)."""
        item = self._item_subject
        if item is None:
            return None
        between = text[item[2] + len(item[1]) : at]
        return None if _LIST_MARK.search(between) else item

    def _sentence_final(self, sentence: tuple[int, int]) -> FinalClaim | None:
        """The latest 决算 statement of this sentence."""
        last = self._para_finals[-1] if self._para_finals else None
        if last is None or self._claim_sentence.get(last) != sentence:
            return None
        claim = self.claims[last]
        return claim if isinstance(claim, FinalClaim) else None

    def _final_target(self, pending: tuple[str, str, int, str | None] | None) -> FinalClaim | None:
        """What a 完成率 or a 决算 vs 预算 comparison speaks of: the paragraph's latest statement of the
        subject just named ("2024年度“三公”经费支出决算数小于预算数"), else its latest statement."""
        for i in reversed(self._para_finals):
            claim = self.claims[i]
            if isinstance(claim, FinalClaim) and (pending is None or claim.subject == pending[0]):
                return claim
        if pending is None:
            return None
        return self._final_target(None)

    def _attach_final(self, claim: FinalClaim, tok: _Token, g: str, para: Paragraph, off: int) -> None:
        m = tok.match
        assert m is not None
        src = self._src(para, off, g)
        if tok.kind == "rate":
            parsed = parse_decimal(m.group("num"))
            if parsed is not None and claim.rate is None:
                claim.rate = Percent(parsed[0], parsed[1], src)
                claim.rate_base = _base_word(m.group("base") or m.group("base2"))
        elif tok.kind == "versus":
            word = m.group("word")
            direction = _VERSUS_WORD.get(word)
            if direction is None and (m.group("flat") or word == "等于"):
                direction = Direction.FLAT
            if "rough" in m.groupdict() and m.group("rough"):
                direction, claim.roughly = None, True  # 基本持平: a small difference is fair
            if direction is not None:
                claim.versus, claim.versus_base, claim.versus_source = (
                    direction,
                    _base_word(m.group("base")),
                    src,
                )
        elif tok.kind in ("gap", "versus_gap"):
            money = self._money(m.group("num"), m.group("unit"), src)
            if tok.kind == "versus_gap":
                claim.versus = _VERSUS_WORD[m.group("word")]
                claim.versus_base, claim.versus_source = _base_word(m.group("base")), src
            if money is not None:
                down = (m.group("dir") if tok.kind == "gap" else m.group("word")) in (
                    "减少",
                    "少",
                    *_DOWN_WORDS,
                )
                claim.gap = Money(-money.value if down else money.value, money.unit, money.places, src)
                claim.versus_base = claim.versus_base or _base_word(m.group("base"))
                claim.versus_source = claim.versus_source or src

    def _within(self, sentence: str) -> int | None:
        """The claim a sentence opening "<subject>中，" breaks down: the latest one of that subject."""
        m = _WITHIN.match(sentence)
        if m is None:
            return None
        words = canon(m.group("subject"))
        for i in range(len(self.claims) - 1, -1, -1):
            if self.claims[i].subject_text and canon(self.claims[i].subject_text) == words:
                return i
        if self.final and self.subject_re is not None:
            # "“三公”经费财政拨款支出决算中，因公出国（境）费…": the subject named within those words
            named = self.subject_re.search(m.group("subject"))
            key = self.phrase_key.get(canon(named.group(0))) if named else None
            for i in range(len(self.claims) - 1, -1, -1):
                if key is not None and self.claims[i].subject == key and self.claims[i].value is not None:
                    return i
        return None

    def _has_claim_in(self, para: Paragraph) -> bool:
        return id(para) in self._para_claims

    def _attach(self, claim: Claim, kind: str, g: str, para: Paragraph, off: int) -> None:
        src = self._src(para, off, g)
        if kind == "change":
            m = _CHANGE.match(g)
            if self.final:
                m = _FCHANGE.fullmatch(g) or _BARE_CHANGE.fullmatch(g)
            if not m:
                return
            money = self._money(m.group("num"), m.group("unit"), src)
            direction = _direction(m.group("dir"))
            if money is not None:
                signed = -money.value if direction is Direction.DOWN else money.value
                claim.change = Money(signed, money.unit, money.places, src)
            claim.direction = direction
            claim.direction_text = m.group("dir")
        elif kind == "base":
            m = _BASE.match(g)
            if m:
                claim.base = self._money(m.group("num"), m.group("unit"), src)
        elif kind == "restated":
            m = _RESTATED.match(g)
            if m:
                claim.restated = self._money(m.group("num"), m.group("unit"), src)
        elif kind == "percent":
            m = _PERCENT.match(g)
            if not m:
                return
            parsed = parse_decimal(m.group("num"))
            if parsed is not None:
                claim.percent = Percent(parsed[0], parsed[1], src)
                claim.percent_direction = _direction(m.group("dir"))
        elif kind == "flat":
            if claim.direction is None:
                claim.direction = Direction.FLAT
                claim.direction_text = g  # 持平, or 基本持平: a small change is fair
                if claim.change is None and claim.value is not None:
                    claim.change = Money(Decimal(0), claim.value.unit, claim.value.places, src)
        elif kind == "reason":
            m = _REASON.match(g)
            if m:
                reason = re.split(r"[，,]\s*(?:主要支出项目|其中|包括)", m.group("reason"))[0]
                claim.reason = reason.strip()
                claim.reason_source = src

    def _years(self, para: Paragraph) -> None:
        text = para.text
        for m in _YEAR.finditer(text):
            self.years.append(
                YearMention(
                    year=int(m.group("y")),
                    context=text[max(0, m.start() - 12) : m.end() + 12],
                    before=text[max(0, m.start() - 6) : m.start()],
                    after=text[m.end() : m.end() + 12],
                    source=Provenance(
                        self.ctx.path,
                        line=para.line_at(m.start()),
                        page=para.page,
                        text=text[max(0, m.start() - 12) : m.end() + 16],
                    ),
                )
            )


def year_mentions(text: str, source: Provenance) -> list[YearMention]:
    return [
        YearMention(
            int(m.group("y")),
            text[max(0, m.start() - 12) : m.end() + 12],
            text[max(0, m.start() - 6) : m.start()],
            text[m.end() : m.end() + 12],
            source,
        )
        for m in _YEAR.finditer(text)
    ]
