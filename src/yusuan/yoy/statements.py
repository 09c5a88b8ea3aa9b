"""What a document says about another year: each claim's change, percentage, direction word or
stated previous figure, with the year and the measure it is compared with (上年预算 / 上年执行数 /
上年决算) read from the words just before it — and every comparison sentence yusuan could not read,
so that it is counted as 未能核对 instead of silently left out.

The store keeps a claim's value, change and percentage but not the words naming what they are
compared with, nor a stated 上年执行数; so the document is read again from its stored file.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from yusuan.model import Disclosure, Document, Paragraph
from yusuan.model.disclosure import Claim, Direction
from yusuan.model.money import Money, Percent, Unit, parse_decimal
from yusuan.model.provenance import Provenance
from yusuan.store import Row, Store

BUDGET, EXECUTION, FINAL = "预算", "执行数", "决算"
FULL_BUDGET, PLAIN_BUDGET = "全年预算（含年中调整）", "预算数（未写明年初或全年）"

# the words naming the other year: 比上年, 较2023年, 与上年度…相比, 同比
_VERSUS = re.compile(
    r"(?:比|较|与|同)\s*(?:(?P<prev>上年度?|上一年度?|去年)|(?P<year>(?:19|20)\d{2})\s*年度?)"
    r"(?P<what>[^，,。；;：:\d]{0,12})"
)
_YEAR = re.compile(r"(?P<year>(?:19|20)\d{2})\s*年|(?P<prev>上年|上一年|去年)")
# what a subject-less sentence after a claim says ("比2023年预算持平，主要原因是…")
_TAIL_CHANGE = re.compile(
    r"^(?P<dir>增加|增长|减少|下降|降低)\s*(?P<num>\d[\d,，]*(?:\.\d+)?)\s*(?P<unit>万元|元)"
)
_TAIL_PERCENT = re.compile(r"^(?P<dir>增加|增长|减少|下降|降低|上升)\s*(?P<num>\d+(?:\.\d+)?)\s*[%％]")
_TAIL_FLAT = re.compile(r"^(?P<rough>基本|大致|大体)?持平")
_MEASURE = re.compile(
    r"^(?:的)?(?:当年)?(?:预算执行数|预算数|预算|执行数|决算数|决算)?(?:相比)?[，,\s\u3000]*"
)
_UP = ("增加", "增长", "上升", "提高")
_SENTENCE_END = "。；;"


@dataclass
class Statement:
    """One thing a document says about another year's figure of a subject."""

    subject: str
    subject_text: str
    text: str  # the document's words
    page: int | None
    line: int | None
    year: int | None  # the year it compares with
    reference: str  # 预算 / 执行数 / 决算: the measure of that year it names
    value: Money | None = None  # this year's figure as stated
    change: Money | None = None  # signed
    percent: Percent | None = None
    direction: Direction | None = None
    rough: bool = False  # 基本持平
    stated_previous: Money | None = None  # a previous-year figure stated outright (…执行数为X万元)
    understood: bool = True  # False: a comparison sentence whose subject or figure yusuan cannot read
    note: str = ""
    places: list[Provenance] = field(default_factory=list)

    def stated(self) -> str:
        """What the statement says of the other year, in words."""
        bits = []
        if self.stated_previous is not None:
            bits.append(f"{self.year or '上'}年{self.reference}{self.stated_previous.text()}")
        if self.change is not None and self.direction is not Direction.FLAT:
            word = "增加" if self.change.value > 0 else "减少"
            bits.append(f"{word}{abs(self.change.value)}{self.change.unit.value}")
        if self.percent is not None:
            word = "增长" if self.direction is not Direction.DOWN else "下降"
            bits.append(f"{word}{self.percent.value}%")
        if self.direction is Direction.FLAT:
            bits.append("基本持平" if self.rough else "持平")
        elif self.direction is not None and self.change is None and self.percent is None:
            bits.append("增加" if self.direction is Direction.UP else "减少")
        return "，".join(bits) or "（未读出）"


def _direction(word: str) -> Direction:
    if word.startswith("持平") or word.endswith("持平"):
        return Direction.FLAT
    return Direction.UP if word in _UP else Direction.DOWN


class _Located:
    """Paragraph text around a place: the words naming the year and measure a figure compares with."""

    def __init__(self, doc: Document) -> None:
        self.paragraphs = [b for b in doc.blocks if isinstance(b, Paragraph)]

    def value(self, c: Claim) -> tuple[Paragraph, int] | None:
        """Where a claim's amount stands: inside its sentence (the same amount may stand earlier on
        the line, "增加25万元，…其中：公务用车购置费25万元")."""
        if c.value is None or c.value.source is None:
            return None
        sentence = c.sentence.strip()
        for p in self.paragraphs:
            if c.source.page is not None and p.page is not None and p.page != c.source.page:
                continue
            start = p.text.find(sentence) if sentence else -1
            if start >= 0:
                pos = p.text.find(c.value.source.text or "", start)
                if pos >= 0:
                    return p, pos
        return self.find(c.value.source)

    def find(
        self, src: Provenance | None, after: tuple[Paragraph, int] | None = None
    ) -> tuple[Paragraph, int] | None:
        """Where a figure's words stand: on its page and line, and when the claim's own amount is
        known, the first occurrence after it in its paragraph (one line may hold two sentences
        with the same words, "比2023年预算增加25万元")."""
        if src is None or not src.text:
            return None
        if after is not None:
            p, pos = after
            start = p.text.find(src.text, pos)
            if start >= 0 and (src.line is None or p.line_at(start) in (src.line, None)):
                return p, start
        for p in self.paragraphs:
            if src.page is not None and p.page is not None and p.page != src.page:
                continue
            start = p.text.find(src.text)
            while start >= 0:
                if src.line is None or p.line_at(start) == src.line:
                    return p, start
                start = p.text.find(src.text, start + 1)
        return None


def _context(text: str, pos: int) -> str:
    """The clause before a position: back to the last sentence end or comma."""
    start = pos
    while start > 0 and text[start - 1] not in _SENTENCE_END + "，,":
        start -= 1
    return text[max(start, pos - 30) : pos]


def _reference(words: str, doc_year: int | None, default: str = BUDGET) -> tuple[int | None, str]:
    """The year and the measure the words before a figure compare with: the last 比/较/与 phrase
    ("比2023年预算执行数", "与2023年度相比"); unnamed, a budget compares with last year's 预算 and a
    决算 with last year's 决算. A 预算 elsewhere in the words (一般公共预算财政拨款支出) is no measure."""
    found = list(_VERSUS.finditer(words))
    if not found:
        return None, default
    m = found[-1]
    year = int(m.group("year")) if m.group("year") else (doc_year - 1 if doc_year else None)
    what = m.group("what")
    if "执行" in what:
        return year, EXECUTION
    if "决算" in what:
        return year, FINAL
    if "预算" in what:
        return year, BUDGET
    return year, default


def _year_before(words: str, doc_year: int | None) -> int | None:
    """The year named last in the words ("2023年当年预算执行数为" → 2023)."""
    year = None
    for m in _YEAR.finditer(words):
        year = int(m.group("year")) if m.group("year") else (doc_year - 1 if doc_year else None)
    return year


def _sentence(text: str, pos: int) -> tuple[int, int]:
    start = pos
    while start > 0 and text[start - 1] not in _SENTENCE_END:
        start -= 1
    end = pos
    while end < len(text) and text[end] not in _SENTENCE_END:
        end += 1
    return start, min(end + 1, len(text))


def read_stored(store: Store, document: Row) -> tuple[Document, Disclosure] | str:
    """The stored file read again with the template it was checked with, or why it could not be."""
    from yusuan.pipeline import read_disclosure
    from yusuan.read import UnreadableInput, read_document

    content = store.content(document["id"])
    if content is None:
        return "库中没有保存该文件"
    suffix = Path(str(document.get("file_name") or "x.pdf")).suffix or ".pdf"
    with tempfile.TemporaryDirectory(prefix="yusuan-yoy-") as tmp:
        path = Path(tmp) / f"{document['id'][:16]}{suffix}"
        path.write_bytes(content)
        try:
            doc = read_document(path)
            d, _ = read_disclosure(doc, str(document.get("profile") or "auto"))
        except UnreadableInput as exc:  # its message opens with the temporary file's name
            return str(exc).split("：", 1)[-1]
        except Exception as exc:  # a defect met on one document never stops the others: its prose is 未能核对
            return f"程序内部错误（{type(exc).__name__}）"
    return doc, d


# a 决算's budgets of its own year, as the extractor reads them (FinalClaim), and what each is
_FINAL_BUDGETS = (("initial", BUDGET), ("full", FULL_BUDGET), ("plain", PLAIN_BUDGET))


def statements(doc: Document, d: Disclosure, year: int | None, phase: str = "budget") -> list[Statement]:
    """Everything the document says about another year (and a 决算 about its own year's budget), in
    document order."""
    default = FINAL if phase == "final" else BUDGET
    located = _Located(doc)
    out: list[Statement] = []
    covered: set[tuple[int, int]] = set()  # (paragraph id, offset) of the tokens read
    claim_at: list[tuple[int, int, int, Claim]] = []  # (paragraph id, start, end, claim) of values

    for c in d.claims:
        at = located.value(c)
        if at is not None and c.value is not None:
            p, pos = at
            claim_at.append((id(p), pos, pos + len(c.value.source.text or "") if c.value.source else pos, c))
        groups: dict[tuple[int | None, str], Statement] = {}
        tokens: list[tuple[str, Provenance | None]] = []
        if c.base is not None:
            tokens.append(("base", c.base.source))
        if c.change is not None:
            tokens.append(("change", c.change.source))
        if c.percent is not None:
            tokens.append(("percent", c.percent.source))
        for attr, _ in _FINAL_BUDGETS:
            money = getattr(c, attr, None)
            if isinstance(money, Money):
                tokens.append((attr, money.source))
        for kind, src in tokens:
            hit = located.find(src, at)
            words = clause = ""
            if hit is not None and src is not None:
                p, pos = hit
                covered.add((id(p), pos))
                own = src.text or ""
                # the sentence up to the figure, with a change's own words (比2023年预算减少…)
                words = p.text[_sentence(p.text, pos)[0] : pos] + own
                clause = _context(p.text, pos)
            ref_year, reference = _reference(words, year, default)
            if kind == "base":  # …年当年预算执行数为X万元
                ref_year, reference = _year_before(clause, year), EXECUTION
            budget_of_year = dict(_FINAL_BUDGETS).get(kind)
            if budget_of_year is not None:  # a 决算's 年初预算数 / 全年预算数 / 预算数: its own year
                ref_year, reference = year, budget_of_year
            if ref_year is None:
                ref_year = year - 1 if year else None
            st = groups.get((ref_year, reference))
            if st is None:
                st = Statement(
                    subject=c.subject,
                    subject_text=c.subject_text,
                    text=c.sentence,
                    page=c.source.page,
                    line=c.source.line,
                    year=ref_year,
                    reference=reference,
                    value=c.value,
                )
                groups[(ref_year, reference)] = st
            if src is not None:
                st.places.append(src)
            if kind == "base":
                st.stated_previous = c.base
            elif kind == "change":
                st.change = c.change
                st.direction = c.direction
                st.rough = bool(
                    c.direction_text and c.direction_text != "持平" and "持平" in c.direction_text
                )
            elif kind == "percent":
                st.percent = c.percent
                st.direction = st.direction or c.percent_direction
            elif budget_of_year is not None:
                st.stated_previous = getattr(c, kind)
        for st in groups.values():
            if hit_text := _statement_text(located, st, c):
                st.text = hit_text
        out.extend(groups.values())

    out.extend(_unread(located, covered, claim_at, year, default))
    out.extend(_stated(located, covered, claim_at, year, phase))
    out.sort(key=lambda s: (s.page or 0, s.line or 0))
    return out


def _statement_text(located: _Located, st: Statement, claim: Claim) -> str:
    """The sentences holding the statement's figures (the claim's first sentence and those after)."""
    spans: dict[int, tuple[Paragraph, int, int]] = {}
    at = located.value(claim)
    for src in st.places:
        hit = located.find(src, at)
        if hit is None:
            continue
        p, pos = hit
        a, b = _sentence(p.text, pos)
        if id(p) in spans:
            _, a0, b0 = spans[id(p)]
            a, b = min(a, a0), max(b, b0)
        spans[id(p)] = (p, a, b)
    if at is not None:
        p, pos = at
        a, b = _sentence(p.text, pos)
        if id(p) in spans:
            _, a0, b0 = spans[id(p)]
            a, b = min(a, a0), max(b, b0)
        spans[id(p)] = (p, a, b)
    order = {id(p): i for i, p in enumerate(located.paragraphs)}
    parts = sorted(spans.values(), key=lambda x: (order.get(id(x[0]), 0), x[1]))
    return "".join(p.text[a:b].strip() for p, a, b in parts)


def _unread(
    located: _Located,
    covered: set[tuple[int, int]],
    claim_at: list[tuple[int, int, int, Claim]],
    year: int | None,
    default: str,
) -> list[Statement]:
    """Comparison words no claim was read from: a subject-less sentence continuing the claim of the
    sentence before it (read here), else a statement yusuan did not understand."""
    out = []
    for p in located.paragraphs:
        for m in _VERSUS.finditer(p.text):
            a, b = _sentence(p.text, m.start())
            if any(pid == id(p) and a <= pos < b for pid, pos in covered):
                continue
            ref_year = int(m.group("year")) if m.group("year") else (year - 1 if year else None)
            if year is not None and ref_year is not None and ref_year >= year:
                continue  # not about an earlier year
            _, reference = _reference(m.group(0), year, default)
            sentence = p.text[a:b].strip()
            st = Statement(
                subject="",
                subject_text="",
                text=sentence,
                page=p.page,
                line=p.line_at(m.start()),
                year=ref_year,
                reference=reference,
                understood=False,
                note="未能读出这句比较的主语或数字",
            )
            before = [x for x in claim_at if x[0] == id(p) and x[2] <= a]
            starts_here = not p.text[a : m.start()].strip(" \u3000，,")
            tail = _MEASURE.sub("", p.text[m.start("what") : b], count=1)
            if starts_here and before and _read_tail(st, tail):
                claim = before[-1][3]
                if claim.value is not None:
                    st.subject, st.subject_text, st.value = claim.subject, claim.subject_text, claim.value
                    st.understood = True
                    st.note = "句子无主语，承接上一句的“" + claim.subject_text + "”"
                    pa, _ = _sentence(p.text, before[-1][1])
                    st.text = p.text[pa:b].strip()
            out.append(st)
    return out


_STATED = re.compile(
    r"(?:(?P<prev>上年度?|上一年度?|去年)|(?P<year>(?:19|20)\d{2})\s*年度?)(?:当年)?"
    r"(?P<what>年初预算数|年初预算|预算执行数|执行数|预算数|预算|决算数|决算)(?:为|是)\s*"
    r"(?P<num>(?<![\d,，])\d[\d,，]*(?:\.\d+)?)\s*(?P<unit>万元|元)"
)


def _stated(
    located: _Located,
    covered: set[tuple[int, int]],
    claim_at: list[tuple[int, int, int, Claim]],
    year: int | None,
    phase: str,
) -> list[Statement]:
    """Figures of an earlier year stated outright ("上年预算数为X万元") that no claim holds: the
    subject is the claim whose amount stands before them in the same sentence, else unknown."""
    out = []
    for p in located.paragraphs:
        for m in _STATED.finditer(p.text):
            if any(pid == id(p) and m.start() <= pos < m.end() for pid, pos in covered):
                continue
            ref_year = int(m.group("year")) if m.group("year") else (year - 1 if year else None)
            what = m.group("what")
            own_budget = phase == "final" and ref_year == year and "预算" in what and "执行" not in what
            if year is None or ref_year is None or not (ref_year < year or own_budget):
                continue
            parsed = parse_decimal(m.group("num"))
            if parsed is None:
                continue
            reference = EXECUTION if "执行" in what else FINAL if "决算" in what else BUDGET
            if own_budget and not what.startswith("年初"):
                reference = PLAIN_BUDGET
            a, b = _sentence(p.text, m.start())
            st = Statement(
                subject="",
                subject_text="",
                text=p.text[a:b].strip(),
                page=p.page,
                line=p.line_at(m.start()),
                year=ref_year,
                reference=reference,
                stated_previous=Money(parsed[0], Unit(m.group("unit")), parsed[1]),
                understood=False,
                note="未能确定所述上年数字指哪一项",
            )
            before = [x for x in claim_at if x[0] == id(p) and a <= x[1] < m.start()]
            if before and before[-1][3].value is not None:
                claim = before[-1][3]
                st.subject, st.subject_text, st.value = claim.subject, claim.subject_text, claim.value
                st.understood, st.note = True, ""
            out.append(st)
    return out


def _read_tail(st: Statement, tail: str) -> bool:
    if m := _TAIL_FLAT.match(tail):
        st.direction, st.rough = Direction.FLAT, bool(m.group("rough"))
        return True
    if m := _TAIL_CHANGE.match(tail):
        parsed = parse_decimal(m.group("num"))
        if parsed is None:
            return False
        value, places = parsed
        st.direction = _direction(m.group("dir"))
        signed = -value if st.direction is Direction.DOWN else value
        st.change = Money(signed, Unit(m.group("unit")), places)
        return True
    if m := _TAIL_PERCENT.match(tail):
        parsed = parse_decimal(m.group("num"))
        if parsed is None:
            return False
        st.direction = _direction(m.group("dir"))
        st.percent = Percent(parsed[0], parsed[1])
        return True
    return False


__all__ = [
    "BUDGET",
    "EXECUTION",
    "FINAL",
    "FULL_BUDGET",
    "PLAIN_BUDGET",
    "Statement",
    "read_stored",
    "statements",
]
