"""`yusuan query "SQL"`: an ad-hoc read-only question to the store.

Read-only by construction: DuckDB is opened read-only with access to other files switched off
(no COPY … TO, ATTACH, read_csv of /etc/passwd, extension installs), and PostgreSQL runs the
statement in a READ ONLY transaction that is rolled back. On top of that, one statement only (so
that ``COMMIT; DELETE …`` cannot end that transaction) and a question only: a statement starting
with SELECT, WITH, VALUES, EXPLAIN, SHOW, DESCRIBE … (a superuser's ``COPY … TO '/file'`` writes a
server file even in a read-only transaction). Text from documents is shown with its control
characters made visible.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from yusuan.cli.export_cmd import existing_store
from yusuan.cli.safe import error_reason, printable, safe_text

if TYPE_CHECKING:
    import sqlalchemy as sa

TERMINAL_ROWS = 200

_WORD = re.compile(r"[A-Za-z_]+")
_DOLLAR = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)?\$")

# JSON keeps every character, but not raw: what json.dumps leaves unescaped and a terminal obeys
_JSON_UNSAFE = re.compile(r"[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


class QueryFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


class QueryError(Exception):
    """A question the store refuses or cannot answer (Chinese message)."""


def single_statement(sql: str) -> bool:
    """Whether ``sql`` holds one statement: no ``;`` outside quotes and comments except trailing ones."""
    i, n = 0, len(sql)
    ended = False
    while i < n:
        ch = sql[i]
        if ch in " \t\r\n\f":
            i += 1
            continue
        if sql.startswith("--", i):
            j = sql.find("\n", i)
            i = n if j < 0 else j + 1
            continue
        if sql.startswith("/*", i):
            j = sql.find("*/", i + 2)
            i = n if j < 0 else j + 2
            continue
        if ch == ";":
            ended = True
            i += 1
            continue
        if ended:
            return False
        if ch in "'\"":
            j = i + 1
            while j < n:
                if sql[j] == ch:
                    if j + 1 < n and sql[j + 1] == ch:  # '' inside a literal
                        j += 2
                        continue
                    break
                j += 1
            i = j + 1
            continue
        if ch == "$":  # PostgreSQL dollar quoting: $tag$ … $tag$
            m = _DOLLAR.match(sql, i)
            if m:
                j = sql.find(m.group(), i + len(m.group()))
                i = n if j < 0 else j + len(m.group())
                continue
        i += 1
    return True


#: what a question starts with; anything else (COPY, SET, CALL, DO, LOAD, …) is not asked here
QUESTIONS = frozenset(
    {"select", "with", "values", "table", "explain", "show", "describe", "summarize", "from"}
)


def first_word(sql: str) -> str:
    """The statement's first keyword, lower case, after comments and opening brackets."""
    i, n = 0, len(sql)
    while i < n:
        if sql[i].isspace() or sql[i] == "(":
            i += 1
        elif sql.startswith("--", i):
            j = sql.find("\n", i)
            i = n if j < 0 else j + 1
        elif sql.startswith("/*", i):
            j = sql.find("*/", i + 2)
            i = n if j < 0 else j + 2
        else:
            break
    m = _WORD.match(sql, i)
    return m.group().lower() if m else ""


def _explain(exc: BaseException) -> str:
    reason = error_reason(exc)
    low = reason.lower()
    if "read-only" in low or "read only" in low or "readonly" in low:
        return f"查询是只读的，不能修改数据库（{reason}）"
    if "file system operations are disabled" in low or "permission error" in low:
        return f"查询不能读写数据库以外的文件（{reason}）"
    return f"SQL 错误：{reason}"


def _engine(db: str) -> sa.Engine:
    import sqlalchemy as sa

    from yusuan.store import engine_url

    url = engine_url(db)
    if url.startswith("duckdb:"):
        return sa.create_engine(
            url, connect_args={"read_only": True, "config": {"enable_external_access": False}}
        )
    return sa.create_engine(url)


def run_query(db: str, sql: str, limit: int | None) -> tuple[list[str], Iterator[Sequence[Any]], list[bool]]:
    """Column names, the rows (at most ``limit`` when given) and whether more rows were left out
    (known once the rows are consumed)."""
    if not sql.strip():
        raise QueryError("没有给出 SQL 语句")
    if not single_statement(sql):
        raise QueryError("一次只能执行一条 SQL 语句（去掉语句之间的分号）")
    if first_word(sql) not in QUESTIONS:
        raise QueryError(
            f"查询是只读的，只接受 SELECT、WITH、VALUES、EXPLAIN、SHOW、DESCRIBE 等提问语句（不是 {first_word(sql).upper() or '空语句'}）"
        )
    import sqlalchemy as sa

    engine = _engine(db)
    try:
        conn = engine.connect()
    except sa.exc.SQLAlchemyError as exc:
        engine.dispose()
        raise QueryError(f"无法打开数据库：{error_reason(exc)}") from None
    try:
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql("SET TRANSACTION READ ONLY")
            # a first query takes the transaction's snapshot: from then on the mode cannot be changed
            conn.exec_driver_sql("SELECT 1")
        result = conn.execution_options(no_parameters=True).exec_driver_sql(sql)
    except sa.exc.SQLAlchemyError as exc:
        conn.close()
        engine.dispose()
        raise QueryError(_explain(exc)) from None
    if not result.returns_rows:
        conn.rollback()
        conn.close()
        engine.dispose()
        return [], iter(()), [False]
    columns = list(result.keys())
    truncated = [False]

    def rows() -> Iterator[Sequence[Any]]:
        try:
            n = 0
            while True:
                part = result.fetchmany(1000)
                if not part:
                    return
                for r in part:
                    if limit is not None and n >= limit:
                        truncated[0] = True
                        return
                    n += 1
                    yield tuple(r)
        except sa.exc.SQLAlchemyError as exc:
            raise QueryError(_explain(exc)) from None
        finally:
            result.close()
            conn.rollback()
            conn.close()
            engine.dispose()

    return columns, rows(), truncated


def _shown(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, bytes):
        return f"<{len(v)} 字节>"
    if isinstance(v, Decimal):
        return format(v, "f")
    if isinstance(v, bool):
        return "true" if v else "false"
    return printable(str(v))


def _json_value(v: Any) -> Any:
    if isinstance(v, Decimal):
        return format(v, "f")  # exact: a JSON number would be read as a float
    if isinstance(v, datetime | date):
        return v.isoformat()
    if isinstance(v, bytes):
        return v.hex()
    if isinstance(v, float | int | bool | str) or v is None:
        return v
    return str(v)


def _unique(columns: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for c in columns:
        seen[c] = seen.get(c, 0) + 1
        out.append(c if seen[c] == 1 else f"{c}_{seen[c]}")
    return out


def _print_table(columns: list[str], rows: Iterator[Sequence[Any]]) -> int:
    from rich.console import Console
    from rich.table import Table

    table = Table()
    for c in columns:
        table.add_column(safe_text(c, style="bold"))  # a Text: never parsed for [markup]
    n = 0
    for r in rows:
        table.add_row(*[safe_text(_shown(v)) for v in r])
        n += 1
    Console(soft_wrap=not sys.stdout.isatty()).print(table)
    return n


def _print_csv(columns: list[str], rows: Iterator[Sequence[Any]]) -> int:
    from yusuan.opendata.files import csv_field

    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow([printable(c) for c in columns])
    n = 0
    for r in rows:
        writer.writerow([printable(csv_field(v)) for v in r])  # bytes as hex, amounts exactly
        n += 1
    return n


def _print_json(columns: list[str], rows: Iterator[Sequence[Any]]) -> int:
    names = _unique(columns)
    n = 0
    sys.stdout.write("[")
    for r in rows:
        text = json.dumps(dict(zip(names, map(_json_value, r), strict=True)), ensure_ascii=False)
        sys.stdout.write(
            ("," if n else "") + "\n  " + _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
        )
        n += 1
    sys.stdout.write("\n]\n" if n else "]\n")
    return n


def query(
    sql: Annotated[
        str, typer.Argument(help='一条只读的 SQL 语句，如 "select department, year from documents"')
    ],
    db: Annotated[
        str | None,
        typer.Option(
            "--db", help="数据库：DuckDB 文件路径或 postgresql:// 地址（默认 YUSUAN_DB 或 yusuan.duckdb）"
        ),
    ] = None,
    fmt: Annotated[
        QueryFormat, typer.Option("--format", "-f", help="输出格式：table（终端表格）、csv 或 json")
    ] = QueryFormat.table,
    limit: Annotated[
        int | None,
        typer.Option(
            "--limit",
            "-n",
            min=0,
            help=f"最多输出的行数（table 默认 {TERMINAL_ROWS}，csv、json 默认不限；0 为不限）",
        ),
    ] = None,
) -> None:
    """对数据库执行只读 SQL 查询（表：documents、doc_tables、cells、claims、findings、runs 等），不会修改数据库。"""
    value = existing_store(db)
    if limit is None:
        limit = TERMINAL_ROWS if fmt is QueryFormat.table else 0
    try:
        columns, rows, truncated = run_query(value, sql, limit or None)
        if not columns:
            typer.echo("语句没有返回结果", err=True)
            return
        printer = {
            QueryFormat.table: _print_table,
            QueryFormat.csv: _print_csv,
            QueryFormat.json: _print_json,
        }
        n = printer[fmt](columns, rows)
    except QueryError as exc:
        typer.echo(printable(f"错误：{exc}"), err=True)
        raise typer.Exit(2) from None
    if truncated[0]:
        typer.echo(f"只显示前 {n} 行；用 --limit 0 显示全部，或 --format csv 导出", err=True)
    elif fmt is QueryFormat.table:
        typer.echo(f"共 {n} 行", err=True)
