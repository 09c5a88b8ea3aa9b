"""Who is asking, and may they: session cookies (signed, HttpOnly, SameSite=Lax), API tokens,
CSRF tokens bound to the session (or, before login, to a signed visitor cookie), the security
headers of every response and a cap on request bodies."""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from itsdangerous import BadSignature, URLSafeSerializer
from starlette.requests import Request

from yusuan.store import Store
from yusuan.web import accounts
from yusuan.web.accounts import User

SESSION_COOKIE = "ys_session"
VISITOR_COOKIE = "ys_visitor"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)
HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
    "cross-origin-opener-policy": "same-origin",
}


class Signer:
    def __init__(self, secret: str) -> None:
        self._secret = secret.encode()
        self._session = URLSafeSerializer(secret, salt="yusuan-session")
        self._visitor = URLSafeSerializer(secret, salt="yusuan-visitor")

    def session_cookie(self, sid: str) -> str:
        return self._session.dumps(sid)

    def session_id(self, cookie: str | None) -> str | None:
        return self._load(self._session, cookie)

    def visitor_cookie(self, vid: str) -> str:
        return self._visitor.dumps(vid)

    def visitor_id(self, cookie: str | None) -> str | None:
        return self._load(self._visitor, cookie)

    @staticmethod
    def _load(s: URLSafeSerializer, cookie: str | None) -> str | None:
        if not cookie or len(cookie) > 512:
            return None
        try:
            value = s.loads(cookie)
        except BadSignature:
            return None
        return value if isinstance(value, str) else None

    def csrf(self, bound_to: str) -> str:
        return hmac.new(self._secret, b"csrf\x1f" + bound_to.encode(), hashlib.sha256).hexdigest()


def new_visitor_id() -> str:
    return secrets.token_urlsafe(24)


def bearer(request: Request) -> str | None:
    auth = request.headers.get("authorization", "")
    if auth[:7].lower() == "bearer ":
        return auth[7:].strip()
    return None


def resolve_user(request: Request, store: Store, signer: Signer) -> User | None:
    """The user of a request: an API token (Authorization: Bearer …) or the session cookie."""
    if hasattr(request.state, "user"):
        user: User | None = request.state.user
        return user
    user = None
    token = bearer(request)
    if token is not None:
        user = accounts.token_user(store, token)
        request.state.via_token = user is not None
    else:
        sid = signer.session_id(request.cookies.get(SESSION_COOKIE))
        if sid is not None:
            user = accounts.session_user(store, sid)
            if user is not None:
                request.state.session_id = sid
    request.state.user = user
    return user


def csrf_binding(request: Request, signer: Signer) -> str:
    """What the CSRF token of this request is bound to: the login session, else the visitor cookie
    (set on the response when the request had none)."""
    sid = getattr(request.state, "session_id", None)
    if sid:
        return "s:" + str(sid)
    vid = signer.visitor_id(request.cookies.get(VISITOR_COOKIE))
    if vid is None:
        vid = str(getattr(request.state, "new_visitor", None) or new_visitor_id())
        request.state.new_visitor = vid
    return "v:" + vid


def csrf_token(request: Request, signer: Signer) -> str:
    return signer.csrf(csrf_binding(request, signer))


async def csrf_ok(request: Request, signer: Signer) -> bool:
    """A write is accepted when it carries the token of its session (header or form field). A
    request authenticated by an API token sends no cookie that a third site could ride on, so it
    needs none."""
    if getattr(request.state, "via_token", False):
        return True
    sent = request.headers.get(CSRF_HEADER)
    if not sent:
        ctype = request.headers.get("content-type", "")
        if ctype.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            form = await request.form()
            value = form.get(CSRF_FIELD)
            sent = value if isinstance(value, str) else None
    if not sent:
        return False
    # a token bound to a new visitor id is never valid: the id was just made for this response
    if getattr(request.state, "new_visitor", None) and not getattr(request.state, "session_id", None):
        return False
    return hmac.compare_digest(sent, csrf_token(request, signer))


# -- ASGI middleware -----------------------------------------------------------------------------------

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class BodyTooLarge(Exception):
    pass


class LimitsAndHeaders:
    """Security headers on every response; request bodies cut off past ``max_body`` bytes (counted
    as they arrive, so a chunked upload without Content-Length is bounded too) with a 413."""

    def __init__(self, app: ASGIApp, max_body: int) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        started = False
        head = scope.get("method") == "HEAD"
        if head:  # answered as GET without the body (monitors and link checkers send HEAD)
            scope = {**scope, "method": "GET"}

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = list(message.get("headers") or [])
                present = {k.lower() for k, _ in headers}
                for k, v in HEADERS.items():
                    if k.encode() not in present:
                        headers.append((k.encode(), v.encode()))
                message["headers"] = headers
            elif head and message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        if declared is not None and declared.isdigit() and int(declared) > self.max_body:
            await _too_large(scope, send_with_headers, self.max_body)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    raise BodyTooLarge
            return message

        try:
            await self.app(scope, counted, send_with_headers)
        except BodyTooLarge:
            if not started:
                await _too_large(scope, send_with_headers, self.max_body)


async def _too_large(scope: Scope, send: Send, limit: int) -> None:
    text = f"上传内容太大：一次请求最多 {limit // (1024 * 1024)} MB"
    if str(scope.get("path", "")).startswith("/api/"):
        body = json.dumps({"error": text}, ensure_ascii=False).encode()
        ctype = b"application/json"
    else:
        page = f'<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>上传太大</title><p>{text}</p><p><a href="/upload">返回上传</a></p></html>'
        body = page.encode()
        ctype = b"text/html; charset=utf-8"
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", ctype),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
