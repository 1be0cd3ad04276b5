"""The clock's projection stored on the application: written with every
event, equal to what the events give, and what the queue filters, counts and
sorts by in SQL."""

from __future__ import annotations

import contextlib
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.applications import clockmap, services, workflow
from gongkai.applications.models import Application
from gongkai.applications.outcomes import OUTCOMES
from gongkai.applications.views import DUE_FILTERS
from gongkai.applications.workflow import WorkflowError

from .conftest import login, new_app

START = date(2026, 3, 2)

# one step: which available action (index), days to advance, and a number for the action's data
steps = st.lists(st.tuples(st.integers(0, 30), st.integers(0, 12), st.integers(0, 40)), min_size=1, max_size=14)


def _data(event: str, day: date, k: int) -> dict:
    return {
        "on": day, "items": "请补正", "supplement_due": day + timedelta(days=k + 1), "party": "第三方",
        "days": k % 25 + 1, "reason": "理由", "amount": 100, "basis": "按件", "note": "说明",
        "outcome": list(OUTCOMES)[k % len(OUTCOMES)], "until": day + timedelta(days=k + 10), "body": "答复",
    }


def _play(app, world, plan) -> date:
    """Apply a random plan through services.apply (refusals are part of the game)."""
    admin = world["admin"]
    day = START
    for pick, advance, k in plan:
        day += timedelta(days=advance)
        app.refresh_from_db()
        options = workflow.available(app.state, {"admin"})
        if not options:
            break
        t = options[pick % len(options)]
        with contextlib.suppress(WorkflowError):
            services.apply(app, t.event, admin, _data(t.event, day, k), today_=day)
    return day


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plan=steps, register_received=st.booleans())
def test_stored_projection_equals_the_events_after_any_sequence(world, plan, register_received):
    with transaction.atomic():
        user = world["registrar"] if register_received else None
        app, _ = new_app(world["bureau"], user=user, channel="in_person" if user else "online", arrived=START,
                         received=START if user else None)
        last = _play(app, world, plan)
        assert services.projection_differences() == []
        app.refresh_from_db()
        d = clockmap.deadlines(app)
        for today in (START, last, last + timedelta(days=3), last + timedelta(days=40)):
            computed = clockmap.display_status(d, today) if app.state not in workflow.FINAL_STATES else "closed"
            assert clockmap.stored_status(app, today) == computed
            rank = Application.objects.filter(pk=app.pk).annotate(r=clockmap.status_rank(today)).get().r
            assert clockmap.STATUS_ORDER[rank] == computed
            for status, _label in DUE_FILTERS:
                hit = Application.objects.filter(pk=app.pk).filter(clockmap.status_filter(status, today)).exists()
                assert hit == (status == computed), (status, computed, today)
        transaction.set_rollback(True)


def test_check_command_reports_a_tampered_projection(received_app, capsys):
    call_command("check_deadlines")
    assert "一致" in capsys.readouterr().out
    Application.objects.filter(pk=received_app.pk).update(due_on=date(2030, 1, 1))
    with pytest.raises(CommandError) as err:
        call_command("check_deadlines")
    assert err.value.returncode == 1
    out = capsys.readouterr().out
    assert received_app.number in out and "2030-01-01 → 2026-10-30" in out
    call_command("recompute_deadlines")
    assert "1 件有变化" in capsys.readouterr().out
    call_command("check_deadlines")


def test_recompute_follows_a_corrected_calendar(received_app, tmp_path, monkeypatch, capsys):
    """A correction making 2026-10-30 a holiday moves the stored due date once recomputed."""
    from gongkai.clock import calendar

    monkeypatch.setenv("GONGKAI_CALENDAR_DIR", str(tmp_path))
    s = calendar.load_schedule_file(calendar.DATA_DIR / "cn-2026.json")
    s.holidays[date(2026, 10, 30)] = "测试假日"
    calendar.install_schedule(s, tmp_path)
    try:
        call_command("recompute_deadlines")
        received_app.refresh_from_db()
        assert received_app.due_on == date(2026, 11, 2)
    finally:
        calendar.official.cache_clear()


def _mixed(world):
    reg = world["registrar"]
    today = date(2026, 11, 20)
    apps = {}
    apps["overdue"], _ = new_app(world["bureau"], user=reg, channel="in_person", arrived=date(2026, 9, 28),
                                 received=date(2026, 9, 28))
    apps["due_soon"], _ = new_app(world["bureau"], user=reg, channel="in_person", arrived=date(2026, 10, 26),
                                  received=date(2026, 10, 26))
    apps["running"], _ = new_app(world["bureau"], user=reg, channel="in_person", arrived=date(2026, 11, 16),
                                 received=date(2026, 11, 16))
    apps["paused"], _ = new_app(world["bureau"], user=reg, channel="in_person", arrived=date(2026, 11, 2),
                                received=date(2026, 11, 2))
    services.apply(apps["paused"], "start_consultation", reg, {"on": date(2026, 11, 5), "party": "甲"}, today_=today)
    apps["lapsed"], _ = new_app(world["bureau"], user=reg, channel="in_person", arrived=date(2026, 10, 8),
                                received=date(2026, 10, 8))
    services.apply(apps["lapsed"], "send_correction", reg,
                   {"on": date(2026, 10, 9), "items": "x", "supplement_due": date(2026, 10, 23)}, today_=today)
    apps["closed"], _ = new_app(world["bureau"], user=reg, channel="in_person", arrived=date(2026, 9, 1),
                                received=date(2026, 9, 1))
    services.apply(apps["closed"], "withdraw", reg, {"on": date(2026, 9, 3)}, today_=today)
    return apps


def test_queue_statuses_counts_and_order_come_from_sql(client, world, monkeypatch):
    apps = _mixed(world)
    today = date(2026, 11, 20)
    monkeypatch.setattr(services, "today", lambda: today)
    login(client, world["registrar"])
    with CaptureQueriesContext(connection) as ctx:
        r = client.get("/staff/")
    assert r.status_code == 200
    sql = [q["sql"] for q in ctx.captured_queries]
    assert not any("applications_event" in s for s in sql), "the queue reads no events"
    rows = r.context["page"].object_list
    assert [row["status"] for row in rows] == ["overdue", "lapsed", "due_soon", "running", "paused", "closed"]
    for row in rows:
        app = row["app"]
        expected = "closed" if app.state in workflow.FINAL_STATES else \
            clockmap.display_status(clockmap.deadlines(app), today)
        assert row["status"] == expected == next(k for k, a in apps.items() if a.pk == app.pk)
    assert r.context["counts"] == {"overdue": 1, "due_soon": 1, "lapsed": 1, "running": 1, "paused": 1, "closed": 0}
    r = client.get("/staff/?due=paused")
    assert [row["app"].pk for row in r.context["page"].object_list] == [apps["paused"].pk]


def test_queue_pages_in_sql_and_binds_no_parameter_per_application(client, world, monkeypatch):
    reg = world["registrar"]
    for i in range(120):
        new_app(world["bureau"], user=reg, channel="in_person", arrived=date(2026, 9, 1) + timedelta(days=i % 60),
                received=date(2026, 9, 1) + timedelta(days=i % 60))
    monkeypatch.setattr(services, "today", lambda: date(2026, 11, 20))
    login(client, reg)
    bound = []

    def record(execute, sql, params, many, context):
        bound.append(len(params or ()))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        r = client.get("/staff/?page=3")
    page = r.context["page"]
    assert page.number == 3 and len(page.object_list) == 20 and page.paginator.count == 120
    assert bound and max(bound) < 100, bound  # 120 in scope: a per-application IN (...) would bind 120 or more
    assert len(bound) < 20
    all_pks = [row["app"].pk for n in (1, 2, 3) for row in client.get(f"/staff/?page={n}").context["page"].object_list]
    assert len(set(all_pks)) == 120  # no row twice, none lost across pages
