"""Ingest speed, side by side on the same files in one run: ``--jobs 1``, ``--jobs 2``, and a Dask
LocalCluster (worker processes, one thread each) with 1 and with 2 workers — documents and pages
per second, and the ratio of 2 to 1 for each.

Run: .venv/bin/python bench/ingest_speed.py [--files FILE...] [--configs jobs1,jobs2,cluster1,cluster2]
Default files: every PDF under ../shared/corpus. Each configuration ingests into a fresh temporary
DuckDB file (read, check, flatten in the workers; the one client process writes the store), timed
from the call of ingest() to its return: worker processes start and import yusuan inside the time
for --jobs; the cluster's worker processes are started before the clock (a cluster is already
running when one uses --cluster) but import yusuan's pipeline on their first task, inside it.
The load average is printed before and after: the machine may be shared. Asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from yusuan.batch.ingest import IngestSummary, ingest
from yusuan.store import Store

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
CONFIGS = ("jobs1", "jobs2", "cluster1", "cluster2")


@dataclass
class Result:
    name: str
    seconds: float
    documents: int  # files processed (stored or refused)
    stored: int
    pages: int

    @property
    def docs_per_s(self) -> float:
        return self.documents / self.seconds

    @property
    def pages_per_s(self) -> float:
        return self.pages / self.seconds


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


def timed(name: str, files: list[str], run: Callable[[Store, list[str]], IngestSummary]) -> Result:
    with (
        tempfile.TemporaryDirectory(prefix="yusuan-bench-") as tmp,
        Store(str(Path(tmp) / "b.duckdb")) as store,
    ):
        start = time.perf_counter()
        summary = run(store, files)
        seconds = time.perf_counter() - start
        stored, failed = len(summary.stored), len(summary.failed)
        result = Result(name, seconds, stored + failed, stored, summary.pages)
    for path, message in summary.failed:
        print(f"    not stored: {Path(path).name}: {message}", flush=True)
    print(
        f"  {name:<9} {result.seconds:8.1f} s  {result.docs_per_s:6.2f} documents/s  "
        f"{result.pages_per_s:7.1f} pages/s  ({result.stored} stored, {result.pages} pages)",
        flush=True,
    )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--files", nargs="+", help="files to ingest (default: the corpus PDFs)")
    parser.add_argument("--configs", default=",".join(CONFIGS), help="which to run, comma-separated")
    args = parser.parse_args()
    files = (
        [str(Path(f).resolve()) for f in args.files]
        if args.files
        else sorted(str(p) for p in CORPUS.rglob("*.pdf"))
    )
    if not files:
        raise SystemExit(f"没有要导入的文件（{CORPUS} 不存在？请用 --files 指定）")
    configs = [c.strip() for c in args.configs.split(",") if c.strip()]
    print(f"{len(files)} files; {load()}", flush=True)
    results: dict[str, Result] = {}
    for name in configs:
        if name.startswith("jobs"):
            results[name] = _jobs_timed(name, int(name[4:]), files)
        elif name.startswith("cluster"):
            results[name] = _cluster_timed(name, int(name[7:]), files)
        else:
            raise SystemExit(f"未知的配置：{name}")
    print(f"after: {load()}")
    for a, b in (("jobs2", "jobs1"), ("cluster2", "cluster1"), ("cluster1", "jobs1"), ("cluster2", "jobs2")):
        if a in results and b in results:
            print(
                f"  {a} : {b} = {results[a].docs_per_s / results[b].docs_per_s:.2f} (documents/s), "
                f"{results[a].pages_per_s / results[b].pages_per_s:.2f} (pages/s)"
            )


def _jobs_timed(name: str, jobs: int, files: list[str]) -> Result:
    return timed(name, files, lambda s, p: ingest(s, p, jobs=jobs))


def _cluster_timed(name: str, workers: int, files: list[str]) -> Result:
    from distributed import LocalCluster

    cluster = LocalCluster(  # type: ignore[no-untyped-call]
        n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
    )
    with cluster:
        address = cluster.scheduler_address
        return timed(name, files, lambda s, p: ingest(s, p, cluster=address))


if __name__ == "__main__":  # worker processes are spawned: they import this file without running it
    main()
