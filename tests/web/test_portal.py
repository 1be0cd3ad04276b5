"""The public portal: apply, receipt number and code once, status lookup."""

from __future__ import annotations

import re
from datetime import date

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from gongkai.applications.models import Application

from .conftest import APPLICANT, apply, new_app

pytestmark = pytest.mark.django_db


def _form(**over):
    data = dict(APPLICANT.items())
    data.update(over)
    return data


def test_home_and_agency_pages(client, world):
    home = client.get("/").content.decode()
    assert "延津县应急管理局" in home and reverse("portal:apply", args=["bureau"]) in home
    page = client.get(reverse("portal:agency", args=["bureau"]))
    assert page.status_code == 200 and "0373-1234567" in page.content.decode()
    assert client.get(reverse("portal:agency", args=["nope"])).status_code == 404


def test_submit_shows_number_and_code_once(client, world):
    r = client.post(reverse("portal:apply", args=["bureau"]), _form())
    assert r.status_code == 200
    html = r.content.decode()
    number = re.search(r'id="receipt-number">([^<]+)<', html).group(1)
    code = re.search(r'id="query-code">([^<]+)<', html).group(1)
    app = Application.objects.get(number=number)
    assert (app.channel, app.state, app.applicant_type) == ("online", "registered", "natural_person")
    assert app.events.get().kind == "submit"
    assert code not in app.query_code_hash
    # the status page with the right code
    s = client.post(reverse("portal:status"), {"number": number, "code": code}).content.decode()
    assert number in s and "网上提交申请" in s
    assert code not in s
    # wrong code: nothing shown
    bad = client.post(reverse("portal:status"), {"number": number, "code": "AAAAAAAA"}).content.decode()
    assert "不正确" in bad and "网上提交申请" not in bad


def test_form_requires_the_article_29_fields(client, world):
    r = client.post(reverse("portal:apply", args=["bureau"]), _form(description="", id_number=""))
    assert r.status_code == 200 and not Application.objects.exists()
    assert "errorlist" in r.content.decode()
    r = client.post(reverse("portal:apply", args=["bureau"]), _form(applicant_type="alien"))
    assert not Application.objects.exists()


def test_attachment_limits(client, world, settings):
    settings.GONGKAI_MAX_UPLOAD_MB = 1
    exe = SimpleUploadedFile("x.exe", b"MZ", content_type="application/octet-stream")
    r = client.post(reverse("portal:apply", args=["bureau"]), {**_form(), "attachments": [exe]})
    assert "PDF" in r.content.decode() and not Application.objects.exists()
    fake = SimpleUploadedFile("x.pdf", b"<html>not a pdf</html>", content_type="application/pdf")
    r = client.post(reverse("portal:apply", args=["bureau"]), {**_form(), "attachments": [fake]})
    assert "PDF" in r.content.decode() and not Application.objects.exists()
    big = SimpleUploadedFile("big.pdf", b"%PDF" + b"0" * (1024 * 1024 + 10), content_type="application/pdf")
    r = client.post(reverse("portal:apply", args=["bureau"]), {**_form(), "attachments": [big]})
    assert "1 MB" in r.content.decode() and not Application.objects.exists()
    ok = SimpleUploadedFile("scan.pdf", b"%PDF-1.4 small", content_type="application/pdf")
    r = client.post(reverse("portal:apply", args=["bureau"]), {**_form(), "attachments": [ok]})
    app = Application.objects.get()
    assert app.attachments.get().size == len(b"%PDF-1.4 small")


def test_personal_data_never_on_public_pages(client, world):
    app, code = new_app(world["bureau"])
    reg = world["registrar"]
    apply(app, "confirm_receipt", reg, on=date(2026, 9, 28))
    apply(app, "start_consultation", reg, on=date(2026, 9, 30), party="甲公司（第三方）")
    pages = [client.get("/").content.decode(), client.get(reverse("portal:agency", args=["bureau"])).content.decode(),
             client.post(reverse("portal:status"), {"number": app.number, "code": code}).content.decode()]
    for page in pages:
        for secret in (APPLICANT["id_number"], APPLICANT["phone"], APPLICANT["address"], "甲公司", APPLICANT["email"]):
            assert secret not in page
    assert "开始征求第三方意见" in pages[-1]


def test_staff_list_masks_id_and_phone(client, world):
    new_app(world["bureau"])
    client.force_login(world["registrar"])
    html = client.get(reverse("applications:queue")).content.decode()
    assert "4107**********1234" in html and "138****5678" in html
    assert APPLICANT["id_number"] not in html and APPLICANT["phone"] not in html


def test_letters_downloadable_only_after_lookup(world):
    app, code = new_app(world["bureau"])
    reg = world["registrar"]
    apply(app, "confirm_receipt", reg, on=date(2026, 9, 28))
    apply(app, "decide", reg, outcome="granted")
    draft = app.letters.get()
    apply(app, "approve_reply", world["reviewer"])
    apply(app, "send_reply", reg, on=date(2026, 10, 9))
    letter = app.letters.get()
    url = reverse("portal:status_letter", args=[letter.pk, "pdf"])
    c = Client()
    assert c.get(url).status_code == 404
    page = c.post(reverse("portal:status"), {"number": app.number, "code": code}).content.decode()
    assert url in page and "政府信息公开申请答复书" in page
    r = c.get(url)
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    docx = c.get(reverse("portal:status_letter", args=[letter.pk, "docx"]))
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    assert draft.pk == letter.pk


def test_draft_letters_are_not_public(world):
    app, code = new_app(world["bureau"])
    apply(app, "confirm_receipt", world["registrar"], on=date(2026, 9, 28))
    apply(app, "decide", world["registrar"], outcome="granted")
    letter = app.letters.get()
    c = Client()
    page = c.post(reverse("portal:status"), {"number": app.number, "code": code}).content.decode()
    assert "政府信息公开申请答复书" not in page
    assert c.get(reverse("portal:status_letter", args=[letter.pk, "pdf"])).status_code == 404


def test_rate_limit_on_submission(client, world, settings, monkeypatch):
    monkeypatch.delenv("GONGKAI_SUBMIT_RATE", raising=False)
    settings.GONGKAI_SUBMIT_RATE = 3
    with time_machine.travel("2026-10-08 10:00:10+08:00", tick=False) as t:  # one rate-limit window
        codes = [client.post(reverse("portal:apply", args=["bureau"]), _form()).status_code for _ in range(5)]
        assert codes == [200, 200, 200, 429, 429]
        assert Application.objects.count() == 3
        r = client.post(reverse("portal:apply", args=["bureau"]), _form())
        assert "提交过于频繁" in r.content.decode()
        t.shift(60)  # the next minute: allowed again
        assert client.post(reverse("portal:apply", args=["bureau"]), _form()).status_code == 200


def test_english_available(client, world):
    client.cookies["django_language"] = "en"
    html = client.get("/").content.decode()
    assert "Open government information" in html or "Agencies" in html
