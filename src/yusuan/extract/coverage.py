"""Whether a table was understood: found by its role, but are its columns and rows read right?

A table whose reading the extractor cannot vouch for is kept (it is present, so it is not "missing")
with a ``doubt``: the audit reports it once and checks none of its figures, instead of turning a
misread column into dozens of arithmetic errors. The tests are identities every budget table obeys
(合计 = 基本 + 项目, 类 = Σ款): one or two failures are the document's errors and are reported; most rows
failing means the columns were not read as printed.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from yusuan.model import (
    SUBTOTAL,
    BudgetTable,
    Money,
    TableBlock,
    TableKind,
    TargetTable,
    agrees,
    is_breakdown,
    parse_decimal,
    top_rows,
)
from yusuan.profiles import TableSpec

# more failures than this, and at least this share of the rows checked, is a misreading
_MAX_FAILURES = 2
_FAILING_SHARE = 0.3
_MIN_CAPTURED = 0.6


def _numbers(block: TableBlock) -> int:
    """Non-zero amounts printed in the table's body (not 栏次 rows of small counting numbers)."""
    n = 0
    for row in block.rows:
        values = [parse_decimal(c.text.replace(" ", "")) for c in row if c.text.strip()]
        nums = [v for v in values if v is not None]
        if nums and all(v[1] == 0 and 0 < v[0] < 100 for v in nums) and len(nums) >= 3:
            continue  # a 栏次 row (1 2 3 …) or a row of counts
        n += sum(1 for v in nums if v[0] != 0 and not _is_code_like(v))
    return n


def _is_code_like(v: tuple[object, int]) -> bool:
    value, places = v
    text = str(value)
    return places == 0 and text.isdigit() and len(text) in (3, 5, 7) and text[0] in "23456"


def _captured(table: BudgetTable) -> int:
    return sum(1 for r in table.rows for m in r.values.values() if m is not None and m.value != 0)


def _row_sum_failures(table: BudgetTable, spec: TableSpec) -> tuple[int, int]:
    checked = failed = 0
    for total_key, part_keys in spec.sums:
        if sum(1 for k in part_keys if table.column(k) is not None) < min(2, len(part_keys)):
            continue
        for row in table.rows:
            stated = row.values.get(total_key)
            parts = [row.values.get(k) for k in part_keys]
            if stated is None or all(p is None for p in parts):
                continue
            checked += 1
            failed += not agrees(stated, parts)
    return checked, failed


def _hierarchy_failures(table: BudgetTable) -> tuple[int, int]:
    """类 against the sum of its 款, 款 against its 项, in the first amount column."""
    if not table.columns:
        return 0, 0
    key = table.columns[0].key
    by_code: dict[str, Money | None] = {}
    for r in table.rows:
        if r.code and not r.is_total and r.code not in by_code:
            by_code[r.code] = r.values.get(key)
    checked = failed = 0
    for code, value in by_code.items():
        kids = [c for c in by_code if len(c) == len(code) + 2 and c.startswith(code)]
        if not kids or value is None:
            continue
        checked += 1
        failed += not agrees(value, [by_code[c] for c in kids])
    return checked, failed


def _two_sided_gross(table: BudgetTable, nested: dict[str, tuple[str, ...]]) -> bool:
    """A side whose rows add to twice or three times its total, however they nest: subtotal rows
    (本年收入合计, 小计) read as items, or a second column group (Jiangsu: 功能分类 and 支出用途 side by
    side) read as one. A mistyped figure does not land on an exact multiple."""
    for section in ("income", "expense"):
        total = table.total(section)
        stated = total.values.get("amount") if total else None
        if stated is None or stated.value <= 0:
            continue
        rows = [r for r in table.body(section) if r.key != SUBTOTAL]
        listed = {r.key for r in rows if r.values.get("amount") is not None}
        inner = {k for parent, kids in nested.items() if parent in listed for k in kids}
        readings = ([r for r in rows if r.key not in inner and not is_breakdown(r)], top_rows(rows, "amount"))
        if any(agrees(stated, [r.values.get("amount") for r in rs]) for rs in readings):
            continue
        flat = sum((m.value for r in readings[0] if (m := r.values.get("amount")) is not None), Decimal(0))
        multiple = flat / stated.value
        if multiple >= 2 and abs(multiple - multiple.to_integral_value()) < Decimal("0.0001"):
            return True
    return False


def _rows_counted_over(table: BudgetTable) -> bool:
    """The 合计 row's first amount is an exact multiple (×2, ×3) of what the body rows add to when
    every row is counted, and no reading by codes or amounts gives the total: 类, 款 and 项 all
    printed as names (杭州), so every level is counted."""
    total = table.total()
    if total is None or not table.columns:
        return False
    key = table.columns[0].key
    stated = total.values.get(key)
    if stated is None or stated.value <= 0:
        return False
    body = [r for r in table.body() if not is_breakdown(r)]
    if any(r.code for r in body):
        return False
    added = sum((m.value for r in body if (m := r.values.get(key)) is not None), Decimal(0))
    if agrees(stated, [r.values.get(key) for r in top_rows(body, key)]):
        return False
    multiple = added / stated.value  # 116,237.16 / 58,118.59 is 1.9999995: the parts are rounded
    whole = multiple.to_integral_value()
    return whole >= 2 and abs(multiple - whole) < Decimal("0.0001")


def target_doubt(target: TargetTable) -> str | None:
    """A 绩效目标 form whose indicators were not read as printed (values missing or names repeated)."""
    inds = target.indicators
    if not inds:
        return "未读出任何绩效指标"
    empty = sum(1 for i in inds if not i.text.strip())
    if empty > _MAX_FAILURES and empty >= _FAILING_SHARE * len(inds):
        return f"{len(inds)} 个指标中 {empty} 个读不出指标值"
    repeated = sum(n - 1 for n in Counter(i.name for i in inds).values() if n > 1)
    if repeated > _MAX_FAILURES:
        return f"{repeated} 个指标名称重复，表格的行可能未按原表读取"
    return None


def _sangong_parts(table: BudgetTable) -> list[Money | None]:
    """因公出国（境）费 + 公务接待费 + 公务用车购置及运行费 (or its 购置 + 运行 when not printed)."""
    keys = ["sangong.abroad", "sangong.reception"]
    keys += (
        ["sangong.vehicle"]
        if table.by_key("sangong.vehicle")
        else ["sangong.vehicle_purchase", "sangong.vehicle_running"]
    )
    return [r.values.get("total") if (r := table.by_key(k)) else None for k in keys]


def _too_many(checked: int, failed: int) -> bool:
    return failed > _MAX_FAILURES and failed >= _FAILING_SHARE * checked


def doubt(
    table: BudgetTable, spec: TableSpec, blocks: list[TableBlock], nested: dict[str, tuple[str, ...]]
) -> str | None:
    """Why ``table`` (read from ``blocks``) cannot be trusted, or None when it can."""
    if table.kind is TableKind.LISTING:
        return None
    if table.kind is TableKind.TWO_SIDED:
        if table.total("income") is None or table.total("expense") is None:
            return "找不到收入合计或支出合计行"
        for section in ("income", "expense"):
            stated = table.total(section).values.get("amount")  # type: ignore[union-attr]
            body = [r.values.get("amount") for r in table.body(section)]
            if (stated is None or stated.value == 0) and any(m is not None and m.value for m in body):
                return "合计为零或空白而各行有数，合计行可能取自另一组栏目"
        if _two_sided_gross(table, nested):
            return "收入或支出各行之和与合计相差一倍左右，可能把小计行或另一组栏目当作了明细"
        return None
    if table.kind is TableKind.ITEMS:
        found = {r.key for r in table.rows if r.key}
        vehicle = {"sangong.vehicle", "sangong.vehicle_purchase", "sangong.vehicle_running"}
        if not {"sangong.abroad", "sangong.reception"} <= found or not vehicle & found:
            return "找不到“三公”经费的各项（因公出国（境）费、公务接待费、公务用车）"
        others = [r for r in table.rows if not r.key and not r.is_total and any(r.values.values())]
        total = table.by_key("sangong.total")
        if others and total is not None and not agrees(total.values.get("total"), _sangong_parts(table)):
            return "表中还有会议费、培训费等其他项目，无法确定合计所含范围"
        return None
    if "total" in spec.columns and table.column("total") is None:
        return "找不到合计列"
    printed = sum(_numbers(b) for b in blocks)
    captured = _captured(table)
    if printed >= 5 and captured < _MIN_CAPTURED * printed:
        return f"表中 {printed} 个金额只有 {captured} 个能对应到已识别的列"
    if _rows_counted_over(table):
        return "各行之和恰为合计的整数倍：行按名称分层而没有可辨的科目编码，读不出层级"
    repeated = [c for c, n in Counter(r.code for r in table.rows if r.code).items() if n > 1]
    if len(repeated) > _MAX_FAILURES:
        return f"{len(repeated)} 个科目多次出现（可能按单位或多种分类分列）"
    if _too_many(*_row_sum_failures(table, spec)):
        return "多数行的合计与分项不符，列可能未按原表读取"
    if _too_many(*_hierarchy_failures(table)):
        return "多数类、款合计与下级科目之和不符，行可能未按原表读取"
    return None


__all__ = ["doubt", "target_doubt"]
