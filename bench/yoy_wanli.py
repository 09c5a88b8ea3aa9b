"""The judged year-on-year case: the three 万里街道 budgets (2023–2025) ingested into a fresh DuckDB
store, linked as one department, and every statement the 2024 and 2025 documents make about the year
before checked against the earlier document: the statement, its page and line, what it states of
the previous year, the earlier document's figure and place, and the verdict (一致 / 不一致 / 未能核对)
with why.

Run: .venv/bin/python bench/yoy_wanli.py [--corpus ../shared/corpus] [--db FILE] [--all]
``--all`` ingests the whole corpus instead and prints every cross-year pair found. Asserts nothing.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from rich.console import Console

from yusuan.batch.ingest import ingest
from yusuan.cli.compare_cmd import print_pair
from yusuan.store import Store
from yusuan.yoy import check_years, link


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--corpus", default=str(Path(__file__).resolve().parents[2] / "shared" / "corpus"))
    ap.add_argument("--db", help="DuckDB file to use (default: a temporary one)")
    ap.add_argument("--all", action="store_true", help="ingest the whole corpus, not only 万里街道")
    ap.add_argument("--jobs", type=int, default=1)
    args = ap.parse_args()
    corpus = Path(args.corpus)
    if not corpus.is_dir():
        raise SystemExit(f"没有找到语料文件夹：{corpus}")
    paths = (
        [corpus]
        if args.all
        else sorted((corpus / "shanghai" / "budget").glob("202[345]_putuo_wanli_jiedao_dept.pdf"))
    )
    console = Console(width=160)
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(args.db or str(Path(tmp) / "yoy.duckdb"))
        t0 = time.perf_counter()
        done = ingest(store, paths, jobs=args.jobs)
        t1 = time.perf_counter()
        summary = check_years(store, done.run_id, recheck=True)
        t2 = time.perf_counter()
        linked = [s for s in link(store) if any(len(v) > 1 for v in s.documents.values())]
        console.print(
            f"入库 {len(done.stored)} 个文件（跳过 {len(done.skipped)}，失败 {len(done.failed)}），{t1 - t0:.1f} 秒"
        )
        for s in linked:
            kinds = "；".join(f"{k} {sorted(v)}" for k, v in s.documents.items())
            console.print(f"跨年度关联：{s.department}（键 {s.key}）：{kinds}")
        for r in summary.results:
            print_pair(console, r)
        console.print(summary.text())
        console.print(f"跨年度核对用时 {t2 - t1:.1f} 秒（含重新读取本年文件的正文）")
        store.close()


if __name__ == "__main__":
    main()
