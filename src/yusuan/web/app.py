"""The reviewers' web app (``yusuan serve``): upload and check, the document view with each finding
on its page, marks, the corpus with charts, report exports and a JSON API.

Pages are rendered on the server (Jinja2, autoescaped); the little JavaScript there is (drag and
drop, polling the checks) is a static file, so the Content-Security-Policy allows no inline script.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from decimal import Decimal
from importlib.resources import files
from typing import Any
from urllib.parse import quote, urlencode

import jinja2
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException

from yusuan import __version__
from yusuan.store import Store, describe
from yusuan.web import accounts, charts, queries, seams
from yusuan.web.accounts import User
from yusuan.web.jobs import STATE_NAMES, Checker, Upload
from yusuan.web.pages import SCALE, WORKBOOKS, PageCache, PageError, QuoteFinder, TextCache, place_key
from yusuan.web.security import (
    SESSION_COOKIE,
    VISITOR_COOKIE,
    LimitsAndHeaders,
    Signer,
    csrf_ok,
    csrf_token,
    resolve_user,
)
from yusuan.web.settings import Settings
from yusuan.web.sniff import NotSupported, display_name, sniff

_HERE = files("yusuan.web")
ERROR_TITLES = {
    400: "请求有误",
    401: "需要登录",
    403: "没有权限",
    404: "找不到页面",
    405: "不支持的操作",
    413: "上传内容太大",
    422: "请求内容有误",
    500: "服务器内部错误",
}
FORMAT_LABELS = {
    "pdf": "PDF",
    "docx": "Word",
    "xlsx": "Excel",
    "xls": "Excel",
    "html": "HTML",
    "text": "文本",
}


class Refused(Exception):
    """A request refused with a Chinese message (rendered as a page or as API JSON)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _wants_json(request: Request) -> bool:
    return _is_api(request) or "application/json" in request.headers.get("accept", "")


def _safe_next(target: str | None) -> str:
    """A redirect target inside this site only (no //host, no scheme)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _json_value(v: Any) -> Any:
    if isinstance(v, Decimal):
        return str(v)
    if hasattr(v, "isoformat"):
        return v.isoformat()
    return v


def document_json(d: dict[str, Any]) -> dict[str, Any]:
    """A stored document in the words of ``yusuan check -f json`` (path, profile, document, …)
    plus what the store adds (id, version, counts)."""
    return {
        "id": d["id"],
        "path": d["path"],
        "file_name": d["file_name"],
        "format": d["format"],
        "pages": d["pages"],
        "size": d["size"],
        "profile": d["profile"],
        "profile_reason": d["profile_reason"],
        "document": d["kind"],
        "document_reason": d["kind_reason"],
        "phase": d["phase"],
        "title": d["title"],
        "department": d["department"],
        "department_key": d["department_key"],
        "year": d["year"],
        "unit": d["unit"],
        "version": d["version"],
        "is_latest": d["is_latest"],
        "summary": {"errors": d["errors"], "warnings": d["warnings"], "infos": d["infos"]},
        "stored_at": _json_value(d["stored_at"]),
    }


def finding_json(f: dict[str, Any]) -> dict[str, Any]:
    """A finding as ``check -f json`` prints it, with its index and the reviewer's mark."""
    try:
        locations = json.loads(f.get("locations") or "[]")
    except ValueError:
        locations = []
    return {
        "index": f["finding_index"],
        "rule": f["rule"],
        "name": f["name"],
        "severity": f["severity"],
        "dimension": f["dimension"],
        "section": f["section"],
        "message": f["message"],
        "locations": locations,
        "expected": f["expected"],
        "actual": f["actual"],
        "suggestion": f["suggestion"],
        "fingerprint": f["fingerprint"],
        "review": {
            "status": f.get("status", queries.UNREVIEWED),
            "note": f.get("note"),
            "reviewer": f.get("reviewer"),
            "updated_at": _json_value(f.get("reviewed_at")),
        },
    }


class App:
    """The state of one running app: the store, the checker, caches, the signer."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.store = Store(settings.db)
        self.write_lock = threading.Lock()
        self.signer = Signer(settings.secret_key)
        self.checker = Checker(
            self.store,
            self.write_lock,
            settings.workers,
            seams.after_store(),
            processes=settings.check_processes,
        )
        self.pages = PageCache(settings.page_cache)
        self.texts = TextCache()
        self.quotes = QuoteFinder()
        self.name_throttle = accounts.LoginThrottle(attempts=5)
        self.addr_throttle = accounts.LoginThrottle(attempts=20)
        self._content: OrderedDict[str, bytes] = OrderedDict()
        self._content_lock = threading.Lock()
        env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(_HERE / "templates")),
            autoescape=True,  # every template, whatever its name: document text is never trusted
            undefined=jinja2.StrictUndefined,
        )
        env.globals.update(
            severity_names=queries.SEVERITY_NAMES,
            statuses=queries.STATUSES,
            state_names=STATE_NAMES,
            format_labels=FORMAT_LABELS,
            role_names=accounts.ROLE_NAMES,
            region_of=queries.region_of,
            money=charts.money,
            version=__version__,
            report_formats=seams.REPORT_FORMATS,
            rule_title=lambda code: seams.rule_titles().get(code, ""),
        )
        self.templates = Jinja2Templates(env=env)

    def content(self, document_id: str) -> bytes | None:
        with self._content_lock:
            if document_id in self._content:
                self._content.move_to_end(document_id)
                return self._content[document_id]
        data = self.store.content(document_id)
        if data is not None and len(data) < 64 * 1024 * 1024:
            with self._content_lock:
                self._content[document_id] = data
                while len(self._content) > 8:
                    self._content.popitem(last=False)
        return data

    # -- requests --------------------------------------------------------------------------------------

    def user(self, request: Request) -> User | None:
        return resolve_user(request, self.store, self.signer)

    def can_read(self, request: Request) -> None:
        if not self.settings.public_read and self.user(request) is None:
            raise Refused(401, "请先登录后再查看")

    def writer(self, request: Request) -> User:
        user = self.user(request)
        if user is None:
            raise Refused(401, "请先登录：上传、标记和删除需要账号")
        return user

    def admin(self, request: Request) -> User:
        user = self.writer(request)
        if not user.is_admin:
            raise Refused(403, "只有管理员可以删除文档")
        return user

    async def check_csrf(self, request: Request) -> None:
        self.user(request)  # the token is bound to the session when there is one
        if not await csrf_ok(request, self.signer):
            raise Refused(403, "请求缺少有效的安全令牌（CSRF），已拒绝。请刷新页面后重试")

    def render(self, request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        user = self.user(request)
        context.update(
            request=request,
            user=user,
            csrf=csrf_token(request, self.signer),
            public_read=self.settings.public_read,
            store_name=describe(self.settings.db),
        )
        response = self.templates.TemplateResponse(request, template, context, status_code=status)
        self.set_visitor(request, response)
        return response

    def set_visitor(self, request: Request, response: Response) -> None:
        vid = getattr(request.state, "new_visitor", None)
        if vid:
            response.set_cookie(
                VISITOR_COOKIE,
                self.signer.visitor_cookie(vid),
                httponly=True,
                samesite="lax",
                secure=self.settings.secure_cookies,
            )

    def error(self, request: Request, status: int, message: str) -> Response:
        if _wants_json(request):
            return JSONResponse({"error": message}, status_code=status)
        if status == 401 and request.method == "GET":
            return RedirectResponse("/login?next=" + quote(request.url.path), status_code=303)
        try:
            return self.render(
                request,
                "error.html",
                status=status,
                title=ERROR_TITLES.get(status, "出错了"),
                message=message,
            )
        except Exception:  # the error page itself failed: plain text, still Chinese, no traceback
            return HTMLResponse(f"<p>{ERROR_TITLES.get(status, '出错了')}</p>", status_code=status)


def create_app(settings: Settings) -> FastAPI:
    state = App(settings)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        state.checker.shutdown()
        state.store.close()

    app = FastAPI(
        lifespan=lifespan,
        title="yusuan 预决算公开检查",
        version=__version__,
        description="预决算公开检查的网页与 JSON 接口。写操作需要登录（会话 + CSRF 令牌）或 API 令牌（Authorization: Bearer …）。",
        docs_url=None,
        redoc_url=None,
    )
    app.state.yusuan = state
    app.mount("/static", StaticFiles(directory=str(_HERE / "static")), name="static")
    max_body = settings.max_file_bytes * settings.max_files + 1024 * 1024
    app.add_middleware(LimitsAndHeaders, max_body=max_body)

    # -- errors --------------------------------------------------------------------------------------

    @app.exception_handler(Refused)
    async def _refused(request: Request, exc: Refused) -> Response:
        return state.error(request, exc.status, exc.message)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        detail = exc.detail if isinstance(exc.detail, str) and not exc.detail.isascii() else None
        return state.error(request, exc.status_code, detail or ERROR_TITLES.get(exc.status_code, "请求有误"))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        return state.error(request, 422, "请求参数有误，请检查后重试")

    @app.exception_handler(Exception)
    async def _internal(request: Request, exc: Exception) -> Response:
        return state.error(request, 500, "服务器内部错误，请稍后重试或联系管理员")

    # -- login ---------------------------------------------------------------------------------------

    @app.get("/login", response_class=HTMLResponse)
    def login_page(request: Request, next: str = "/") -> Response:
        return state.render(request, "login.html", next=_safe_next(next), failed=False)

    @app.post("/login")
    async def login(request: Request) -> Response:
        await state.check_csrf(request)
        form = await request.form()
        name, password = str(form.get("name") or ""), str(form.get("password") or "")
        target = _safe_next(str(form.get("next") or "/"))
        # five tries per account name, twenty per client address (an office behind one address is
        # not locked out by one person's typos), in five minutes
        who, where = name.strip()[:64], request.client.host if request.client else "?"
        if state.name_throttle.blocked(who) or state.addr_throttle.blocked(where):
            return state.render(request, "login.html", status=429, next=target, failed=False, throttled=True)
        user = accounts.authenticate(state.store, name, password) if name and password else None
        if user is None:
            state.name_throttle.failed(who)
            state.addr_throttle.failed(where)
            return state.render(request, "login.html", status=401, next=target, failed=True)
        state.name_throttle.succeeded(who)
        with state.write_lock:
            sid = accounts.new_session(state.store, user)
        response = RedirectResponse(target, status_code=303)
        response.set_cookie(
            SESSION_COOKIE,
            state.signer.session_cookie(sid),
            max_age=accounts.SESSION_DAYS * 86400,
            httponly=True,
            samesite="lax",
            secure=settings.secure_cookies,
        )
        return response

    @app.post("/logout")
    async def logout(request: Request) -> Response:
        state.user(request)
        await state.check_csrf(request)
        sid = getattr(request.state, "session_id", None)
        if sid:
            with state.write_lock:
                accounts.end_session(state.store, sid)
        response = RedirectResponse("/", status_code=303)
        response.delete_cookie(SESSION_COOKIE)
        return response

    # -- documents -----------------------------------------------------------------------------------

    def _filters(request: Request) -> queries.Filters:
        p = request.query_params
        return queries.Filters(
            region=p.get("region", "")[:40],
            level=p.get("level", "")[:10],
            phase=p.get("phase", "")[:10],
            year=_int(p.get("year")),
            severity=p.get("severity", "")[:10],
            rule=p.get("rule", "")[:20],
            q=p.get("q", "")[:100],
            latest=p.get("all") != "1",
        )

    @app.get("/", response_class=HTMLResponse)
    def index(request: Request) -> Response:
        state.can_read(request)
        f = _filters(request)
        docs = queries.documents(state.store, f)
        return state.render(
            request,
            "index.html",
            docs=docs,
            filters=f,
            facets=queries.facets(state.store),
            totals=queries.counts(state.store),
            export_query=urlencode([("id", d["id"]) for d in docs]) if f.active() else "",
        )

    def _document(document_id: str) -> dict[str, Any]:
        doc = queries.document(state.store, document_id)
        if doc is None:
            raise Refused(404, "没有这个文档（可能已被删除）")
        return doc

    @app.get("/documents/{document_id}", response_class=HTMLResponse)
    def document_page(request: Request, document_id: str) -> Response:
        state.can_read(request)
        doc = _document(document_id)
        everything = queries.findings(state.store, doc)
        p = request.query_params
        sev, sec, st, rule = (
            p.get("severity", ""),
            p.get("section", ""),
            p.get("status", ""),
            p.get("rule", ""),
        )
        shown = [
            f
            for f in everything
            if (not sev or f["severity"] == sev)
            and (not sec or (f["section"] or "其他") == sec)
            and (not st or f["status"] == st)
            and (not rule or f["rule"] == rule)
        ]
        groups: list[tuple[str, list[tuple[str, list[dict[str, Any]]]]]] = []
        for severity in queries.SEVERITIES:
            in_sev = [f for f in shown if f["severity"] == severity]
            if not in_sev:
                continue
            by_section: OrderedDict[str, list[dict[str, Any]]] = OrderedDict()
            for f in in_sev:
                by_section.setdefault(f["section"] or "其他", []).append(f)
            groups.append((severity, list(by_section.items())))
        selected = None
        index = _int(p.get("f"))
        if index is not None:
            selected = next((f for f in everything if f["finding_index"] == index), None)
        view = _place_view(doc, selected) if selected is not None else None
        return state.render(
            request,
            "document.html",
            doc=doc,
            groups=groups,
            total=len(everything),
            shown=len(shown),
            sections=sorted({f["section"] or "其他" for f in everything}),
            rules=sorted({(f["rule"], f["name"]) for f in everything}),
            selected=selected,
            view=view,
            filt={"severity": sev, "section": sec, "status": st, "rule": rule},
            filter_query=urlencode(
                {k: v for k, v in (("severity", sev), ("section", sec), ("status", st), ("rule", rule)) if v}
            ),
            versions=queries.versions(state.store, doc),
            cross=seams.cross_findings(state.store, [doc["id"]]),
            subject=queries.review_subject(doc),
        )

    def _place_view(doc: dict[str, Any], f: dict[str, Any]) -> dict[str, Any]:
        """What to show beside a finding: its PDF page with the box, or the text with the line."""
        try:
            places = json.loads(f.get("locations") or "[]")
        except ValueError:
            places = []
        if doc["format"] == "pdf":
            page = f.get("page")
            if page is not None and not 1 <= page <= int(doc["pages"] or 0):
                return {
                    "kind": "none",
                    "reason": f"问题所在的第 {page} 页不在文件中（共 {doc['pages'] or 0} 页）",
                }
            if page is None:
                return {
                    "kind": "none",
                    "reason": "这条问题没有对应的页码（例如缺少某张表），无法在页面上标出位置",
                }
            content = state.content(doc["id"])
            if content is None:
                return {"kind": "none", "reason": "原文件不在库中，无法显示页面"}
            try:
                width, height = state.pages.size_of(doc["id"], page, content)
            except PageError as exc:
                return {"kind": "none", "reason": f"无法显示第 {page} 页：{exc}"}

            def fits(b: tuple[float, float, float, float]) -> bool:
                return b[2] > b[0] and b[3] > b[1] and b[2] <= width + 1 and b[3] <= height + 1

            def rect(b: tuple[float, float, float, float]) -> dict[str, float]:
                return {"x": b[0], "y": b[1], "w": b[2] - b[0], "h": b[3] - b[1]}

            first = places[0] if places and isinstance(places[0], dict) else {}
            boxes: list[dict[str, float]] = []
            method = None
            if None not in (f.get("x0"), f.get("top"), f.get("x1"), f.get("bottom")):
                b = (float(f["x0"]), float(f["top"]), float(f["x1"]), float(f["bottom"]))
                if fits(b):
                    boxes, method = [rect(b)], "cell"
            if not boxes and first.get("text"):
                found = state.quotes.find(doc["id"], page, content, str(first["text"]))
                if found and all(fits(b) for b in found):
                    boxes, method = [rect(b) for b in found], "quote"
            others: list[dict[str, float]] = []
            for pl in places[1:]:
                if not isinstance(pl, dict) or pl.get("page") != page:
                    continue
                bb = pl.get("bbox")
                if isinstance(bb, list) and len(bb) == 4:
                    b = (float(bb[0]), float(bb[1]), float(bb[2]), float(bb[3]))
                    if fits(b):
                        others.append(rect(b))
                        continue
                if pl.get("text"):
                    found = state.quotes.find(doc["id"], page, content, str(pl["text"]))
                    if found and all(fits(b) for b in found):
                        others.extend(rect(b) for b in found)
            return {
                "kind": "pdf",
                "page": page,
                "width": width,
                "height": height,
                "px_width": round(width * SCALE),
                "px_height": round(height * SCALE),
                "boxes": boxes,
                "method": method,
                "others": others,
            }
        line = f.get("line")
        content = state.content(doc["id"])
        if content is None:
            return {"kind": "none", "reason": "原文件不在库中，无法显示原文"}
        try:
            lines = state.texts.get(doc["id"], doc["format"], content)
        except (PageError, ValueError) as exc:
            return {"kind": "none", "reason": f"无法显示原文：{exc}"}
        fmt = str(doc["format"])
        key = place_key(fmt, f.get("page"), line)
        wanted = {
            place_key(fmt, pl.get("page"), pl.get("line"))
            for pl in places[1:]
            if isinstance(pl, dict) and pl.get("line")
        }
        keys = {ln.key for ln in lines}
        where = f"第 {line} 行" if fmt not in WORKBOOKS else f"第 {f.get('page')} 个工作表第 {line} 行"
        if key is None or key not in keys:
            reason = (
                "这条问题没有对应的行号（例如缺少某张表），无法在原文中标出位置"
                if key is None
                else f"原文中找不到{where}，无法标出位置"
            )
            return {
                "kind": "text",
                "lines": lines[:400],
                "key": None,
                "others": set(),
                "reason": reason,
                "where": "",
            }
        return {
            "kind": "text",
            "lines": lines,
            "key": key,
            "others": wanted & keys,
            "reason": None,
            "where": where,
        }

    @app.get("/documents/{document_id}/pages/{page}.png")
    def page_image(request: Request, document_id: str, page: int) -> Response:
        state.can_read(request)
        doc = _document(document_id)
        if doc["format"] != "pdf":
            raise Refused(404, "这个文档不是 PDF，没有页面图像")
        if not 1 <= page <= int(doc["pages"] or 0):
            raise Refused(404, f"没有第 {page} 页（共 {doc['pages'] or 0} 页）")
        content = state.content(document_id)
        if content is None:
            raise Refused(404, "原文件不在库中")
        try:
            rendered = state.pages.get(document_id, page, content)
        except PageError as exc:
            raise Refused(404, str(exc)) from exc
        return Response(
            rendered.png, media_type="image/png", headers={"cache-control": "private, max-age=3600"}
        )

    @app.get("/documents/{document_id}/file")
    def original_file(request: Request, document_id: str) -> Response:
        state.can_read(request)
        doc = _document(document_id)
        content = state.content(document_id)
        if content is None:
            raise Refused(404, "原文件不在库中")
        return Response(
            content,
            media_type="application/octet-stream",
            headers={"content-disposition": "attachment; filename*=UTF-8''" + quote(doc["file_name"])},
        )

    @app.post("/documents/{document_id}/findings/{index}/mark")
    async def mark(request: Request, document_id: str, index: int) -> Response:
        user = state.writer(request)
        await state.check_csrf(request)
        doc = _document(document_id)
        form = await request.form()
        status, note = str(form.get("status") or ""), str(form.get("note") or "").strip()
        f = _mark(doc, index, status, note, user)
        query = str(form.get("back") or "")
        target = (
            f"/documents/{document_id}?"
            + (query + "&" if query and "#" not in query else "")
            + f"f={index}#detail"
        )
        if _wants_json(request):
            return JSONResponse(finding_json(f))
        return RedirectResponse(_safe_next(target), status_code=303)

    def _mark(doc: dict[str, Any], index: int, status: str, note: str, user: User) -> dict[str, Any]:
        if status not in queries.STATUSES:
            raise Refused(400, f"状态“{status[:20]}”无效（可用：{'、'.join(queries.STATUSES)}）")
        if len(note) > 2000:
            raise Refused(400, "备注太长：最多 2000 个字符")
        f = queries.finding(state.store, doc, index)
        if f is None:
            raise Refused(404, f"这个文档没有第 {index} 条问题")
        with state.write_lock:
            queries.set_review(
                state.store, queries.review_subject(doc), f["fingerprint"], status, note, user.name
            )
        f.update(status=status, note=note or None, reviewer=user.name)
        return f

    @app.post("/documents/{document_id}/delete")
    async def delete(request: Request, document_id: str) -> Response:
        state.admin(request)
        await state.check_csrf(request)
        _document(document_id)
        with state.write_lock:
            queries.delete_document(state.store, document_id)
        return RedirectResponse("/", status_code=303)

    # -- upload --------------------------------------------------------------------------------------

    @app.get("/upload", response_class=HTMLResponse)
    def upload_page(request: Request, jobs: str = "") -> Response:
        if state.user(request) is None:
            raise Refused(401, "请先登录：上传需要账号")
        ids = [j for j in jobs.split(",") if j][:100]
        found = [j.to_dict() for j in state.checker.get(ids)]
        return state.render(
            request,
            "upload.html",
            jobs=found,
            refresh=any(not j["finished"] for j in found),
            max_mb=settings.max_file_bytes // (1024 * 1024),
            max_files=settings.max_files,
            formats="PDF、Word（.docx）、Excel（.xlsx、.xls）、HTML、文本（.txt、.md）",
        )

    async def _accept(request: Request) -> list[dict[str, Any]]:
        user = state.writer(request)
        await state.check_csrf(request)
        form = await request.form(max_files=settings.max_files + 1, max_fields=50)
        uploads = [v for v in form.getlist("files") if isinstance(v, UploadFile)]
        if not uploads:
            raise Refused(400, "没有收到文件：请选择或拖入要检查的文件")
        if len(uploads) > settings.max_files:
            raise Refused(413, f"一次最多上传 {settings.max_files} 个文件（收到 {len(uploads)} 个）")
        out = []
        for up in uploads:
            name = display_name(up.filename)
            stored = Upload()
            try:
                while chunk := await up.read(1 << 20):
                    stored.write(chunk, settings.max_file_bytes)
                    if stored.too_large:
                        break
                stored.close()
                if stored.too_large:
                    mb = settings.max_file_bytes // (1024 * 1024)
                    job = state.checker.refused(
                        name, stored.size, user.name, f"{name}：文件太大（上限 {mb} MB），未检查"
                    )
                    stored.discard()
                else:
                    kind = sniff(stored.head, name, stored.path)
                    job = state.checker.submit(stored, name, kind.suffix, user.name)
            except NotSupported as exc:
                job = state.checker.refused(name, stored.size, user.name, str(exc))
                stored.discard()
            except BaseException:
                stored.discard()
                raise
            finally:
                await up.close()
            out.append(job.to_dict())
        return out

    @app.post("/upload")
    async def upload(request: Request) -> Response:
        jobs = await _accept(request)
        if _wants_json(request):
            return JSONResponse({"jobs": jobs}, status_code=202)
        return RedirectResponse("/upload?jobs=" + ",".join(j["id"] for j in jobs), status_code=303)

    @app.get("/jobs")
    def job_states(request: Request, ids: str = "") -> Response:
        if state.user(request) is None:
            raise Refused(401, "请先登录")
        found = state.checker.get([i for i in ids.split(",") if i][:100])
        return JSONResponse({"jobs": [j.to_dict() for j in found]})

    # -- corpus --------------------------------------------------------------------------------------

    @app.get("/corpus", response_class=HTMLResponse)
    def corpus(request: Request) -> Response:
        state.can_read(request)
        f = _filters(request)
        rows = queries.departments(state.store, f)
        years = sorted({y for r in rows for y in r["years"] if y is not None})
        facets = queries.facets(state.store)
        region = f.region or (facets["regions"][0] if facets["regions"] else "")
        chart_year = f.year or (max(facets["years"]) if facets["years"] else None)
        overview = queries.region_overview(state.store, region, chart_year) if region else {}
        totals: dict[str, Decimal] = {}
        for s in overview.values():
            for classes in s.by_class.values():
                for name, v in classes.items():
                    totals[name] = totals.get(name, Decimal(0)) + v
        title = f"{region} {chart_year or ''} 年"
        class_chart = charts.bar_chart(f"{title}各部门一般公共预算支出按功能分类（类）合计", totals)
        sangong_chart = charts.bar_chart(
            f"{title}各部门“三公”经费", {n: v for n, s in overview.items() for v in s.sangong.values()}
        )
        running_chart = charts.bar_chart(
            f"{title}各部门机关运行经费",
            {n: v for n, s in overview.items() for v in s.admin_running.values()},
        )
        # the five largest by 基本支出: more columns than that do not leave room for their names
        top = sorted(overview, key=lambda n: -sum(overview[n].basic.values(), Decimal(0)))[:5]
        short = charts.short_names(top)
        basic_chart = charts.stacked_bars(
            f"{title}各部门基本支出与项目支出",
            [short[n] for n in top],
            {
                "基本支出": {short[n]: v for n in top for v in overview[n].basic.values()},
                "项目支出": {short[n]: v for n in top for v in overview[n].project.values()},
            },
        )
        return state.render(
            request,
            "corpus.html",
            rows=rows,
            years=years,
            filters=f,
            facets=facets,
            chart_region=region,
            chart_year=chart_year,
            departments_in_chart=len(overview),
            export_query=urlencode([("id", d["id"]) for r in rows for ds in r["years"].values() for d in ds])
            if f.active()
            else "",
            class_chart=class_chart,
            sangong_chart=sangong_chart,
            running_chart=running_chart,
            basic_chart=basic_chart,
        )

    @app.get("/departments/{key}", response_class=HTMLResponse)
    def department(request: Request, key: str) -> Response:
        state.can_read(request)
        docs = queries.department_documents(state.store, key)
        if not docs:
            raise Refused(404, "没有这个部门")
        budget = queries.series(state.store, docs, "budget")
        final = queries.series(state.store, docs, "final")
        s = budget if budget.years else final
        years = s.years
        latest_year = max(s.by_class) if s.by_class else None
        checks = seams.cross_checks(state.store, [d["id"] for d in docs if d["is_latest"]])
        return state.render(
            request,
            "department.html",
            key=key,
            name=docs[-1].get("department") or docs[-1]["file_name"],
            docs=docs,
            series=s,
            phase_name="预算" if s is budget else "决算",
            sangong_chart=charts.line_chart(
                "“三公”经费和机关运行经费", years, {"“三公”经费": s.sangong, "机关运行经费": s.admin_running}
            ),
            basic_chart=charts.stacked_bars(
                "基本支出与项目支出",
                [str(y) for y in years],
                {
                    "基本支出": {str(k): v for k, v in s.basic.items()},
                    "项目支出": {str(k): v for k, v in s.project.items()},
                },
            ),
            class_chart=charts.bar_chart(
                f"{latest_year} 年一般公共预算支出按功能分类（类）",
                s.by_class.get(latest_year, {}) if latest_year else {},
            ),
            cross=seams.cross_findings(state.store, [d["id"] for d in docs]),
            checks=checks,
            verdicts={v: sum(1 for c in checks if c["verdict"] == v) for v in ("一致", "不一致", "未能核对")},
            years_by_id={d["id"]: d["year"] for d in docs},
            export_query=urlencode([("id", d["id"]) for d in docs if d["is_latest"]]),
        )

    # -- exports -------------------------------------------------------------------------------------

    @app.get("/export/report.{fmt}")
    def export_report(request: Request, fmt: str) -> Response:
        state.can_read(request)
        ids = [i for i in request.query_params.getlist("id") if i][:500]
        for i in ids:
            _document(i)
        if fmt not in seams.REPORT_FORMATS:
            raise Refused(404, f"不支持的报告格式“{fmt[:10]}”")
        try:
            from yusuan.web.pages import PDFIUM_LOCK

            with PDFIUM_LOCK:  # the HTML report renders PDF regions with PDFium too
                data = seams.report_bytes(state.store, ids, fmt, latest=not ids)
        except seams.ExportError as exc:
            raise Refused(400, str(exc)) from exc
        media, _ = seams.REPORT_FORMATS[fmt]
        name = f"预决算公开检查报告.{fmt}"
        headers = {"content-disposition": "attachment; filename*=UTF-8''" + quote(name)}
        if fmt == "html":
            headers["content-security-policy"] = (
                "default-src 'none'; img-src data:; style-src 'unsafe-inline'"
            )
        return Response(data, media_type=media, headers=headers)

    # -- API -----------------------------------------------------------------------------------------

    @app.get(
        "/api/documents", tags=["文档"], summary="文档列表（可按地区、层级、年度、级别、规则、关键词筛选）"
    )
    def api_documents(request: Request) -> Response:
        state.can_read(request)
        docs = queries.documents(state.store, _filters(request))
        return JSONResponse({"documents": [document_json(d) for d in docs], "count": len(docs)})

    @app.get("/api/documents/{document_id}", tags=["文档"], summary="一个文档：识别结果、计数和所有问题")
    def api_document(request: Request, document_id: str) -> Response:
        state.can_read(request)
        doc = _document(document_id)
        out = document_json(doc)
        out["findings"] = [finding_json(f) for f in queries.findings(state.store, doc)]
        return JSONResponse(out)

    @app.get("/api/documents/{document_id}/findings", tags=["文档"], summary="一个文档的问题（含审核标记）")
    def api_findings(request: Request, document_id: str) -> Response:
        state.can_read(request)
        doc = _document(document_id)
        return JSONResponse(
            {"document": doc["id"], "findings": [finding_json(f) for f in queries.findings(state.store, doc)]}
        )

    @app.get("/api/documents/{document_id}/tables", tags=["文档"], summary="一个文档识别出的表格和每个单元格")
    def api_tables(request: Request, document_id: str) -> Response:
        from yusuan.store import schema

        state.can_read(request)
        doc = _document(document_id)
        cells = state.store.rows(schema.cells, doc["id"])
        tables = []
        for t in state.store.rows(schema.doc_tables, doc["id"]):
            mine = [c for c in cells if c["table_index"] == t["table_index"]]
            tables.append(
                {
                    **{k: _json_value(v) for k, v in t.items() if k != "document_id"},
                    "cells": [
                        {k: _json_value(v) for k, v in c.items() if k not in ("document_id", "table_index")}
                        for c in mine
                    ],
                }
            )
        return JSONResponse({"document": doc["id"], "tables": tables})

    @app.get("/api/documents/{document_id}/claims", tags=["文档"], summary="一个文档文字说明中的数字陈述")
    def api_claims(request: Request, document_id: str) -> Response:
        from yusuan.store import schema

        state.can_read(request)
        doc = _document(document_id)
        claims = [
            {k: _json_value(v) for k, v in c.items() if k != "document_id"}
            for c in state.store.rows(schema.claims, doc["id"])
        ]
        return JSONResponse({"document": doc["id"], "claims": claims})

    @app.post(
        "/api/documents/{document_id}/findings/{index}/review",
        tags=["审核"],
        summary="标记一条问题：待核实 / 已确认 / 误报",
    )
    async def api_review(request: Request, document_id: str, index: int) -> Response:
        user = state.writer(request)
        await state.check_csrf(request)
        doc = _document(document_id)
        try:
            body = await request.json()
        except ValueError as exc:
            raise Refused(400, '请求体应为 JSON：{"status": "已确认", "note": "…"}') from exc
        if not isinstance(body, dict):
            raise Refused(400, "请求体应为 JSON 对象")
        f = _mark(doc, index, str(body.get("status") or ""), str(body.get("note") or "").strip(), user)
        return JSONResponse(finding_json(f))

    @app.delete("/api/documents/{document_id}", tags=["文档"], summary="删除一个文档（需要管理员账号）")
    async def api_delete(request: Request, document_id: str) -> Response:
        state.admin(request)
        await state.check_csrf(request)
        _document(document_id)
        with state.write_lock:
            queries.delete_document(state.store, document_id)
        return JSONResponse({"deleted": document_id})

    @app.post("/api/uploads", tags=["上传"], summary="上传文件检查（multipart，字段名 files，可多个）")
    async def api_upload(request: Request) -> Response:
        return JSONResponse({"jobs": await _accept(request)}, status_code=202)

    @app.get("/api/uploads/{job_id}", tags=["上传"], summary="一个上传的检查进度")
    def api_job(request: Request, job_id: str) -> Response:
        if state.user(request) is None:
            raise Refused(401, "请先登录")
        found = state.checker.get([job_id])
        if not found:
            raise Refused(404, "没有这个上传任务")
        return JSONResponse(found[0].to_dict())

    @app.get("/api/corpus", tags=["语料"], summary="部门 × 年度")
    def api_corpus(request: Request) -> Response:
        state.can_read(request)
        rows = queries.departments(state.store, _filters(request))
        return JSONResponse(
            {
                "departments": [
                    {
                        "key": r["key"],
                        "name": r["name"],
                        "region": r["region"],
                        "years": {str(y): [d["id"] for d in ds] for y, ds in r["years"].items()},
                    }
                    for r in rows
                ]
            }
        )

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def api_docs(request: Request) -> Response:
        spec = app.openapi()
        ops = []
        for path, methods in spec.get("paths", {}).items():
            for method, op in methods.items():
                ops.append(
                    {
                        "method": method.upper(),
                        "path": path,
                        "summary": op.get("summary", ""),
                        "tag": (op.get("tags") or ["其他"])[0],
                    }
                )
        return state.render(request, "docs.html", ops=ops, title=spec["info"]["title"])

    @app.get("/healthz", include_in_schema=False)
    def health() -> Response:
        return JSONResponse({"ok": True, "pending": state.checker.pending()})

    return app
