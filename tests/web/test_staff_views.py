"""The staff pages: queue with warnings and filters, registering, actions."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from gongkai.applications.models import Application

from .conftest import apply, login, new_app

pytestmark = pytest.mark.django_db


@pytest.fixture
def caseload(world):
    reg = world["registrar"]
    overdue, _ = new_app(world["bureau"], description="超期的申请")
    apply(overdue, "confirm_receipt", reg, on=date(2026, 9, 28))  # due 2026-10-30
    soon, _ = new_app(world["bureau"], arrived=date(2026, 10, 23), description="快到期的申请")
    apply(soon, "confirm_receipt", reg, on=date(2026, 10, 23))  # due 2026-11-20
    done, _ = new_app(world["bureau"], arrived=date(2025, 3, 2), description="已答复的申请")
    apply(done, "confirm_receipt", reg, on=date(2025, 3, 3))
    apply(done, "decide", reg, outcome="unavailable_not_held")
    draft = done.letters.get(kind="reply")
    apply(done, "edit_reply", reg, body=draft.body.split("如属其他机关负责公开")[0])
    apply(done, "approve_reply", world["reviewer"])
    apply(done, "send_reply", reg, on=date(2025, 3, 20))
    return {"overdue": overdue, "soon": soon, "done": done}


def _queue(client, **params):
    with time_machine.travel("2026-11-17 10:00:00+08:00", tick=False):
        return client.get(reverse("applications:queue"), params).content.decode()


def test_queue_warnings_and_filters(client, world, caseload):
    login(client, world["registrar"])
    html = _queue(client)
    assert 'class="st-overdue"' in html and 'class="st-due_soon"' in html
    assert "2026年10月30日" in html  # due dates written as agencies write them
    assert html.index(caseload["overdue"].number) < html.index(caseload["soon"].number) < html.index(
        caseload["done"].number)
    only_overdue = _queue(client, due="overdue")
    assert caseload["overdue"].number in only_overdue and caseload["soon"].number not in only_overdue
    by_outcome = _queue(client, outcome="unavailable_not_held")
    assert caseload["done"].number in by_outcome and caseload["overdue"].number not in by_outcome
    by_year = _queue(client, year="2025")
    assert caseload["done"].number in by_year and caseload["soon"].number not in by_year
    by_state = _queue(client, state="replied")
    assert caseload["done"].number in by_state and caseload["overdue"].number not in by_state
    search = _queue(client, q="快到期")
    assert caseload["soon"].number in search and caseload["overdue"].number not in search


def test_detail_shows_deadlines_and_only_allowed_actions(client, world, caseload):
    login(client, world["registrar"])
    html = client.get(reverse("applications:detail", args=[caseload["overdue"].pk])).content.decode()
    assert "2026年10月30日" in html and 'id="action-send_correction"' in html
    assert 'id="action-approve_extension"' not in html
    login(client, world["supervisor"])
    html = client.get(reverse("applications:detail", args=[caseload["overdue"].pk])).content.decode()
    assert "只能查看" in html and 'id="action-' not in html
    assert "4107**********1234" in html and "410726199001011234" not in html


def test_action_through_the_web_form(client, world, caseload):
    app = caseload["soon"]
    login(client, world["registrar"])
    url = reverse("applications:act", args=[app.pk, "request_extension"])
    r = client.post(url, {"request_extension-days": "30", "request_extension-reason": "x"}, follow=True)
    assert "延长工作日数" in r.content.decode()  # the form refuses 30 days
    app.refresh_from_db()
    assert app.state == "processing"
    client.post(url, {"request_extension-days": "10", "request_extension-reason": "档案多"})
    app.refresh_from_db()
    assert app.state == "extension_requested"
    r = client.post(reverse("applications:act", args=[app.pk, "approve_extension"]), {}, follow=True)
    assert "只有本机关的审核人" in r.content.decode()
    r = client.post(reverse("applications:act", args=[app.pk, "send_reply"]), {}, follow=True)
    assert "不能“发出答复书”" in r.content.decode()


def test_register_counter_application(client, world):
    login(client, world["registrar"])
    data = {"agency": world["bureau"].pk, "channel": "in_person", "arrived_on": "2026-10-08",
            "applicant_type": "legal_service", "applicant_name": "河南正义律师事务所", "legal_representative": "赵律师",
            "id_type": "credit_code", "id_number": "31410000MD0123456X", "phone": "0373-5550000",
            "address": "新乡市", "description": "某企业的安全生产许可证", "medium": "paper", "delivery": "pickup"}
    with time_machine.travel("2026-10-09 10:00:00+08:00", tick=False):
        r = client.post(reverse("applications:register"), data)
    assert r.status_code == 200
    app = Application.objects.get()
    assert (app.state, app.received_on, app.channel, app.created_by) == (
        "processing", date(2026, 10, 8), "in_person", world["registrar"])
    assert app.number in r.content.decode() and 'id="query-code"' in r.content.decode()
    assert app.events.get().kind == "register"


def test_reviewer_cannot_register(client, world):
    login(client, world["reviewer"])
    assert client.get(reverse("applications:register")).status_code == 403


def test_english_staff_page(client, world, caseload):
    login(client, world["registrar"])
    client.cookies["django_language"] = "en"
    html = client.get(reverse("applications:detail", args=[caseload["overdue"].pk])).content.decode()
    assert "Current due date" in html and "30 October 2026" in html


def test_timeline_shows_event_details(client, world, caseload):
    app = caseload["soon"]
    apply(app, "send_correction", world["registrar"], on=date(2026, 10, 26), items="请写明文号",
          supplement_due=date(2026, 11, 16))
    login(client, world["registrar"])
    html = client.get(reverse("applications:detail", args=[app.pk])).content.decode()
    assert "补正事项" in html and "请写明文号" in html and "2026年11月16日" in html
    assert "dict_items" not in html
    done = client.get(reverse("applications:detail", args=[caseload["done"].pk])).content.decode()
    assert "（四）无法提供 1.本机关不掌握相关政府信息" in done


def test_reviewer_sees_what_awaits_review(client, world, caseload):
    apply(caseload["soon"], "request_extension", world["registrar"], days=5, reason="r")
    login(client, world["reviewer"])
    html = _queue(client)
    assert "待审核（延期、答复书） 1" in html
    waiting = _queue(client, state="awaiting_review")
    assert caseload["soon"].number in waiting and caseload["overdue"].number not in waiting
    login(client, world["registrar"])
    assert "待审核（延期、答复书）" not in _queue(client)


def test_provisional_year_warning_is_worded_for_a_registrar(client, world):
    """Issue 11 item 6: the registrar is not told to run a command line."""
    app, _code = new_app(world["bureau"], arrived=date(2026, 11, 19))
    apply(app, "confirm_receipt", world["registrar"], on=date(2026, 11, 19))
    apply(app, "request_extension", world["registrar"], days=20, reason="档案较多")
    apply(app, "approve_extension", world["reviewer"], on=date(2026, 11, 20))  # due in January 2027
    page = login(client, world["registrar"]).get(f"/staff/{app.pk}/").content.decode()
    assert "2027年尚无国务院公布的节假日安排" in page
    assert "请管理员在“节假日安排”页面载入" in page
    assert "gongkai calendar" not in page
    assert f'href="{reverse("calendar-admin")}"' in page  # the administrators' page that loads a year


@pytest.mark.parametrize("event, expect", [("withdraw", "尚未发出的答复书草稿将被删除"), ("close", "不能再办理任何事项")])
def test_irreversible_actions_ask_first(client, world, event, expect):
    """Issue 11 item 4: 撤回 and 办结归档 first say what will happen; only the
    confirmation (the same data, posted again with confirmed=1) does it."""
    app, _code = new_app(world["bureau"])
    reg = world["registrar"]
    apply(app, "confirm_receipt", reg, on=date(2026, 9, 28))
    if event == "close":
        apply(app, "decide", reg, outcome="granted")
        apply(app, "approve_reply", world["reviewer"])
        apply(app, "send_reply", reg, on=date(2026, 10, 9))
    app.refresh_from_db()
    before = app.state
    login(client, reg)
    data = {f"{event}-note": "申请人来电撤回"} if event == "withdraw" else {}
    r = client.post(reverse("applications:act", args=[app.pk, event]), data)
    page = r.content.decode()
    assert r.status_code == 200 and 'id="confirm-what"' in page and expect in page
    if event == "withdraw":
        assert 'name="withdraw-note" value="申请人来电撤回"' in page
    app.refresh_from_db()
    assert app.state == before
    client.post(reverse("applications:act", args=[app.pk, event]), {**data, "confirmed": "1"})
    app.refresh_from_db()
    assert app.state == {"withdraw": "withdrawn", "close": "closed"}[event]
