"""Safe defaults (issue 11, items 11–16 and 19): no public uploads, production
by default, lockout under concurrency, per-IP throttles, proxy addresses,
settings from the environment, hostile request bodies, CSP, append-only
records, uploads that cannot be orphaned or mixed up."""

from __future__ import annotations

import importlib
import io
import json
import os
import re
import subprocess
import sys
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections
from django.test import Client, RequestFactory
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone

from gongkai.agencies import lockout
from gongkai.agencies.models import LoginFailure
from gongkai.applications import services
from gongkai.applications.models import Application, Attachment, Event
from gongkai.portal import ratelimit
from gongkai.web.appendonly import AppendOnlyError

from .conftest import APPLICANT, PASSWORD, TODAY, UserFactory, login

pytestmark = pytest.mark.django_db
REPO = Path(__file__).resolve().parents[2]


def _settings_in_subprocess(env: dict, code: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("GONGKAI_", "DJANGO_"))}
    clean.update(env)
    clean["DJANGO_SETTINGS_MODULE"] = "gongkai.site.settings"
    script = "import django; django.setup(); from django.conf import settings; " + code
    return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=clean, cwd=REPO,
                          timeout=120)


# ------------------------------------------------------------ 11: uploads, production default


def test_no_url_serves_uploads_even_in_debug(settings):
    """The URLconf has no MEDIA route, also when it is loaded with DEBUG on."""
    import gongkai.site.urls as urls

    settings.DEBUG = True
    try:
        importlib.reload(urls)
        with pytest.raises(Resolver404):
            resolve("/media/attachments/1/1/a.pdf")
        with pytest.raises(Resolver404):
            resolve(f"/{settings.MEDIA_URL.strip('/') or 'media'}/attachments/x.pdf")
    finally:
        settings.DEBUG = False
        importlib.reload(urls)


def test_attachment_only_through_the_checked_view(client, world):
    app, _code = services.create(world["bureau"], APPLICANT, channel="online", arrived_on=TODAY, today_=TODAY,
                                 attachments=[SimpleUploadedFile("证明.pdf", b"%PDF-1.4 secret")])
    att = app.attachments.get()
    assert client.get("/media/" + att.file.name).status_code == 404
    assert client.get(reverse("applications:attachment", args=[att.pk])).status_code == 302  # to login
    login(client, world["other_registrar"])
    assert client.get(reverse("applications:attachment", args=[att.pk])).status_code == 404
    login(client, world["registrar"])
    r = client.get(reverse("applications:attachment", args=[att.pk]))
    assert r.status_code == 200 and b"".join(r.streaming_content) == b"%PDF-1.4 secret"


def test_production_is_the_default():
    r = _settings_in_subprocess({"GONGKAI_SECRET_KEY": "k" * 60}, "print(settings.DEBUG, settings.GONGKAI_ENV, "
                                "settings.SESSION_COOKIE_SECURE, settings.SECURE_SSL_REDIRECT, settings.SECURE_HSTS_SECONDS)")
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == ["False", "production", "True", "True", "31536000"]
    r = _settings_in_subprocess({}, "import gongkai.site.wsgi")  # no key: the server refuses to start
    assert r.returncode != 0 and "GONGKAI_SECRET_KEY" in r.stderr
    for env in ({"GONGKAI_ENV": "development"}, {"DJANGO_DEBUG": "1"}):
        r = _settings_in_subprocess(env, "print(settings.DEBUG, settings.SESSION_COOKIE_SECURE)")
        assert r.stdout.split() == ["True", "False"], (env, r.stderr)


def test_wsgi_defaults_to_production():
    r = _settings_in_subprocess({"GONGKAI_SECRET_KEY": "k" * 60},
                                "import gongkai.site.wsgi as w; print(settings.DEBUG)")
    assert r.stdout.split() == ["False"], r.stderr


def test_make_run_asks_for_development():
    text = (REPO / "Makefile").read_text()
    assert re.search(r"^run[^:\n]*:.*GONGKAI_ENV \??= ?development", text, re.M)
    out = subprocess.run(["make", "-n", "-p", "run"], capture_output=True, text=True, cwd=REPO, timeout=60).stdout
    assert "runserver" in out


# ------------------------------------------------------------ 12: lockout, throttle


def _login(c: Client, username: str, password: str):
    return c.post(reverse("login"), {"username": username, "password": password})


def test_lockout_then_right_password_refused(world, settings):
    settings.GONGKAI_LOCKOUT_FAILURES = 3
    c = Client()
    for _ in range(3):
        assert "锁定" not in _login(c, "registrar", "wrong").content.decode()
    r = _login(c, "registrar", PASSWORD)
    assert "锁定" in r.content.decode() and "_auth_user_id" not in c.session


@pytest.mark.django_db(transaction=True)
def test_parallel_wrong_passwords_check_at_most_the_limit(settings):
    """Today 99 parallel wrong passwords are all checked; each attempt must
    take its slot before the password is checked."""
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith(("file:memorydb", ":memory:")):
        pytest.skip("内存 SQLite 不能多线程并发写；SQLite 的多进程并发由 test_production_server.py（gunicorn -w 8）检验")
    settings.GONGKAI_LOCKOUT_FAILURES = 5
    settings.GONGKAI_LOGIN_RATE = 0
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    UserFactory(username="target")
    results: list[str] = []
    barrier = threading.Barrier(24)

    def attempt():
        try:
            barrier.wait()
            html = _login(Client(), "target", "wrong").content.decode()
            results.append("locked" if "锁定" in html else "checked")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt) for _ in range(24)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 24
    assert results.count("checked") <= 5, results
    r = _login(Client(), "target", PASSWORD)
    assert "锁定" in r.content.decode()


def test_per_ip_login_throttle_across_user_names(world, settings):
    settings.GONGKAI_LOGIN_RATE = 4
    c = Client(REMOTE_ADDR="10.0.0.9")
    codes = [_login(c, f"guess{i}", "x").status_code for i in range(6)]
    assert codes[:4] == [200] * 4 and codes[4:] == [429, 429]
    assert "频繁" in _login(c, "registrar", PASSWORD).content.decode()
    assert Client(REMOTE_ADDR="10.0.0.10").post(reverse("login"), {"username": "registrar", "password": PASSWORD}
                                                ).status_code == 302


def test_password_reset_is_throttled(world, settings):
    settings.GONGKAI_LOGIN_RATE = 2
    c = Client()
    codes = [c.post(reverse("password_reset"), {"email": "x@example.org"}).status_code for _ in range(4)]
    assert codes == [302, 302, 429, 429]


def test_old_failure_rows_are_pruned(world):
    old = timezone.now() - timedelta(days=30)
    LoginFailure.objects.create(username="gone", failures=2, last_at=old)
    LoginFailure.objects.create(username="still-locked", failures=5, last_at=old,
                                locked_until=timezone.now() + timedelta(minutes=5))
    LoginFailure.objects.create(username="fresh", failures=1, last_at=timezone.now())
    assert lockout.prune() == 1
    assert set(LoginFailure.objects.values_list("username", flat=True)) == {"still-locked", "fresh"}
    LoginFailure.objects.create(username="gone-too", failures=1, last_at=old)
    lockout.begin("a-new-name", "10.0.0.1")  # a new row prunes on its way in
    assert not LoginFailure.objects.filter(username="gone-too").exists()


# ------------------------------------------------------------ 13: proxies, counters


def _req(remote="203.0.113.7", xff=None):
    meta = {"REMOTE_ADDR": remote}
    if xff is not None:
        meta["HTTP_X_FORWARDED_FOR"] = xff
    return RequestFactory().post("/", **meta)


def test_client_ip_is_the_rightmost_untrusted_hop(settings):
    settings.GONGKAI_TRUSTED_PROXIES = 0
    assert ratelimit.client_ip(_req(xff="1.1.1.1")) == "203.0.113.7"
    settings.GONGKAI_TRUSTED_PROXIES = 1
    assert ratelimit.client_ip(_req("127.0.0.1", "6.6.6.6, 198.51.100.4")) == "198.51.100.4"
    assert ratelimit.client_ip(_req("127.0.0.1", "198.51.100.4")) == "198.51.100.4"
    assert ratelimit.client_ip(_req("127.0.0.1", "not-an-ip")) == "127.0.0.1"
    settings.GONGKAI_TRUSTED_PROXIES = 2
    assert ratelimit.client_ip(_req("127.0.0.1", "6.6.6.6, 198.51.100.4, 10.0.0.2")) == "198.51.100.4"


def test_spoofed_leftmost_entries_do_not_escape_the_limit(world, settings):
    settings.GONGKAI_TRUSTED_PROXIES = 1
    settings.GONGKAI_SUBMIT_RATE = 3
    c = Client()
    codes = [c.post(reverse("portal:status"), {"number": "X", "code": "Y"}, REMOTE_ADDR="127.0.0.1",
                    HTTP_X_FORWARDED_FOR=f"10.9.{i}.1, 198.51.100.4").status_code for i in range(5)]
    assert codes == [200, 200, 200, 429, 429]


def test_legacy_trust_xff_means_one_proxy():
    r = _settings_in_subprocess({"GONGKAI_ENV": "development", "GONGKAI_TRUST_X_FORWARDED_FOR": "1"},
                                "print(settings.GONGKAI_TRUSTED_PROXIES)")
    assert r.stdout.strip() == "1", r.stderr


def test_counters_are_rows_counted_atomically(world, settings):
    settings.GONGKAI_SUBMIT_RATE = 2
    from gongkai.agencies.models import RateCounter

    req = _req("192.0.2.1")
    assert [ratelimit.allow(req) for _ in range(3)] == [True, True, False]
    assert RateCounter.objects.get().count == 3


def test_shared_cache_in_production():
    r = _settings_in_subprocess({"GONGKAI_SECRET_KEY": "k" * 60}, "print(settings.CACHES['default']['BACKEND'])")
    assert r.stdout.strip() == "django.core.cache.backends.db.DatabaseCache", r.stderr
    r = _settings_in_subprocess({"GONGKAI_SECRET_KEY": "k" * 60, "GONGKAI_CACHE_URL": "redis://127.0.0.1:6379/1"},
                                "print(settings.CACHES['default']['BACKEND'])")
    assert r.stdout.strip().endswith("RedisCache"), r.stderr


# ------------------------------------------------------------ 14: settings from the environment only


def test_gongkai_settings_come_from_the_environment():
    code = ("print(settings.GONGKAI_MAX_UPLOAD_MB, settings.GONGKAI_LOCKOUT_FAILURES, settings.GONGKAI_LOCKOUT_MINUTES, "
            "settings.GONGKAI_TRUSTED_PROXIES, settings.GONGKAI_SUBMIT_RATE)")
    r = _settings_in_subprocess({"GONGKAI_ENV": "development", "GONGKAI_MAX_UPLOAD_MB": "3",
                                 "GONGKAI_LOCKOUT_FAILURES": "7", "GONGKAI_LOCKOUT_MINUTES": "30",
                                 "GONGKAI_TRUST_X_FORWARDED_FOR": "1", "GONGKAI_SUBMIT_RATE": "4"}, code)
    assert r.stdout.split() == ["3", "7", "30", "1", "4"], r.stderr
    r = _settings_in_subprocess({"GONGKAI_ENV": "development", "GONGKAI_LOCKOUT_FAILURES": "lots"}, "pass")
    assert r.returncode != 0 and "GONGKAI_LOCKOUT_FAILURES" in r.stderr


def test_smtp_from_the_environment():
    env = {"GONGKAI_SECRET_KEY": "k" * 60, "GONGKAI_EMAIL_HOST": "smtp.example.org", "GONGKAI_EMAIL_PORT": "465",
           "GONGKAI_EMAIL_USER": "gongkai", "GONGKAI_EMAIL_PASSWORD": "s3cret", "GONGKAI_EMAIL_SSL": "1"}
    r = _settings_in_subprocess(env, (
        "from django.core import mail; import django\n"
        "b = mail.mailers['default'] if django.VERSION >= (6, 1) else mail.get_connection()\n"
        "print(type(b).__module__, b.host, b.port, b.username, b.password, b.use_ssl, b.use_tls)"))
    assert r.stdout.split() == ["django.core.mail.backends.smtp", "smtp.example.org", "465", "gongkai", "s3cret",
                                "True", "False"], r.stderr


def _declared_settings() -> set[str]:
    text = (REPO / "gongkai/site/settings.py").read_text()
    return set(re.findall(r"\b(GONGKAI_[A-Z0-9_]+|DATABASE_URL|DJANGO_DEBUG)\b", text))


# Django-free command-line code that cannot import settings.py (documented in README).
DJANGO_FREE_READS = {
    ("gongkai/cli/audit.py", "GONGKAI_AUDIT_CACHE"),  # gongkai audit's result cache, CLI only
    ("gongkai/reader/guard.py", "GONGKAI_READER_MEMORY_MB"),  # set by the parent for its reading child
    ("gongkai/redact.py", "GONGKAI_SOFFICE_TIMEOUT"),  # Django-free core (LibreOffice conversion)
    ("gongkai/reader/scan/__init__.py", "GONGKAI_PROGRESS"),  # Django-free reader: OCR progress bar on stderr
    ("gongkai/reader/scan/engines.py", "GONGKAI_OCR_ENGINE"),  # Django-free reader: OCR engine (comparison only)
}


def test_no_gongkai_setting_read_outside_settings_py():
    """``getattr(settings, "GONGKAI_…", default)`` hides a setting the
    environment cannot reach; ``os.environ`` outside settings.py the same.
    The Django-free clock reads its three variables itself when run from
    the CLI (they are declared in settings.py as well)."""
    offenders = []
    for path in sorted((REPO / "gongkai").rglob("*.py")):
        rel = path.relative_to(REPO).as_posix()
        if rel == "gongkai/site/settings.py":
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"getattr\(\s*settings\s*,\s*[\"']GONGKAI_", text):
            offenders.append(f"{rel}: getattr(settings, GONGKAI_…)")
        for name in re.findall(r"os\.environ(?:\.get)?[\[(]\s*[\"'](GONGKAI_[A-Z0-9_]+)", text):
            if (rel, name) not in DJANGO_FREE_READS and not rel.startswith("gongkai/clock/"):
                offenders.append(f"{rel}: os.environ {name}")
    assert offenders == []


def test_every_setting_is_in_the_readme_and_every_variable_used_is_declared():
    declared = _declared_settings()
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert sorted(n for n in declared if n not in readme) == []
    used = set()
    for path in (REPO / "gongkai").rglob("*.py"):
        used |= set(re.findall(r"settings\.(GONGKAI_[A-Z0-9_]+)", path.read_text(encoding="utf-8")))
    assert sorted(used - declared) == []


def _production_env() -> dict:
    """The documented production environment: deploy/gongkai.env.example."""
    env = {}
    for line in (REPO / "deploy/gongkai.env.example").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            k, v = line.split("=", 1)
            env[k.strip()] = v.strip()
    return env


def test_check_deploy_is_clean_in_the_documented_production_configuration(tmp_path):
    env = _production_env()
    assert env.get("GONGKAI_ENV", "production") == "production"
    env.update({"GONGKAI_SECRET_KEY": "x7" * 30 + "-Qz", "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
                "GONGKAI_VAR_DIR": str(tmp_path)})
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("GONGKAI_", "DJANGO_"))}
    r = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                       capture_output=True, text=True, env={**clean, **env}, cwd=REPO, timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "no issues" in r.stdout


# ------------------------------------------------------------ 15: hostile requests


def _api(c, data, ctype="application/json", **kw):
    body = json.dumps(data) if ctype == "application/json" and not isinstance(data, (str, bytes)) else data
    return c.post("/api/applications/submit", body, content_type=ctype, **kw)


def test_api_refuses_cross_site_form_posts(world):
    c = Client()
    assert _api(c, json.dumps({"agency": "bureau", **APPLICANT}), ctype="text/plain").status_code == 415
    r = c.post("/api/applications/submit", {"agency": "bureau", **APPLICANT})  # multipart, as an HTML form
    assert r.status_code == 415 and "JSON" in r.json()["detail"]
    r = c.post("/api/applications/submit", "agency=bureau", content_type="application/x-www-form-urlencoded")
    assert r.status_code == 415
    assert not Application.objects.exists()
    assert _api(c, {"agency": "bureau", **APPLICANT}).status_code == 201


@pytest.mark.parametrize("bad", ["张\x00三", "\ud800", "abc\udfff"])
def test_unstorable_characters_are_400_not_500(world, bad):
    c = Client(raise_request_exception=False)
    body = json.dumps({"agency": "bureau", **APPLICANT, "applicant_name": bad})  # ensure_ascii: \u0000, \ud800
    r = c.post("/api/applications/submit", body, content_type="application/json")
    assert r.status_code == 400 and "无法保存的字符" in r.json()["detail"]
    r = c.post(reverse("portal:apply", args=["bureau"]), {**APPLICANT, "applicant_name": "张\x00三"})
    assert r.status_code == 400 and "无法保存的字符" in r.content.decode()
    r = c.post(reverse("portal:status"), {"number": "YJYJ\x00", "code": "A"})
    assert r.status_code == 400
    login(c, world["registrar"])
    r = c.get(reverse("applications:queue"), {"q": "a\x00b"})
    assert r.status_code == 400 and "无法保存的字符" in r.content.decode()
    assert not Application.objects.exists()


def test_request_body_capped_before_parsing(world, settings):
    c = Client()
    big = json.dumps({"agency": "bureau", **APPLICANT, "description": "长" * (2 * 1024 * 1024)})
    r = c.post("/api/applications/submit", big, content_type="application/json")
    assert r.status_code in (400, 413) and not Application.objects.exists()
    settings.GONGKAI_MAX_REQUEST_MB = 1
    r = c.post(reverse("portal:apply", args=["bureau"]),
               {**APPLICANT, "attachments": SimpleUploadedFile("a.pdf", b"%PDF" + b"0" * (2 * 1024 * 1024))})
    assert r.status_code == 413 and "过大" in r.content.decode()


def test_csp_header_and_no_inline_script(client, world):
    r = client.get("/")
    csp = r["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "object-src 'none'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp.split("script-src", 1)[1].split(";")[0]
    nonce = re.search(r"'nonce-([^']+)'", csp).group(1)
    assert nonce != re.search(r"'nonce-([^']+)'", client.get("/").headers["Content-Security-Policy"]).group(1)
    offenders = []
    for path in (REPO / "gongkai").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        if re.search(r"\son[a-z]+\s*=\s*\"", text) or "javascript:" in text:
            offenders.append(f"{path.name}: inline handler")
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in tag and "nonce=" not in tag and "application/json" not in tag:
                offenders.append(f"{path.name}: {tag}")
    assert offenders == []


def test_api_docs_from_own_static_files(client):
    html = client.get("/api/docs").content.decode()
    assert "cdn" not in html.lower() and "jsdelivr" not in html and "unpkg" not in html
    for src in re.findall(r'(?:src|href)="(/static/[^"]+)"', html):
        assert src.startswith("/static/ninja/")
    assert "/static/ninja/swagger-ui-bundle.js" in html


def test_api_errors_are_chinese(world):
    c = Client()
    r = c.get("/api/staff/applications")
    assert r.status_code == 401 and "Unauthorized" not in r.content.decode() and "令牌" in r.json()["detail"]
    r = _api(c, {"agency": "bureau"})
    assert r.status_code == 422 and "缺少此项" in r.json()["detail"]


# ------------------------------------------------------------ 16: append-only


def test_event_log_is_append_only(received_app):
    ev = received_app.events.first()
    with pytest.raises(AppendOnlyError):
        ev.save()
    with pytest.raises(AppendOnlyError):
        ev.delete()
    with pytest.raises(AppendOnlyError):
        Event.objects.filter(pk=ev.pk).update(kind="x")
    with pytest.raises(AppendOnlyError):
        received_app.events.all().delete()
    with pytest.raises(AppendOnlyError):
        Event.objects.filter(pk=ev.pk).delete()
    assert received_app.events.count() == 2


def test_published_versions_are_append_only(world):
    from gongkai.reports import services as report_services
    from gongkai.reports.models import AnnualReport, ReportVersion

    obj = AnnualReport.objects.create(agency=world["bureau"], year=2025, overview="总体情况。", problems="问题。",
                                      other="无。")
    v = report_services.publish(obj, world["reviewer"], today=TODAY)
    v.note = "改"
    with pytest.raises(AppendOnlyError):
        v.save()
    with pytest.raises(AppendOnlyError):
        v.delete()
    with pytest.raises(AppendOnlyError):
        ReportVersion.objects.filter(pk=v.pk).update(exchange={})
    with pytest.raises(AppendOnlyError):
        obj.versions.all().delete()
    v.refresh_from_db()
    assert v.note == "" and v.exchange


# ------------------------------------------------------------ 19: uploads


def test_upload_under_a_random_key(world, settings, tmp_path):
    app, _ = services.create(world["bureau"], APPLICANT, channel="online", arrived_on=TODAY, today_=TODAY,
                             attachments=[SimpleUploadedFile("../../身份证.pdf", b"%PDF-1.4")])
    name = app.attachments.get().file.name
    assert re.fullmatch(r"attachments/[0-9a-f]{32}\.pdf", name), name  # no agency/application folder, no user path


def test_failure_after_the_file_write_leaves_no_file(world, settings, monkeypatch):
    media = Path(settings.MEDIA_ROOT)

    def boom(*args, **kwargs):
        raise RuntimeError("进程在写完附件后失败")

    monkeypatch.setattr(services, "_log", boom)
    with pytest.raises(RuntimeError):
        services.create(world["bureau"], APPLICANT, channel="online", arrived_on=TODAY, today_=TODAY,
                        attachments=[SimpleUploadedFile("a.pdf", b"%PDF-1.4 a"),
                                     SimpleUploadedFile("b.pdf", b"%PDF-1.4 b")])
    assert not Application.objects.exists() and not Attachment.objects.exists()
    assert [p for p in media.rglob("*") if p.is_file()] == []


def test_cleanup_uploads_removes_orphans_only(world, settings):
    from django.core.management import call_command

    app, _ = services.create(world["bureau"], APPLICANT, channel="online", arrived_on=TODAY, today_=TODAY,
                             attachments=[SimpleUploadedFile("a.pdf", b"%PDF-1.4 a")])
    kept = Path(settings.MEDIA_ROOT) / app.attachments.get().file.name
    orphan = Path(settings.MEDIA_ROOT) / "attachments" / ("f" * 32 + ".pdf")
    orphan.write_bytes(b"%PDF")
    old = (timezone.now() - timedelta(days=2)).timestamp()
    os.utime(orphan, (old, old))
    os.utime(kept, (old, old))
    call_command("cleanup_uploads", stdout=io.StringIO())
    assert kept.exists() and not orphan.exists()

