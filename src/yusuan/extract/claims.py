"""Narrative claims: every sentence that states an amount, change, percentage, year or reason.

The sentence templates of the disclosures are regular: "<subject>为X万元，比上年减少Y万元，
减少Z%，主要原因是R。其中：<part>a万元、<part>b万元". We find subject phrases (from the
profile), amounts, changes, percentages, direction words, years, reasons and "其中" markers in
order, then attach each to the subject it belongs to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

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

NUM = r"\d[\d,，]*(?:\.\d+)?"
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

    # -- tokens -------------------------------------------------------------------------------
    def _tokens(self, text: str) -> list[_Token]:
        toks: list[_Token] = []
        taken: list[tuple[int, int]] = []

        def free(a: int, b: int) -> bool:
            return all(b <= s or a >= e for s, e in taken)

        def add(m: re.Match[str], kind: str, **data: object) -> None:
            toks.append(_Token(m.start(), m.end(), kind, data, m))
            taken.append((m.start(), m.end()))

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
        for m in _NAMED_CODE.finditer(text):
            if free(m.start(), m.end()):
                add(m, "named_code")
        for m in _LEI_NAME.finditer(text):
            lei = self.lei_codes.get(canon(m.group("name")))
            if lei and free(m.start(), m.end()):
                add(m, "code", code=lei)
        for m in _DASH_NAMES.finditer(text):
            if free(m.start(), m.end()):
                add(m, "named_code")
        for m in _CODE.finditer(text):
            if free(m.start(), m.end()):
                add(m, "code")
        if self.subject_re is not None:
            for m in self.subject_re.finditer(text):
                if free(m.start(), m.end()):
                    add(m, "subject", key=self.phrase_key.get(canon(m.group(0))))
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
        toks.sort(key=lambda t: (t.start, t.end))
        return toks

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

    def _target(self, sentence: tuple[int, int], text: str = "", off: int = 0) -> Claim | None:
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
        return self.claims[self._last_top] if self._last_top is not None else None

    # -- paragraphs ---------------------------------------------------------------------------
    def paragraph(self, para: Paragraph, heading_subject: str | None) -> None:
        text = para.text
        self._years(para)
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
                whole_scope = (
                    scopes.get(self.claims[scope_whole].subject, {}) if scope_whole is not None else {}
                )
                if parent is None and key in whole_scope:
                    parent = scope_whole  # a part of the scoped whole named earlier in the sentence
                if parent is not None:
                    key = scopes.get(self.claims[parent].subject, {}).get(key, key)
                src = self._src(para, abs_off, sentence.strip())
                money = self._money(m.group("num"), m.group("unit"), src.with_(text=g))
                claim = Claim(
                    key, sentence.strip(), src, subject_text=words, value=money, year=year, parent=parent,
                    code_name=code_name,
                )  # fmt: skip
                self.claims.append(claim)
                self._claim_sentence[len(self.claims) - 1] = (id(para), start)
                self._claim_offset[len(self.claims) - 1] = abs_off
                if parent is None:
                    self._last_top = len(self.claims) - 1
                    self._para_claims.add(id(para))
                    if key in scopes:  # its own parts may follow in this sentence
                        scope_whole = self._last_top
                elif parent == scope_whole:
                    parent = None  # the next amount is a part only if it names one
                pending_subject = None
                year = None
            elif tok.kind in ("change", "percent", "flat", "reason", "base", "restated"):
                target = self._target((id(para), start), text, abs_off)
                if target is None:
                    continue
                self._attach(target, tok.kind, g, para, abs_off)

    def _within(self, sentence: str) -> int | None:
        """The claim a sentence opening "<subject>中，" breaks down: the latest one of that subject."""
        m = _WITHIN.match(sentence)
        if m is None:
            return None
        words = canon(m.group("subject"))
        for i in range(len(self.claims) - 1, -1, -1):
            if self.claims[i].subject_text and canon(self.claims[i].subject_text) == words:
                return i
        return None

    def _has_claim_in(self, para: Paragraph) -> bool:
        return id(para) in self._para_claims

    def _attach(self, claim: Claim, kind: str, g: str, para: Paragraph, off: int) -> None:
        src = self._src(para, off, g)
        if kind == "change":
            m = _CHANGE.match(g)
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
