"""Helpers of the web tests: an app on a temporary DuckDB, logging in, CSRF tokens, uploads."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from yusuan.web import Settings, create_app
from yusuan.web.accounts import add_user

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
SHARED = REPO.parent / "shared"
SHANGHAI_2023 = SHARED / "corpus/shanghai/budget/2023_putuo_wanli_jiedao_dept.pdf"
SHANGHAI_2025 = SHARED / "corpus/shanghai/budget/2025_putuo_wanli_jiedao_dept.pdf"
FUJIAN = SHARED / "corpus/fujian/000_2bbe3a14c73fd150.txt"
PASSWORD = "correct horse battery"

_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


@contextmanager
def web_app(tmp: Path, **settings: Any) -> Iterator[TestClient]:
    """A running app (lifespan entered) on a fresh store with users alice (admin) and bob."""
    s = Settings(db=str(tmp / "web.duckdb"), secret_key="k" * 40, **settings)
    app = create_app(s)
    store = app.state.yusuan.store
    add_user(store, "alice", PASSWORD, "admin")
    add_user(store, "bob", PASSWORD, "reviewer")
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def csrf(client: TestClient, path: str = "/") -> str:
    page = client.get(path)
    found = _TOKEN.search(page.text)
    assert found, f"no CSRF token on {path} ({page.status_code})"
    return found.group(1)


def login(client: TestClient, name: str = "alice", password: str = PASSWORD) -> None:
    token = csrf(client, "/login")
    r = client.post(
        "/login", data={"name": name, "password": password, "csrf_token": token}, follow_redirects=False
    )
    assert r.status_code == 303, r.text


def upload(
    client: TestClient, files: list[tuple[str, bytes]], token: str | None = None
) -> list[dict[str, Any]]:
    """Upload through the page's endpoint (as the page's script does) and wait for the checks."""
    token = token or csrf(client, "/upload")
    r = client.post(
        "/upload",
        files=[("files", (name, data, "application/octet-stream")) for name, data in files],
        headers={"X-CSRF-Token": token, "Accept": "application/json"},
    )
    assert r.status_code == 202, r.text
    jobs = r.json()["jobs"]
    checker = client.app.state.yusuan.checker  # type: ignore[attr-defined]
    assert checker.wait(120), "checks did not finish"
    ids = ",".join(j["id"] for j in jobs)
    return list(client.get(f"/jobs?ids={ids}").json()["jobs"])
