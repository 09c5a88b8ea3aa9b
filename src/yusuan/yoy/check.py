"""Cross-year checks: what a document says about another year against that year's document.

For every stored document (latest version) whose previous year's document of the same kind is in
the store, and for every 决算 whose own year's 预算 is, each statement is given a verdict —
一致, 不一致 (a finding, YY9xx) or 未能核对 (why) — and stored per pair (``cross_pairs``,
``cross_checks``, ``cross_findings``). A statement yusuan cannot match to the other document (an
executed figure against a budget, a subject it does not find, words it could not read) is never a
finding: it is counted as 未能核对.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

import sqlalchemy as sa

from yusuan.model import Severity
from yusuan.model.provenance import place_words
from yusuan.store import Row, Store, schema
from yusuan.yoy.figures import SUBJECT_NAMES, DocumentFigures, Figure, money_of
from yusuan.yoy.link import DepartmentSeries, link
from yusuan.yoy.rules import YOY_RULES, Comparison, Outcome, all_yoy_rules
from yusuan.yoy.statements import (
    BUDGET,
    EXECUTION,
    FINAL,
    FULL_BUDGET,
    PLAIN_BUDGET,
    Statement,
    read_stored,
    statements,
)

CONSISTENT, INCONSISTENT, UNVERIFIED = "一致", "不一致", "未能核对"
PREVIOUS_YEAR, OWN_BUDGET = "previous_year", "own_budget"
_BUDGET_OF = {"部门决算": "部门预算", "单位决算": "单位预算"}
_FINAL_OF = {v: k for k, v in _BUDGET_OF.items()}


@dataclass
class CrossCheck:
    statement: Statement
    verdict: str
    reason: str
    earlier: Figure | None = None
    rules: list[str] = field(default_factory=list)  # the rules it failed
    outcomes: list[tuple[str, Outcome]] = field(default_factory=list)
    sure: bool = True  # the earlier figure means one thing only (else a mismatch is a warning)


@dataclass
class PairResult:
    document: Row
    other: Row
    relation: str
    checks: list[CrossCheck] = field(default_factory=list)

    def count(self, verdict: str) -> int:
        return sum(1 for c in self.checks if c.verdict == verdict)


@dataclass
class YoySummary:
    pairs: int = 0  # pairs compared now
    already: int = 0  # pairs compared before (kept)
    statements: int = 0
    consistent: int = 0
    inconsistent: int = 0
    unverified: int = 0
    errors: int = 0
    warnings: int = 0
    results: list[PairResult] = field(default_factory=list)

    def add(self, r: PairResult, findings: list[Row]) -> None:
        self.pairs += 1
        self.statements += len(r.checks)
        self.consistent += r.count(CONSISTENT)
        self.inconsistent += r.count(INCONSISTENT)
        self.unverified += r.count(UNVERIFIED)
        self.errors += sum(1 for f in findings if f["severity"] == "error")
        self.warnings += sum(1 for f in findings if f["severity"] == "warning")
        self.results.append(r)

    def text(self) -> str:
        return (
            f"跨年度核对：比较 {self.pairs} 对文件（此前已比较 {self.already} 对），"
            f"涉及上年的表述 {self.statements} 处：一致 {self.consistent}，不一致 {self.inconsistent}，"
            f"未能核对 {self.unverified}；错误 {self.errors}，警告 {self.warnings}"
        )


# -- the other document's statements from tables -----------------------------------------------------

_PREV_HEADER = re.compile(r"(?:上年|上一年|(?P<year>(?:19|20)\d{2})\s*年)\s*(?P<what>预算|执行|决算)")
_CARRY = ("结转", "结余")


def _cell_subject(table: Row, cell: Row) -> str | None:
    if cell["row_key"] and not str(cell["row_key"]).startswith(("func_lei:", "unit:", "econ")):
        return str(cell["row_key"])
    if cell["code"] and len(str(cell["code"])) == 7 and table["table_id"] in ("gpb", "expense"):
        return f"func:{cell['code']}"
    if cell["is_total"] and table["table_id"] == "summary" and cell["section"] in ("income", "expense"):
        return f"{cell['section']}_total"
    return None


def table_statements(figs: DocumentFigures, year: int | None) -> list[Statement]:
    """A table's figures of another year: a 上年预算数 / 2023年执行数 column of a budget, and a
    决算's 年初预算数 / 预算数 (its own year's budget)."""
    out = []
    for c in figs.cells:
        t = figs.tables.get(c["table_index"])
        header = str(c["header"] or "")
        if t is None or any(w in header for w in _CARRY):
            continue
        subject = _cell_subject(t, c)
        money = money_of(c["value_text"], c["unit"] or t.get("unit"), c["places"])
        if subject is None or money is None:
            continue
        m = _PREV_HEADER.search(header)
        ref_year: int | None
        if m is not None:
            ref_year = int(m.group("year")) if m.group("year") else (year - 1 if year else None)
            reference = {"预算": BUDGET, "执行": EXECUTION, "决算": FINAL}[m.group("what")]
            if ref_year == year and figs.phase == "budget":
                continue  # this year's own budget column
        elif figs.phase == "final" and "预算" in header and "决算" not in header:
            # only a 年初预算数 is the published budget; a 全年 / 调整 one includes the year's changes,
            # and a bare 预算数 in a 决算 may be either
            ref_year = year
            if "年初" in header:
                reference = BUDGET
            elif "全年" in header or "调整" in header:
                reference = FULL_BUDGET
            else:
                reference = PLAIN_BUDGET
        else:
            continue
        text = f"{t['title']} {c['row_label']}／{header}：{c['text'] or c['value_text']}"
        st = Statement(
            subject=subject,
            subject_text=str(c["row_label"]),
            text=text,
            page=c["page"],
            line=c["line"],
            year=ref_year,
            reference=reference,
            stated_previous=money,
        )
        out.append(st)
    return out


# -- verdicts --------------------------------------------------------------------------------------


# totals whose words vary in what they count (收入预算 with or without 上年结转): an earlier figure
# printed once only (its table, no sentence to agree with it) makes a mismatch a warning
_BROAD_TOTALS = frozenset({"income_total", "expense_total"})


def _name(subject: str, fallback: str) -> str:
    return SUBJECT_NAMES.get(subject) or fallback or subject


def judge(
    st: Statement, other: Row, other_figs: DocumentFigures | None, current_name: str, relation: str
) -> CrossCheck:
    """One statement against the other document: 一致 / 不一致 / 未能核对, and why."""
    other_year = int(other["year"])
    other_phase = str(other.get("phase") or "budget")
    if not st.understood:
        return CrossCheck(st, UNVERIFIED, st.note or "未能读出这句比较的主语或数字")
    if st.year is not None and st.year != other_year:
        return CrossCheck(
            st, UNVERIFIED, f"所比较的是{st.year}年，不是{other_year}年，未与{other_year}年文件核对"
        )
    if st.reference == EXECUTION:
        why = f"所述为{st.year or other_year}年预算执行数，{other_year}年文件是{other['kind']}，没有执行数"
        budget = _value(other_figs, st.subject)
        if budget is not None:
            why += (
                f"（该文件所列预算数为{budget.describe().split('（')[0]}，执行数与预算数口径不同，仅供参考）"
            )
        return CrossCheck(st, UNVERIFIED, why, budget)
    if st.reference not in (BUDGET, FINAL):
        return CrossCheck(st, UNVERIFIED, f"所述为{st.reference}，与{other['kind']}的数字口径不同")
    if relation == OWN_BUDGET and st.reference != BUDGET:
        return CrossCheck(st, UNVERIFIED, f"所述为{st.reference}，{other_year}年预算文件只有年初预算数")
    if (st.reference == FINAL) != (other_phase == "final"):
        why = f"所述为{st.year or other_year}年{st.reference}数，{other_year}年文件是{other['kind']}"
        return CrossCheck(st, UNVERIFIED, why)
    if other_figs is None:
        return CrossCheck(st, UNVERIFIED, f"未能读取{other_year}年文件")
    figure = other_figs.value(st.subject)
    if figure is None:
        if other_figs.figures(st.subject):
            why = (
                f"{other_year}年文件中“{_name(st.subject, st.subject_text)}”的表格与文字数字不一致，无法确定"
            )
        else:
            why = f"{other_year}年文件中没有找到“{_name(st.subject, st.subject_text)}”的数字"
        return CrossCheck(st, UNVERIFIED, why)
    cmp = Comparison(st, figure, current_name, other_year, relation)
    outcomes: list[tuple[str, Outcome]] = []
    for rule in all_yoy_rules():
        got = rule.func(cmp)
        if got is not None:
            outcomes.append((rule.code, got))
    failed = [code for code, o in outcomes if not o.agrees]
    if failed:
        reason = "；".join(o.detail for code, o in outcomes if not o.agrees)
        sure = st.subject not in _BROAD_TOTALS or len(other_figs.figures(st.subject)) > 1
        return CrossCheck(st, INCONSISTENT, reason, figure, failed, outcomes, sure)
    if outcomes:
        return CrossCheck(st, CONSISTENT, outcomes[0][1].detail, figure, [], outcomes)
    if st.rough:
        return CrossCheck(st, UNVERIFIED, "“基本持平”允许小幅变化，未给出数额", figure)
    if st.percent is not None and figure.money.value == 0:
        return CrossCheck(st, UNVERIFIED, f"{other_year}年为零，百分比无定义", figure)
    return CrossCheck(st, UNVERIFIED, "没有可与上年文件核对的数字（增减额、百分比或方向）", figure)


def _value(figs: DocumentFigures | None, subject: str) -> Figure | None:
    return figs.value(subject) if figs is not None else None


# -- pairs -----------------------------------------------------------------------------------------


def _others(series: DepartmentSeries, doc: Row) -> list[tuple[Row, str]]:
    """The documents a document is compared with: last year's of its kind, and a 决算's own year's 预算."""
    out: list[tuple[Row, str]] = []
    year, kind = doc.get("year"), str(doc["kind"])
    if year is None:
        return out
    prev = series.documents.get(kind, {}).get(int(year) - 1)
    if prev is not None:
        out.append((prev, PREVIOUS_YEAR))
    budget_kind = _BUDGET_OF.get(kind)
    if budget_kind:
        own = series.documents.get(budget_kind, {}).get(int(year))
        if own is not None:
            out.append((own, OWN_BUDGET))
    return out


def _belongs(st: Statement, doc: Row, other: Row, relation: str) -> bool:
    year = int(doc["year"])
    if relation == OWN_BUDGET:
        return st.year == year and st.understood
    return st.year is None or st.year < year


def compare_document(
    store: Store, series: DepartmentSeries, doc: Row, cache: dict[str, DocumentFigures] | None = None
) -> list[PairResult]:
    """Every comparison of one document with the other documents of its department in the store."""
    cache = cache if cache is not None else {}
    others = _others(series, doc)
    if not others:
        return []

    def figs(row: Row) -> DocumentFigures:
        if row["id"] not in cache:
            cache[row["id"]] = DocumentFigures(store, row)
        return cache[row["id"]]

    mine = figs(doc)
    said: list[Statement] = table_statements(mine, doc.get("year"))
    read = read_stored(store, doc)
    if not isinstance(read, str):
        said += statements(read[0], read[1], doc.get("year"), str(doc.get("phase") or "budget"))
    results = []
    for other, relation in others:
        r = PairResult(doc, other, relation)
        other_figs = figs(other)
        for st in said:
            if _belongs(st, doc, other, relation):
                r.checks.append(judge(st, other, other_figs, mine.name, relation))
        if isinstance(read, str):
            r.checks.append(
                CrossCheck(
                    Statement("", "", "（正文）", None, None, None, BUDGET, understood=False),
                    UNVERIFIED,
                    f"未能重新读取本文件的正文（{read}），文字中涉及上年的表述未核对",
                )
            )
        results.append(r)
    return results


# -- findings and storage ---------------------------------------------------------------------------


def _place(doc: Row, page: int | None, line: int | None) -> str:
    where = place_words(page, line)
    return f"{doc.get('file_name') or doc['id'][:12]} {where}".rstrip()


def finding_rows(r: PairResult, run_id: str | None) -> list[Row]:
    out: list[Row] = []
    for c in r.checks:
        if c.verdict != INCONSISTENT or c.earlier is None:
            continue
        st = c.statement
        for code in c.rules:
            rule = YOY_RULES[code]
            severity = rule.severity
            if severity is Severity.ERROR and (st.note or not c.sure):
                # the subject was carried over from the sentence before, or the earlier total was
                # printed once only and may count what the sentence leaves out (上年结转)
                severity = Severity.WARNING
            detail = next(o.detail for k, o in c.outcomes if k == code)
            subject = _name(st.subject, st.subject_text)
            other = f"{r.other['year']}年{r.other['kind']}"
            message = f"{subject}：{rule.title}（{other}）。{detail}"
            if st.note:
                message += f"（{st.note}）"
            here = {"page": st.page, "line": st.line, "text": st.text}
            there = {
                "file": c.earlier.document,
                "page": c.earlier.page,
                "line": c.earlier.line,
                "text": c.earlier.where,
            }
            key = "\x1f".join(
                [
                    code,
                    st.subject,
                    st.text,
                    str(r.other.get("department_key")),
                    str(r.other["year"]),
                    str(r.other["kind"]),
                ]
            )
            out.append(
                {
                    "document_id": r.document["id"],
                    "previous_document_id": r.other["id"],
                    "finding_index": len(out) + 1,
                    "run_id": run_id,
                    "rule": code,
                    "name": rule.name,
                    "severity": severity.value,
                    "dimension": "一致性",
                    "section": "与上年比较" if r.relation == PREVIOUS_YEAR else "决算与预算比较",
                    "message": message,
                    "expected": c.earlier.describe(),
                    "actual": f"“{st.text}”（{_place(r.document, st.page, st.line)}）",
                    "suggestion": f"核对本文件所述{other}的数字与增减，或{other}文件本身",
                    "page": st.page,
                    "line": st.line,
                    "table_title": None,
                    "row_label": st.subject_text or None,
                    "column_title": None,
                    "x0": None,
                    "top": None,
                    "x1": None,
                    "bottom": None,
                    "locations": json.dumps([here, there], ensure_ascii=False),
                    "fingerprint": hashlib.sha256(key.encode()).hexdigest(),
                }
            )
    return out


def check_rows(r: PairResult) -> list[Row]:
    out: list[Row] = []
    for i, c in enumerate(r.checks, 1):
        st = c.statement
        out.append(
            {
                "document_id": r.document["id"],
                "previous_document_id": r.other["id"],
                "check_index": i,
                "subject": st.subject,
                "subject_text": st.subject_text or None,
                "statement": st.text,
                "stated": st.stated(),
                "page": st.page,
                "line": st.line,
                "earlier": c.earlier.describe() if c.earlier is not None else None,
                "earlier_page": c.earlier.page if c.earlier is not None else None,
                "earlier_line": c.earlier.line if c.earlier is not None else None,
                "verdict": c.verdict,
                "reason": c.reason,
                "rules": ",".join(c.rules) or None,
            }
        )
    return out


def save(store: Store, r: PairResult, run_id: str | None) -> list[Row]:
    """Replace what was stored for this pair; the findings written."""
    findings = finding_rows(r, run_id)
    keys = {"document_id": r.document["id"], "previous_document_id": r.other["id"]}
    with store.engine.begin() as conn:
        for t in (schema.cross_findings, schema.cross_checks, schema.cross_pairs):
            conn.execute(
                t.delete().where(
                    (t.c.document_id == keys["document_id"])
                    & (t.c.previous_document_id == keys["previous_document_id"])
                )
            )
        conn.execute(
            schema.cross_pairs.insert().values(
                **keys,
                relation=r.relation,
                run_id=run_id,
                checked_at=datetime.now(UTC).replace(tzinfo=None),
                statements=len(r.checks),
                consistent=r.count(CONSISTENT),
                inconsistent=r.count(INCONSISTENT),
                unverified=r.count(UNVERIFIED),
            )
        )
        rows = check_rows(r)
        if rows:
            conn.execute(schema.cross_checks.insert(), rows)
        if findings:
            conn.execute(schema.cross_findings.insert(), findings)
    return findings


def _failed(doc: Row, other: Row, relation: str, exc: Exception) -> PairResult:
    st = Statement("", "", "（全文）", None, None, None, BUDGET, understood=False)
    why = f"核对时出现内部错误（{type(exc).__name__}），本对文件未核对；请将文件报告给维护者"
    return PairResult(doc, other, relation, [CrossCheck(st, UNVERIFIED, why)])


def _checked(store: Store) -> set[tuple[str, str]]:
    p = schema.cross_pairs
    with store.engine.connect() as conn:
        return {(a, b) for a, b in conn.execute(sa.select(p.c.document_id, p.c.previous_document_id))}


def check_years(
    store: Store,
    run_id: str | None = None,
    *,
    recheck: bool = False,
    departments: Iterable[DepartmentSeries] | None = None,
    on_pair: Callable[[PairResult], None] | None = None,
) -> YoySummary:
    """Compare every linked pair not compared before (all again with ``recheck``) and store the
    verdicts and findings. For ``ingest`` to call after storing a run's documents."""
    summary = YoySummary()
    done = set() if recheck else _checked(store)
    cache: dict[str, DocumentFigures] = {}
    for series in departments if departments is not None else link(store):
        for doc in series.all_documents():
            pairs = _others(series, doc)
            todo = [(o, rel) for o, rel in pairs if (doc["id"], o["id"]) not in done]
            summary.already += len(pairs) - len(todo)
            if not todo:
                continue
            try:
                compared = compare_document(store, series, doc, cache)
            except Exception as exc:  # a defect met on one document never stops the others
                compared = [_failed(doc, o, rel, exc) for o, rel in todo]
            for r in compared:
                if (doc["id"], r.other["id"]) in done:
                    continue
                summary.add(r, save(store, r, run_id))
                if on_pair:
                    on_pair(r)
    return summary
