"""The web app through FastAPI's TestClient: every route, who may do what, CSRF on every write,
escaping, uploads refused by type, size, count and by the readers' limits, and marks that survive a
corrected version of a document."""

from __future__ import annotations

import csv
import io
import json
import re
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.support.minimal_pdf import pdf_from_objects
from tests.web.helpers import EXAMPLES, PASSWORD, SHANGHAI_2023, csrf, login, upload, web_app
from yusuan.web.accounts import new_token

WITH_ERRORS = (EXAMPLES / "culture_bureau_2024_with_errors.md").read_bytes()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """One app for the module: alice logged in, the example with errors uploaded."""
    with web_app(tmp_path_factory.mktemp("web")) as client:
        login(client)
        jobs = upload(client, [("culture_bureau_2024_with_errors.md", WITH_ERRORS)])
        assert jobs[0]["state"] == "stored", jobs
        yield {"client": client, "app": client.app, "doc": jobs[0]["document_id"]}


def anon(app: FastAPI) -> TestClient:
    return TestClient(app, raise_server_exceptions=False)


def _findings(client: TestClient, doc: str) -> list[dict[str, Any]]:
    r = client.get(f"/api/documents/{doc}/findings")
    assert r.status_code == 200
    return list(r.json()["findings"])


# -- pages and API ------------------------------------------------------------------------------------


def test_every_page_renders(site: dict[str, Any]) -> None:
    c, doc = site["client"], site["doc"]
    key = c.get(f"/api/documents/{doc}").json()["department_key"]
    pages = {
        "/": "清溪市云山区文化和旅游局",
        "/corpus": "部门与年度",
        f"/departments/{key}": "历年预算数",
        f"/documents/{doc}": "TX301",
        f"/documents/{doc}?f=1": "应为",
        f"/documents/{doc}?severity=warning": "TX308",
        "/upload": "把文件拖到这里",
        "/docs": "/api/documents/{document_id}/findings",
        "/login": "登录",
    }
    for path, text in pages.items():
        r = c.get(path)
        assert r.status_code == 200, path
        assert text in r.text, path
        assert '<html lang="zh-CN">' in r.text
    # filtering the findings list by severity leaves the errors out
    warnings_only = c.get(f"/documents/{doc}?severity=warning").text
    listed = re.findall(r'<span class="rule">(\w+)</span>', warnings_only)
    assert listed == ["TX308"]
    assert "显示 1 / 6 条问题" in warnings_only


def test_finding_view_highlights_its_line(site: dict[str, Any]) -> None:
    c, doc = site["client"], site["doc"]
    tx301 = next(f for f in _findings(c, doc) if f["rule"] == "TX301")
    page = c.get(f"/documents/{doc}?f={tx301['index']}").text
    line = tx301["locations"][0]["line"]
    marked = re.search(
        r'class="ln hl-line" id="L(\d+)"><span class="no">\d+</span><span class="tx">([^<]*)<', page
    )
    assert marked is not None
    assert int(marked.group(1)) == line
    assert "1,501.34" in marked.group(2)  # the line the finding quotes
    assert '<dd id="expected">1,510.34</dd>' in page
    assert '<dd id="actual">1,501.34</dd>' in page


def test_api_mirrors_check_json(site: dict[str, Any]) -> None:
    c, doc = site["client"], site["doc"]
    listing = c.get("/api/documents").json()
    assert listing["count"] == 1 and listing["documents"][0]["id"] == doc
    one = c.get(f"/api/documents/{doc}").json()
    assert one["document"] == "部门预算" and one["year"] == 2024 and one["profile"] == "fujian"
    assert one["summary"]["errors"] == sum(1 for f in one["findings"] if f["severity"] == "error")
    first = one["findings"][0]
    assert {"rule", "name", "severity", "message", "locations", "expected", "actual", "suggestion"} <= set(
        first
    )
    assert first["review"]["status"] == "待核实"
    tables = c.get(f"/api/documents/{doc}/tables").json()["tables"]
    basic = next(t for t in tables if t["title"] == "2024 年度一般公共预算基本支出经济分类情况表")
    assert any(cell["row_label"] == "基本工资" and cell["value_text"] == "245.47" for cell in basic["cells"])
    claims = c.get(f"/api/documents/{doc}/claims").json()["claims"]
    assert any(cl["value_text"] == "1501.34" for cl in claims)
    corpus = c.get("/api/corpus").json()["departments"]
    assert corpus[0]["years"] == {"2024": [doc]}
    spec = c.get("/openapi.json").json()
    assert "/api/documents/{document_id}/findings" in spec["paths"]
    assert c.get("/api/documents/nope").status_code == 404
    assert c.get("/api/documents?year=2023").json()["count"] == 0


def test_filters_and_search(site: dict[str, Any]) -> None:
    c = site["client"]
    assert "清溪市云山区文化和旅游局" in c.get("/?q=文化和旅游").text
    assert "没有符合条件的文档" in c.get("/?q=不存在的部门").text
    assert "没有符合条件的文档" in c.get("/?phase=决算").text
    assert "清溪市云山区文化和旅游局" in c.get("/?rule=TX301&severity=error&region=福建").text
    assert "没有符合条件的部门" in c.get("/corpus?region=上海").text


def test_security_headers_and_cookies(site: dict[str, Any]) -> None:
    c = anon(site["app"])
    r = c.get("/login")
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert "unsafe-inline" not in r.headers["content-security-policy"].split("style-src")[0]
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["x-frame-options"] == "DENY"
    head = c.head("/login")
    assert head.status_code == 200 and head.content == b"" and head.headers["x-frame-options"] == "DENY"
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie
    token = csrf(c, "/login")
    r = c.post(
        "/login", data={"name": "alice", "password": PASSWORD, "csrf_token": token}, follow_redirects=False
    )
    session = r.headers["set-cookie"].lower()
    assert session.startswith("ys_session=") and "httponly" in session and "samesite=lax" in session
    # no inline script anywhere: the page's script is a static file
    page = c.get("/upload").text
    assert re.findall(r"<script[^>]*>", page) == ['<script src="/static/app.js" defer>']


def test_error_pages_are_chinese_without_traceback(
    site: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    c = anon(site["app"])
    r = c.get("/documents/" + "0" * 64)
    assert r.status_code == 404 and "没有这个文档" in r.text
    r = c.get("/no/such/page")
    assert r.status_code == 404 and "找不到页面" in r.text
    from yusuan.web import queries

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(queries, "documents", broken)
    r = c.get("/")
    assert r.status_code == 500
    assert "服务器内部错误" in r.text
    assert "Traceback" not in r.text and "secret internals" not in r.text
    r = c.get("/api/documents")
    assert r.status_code == 500 and r.json() == {"error": "服务器内部错误，请稍后重试或联系管理员"}


# -- who may do what ------------------------------------------------------------------------------------


def test_login_logout(site: dict[str, Any]) -> None:
    c = anon(site["app"])
    token = csrf(c, "/login")
    r = c.post("/login", data={"name": "alice", "password": "wrong password", "csrf_token": token})
    assert r.status_code == 401 and "用户名或密码不正确" in r.text
    r = c.post("/login", data={"name": "nobody", "password": PASSWORD, "csrf_token": token})
    assert r.status_code == 401
    login(c, "bob")
    assert "bob（审核员）" in c.get("/").text
    stolen = c.cookies.get("ys_session")
    token = csrf(c, "/")
    assert c.post("/logout", data={"csrf_token": token}, follow_redirects=False).status_code == 303
    # the session is ended in the store: replaying the old cookie gives no login
    replay = anon(site["app"])
    replay.cookies.set("ys_session", str(stolen))
    assert "bob（审核员）" not in replay.get("/").text
    assert replay.get("/upload", follow_redirects=False).status_code == 303


def test_open_redirect_refused(site: dict[str, Any]) -> None:
    for target in ("//evil.example/x", "https://evil.example/", "/\\evil.example"):
        c = anon(site["app"])
        token = csrf(c, "/login")
        r = c.post(
            "/login",
            data={"name": "bob", "password": PASSWORD, "csrf_token": token, "next": target},
            follow_redirects=False,
        )
        assert r.headers["location"] == "/", target


def _writes(doc: str) -> list[tuple[str, str, dict[str, Any]]]:
    """Every write: (method, path, request keyword arguments without a CSRF token)."""
    return [
        ("POST", "/logout", {"data": {}}),
        ("POST", "/login", {"data": {"name": "alice", "password": PASSWORD}}),
        ("POST", "/upload", {"files": [("files", ("a.md", WITH_ERRORS, "text/plain"))]}),
        ("POST", "/api/uploads", {"files": [("files", ("a.md", WITH_ERRORS, "text/plain"))]}),
        ("POST", f"/documents/{doc}/findings/1/mark", {"data": {"status": "误报"}}),
        ("POST", f"/api/documents/{doc}/findings/1/review", {"json": {"status": "误报"}}),
        ("POST", f"/documents/{doc}/delete", {"data": {}}),
        ("DELETE", f"/api/documents/{doc}", {}),
    ]


def test_csrf_on_every_write(site: dict[str, Any]) -> None:
    c, doc = site["client"], site["doc"]
    for method, path, kwargs in _writes(doc):
        r = c.request(method, path, **kwargs)
        assert r.status_code == 403, (method, path, r.status_code)
        assert "CSRF" in r.text
        wrong = {**kwargs, "headers": {"X-CSRF-Token": "0" * 64}}
        if "data" in kwargs:
            wrong = {**kwargs, "data": {**kwargs["data"], "csrf_token": "0" * 64}}
        r = c.request(method, path, **wrong)
        assert r.status_code == 403, (method, path, "wrong token")
    # another visitor's token is not this session's
    other = anon(site["app"])
    foreign = csrf(other, "/login")
    r = c.post(f"/documents/{doc}/findings/1/mark", data={"status": "误报", "csrf_token": foreign})
    assert r.status_code == 403
    # nothing was changed by the refused requests
    assert c.get(f"/api/documents/{doc}").status_code == 200
    assert {f["review"]["status"] for f in _findings(c, doc)} == {"待核实"}


def test_unauthenticated_writes_refused(site: dict[str, Any]) -> None:
    doc = site["doc"]
    c = anon(site["app"])
    token = csrf(c, "/login")
    for method, path, kwargs in _writes(doc):
        if path in ("/login", "/logout"):
            continue
        kw = {**kwargs, "headers": {"X-CSRF-Token": token, "Accept": "application/json"}}
        r = c.request(method, path, **kw)
        assert r.status_code == 401, (method, path, r.status_code)
        assert "登录" in r.json()["error"]
    r = c.get("/upload", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login")
    bad = {"Authorization": "Bearer ys_not_a_token"}
    r = c.post(f"/api/documents/{doc}/findings/1/review", json={"status": "误报"}, headers=bad)
    assert r.status_code == 401
    assert {f["review"]["status"] for f in _findings(c, doc)} == {"待核实"}


def test_api_token_writes_without_csrf(site: dict[str, Any]) -> None:
    app, doc = site["app"], site["doc"]
    token = new_token(app.state.yusuan.store, "bob", "script")
    c = anon(app)
    headers = {"Authorization": f"Bearer {token}"}
    r = c.post(
        f"/api/documents/{doc}/findings/2/review", json={"status": "误报", "note": "脚本"}, headers=headers
    )
    assert r.status_code == 200, r.text
    assert r.json()["review"] == {"status": "误报", "note": "脚本", "reviewer": "bob", "updated_at": None}
    assert _findings(c, doc)[1]["review"]["status"] == "误报"
    r = c.post(f"/api/documents/{doc}/findings/2/review", json={"status": "随便"}, headers=headers)
    assert r.status_code == 400 and "状态" in r.json()["error"]
    r = c.post(f"/api/documents/{doc}/findings/999/review", json={"status": "误报"}, headers=headers)
    assert r.status_code == 404
    # a reviewer marks; only an admin deletes
    r = c.request("DELETE", f"/api/documents/{doc}", headers=headers)
    assert r.status_code == 403 and r.json()["error"] == "只有管理员可以删除文档"
    assert c.get(f"/api/documents/{doc}").status_code == 200
    c.post(f"/api/documents/{doc}/findings/2/review", json={"status": "待核实"}, headers=headers)


def test_login_read_setting(tmp_path: Path) -> None:
    with web_app(tmp_path, public_read=False) as c:
        r = c.get("/", follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/login?next=/"
        assert c.get("/api/documents").status_code == 401
        assert c.get("/corpus", follow_redirects=False).status_code == 303
        login(c)
        assert c.get("/").status_code == 200
        assert c.get("/api/documents").json()["count"] == 0


# -- escaping ------------------------------------------------------------------------------------------


def test_script_in_document_text_is_escaped(tmp_path: Path) -> None:
    text = (EXAMPLES / "culture_bureau_2024.md").read_text(encoding="utf-8")
    text = text.replace("清溪市云山区文化和旅游局", "清溪市<script>alert(1)</script>文化局")
    text = text.replace("30101\t基本工资\t244.47", '30101\t基本<img src=x onerror="x()">工资\t245.47')
    with web_app(tmp_path) as c:
        login(c)
        jobs = upload(c, [("<script>alert(2)</script>.md", text.encode())])
        doc = jobs[0]["document_id"]
        assert c.get(f"/api/documents/{doc}").json()["department"] == "清溪市<script>alert(1)</script>文化局"
        ar104 = next(f for f in _findings(c, doc) if f["rule"] == "AR104")
        pages = [
            c.get("/").text,
            c.get("/corpus").text,
            c.get(f"/documents/{doc}").text,
            c.get(f"/documents/{doc}?f={ar104['index']}").text,
            c.get(f"/departments/{c.get(f'/api/documents/{doc}').json()['department_key']}").text,
        ]
        for page in pages:
            assert "<script>alert" not in page
            assert "<img src=x" not in page
        assert "清溪市&lt;script&gt;alert(1)&lt;/script&gt;文化局" in pages[0]
        assert "&lt;img src=x onerror=&#34;x()&#34;&gt;" in pages[3]
        # the upload's name is a display name only: its last part, without path or markup characters
        assert jobs[0]["name"] == "script_.md"
        assert "script_.md" in pages[0]


# -- uploads -------------------------------------------------------------------------------------------


def test_upload_names_never_paths(site: dict[str, Any], tmp_path: Path) -> None:
    c = site["client"]
    text = (EXAMPLES / "culture_bureau_2024.md").read_bytes()
    jobs = upload(c, [("../../../../tmp/evil/../../etc/passwd.md", text), ("..\\..\\windows\\x.md", text)])
    assert [j["name"] for j in jobs] == ["passwd.md", "x.md"]
    # the same content twice, checked at once: stored once, whichever finished first
    assert sorted(j["state"] for j in jobs) == ["duplicate", "stored"]
    assert jobs[0]["document_id"] == jobs[1]["document_id"]
    doc = c.get(f"/api/documents/{jobs[0]['document_id']}").json()
    assert doc["file_name"] in ("passwd.md", "x.md") and doc["path"] == "上传：" + doc["file_name"]
    assert not Path("/tmp/evil").exists()
    c.request("DELETE", f"/api/documents/{jobs[0]['document_id']}", headers={"X-CSRF-Token": csrf(c)})


def test_type_by_content_not_name(site: dict[str, Any]) -> None:
    c = site["client"]
    jobs = upload(
        c,
        [
            ("budget.pdf", WITH_ERRORS),  # text named .pdf: read as text (same content: already stored)
            ("report.md", b"\x89PNG\r\n\x1a\n" + bytes(300)),  # a picture named .md
            ("empty.pdf", b""),
            (
                "old.doc",
                b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le") + bytes(100),
            ),
            ("notes.docx", _zip({"readme.txt": b"hello"})),
        ],
    )
    states = [(j["name"], j["state"]) for j in jobs]
    assert states == [
        ("budget.pdf", "duplicate"),
        ("report.md", "refused"),
        ("empty.pdf", "refused"),
        ("old.doc", "refused"),
        ("notes.docx", "refused"),
    ]
    assert jobs[0]["document_id"] == site["doc"]
    # every upload's private folder is gone, checked or refused
    assert not list(Path(tempfile.gettempdir()).glob("yusuan-upload-*"))
    assert "不是支持的文件类型" in jobs[1]["message"]
    assert "文件为空" in jobs[2]["message"]
    assert "另存为 .docx" in jobs[3]["message"]
    assert "不是 Word" in jobs[4]["message"]


def _zip(members: dict[str, bytes]) -> bytes:
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, body in members.items():
            z.writestr(name, body)
    return out.getvalue()


def _docx_bomb() -> bytes:
    import docx

    out = io.BytesIO()
    d = docx.Document()
    d.add_paragraph("2024年部门预算")
    d.save(out)
    src = io.BytesIO(out.getvalue())
    import zipfile

    bomb = io.BytesIO()
    with zipfile.ZipFile(src) as a, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as b:
        for info in a.infolist():
            b.writestr(info.filename, a.read(info))
        b.writestr("word/media/zeros.bin", bytes(8 * 1024 * 1024))
    return bomb.getvalue()


def _pdf_pages(count: int) -> bytes:
    """A small file declaring ``count`` pages (every page the same object)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + b" ".join([b"3 0 R"] * count) + b"] /Count %d >>" % count,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Contents 4 0 R >>",
        b"<< /Length 0 >>\nstream\n\nendstream",
    ]
    return pdf_from_objects(objects)


def test_bombs_refused_clearly(site: dict[str, Any]) -> None:
    c = site["client"]
    bomb, pages = _docx_bomb(), _pdf_pages(10_000)
    assert len(bomb) < 100_000 and len(pages) < 100_000
    jobs = upload(c, [("bomb.docx", bomb), ("pages.pdf", pages)])
    assert [j["state"] for j in jobs] == ["refused", "refused"]
    assert jobs[0]["message"].startswith("bomb.docx：") and "压缩" in jobs[0]["message"]
    assert jobs[1]["message"].startswith("pages.pdf：") and "页数" in jobs[1]["message"]
    for j in jobs:
        assert "/tmp" not in j["message"] and "yusuan-upload" not in j["message"]  # our folder is not shown
    assert c.get("/api/documents").json()["count"] == 1


def test_size_and_count_limits(tmp_path: Path) -> None:
    with web_app(tmp_path, max_file_bytes=200_000, max_files=2) as c:
        login(c)
        token = csrf(c, "/upload")
        big = b"2024\n" * 50_000  # 250 KB of text
        jobs = upload(c, [("big.md", big)], token)
        assert (
            jobs[0]["state"] == "refused" and "文件太大" in jobs[0]["message"] and jobs[0]["name"] == "big.md"
        )
        r = c.post(
            "/upload",
            files=[("files", (f"{i}.md", WITH_ERRORS, "text/plain")) for i in range(3)],
            headers={"X-CSRF-Token": token, "Accept": "application/json"},
        )
        assert r.status_code == 413 and "最多上传 2 个文件" in r.json()["error"]
        # a body past the request cap (files × size + 1 MB) is refused from its Content-Length …
        r = c.post(
            "/upload",
            files=[("files", ("huge.md", b"x" * 1_600_000, "text/plain"))],
            headers={"X-CSRF-Token": token, "Accept": "application/json"},
        )
        assert r.status_code == 413 and "上传内容太大" in r.text

        # … and, sent in chunks without one, cut off while it arrives
        def chunks() -> Iterator[bytes]:
            for _ in range(40):
                yield b"x" * 65536

        r = c.post(
            "/api/uploads",
            content=chunks(),
            headers={"X-CSRF-Token": token, "Content-Type": "multipart/form-data; boundary=zz"},
        )
        assert r.status_code == 413 and "上传内容太大" in r.json()["error"]
        r = c.post("/upload", files=[], data={"csrf_token": token}, headers={"Accept": "application/json"})
        assert r.status_code == 400 and "没有收到文件" in r.json()["error"]
        assert c.get("/api/documents").json()["count"] == 0


# -- marks ---------------------------------------------------------------------------------------------


def test_marks_survive_a_corrected_version(tmp_path: Path) -> None:
    with web_app(tmp_path) as c:
        login(c)
        first = upload(c, [("文化和旅游局2024.md", WITH_ERRORS)])[0]["document_id"]
        before = _findings(c, first)
        tx301 = next(f for f in before if f["rule"] == "TX301")
        ar104 = next(f for f in before if f["rule"] == "AR104")
        token = csrf(c, f"/documents/{first}?f={tx301['index']}")
        r = c.post(
            f"/documents/{first}/findings/{tx301['index']}/mark",
            data={"status": "已确认", "note": "已与部门核实<b>", "csrf_token": token},
            follow_redirects=False,
        )
        assert r.status_code == 303 and r.headers["location"].endswith(f"f={tx301['index']}#detail")
        page = c.get(f"/documents/{first}?f={tx301['index']}").text
        assert '<b class="status status-已确认" id="current-status">已确认</b>' in page
        assert "已与部门核实&lt;b&gt;" in page
        # the corrected version: 基本工资 245.47 → 244.47 fixes AR104 only
        corrected = (
            WITH_ERRORS.decode().replace("30101\t基本工资\t245.47", "30101\t基本工资\t244.47").encode()
        )
        job = upload(c, [("文化和旅游局2024（更正）.md", corrected)])[0]
        second = job["document_id"]
        assert job["state"] == "stored" and second != first
        doc = c.get(f"/api/documents/{second}").json()
        assert doc["version"] == 2 and doc["is_latest"]
        after = _findings(c, second)
        assert not any(f["rule"] == "AR104" for f in after)
        assert {f["rule"] for f in after} == {f["rule"] for f in before} - {"AR104"}
        same = next(f for f in after if f["rule"] == "TX301")
        assert same["fingerprint"] == tx301["fingerprint"]
        assert same["review"]["status"] == "已确认" and same["review"]["note"] == "已与部门核实<b>"
        assert same["review"]["reviewer"] == "alice"
        assert all(f["review"]["status"] == "待核实" for f in after if f["rule"] != "TX301")
        assert ar104["fingerprint"] not in {f["fingerprint"] for f in after}
        # the exported report carries the mark (CSV: one row per finding with its status)
        r = c.get(f"/export/report.csv?id={second}")
        assert r.status_code == 200
        rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
        header = rows[0]
        status_col = next(i for i, h in enumerate(header) if "状态" in h)
        rule_col = next(i for i, h in enumerate(header) if "规则" in h)
        marked = [row for row in rows[1:] if row[rule_col] == "TX301"]
        assert marked and all(row[status_col] == "已确认" for row in marked)
        # the old version's page says a newer one exists; deleting the new one makes the old the latest
        assert "已有新版本" in c.get(f"/documents/{first}").text
        token = csrf(c, f"/documents/{second}")
        r = c.post(f"/documents/{second}/delete", data={"csrf_token": token}, follow_redirects=False)
        assert r.status_code == 303
        assert c.get(f"/api/documents/{second}").status_code == 404
        assert c.get(f"/api/documents/{first}").json()["is_latest"] is True


def test_report_exports(site: dict[str, Any]) -> None:
    c, doc = site["client"], site["doc"]
    for fmt in ("csv", "xlsx", "html", "docx"):
        r = c.get(f"/export/report.{fmt}?id={doc}")
        assert r.status_code == 200, fmt
        assert "attachment" in r.headers["content-disposition"]
        if fmt in ("xlsx", "docx"):
            assert r.content[:2] == b"PK"
        if fmt == "html":
            assert "TX301" in r.text
    assert c.get("/export/report.pdf").status_code == 404
    assert c.get("/export/report.csv?id=" + "f" * 64).status_code == 404


def test_job_state_json(site: dict[str, Any]) -> None:
    c = site["client"]
    jobs = upload(c, [("again.md", WITH_ERRORS)])
    r = c.get(f"/api/uploads/{jobs[0]['id']}")
    assert r.status_code == 200 and r.json()["state"] == "duplicate"
    assert json.loads(r.text)["document_id"] == site["doc"]
    assert c.get("/api/uploads/nope").status_code == 404


def test_checks_in_worker_processes(tmp_path: Path) -> None:
    """The server's default: checks in spawned processes, results stored by the server."""
    with web_app(tmp_path, check_processes=True, workers=1) as c:
        login(c)
        jobs = upload(c, [("a.md", WITH_ERRORS), ("b.md", b"\x00binary")])
        assert [j["state"] for j in jobs] == ["stored", "refused"]
        assert _findings(c, jobs[0]["document_id"])[0]["rule"] == "TX301"


@pytest.mark.skipif(not SHANGHAI_2023.exists(), reason="../shared corpus is absent")
def test_pdf_pages_and_boxes(tmp_path: Path) -> None:
    import struct

    from yusuan.batch.prepare import prepare
    from yusuan.store import StoredDocument

    with web_app(tmp_path) as c:
        store = c.app.state.yusuan.store  # type: ignore[attr-defined]
        doc = prepare(str(SHANGHAI_2023))
        assert isinstance(doc, StoredDocument)
        store.add(doc, store.start_run("test"))
        r = c.get(f"/documents/{doc.sha256}/pages/6.png")
        assert r.status_code == 200 and r.headers["content-type"] == "image/png"
        width, height = struct.unpack(">II", r.content[16:24])
        assert (width, height) == (round(841.85 * 1.5), round(595.25 * 1.5))
        r = c.get(f"/documents/{doc.sha256}/pages/36.png")
        assert r.status_code == 404 and "没有第 36 页（共 35 页）" in r.text
        findings = _findings(c, doc.sha256)
        quoted = next(f for f in findings if f["locations"][0]["text"] == "增加314.82%")
        page = c.get(f"/documents/{doc.sha256}?f={quoted['index']}").text
        rect = re.search(
            r'<rect class="hl" id="highlight" data-method="quote" x="([\d.]+)" y="([\d.]+)"', page
        )
        assert rect is not None
        # PDFium's own search puts the same words at the same place
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(str(SHANGHAI_2023))
        tp = pdf[5].get_textpage()
        start, count = tp.search("增加314.82%").get_next()
        left = min(tp.get_charbox(i, loose=True)[0] for i in range(start, start + count))
        top = pdf[5].get_height() - max(tp.get_charbox(i, loose=True)[3] for i in range(start, start + count))
        assert abs(float(rect.group(1)) - left) < 0.5 and abs(float(rect.group(2)) - top) < 0.5
        # a finding about a missing table has no page: said so, nothing outlined
        unplaced = [f for f in findings if f["locations"] == [] or f["locations"][0].get("page") is None]
        for f in unplaced[:1]:
            view = c.get(f"/documents/{doc.sha256}?f={f['index']}").text
            assert 'id="no-box"' in view and 'id="highlight"' not in view
        # a finding whose quote is printed twice on its page (PDFium's search finds it twice) is
        # not outlined: never a guess
        twice = next(f for f in findings if f["locations"][0]["text"] == "增加60.54%")
        search = pdf[twice["locations"][0]["page"] - 1].get_textpage().search("增加60.54%")
        assert search.get_next() and search.get_next() and not search.get_next()
        view = c.get(f"/documents/{doc.sha256}?f={twice['index']}").text
        assert 'id="highlight"' not in view and "确切位置未知" in view


def test_word_excel_and_html_documents_show_the_line(tmp_path: Path) -> None:
    """Built Word, Excel and HTML disclosures with one planted error each: the text view marks the
    line the finding names, as the reader numbered it."""
    import openpyxl

    from yusuan.build import build_source

    built = build_source(EXAMPLES / "culture_bureau_2024.yaml", formats=("docx", "html", "xlsx")).outputs
    wrong = ("支出预算1,510.34", "支出预算1,501.34")
    docx_in = zipfile.ZipFile(io.BytesIO(built["docx"]))
    docx_out = io.BytesIO()
    with zipfile.ZipFile(docx_out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in docx_in.infolist():
            data = docx_in.read(info)
            if info.filename == "word/document.xml":
                data = data.decode().replace(*wrong, 1).encode()
            z.writestr(info, data)
    html = built["html"].decode().replace(*wrong, 1).encode()
    book = openpyxl.load_workbook(io.BytesIO(built["xlsx"]))
    planted = None
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            if len(row) > 2 and row[1].value == "基本工资" and planted is None:
                row[2].value = float(row[2].value) + 1  # the workbook's own number type
                planted = (sheet.title, row[0].row)
    assert planted is not None
    xlsx = io.BytesIO()
    book.save(xlsx)
    with web_app(tmp_path) as c:
        login(c)
        jobs = upload(
            c,
            [("预算.docx", docx_out.getvalue()), ("预算.html", html), ("预算.xlsx", xlsx.getvalue())],
        )
        assert [j["state"] for j in jobs] == ["stored"] * 3, jobs
        for job, rule, words in (
            (jobs[0], "TX301", "1,501.34"),
            (jobs[1], "TX301", "1,501.34"),
            (jobs[2], "AR104", "301 │ 工资福利支出"),
        ):
            doc = job["document_id"]
            found = next(f for f in _findings(c, doc) if f["rule"] == rule)
            page = c.get(f"/documents/{doc}?f={found['index']}").text
            marked = re.search(
                r'class="ln hl-line" id="(?:S(\d+))?L(\d+)"><span class="no">\d+</span><span class="tx">([^<]*)<',
                page,
            )
            assert marked is not None, job["name"]
            assert int(marked.group(2)) == found["locations"][0]["line"]
            if job["name"].endswith(".xlsx"):  # a workbook's place is its sheet and row
                assert int(marked.group(1)) == found["locations"][0]["page"]
            else:
                assert marked.group(1) is None
            assert words in marked.group(3), (job["name"], marked.group(3))


def test_password_guessing_is_throttled(tmp_path: Path) -> None:
    with web_app(tmp_path) as c:
        token = csrf(c, "/login")
        for _ in range(5):
            r = c.post("/login", data={"name": "bob", "password": "guess", "csrf_token": token})
            assert r.status_code == 401
        # the right password now waits too: the name (and this address) had five failures
        r = c.post("/login", data={"name": "bob", "password": PASSWORD, "csrf_token": token})
        assert r.status_code == 429 and "登录失败次数过多" in r.text
        assert "bob（审核员）" not in c.get("/").text
        # another account from the same address still logs in: one person's typos lock out no office …
        login(c, "alice")
        c.post("/logout", data={"csrf_token": csrf(c)})
        # … but twenty failures from one address, whatever the names, stop that address
        token = csrf(c, "/login")
        throttle = c.app.state.yusuan.addr_throttle  # type: ignore[attr-defined]
        for _ in range(15):  # 5 failures for bob above + 15 more (as from other names: argon2 is slow)
            throttle.failed("testclient")
        r = c.post("/login", data={"name": "alice", "password": PASSWORD, "csrf_token": token})
        assert r.status_code == 429
