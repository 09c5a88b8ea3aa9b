"""`yusuan serve` and `yusuan users` through typer's CliRunner (registered in a small app here; the
lead registers them in cli/main.py)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from yusuan.cli.serve_cmd import serve
from yusuan.cli.users_cmd import users_app
from yusuan.store import Store
from yusuan.web.accounts import authenticate, token_user
from yusuan.web.settings import SECRET_ENV, load_secret

app = typer.Typer()
app.command("serve")(serve)
app.add_typer(users_app, name="users")
runner = CliRunner()


def test_users_add_list_token(tmp_path: Path) -> None:
    db = str(tmp_path / "u.duckdb")
    r = runner.invoke(
        app, ["users", "add", "审核员甲", "--password-stdin", "--db", db], input="long enough pw\n"
    )
    assert r.exit_code == 0, r.output
    assert "已创建账号 审核员甲（reviewer）" in r.output
    r = runner.invoke(
        app, ["users", "add", "boss", "--role", "admin", "--db", db], input="pw-pw-pw-1\npw-pw-pw-1\n"
    )
    assert r.exit_code == 0, r.output
    r = runner.invoke(
        app, ["users", "add", "审核员甲", "--password-stdin", "--db", db], input="long enough pw\n"
    )
    assert r.exit_code == 2 and "已存在" in r.output
    r = runner.invoke(app, ["users", "add", "c", "--password-stdin", "--db", db], input="short\n")
    assert r.exit_code == 2 and "密码太短" in r.output
    r = runner.invoke(app, ["users", "add", "../x", "--password-stdin", "--db", db], input="long enough pw\n")
    assert r.exit_code == 2 and "用户名" in r.output
    r = runner.invoke(
        app, ["users", "add", "d", "--role", "root", "--password-stdin", "--db", db], input="long enough pw\n"
    )
    assert r.exit_code == 2 and "角色" in r.output
    r = runner.invoke(app, ["users", "list", "--db", db])
    assert r.exit_code == 0
    lines = r.output.strip().splitlines()
    assert [ln.split("\t")[:2] for ln in lines] == [["boss", "管理员"], ["审核员甲", "审核员"]]
    r = runner.invoke(app, ["users", "token", "boss", "--db", db])
    assert r.exit_code == 0
    token = r.output.strip()
    r = runner.invoke(app, ["users", "token", "nobody", "--db", db])
    assert r.exit_code == 2 and "没有用户" in r.output
    with Store(db) as store:
        user = token_user(store, token)
        assert user is not None and user.name == "boss" and user.is_admin
        assert authenticate(store, "审核员甲", "long enough pw") is not None
        assert authenticate(store, "审核员甲", "wrong") is None
        # only hashes are stored
        _, rows = store.query("select password_hash from users")
        assert all(str(h).startswith("$argon2id$") for (h,) in rows)
        _, rows = store.query("select token_hash from api_tokens")
        assert rows and token not in {t for (t,) in rows}


def test_serve_help_and_bad_store(tmp_path: Path) -> None:
    r = runner.invoke(app, ["serve", "--help"])
    assert r.exit_code == 0
    assert "--public-read" in r.output and "--login-read" in r.output and "网页服务" in r.output
    r = runner.invoke(app, ["serve", "--db", str(tmp_path / "missing" / "x.duckdb")])
    assert r.exit_code == 2 and "所在文件夹不存在" in r.output


def test_secret_is_generated_private_and_stable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(SECRET_ENV, raising=False)
    db = str(tmp_path / "s.duckdb")
    first = load_secret(db)
    path = tmp_path / "s.duckdb.secret"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert load_secret(db) == first and len(first) >= 32
    monkeypatch.setenv(SECRET_ENV, "e" * 20)
    assert load_secret(db) == "e" * 20
