// Report page: clicking a value shows where it was read (page, line, text)
// and selects it in the correction form.
(function () {
  var dataEl = document.getElementById("cells-data");
  if (!dataEl) return;
  var cells = JSON.parse(dataEl.textContent);
  var box = document.getElementById("source");
  var select = document.getElementById("correct-path");
  var input = document.getElementById("correct-value");
  function show(td) {
    var path = td.dataset.path, c = cells[path];
    document.querySelectorAll(".gk-table td.selected").forEach(function (x) { x.classList.remove("selected"); });
    td.classList.add("selected");
    var lines = [];
    if (c) {
      lines.push(c.label + "：" + (c.value === null ? "空白" : c.value));
      if (c.read !== c.value) lines.push("读取值：" + (c.read === null ? "空白" : c.read) + "（已更正）");
      var s = c.source;
      if (s) {
        var where = [];
        if (s.page) where.push("第" + s.page + "页");
        if (s.line) where.push("第" + s.line + "行");
        if (s.cell) where.push(s.cell);
        lines.push("出处：" + (where.join("，") || "—"));
        if (s.text) lines.push("原文：" + s.text);
        if (s.note) lines.push("说明：" + s.note);
      } else {
        lines.push("出处：读取器未记录该数值的出处");
      }
    }
    if (td.title && td.dataset.finding) {
      td.title.split("\n").forEach(function (t) { if (/^[A-Z]\d?\.[A-Z]/.test(t)) lines.push("发现：" + t); });
    }
    box.textContent = lines.join("\n");
    if (select && c) { select.value = path; if (input) { input.value = c.value === null ? "" : c.value; input.focus(); input.select(); } }
  }
  document.querySelectorAll(".gk-table td[data-path]").forEach(function (td) {
    td.addEventListener("click", function () { show(td); });
    td.addEventListener("keydown", function (e) { if (e.key === "Enter") show(td); });
  });
  document.querySelectorAll("[data-goto]").forEach(function (a) {
    a.addEventListener("click", function (e) {
      e.preventDefault();
      var td = document.querySelector('.gk-table td[data-path="' + a.dataset.goto + '"]') ||
               document.querySelector('.gk-table td[data-path^="' + a.dataset.goto + '."]');
      if (td) { td.scrollIntoView({block: "center"}); show(td); }
    });
  });
  var info = document.getElementById("show-info");
  if (info) info.addEventListener("change", function () {
    document.querySelectorAll("[data-info]").forEach(function (li) { li.hidden = !info.checked; });
  });
  if (select) select.addEventListener("change", function () {
    var td = document.querySelector('.gk-table td[data-path="' + select.value + '"]');
    if (td) show(td);
  });
})();
