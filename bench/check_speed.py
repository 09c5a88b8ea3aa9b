"""Time `yusuan check` on the Fujian document: median per document and documents per second.

Run: .venv/bin/python bench/check_speed.py [--runs 1000]
Prints figures and the ratio to the 20 ms/document aim; asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # so the in-repo example generator (tests.support) is importable

from tests.support.fujian_doc import example_scenario, render  # noqa: E402

from yusuan.audit import audit  # noqa: E402
from yusuan.extract import extract  # noqa: E402
from yusuan.pipeline import check_path  # noqa: E402
from yusuan.profiles import load  # noqa: E402
from yusuan.read import read_document  # noqa: E402

AIM_MS = 20.0
FUJIAN = ROOT.parent / "shared" / "corpus" / "fujian" / "000_2bbe3a14c73fd150.txt"


def bench(name: str, path: Path, runs: int) -> None:
    profile = load("fujian")
    check_path(path)  # warm caches (profile, catalog, regexes)
    stages: dict[str, list[float]] = {"read": [], "extract": [], "audit": []}
    for _ in range(min(runs, 200)):
        t0 = time.perf_counter_ns()
        doc = read_document(path)
        t1 = time.perf_counter_ns()
        d = extract(doc, profile)
        t2 = time.perf_counter_ns()
        audit(d, profile)
        t3 = time.perf_counter_ns()
        stages["read"].append((t1 - t0) / 1e6)
        stages["extract"].append((t2 - t1) / 1e6)
        stages["audit"].append((t3 - t2) / 1e6)
    times = []
    start = time.perf_counter_ns()
    for _ in range(runs):
        t0 = time.perf_counter_ns()
        check_path(path)
        times.append((time.perf_counter_ns() - t0) / 1e6)
    wall = (time.perf_counter_ns() - start) / 1e9
    times.sort()
    median = statistics.median(times)
    p90 = times[int(len(times) * 0.9) - 1]
    print(f"\n{name}: {path.name}")
    print(f"  checks            {runs}")
    print(f"  median            {median:8.2f} ms   (aim {AIM_MS:.0f} ms; ratio {median / AIM_MS:.2f}×)")
    print(f"  p90 / min         {p90:8.2f} ms / {times[0]:.2f} ms")
    print(f"  documents/second  {runs / wall:8.1f}")
    for stage, values in stages.items():
        print(f"  {stage:<17} {statistics.median(values):8.2f} ms median")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=1000)
    args = parser.parse_args()
    if FUJIAN.exists():
        bench("Fujian seed document", FUJIAN, args.runs)
    else:
        print(f"../shared is absent ({FUJIAN}); benchmarking the in-repo example only")
    with tempfile.TemporaryDirectory() as tmp:
        example = Path(tmp) / "example.md"
        example.write_text(render(example_scenario()).text, encoding="utf-8")
        bench("in-repo consistent example", example, args.runs)


if __name__ == "__main__":
    main()
