"""Load test of ``yusuan serve`` on localhost: N concurrent uploads and page views against a server
in its own process on a temporary DuckDB, bounded in count and in time; prints the throughput and the
slowest responses, then checks that nothing was lost or duplicated in the store.

The uploads are variants of examples/culture_bureau_2024_with_errors.md (each a different
department, so a different document), and every ``--repeat``-th one is sent a second time at the same
moment: the store must keep each distinct file once and report the copy as a duplicate.

Run: .venv/bin/python bench/web_load.py [--uploads 24] [--concurrency 8] [--views 300] [--timeout 300]
Asserts nothing about time; exits 1 when a document is lost, duplicated or a request failed.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "culture_bureau_2024_with_errors.md"
SERVER = """
import sys, uvicorn
from yusuan.web import Settings, create_app
settings = Settings(
    db=sys.argv[1], secret_key=sys.argv[2], workers=int(sys.argv[4]), max_files=50, check_processes=sys.argv[5] == "1"
)
uvicorn.run(create_app(settings), host="127.0.0.1", port=int(sys.argv[3]), log_level="warning")
"""


class Timings:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.items: list[tuple[float, str, int]] = []
        self.errors: list[str] = []

    def add(self, seconds: float, what: str, status: int) -> None:
        with self.lock:
            self.items.append((seconds, what, status))

    def summary(self, kind: str) -> str:
        xs = sorted(t for t, w, _ in self.items if w.startswith(kind))
        if not xs:
            return f"{kind}: none"
        p50, p95 = xs[len(xs) // 2], xs[min(len(xs) - 1, int(len(xs) * 0.95))]
        return f"{kind}: {len(xs)} requests, median {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, slowest {xs[-1] * 1000:.0f} ms"


def variant(i: int) -> bytes:
    text = EXAMPLE.read_text(encoding="utf-8")
    return text.replace("清溪市云山区文化和旅游局", f"清溪市云山区第{i}文化和旅游局").encode()


def free_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = int(s.getsockname()[1])
    s.close()
    return port


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--uploads", type=int, default=24, help="distinct documents uploaded (default 24)")
    ap.add_argument("--repeat", type=int, default=4, help="every n-th document is uploaded twice at once")
    ap.add_argument("--concurrency", type=int, default=8, help="client threads (default 8)")
    ap.add_argument("--views", type=int, default=300, help="page views during the uploads (default 300)")
    ap.add_argument("--workers", type=int, default=2, help="the server's check workers (default 2)")
    ap.add_argument("--processes", action="store_true", help="the server checks in worker processes")
    ap.add_argument("--timeout", type=float, default=300.0, help="give up after this many seconds")
    args = ap.parse_args()
    if args.uploads > 500 or args.views > 20_000 or args.concurrency > 64:
        ap.error("bounded: at most 500 uploads, 20,000 views, 64 threads")

    from yusuan.store import Store
    from yusuan.web.accounts import add_user, new_token

    tmp = Path(tempfile.mkdtemp(prefix="yusuan-web-load-"))
    db = str(tmp / "load.duckdb")
    with Store(db) as store:
        add_user(store, "load", secrets.token_urlsafe(16), "reviewer")
        token = new_token(store, "load", "web_load")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    server = subprocess.Popen(
        [
            sys.executable,
            "-c",
            SERVER,
            db,
            secrets.token_urlsafe(32),
            str(port),
            str(args.workers),
            str(int(args.processes)),
        ],
        env=env,
    )
    deadline = time.time() + args.timeout
    timings = Timings()
    try:
        with httpx.Client(base_url=base, timeout=60) as probe:
            while True:
                try:
                    if probe.get("/healthz").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if time.time() > deadline or server.poll() is not None:
                    print("the server did not start", file=sys.stderr)
                    return 1
                time.sleep(0.1)
        docs = {i: variant(i) for i in range(args.uploads)}
        sends = [(i, docs[i]) for i in range(args.uploads)]
        sends += [(i, docs[i]) for i in range(0, args.uploads, args.repeat)]  # the same file again
        sends.sort(key=lambda s: s[0])  # a copy goes out right beside its original
        headers = {"Authorization": f"Bearer {token}"}
        jobs: list[dict[str, Any]] = []
        jobs_lock = threading.Lock()
        client = httpx.Client(
            base_url=base, timeout=120, limits=httpx.Limits(max_connections=args.concurrency * 2)
        )

        def up(item: tuple[int, bytes]) -> None:
            i, data = item
            t0 = time.perf_counter()
            r = client.post(
                "/api/uploads", files={"files": (f"部门{i}.md", data, "text/markdown")}, headers=headers
            )
            timings.add(time.perf_counter() - t0, "upload", r.status_code)
            if r.status_code != 202:
                timings.errors.append(f"upload {i}: {r.status_code} {r.text[:200]}")
                return
            with jobs_lock:
                jobs.extend({**j, "n": i} for j in r.json()["jobs"])

        pages = ["/", "/corpus", "/api/documents", "/docs", "/api/corpus"]

        def view(k: int) -> None:
            path = pages[k % len(pages)]
            with jobs_lock:
                done = [j["document_id"] for j in jobs if j.get("document_id")]
            if k % 3 == 0 and done:
                path = f"/documents/{done[k % len(done)]}?f=1"
            t0 = time.perf_counter()
            r = client.get(path)
            timings.add(time.perf_counter() - t0, "page", r.status_code)
            if r.status_code != 200:
                timings.errors.append(f"GET {path}: {r.status_code}")

        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
            futures = [pool.submit(up, s) for s in sends]
            futures += [pool.submit(view, k) for k in range(args.views)]
            for f in as_completed(futures, timeout=max(1.0, deadline - time.time())):
                f.result()
        requests_done = time.perf_counter()
        # wait for the checks to finish
        pending = {j["id"] for j in jobs}
        states: dict[str, dict[str, Any]] = {}
        while pending and time.time() < deadline:
            for jid in list(pending):
                r = client.get(f"/api/uploads/{jid}", headers=headers)
                job = r.json()
                if job.get("finished"):
                    states[jid] = job
                    pending.discard(jid)
            time.sleep(0.2)
        checked = time.perf_counter()
        if pending:
            timings.errors.append(f"{len(pending)} uploads still unchecked after {args.timeout:.0f} s")
        stored = client.get("/api/documents?all=1").json()["documents"]
        client.close()
    finally:
        server.terminate()
        server.wait(30)

    total = len(sends)
    print(f"uploads: {total} files ({args.uploads} distinct, {total - args.uploads} sent twice), "
          f"{args.concurrency} client threads, {args.workers} check {'processes' if args.processes else 'threads'}, {args.views} page views")  # fmt: skip
    print(f"requests answered in {requests_done - started:.1f} s: "
          f"{(total + args.views) / (requests_done - started):.1f} requests/s")  # fmt: skip
    print(
        f"all checks finished in {checked - started:.1f} s: {total / (checked - started):.2f} uploads checked/s"
    )
    print(timings.summary("upload"))
    print(timings.summary("page"))
    slow = max(timings.items, default=(0.0, "-", 0))
    print(f"slowest response: {slow[1]} {slow[0] * 1000:.0f} ms (status {slow[2]})")

    # nothing lost, nothing duplicated: each distinct file stored once, under its own hash
    want = {hashlib.sha256(d).hexdigest() for d in docs.values()}
    ids = [d["id"] for d in stored]
    by_state: dict[str, int] = {}
    for j in states.values():
        by_state[j["state"]] = by_state.get(j["state"], 0) + 1
    print(f"job states: {by_state}")
    problems = list(timings.errors)
    if len(ids) != len(set(ids)):
        problems.append("a document is listed twice")
    if set(ids) != want:
        problems.append(
            f"stored {len(set(ids) & want)} of {len(want)} documents, {len(set(ids) - want)} unexpected"
        )
    if by_state.get("stored", 0) != len(want) or by_state.get("duplicate", 0) != total - len(want):
        problems.append(f"expected {len(want)} stored and {total - len(want)} duplicates")
    with Store(db) as store:
        counts = store.counts()
        _, rows = store.query("select count(*) from documents d where d.errors + d.warnings + d.infos <> "
                              "(select count(*) from findings f where f.document_id = d.id)")  # fmt: skip
        if rows[0][0]:
            problems.append(f"{rows[0][0]} documents whose findings do not match their counts")
    print(f"store: {counts['documents']} documents, {counts['files']} files, {counts['findings']} findings")
    if counts["documents"] != len(want) or counts["files"] != len(want):
        problems.append("the store's documents or files do not match the distinct uploads")
    for p in problems[:20]:
        print("PROBLEM:", p)
    print("nothing lost or duplicated" if not problems else f"{len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
