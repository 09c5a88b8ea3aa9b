"""`yusuan export`: Parquet and CSV hold the store's rows exactly (amounts as decimals, never
floats); the Fiscal Data Package validates, describes its CSV files, and its amounts add up to
the stored cells of each document."""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import sqlalchemy as sa
import typer
from typer.testing import CliRunner

from yusuan.cli.export_cmd import export_db
from yusuan.opendata import export_store
from yusuan.opendata.files import csv_field
from yusuan.opendata.rows import EXPORTED, FILE_NAMES
from yusuan.store import Store, schema

app = typer.Typer()
app.command("export")(export_db)
app.command("unused")(lambda: None)  # two commands: "export" stays a subcommand, as in yusuan


def store_rows(db: Path, table: sa.Table, *, latest: bool = False) -> list[dict[str, Any]]:
    with Store(str(db)) as store, store.engine.connect() as conn:
        query = sa.select(table).order_by(*table.primary_key.columns)
        if latest:
            ids = sa.select(schema.documents.c.id).where(schema.documents.c.is_latest)
            key = table.c.id if table is schema.documents else table.c.document_id
            query = query.where(key.in_(ids))
        return [dict(r) for r in conn.execute(query).mappings()]


def export(db: Path, out: Path, fmt: str, *extra: str) -> None:
    result = CliRunner().invoke(app, ["export", "--db", str(db), "-f", fmt, "-o", str(out), *extra])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("latest", [False, True])
def test_parquet_rows_are_the_stored_rows(store_file: Path, tmp_path: Path, latest: bool) -> None:
    export(store_file, tmp_path, "parquet", *(["--latest"] if latest else []))
    for table in EXPORTED:
        got = pq.read_table(tmp_path / f"{FILE_NAMES[table.name]}.parquet")
        expected = store_rows(store_file, table, latest=latest)
        assert got.num_rows == len(expected) > 0
        assert got.to_pylist() == expected, table.name
    cells = pq.read_schema(tmp_path / "cells.parquet")
    assert cells.field("value").type == pa.decimal128(38, 6)
    assert cells.field("value_text").type == pa.string()
    assert pq.read_schema(tmp_path / "claims.parquet").field("percent").type == pa.decimal128(38, 6)
    docs = pq.read_table(tmp_path / "documents.parquet").to_pylist()
    # --latest: the first version of the re-published budget is left out, and its rows with it
    names = [d["file_name"] for d in docs]
    assert ("culture_bureau_2024.md" in names) is not latest
    assert "culture_bureau_2024_with_errors.md" in names
    value = pq.read_table(tmp_path / "cells.parquet").column("value").to_pylist()
    assert any(isinstance(v, Decimal) and v != v.to_integral_value() for v in value)


def test_csv_files_spell_the_stored_rows_exactly(store_file: Path, tmp_path: Path) -> None:
    export(store_file, tmp_path, "csv")
    for table in EXPORTED:
        data = (tmp_path / f"{FILE_NAMES[table.name]}.csv").read_bytes()
        assert data.startswith(b"\xef\xbb\xbf")  # Excel reads the Chinese text as UTF-8
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
        assert rows[0] == [c.name for c in table.columns]
        expected = store_rows(store_file, table)
        assert rows[1:] == [[csv_field(r[c.name]) for c in table.columns] for r in expected]
    cells = list(csv.DictReader(io.StringIO((tmp_path / "cells.csv").read_text(encoding="utf-8-sig"))))
    stored = store_rows(store_file, schema.cells)
    # every amount exactly as stored: the decimal text parses back to the same Decimal
    assert [Decimal(c["value"]) if c["value"] else None for c in cells] == [r["value"] for r in stored]


def test_csv_text_that_a_spreadsheet_would_run_is_escaped(store_copy: Path, tmp_path: Path) -> None:
    with Store(str(store_copy)) as store, store.engine.begin() as conn:
        conn.execute(
            schema.cells.update()
            .where((schema.cells.c.table_index == 1) & (schema.cells.c.row_index == 1))
            .values(row_label='=HYPERLINK("http://x","y")', text="-2+3")
        )
    export(store_copy, tmp_path, "csv")
    cells = list(csv.DictReader(io.StringIO((tmp_path / "cells.csv").read_text(encoding="utf-8-sig"))))
    changed = [c for c in cells if c["table_index"] == "1" and c["row_index"] == "1"]
    assert changed and all(c["row_label"] == '\'=HYPERLINK("http://x","y")' for c in changed)
    assert all(c["text"] == "'-2+3" for c in changed)
    # a negative amount is a number, not a formula: it stays as it is
    assert csv_field("-5") == "-5" and csv_field(Decimal("-5.50")) == "-5.50"


# The basics of the Data Package, Tabular Data Package and Fiscal Data Package (0.3) descriptors
# that a reader relies on, written from the specifications at specs.frictionlessdata.io.
_NAME = {"type": "string", "pattern": "^[-a-z0-9._/]+$"}
_FIELD = {
    "type": "object",
    "required": ["name", "type"],
    "properties": {
        "name": {"type": "string"},
        "type": {"enum": ["string", "number", "integer", "boolean", "date", "datetime", "year", "object"]},
    },
}
DESCRIPTOR_SCHEMA = {
    "type": "object",
    "required": ["profile", "name", "title", "resources", "model"],
    "properties": {
        "profile": {"const": "tabular-data-package"},
        "name": _NAME,
        "countryCode": {"type": "string", "pattern": "^[A-Z]{2}$"},
        "granularity": {"enum": ["aggregated", "transactional"]},
        "resources": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["profile", "name", "path", "schema"],
                "properties": {
                    "profile": {"const": "tabular-data-resource"},
                    "name": _NAME,
                    "path": {"type": "string", "pattern": "^(?=^[^./~])(^((?!\\.{2}).)*$).*$"},
                    "schema": {
                        "type": "object",
                        "required": ["fields"],
                        "properties": {"fields": {"type": "array", "minItems": 1, "items": _FIELD}},
                    },
                },
            },
        },
        "model": {
            "type": "object",
            "required": ["measures", "dimensions"],
            "properties": {
                "measures": {
                    "type": "object",
                    "minProperties": 1,
                    "additionalProperties": {
                        "type": "object",
                        "required": ["source", "currency"],
                        "properties": {
                            "source": {"type": "string"},
                            "resource": {"type": "string"},
                            "currency": {"type": "string", "pattern": "^[A-Z]{3}$"},
                            "factor": {"type": "number"},
                            "direction": {"enum": ["expenditure", "revenue"]},
                            "phase": {"enum": ["proposed", "approved", "adjusted", "executed"]},
                        },
                    },
                },
                "dimensions": {
                    "type": "object",
                    "minProperties": 1,
                    "additionalProperties": {
                        "type": "object",
                        "required": ["attributes", "primaryKey"],
                        "properties": {
                            "attributes": {
                                "type": "object",
                                "minProperties": 1,
                                "additionalProperties": {"type": "object", "required": ["source"]},
                            },
                            "primaryKey": {"anyOf": [{"type": "string"}, {"type": "array", "minItems": 1}]},
                            "dimensionType": {
                                "enum": [
                                    "datetime",
                                    "entity",
                                    "classification",
                                    "activity",
                                    "fact",
                                    "location",
                                    "other",
                                ]
                            },
                            "classificationType": {"enum": ["functional", "administrative", "economic"]},
                        },
                    },
                },
            },
        },
    },
}


def _typed(kind: str, text: str) -> Any:
    """A CSV value read as its Table Schema type; raises when it is not of that type."""
    if text == "":
        return None
    if kind == "integer":
        return int(text)
    if kind == "number":
        value = Decimal(text)
        assert value.is_finite()
        return value
    if kind == "boolean":
        assert text in ("true", "false")
        return text == "true"
    return text


def read_package(out: Path) -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]:
    """The descriptor, validated, and each resource's rows read with the types it declares."""
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    jsonschema.validate(package, DESCRIPTOR_SCHEMA)
    data: dict[str, list[dict[str, Any]]] = {}
    for resource in package["resources"]:
        path = out / resource["path"]
        assert path.is_file(), resource["path"]
        fields = resource["schema"]["fields"]
        with path.open(encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f))
        assert rows[0] == [fld["name"] for fld in fields]  # the header is the fields, in order
        typed = [
            {fld["name"]: _typed(fld["type"], v) for fld, v in zip(fields, r, strict=True)} for r in rows[1:]
        ]
        key = resource["schema"].get("primaryKey")
        if key:
            assert len({tuple(r[k] for k in key) for r in typed}) == len(typed)
        data[resource["name"]] = typed
    names = {r["name"]: {fld["name"] for fld in r["schema"]["fields"]} for r in package["resources"]}
    for m in package["model"]["measures"].values():
        assert m["source"] in names[m.get("resource", "budget-lines")]
    for dim in package["model"]["dimensions"].values():
        for a in dim["attributes"].values():
            assert a["source"] in names[a.get("resource", "budget-lines")]
        keys = dim["primaryKey"] if isinstance(dim["primaryKey"], list) else [dim["primaryKey"]]
        assert set(keys) <= set(dim["attributes"])
    return package, data


def test_fiscal_data_package_validates_and_adds_up(store_file: Path, tmp_path: Path) -> None:
    export(store_file, tmp_path, "fdp")
    package, data = read_package(tmp_path)
    measures = package["model"]["measures"]
    lines = data["budget-lines"]
    assert {m["currency"] for m in measures.values()} == {"CNY"}
    # per document, the amounts of the lines add up to the stored cells' amounts
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for line in lines:
        filled = [(name, line[name]) for name in measures if line[name] is not None]
        assert len(filled) == 1, line  # each line fills the one measure that applies
        name, amount = filled[0]
        m = measures[name]
        assert m["factor"] == {"万元": 10000, "元": 1}[line["unit"]]
        assert m["phase"] == {"budget": "proposed", "final": "executed"}[line["phase"]]
        if line["section"] == "income" or line["table_id"] == "income":
            assert m["direction"] == "revenue"
        totals[line["document_id"]] += amount
    with Store(str(store_file)) as store, store.engine.connect() as conn:
        c = schema.cells
        stored = dict(
            conn.execute(
                sa.select(c.c.document_id, sa.func.sum(c.c.value))
                .where(c.c.value.is_not(None))
                .group_by(c.c.document_id)
            ).all()
        )
        n_cells = conn.execute(sa.select(sa.func.count()).where(c.c.value.is_not(None))).scalar()
    assert totals == stored
    assert len(lines) == n_cells
    assert {d["id"] for d in data["documents"]} == set(stored)
    # both phases and both directions are there: a 决算 and budgets, income and spending tables
    assert {m["phase"] for m in measures.values()} == {"proposed", "executed"}
    assert {m["direction"] for m in measures.values()} == {"revenue", "expenditure"}
    # the classifications are dimensions filled from the rows' codes
    functional = {(r["functional_code"], r["functional_name"]) for r in lines if r["functional_code"]}
    economic = {r["economic_code"] for r in lines if r["economic_code"]}
    assert ("201", "一般公共服务支出") in functional or any(code.startswith("2") for code, _ in functional)
    assert all(code.startswith("2") for code, _ in functional)
    assert economic and all(code[0] in "35" for code in economic)
    dims = package["model"]["dimensions"]
    assert dims["functional_classification"]["classificationType"] == "functional"
    assert dims["economic_classification"]["classificationType"] == "economic"


def test_fiscal_data_package_of_the_latest_versions(store_file: Path, tmp_path: Path) -> None:
    export(store_file, tmp_path, "fdp", "--latest")
    _, data = read_package(tmp_path)
    latest = {r["id"] for r in store_rows(store_file, schema.documents, latest=True)}
    assert {d["id"] for d in data["documents"]} == latest
    assert {r["document_id"] for r in data["budget-lines"]} == latest


def test_export_refuses_what_it_cannot_use(store_file: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    missing = runner.invoke(app, ["export", "--db", str(tmp_path / "none.duckdb"), "-o", str(tmp_path / "o")])
    assert missing.exit_code == 2
    assert "数据库文件不存在" in missing.output and "Traceback" not in missing.output
    assert not (tmp_path / "none.duckdb").exists()  # not made empty by trying
    a_file = tmp_path / "file.txt"
    a_file.write_text("x", encoding="utf-8")
    refused = runner.invoke(app, ["export", "--db", str(store_file), "-o", str(a_file)])
    assert refused.exit_code == 2 and "不是文件夹" in refused.output
    link = tmp_path / "link"
    link.symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    (tmp_path / "elsewhere").mkdir()
    linked = runner.invoke(app, ["export", "--db", str(store_file), "-o", str(link)])
    assert linked.exit_code == 2 and "符号链接" in linked.output
    assert list((tmp_path / "elsewhere").iterdir()) == []


def test_export_api_writes_the_files_it_reports(store_file: Path, tmp_path: Path) -> None:
    with Store(str(store_file)) as store:
        written = export_store(store, tmp_path / "new" / "dir", "fdp")
    assert sorted(p.name for p in written) == ["budget-lines.csv", "datapackage.json", "documents.csv"]
    assert all(p.is_file() for p in written)
    assert not list((tmp_path / "new" / "dir").glob(".*.part"))
