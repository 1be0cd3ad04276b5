"""Staff of one agency can neither see nor act on another agency's
applications — in every view and API endpoint; CSRF; no script injection."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.api.models import ApiToken
from gongkai.applications import letters as letters_mod
from gongkai.applications import workflow
from gongkai.applications.models import Attachment

from .conftest import apply, login, new_app

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided(received_app, world):
    apply(received_app, "decide", world["registrar"], outcome="granted")
    apply(received_app, "approve_reply", world["reviewer"])
    apply(received_app, "send_reply", world["registrar"], on=date(2026, 10, 15))
    from django.core.files.base import ContentFile

    Attachment.objects.create(application=received_app, file=ContentFile(b"%PDF-1.4", name="a.pdf"), name="a.pdf",
                              size=8)
    return received_app


def _get_urls(app):
    letter = app.letters.first()
    att = app.attachments.first()
    return [
        reverse("applications:detail", args=[app.pk]),
        reverse("applications:letter", args=[letter.pk]),
        reverse("applications:letter_pdf", args=[letter.pk]),
        reverse("applications:letter_docx", args=[letter.pk]),
        reverse("applications:attachment", args=[att.pk]),
        reverse("applications:receipt", args=[app.pk]),
        reverse("applications:receipt_pdf", args=[app.pk]),
    ]


def test_other_agency_staff_cannot_see_any_page(client, decided, world):
    login(client, world["other_registrar"])
    for url in _get_urls(decided):
        assert client.get(url).status_code == 404, url
    queue = client.get(reverse("applications:queue")).content.decode()
    assert decided.number not in queue


def test_own_staff_and_supervisor_see_every_page(client, decided, world):
    for who in ("registrar", "reviewer", "supervisor"):
        login(client, world[who])
        for url in _get_urls(decided):
            assert client.get(url).status_code == 200, (who, url)
        assert decided.number in client.get(reverse("applications:queue")).content.decode()


def test_other_county_supervisor_sees_nothing(client, decided, world):
    """A member of 封丘县人民政府 supervises 封丘's departments, not 延津's."""
    from gongkai.agencies.models import Membership

    from .conftest import UserFactory

    fq = UserFactory(username="fq_supervisor")
    Membership.objects.create(user=fq, agency=world["other_gov"], role="registrar")
    own, _code = new_app(world["other"], user=world["other_registrar"], channel="in_person",
                         received=date(2026, 9, 28))
    login(client, fq)
    queue = client.get(reverse("applications:queue")).content.decode()
    assert own.number in queue  # the supervision works for its own county …
    assert decided.number not in queue  # … and shows nothing of another
    for url in _get_urls(decided):
        assert client.get(url).status_code == 404, url


def test_someone_in_no_agency_sees_nothing(client, decided, world):
    login(client, world["nobody"])
    assert client.get(reverse("applications:queue")).status_code == 403
    for url in _get_urls(decided):
        assert client.get(url).status_code in (403, 404), url


def test_anonymous_is_sent_to_login(client, decided):
    for url in _get_urls(decided) + [reverse("applications:queue"), reverse("applications:register")]:
        r = client.get(url)
        assert r.status_code == 302 and "/accounts/login/" in r["Location"], url


@pytest.mark.parametrize("event", [t.event for t in workflow.TRANSITIONS if "public" not in t.roles])
def test_no_action_across_agencies(client, received_app, world, event):
    """Every workflow action, posted by staff of another agency or by the
    supervising government, changes nothing."""
    for who, status in (("other_registrar", 404), ("other_reviewer", 404), ("supervisor", 403)):
        login(client, world[who])
        r = client.post(reverse("applications:act", args=[received_app.pk, event]),
                        {f"{event}-on": "2026-10-08", f"{event}-outcome": "granted", f"{event}-days": "5",
                         f"{event}-reason": "r", f"{event}-items": "x", f"{event}-supplement_due": "2026-10-30",
                         f"{event}-party": "p", f"{event}-amount": "100", f"{event}-body": "b"})
        assert r.status_code == status, (who, event)
    received_app.refresh_from_db()
    assert received_app.state == "processing"
    assert received_app.events.count() == 2


def test_register_only_for_own_agency(client, world):
    login(client, world["registrar"])
    data = {"agency": world["other"].pk, "channel": "in_person", "arrived_on": "2026-10-08",
            "applicant_type": "natural_person", "applicant_name": "王五", "id_type": "resident_id",
            "id_number": "410726199001015678", "phone": "13900000000", "address": "某地", "description": "某文件",
            "medium": "paper", "delivery": "post"}
    r = client.post(reverse("applications:register"), data)
    assert r.status_code == 404
    assert not world["other"].applications.exists()


def _token(user):
    return ApiToken.issue(user)[1]


def test_api_scopes(decided, world):
    c = Client()
    other = {"HTTP_AUTHORIZATION": f"Bearer {_token(world['other_registrar'])}"}
    own = {"HTTP_AUTHORIZATION": f"Bearer {_token(world['registrar'])}"}
    sup = {"HTTP_AUTHORIZATION": f"Bearer {_token(world['supervisor'])}"}
    assert c.get("/api/staff/applications").status_code == 401
    assert c.get("/api/staff/applications", HTTP_AUTHORIZATION="Bearer nope").status_code == 401
    assert [a["number"] for a in c.get("/api/staff/applications", **other).json()] == []
    assert [a["number"] for a in c.get("/api/staff/applications", **own).json()] == [decided.number]
    assert [a["number"] for a in c.get("/api/staff/applications", **sup).json()] == [decided.number]
    assert c.get(f"/api/staff/applications/{decided.pk}", **other).status_code == 404
    assert c.get(f"/api/staff/applications/{decided.pk}", **own).status_code == 200
    body = json.dumps({"event": "close", "data": {}})
    assert c.post(f"/api/staff/applications/{decided.pk}/actions", body, content_type="application/json",
                  **other).status_code == 404
    assert c.post(f"/api/staff/applications/{decided.pk}/actions", body, content_type="application/json",
                  **sup).status_code == 403
    decided.refresh_from_db()
    assert decided.state == "replied"
    r = c.post(f"/api/staff/applications/{decided.pk}/actions", body, content_type="application/json", **own)
    assert r.status_code == 200 and r.json()["state"] == "closed"


def test_query_code_reissue_across_agencies(client, decided, world):
    """Only the agency's own registrars may reissue the applicant's query code."""
    before = decided.query_code_hash
    url = reverse("applications:reissue_code", args=[decided.pk])
    for who, status in (("other_registrar", 404), ("supervisor", 403), ("reviewer", 403)):
        login(client, world[who])
        assert client.post(url, {"confirmed": "1"}).status_code == status, who
    decided.refresh_from_db()
    assert decided.query_code_hash == before and not decided.events.filter(kind="reissue_code").exists()


def test_revoked_token_is_refused(decided, world):
    token, key = ApiToken.issue(world["registrar"])
    token.revoked = True
    token.save()
    assert Client().get("/api/staff/applications", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401


def test_csrf_is_enforced(received_app, world):
    c = Client(enforce_csrf_checks=True)
    c.force_login(world["registrar"])
    r = c.post(reverse("applications:act", args=[received_app.pk, "start_consultation"]),
               {"start_consultation-on": "2026-10-08", "start_consultation-party": "p"})
    assert r.status_code == 403
    anon = Client(enforce_csrf_checks=True)
    r = anon.post(reverse("portal:apply", args=[world["bureau"].slug]), {"applicant_name": "x"})
    assert r.status_code == 403
    received_app.refresh_from_db()
    assert received_app.state == "processing"


XSS = "<script>alert(1)</script>"
TEXT_FIELDS = ("applicant_name", "legal_representative", "id_number", "phone", "address", "description", "purpose")


def test_script_in_every_text_field_is_escaped(client, world):
    over = dict.fromkeys(TEXT_FIELDS, XSS)
    app, code = new_app(world["bureau"], **over)
    reg = world["registrar"]
    apply(app, "confirm_receipt", reg, on=date(2026, 9, 28))
    apply(app, "send_correction", reg, on=date(2026, 9, 29), items=XSS, supplement_due=date(2026, 10, 20))
    apply(app, "record_supplement", reg, on=date(2026, 10, 9), note=XSS)
    apply(app, "start_consultation", reg, on=date(2026, 10, 10), party=XSS)
    apply(app, "end_consultation", reg, on=date(2026, 10, 12), note=XSS)
    apply(app, "decide", reg, outcome="granted")
    apply(app, "edit_reply", reg, body=f"正文{XSS}")
    apply(app, "approve_reply", world["reviewer"])
    apply(app, "send_reply", reg, on=date(2026, 10, 20))
    pages = []
    login(client, reg)
    pages.append(client.get(reverse("applications:queue")).content.decode())
    pages.append(client.get(reverse("applications:detail", args=[app.pk])).content.decode())
    for letter in app.letters.all():
        pages.append(client.get(reverse("applications:letter", args=[letter.pk])).content.decode())
        pages.append(letters_mod.render_html(letter))
    anon = Client()
    pages.append(anon.post(reverse("portal:status"), {"number": app.number, "code": code}).content.decode())
    for page in pages:
        assert "<script>alert" not in page
    assert any("&lt;script&gt;" in p for p in pages[1:2])
    assert "&lt;script&gt;" in pages[-1]  # the description on the status page, escaped


def test_every_object_view_is_covered_by_the_cross_agency_tests(decided):
    """A new view that takes an object id must be added to ``_get_urls`` (or
    be the workflow action, tested above) — this fails until it is."""
    from django.urls import get_resolver

    # views with their own cross-agency tests: act (above), reissue_code,
    # retry_notification (test_notifications.py), released records (test_released.py)
    covered = {"act", "reissue_code", "retry_notification", "released_add", "released_delete", "released_download",
               "released_page", "redact", "redact_find", "redact_apply"} | {get_resolver().resolve(u).url_name for u in _get_urls(decided)}
    object_views = {
        view.name
        for include in get_resolver().url_patterns
        if getattr(include, "namespace", None) == "applications"
        for view in include.url_patterns
        if "<int:" in str(view.pattern)
    }
    assert object_views and object_views <= covered, object_views - covered
