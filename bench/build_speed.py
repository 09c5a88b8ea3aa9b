"""Time `yusuan build` on the Fujian example: load + derive, each format, and all five together.

Run: .venv/bin/python bench/build_speed.py [--runs 10] [--source examples/fujian_gulou_2023.yaml]
Prints medians and the ratio to the aims (all five under 2 s, the PDF under 1 s); asserts nothing.
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from yusuan.derive import derive
from yusuan.render import FORMATS, renderer
from yusuan.source import load_source

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT / "examples" / "fujian_gulou_2023.yaml"
FALLBACK = ROOT / "examples" / "culture_bureau_2024.yaml"
AIM_ALL_S = 2.0
AIM_PDF_S = 1.0


def median_ms(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    """(median, min) in milliseconds."""
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--source", type=Path, default=DEFAULT if DEFAULT.exists() else FALLBACK)
    args = parser.parse_args()
    source: Path = args.source

    budget, _ = load_source(source)
    pub = derive(budget).publication
    cold: dict[str, float] = {}
    for fmt in FORMATS:  # warm-up: imports, fonts, typst's first compile (reported as "first")
        t0 = time.perf_counter()
        renderer(fmt)(pub)
        cold[fmt] = (time.perf_counter() - t0) * 1000

    print(f"source: {source.relative_to(ROOT) if source.is_relative_to(ROOT) else source}, runs: {args.runs}")
    med, low = median_ms(lambda: load_source(source), args.runs)
    print(f"  {'load':<8} median {med:8.1f} ms   min {low:8.1f} ms")
    med, low = median_ms(lambda: derive(budget), args.runs)
    print(f"  {'derive':<8} median {med:8.1f} ms   min {low:8.1f} ms")
    # Typst memoizes whole compilations: a different title each run makes every render real work.
    serial = itertools.count()

    def fresh() -> object:
        return replace(pub, title=f"{pub.title}（{next(serial)}）")

    sizes: dict[str, int] = {}
    for fmt in FORMATS:
        fn = renderer(fmt)
        sizes[fmt] = len(fn(pub))
        med, low = median_ms(lambda fn=fn: fn(fresh()), args.runs)  # type: ignore[misc]
        extra = f"   ({med / 1000 / AIM_PDF_S:.2f}× the {AIM_PDF_S:.0f} s PDF aim)" if fmt == "pdf" else ""
        print(
            f"  {fmt:<8} median {med:8.1f} ms   min {low:8.1f} ms   first {cold[fmt]:8.1f} ms"
            f"   {sizes[fmt]:>9,} bytes{extra}"
        )

    def everything() -> None:
        b, _ = load_source(source)
        p = derive(replace(b, department=f"{b.department}（{next(serial)}）")).publication
        for fmt in FORMATS:
            renderer(fmt)(p)

    med, low = median_ms(everything, args.runs)
    print(
        f"  {'all five':<8} median {med:8.1f} ms   min {low:8.1f} ms   ({med / 1000 / AIM_ALL_S:.2f}× the {AIM_ALL_S:.0f} s aim)"
    )


if __name__ == "__main__":
    main()
