"""E-mail to the applicant and staff: queued in the outbox with the event,
sent by the task runner, retried when SMTP is down, shown on the timeline."""

from __future__ import annotations

import email
import email.policy
import socket
from datetime import date, timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from gongkai.applications import notify
from gongkai.applications.models import MessageTemplate, Notification
from gongkai.site.tasking import run_pending_tasks

from .conftest import apply, login, new_app

pytestmark = pytest.mark.django_db(transaction=True)  # the worker (run_pending_tasks) closes the connection


def _to(address):
    return [m for m in mail.outbox if m.to == [address]]


def test_receipt_mail_has_the_code_once_and_staff_hear_of_online_applications(world):
    app, code = new_app(world["bureau"])
    n = Notification.objects.get(application=app, key="receipt")
    assert n.status == "queued" and code not in n.body  # the code is not stored in the message text
    assert not mail.outbox  # nothing is sent inside the request: the worker does it
    run_pending_tasks()
    n.refresh_from_db()
    assert n.status == "sent" and n.attempts == 1 and n.secret == ""
    [receipt] = _to("zhang@example.org")
    assert code in receipt.body and app.number in receipt.subject
    assert f"/status/?number={app.number}" in receipt.body
    staff = sorted(m.to[0] for m in mail.outbox if "新的网上申请" in m.subject)
    assert staff == ["admin@example.org", "registrar@example.org"]  # registrars and admins, not the reviewer

    apply(app, "confirm_receipt", world["registrar"], on=date(2026, 9, 28))
    apply(app, "send_correction", world["registrar"], on=date(2026, 9, 29), items="请写明文件名称",
          supplement_due=date(2026, 10, 20))
    run_pending_tasks()
    later = _to("zhang@example.org")[1:]
    assert [m.subject.split("：")[-1] for m in later] == ["收到申请日期已确认", "请补正申请"]
    assert all(code not in m.body for m in later)  # the code only in the first message
    correction = later[1]
    [(filename, pdf, mime)] = correction.attachments
    assert mime == "application/pdf" and pdf.startswith(b"%PDF") and "补正申请告知书" in filename
    assert "2026年10月20日" in correction.body


def test_no_mail_without_an_address_and_none_for_internal_steps(world):
    app, _ = new_app(world["bureau"], email="")
    apply(app, "confirm_receipt", world["registrar"], on=date(2026, 9, 28))
    assert not Notification.objects.filter(application=app, to_staff=False).exists()
    app2, _ = new_app(world["bureau"])
    apply(app2, "confirm_receipt", world["registrar"], on=date(2026, 9, 28))
    apply(app2, "request_extension", world["registrar"], days=10, reason="需要检索档案")  # not public
    keys = list(Notification.objects.filter(application=app2, to_staff=False).values_list("key", flat=True))
    assert keys == ["receipt", "confirm_receipt"]


def test_agency_template_replaces_the_default(world):
    MessageTemplate.objects.create(agency=world["bureau"], key="receipt", subject="收到了：{受理编号}",
                                   body="您好 {申请人}，查询码 {查询码}。")
    app, code = new_app(world["bureau"])
    run_pending_tasks()
    [m] = _to("zhang@example.org")
    assert m.subject == f"收到了：{app.number}" and m.body == f"您好 张三，查询码 {code}。"
    _other_app, _ = new_app(world["other"])  # another agency keeps the default
    run_pending_tasks()
    assert "已收到您的政府信息公开申请" in _to("zhang@example.org")[-1].subject


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _smtp(settings, port):
    backend = "django.core.mail.backends.smtp.EmailBackend"
    if hasattr(settings, "MAILERS"):  # Django 6.1
        settings.MAILERS = {"default": {"BACKEND": backend,
                                        "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5}}}
    else:
        settings.EMAIL_BACKEND = backend
        settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 5


def test_smtp_down_loses_nothing(world, settings, client):
    from aiosmtpd.controller import Controller

    port = _free_port()  # nothing listens there yet: the SMTP server is down
    _smtp(settings, port)
    app, code = new_app(world["bureau"])
    run_pending_tasks()
    n = Notification.objects.get(application=app, key="receipt")
    assert n.status == "retrying" and n.attempts == 1 and "Connection" in n.last_error
    assert n.secret == code  # still needed for the retry
    page = login(client, world["registrar"]).get(reverse("applications:detail", args=[app.pk])).content.decode()
    assert "发送失败，等待重试" in page and "zhang@example.org" in page

    received = []

    class Sink:
        async def handle_DATA(self, server, session, envelope):
            received.append(envelope)
            return "250 OK"

    smtp = Controller(Sink(), hostname="127.0.0.1", port=port)
    smtp.start()
    try:
        run_pending_tasks()  # not yet due: the retry waits RETRY_MINUTES[0]
        assert not received
        with time_machine.travel(timezone.now() + timedelta(minutes=notify.RETRY_MINUTES[0], seconds=5)):
            run_pending_tasks()
    finally:
        smtp.stop()
    n.refresh_from_db()
    assert n.status == "sent" and n.attempts == 2 and n.secret == ""
    rcpts = sorted(r for env in received for r in env.rcpt_tos)
    assert rcpts == ["admin@example.org", "registrar@example.org", "zhang@example.org"]
    raw = next(env.content for env in received if env.rcpt_tos == ["zhang@example.org"])
    text = email.message_from_bytes(raw, policy=email.policy.default).get_content()
    assert app.number in text and code in text
    page = client.get(reverse("applications:detail", args=[app.pk])).content.decode()
    assert "已发送" in page


def test_gives_up_after_the_last_attempt_and_staff_can_retry(world, settings, client):
    _smtp(settings, _free_port())
    app, _ = new_app(world["bureau"], arrived=date(2026, 9, 25))
    n = Notification.objects.get(application=app, key="receipt")
    now = timezone.now()
    for wait in (0, *notify.RETRY_MINUTES):
        now += timedelta(minutes=wait, seconds=5)
        with time_machine.travel(now):
            run_pending_tasks()
    n.refresh_from_db()
    assert n.status == "failed" and n.attempts == notify.MAX_ATTEMPTS and n.secret == ""
    if hasattr(settings, "MAILERS"):
        settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    else:
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    resp = login(client, world["registrar"]).post(reverse("applications:retry_notification", args=[n.pk]))
    assert resp.status_code == 302
    run_pending_tasks()
    n.refresh_from_db()
    assert n.status == "sent"
    # the query code was dropped when the message failed for good: the resent text says so
    resent = _to("zhang@example.org")[-1]
    assert "{查询码}" not in resent.body and notify.CODE_GONE in resent.body


def test_retry_is_for_the_agency_staff_only(world, client):
    app, _ = new_app(world["bureau"])
    n = Notification.objects.get(application=app, key="receipt")
    for who, status in (("other_registrar", 404), ("supervisor", 404)):
        assert login(client, world[who]).post(
            reverse("applications:retry_notification", args=[n.pk])).status_code == status
    n.refresh_from_db()
    assert n.status == "queued" and n.attempts == 0
