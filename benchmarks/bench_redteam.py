"""Red team (issue 11): replays the attacks of the review against the app as
deployed — gunicorn with 8 workers, production settings from
deploy/gongkai.env.example, on 127.0.0.1:8142 behind a simulated nginx — and
against the command line, and prints whether each held:

* 99 parallel wrong passwords for one user name, then the right one
  (before the fix all 99 were checked and the right one logged in);
* 200 parallel status look-ups from one client across the 8 workers, each
  with a forged leftmost X-Forwarded-For entry (limit 10 a minute);
* NUL bytes and a lone surrogate in the public JSON API and in the web form;
* a cross-site form post (text/plain, urlencoded) to the submission API;
* a public URL for an uploaded attachment;
* a DOCX bomb (300 MB of zeros in 1 MB), a 100 MB text, 260-deep HTML and a
  100 000-deep JSON through ``gongkai check`` — exit 2, Chinese reason, time
  beside the time to check a real report (the baseline).

Out-of-range numbers are the trust-a work (forms, imports, API): they are
replayed here as API submissions and query parameters, expecting no 500.
Bounded: every request has a 60 s timeout, every CLI run 120 s, the server
is stopped at the end. ``python -m benchmarks redteam``.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PORT = 8142
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))  # the red team reuses the test helpers (tests/…)


def _held(name: str, ok: bool, detail: str) -> bool:
    print(f"   {'守住' if ok else '失守'}  {name}：{detail}", flush=True)
    return ok


def _web(results: list[bool]) -> None:
    from tests.web.test_production_server import APPLICANT, Browser, production_server

    with tempfile.TemporaryDirectory(prefix="gongkai-redteam-") as tmp, \
            production_server(Path(tmp), port=PORT, workers=8) as _srv:
        # lockout under 99 parallel attempts
        seed = Browser("198.51.100.30", port=PORT)
        seed.request("GET", "/accounts/login/")

        def guess(i):
            b = Browser(f"198.51.{100 + i // 200}.{i % 200 + 1}", port=PORT)
            b.cookies = dict(seed.cookies)
            r, html = b.form("/accounts/login/", {"username": "target", "password": f"wrong-{i}"})
            return "locked" if "锁定" in html.decode() else ("checked" if r.status == 200 else str(r.status))

        t0 = time.perf_counter()
        with ThreadPoolExecutor(99) as pool:
            out = list(pool.map(guess, range(99)))
        r, html = seed.form("/accounts/login/", {"username": "target", "password": "right-pass-2026"})
        right_refused = r.status == 200 and "锁定" in html.decode()
        results.append(_held("并发猜密码", out.count("checked") <= 5 and right_refused and set(out) <= {"locked", "checked"},
                             f"99 次并发错误密码中核对了 {out.count('checked')} 次（上限 5），其余 {out.count('locked')} 次直接拒绝；"
                             f"随后正确密码{'被拒（已锁定）' if right_refused else '登录成功'}；{time.perf_counter() - t0:.1f} s"))

        # multi-process rate limit with forged X-Forwarded-For
        def lookup(i):
            b = Browser(port=PORT)
            return b.api("/api/applications/status", {"number": "X-0", "code": "Y"},
                         xff=f"10.{i % 250}.{i // 250}.1, 198.51.100.77")[0].status

        with ThreadPoolExecutor(100) as pool:
            codes = list(pool.map(lookup, range(200)))
        passed = sum(c != 429 for c in codes)
        results.append(_held("多进程频率限制 + 伪造 X-Forwarded-For", passed == 10,
                             f"200 次并发查询（每次伪造不同的最左项）通过 {passed} 次，限额 10；其余 429"))

        # hostile bodies
        anon = Browser("198.51.100.90", port=PORT)
        bad = []
        for value in ("张\x00三", "\ud800"):
            body = json.dumps({**APPLICANT, "applicant_name": value})
            r, _ = anon.request("POST", "/api/applications/submit", body, {"Content-Type": "application/json"})
            bad.append(r.status)
        anon.request("GET", "/agencies/bureau/apply/")
        r, _ = anon.form("/agencies/bureau/apply/", {**APPLICANT, "applicant_name": "张\x00三"})
        bad.append(r.status)
        bad.append(anon.request("GET", "/staff/?q=%00")[0].status)
        results.append(_held("NUL 字节和不成对代理字符", all(c == 400 for c in bad), f"状态码 {bad}（应全为 400，绝无 500）"))

        xs = []
        for ctype in ("text/plain", "application/x-www-form-urlencoded"):
            r, _ = anon.request("POST", "/api/applications/submit", json.dumps(APPLICANT), {"Content-Type": ctype})
            xs.append(r.status)
        results.append(_held("跨站表单提交到公众接口", all(c == 415 for c in xs), f"状态码 {xs}（应为 415）"))

        out_of_range = []
        for field, value in (("id_number", "9" * 5000), ("phone", "1e400")):
            body = json.dumps({**APPLICANT, field: value})
            out_of_range.append(anon.request("POST", "/api/applications/submit", body,
                                             {"Content-Type": "application/json"})[0].status)
        token_free = anon.request("GET", "/api/staff/applications?year=99999999999&limit=1e400")[0].status
        out_of_range.append(token_free)
        results.append(_held("超出范围的数值（无 500）", all(c < 500 for c in out_of_range), f"状态码 {out_of_range}"))

        r, _ = anon.request("GET", "/media/attachments/1/1/a.pdf")
        results.append(_held("附件公开网址", r.status == 404, f"/media/… 返回 {r.status}"))


def _cli(results: list[bool]) -> None:
    from gongkai.render import render
    from tests.core.test_reader_limits import _bomb
    from tests.core.test_render import make_report

    def check(path: Path):
        t0 = time.perf_counter()
        r = subprocess.run([sys.executable, "-m", "gongkai.cli", "check", str(path)], capture_output=True, text=True,
                           timeout=120, cwd=REPO)
        return r, time.perf_counter() - t0

    with tempfile.TemporaryDirectory(prefix="gongkai-redteam-") as tmp:
        d = Path(tmp)
        real = d / "real.txt"
        real.write_text(render(make_report(), "txt"), encoding="utf-8")
        base, base_s = check(real)
        print(f"   基线：核查一份正常报告（文本）{base_s:.2f} s，退出码 {base.returncode}", flush=True)
        big = d / "big.txt"
        line = "本机关2024年收到政府信息公开申请10件。\n".encode()
        with big.open("wb") as fh:
            fh.write(line * (100 * 1024 * 1024 // len(line) + 1))
        deep_html = d / "deep.html"
        deep_html.write_text("<html><body>" + "<div>" * 260 + "表三" + "</div>" * 260 + "</body></html>",
                             encoding="utf-8")
        deep_json = d / "deep.json"
        deep_json.write_text("[" * 100000 + "]" * 100000)
        cases = [("DOCX 压缩炸弹（300 MB 解压）", _bomb(d / "bomb.docx", member="word/media/image1.bin", mb=300)),
                 ("100 MB 文本", big), ("260 层嵌套网页", deep_html), ("十万层嵌套 JSON", deep_json)]
        for name, path in cases:
            r, s = check(path)
            out = r.stdout + r.stderr
            reason = next((ln.strip() for ln in out.splitlines() if "无法读取" in ln), out.strip()[-80:])
            results.append(_held(name, r.returncode == 2 and "Traceback" not in out,
                                 f"退出码 {r.returncode}，{s:.2f} s（基线 {base_s:.2f} s）：{reason}"))


def main() -> None:
    results: list[bool] = []
    _cli(results)
    _web(results)
    print(f"   共 {len(results)} 项，守住 {sum(results)} 项，失守 {len(results) - sum(results)} 项", flush=True)
