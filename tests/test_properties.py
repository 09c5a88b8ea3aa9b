"""Properties that hold by construction (DESIGN.md):

1. a consistent disclosure written from random fact lines gives no error-level finding;
2. changing any one published amount by 1.00 or more is reported, and a finding names the changed
   line, in at least 99% of 1,000 trials.
"""

from __future__ import annotations

from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.fujian_doc import AmountSpot, Rendered, render, scenario_strategy
from yusuan.model import Severity, format_amount, parse_decimal
from yusuan.pipeline import check_document
from yusuan.read import read_text

SETTINGS = {
    "deadline": None,
    "database": None,
    "derandomize": True,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
}


def _errors(text: str) -> list[tuple[str, str, list[int]]]:
    result = check_document(read_text(text, "generated.md"), "fujian")
    return [(f.rule, f.message, f.lines) for f in result.findings if f.severity is Severity.ERROR]


@settings(max_examples=150, **SETTINGS)  # type: ignore[arg-type]
@given(scenario_strategy())
def test_consistent_disclosure_has_no_error(scenario: object) -> None:
    rendered = render(scenario)  # type: ignore[arg-type]
    assert _errors(rendered.text) == []


def perturb(rendered: Rendered, spot: AmountSpot, delta: Decimal) -> str:
    """The document with one amount changed by delta, written in the same style as the original."""
    parsed = parse_decimal(spot.text)
    assert parsed is not None, spot
    value, places = parsed
    new = value + delta if value + delta >= 0 else value - delta
    thousands = "," in spot.text or abs(new) >= 1000
    text = format_amount(new, places, thousands=thousands)
    lines = rendered.lines
    line = lines[spot.line - 1]
    assert line[spot.start : spot.end] == spot.text
    lines[spot.line - 1] = line[: spot.start] + text + line[spot.end :]
    return "\n".join(lines)


def test_one_changed_amount_is_reported_at_its_line() -> None:
    outcomes: list[tuple[bool, str]] = []

    @settings(max_examples=1000, **SETTINGS)  # type: ignore[arg-type]
    @given(scenario_strategy(), st.data())
    def trial(scenario: object, data: st.DataObject) -> None:
        rendered = render(scenario)  # type: ignore[arg-type]
        spot = data.draw(st.sampled_from(rendered.amounts), label="amount")
        delta = data.draw(
            st.sampled_from(
                [Decimal("1.00"), Decimal("-1.00"), Decimal("2.50"), Decimal("37.00"), Decimal("-120.00")]
            )
        )
        if "." not in spot.text:
            delta = delta.quantize(Decimal(1))
        changed = perturb(rendered, spot, delta)
        result = check_document(read_text(changed, "perturbed.md"), "fujian")
        hit = any(spot.line in f.lines for f in result.findings if f.severity is not Severity.INFO)
        outcomes.append((hit, f"{spot.key} line {spot.line} {spot.text!r} {delta:+}"))

    trial()
    assert len(outcomes) >= 1000
    missed = [what for hit, what in outcomes if not hit]
    rate = 1 - len(missed) / len(outcomes)
    print(
        f"single-amount changes reported at their line: {len(outcomes) - len(missed)}/{len(outcomes)} ({rate:.2%})"
    )
    assert rate >= 0.99, (rate, missed[:20])
