// yusuan web: drag-and-drop upload with per-file progress, confirmations, scrolling to the highlight.
// No framework and no build step; served as a static file so the CSP forbids inline scripts.
"use strict";

(function () {
  function text(el, value) { el.textContent = value == null ? "" : String(value); }

  function jobRow(job) {
    var tr = document.createElement("tr");
    tr.className = "job";
    tr.dataset.job = job.id;
    for (var i = 0; i < 4; i++) tr.appendChild(document.createElement("td"));
    tr.children[1].className = "state";
    tr.children[2].className = "num";
    tr.children[3].className = "result";
    updateRow(tr, job);
    return tr;
  }

  function updateRow(tr, job) {
    tr.className = "job state-" + job.state;
    text(tr.children[0], job.name);
    text(tr.children[1], job.state_name);
    text(tr.children[2], job.seconds == null ? "" : job.seconds + " 秒");
    var cell = tr.children[3];
    cell.textContent = "";
    if (job.document_id) {
      var a = document.createElement("a");
      a.href = "/documents/" + encodeURIComponent(job.document_id);
      a.className = "result-link";
      text(a, "查看结果：" + job.errors + " 个错误、" + job.warnings + " 个警告");
      cell.appendChild(a);
    }
    if (job.message) {
      var span = document.createElement("span");
      span.className = "message";
      text(span, job.message);
      cell.appendChild(span);
    }
  }

  function poll(table) {
    var rows = table.querySelectorAll("tr[data-job]");
    var ids = [];
    rows.forEach(function (tr) {
      if (!/state-(stored|duplicate|refused|failed)/.test(tr.className)) ids.push(tr.dataset.job);
    });
    if (!ids.length) {
      var status = document.getElementById("upload-status");
      if (status && status.className !== "alert") text(status, "检查完成。");
      return;
    }
    fetch("/jobs?ids=" + encodeURIComponent(ids.join(",")), { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        (data.jobs || []).forEach(function (job) {
          var tr = table.querySelector('tr[data-job="' + job.id + '"]');
          if (tr) updateRow(tr, job);
        });
        setTimeout(function () { poll(table); }, 600);
      })
      .catch(function () { setTimeout(function () { poll(table); }, 2000); });
  }

  function upload(form, files) {
    var table = document.getElementById("jobs");
    var body = new FormData();
    body.append("csrf_token", form.dataset.csrf);
    for (var i = 0; i < files.length; i++) body.append("files", files[i], files[i].name);
    var status = document.getElementById("upload-status") || document.createElement("p");
    status.id = "upload-status";
    status.className = "muted";
    text(status, "正在上传 " + files.length + " 个文件……");
    form.appendChild(status);
    fetch(form.action, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-CSRF-Token": form.dataset.csrf },
    })
      .then(function (r) { return r.json().then(function (data) { return { ok: r.ok, data: data }; }); })
      .then(function (res) {
        if (!res.ok) { status.className = "alert"; text(status, res.data.error || "上传失败"); return; }
        text(status, "已上传，正在检查。");
        table.hidden = false;
        var tbody = table.querySelector("tbody");
        var batch = document.createDocumentFragment();
        res.data.jobs.forEach(function (job) { batch.appendChild(jobRow(job)); });
        tbody.insertBefore(batch, tbody.firstChild);  // newest upload first, its files in order
        poll(table);
      })
      .catch(function () { status.className = "alert"; text(status, "上传失败：无法连接服务器"); });
  }

  function setupUpload() {
    var form = document.getElementById("upload-form");
    if (!form) return;
    var drop = document.getElementById("drop");
    var input = document.getElementById("file-input");
    input.addEventListener("change", function () {
      if (input.files.length) upload(form, input.files);
      input.value = "";
    });
    ["dragenter", "dragover"].forEach(function (ev) {
      drop.addEventListener(ev, function (e) { e.preventDefault(); drop.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (ev) {
      drop.addEventListener(ev, function (e) { e.preventDefault(); drop.classList.remove("over"); });
    });
    drop.addEventListener("drop", function (e) {
      if (e.dataTransfer && e.dataTransfer.files.length) upload(form, e.dataTransfer.files);
    });
    var table = document.getElementById("jobs");
    if (table && table.querySelector("tr[data-job]")) poll(table);
  }

  function setupConfirm() {
    document.querySelectorAll("[data-confirm]").forEach(function (button) {
      button.addEventListener("click", function (e) {
        if (!window.confirm(button.dataset.confirm)) e.preventDefault();
      });
    });
  }

  function scrollToPlace() {
    // the text view scrolls inside its own box, so the finding's details stay in sight
    var line = document.querySelector(".textview .hl-line");
    if (line) {
      var box = line.parentElement;
      box.scrollTop = line.offsetTop - box.offsetTop - box.clientHeight / 3;
      return;
    }
    var mark = document.getElementById("highlight");
    if (mark && mark.scrollIntoView) mark.scrollIntoView({ block: "center" });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setupUpload();
    setupConfirm();
    scrollToPlace();
  });
})();
