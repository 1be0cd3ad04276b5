"""The applicant's side on the portal: the 受理回执 (page and PDF), answering a
补正 request online with files, withdrawing with a confirmation — workflow
events with the applicant's role, so the clock acts exactly as for paper."""

from __future__ import annotations

from datetime import date

import pypdfium2 as pdfium
import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from gongkai.applications import clockmap, services
from gongkai.applications.models import Attachment
from gongkai.applications.workflow import WorkflowError

from .conftest import APPLICANT, apply, login, new_app

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_text(data: bytes) -> str:
    doc = pdfium.PdfDocument(data)
    return "".join(p.get_textpage().get_text_range() for p in doc)


def lookup(client, app, code):
    r = client.post(reverse("portal:status"), {"number": app.number, "code": code})
    assert r.status_code == 200
    # the session now holds the application: its own page opens without the code
    assert client.get(reverse("portal:status_app", args=[app.pk])).status_code == 200
    return r.content.decode()


@time_machine.travel("2026-09-25 10:00:00+08:00", tick=False)
def test_online_submission_gives_a_receipt(client, world):
    data = dict(APPLICANT)
    r = client.post(reverse("portal:apply", args=["bureau"]), data)
    assert r.status_code == 200
    page = r.content.decode()
    app = world["bureau"].applications.get()
    assert reverse("portal:status_receipt", args=[app.pk]) in page
    receipt = client.get(reverse("portal:status_receipt", args=[app.pk])).content.decode()
    assert app.number in receipt and "延津县应急管理局" in receipt and "待双方确认" in receipt
    # arrived Friday 2026-09-25; confirmed that day, the 20th working day is 2026-10-29 (国庆 off, 10-10 worked)
    assert "2026年10月29日" in receipt and "国庆节假期不计" in receipt and "0373-1234567" in receipt
    assert "410726199001011234" not in receipt  # no ID number on the receipt
    pdf = client.get(reverse("portal:status_receipt_pdf", args=[app.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    text = pdf_text(pdf.content)
    assert app.number in text and "受理回执" in text
    # another browser cannot fetch it
    assert Client().get(reverse("portal:status_receipt", args=[app.pk])).status_code == 404


def test_counter_registration_receipt_counts_as_the_law_does(client, world):
    app, _ = new_app(world["bureau"], user=world["registrar"], channel="in_person", arrived=date(2026, 9, 28),
                     received=date(2026, 9, 28))
    html = login(client, world["registrar"]).get(reverse("applications:receipt", args=[app.pk])).content.decode()
    assert "2026年9月28日" in html and "2026年10月30日" in html  # workflow.md §6's worked example
    assert "国庆" in html  # the calendar's explanation
    pdf = client.get(reverse("applications:receipt_pdf", args=[app.pk])).content
    assert "2026年10月30日" in pdf_text(pdf)
    login(client, world["other_registrar"])
    assert client.get(reverse("applications:receipt", args=[app.pk])).status_code == 404


def _corrected(world):
    app, code = new_app(world["bureau"])
    apply(app, "confirm_receipt", world["registrar"], on=date(2026, 9, 28))
    apply(app, "send_correction", world["registrar"], on=date(2026, 9, 29), items="请写明检查计划的年度",
          supplement_due=date(2026, 11, 30))
    return app, code


def test_answer_a_correction_online_with_a_file(client, world):
    app, code = _corrected(world)
    paper, _ = _corrected(world)
    with time_machine.travel("2026-10-12 09:00:00+08:00", tick=False):
        page = lookup(client, app, code)
        assert "网上补正" in page and "补正申请告知书" in page
        r = client.post(reverse("portal:status_supplement", args=[app.pk]), {
            "note": "所需为2025年度计划", "files": [SimpleUploadedFile("补正说明.pdf", PDF, "application/pdf")]})
        assert r.status_code == 302
        apply(paper, "record_supplement", world["registrar"], on=date(2026, 10, 12), note="书面补正")
    app.refresh_from_db()
    assert app.state == "processing"
    event = app.events.get(kind="answer_correction")
    assert event.actor is None and event.on == date(2026, 10, 12) and event.data["note"] == "所需为2025年度计划"
    [att] = Attachment.objects.filter(event=event)
    assert att.name == "补正说明.pdf"
    # the clock restarts from the supplement exactly as when staff register a paper supplement
    online_d, paper_d = clockmap.deadlines(app), clockmap.deadlines(paper)
    assert online_d.current_due == paper_d.current_due == date(2026, 11, 9)
    staff = login(Client(), world["registrar"]).get(reverse("applications:detail", args=[app.pk])).content.decode()
    assert "补正说明.pdf" in staff and "申请人网上补正" in staff


def test_supplement_needs_content_and_a_pending_request(client, world):
    app, code = _corrected(world)
    lookup(client, app, code)
    client.post(reverse("portal:status_supplement", args=[app.pk]), {"note": "  "})
    app.refresh_from_db()
    assert app.state == "correction"
    client.post(reverse("portal:status_supplement", args=[app.pk]),
                {"files": [SimpleUploadedFile("x.exe", b"MZ....", "application/octet-stream")]})
    app.refresh_from_db()
    assert app.state == "correction"
    other, _other_code = new_app(world["bureau"])
    # the applicant's session covers their own application only
    assert client.post(reverse("portal:status_supplement", args=[other.pk]), {"note": "x"}).status_code == 404


def test_staff_cannot_act_as_the_applicant_nor_the_applicant_as_staff(world):
    app, _ = _corrected(world)
    with pytest.raises(WorkflowError, match="只能由申请人"):
        services.apply(app, "answer_correction", world["registrar"], {"note": "x"}, today_=date(2026, 11, 20))
    with pytest.raises(WorkflowError, match="申请人不能"):
        services.apply(app, "record_supplement", None, {"note": "x"}, today_=date(2026, 11, 20), as_applicant=True)
    # the applicant cannot back-date a supplement: the event is dated the day it is made
    e = services.apply(app, "answer_correction", None, {"note": "x", "on": "2026-10-01"}, today_=date(2026, 11, 20),
                       as_applicant=True)
    assert e.on == date(2026, 11, 20)


def test_withdraw_online_after_confirmation(client, world):
    app, code = new_app(world["bureau"])
    apply(app, "confirm_receipt", world["registrar"], on=date(2026, 9, 28))
    with time_machine.travel("2026-10-09 09:00:00+08:00", tick=False):
        page = lookup(client, app, code)
        assert reverse("portal:status_withdraw", args=[app.pk]) in page
        confirm = client.get(reverse("portal:status_withdraw", args=[app.pk])).content.decode()
        assert "确认撤回" in confirm and "不能取消" in confirm
        client.post(reverse("portal:status_withdraw", args=[app.pk]), {"note": "不需要了"})  # no confirmation
        app.refresh_from_db()
        assert app.state == "processing"
        client.post(reverse("portal:status_withdraw", args=[app.pk]), {"note": "不需要了", "confirm": "yes"})
        page = client.get(reverse("portal:status_app", args=[app.pk])).content.decode()
    app.refresh_from_db()
    assert app.state == "withdrawn" and app.decided_on == date(2026, 10, 9) and app.outcome == "other_other"
    d = clockmap.deadlines(app)
    assert d.closed and d.closed_by == "withdrawn"
    assert "已撤回" in page and reverse("portal:status_withdraw", args=[app.pk]) not in page
