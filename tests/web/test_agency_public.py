"""An agency's public page (figures with offline SVG charts and data tables,
annual reports, 公开指南, 主动公开目录) and the administrator's page for the
e-mail templates and the guide."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.applications.models import MessageTemplate
from gongkai.disclosure.models import DisclosureItem
from gongkai.reports import agency_stats

from .conftest import apply, login, new_app

pytestmark = pytest.mark.django_db


def decided(world, received, on, outcome="granted"):
    app, _ = new_app(world["bureau"], arrived=received)
    apply(app, "confirm_receipt", world["registrar"], on=received)
    apply(app, "decide", world["registrar"], outcome=outcome)
    body = app.letters.get(kind="reply").body.replace("（请填写不予公开部分及理由）", "涉及个人隐私")
    apply(app, "edit_reply", world["registrar"], body=body)
    apply(app, "approve_reply", world["reviewer"])
    apply(app, "send_reply", world["registrar"], on=on)
    return app


def test_figures(world):
    decided(world, date(2025, 9, 1), date(2025, 9, 5))  # 4 working days
    decided(world, date(2025, 10, 9), date(2025, 11, 20), "partially_granted")  # late: due 2025-11-06
    decided(world, date(2026, 3, 2), date(2026, 3, 12))  # 8 working days
    new_app(world["bureau"], arrived=date(2026, 9, 25))  # not decided
    s = agency_stats.compute(world["bureau"])
    assert [(r.year, r.received, r.decided) for r in s.years] == [(2025, 2, 2), (2026, 2, 1)]
    assert s.decided == 3 and (s.on_time, s.timed) == (2, 3)
    assert s.median_days == 8
    assert dict(s.outcomes)["（一）予以公开"] == 2 and dict(s.outcomes)["（二）部分公开"] == 1


def test_public_page_has_charts_tables_guide_and_catalogue(world):
    decided(world, date(2025, 9, 1), date(2025, 9, 5))
    bureau = world["bureau"]
    bureau.guide = "本局政府信息公开工作机构为办公室。\n\n申请请写明所需信息。"
    bureau.save()
    DisclosureItem.objects.create(agency=bureau, title="2025年安全生产执法检查计划", category=12,
                                  formed_on=date(2025, 3, 1), published_on=date(2025, 3, 5),
                                  url="https://example.org/plan")
    html = Client().get(reverse("reports:agency_overview", args=["bureau"])).content.decode()
    assert html.count("<svg") == 2 and "<script" not in html.split("<main>")[1]  # charts drawn on the server
    assert 'id="years"' in html and 'id="outcomes"' in html  # each chart has its data table
    assert "本局政府信息公开工作机构为办公室。" in html and "申请请写明所需信息。" in html
    assert "2025年安全生产执法检查计划" in html and "https://example.org/plan" in html
    assert re.search(r'id="on-time">100%', html)
    assert "张三" not in html and "410726" not in html  # no applicant appears
    portal = Client().get(reverse("portal:agency", args=["bureau"])).content.decode()
    assert reverse("reports:agency_overview", args=["bureau"]) in portal


def test_empty_agency_page(world):
    html = Client().get(reverse("reports:agency_overview", args=["other"])).content.decode()
    assert "尚无申请记录" in html and "第二十九条" in html  # the default guide text


def test_admin_edits_templates_and_guide(client, world):
    url = reverse("applications:message_settings", args=["bureau"])
    login(client, world["admin"])
    page = client.get(url).content.decode()
    assert "收到申请（第一封邮件，含查询码）" in page and "{查询码}" in page
    r = client.post(url, {"key": "send_correction", "subject": "请补正 {受理编号}", "body": "查询码 {查询码}"})
    assert r.status_code == 400 and "{查询码}" in r.content.decode()  # the code only in the first message
    assert not MessageTemplate.objects.exists()
    r = client.post(url, {"key": "send_correction", "subject": "请补正 {受理编号}", "body": "请看附件 {文书}。"})
    assert r.status_code == 302
    t = MessageTemplate.objects.get(agency=world["bureau"], key="send_correction")
    assert t.body == "请看附件 {文书}。"
    client.post(url, {"key": "guide", "guide": "新的指南"})
    world["bureau"].refresh_from_db()
    assert world["bureau"].guide == "新的指南"
    client.post(url, {"key": "send_correction", "reset": "1", "subject": "x", "body": "y"})
    assert not MessageTemplate.objects.exists()


def test_only_admins_edit_and_other_agencies_see_nothing(client, world):
    url = reverse("applications:message_settings", args=["bureau"])
    login(client, world["registrar"])
    assert client.get(url).status_code == 200
    assert client.post(url, {"key": "guide", "guide": "x"}).status_code == 403
    login(client, world["other_registrar"])
    assert client.get(url).status_code == 404
