"""Ingest on a Dask cluster (a distributed.LocalCluster of two single-threaded worker processes,
started here and closed after): the store holds exactly what an in-process ingest of the same
files stores; a worker that dies on one file fails that file only; paths reach the workers
absolute; only a window of files is submitted ahead."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

import yusuan.batch.ingest
from tests.batch.dying import DIE, prepare_or_die
from tests.batch.test_pool import Recording
from tests.batch.workers import crashed, crashy
from yusuan.batch.ingest import ingest
from yusuan.batch.pool import AHEAD, REORDER, run_all
from yusuan.build import build_source
from yusuan.store import Store, schema

distributed = pytest.importorskip("distributed")
dask = pytest.importorskip("dask")

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
CORPUS = ROOT.parent / "shared" / "corpus"
REAL = [
    CORPUS / "shanghai" / "budget" / "2025_putuo_wanli_jiedao_dept.pdf",
    CORPUS / "shanghai" / "final" / "2024_putuo_shehuigongzuobu_dept_final.pdf",
    CORPUS / "fujian" / "000_2bbe3a14c73fd150.txt",
]

#: per table, the columns that differ between two runs storing the same document
RUN_COLUMNS = {"documents": {"run_id", "stored_at"}, "findings": {"run_id"}}


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    # no retry after a worker dies (the default is 3): the dying-file test stays quick
    with (
        dask.config.set({"distributed.scheduler.allowed-failures": 0}),
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, scheduler_port=0
        ) as c,
    ):
        yield c


def stored(store: Store) -> dict[str, list[dict[str, Any]]]:
    """Every row of documents, tables, cells, claims and findings, in key order, without run ids."""
    out = {}
    with store.engine.connect() as conn:
        for table in (schema.documents, schema.doc_tables, schema.cells, schema.claims, schema.findings):
            skip = RUN_COLUMNS.get(table.name, set())
            rows = conn.execute(sa.select(table).order_by(*table.primary_key.columns)).mappings()
            out[table.name] = [{k: v for k, v in r.items() if k not in skip} for r in rows]
    return out


def _same_on_cluster(tmp_path: Path, files: list[Path], address: str) -> dict[str, list[dict[str, Any]]]:
    paths = [str(p.resolve()) for p in files]
    with Store(str(tmp_path / "here.duckdb")) as here, Store(str(tmp_path / "there.duckdb")) as there:
        local = ingest(here, paths)
        remote = ingest(there, paths, cluster=address)
        assert sorted(remote.stored) == sorted(local.stored)
        assert remote.failed == local.failed
        assert remote.pages == local.pages
        expected, got = stored(here), stored(there)
    assert got == expected
    return got


def test_examples_and_built_outputs_are_stored_as_in_process(tmp_path: Path, cluster: Any) -> None:
    built = build_source(EXAMPLES / "putuo_street_2025.yaml", formats=("docx", "xlsx", "html"))
    files = sorted(EXAMPLES.glob("*.md"))
    for fmt, data in built.outputs.items():
        files.append(tmp_path / f"putuo_street_2025.{fmt}")
        files[-1].write_bytes(data)
    got = _same_on_cluster(tmp_path, files, cluster.scheduler_address)
    # the examples and the three built formats are disclosures (README.md is not)
    assert len(got["documents"]) == len(files) - 1
    assert {d["format"] for d in got["documents"]} >= {"docx", "xlsx", "html"}
    assert len(got["cells"]) > 1000 and got["findings"]


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is absent")
def test_real_documents_are_stored_as_in_process(tmp_path: Path, cluster: Any) -> None:
    got = _same_on_cluster(tmp_path, REAL, cluster.scheduler_address)
    assert {d["kind"] for d in got["documents"]} == {"部门预算", "部门决算"}
    assert sum(d["pages"] or 0 for d in got["documents"]) > 30


def test_a_worker_that_dies_fails_its_file_only(
    tmp_path: Path, cluster: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = [EXAMPLES / "culture_bureau_2024.md", EXAMPLES / "culture_bureau_2024_with_errors.md"]
    dying = tmp_path / f"{DIE}.md"
    shutil.copy(good[0], dying)
    dying.write_text(dying.read_text(encoding="utf-8") + "\n<!-- another file -->\n", encoding="utf-8")
    # the workers unpickle the task's function by name: this one, from tests.batch.dying
    monkeypatch.setattr(yusuan.batch.ingest, "prepare", prepare_or_die)
    with Store(str(tmp_path / "s.duckdb")) as store:
        summary = ingest(store, [str(good[0]), str(dying), str(good[1])], cluster=cluster.scheduler_address)
        assert sorted(summary.stored) == sorted(str(p) for p in good)
        assert [p for p, _ in summary.failed] == [str(dying)]
        assert "工作进程异常退出" in summary.failed[0][1] and "KilledWorker" in summary.failed[0][1]
        assert {d["file_name"] for d in store.documents()} == {p.name for p in good}
        # nothing remembered for the dead worker's file: the next run tries it again
        assert store.rejects() == []
    # the cluster lost a worker twice and still works
    assert [r for _, r in run_all(crashy, ["ok:after"], crashed, cluster=cluster.scheduler_address)] == [
        "done:ok:after"
    ]


def test_relative_paths_reach_the_workers_absolute(
    tmp_path: Path, cluster: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the workers were started in another folder: a relative path would not name the file there
    monkeypatch.chdir(EXAMPLES)
    with Store(str(tmp_path / "s.duckdb")) as store:
        summary = ingest(store, ["culture_bureau_2024.md"], cluster=cluster.scheduler_address)
        assert summary.failed == []
        assert [d["path"] for d in store.documents()] == [str(EXAMPLES / "culture_bureau_2024.md")]


def test_only_a_window_of_items_is_taken_ahead_and_results_come_in_order(cluster: Any) -> None:
    items = Recording([f"ok:{n}" for n in range(20)])
    reach = 2 * (AHEAD + REORDER)  # two single-threaded workers
    results = []
    for seen, (_, result) in enumerate(run_all(crashy, items, crashed, cluster=cluster.scheduler_address), 1):
        assert items.highest + 1 <= seen + reach
        results.append(result)
    assert results == [f"done:ok:{n}" for n in range(20)]  # in the order of the items
