"""``manage.py send_reminders`` e-mails each agency's staff about due/overdue applications."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from gongkai.applications.models import Notification
from gongkai.site.tasking import run_pending_tasks

from .conftest import apply, new_app

pytestmark = pytest.mark.django_db(transaction=True)  # the worker (run_pending_tasks) closes the connection


def _reminders():
    return [m for m in mail.outbox if "期限提醒" in m.subject]


def test_reminders_go_to_the_right_staff(world):
    reg = world["registrar"]
    overdue, _ = new_app(world["bureau"])
    apply(overdue, "confirm_receipt", reg, on=date(2026, 9, 28))  # due 2026-10-30
    due_soon, _ = new_app(world["bureau"], arrived=date(2026, 10, 23))
    apply(due_soon, "confirm_receipt", reg, on=date(2026, 10, 23))  # due 2026-11-20
    fine, _ = new_app(world["bureau"], arrived=date(2026, 11, 19))
    apply(fine, "confirm_receipt", reg, on=date(2026, 11, 19))
    done, _ = new_app(world["bureau"], arrived=date(2026, 9, 1))
    apply(done, "confirm_receipt", reg, on=date(2026, 9, 1))
    apply(done, "withdraw", reg, on=date(2026, 9, 3))
    lapsed, _ = new_app(world["bureau"], arrived=date(2026, 10, 12))
    apply(lapsed, "confirm_receipt", reg, on=date(2026, 10, 12))
    apply(lapsed, "send_correction", reg, on=date(2026, 10, 13), items="x", supplement_due=date(2026, 11, 3))
    other, _ = new_app(world["other"], arrived=date(2026, 11, 19))  # nothing due there
    with time_machine.travel("2026-11-17 08:00:00+08:00", tick=False):
        out = StringIO()
        call_command("send_reminders", stdout=out)
    assert not _reminders()  # queued, not sent: the background worker sends them
    run_pending_tasks()
    # the bureau's three members get one mail each; the other county's staff none
    reminders = _reminders()
    recipients = sorted(m.to[0] for m in reminders)
    assert recipients == ["admin@example.org", "registrar@example.org", "reviewer@example.org"]
    body = reminders[0].body
    assert overdue.number in body and due_soon.number in body
    assert fine.number not in body and done.number not in body and other.number not in body
    assert "已超期" in body and "即将到期" in body
    assert "超期1件，即将到期1件，补正或缴费期限已过1件" in reminders[0].subject
    assert lapsed.number in body and "2026年11月3日已过" in body
    assert "共 3 封提醒邮件" in out.getvalue()
    assert Notification.objects.filter(key="staff_due", status="sent").count() == 3


def test_no_mail_when_nothing_is_due(world):
    app, _ = new_app(world["bureau"], arrived=date(2026, 11, 19))
    apply(app, "confirm_receipt", world["registrar"], on=date(2026, 11, 19))
    with time_machine.travel("2026-11-20 08:00:00+08:00", tick=False):
        call_command("send_reminders", stdout=StringIO())
    run_pending_tasks()
    assert _reminders() == []
