"""The web app on PostgreSQL (the team setting): its own queries, marks, accounts and deletes run
the same as on DuckDB. A throw-away server on its own port; skipped when PostgreSQL is missing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from tests.support.postgres import postgres_bin, throwaway_postgres
from tests.web.helpers import EXAMPLES, PASSWORD, csrf, login, upload
from yusuan.store import schema
from yusuan.web import Settings, create_app
from yusuan.web.accounts import add_user

_PORT = 54341


@pytest.fixture(scope="module")
def pg_url() -> Iterator[str]:
    if postgres_bin() is None:
        pytest.skip("PostgreSQL 未安装（make test 会用 apt-get 安装 postgresql）")
    with throwaway_postgres(port=_PORT) as url:
        engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
        with engine.begin() as conn:
            schema.metadata.drop_all(conn)
        engine.dispose()
        yield url


def test_web_app_on_postgresql(pg_url: str, tmp_path: Path) -> None:
    app = create_app(Settings(db=pg_url, secret_key="p" * 40))
    add_user(app.state.yusuan.store, "alice", PASSWORD, "admin")
    with TestClient(app, raise_server_exceptions=False) as c:
        login(c)
        text = (EXAMPLES / "culture_bureau_2024_with_errors.md").read_bytes()
        jobs = upload(c, [("文旅局_100%.md", text)])
        doc = jobs[0]["document_id"]
        assert jobs[0]["state"] == "stored"
        # LIKE patterns: % and _ in a search are the characters, not wildcards
        assert c.get("/api/documents?q=文化和旅游").json()["count"] == 1
        assert c.get("/api/documents", params={"q": "_100%"}).json()["count"] == 1
        assert (
            c.get("/api/documents", params={"q": "旅%局"}).json()["count"] == 0
        )  # a wildcard would match 文旅局
        assert c.get("/api/documents", params={"q": "文_局"}).json()["count"] == 0
        assert (
            c.get(
                "/api/documents?severity=error&rule=TX301&year=2024&region=福建&level=部门&phase=预算"
            ).json()["count"]
            == 1
        )
        findings = c.get(f"/api/documents/{doc}/findings").json()["findings"]
        tx301 = next(f for f in findings if f["rule"] == "TX301")
        token = csrf(c, f"/documents/{doc}")
        r = c.post(
            f"/documents/{doc}/findings/{tx301['index']}/mark",
            data={"status": "已确认", "note": "核实", "csrf_token": token},
            follow_redirects=False,
        )
        assert r.status_code == 303
        again = c.get(f"/api/documents/{doc}/findings").json()["findings"]
        assert next(f for f in again if f["rule"] == "TX301")["review"]["status"] == "已确认"
        for path in ("/", "/corpus", f"/documents/{doc}?f={tx301['index']}", "/docs"):
            assert c.get(path).status_code == 200, path
        key = c.get(f"/api/documents/{doc}").json()["department_key"]
        page = c.get(f"/departments/{key}")
        assert page.status_code == 200 and "历年预算数" in page.text
        assert c.get(f"/export/report.csv?id={doc}").status_code == 200
        r = c.request("DELETE", f"/api/documents/{doc}", headers={"X-CSRF-Token": token})
        assert r.status_code == 200
        assert c.get("/api/documents").json()["count"] == 0
