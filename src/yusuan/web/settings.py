"""What a running web app is configured with, and where its secret key comes from."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from yusuan.store.url import describe

SECRET_ENV = "YUSUAN_SECRET_KEY"
MB = 1024 * 1024


class SettingsError(ValueError):
    """A setting that cannot be used (Chinese message)."""


@dataclass(frozen=True, slots=True)
class Settings:
    db: str
    secret_key: str
    #: True: anyone may read documents, findings and the corpus; False: reading needs a login too
    public_read: bool = True
    #: bytes per uploaded file (the readers' own limit, 200 MB, applies after this)
    max_file_bytes: int = 50 * MB
    #: files in one upload request
    max_files: int = 20
    #: documents checked at once in the background
    workers: int = 2
    #: check in spawned worker processes (the server's pages stay responsive while documents are
    #: checked, and a crashing check costs one upload); False: in threads of the server process
    check_processes: bool = False
    #: cookies only over HTTPS (set when the app is served behind TLS)
    secure_cookies: bool = False
    #: rendered PDF pages kept in memory
    page_cache: int = 64


def secret_file_for(db: str) -> Path:
    """Where the generated secret of a store is kept: beside a DuckDB file, else in the user's
    configuration folder (a PostgreSQL store has no folder of its own)."""
    shown = describe(db)
    if "://" not in shown:
        p = Path(shown).expanduser().resolve()
        return p.with_name(p.name + ".secret")
    base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config") / "yusuan"
    return base / "web.secret"


def load_secret(db: str, secret_file: str | Path | None = None) -> str:
    """The key that signs cookies and CSRF tokens: $YUSUAN_SECRET_KEY, else the given file, else
    the store's secret file — created with 32 random bytes and mode 0600 when absent."""
    env = os.environ.get(SECRET_ENV)
    if env:
        if len(env) < 16:
            raise SettingsError(f"环境变量 {SECRET_ENV} 太短：至少 16 个字符")
        return env
    path = Path(secret_file) if secret_file else secret_file_for(db)
    if secret_file and not path.is_file():
        raise SettingsError(f"{path}：密钥文件不存在")
    if path.is_file():
        key = path.read_text(encoding="utf-8").strip()
        if len(key) < 16:
            raise SettingsError(f"{path}：密钥太短（至少 16 个字符）")
        return key
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(key + "\n")
    return key
