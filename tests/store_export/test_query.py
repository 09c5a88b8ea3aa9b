"""`yusuan query "SQL"`: answers read-only questions; refuses writes (DuckDB opened read-only,
PostgreSQL in a READ ONLY transaction) and leaves the store as it was; a clear Chinese message
on an SQL error; document text reaches the terminal with its control characters made visible."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
import sqlalchemy as sa
import typer
from typer.testing import CliRunner

from tests.support.postgres import postgres_bin, throwaway_postgres
from yusuan.batch.ingest import ingest
from yusuan.cli.query_cmd import _engine, first_word, query, single_statement
from yusuan.opendata import export_store
from yusuan.store import Store, schema

app = typer.Typer()
app.command("query")(query)
app.command("unused")(lambda: None)  # two commands: "query" stays a subcommand, as in yusuan

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "culture_bureau_2024.md"


def ask(db: Path | str, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["query", "--db", str(db), *args])
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout, result.stderr


def snapshot(db: Path | str) -> dict[str, int]:
    with Store(str(db)) as store:
        return store.counts()


def test_a_question_is_answered(store_file: Path) -> None:
    code, out, _ = ask(
        store_file, "-f", "json", "select file_name, version, is_latest from documents order by file_name"
    )
    assert code == 0
    rows = json.loads(out)
    with Store(str(store_file)) as store:
        expected = sorted((d["file_name"], d["version"], d["is_latest"]) for d in store.documents())
    assert [(r["file_name"], r["version"], r["is_latest"]) for r in rows] == expected
    # amounts come back exact, as decimal text
    code, out, _ = ask(store_file, "-f", "json", "select sum(value) as total from cells")
    with Store(str(store_file)) as store:
        total = store.query("select sum(value) from cells")[1][0][0]
    assert json.loads(out) == [{"total": format(total, "f")}]


@pytest.mark.parametrize(
    "sql",
    [
        "DELETE FROM documents",
        "DROP TABLE documents",
        "update cells set value = 0",
        "insert into reviews values ('a', 'b', '误报', null, null, now())",
        "select 1; delete from documents",
        "select 1; DROP TABLE documents; -- and a comment",
        "COPY documents TO '/tmp/yusuan-query-copy.csv'",
        "ATTACH 'other.duckdb' AS other",
        "/* a comment */ (CHECKPOINT)",
        "select * from read_csv('/etc/passwd')",
    ],
)
def test_writes_are_refused_and_the_store_is_unchanged(store_copy: Path, sql: str) -> None:
    before = snapshot(store_copy)
    code, _, err = ask(store_copy, sql)
    assert code == 2
    assert err.startswith("错误：")
    assert any(word in err for word in ("只读", "一条", "以外的文件"))
    assert snapshot(store_copy) == before
    assert not Path("/tmp/yusuan-query-copy.csv").exists()


def test_the_connection_itself_is_read_only(store_copy: Path) -> None:
    """Below the checks on the statement: the DuckDB connection refuses writes and other files."""
    before = snapshot(store_copy)
    engine = _engine(str(store_copy))
    try:
        with engine.connect() as conn:
            for sql in ("DELETE FROM documents", "DROP TABLE cells", "COPY documents TO 'copied.csv'"):
                with pytest.raises(sa.exc.DBAPIError):
                    conn.exec_driver_sql(sql)
                conn.rollback()
    finally:
        engine.dispose()
    assert snapshot(store_copy) == before
    assert not Path("copied.csv").exists()


def test_an_sql_error_is_a_clear_message(store_file: Path) -> None:
    code, out, err = ask(store_file, "select no_such_column from documents")
    assert code == 2 and out == ""
    assert err.startswith("错误：SQL 错误：") and "no_such_column" in err
    code, _, err = ask(store_file, "   ")
    assert code == 2 and "没有给出 SQL 语句" in err


def test_document_text_is_shown_with_control_characters_visible(store_copy: Path) -> None:
    hostile = "某局\x1b[2J\x1b]0;owned\x07\u202e\x9b31m"
    with Store(str(store_copy)) as store, store.engine.begin() as conn:
        conn.execute(schema.documents.update().values(department=hostile))
    for fmt in ("table", "csv"):
        code, out, _ = ask(store_copy, "-f", fmt, "select department from documents limit 1")
        assert code == 0
        assert "某局<1B>[2J<1B>]0;owned<07><202E><9B>31m" in out
        assert not any(ch in out for ch in "\x1b\x07\u202e\x9b")
    code, out, _ = ask(store_copy, "-f", "json", "select department from documents limit 1")
    assert not any(ch in out for ch in "\x1b\x07\u202e\x9b")
    assert json.loads(out) == [{"department": hostile}]  # escaped, not lost


def test_the_terminal_gets_a_limited_number_of_rows(store_file: Path) -> None:
    with Store(str(store_file)) as store:
        n_cells = store.counts()["cells"]
    code, out, err = ask(store_file, "-f", "csv", "-n", "3", "select row_label from cells")
    assert code == 0
    assert len(out.strip().splitlines()) == 1 + 3
    assert "只显示前 3 行" in err
    code, out, err = ask(store_file, "-f", "csv", "select row_label from cells")
    assert len(out.strip().splitlines()) == 1 + n_cells and "只显示" not in err
    code, out, err = ask(store_file, "select row_label from cells")  # table: 200 by default
    assert code == 0 and "只显示前 200 行" in err


def test_a_missing_store_is_not_made(tmp_path: Path) -> None:
    code, _, err = ask(tmp_path / "none.duckdb", "select 1")
    assert code == 2 and "数据库文件不存在" in err
    assert not (tmp_path / "none.duckdb").exists()


def test_one_statement_is_told_from_several() -> None:
    assert single_statement("select ';' as x;")
    assert single_statement("select 1 -- ; drop table documents\n")
    assert single_statement("select $$;$$, 'it''s;' /* ; */ ;  ")
    assert not single_statement("select 1; select 2")
    assert not single_statement("select 'a'';'; delete from documents")
    assert first_word("  /* x */ -- y\n (( SELECT 1))") == "select"
    assert first_word("with t as (select 1) select * from t") == "with"
    assert first_word("COPY documents TO 'x'") == "copy"


@pytest.mark.skipif(postgres_bin() is None, reason="PostgreSQL (initdb, pg_ctl) is not installed")
def test_postgresql_runs_the_question_read_only(tmp_path: Path) -> None:
    with throwaway_postgres(port=54341) as url:
        with Store(url) as store:
            assert ingest(store, [str(EXAMPLE)]).failed == []
        before = snapshot(url)
        code, out, _ = ask(url, "-f", "json", "select count(*) as n from documents")
        assert code == 0 and json.loads(out) == [{"n": 1}]
        for sql in (
            "DELETE FROM documents",
            "DROP TABLE findings",
            "COMMIT; DELETE FROM documents",
            "SET TRANSACTION READ WRITE",
            "DO $$ BEGIN DELETE FROM documents; END $$",
            "DO $$ BEGIN SET TRANSACTION READ WRITE; DELETE FROM documents; END $$",
            "DO $$ BEGIN COMMIT; DELETE FROM documents; END $$",
            "WITH gone AS (DELETE FROM documents RETURNING id) SELECT count(*) FROM gone",
            f"COPY documents TO '{tmp_path / 'copied.csv'}'",
        ):
            code, _, err = ask(url, sql)
            assert code == 2, sql
            assert "只读" in err or "一条" in err or "SQL 错误" in err, err
        # the statement passes the first-word check: the READ ONLY transaction refuses it
        code, _, err = ask(url, "WITH gone AS (DELETE FROM documents RETURNING id) SELECT count(*) FROM gone")
        assert code == 2 and "read-only transaction" in err
        assert snapshot(url) == before
        assert not (tmp_path / "copied.csv").exists()
        # the same export from PostgreSQL: the rows as stored, amounts as decimals
        with Store(url) as store:
            export_store(store, tmp_path / "pg", "parquet")
            with store.engine.connect() as conn:
                cells = [
                    dict(r)
                    for r in conn.execute(
                        sa.select(schema.cells).order_by(*schema.cells.primary_key.columns)
                    ).mappings()
                ]
        assert pq.read_table(tmp_path / "pg" / "cells.parquet").to_pylist() == cells
