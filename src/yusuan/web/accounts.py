"""Accounts of the web app: users with argon2 password hashes, login sessions and API tokens.

Only hashes are stored: a password as argon2id (argon2-cffi's defaults, which carry their own
parameters so they can be raised later), a session id and an API token as SHA-256 (each is 32 random
bytes, so a fast hash loses nothing and a stolen table opens nothing).
"""

from __future__ import annotations

import hashlib
import re
import secrets
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from yusuan.store import Store, schema

ROLES = ("reviewer", "admin")
ROLE_NAMES = {"reviewer": "审核员", "admin": "管理员"}
SESSION_DAYS = 7
MIN_PASSWORD = 8
_NAME = re.compile(r"^[\w.\-@\u4e00-\u9fff]{1,64}$")

_hasher = PasswordHasher()
# a hash to verify against when the user does not exist, so that a wrong name costs as much time
# as a wrong password (no timing oracle for which names exist)
_DUMMY = _hasher.hash("no such user: " + secrets.token_hex(8))


class AccountError(ValueError):
    """A refused account operation (Chinese message)."""


@dataclass(frozen=True, slots=True)
class User:
    name: str
    role: str

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def check_name(name: str) -> str:
    name = name.strip()
    if not _NAME.match(name):
        raise AccountError(f"用户名“{name[:40]}”无效：1–64 个字符，只能包含汉字、字母、数字和 . - _ @")
    return name


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"密码太短：至少 {MIN_PASSWORD} 个字符")
    if len(password) > 1024:
        raise AccountError("密码太长：最多 1024 个字符")


def add_user(store: Store, name: str, password: str, role: str = "reviewer") -> User:
    name = check_name(name)
    if role not in ROLES:
        raise AccountError(f"角色“{role}”无效（可用：{'、'.join(ROLES)}）")
    check_password(password)
    u = schema.users
    with store.engine.begin() as conn:
        if conn.execute(sa.select(u.c.name).where(u.c.name == name)).first() is not None:
            raise AccountError(f"用户“{name}”已存在")
        conn.execute(
            u.insert().values(
                name=name, password_hash=_hasher.hash(password), role=role, created_at=_now(), disabled=False
            )
        )
    return User(name, role)


def list_users(store: Store) -> list[dict[str, object]]:
    u = schema.users
    with store.engine.connect() as conn:
        rows = conn.execute(sa.select(u.c.name, u.c.role, u.c.created_at, u.c.disabled).order_by(u.c.name))
        return [dict(r._mapping) for r in rows]


def get_user(store: Store, name: str) -> User | None:
    u = schema.users
    with store.engine.connect() as conn:
        r = conn.execute(sa.select(u.c.name, u.c.role, u.c.disabled).where(u.c.name == name)).first()
    if r is None or r.disabled:
        return None
    return User(str(r.name), str(r.role))


def authenticate(store: Store, name: str, password: str) -> User | None:
    """The user when the password is right (and the account enabled), else None."""
    u = schema.users
    with store.engine.connect() as conn:
        r = conn.execute(sa.select(u).where(u.c.name == name.strip())).first()
    stored = str(r.password_hash) if r is not None else _DUMMY
    try:
        _hasher.verify(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return None
    if r is None or r.disabled:
        return None
    if _hasher.check_needs_rehash(stored):
        with store.engine.begin() as conn:
            conn.execute(u.update().where(u.c.name == r.name).values(password_hash=_hasher.hash(password)))
    return User(str(r.name), str(r.role))


# -- sessions ------------------------------------------------------------------------------------------


def new_session(store: Store, user: User) -> str:
    """A new login session; the id goes into the (signed, HttpOnly) cookie, its hash into the store."""
    sid = secrets.token_urlsafe(32)
    s = schema.sessions
    now = _now()
    with store.engine.begin() as conn:
        conn.execute(s.delete().where(s.c.expires_at < now))
        conn.execute(
            s.insert().values(
                id_hash=digest(sid),
                user_name=user.name,
                created_at=now,
                expires_at=now + timedelta(days=SESSION_DAYS),
            )
        )
    return sid


def session_user(store: Store, sid: str) -> User | None:
    s = schema.sessions
    with store.engine.connect() as conn:
        r = conn.execute(sa.select(s).where(s.c.id_hash == digest(sid))).first()
    if r is None or r.expires_at < _now():
        return None
    return get_user(store, str(r.user_name))


def end_session(store: Store, sid: str) -> None:
    with store.engine.begin() as conn:
        conn.execute(schema.sessions.delete().where(schema.sessions.c.id_hash == digest(sid)))


# -- API tokens ----------------------------------------------------------------------------------------

TOKEN_PREFIX = "ys_"


def new_token(store: Store, name: str, label: str | None = None) -> str:
    """A new API token for a user (shown once: only its hash is kept)."""
    if get_user(store, name) is None:
        raise AccountError(f"没有用户“{name}”（或已停用）")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with store.engine.begin() as conn:
        conn.execute(
            schema.api_tokens.insert().values(
                token_hash=digest(token), user_name=name, label=label, created_at=_now()
            )
        )
    return token


def token_user(store: Store, token: str) -> User | None:
    t = schema.api_tokens
    if not token.startswith(TOKEN_PREFIX) or len(token) > 200:
        return None
    with store.engine.connect() as conn:
        r = conn.execute(sa.select(t.c.user_name).where(t.c.token_hash == digest(token))).first()
    return get_user(store, str(r.user_name)) if r is not None else None


class LoginThrottle:
    """Failed logins remembered per key (an account name, a client address): after ``attempts``
    failures within ``window`` seconds, further tries are refused until the window has passed (a
    password guesser gets a handful of tries per five minutes, not thousands)."""

    def __init__(self, attempts: int = 5, window: float = 300.0) -> None:
        self.attempts, self.window = attempts, window
        self._failures: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> list[float]:
        kept = [t for t in self._failures.get(key, []) if now - t < self.window]
        if kept:
            self._failures[key] = kept
        else:
            self._failures.pop(key, None)
        return kept

    def blocked(self, key: str) -> bool:
        with self._lock:
            return len(self._recent(key, time.monotonic())) >= self.attempts

    def failed(self, key: str) -> None:
        with self._lock:
            if len(self._failures) > 100_000:  # bounded memory whatever is sent
                self._failures.clear()
            self._failures.setdefault(key, []).append(time.monotonic())

    def succeeded(self, key: str) -> None:
        with self._lock:
            self._failures.pop(key, None)
