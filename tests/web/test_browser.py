"""The web app in a real browser: Playwright driving Debian's Chromium against uvicorn on a free
port with a temporary DuckDB. Upload through the file input, wait for the checks, open a finding and
measure where the highlight is drawn on the page image, mark it, export the report, log out and be
refused an upload. Screenshots of the main pages go to /tmp/web_shots."""

from __future__ import annotations

import base64
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.web.helpers import EXAMPLES, FUJIAN, PASSWORD, SHANGHAI_2023, SHANGHAI_2025
from yusuan.web import Settings, create_app
from yusuan.web.accounts import add_user

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path("/tmp/web_shots")

playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
uvicorn = pytest.importorskip("uvicorn", reason="uvicorn is not installed")
pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Debian's chromium (/usr/bin/chromium) is not installed"
)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    tmp = tmp_path_factory.mktemp("browser")
    app = create_app(Settings(db=str(tmp / "web.duckdb"), secret_key="b" * 40))
    state = app.state.yusuan
    add_user(state.store, "alice", PASSWORD, "admin")
    if SHANGHAI_2025.exists():  # a PDF whose findings carry their cells' boxes, stored before start
        from yusuan.batch.prepare import prepare
        from yusuan.store import StoredDocument

        doc = prepare(str(SHANGHAI_2025))
        assert isinstance(doc, StoredDocument)
        run = state.store.start_run("test")
        state.store.add(doc, run)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.time() + 20
    while not srv.started and time.time() < deadline:
        time.sleep(0.05)
    assert srv.started, "uvicorn did not start"
    yield {"base": f"http://127.0.0.1:{port}", "state": state}
    srv.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield b
        b.close()


def _shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)


def _login(page: Any, base: str) -> None:
    page.goto(base + "/login")
    page.fill("input[name=name]", "alice")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(base + "/")


def _upload(page: Any, base: str, paths: list[Path]) -> list[str]:
    """Choose files in the page's file input; wait until every row says it is done; the result
    links, in the order of the files."""
    page.goto(base + "/upload")
    page.set_input_files("#file-input", [str(p) for p in paths])
    page.wait_for_function(
        "n => document.querySelectorAll('#jobs tr.job').length === n && "
        "Array.from(document.querySelectorAll('#jobs tr.job')).every("
        "tr => /state-(stored|duplicate|refused|failed)/.test(tr.className))",
        arg=len(paths),
        timeout=120_000,
    )
    states = page.eval_on_selector_all("#jobs tr.job", "rows => rows.map(r => r.className)")
    assert all("state-stored" in s for s in states), states
    names = page.eval_on_selector_all("#jobs tr.job td:first-child", "cells => cells.map(c => c.textContent)")
    assert names == [p.name for p in paths]
    return list(
        page.eval_on_selector_all("#jobs a.result-link", "links => links.map(a => a.getAttribute('href'))")
    )


def _measured(page: Any) -> dict[str, float]:
    """The highlight's box in PDF points, measured from where the browser drew it over the image."""
    page.wait_for_function("() => document.getElementById('page-image').complete")
    img = page.locator("#page-image").bounding_box()
    hl = page.locator("#highlight").bounding_box()
    width = float(page.get_attribute("#page", "data-page-width"))
    height = float(page.get_attribute("#page", "data-page-height"))
    sx, sy = width / img["width"], height / img["height"]
    return {
        "x0": (hl["x"] - img["x"]) * sx,
        "top": (hl["y"] - img["y"]) * sy,
        "x1": (hl["x"] + hl["width"] - img["x"]) * sx,
        "bottom": (hl["y"] + hl["height"] - img["y"]) * sy,
    }


def _close(measured: dict[str, float], expected: dict[str, float], tolerance: float = 2.0) -> None:
    for k in ("x0", "top", "x1", "bottom"):
        assert abs(measured[k] - expected[k]) <= tolerance, (k, measured, expected)


def _quote_box(pdf: Path, page_no: int, quote: str) -> dict[str, float]:
    """Where PDFium's own text search finds ``quote`` (a path independent of the app's)."""
    import pypdfium2 as pdfium

    pdf_doc = pdfium.PdfDocument(str(pdf))
    page = pdf_doc[page_no - 1]
    height = page.get_height()
    tp = page.get_textpage()
    searcher = tp.search(quote)
    found = searcher.get_next()
    assert found is not None and searcher.get_next() is None
    start, count = found
    boxes = [tp.get_charbox(i, loose=True) for i in range(start, start + count)]
    pdf_doc.close()
    return {
        "x0": min(b[0] for b in boxes),
        "top": height - max(b[3] for b in boxes),
        "x1": max(b[2] for b in boxes),
        "bottom": height - min(b[1] for b in boxes),
    }


@pytest.mark.skipif(not SHANGHAI_2023.exists() or not FUJIAN.exists(), reason="../shared corpus is absent")
def test_reviewer_session_on_the_corpus(server: dict[str, Any], browser: Any, tmp_path: Path) -> None:
    base, state = server["base"], server["state"]
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    _login(page, base)
    links = _upload(page, base, [SHANGHAI_2023, FUJIAN])
    _shot(page, "upload")
    assert len(links) == 2
    docs = {d["file_name"]: d for d in state.store.documents()}
    pdf_doc = docs[SHANGHAI_2023.name]
    assert pdf_doc["format"] == "pdf" and pdf_doc["year"] == 2023 and docs[FUJIAN.name]["profile"] == "fujian"

    # a finding quoting one sentence fragment of page 6: outlined where PDFium finds that text
    page.goto(base + links[0])
    findings = page.eval_on_selector_all(
        "li.finding a.finding-link", "as => as.map(a => a.getAttribute('href'))"
    )
    assert findings, "no finding listed"
    target = None
    from yusuan.store import schema

    for f in state.store.rows(schema.findings, pdf_doc["id"]):
        import json

        first = json.loads(f["locations"])[0]
        if f["rule"] == "TX313" and first["text"] == "增加314.82%":
            target = f
    assert target is not None
    page.click(f"li.finding[data-index='{target['finding_index']}'] a")
    page.wait_for_selector("#highlight", state="attached")
    assert page.get_attribute("#highlight", "data-method") == "quote"
    _close(_measured(page), _quote_box(SHANGHAI_2023, 6, "增加314.82%"))
    assert page.inner_text("#actual") == target["actual"]
    _shot(page, "document_pdf")

    # mark it
    page.check("input[name=status][value=已确认]")
    page.fill("input[name=note]", "与部门核实：比较基数有误")
    page.click("#mark-save")
    page.wait_for_selector("#current-status")
    assert page.inner_text("#current-status") == "已确认"
    assert page.inner_text("#current-note") == "与部门核实：比较基数有误"

    # the exported report (HTML) carries the mark
    with page.expect_download() as info:
        page.click(".export a.export-html")
    saved = tmp_path / "report.html"
    info.value.save_as(saved)
    report = saved.read_text(encoding="utf-8")
    assert "已确认" in report and "与部门核实：比较基数有误" in report

    # the Fujian text: the line is marked in the text view
    page.goto(base + links[1])
    page.click("li.finding a.finding-link >> nth=0")
    page.wait_for_selector(".textview .hl-line")
    number = int(page.get_attribute(".textview .hl-line", "id")[1:])
    first = state.store.rows(schema.findings, docs[FUJIAN.name]["id"])
    shown = page.get_attribute("li.finding.on", "data-index")
    assert number == next(f["line"] for f in first if str(f["finding_index"]) == shown)
    assert page.locator(".textview .hl-line").is_visible()
    _shot(page, "document_text")

    if SHANGHAI_2025.exists():  # a table cell's own box: the stored box, scaled, is where it is drawn
        d25 = docs[SHANGHAI_2025.name]
        boxed = next(f for f in state.store.rows(schema.findings, d25["id"]) if f["x0"] is not None)
        page.goto(f"{base}/documents/{d25['id']}?f={boxed['finding_index']}")
        page.wait_for_selector("#highlight")
        assert page.get_attribute("#highlight", "data-method") == "cell"
        _close(_measured(page), {k: float(boxed[k]) for k in ("x0", "top", "x1", "bottom")}, 1.0)
        _shot(page, "document_pdf_cell")
        page.goto(f"{base}/departments/{d25['department_key']}")
        assert page.locator("svg.chart").count() == 3
        _shot(page, "department")

    page.goto(base + "/")
    _shot(page, "index")
    page.goto(base + "/corpus")
    assert page.locator("#corpus tbody tr").count() >= 2
    _shot(page, "corpus")

    # log out: the upload page sends to the login, and a direct upload is refused
    page.click("#logout")
    page.wait_for_url(base + "/")
    assert page.locator("#login-link").is_visible()
    page.goto(base + "/upload")
    assert page.url.startswith(base + "/login")
    r = page.request.post(
        base + "/upload",
        multipart={"files": {"name": "x.md", "mimeType": "text/plain", "buffer": b"2024"}},
        headers={"Accept": "application/json"},
    )
    assert r.status == 401 and "登录" in r.json()["error"]
    page.close()


def test_reviewer_session_on_the_examples(server: dict[str, Any], browser: Any) -> None:
    """Without the corpus: the example with errors, dragged in as a file, marked and exported."""
    base = server["base"]
    page = browser.new_page(viewport={"width": 1300, "height": 900}, accept_downloads=True)
    _login(page, base)
    # dropped on the drop zone, as a person drags a file from the desktop
    page.goto(base + "/upload")
    example = EXAMPLES / "culture_bureau_2024_with_errors.md"
    transfer = page.evaluate_handle(
        "([name, b64]) => { const bytes = Uint8Array.from(atob(b64), c => c.charCodeAt(0));"
        " const dt = new DataTransfer(); dt.items.add(new File([bytes], name)); return dt; }",
        [example.name, base64.b64encode(example.read_bytes()).decode()],
    )
    page.dispatch_event("#drop", "drop", {"dataTransfer": transfer})
    page.wait_for_selector("#jobs tr.job.state-stored a.result-link", timeout=60_000)
    assert page.inner_text("#jobs tr.job td:first-child") == example.name
    playwright_api.expect(page.locator("#upload-status")).to_have_text("检查完成。")
    links = [page.get_attribute("#jobs a.result-link", "href")]
    page.goto(base + links[0] + "?severity=error")
    assert page.locator("li.finding").count() == 5
    page.click("li.finding a.finding-link >> nth=0")
    page.wait_for_selector(".textview .hl-line")
    assert "1,501.34" in page.inner_text(".textview .hl-line")
    page.check("input[name=status][value=误报]")
    page.click("#mark-save")
    page.wait_for_selector("#current-status")
    assert page.inner_text("#current-status") == "误报"
    with page.expect_download() as info:
        page.click(".export a.export-csv")
    assert "误报" in Path(info.value.path()).read_bytes().decode("utf-8-sig")
    page.click("#logout")
    page.goto(base + "/upload")
    assert page.url.startswith(base + "/login")
    page.close()
