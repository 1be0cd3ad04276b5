"""The app as deployed: gunicorn with 8 workers, production settings (from
deploy/gongkai.env.example), on loopback behind a simulated nginx
(``X-Forwarded-Proto``/``X-Forwarded-For``). One public submission, one staff
action — and the attacks that need several processes: concurrent lockout,
the rate limit across workers, X-Forwarded-For spoofing, public uploads.

Runs on the suite's database engine: a file SQLite, or a fresh database on
the PostgreSQL server of ``DATABASE_URL``."""

from __future__ import annotations

import http.client
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    """A port nobody listens on now: a fixed one may belong to another
    server on a shared machine, and the readiness check would then talk to it."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


PORT = _free_port()
WORKERS = 8


def _env_file() -> dict:
    env = {}
    for line in (REPO / "deploy/gongkai.env.example").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            k, v = line.split("=", 1)
            env[k.strip()] = v.strip()
    return env


def _database(tmp: Path):
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return f"sqlite:///{tmp / 'prod.sqlite3'}", None
    import psycopg

    name = f"gk_prod_{os.getpid()}_{secrets.token_hex(3)}"
    parts = urllib.parse.urlsplit(url)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop():
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}")), drop


SETUP = """
from django.contrib.auth import get_user_model
from gongkai.agencies.models import Agency, Membership
U = get_user_model()
a = Agency.objects.create(name="延津县应急管理局", slug="bureau", code="YJYJ")
for name, role in (("registrar", "registrar"), ("target", "registrar")):
    u = U.objects.create_user(name, f"{name}@example.org", "right-pass-2026")
    Membership.objects.create(user=u, agency=a, role=role)
print("ok")
"""


@contextmanager
def production_server(tmp: Path, *, workers: int = WORKERS, port: int = PORT, extra_env: dict | None = None):
    """Migrate a fresh database, collect static files, create an agency and
    two staff accounts, and run gunicorn -c deploy/gunicorn.conf.py with the
    documented production environment on 127.0.0.1:``port``."""
    db_url, drop = _database(tmp)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GONGKAI_", "DJANGO_", "DATABASE_URL"))}
    env.update(_env_file())
    env.update({
        "GONGKAI_SECRET_KEY": secrets.token_urlsafe(50), "DATABASE_URL": db_url, "GONGKAI_VAR_DIR": str(tmp),
        "GONGKAI_MEDIA_ROOT": str(tmp / "media"), "GONGKAI_STATIC_ROOT": str(tmp / "static"),
        "GONGKAI_CALENDAR_DIR": str(tmp / "calendar"), "GONGKAI_ALLOWED_HOSTS": "127.0.0.1",
        "GONGKAI_CSRF_TRUSTED_ORIGINS": f"https://127.0.0.1:{port}", "GONGKAI_EMAIL_HOST": "",
        "GONGKAI_SUBMIT_RATE": "10", "GONGKAI_LOGIN_RATE": "1000", "GONGKAI_LOCKOUT_FAILURES": "5",
        "GONGKAI_TASK_BACKEND": "immediate", "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": str(workers),
        "DJANGO_SETTINGS_MODULE": "gongkai.site.settings",
    })
    env.update(extra_env or {})
    env.pop("GONGKAI_ENV", None)  # production by default
    py = [sys.executable, "manage.py"]
    proc = log = None
    try:
        for cmd in (["migrate", "--noinput"], ["collectstatic", "--noinput"], ["shell", "-c", SETUP]):
            r = subprocess.run(py + cmd, env=env, cwd=REPO, capture_output=True, text=True, timeout=900)
            assert r.returncode == 0, (cmd, r.stdout[-2000:], r.stderr[-4000:])
        log = (tmp / "gunicorn.log").open("w")
        proc = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py"], env=env,
                                cwd=REPO, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 180
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError((tmp / "gunicorn.log").read_text()[-3000:]) from None
                time.sleep(0.3)
        # every worker up before the concurrency checks
        while (tmp / "gunicorn.log").read_text().count("Booting worker") < workers and time.monotonic() < deadline:
            time.sleep(0.3)
        yield {"env": env, "tmp": tmp, "port": port}
    finally:
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if log is not None:
            log.close()
        if drop:
            drop()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with production_server(tmp_path_factory.mktemp("prod")) as s:
        yield s


class Browser:
    """A client behind the simulated nginx: HTTPS said by the proxy, the
    client address in X-Forwarded-For, cookies kept by hand (they are Secure)."""

    def __init__(self, ip="198.51.100.10", port=PORT):
        self.ip = ip
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method, path, body=None, headers=None, https=True, xff=None):
        h = {"Host": f"127.0.0.1:{self.port}", "X-Forwarded-For": xff or self.ip}
        if https:
            h["X-Forwarded-Proto"] = "https"
        if self.cookies:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        h.update(headers or {})
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        conn.request(method, path, body=body, headers=h)
        r = conn.getresponse()
        data = r.read()
        for k, v in r.getheaders():
            if k.lower() == "set-cookie":
                name, _, rest = v.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        conn.close()
        return r, data

    def form(self, path, fields: dict, **kw):
        token = self.cookies.get("csrftoken")
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **fields})
        origin = f"https://127.0.0.1:{self.port}"
        return self.request("POST", path, body, {"Content-Type": "application/x-www-form-urlencoded",
                                                 "Origin": origin, "Referer": origin + path}, **kw)

    def api(self, path, payload: dict, **kw):
        return self.request("POST", path, json.dumps(payload), {"Content-Type": "application/json"}, **kw)


APPLICANT = {
    "agency": "bureau", "applicant_type": "natural_person", "applicant_name": "张三", "id_type": "resident_id",
    "id_number": "410726199001011234", "phone": "13812345678", "address": "河南省新乡市延津县人民路100号",
    "description": "2025年安全生产执法检查计划", "medium": "paper", "delivery": "post",
}


def test_production_headers_and_https(server):
    b = Browser()
    r, _ = b.request("GET", "/", https=False)
    assert r.status == 301 and r.getheader("Location").startswith("https://")
    r, html = b.request("GET", "/")
    assert r.status == 200
    assert "max-age=31536000" in r.getheader("Strict-Transport-Security")
    assert "default-src 'self'" in r.getheader("Content-Security-Policy")
    assert b"Traceback" not in html
    r, _ = b.request("GET", "/static/gongkai/site.js")
    assert r.status == 200  # WhiteNoise, after collectstatic
    r, docs = b.request("GET", "/api/docs")
    js = re.search(rb'src="(/static/ninja/swagger-ui-bundle[^"]*\.js)"', docs).group(1).decode()
    assert b.request("GET", js)[0].status == 200
    r, page = b.request("GET", "/no-such-page/")
    assert r.status == 404 and "页面不存在" in page.decode()


def test_submission_and_staff_action(server):
    anon = Browser("198.51.100.20")
    r, body = anon.api("/api/applications/submit", APPLICANT)
    assert r.status == 201, body
    number = json.loads(body)["number"]
    staff = Browser("198.51.100.21")
    staff.request("GET", "/accounts/login/")
    r, _ = staff.form("/accounts/login/", {"username": "registrar", "password": "right-pass-2026"})
    assert r.status == 302 and "sessionid" in staff.cookies
    r, queue = staff.request("GET", "/staff/")
    pk = re.search(rf'href="/staff/(\d+)/"[^>]*>\s*{re.escape(number)}', queue.decode()).group(1)
    r, _ = staff.form(f"/staff/{pk}/act/confirm_receipt/", {"confirm_receipt-on": time.strftime("%Y-%m-%d")})
    assert r.status == 302
    r, detail = staff.request("GET", f"/staff/{pk}/")
    assert "办理中" in detail.decode() and "确认收到申请日期" in detail.decode()
    # uploads have no public URL
    assert anon.request("GET", "/media/attachments/x.pdf")[0].status == 404


def test_rate_limit_holds_across_8_workers_and_spoofed_xff(server):
    """30 parallel look-ups from one client (each with a different forged
    leftmost X-Forwarded-For entry): exactly GONGKAI_SUBMIT_RATE=10 pass."""
    def one(i):
        b = Browser()
        r, _ = b.api("/api/applications/status", {"number": "X-0", "code": "Y"}, xff=f"10.{i}.0.1, 198.51.100.77")
        return r.status

    with ThreadPoolExecutor(30) as pool:
        codes = list(pool.map(one, range(30)))
    assert codes.count(429) == 20 and codes.count(404) == 10, codes


def test_lockout_holds_under_parallel_attempts_across_workers(server):
    seed = Browser("198.51.100.30")
    seed.request("GET", "/accounts/login/")

    def one(i):
        b = Browser(f"198.51.100.{40 + i}")
        b.cookies = dict(seed.cookies)
        r, html = b.form("/accounts/login/", {"username": "target", "password": f"wrong-{i}"})
        return "locked" if "锁定" in html.decode() else ("checked" if r.status == 200 else str(r.status))

    with ThreadPoolExecutor(24) as pool:
        results = list(pool.map(one, range(24)))
    assert set(results) <= {"locked", "checked"}, results
    assert results.count("checked") <= 5, results
    r, html = seed.form("/accounts/login/", {"username": "target", "password": "right-pass-2026"})
    assert r.status == 200 and "锁定" in html.decode()
