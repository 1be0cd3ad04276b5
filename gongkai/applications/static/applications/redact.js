/* The redaction page: page images from the server, rectangles drawn with the
   mouse (or found by the server's search), a reason per rectangle, and one
   POST that makes the server produce the redacted PDF. No libraries. */
(function () {
  "use strict";
  var root = document.getElementById("redactor");
  if (!root) { return; }
  var cfg = JSON.parse(document.getElementById("redact-config").textContent);
  var readOnly = root.dataset.readonly === "1";
  var marks = (cfg.marks || []).map(function (m) { return Object.assign({}, m); });
  var pagesEl = document.getElementById("pages");
  var listEl = document.getElementById("mark-list");
  var defaultReason = document.getElementById("default-reason");
  var csrf = (document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/) || [])[1] || "";

  cfg.grounds.forEach(function (g) {
    var o = document.createElement("option");
    o.value = g.key; o.textContent = g.label;
    defaultReason.appendChild(o);
  });
  defaultReason.value = "privacy";

  // fit the widest page into the column (the images are rendered at cfg.scale and scaled down)
  var widest = Math.max.apply(null, cfg.pages.map(function (p) { return p.w; }));
  var room = pagesEl.clientWidth - 4;
  if (room > 200 && widest * cfg.scale > room) { cfg.scale = room / widest; }

  function pageUrl(tpl, n) { return tpl.replace(/0\.png$/, n + ".png"); }

  var pageEls = cfg.pages.map(function (p, i) {
    var div = document.createElement("div");
    div.className = "page";
    div.dataset.page = i;
    div.style.width = (p.w * cfg.scale) + "px";
    div.style.height = (p.h * cfg.scale) + "px";
    var label = document.createElement("span");
    label.className = "label"; label.textContent = "第 " + (i + 1) + " 页";
    var img = document.createElement("img");
    img.alt = "第 " + (i + 1) + " 页"; img.loading = "lazy";
    img.src = pageUrl(root.dataset.page, i);
    div.appendChild(label); div.appendChild(img);
    pagesEl.appendChild(div);
    if (!readOnly) { attachDrawing(div, i); }
    return div;
  });

  function px(v) { return (v * cfg.scale) + "px"; }

  function render() {
    pagesEl.querySelectorAll(".mark:not(.drawing)").forEach(function (el) { el.remove(); });
    listEl.innerHTML = "";
    marks.forEach(function (m, idx) {
      var el = document.createElement("div");
      el.className = "mark";
      el.style.left = px(m.x0); el.style.top = px(m.y0);
      el.style.width = px(m.x1 - m.x0); el.style.height = px(m.y1 - m.y0);
      el.title = labelOf(m.reason);
      el.dataset.index = idx;
      pageEls[m.page].appendChild(el);

      var li = document.createElement("li");
      li.className = "mark-item";
      var head = document.createElement("div");
      head.textContent = "第 " + (m.page + 1) + " 页" + (m.text ? "：" : "");
      if (m.text) { var t = document.createElement("span"); t.className = "text"; t.textContent = m.text; head.appendChild(t); }
      li.appendChild(head);
      var sel = document.createElement("select");
      sel.setAttribute("aria-label", "遮盖理由");
      cfg.grounds.forEach(function (g) {
        var o = document.createElement("option"); o.value = g.key; o.textContent = g.label; sel.appendChild(o);
      });
      sel.value = m.reason; sel.disabled = readOnly;
      sel.addEventListener("change", function () { m.reason = sel.value; el.title = labelOf(m.reason); });
      li.appendChild(sel);
      if (!readOnly) {
        var del = document.createElement("button");
        del.type = "button"; del.className = "small"; del.textContent = "删除";
        del.addEventListener("click", function () { marks.splice(idx, 1); render(); });
        li.appendChild(del);
      }
      li.addEventListener("mouseenter", function () { el.classList.add("selected"); });
      li.addEventListener("mouseleave", function () { el.classList.remove("selected"); });
      listEl.appendChild(li);
    });
    document.getElementById("mark-count").textContent = marks.length;
  }

  function labelOf(key) {
    var g = cfg.grounds.filter(function (x) { return x.key === key; })[0];
    return g ? g.label : key;
  }

  function attachDrawing(div, page) {
    var start = null, box = null;
    function pos(ev) {
      var r = div.getBoundingClientRect();
      return { x: Math.max(0, Math.min(r.width, ev.clientX - r.left)) / cfg.scale,
               y: Math.max(0, Math.min(r.height, ev.clientY - r.top)) / cfg.scale };
    }
    div.addEventListener("mousedown", function (ev) {
      if (ev.button !== 0) { return; }
      ev.preventDefault();
      start = pos(ev);
      box = document.createElement("div");
      box.className = "mark drawing";
      div.appendChild(box);
    });
    window.addEventListener("mousemove", function (ev) {
      if (!start) { return; }
      var p = pos(ev);
      box.style.left = px(Math.min(start.x, p.x)); box.style.top = px(Math.min(start.y, p.y));
      box.style.width = px(Math.abs(p.x - start.x)); box.style.height = px(Math.abs(p.y - start.y));
    });
    window.addEventListener("mouseup", function (ev) {
      if (!start) { return; }
      var p = pos(ev);
      box.remove();
      if (Math.abs(p.x - start.x) > 2 && Math.abs(p.y - start.y) > 2) {
        marks.push({ page: page, x0: round(Math.min(start.x, p.x)), y0: round(Math.min(start.y, p.y)),
                     x1: round(Math.max(start.x, p.x)), y1: round(Math.max(start.y, p.y)),
                     reason: defaultReason.value, source: "manual", text: "" });
        render();
      }
      start = null; box = null;
    });
  }

  function round(v) { return Math.round(v * 100) / 100; }

  function post(url, body) {
    return fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify(body)
    }).then(function (r) {
      return r.json().catch(function () { return { error: "服务器错误（" + r.status + "）" }; });
    });
  }

  function same(a, b) {
    return a.page === b.page && Math.abs(a.x0 - b.x0) < 0.5 && Math.abs(a.y0 - b.y0) < 0.5 &&
      Math.abs(a.x1 - b.x1) < 0.5 && Math.abs(a.y1 - b.y1) < 0.5;
  }

  document.getElementById("find-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    if (readOnly) { return; }
    var form = ev.target;
    var patterns = Array.prototype.map.call(form.querySelectorAll("input[name=pattern]:checked"), function (i) { return i.value; });
    var terms = form.terms.value.split(/\n/).map(function (t) { return t.trim(); }).filter(Boolean);
    var out = document.getElementById("find-result");
    out.textContent = "查找中…";
    post(root.dataset.find, { patterns: patterns, terms: terms, reason: defaultReason.value === "privacy" ? null : defaultReason.value })
      .then(function (res) {
        if (res.error) { out.textContent = res.error; return; }
        var added = 0;
        res.marks.forEach(function (m) {
          if (!marks.some(function (x) { return same(x, m); })) { marks.push(m); added += 1; }
        });
        out.textContent = "找到 " + res.marks.length + " 处，新增标记 " + added + " 处";
        render();
      });
  });

  document.getElementById("apply-button").addEventListener("click", function () {
    var out = document.getElementById("apply-result");
    if (readOnly) { out.textContent = "只读"; return; }
    if (!marks.length) { out.textContent = "请先标记需要遮盖的内容"; return; }
    out.textContent = "正在生成…";
    post(root.dataset.apply, { marks: marks }).then(function (res) {
      if (res.error) { out.className = "danger"; out.textContent = res.error; return; }
      out.className = "";
      out.textContent = "已生成：遮盖 " + res.marks + " 处（第 " + res.pages.join("、") + " 页）。下方为遮盖后的页面。";
      var link = document.getElementById("download-redacted");
      if (!link) {
        link = document.createElement("a"); link.id = "download-redacted"; link.textContent = "下载遮盖后的文件";
        var p = document.createElement("p"); p.appendChild(link); out.after(p);
      }
      link.href = res.download;
      pagesEl.classList.add("preview");
      pageEls.forEach(function (div, i) {
        div.querySelector("img").src = pageUrl(root.dataset.outPage, i) + "?t=" + Date.now();
      });
    });
  });

  render();
}());
