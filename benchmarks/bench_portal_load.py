"""Load on the public portal: 200 concurrent online submissions.

Starts Django's threaded development server (as ``runserver --noreload``
does, with a larger listen backlog) on 127.0.0.1 with a fresh
temporary SQLite database, sends N submissions to ``/api/applications/submit``
from W client threads at once, stops the server, then checks that none was
lost and no receipt number was issued twice. Prints throughput and latency
percentiles. Bounded: N requests, a 60 s timeout each, the server killed at
the end.
"""

from __future__ import annotations

import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
N = int(os.environ.get("BENCH_SUBMISSIONS", "200"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "200"))  # all 200 at once

PAYLOAD = {
    "agency": "bench",
    "applicant_type": "natural_person",
    "applicant_name": "压力测试",
    "id_type": "resident_id",
    "id_number": "410726199001011234",
    "phone": "13812345678",
    "address": "河南省新乡市延津县人民路1号",
    "description": "2025年安全生产执法检查计划",
    "medium": "paper",
    "delivery": "post",
}


# Django's development server (what ``manage.py runserver --noreload`` runs),
# threaded, with a listen backlog large enough for the concurrent clients.
SERVER = """
import sys, django
django.setup()
from django.core.servers.basehttp import WSGIServer, WSGIRequestHandler, run
from django.core.wsgi import get_wsgi_application

class Server(WSGIServer):
    request_queue_size = 512

class Quiet(WSGIRequestHandler):
    def log_message(self, *args):
        pass

import django.core.servers.basehttp as basehttp
basehttp.WSGIRequestHandler = Quiet
run("127.0.0.1", int(sys.argv[1]), get_wsgi_application(), threading=True, server_cls=Server)
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(url: str, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except (urllib.error.URLError, ConnectionError, OSError):
            time.sleep(0.2)
    raise RuntimeError("服务器没有在规定时间内启动")


def _submit(url: str, i: int) -> tuple[float, int, str | None]:
    body = json.dumps({**PAYLOAD, "applicant_name": f"压力测试{i}"}).encode()
    req = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"}, method="POST")
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            status, data = resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as err:
        status, data = err.code, None
    except (urllib.error.URLError, OSError):
        status, data = 0, None
    return time.perf_counter() - start, status, (data or {}).get("number")


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="gongkai-bench-") as tmp:
        db = Path(tmp) / "bench.sqlite3"
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}", "GONGKAI_VAR_DIR": tmp, "GONGKAI_SUBMIT_RATE": "0",
               "GONGKAI_DEBUG": "1", "DJANGO_SETTINGS_MODULE": "gongkai.site.settings", "PYTHONUNBUFFERED": "1"}
        py = sys.executable
        subprocess.run([py, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=REPO, env=env, check=True)
        subprocess.run(
            [py, "manage.py", "shell", "-v", "0", "-c",
             "from gongkai.agencies.models import Agency; "
             "Agency.objects.create(name='压力测试局', slug='bench', code='BENCH')"],
            cwd=REPO, env=env, check=True,
        )
        port = _free_port()
        server = subprocess.Popen([py, "-c", SERVER, str(port)], cwd=REPO, env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            base = f"http://127.0.0.1:{port}"
            _wait(f"{base}/", time.monotonic() + 60)
            url = f"{base}/api/applications/submit"
            start = time.perf_counter()
            with ThreadPoolExecutor(max_workers=WORKERS) as pool:
                results = list(pool.map(lambda i: _submit(url, i), range(N)))
            elapsed = time.perf_counter() - start
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
        check = subprocess.run(
            [py, "manage.py", "shell", "-v", "0", "-c",
             "from gongkai.applications.models import Application as A; import json; "
             "print(json.dumps(list(A.objects.values_list('number', flat=True))))"],
            cwd=REPO, env=env, check=True, capture_output=True, text=True,
        )
        stored = json.loads(check.stdout.strip().splitlines()[-1])
    latencies = sorted(r[0] for r in results)
    ok = [r for r in results if r[1] == 201]
    returned = [r[2] for r in ok]
    p99 = latencies[min(len(latencies) - 1, round(0.99 * (len(latencies) - 1)))]
    print(f"   提交 {N} 件（{WORKERS} 个并发客户端），成功 {len(ok)} 件，失败 {N - len(ok)} 件"
          f"（状态码：{sorted({r[1] for r in results if r[1] != 201})}）")
    print(f"   吞吐量 {N / elapsed:.1f} 件/秒；延迟 p50 {statistics.median(latencies) * 1000:.0f} ms，"
          f"p99 {p99 * 1000:.0f} ms，最大 {latencies[-1] * 1000:.0f} ms")
    lost = set(returned) - set(stored)
    dupes = len(stored) - len(set(stored))
    print(f"   数据库中 {len(stored)} 件；丢失 {len(lost)} 件；重复受理编号 {dupes} 个；"
          f"编号连续：{sorted(stored) == [f'BENCH-{n[6:10]}-{i:04d}' for i, n in enumerate(sorted(stored), 1)]}")
    if lost or dupes or len(stored) != len(ok):
        raise SystemExit("负载测试发现丢失或重复的申请")


if __name__ == "__main__":
    main()
