"""Reply deadlines from the event log (条例第三十条至第三十五条)."""

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.clock import calendar
from gongkai.clock.calendar import WorkCalendar, load_schedules
from gongkai.clock.deadline import ClockSettings, Event, compute, receipt_date, status_on, working_days_left

D = date


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    return WorkCalendar(load_schedules([calendar.DATA_DIR]))


def run(cal, *events, **kw):
    return compute([Event(*e) if isinstance(e, tuple) else e for e in events], cal=cal, **kw)


# ---------------------------------------------------------------- receipt date


def test_receipt_date_by_channel():
    a, s, c = D(2026, 3, 2), D(2026, 3, 3), D(2026, 3, 4)
    assert receipt_date("in_person", arrived_on=a) == a
    assert receipt_date("registered_mail", arrived_on=a, signed_on=s) == s
    assert receipt_date("ordinary_mail", arrived_on=a, confirmed_on=c) == c
    assert receipt_date("online", arrived_on=a, confirmed_on=c) == c
    assert receipt_date("fax", arrived_on=a, confirmed_on=c) == c
    assert receipt_date("other", arrived_on=a, confirmed_on=c) == c


@pytest.mark.parametrize(
    "channel, kw, message",
    [
        ("registered_mail", {}, "签收"),
        ("ordinary_mail", {}, "确认"),
        ("online", {}, "双方确认"),
        ("fax", {}, "双方确认"),
        ("pigeon", {}, "未知的申请渠道"),
        ("online", {"confirmed_on": D(2026, 3, 1)}, "早于"),
    ],
)
def test_receipt_date_needs_the_right_date(channel, kw, message):
    with pytest.raises(ValueError, match=message):
        receipt_date(channel, arrived_on=D(2026, 3, 2), **kw)


# ---------------------------------------------------------------- the plain clock


def test_spec_worked_example(cal):
    r = run(cal, ("received", D(2026, 9, 28)))
    assert r.received_on == D(2026, 9, 28)
    assert r.original_due == r.current_due == D(2026, 10, 30)
    assert r.correction_notice_due == D(2026, 10, 13)  # 9-29, 9-30, 10-8, 10-9, 10-10 (Sat), 10-12, 10-13
    first = r.explanation[0]
    assert first.startswith("2026年9月28日收到申请，次日起算")
    assert "10月1日至7日国庆节假期不计" in first
    assert "10月10日（星期六）调休上班，计入" in first
    assert first.endswith("第20个工作日为10月30日。")
    assert r.warnings == [] and not r.paused and not r.closed


def test_correction_notice_due_is_seven_working_days(cal):
    r = run(cal, ("received", D(2026, 9, 28)))
    assert cal.working_days_between(D(2026, 9, 28), r.correction_notice_due) == 7
    assert r.correction_notice_due == D(2026, 10, 13)


def test_reply_days_parameter(cal):
    assert run(cal, ("received", D(2026, 9, 28)), reply_days=40).current_due == cal.add_working_days(D(2026, 9, 28), 40)


# ---------------------------------------------------------------- 补正


def test_correction_restarts_the_clock_and_keeps_the_original(cal):
    r = run(
        cal,
        ("received", D(2026, 3, 2)),
        Event("correction_sent", D(2026, 3, 5), days=10),
        ("supplement_received", D(2026, 3, 16)),
    )
    assert r.original_due == cal.add_working_days(D(2026, 3, 2), 20)
    assert r.current_due == cal.add_working_days(D(2026, 3, 16), 20)
    assert r.supplement_due == cal.add_working_days(D(2026, 3, 5), 10)
    assert r.clock_started_on == D(2026, 3, 16)
    assert r.warnings == []
    assert any("重新计算" in s for s in r.explanation)


def test_supplement_period_defaults_to_the_setting(cal):
    r = run(cal, ("received", D(2026, 3, 2)), ("correction_sent", D(2026, 3, 5)))
    assert r.supplement_due == cal.add_working_days(D(2026, 3, 5), 15)
    assert any("默认设置" in s for s in r.explanation)
    r = run(cal, ("received", D(2026, 3, 2)), ("correction_sent", D(2026, 3, 5)), settings=ClockSettings(supplement_days=5))
    assert r.supplement_due == cal.add_working_days(D(2026, 3, 5), 5)


def test_waiting_for_a_supplement_is_paused_and_may_lapse(cal):
    r = run(cal, ("received", D(2026, 3, 2)), ("correction_sent", D(2026, 3, 5)))
    assert r.paused and not r.closed
    assert r.lapse_outcome == "other_no_supplement" and r.lapses_on == r.supplement_due
    assert any("视为放弃申请" in s for s in r.explanation)
    assert status_on(r, D(2026, 3, 20), cal=cal) == "paused"
    assert working_days_left(r, D(2026, 3, 20), cal=cal) is None


def test_late_correction_notice_warns(cal):
    r = run(cal, ("received", D(2026, 9, 28)), ("correction_sent", D(2026, 10, 14)))
    assert any("7个工作日" in w and "超期" in w for w in r.warnings)
    ok = run(cal, ("received", D(2026, 9, 28)), ("correction_sent", D(2026, 10, 13)))
    assert ok.warnings == []


def test_late_supplement_warns(cal):
    r = run(
        cal,
        ("received", D(2026, 3, 2)),
        Event("correction_sent", D(2026, 3, 3), days=2),
        ("supplement_received", D(2026, 3, 10)),
    )
    assert any("晚于补正期限" in w for w in r.warnings)


# ---------------------------------------------------------------- consultation


def test_consultation_pause_shifts_the_due_date(cal):
    base = run(cal, ("received", D(2026, 9, 28)))
    r = run(
        cal,
        ("received", D(2026, 9, 28)),
        ("consultation_started", D(2026, 10, 12)),
        ("consultation_ended", D(2026, 10, 19)),
    )
    paused = cal.working_days_between(D(2026, 10, 12), D(2026, 10, 19))
    assert paused == 5
    assert r.paused_working_days == 5
    assert r.current_due == cal.add_working_days(base.current_due, 5)
    assert r.original_due == base.original_due
    assert r.consultation_due == cal.add_working_days(D(2026, 10, 12), 15)
    assert any("第三十三条第三款" in s for s in r.explanation)
    assert not any("第三十三条第二款" in s for s in r.explanation)  # 第二款 is the 20-day limit and the extension
    assert r.warnings == []


def test_open_consultation_freezes_the_clock(cal):
    r = run(cal, ("received", D(2026, 9, 28)), ("consultation_started", D(2026, 10, 12)))
    assert r.paused and r.paused_since == D(2026, 10, 12)
    assert r.remaining_when_paused == 20 - cal.working_days_between(D(2026, 9, 28), D(2026, 10, 12))
    assert status_on(r, D(2026, 11, 30), cal=cal) == "paused"
    assert working_days_left(r, D(2026, 11, 30), cal=cal) == r.remaining_when_paused


def test_extension_while_paused_adds_to_the_remainder(cal):
    r = run(
        cal,
        ("received", D(2026, 9, 28)),
        ("fee_notice_received", D(2026, 10, 9)),
        Event("extension_approved", D(2026, 10, 20), days=20),
    )
    assert r.paused and r.remaining_when_paused == 16 + 20
    assert r.current_due == cal.add_working_days(D(2026, 10, 30), 20)


def test_consultation_beyond_fifteen_days_warns(cal):
    r = run(
        cal,
        ("received", D(2026, 3, 2)),
        ("consultation_started", D(2026, 3, 3)),
        ("consultation_ended", D(2026, 3, 31)),
    )
    assert any("超过第三十二条" in w for w in r.warnings)


def test_overlapping_consultations_are_counted_once(cal):
    one = run(cal, ("received", D(2026, 3, 2)), ("consultation_started", D(2026, 3, 4)), ("consultation_ended", D(2026, 3, 13)))
    both = run(
        cal,
        ("received", D(2026, 3, 2)),
        ("consultation_started", D(2026, 3, 4)),
        ("consultation_started", D(2026, 3, 6)),
        ("consultation_ended", D(2026, 3, 11)),
        ("consultation_ended", D(2026, 3, 13)),
    )
    assert both.paused_working_days == one.paused_working_days == 7
    assert both.current_due == one.current_due


def test_pause_after_the_due_date_does_not_cure_lateness(cal):
    r = run(
        cal,
        ("received", D(2026, 9, 28)),
        ("consultation_started", D(2026, 11, 3)),
        ("consultation_ended", D(2026, 11, 10)),
    )
    assert r.current_due == D(2026, 10, 30)
    assert any("已届满" in w for w in r.warnings)


# ---------------------------------------------------------------- fees


def test_fee_wait_is_excluded_by_default(cal):
    r = run(
        cal,
        ("received", D(2026, 3, 2)),
        ("fee_notice_received", D(2026, 3, 9)),
        ("fee_paid", D(2026, 3, 12)),
    )
    assert r.fee_payment_due == cal.add_working_days(D(2026, 3, 9), 20)
    assert r.paused_working_days == 3
    assert r.current_due == cal.add_working_days(cal.add_working_days(D(2026, 3, 2), 20), 3)
    counted = run(
        cal,
        ("received", D(2026, 3, 2)),
        ("fee_notice_received", D(2026, 3, 9)),
        ("fee_paid", D(2026, 3, 12)),
        settings=ClockSettings(fee_wait_excluded=False),
    )
    assert counted.current_due == cal.add_working_days(D(2026, 3, 2), 20)
    assert any("计入答复期限" in s for s in counted.explanation)


def test_unpaid_fee_means_given_up(cal):
    r = run(cal, ("received", D(2026, 3, 2)), ("fee_notice_received", D(2026, 3, 9)))
    assert r.paused
    assert r.lapse_outcome == "other_fee_unpaid"
    assert r.lapses_on == r.fee_payment_due
    assert any("other_fee_unpaid" in s and "视为放弃申请" in s for s in r.explanation)


def test_payment_period_runs_from_the_day_the_applicant_received_the_notice(cal):
    """Sent on 3-09, received on 3-16: the 20 working days run from 3-16, and
    the wait (excluded by default) runs from the day the notice went out."""
    r = run(cal, ("received", D(2026, 3, 2)), ("fee_notice_sent", D(2026, 3, 9)),
            ("fee_notice_received", D(2026, 3, 16)), ("fee_paid", D(2026, 3, 19)))
    assert r.fee_payment_due == cal.add_working_days(D(2026, 3, 16), 20)
    assert r.fee_payment_due != cal.add_working_days(D(2026, 3, 9), 20)
    assert r.paused_working_days == cal.working_days_between(D(2026, 3, 9), D(2026, 3, 19)) == 8
    assert any("3月9日发出收费通知，申请人于2026年3月16日收到" in s for s in r.explanation)


def test_receipt_of_the_fee_notice_not_yet_known_means_no_lapse_yet(cal):
    r = run(cal, ("received", D(2026, 3, 2)), ("fee_notice_sent", D(2026, 3, 9)))
    assert r.paused and r.paused_since == D(2026, 3, 9)
    assert r.fee_payment_due is None and r.lapses_on is None
    assert any("尚未登记" in s for s in r.explanation)
    with pytest.raises(ValueError, match="只能发出一次收费通知"):
        run(cal, ("received", D(2026, 3, 2)), ("fee_notice_sent", D(2026, 3, 9)), ("fee_notice_sent", D(2026, 3, 10)))


def test_fee_setting_from_environment(monkeypatch):
    monkeypatch.setenv("GONGKAI_FEE_WAIT_EXCLUDED", "0")
    monkeypatch.setenv("GONGKAI_SUPPLEMENT_DAYS", "10")
    s = ClockSettings.from_env()
    assert s.fee_wait_excluded is False and s.supplement_days == 10


# ---------------------------------------------------------------- extension


def test_one_extension(cal):
    r = run(cal, ("received", D(2026, 9, 28)), Event("extension_approved", D(2026, 10, 28), days=20))
    assert r.extension_days == 20
    assert r.current_due == cal.add_working_days(D(2026, 10, 30), 20)
    assert any("延长答复期限20个工作日" in s for s in r.explanation)


def test_a_later_reasonable_deadline_for_excessive_requests(cal):
    """第三十五条: the agency sets a later deadline within the period; the clock keeps it."""
    r = run(cal, ("received", D(2026, 9, 28)), Event("later_deadline_set", D(2026, 10, 20), until=D(2026, 12, 15)))
    assert r.current_due == r.later_deadline == D(2026, 12, 15)
    assert r.original_due == D(2026, 10, 30)
    assert any("第三十五条" in s and "2026年12月15日" in s for s in r.explanation)
    # a consultation after it still adds its working days
    c = run(cal, ("received", D(2026, 9, 28)), Event("later_deadline_set", D(2026, 10, 20), until=D(2026, 12, 15)),
            ("consultation_started", D(2026, 11, 2)), ("consultation_ended", D(2026, 11, 6)))
    assert c.current_due == cal.add_working_days(D(2026, 12, 15), 4)
    # set after the period ran out: not counted, with a warning
    late = run(cal, ("received", D(2026, 9, 28)), Event("later_deadline_set", D(2026, 11, 3), until=D(2026, 12, 15)))
    assert late.current_due == D(2026, 10, 30) and any("已届满" in w for w in late.warnings)


@pytest.mark.parametrize("until, message", [
    (D(2026, 10, 29), "不晚于当时的答复期限"),  # earlier than the 20-day due date
    (D(2026, 12, 13), "不是工作日"),  # a Sunday
    (None, "合理期限"),
])
def test_a_later_deadline_must_be_later_and_a_working_day(cal, until, message):
    with pytest.raises(ValueError, match=message):
        run(cal, ("received", D(2026, 9, 28)), Event("later_deadline_set", D(2026, 10, 20), until=until))


def test_refusal_asks_the_clock(cal):
    from gongkai.clock.deadline import MAX_EXTENSION_DAYS, refusal

    log = [Event("received", D(2026, 9, 28))]
    assert refusal(log, Event("extension_approved", D(2026, 10, 9), days=MAX_EXTENSION_DAYS), cal=cal) is None
    assert "最长不得超过20个工作日" in refusal(log, Event("extension_approved", D(2026, 10, 9), days=21), cal=cal)
    twice = [*log, Event("correction_sent", D(2026, 9, 29), days=10)]
    assert "只能发一次" in refusal(twice, Event("correction_sent", D(2026, 9, 30), days=10), cal=cal)


def test_compute_is_validate_project_explain(cal):
    from gongkai.clock.deadline import default_settings, explain, project, validate

    events = [Event("received", D(2026, 9, 28)), Event("consultation_started", D(2026, 10, 12))]
    facts = validate(events)
    assert facts.received == D(2026, 9, 28) and facts.consults == [(D(2026, 10, 12), None)]
    result, trace = project(facts, cal, default_settings())
    assert [s.kind for s in trace] == ["start", "pause_open", "paused_now"]
    assert result.paused and result.explanation == []  # arithmetic only: no words yet
    said, warned = explain(trace, cal, default_settings())
    assert said == compute(events, cal=cal).explanation and warned == []


def test_second_extension_is_refused(cal):
    with pytest.raises(ValueError, match="只能延长一次"):
        run(
            cal,
            ("received", D(2026, 9, 28)),
            Event("extension_approved", D(2026, 10, 20), days=5),
            Event("extension_approved", D(2026, 10, 28), days=5),
        )


@pytest.mark.parametrize("days", [21, 0, None])
def test_extension_length(cal, days):
    with pytest.raises(ValueError, match="延长"):
        run(cal, ("received", D(2026, 9, 28)), Event("extension_approved", D(2026, 10, 20), days=days))


def test_extension_after_expiry_is_not_counted(cal):
    r = run(cal, ("received", D(2026, 9, 28)), Event("extension_approved", D(2026, 11, 2), days=10))
    assert r.current_due == D(2026, 10, 30)
    assert any("已届满" in w for w in r.warnings)


# ---------------------------------------------------------------- closing and status


def test_decided_late_warns_and_closes(cal):
    r = run(cal, ("received", D(2026, 9, 28)), ("decided", D(2026, 11, 3)))
    assert r.closed and r.closed_by == "decided"
    assert any("逾期2个工作日" in w for w in r.warnings)
    assert status_on(r, D(2026, 11, 5), cal=cal) == "closed"
    assert working_days_left(r, D(2026, 11, 5), cal=cal) is None


def test_status(cal):
    r = run(cal, ("received", D(2026, 9, 28)))
    assert status_on(r, D(2026, 10, 9), cal=cal) == "running"
    assert status_on(r, D(2026, 10, 23), cal=cal) == "due_soon"  # 5 working days left
    assert working_days_left(r, D(2026, 10, 23), cal=cal) == 5
    assert status_on(r, D(2026, 10, 22), cal=cal) == "running"
    assert status_on(r, D(2026, 10, 30), cal=cal) == "due_soon"
    assert status_on(r, D(2026, 10, 31), cal=cal) == "overdue"
    assert working_days_left(r, D(2026, 11, 3), cal=cal) == -2


# ---------------------------------------------------------------- impossible logs


@pytest.mark.parametrize(
    "events, message",
    [
        ([], "为空"),
        ([("decided", D(2026, 3, 1))], "第一件事应为收到申请"),
        ([("received", D(2026, 3, 2)), ("decided", D(2026, 3, 1))], "第一件事应为收到申请"),
        ([("received", D(2026, 3, 2)), ("received", D(2026, 3, 3))], "重复的收到申请"),
        ([("received", D(2026, 3, 2)), ("supplement_received", D(2026, 3, 3))], "没有发出补正通知"),
        ([("received", D(2026, 3, 2)), ("consultation_ended", D(2026, 3, 3))], "没有开始征求意见"),
        ([("received", D(2026, 3, 2)), ("fee_paid", D(2026, 3, 3))], "没有收到收费通知"),
        ([("received", D(2026, 3, 2)), ("decided", D(2026, 3, 3)), ("fee_paid", D(2026, 3, 4))], "之后不能再有事件"),
        ([("received", D(2026, 3, 2)), ("correction_sent", D(2026, 3, 3)), ("correction_sent", D(2026, 3, 4))], "只能发一次"),
        ([("received", D(2026, 3, 2)), ("appealed", D(2026, 3, 3))], "无法识别"),
        (
            [("received", D(2026, 3, 2)), ("correction_sent", D(2026, 3, 3)), Event("extension_approved", D(2026, 3, 4), days=5)],
            "补正期间",
        ),
        (
            [("received", D(2026, 3, 2)), ("correction_sent", D(2026, 3, 3)), ("fee_notice_received", D(2026, 3, 4))],
            "补正期间",
        ),
        (
            [("received", D(2026, 3, 2)), ("consultation_started", D(2026, 3, 9)), ("consultation_ended", D(2026, 3, 4))],
            "没有开始征求意见",
        ),
    ],
)
def test_impossible_logs_are_refused_in_chinese(cal, events, message):
    with pytest.raises(ValueError, match=message):
        run(cal, *events)


def test_events_as_dicts(cal):
    r = compute([{"kind": "received", "on": "2026-09-28"}], cal=cal)
    assert r.current_due == D(2026, 10, 30)
    assert r.to_dict()["current_due"] == "2026-10-30"


# ---------------------------------------------------------------- provisional


def test_deadline_into_a_provisional_year_warns(cal):
    r = run(cal, ("received", D(2026, 12, 20)))
    assert r.provisional_years == [2027]
    assert any("2027年尚无国务院公布的节假日安排" in w for w in r.warnings)
    inside = run(cal, ("received", D(2026, 11, 2)))
    assert inside.provisional_years == [] and inside.warnings == []


# ---------------------------------------------------------------- properties

dates = st.dates(min_value=D(2024, 1, 1), max_value=D(2026, 12, 31))


@settings(max_examples=200, deadline=None)
@given(received=dates, start=st.integers(0, 25), length=st.integers(0, 30), fee=st.booleans())
def test_a_pause_never_makes_the_due_date_earlier(cal, received, start, length, fee):
    a = cal.add_working_days(received, start)
    b = cal.add_working_days(a, length)
    kinds = ("fee_notice_received", "fee_paid") if fee else ("consultation_started", "consultation_ended")
    plain = run(cal, ("received", received))
    paused = run(cal, ("received", received), (kinds[0], a), (kinds[1], b))
    assert paused.current_due >= plain.current_due
    assert cal.is_working_day(paused.current_due)
    assert paused.original_due == plain.original_due
    if start <= 20:
        assert cal.working_days_between(plain.current_due, paused.current_due) == length


@settings(max_examples=200, deadline=None)
@given(received=dates, ext=st.integers(1, 20), when=st.integers(0, 20))
def test_due_date_with_extension_is_a_working_day(cal, received, ext, when):
    r = run(cal, ("received", received), Event("extension_approved", cal.add_working_days(received, when), days=ext))
    assert cal.is_working_day(r.current_due)
    assert cal.working_days_between(received, r.current_due) == 20 + ext
