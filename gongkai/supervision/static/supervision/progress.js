// Progress of a batch being read in the background: polls the status JSON
// and updates the bar; reloads once the batch is done to show the results.
(function () {
  var box = document.getElementById("progress");
  if (!box) return;
  var state = box.dataset.state;
  if (state !== "queued" && state !== "running") return;
  var url = box.dataset.statusUrl;
  function $(id) { return document.getElementById(id); }
  function poll() {
    fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (r) { return r.json(); })
      .then(function (s) {
        $("bar").max = s.total || 1; $("bar").value = s.done; $("bar").textContent = s.percent + "%";
        $("done").textContent = s.done; $("total").textContent = s.total; $("state").textContent = s.state_label;
        $("current").textContent = s.current; $("current-wrap").hidden = !s.current;
        if (s.state === "done" || s.state === "failed") { $("finished").hidden = false; window.location.reload(); return; }
        setTimeout(poll, 1000);
      })
      .catch(function () { setTimeout(poll, 3000); });
  }
  setTimeout(poll, 800);
})();
