"""The store's tables, one schema for DuckDB and PostgreSQL (SQLAlchemy Core).

Keys are natural and portable, no sequences: a document is its file's SHA-256, a run a random
hex id, a table / row / cell / claim / finding its ordinal within the document. Amounts are kept
twice: exactly as a decimal string (``*_text``, any size) and as NUMERIC(38, 6) for queries
(NULL when a hostile value does not fit).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

metadata = sa.MetaData()

AMOUNT_SCALE = 6
AMOUNT = sa.Numeric(38, AMOUNT_SCALE)
MAX_AMOUNT_DIGITS = 38 - AMOUNT_SCALE  # integer digits that fit NUMERIC(38, 6)


def _box() -> list[sa.Column[Any]]:
    """A rectangle on a PDF page, in points from the page's top left (NULL when not known)."""
    return [sa.Column(name, sa.Float) for name in ("x0", "top", "x1", "bottom")]


def _message_columns() -> list[sa.Column[Any]]:
    """What a finding says and where (the findings of one document and those across years)."""
    return [
        sa.Column("rule", sa.String, nullable=False),
        sa.Column("name", sa.String, nullable=False),
        sa.Column("severity", sa.String, nullable=False),  # error / warning / info
        sa.Column("dimension", sa.String),  # 完整性 / 细化程度 / 一致性 / 规范性
        sa.Column("section", sa.String),
        sa.Column("message", sa.String, nullable=False),
        sa.Column("expected", sa.String),
        sa.Column("actual", sa.String),
        sa.Column("suggestion", sa.String),
        sa.Column("page", sa.Integer),  # the first place
        sa.Column("line", sa.Integer),
        sa.Column("table_title", sa.String),
        sa.Column("row_label", sa.String),
        sa.Column("column_title", sa.String),
        *_box(),
        sa.Column("locations", sa.String, nullable=False),  # JSON list of every place
        sa.Column("fingerprint", sa.String(64), nullable=False),  # the same problem in a later version
    ]


schema_migrations = sa.Table(
    "schema_migrations",
    metadata,
    sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("name", sa.String, nullable=False),
    sa.Column("applied_at", sa.DateTime, nullable=False),
)

runs = sa.Table(
    "runs",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("command", sa.String, nullable=False),  # ingest / check / compare
    sa.Column("generator", sa.String, nullable=False),  # yusuan <version>
    sa.Column("host", sa.String),
    sa.Column("started_at", sa.DateTime, nullable=False),
    sa.Column("finished_at", sa.DateTime),
    sa.Column("stored", sa.Integer, nullable=False, default=0),
    sa.Column("skipped", sa.Integer, nullable=False, default=0),
    sa.Column("failed", sa.Integer, nullable=False, default=0),
)

files = sa.Table(
    "files",
    metadata,
    sa.Column("sha256", sa.String(64), primary_key=True),
    sa.Column("size", sa.BigInteger, nullable=False),
    sa.Column("content", sa.LargeBinary, nullable=False),
)

documents = sa.Table(
    "documents",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),  # the file's SHA-256
    sa.Column("path", sa.String, nullable=False),  # where it was first ingested from
    sa.Column("file_name", sa.String, nullable=False),
    sa.Column("format", sa.String, nullable=False),  # pdf / docx / xlsx / html / text
    sa.Column("pages", sa.Integer),
    sa.Column("size", sa.BigInteger, nullable=False),
    sa.Column("kind", sa.String, nullable=False),  # 部门预算 / 单位预算 / 部门决算 / 单位决算
    sa.Column("phase", sa.String, nullable=False),  # budget / final
    sa.Column("kind_reason", sa.String),
    sa.Column("title", sa.String),
    sa.Column("department", sa.String),
    sa.Column("department_key", sa.String),  # normalised name linking the same department across years
    sa.Column("year", sa.Integer),
    sa.Column("unit", sa.String),  # the profile's default 元 / 万元
    sa.Column("profile", sa.String, nullable=False),
    sa.Column("profile_reason", sa.String),
    sa.Column("version", sa.Integer, nullable=False),  # 1, 2, …: publications of one (department, year, kind)
    sa.Column("is_latest", sa.Boolean, nullable=False),
    sa.Column("errors", sa.Integer, nullable=False),
    sa.Column("warnings", sa.Integer, nullable=False),
    sa.Column("infos", sa.Integer, nullable=False),
    sa.Column("run_id", sa.String(32), nullable=False),
    sa.Column("stored_at", sa.DateTime, nullable=False),
    sa.Index("ix_documents_department", "department_key", "year", "kind"),
)

rejects = sa.Table(
    "rejects",
    metadata,
    sa.Column("sha256", sa.String(64), primary_key=True),
    sa.Column("path", sa.String, nullable=False),
    sa.Column("message", sa.String, nullable=False),  # why it was not stored (Chinese, names the file)
    sa.Column("run_id", sa.String(32), nullable=False),
    sa.Column("stored_at", sa.DateTime, nullable=False),
)

doc_tables = sa.Table(
    "doc_tables",
    metadata,
    sa.Column("document_id", sa.String(64), primary_key=True),
    sa.Column("table_index", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("table_id", sa.String, nullable=False),  # profile table id: summary, income, gpb, …
    sa.Column("title", sa.String, nullable=False),
    sa.Column("kind", sa.String, nullable=False),
    sa.Column("unit", sa.String),
    sa.Column("unit_stated", sa.Boolean, nullable=False),
    sa.Column("note", sa.String),
    sa.Column("page", sa.Integer),
    sa.Column("line", sa.Integer),
)

cells = sa.Table(
    "cells",
    metadata,
    sa.Column("document_id", sa.String(64), primary_key=True),
    sa.Column("table_index", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("row_index", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("cell_index", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("row_label", sa.String, nullable=False),
    sa.Column("code", sa.String),  # functional / economic classification code
    sa.Column("level", sa.Integer),  # 1 类 2 款 3 项
    sa.Column("row_key", sa.String),  # profile key: income.gpb, sangong.abroad, …
    sa.Column("section", sa.String),  # income / expense in two-sided tables
    sa.Column("is_total", sa.Boolean, nullable=False),
    sa.Column("column_key", sa.String, nullable=False),
    sa.Column("header", sa.String, nullable=False),
    sa.Column("text", sa.String),  # as printed
    sa.Column("value_text", sa.String),  # the exact decimal
    sa.Column("value", AMOUNT),
    sa.Column("places", sa.Integer),
    sa.Column("unit", sa.String),
    sa.Column("page", sa.Integer),
    sa.Column("line", sa.Integer),
    sa.Column("x0", sa.Float),  # the source cell's box on its page, PDF points from the top left
    sa.Column("top", sa.Float),
    sa.Column("x1", sa.Float),
    sa.Column("bottom", sa.Float),
    sa.Column("source_column", sa.Integer),
)

claims = sa.Table(
    "claims",
    metadata,
    sa.Column("document_id", sa.String(64), primary_key=True),
    sa.Column("claim_index", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("subject", sa.String, nullable=False),
    sa.Column("subject_text", sa.String, nullable=False),
    sa.Column("kind", sa.String, nullable=False),
    sa.Column("value_text", sa.String),
    sa.Column("value", AMOUNT),
    sa.Column("unit", sa.String),
    sa.Column("count", sa.BigInteger),
    sa.Column("change_text", sa.String),
    sa.Column("change", AMOUNT),
    sa.Column("change_unit", sa.String),
    sa.Column("direction", sa.String),
    sa.Column("percent_text", sa.String),
    sa.Column("percent", AMOUNT),
    sa.Column("year", sa.Integer),
    sa.Column("reason", sa.String),
    sa.Column("parent", sa.Integer),
    sa.Column("code_name", sa.String),
    sa.Column("final", sa.String),  # JSON of a 决算 statement's other figures
    sa.Column("text", sa.String, nullable=False),
    sa.Column("page", sa.Integer),
    sa.Column("line", sa.Integer),
)

findings = sa.Table(
    "findings",
    metadata,
    sa.Column("document_id", sa.String(64), primary_key=True),
    sa.Column("finding_index", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("run_id", sa.String(32), nullable=False),
    *_message_columns(),
    sa.Index("ix_findings_rule", "rule"),
)

# A reviewer's mark on a finding, keyed so that it survives a re-check of a corrected version of
# the same (department, year, kind): the finding's fingerprint, not the document's hash.
reviews = sa.Table(
    "reviews",
    metadata,
    sa.Column("subject", sa.String, primary_key=True),  # department_key|year|kind, or the document id
    sa.Column("fingerprint", sa.String(64), primary_key=True),
    sa.Column("status", sa.String, nullable=False),  # 待核实 / 已确认 / 误报
    sa.Column("note", sa.String),
    sa.Column("reviewer", sa.String),
    sa.Column("updated_at", sa.DateTime, nullable=False),
)

#: tables holding one document's content, deleted together
DOCUMENT_TABLES = (findings, claims, cells, doc_tables)

# -- year on year (migration 2) --------------------------------------------------------------------
# Kept apart from ``findings``: a document's own findings are written with it in one transaction and
# never change, while what it says about last year is judged against another document that may
# arrive later (2023 ingested after 2024) or be republished — these rows are replaced per pair.

#: one row per (document, the document it was compared with): checked once, skipped after
cross_pairs = sa.Table(
    "cross_pairs",
    metadata,
    sa.Column("document_id", sa.String(64), primary_key=True),
    sa.Column("previous_document_id", sa.String(64), primary_key=True),
    sa.Column("relation", sa.String, nullable=False),  # previous_year / own_budget
    sa.Column("run_id", sa.String(32)),
    sa.Column("checked_at", sa.DateTime, nullable=False),
    sa.Column("statements", sa.Integer, nullable=False),  # what the document says about the other
    sa.Column("consistent", sa.Integer, nullable=False),  # 一致
    sa.Column("inconsistent", sa.Integer, nullable=False),  # 不一致
    sa.Column("unverified", sa.Integer, nullable=False),  # 未能核对
)

#: every statement about the other document with its verdict, 一致 / 不一致 / 未能核对 and why
cross_checks = sa.Table(
    "cross_checks",
    metadata,
    sa.Column("document_id", sa.String(64), primary_key=True),
    sa.Column("previous_document_id", sa.String(64), primary_key=True),
    sa.Column("check_index", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("subject", sa.String, nullable=False),
    sa.Column("subject_text", sa.String),
    sa.Column("statement", sa.String, nullable=False),  # what this document says (its words)
    sa.Column("stated", sa.String),  # the figure stated about the other year, in words
    sa.Column("page", sa.Integer),
    sa.Column("line", sa.Integer),
    sa.Column("earlier", sa.String),  # the other document's figure and its place, in words
    sa.Column("earlier_page", sa.Integer),
    sa.Column("earlier_line", sa.Integer),
    sa.Column("verdict", sa.String, nullable=False),  # 一致 / 不一致 / 未能核对
    sa.Column("reason", sa.String, nullable=False),
    sa.Column("rules", sa.String),  # the YY rules that found it inconsistent, comma separated
)

#: the mismatches as findings, the columns of ``findings`` plus the other document
cross_findings = sa.Table(
    "cross_findings",
    metadata,
    sa.Column("document_id", sa.String(64), primary_key=True),
    sa.Column("previous_document_id", sa.String(64), primary_key=True),
    sa.Column("finding_index", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("run_id", sa.String(32)),
    *_message_columns(),  # rule YY9xx; expected: the other document's figure and where; actual: this one's
    sa.Index("ix_cross_findings_rule", "rule"),
)

# -- the web app's accounts (migration 3) ----------------------------------------------------------
# Who may upload, mark and delete (``yusuan serve``). Secrets are never stored: a password as its
# argon2 hash, a session id and an API token as their SHA-256 (both are 256-bit random values, so a
# fast hash is enough; a stolen table gives nothing to present).

users = sa.Table(
    "users",
    metadata,
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("password_hash", sa.String, nullable=False),  # argon2id, with its parameters
    sa.Column("role", sa.String(16), nullable=False),  # reviewer / admin
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("disabled", sa.Boolean, nullable=False),
)

sessions = sa.Table(
    "sessions",
    metadata,
    sa.Column("id_hash", sa.String(64), primary_key=True),  # SHA-256 of the cookie's session id
    sa.Column("user_name", sa.String(64), nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("expires_at", sa.DateTime, nullable=False),
)

api_tokens = sa.Table(
    "api_tokens",
    metadata,
    sa.Column("token_hash", sa.String(64), primary_key=True),  # SHA-256 of the token
    sa.Column("user_name", sa.String(64), nullable=False),
    sa.Column("label", sa.String),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("last_used_at", sa.DateTime),
)
