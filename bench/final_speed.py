"""Time and memory of `yusuan check` on the real 决算 beside the real budgets of the same corpus.

Run: .venv/bin/python bench/final_speed.py [--runs 3]
For each document: pages, read / extract / audit milliseconds (median of the runs), pages per second,
peak Python memory of one check (tracemalloc); then the 决算 and budget medians side by side and their
ratio. Asserts nothing; needs ../shared beside the repository.
"""

from __future__ import annotations

import argparse
import statistics
import time
import tracemalloc
from pathlib import Path

from yusuan.audit import audit
from yusuan.pipeline import read_disclosure
from yusuan.read import read_document

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
FINALS = [
    CORPUS / "shanghai" / "final" / "2024_putuo_guihuaziyuan_dept_final.pdf",
    CORPUS / "shanghai" / "final" / "2024_putuo_shehuigongzuobu_dept_final.pdf",
    CORPUS / "national" / "2022_shaanxi_xian_weishengjiankangwei_dept_final.pdf",
]
BUDGETS = [
    CORPUS / "shanghai" / "budget" / "2025_putuo_zhengfuban_dept.pdf",
    CORPUS / "shanghai" / "budget" / "2025_putuo_caizhengju_dept.pdf",
    CORPUS / "national" / "2025_shaanxi_xian_xingzhengshenpifuwuju_dept_budget.pdf",
]


def one(path: Path) -> tuple[int, float, float, float, str]:
    t0 = time.perf_counter()
    doc = read_document(path)
    t1 = time.perf_counter()
    d, chosen = read_disclosure(doc)
    t2 = time.perf_counter()
    audit(d, chosen.profile)
    t3 = time.perf_counter()
    return doc.pages or 0, (t1 - t0) * 1000, (t2 - t1) * 1000, (t3 - t2) * 1000, d.document


def peak(path: Path) -> float:
    tracemalloc.start()
    doc = read_document(path)
    d, chosen = read_disclosure(doc)
    audit(d, chosen.profile)
    _, top = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return top / 2**20


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    missing = [p for p in FINALS + BUDGETS if not p.is_file()]
    if missing:
        print(f"跳过：找不到 {missing[0]}（需要 ../shared）")
        return
    rows: dict[str, list[tuple[float, float]]] = {"决算": [], "预算": []}
    print(
        f"{'document':58} {'kind':6} {'pages':>5} {'read':>8} {'extract':>8} {'audit':>8} {'pages/s':>8} {'peak MiB':>9}"
    )
    for path in FINALS + BUDGETS:
        runs = [one(path) for _ in range(args.runs)]
        pages = runs[0][0]
        read, ext, aud = (statistics.median(r[i] for r in runs) for i in (1, 2, 3))
        total = read + ext + aud
        mem = peak(path)
        kind = runs[0][4]
        rows["决算" if kind.endswith("决算") else "预算"].append((pages / (total / 1000), mem))
        print(
            f"{path.name[:58]:58} {kind:6} {pages:5d} {read:8.0f} {ext:8.0f} {aud:8.0f} "
            f"{pages / (total / 1000):8.1f} {mem:9.1f}"
        )
    final_speed = statistics.median(r[0] for r in rows["决算"])
    budget_speed = statistics.median(r[0] for r in rows["预算"])
    final_mem = statistics.median(r[1] for r in rows["决算"])
    budget_mem = statistics.median(r[1] for r in rows["预算"])
    print(
        f"median pages/s: 决算 {final_speed:.1f}, 预算 {budget_speed:.1f} (ratio {final_speed / budget_speed:.2f}); "
        f"median peak MiB: 决算 {final_mem:.1f}, 预算 {budget_mem:.1f} (ratio {final_mem / budget_mem:.2f})"
    )


if __name__ == "__main__":
    main()
