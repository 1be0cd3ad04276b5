"""The REST API: public submission and status, staff workflow actions."""

from __future__ import annotations

import json

import pytest
import time_machine
from django.test import Client

from gongkai.api.models import ApiToken
from gongkai.applications import services
from gongkai.applications.models import Application

from .conftest import APPLICANT

pytestmark = pytest.mark.django_db


def _post(c, url, data, **kw):
    return c.post(url, json.dumps(data), content_type="application/json", **kw)


def test_openapi_docs(client):
    assert client.get("/api/docs").status_code == 200
    schema = client.get("/api/openapi.json").json()
    assert "/api/applications/submit" in schema["paths"]
    assert "/api/staff/applications/{pk}/actions" in schema["paths"]


def test_public_submit_and_status(world):
    c = Client()
    r = _post(c, "/api/applications/submit", {"agency": "bureau", **APPLICANT})
    assert r.status_code == 201, r.content
    out = r.json()
    assert out["number"] == f"YJYJ-{services.today().year}-0001" and out["state"] == "registered"
    app = Application.objects.get(number=out["number"])
    assert app.applicant_name == "张三"
    s = _post(c, "/api/applications/status", {"number": out["number"], "code": out["query_code"]})
    assert s.status_code == 200
    assert [t["event"] for t in s.json()["timeline"]] == ["submit"]
    assert "id_number" not in s.content.decode() and APPLICANT["phone"] not in s.content.decode()
    assert _post(c, "/api/applications/status", {"number": out["number"], "code": "X"}).status_code == 404


def test_public_submit_errors_in_chinese(world):
    c = Client()
    r = _post(c, "/api/applications/submit", {"agency": "nope", **APPLICANT})
    assert r.status_code == 404 and r.json()["detail"] == "没有这个机关"
    r = _post(c, "/api/applications/submit", {"agency": "bureau", **APPLICANT, "applicant_type": "x"})
    assert r.status_code == 400 and "申请人类型" in r.json()["detail"]
    r = _post(c, "/api/applications/submit", {"agency": "bureau", **APPLICANT, "medium": "carrier-pigeon"})
    assert r.status_code == 400
    assert not Application.objects.exists()


def test_rate_limit_429(world, settings, monkeypatch):
    monkeypatch.delenv("GONGKAI_SUBMIT_RATE", raising=False)
    settings.GONGKAI_SUBMIT_RATE = 2
    c = Client()
    with time_machine.travel("2026-10-08 10:00:10+08:00", tick=False):  # one rate-limit window
        codes = [_post(c, "/api/applications/submit", {"agency": "bureau", **APPLICANT}).status_code
                 for _ in range(4)]
        assert codes == [201, 201, 429, 429]
        r = _post(c, "/api/applications/submit", {"agency": "bureau", **APPLICANT})
        assert r.json()["detail"] == "提交过于频繁，请一分钟后再试。"
        other_ip = _post(c, "/api/applications/submit", {"agency": "bureau", **APPLICANT}, REMOTE_ADDR="10.0.0.9")
        assert other_ip.status_code == 201


def test_staff_workflow_through_api(world):
    c = Client()
    out = _post(c, "/api/applications/submit", {"agency": "bureau", **APPLICANT}).json()
    pk = Application.objects.get(number=out["number"]).pk
    reg = {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(world['registrar'])[1]}"}
    rev = {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(world['reviewer'])[1]}"}
    url = f"/api/staff/applications/{pk}/actions"
    r = _post(c, url, {"event": "confirm_receipt", "data": {"on": "2026-09-28"}}, **reg)
    if r.status_code == 400:  # today is before 2026-09-28 on this machine's clock
        r = _post(c, url, {"event": "confirm_receipt", "data": {}}, **reg)
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["state"] == "processing" and body["deadlines"]["current_due"]
    assert "request_extension" in body["available_actions"]
    r = _post(c, url, {"event": "request_extension", "data": {"days": 10, "reason": "调档"}}, **reg)
    assert r.json()["state"] == "extension_requested"
    r = _post(c, url, {"event": "approve_extension", "data": {}}, **reg)
    assert r.status_code == 400 and "审核人" in r.json()["detail"]
    r = _post(c, url, {"event": "approve_extension", "data": {}}, **rev)
    assert r.status_code == 200 and r.json()["deadlines"]["extension_days"] == 10
    r = _post(c, url, {"event": "send_reply", "data": {}}, **reg)
    assert r.status_code == 400 and "不能" in r.json()["detail"]
    detail = c.get(f"/api/staff/applications/{pk}", **reg).json()
    assert [e["kind"] for e in detail["events"]] == ["submit", "confirm_receipt", "request_extension",
                                                     "approve_extension"]
    assert detail["id_number_masked"] == "4107**********1234"


def test_issue_token_command(world):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("issue_token", "registrar", stdout=out)
    key = out.getvalue().strip()
    assert key.startswith("gk_")
    r = Client().get("/api/staff/applications", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert r.status_code == 200


def test_public_letter_download(world):
    from datetime import date

    from .conftest import apply, new_app

    app, code = new_app(world["bureau"])
    apply(app, "confirm_receipt", world["registrar"], on=date(2026, 9, 28))
    apply(app, "decide", world["registrar"], outcome="granted")
    draft = app.letters.get()
    c = Client()
    body = {"number": app.number, "code": code, "letter": draft.pk}
    assert _post(c, "/api/applications/letter", body).status_code == 404  # not sent yet
    apply(app, "approve_reply", world["reviewer"])
    apply(app, "send_reply", world["registrar"], on=date(2026, 10, 9))
    r = _post(c, "/api/applications/letter", body)
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    r = _post(c, "/api/applications/letter", {**body, "format": "docx"})
    assert r.status_code == 200 and r.content[:2] == b"PK"
    assert _post(c, "/api/applications/letter", {**body, "code": "WRONG123"}).status_code == 404
    other, other_code = new_app(world["other"])
    assert _post(c, "/api/applications/letter", {**body, "number": other.number, "code": other_code}).status_code == 404


def test_annual_report_published_and_draft_scoped_like_the_web(world):
    """The API serves the annual report: a published version (tables as the
    exchange JSON, findings, versions) to anyone; the draft to staff who can
    see the agency, and to no one else."""
    from datetime import date

    from gongkai.reports import services as report_services

    bureau = world["bureau"]
    reg = world["registrar"]
    app, _ = services.create(bureau, dict(APPLICANT), channel="in_person", arrived_on=date(2025, 3, 3), user=reg,
                             received_on=date(2025, 3, 3), today_=date(2025, 3, 3))
    Application.objects.filter(pk=app.pk).update(state="closed", outcome="granted", decided_on=date(2025, 3, 20))
    obj = report_services.get_report(bureau, 2025)
    obj.overview, obj.problems, obj.other = "概况。", "问题。", "其他。"
    obj.save()
    c = Client()
    assert c.get("/api/reports/bureau/2025").status_code == 404  # not yet published
    report_services.publish(obj, world["reviewer"])
    r = c.get("/api/reports/bureau/2025")
    assert r.status_code == 200
    body = r.json()
    assert body["source"] == "published" and body["version"] == 1 and [v["number"] for v in body["versions"]] == [1]
    assert body["report"]["requests"]["granted"][6] == 1 and body["report"]["agency"] == "延津县应急管理局"
    assert all({"rule", "severity", "message"} <= set(f) for f in body["findings"])
    assert c.get("/api/reports/bureau/2025?version=2").status_code == 404
    # the draft: a token of the agency's staff (or its supervisor), not another county's
    headers = {}
    for who, status in (("registrar", 200), ("supervisor", 200), ("other_registrar", 404)):
        _row, key = ApiToken.issue(world[who], "t")
        headers[who] = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
        assert c.get("/api/staff/reports/bureau/2025", **headers[who]).status_code == status, who
    draft = c.get("/api/staff/reports/bureau/2025", **headers["registrar"]).json()
    assert draft["source"] == "draft" and draft["report"]["sections"]["overview"] == "概况。"
    assert c.get("/api/staff/reports/bureau/2025").status_code == 401
