"""The declarative workflow table and the service that applies it."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai import standard
from gongkai.applications import clockmap, services, workflow
from gongkai.applications.models import Application, Event, Letter, LetterImmutable
from gongkai.applications.outcomes import OUTCOMES
from gongkai.applications.workflow import WorkflowError

from .conftest import TODAY, apply, new_app

pytestmark = pytest.mark.django_db


def test_table_is_consistent():
    states = set(workflow.STATES)
    for t in workflow.TRANSITIONS:
        assert all(s is None or s in states for s in t.sources), t.event
        if isinstance(t.target, str):
            assert t.target in states, t.event
    # every state can be reached from a new application
    reached, frontier = set(), {None}
    while frontier:
        s = frontier.pop()
        for t in workflow.TRANSITIONS:
            if s in t.sources:
                targets = {t.target} if isinstance(t.target, str) else {"registered", "processing"}
                for x in targets - reached:
                    reached.add(x)
                    frontier.add(x)
    assert reached == states


def test_outcomes_cover_the_21_keys_with_basis_and_remedies():
    assert tuple(OUTCOMES) == standard.OUTCOME_KEYS
    assert len(OUTCOMES) == 21
    for key, info in OUTCOMES.items():
        assert info.label == standard.TABLE3_ROW_BY_KEY[key].label
        if key not in ("not_processed_confirmation", "other_other"):
            assert info.basis, key
    assert OUTCOMES["withheld_third_party"].reconsideration_first
    assert not OUTCOMES["granted"].reconsideration_first and OUTCOMES["granted"].remedies
    assert "第十六条" in OUTCOMES["withheld_process_info"].basis


def test_full_path_logs_every_transition_and_denormalizes(world):
    reg, rev = world["registrar"], world["reviewer"]
    app, code = new_app(world["bureau"])
    assert app.state == "registered" and app.received_on is None and len(code) == 8
    assert app.number == "YJYJ-2026-0001"
    apply(app, "confirm_receipt", reg, on=date(2026, 9, 28))
    app.refresh_from_db()
    assert app.received_on == date(2026, 9, 28)
    d = clockmap.deadlines(app)
    assert d.original_due == date(2026, 10, 30)  # workflow.md §6 worked example
    apply(app, "send_correction", reg, on=date(2026, 9, 29), items="请写明文号", supplement_due=date(2026, 10, 20))
    assert clockmap.status(clockmap.deadlines(app), date(2026, 10, 9)) == "paused"
    apply(app, "record_supplement", reg, on=date(2026, 10, 12))
    apply(app, "request_extension", reg, days=20, reason="档案较多")
    apply(app, "approve_extension", rev, on=date(2026, 10, 20))
    d = clockmap.deadlines(app)
    assert d.extension_days == 20 and d.current_due > d.original_due
    apply(app, "decide", reg, outcome="partially_granted")
    body = app.letters.get(kind="reply").body
    apply(app, "edit_reply", reg, body=body.replace("（请填写不予公开部分及理由）", "涉及商业秘密的部分不予公开"))
    apply(app, "approve_reply", rev)
    apply(app, "send_reply", reg, on=date(2026, 11, 10))
    app.refresh_from_db()
    assert (app.state, app.outcome, app.decided_on) == ("replied", "partially_granted", date(2026, 11, 10))
    kinds = list(app.events.values_list("kind", flat=True))
    assert kinds == ["submit", "confirm_receipt", "send_correction", "record_supplement", "request_extension",
                     "approve_extension", "decide", "edit_reply", "approve_reply", "send_reply"]
    ev = app.events.get(kind="approve_extension")
    assert (ev.actor, ev.state_before, ev.state_after, ev.data["days"]) == (rev, "extension_requested", "processing", 20)
    assert clockmap.status(clockmap.deadlines(app), TODAY) == "closed"
    assert set(app.letters.values_list("kind", flat=True)) == {"correction", "extension", "reply"}


def test_impossible_transitions_are_refused_in_chinese(received_app, world):
    reg = world["registrar"]
    with pytest.raises(WorkflowError, match="不能“发出答复书”"):
        apply(received_app, "send_reply", reg)
    with pytest.raises(WorkflowError, match="办理中"):
        apply(received_app, "record_supplement", reg)
    with pytest.raises(WorkflowError, match="没有"):
        apply(received_app, "no_such_event", reg)
    received_app.refresh_from_db()
    assert received_app.state == "processing"
    assert received_app.events.count() == 2


def test_roles_are_enforced(received_app, world):
    apply(received_app, "request_extension", world["registrar"], days=10, reason="需要调档")
    with pytest.raises(WorkflowError, match="审核人"):
        apply(received_app, "approve_extension", world["registrar"])
    with pytest.raises(WorkflowError):
        apply(received_app, "approve_extension", world["other_reviewer"])
    with pytest.raises(WorkflowError):
        apply(received_app, "approve_extension", world["supervisor"])
    apply(received_app, "approve_extension", world["admin"])  # admin acts in every role of its agency
    received_app.refresh_from_db()
    assert received_app.state == "processing"


def test_only_one_correction_and_one_extension(received_app, world):
    reg, rev = world["registrar"], world["reviewer"]
    apply(received_app, "send_correction", reg, on=date(2026, 9, 29), items="x", supplement_due=date(2026, 10, 20))
    apply(received_app, "record_supplement", reg, on=date(2026, 10, 9))
    with pytest.raises(WorkflowError, match="补正通知只能发一次"):
        apply(received_app, "send_correction", reg, on=date(2026, 10, 10), items="y", supplement_due=date(2026, 10, 30))
    apply(received_app, "request_extension", reg, days=5, reason="r")
    apply(received_app, "approve_extension", rev)
    with pytest.raises(WorkflowError, match="只能延长一次"):
        apply(received_app, "request_extension", reg, days=5, reason="r")
    app2, _ = new_app(world["bureau"], user=reg, channel="in_person", received=date(2026, 9, 25))
    with pytest.raises(WorkflowError, match="最长不得超过20个工作日"):
        apply(app2, "request_extension", reg, days=25, reason="r")
    apply(app2, "request_extension", reg, days=20, reason="r")  # the limit itself is allowed


def test_outcome_guards(received_app, world):
    reg = world["registrar"]
    with pytest.raises(WorkflowError, match="补正"):
        apply(received_app, "decide", reg, outcome="other_no_supplement")
    with pytest.raises(WorkflowError, match="收费"):
        apply(received_app, "decide", reg, outcome="other_fee_unpaid")
    with pytest.raises(WorkflowError, match="办理结果"):
        apply(received_app, "decide", reg, outcome="bogus")
    apply(received_app, "send_correction", reg, on=date(2026, 9, 29), items="x", supplement_due=date(2026, 10, 20))
    with pytest.raises(WorkflowError, match="尚未补正"):
        apply(received_app, "decide", reg, outcome="granted")
    apply(received_app, "decide", reg, outcome="other_no_supplement")
    assert Letter.objects.get(application=received_app, sent_on__isnull=False).kind == "correction"
    assert received_app.letters.filter(kind="reply", outcome="other_no_supplement").exists()


def test_lapse_outcomes_wait_for_their_deadlines(received_app, world):
    reg = world["registrar"]
    apply(received_app, "send_correction", reg, on=date(2026, 11, 10), items="x", supplement_due=date(2026, 11, 30))
    with pytest.raises(WorkflowError, match="补正期限（2026年11月30日）尚未届满"):
        apply(received_app, "decide", reg, outcome="other_no_supplement")
    with pytest.raises(WorkflowError, match="尚未补正"):
        apply(received_app, "decide", reg, outcome="unavailable_unclear")
    apply(received_app, "record_supplement", reg, on=date(2026, 11, 12))
    apply(received_app, "decide", reg, outcome="unavailable_unclear")
    app2, _ = new_app(world["bureau"], user=reg, channel="in_person", arrived=date(2026, 11, 2),
                      received=date(2026, 11, 2))
    apply(app2, "send_fee_notice", reg, on=date(2026, 11, 9), amount=100)
    with pytest.raises(WorkflowError, match="收到收费通知的日期尚未登记"):
        apply(app2, "decide", reg, outcome="other_fee_unpaid")
    apply(app2, "record_fee_receipt", reg, on=date(2026, 11, 12))
    with pytest.raises(WorkflowError, match=r"缴费期限（2026年12月10日）尚未届满"):
        apply(app2, "decide", reg, outcome="other_fee_unpaid")


def test_fee_payment_period_runs_from_the_recorded_receipt(world):
    """The notice went out on 11-09, the applicant received it on 11-12: the
    20 working days run from 11-12 (due 12-10), not from 11-09 (12-07)."""
    reg = world["registrar"]
    app, _ = new_app(world["bureau"], user=reg, channel="in_person", arrived=date(2026, 11, 2), received=date(2026, 11, 2))
    apply(app, "send_fee_notice", reg, on=date(2026, 11, 9), amount=100)
    app.refresh_from_db()
    assert app.clock_state == "paused" and app.paused_since == date(2026, 11, 9) and app.lapses_on is None
    apply(app, "record_fee_receipt", reg, on=date(2026, 11, 12))
    app.refresh_from_db()
    d = clockmap.deadlines(app)
    assert d.fee_payment_due == app.lapses_on == date(2026, 12, 10)
    with pytest.raises(WorkflowError, match="重复的收费通知"):
        apply(app, "record_fee_receipt", reg, on=date(2026, 11, 13))


def test_later_reasonable_deadline_is_an_event_the_clock_honours(received_app, world):
    """第三十五条: excessive requests, reasons accepted, a later deadline set and notified."""
    reg = world["registrar"]
    with pytest.raises(WorkflowError, match="不晚于当时的答复期限"):
        apply(received_app, "set_later_deadline", reg, on=date(2026, 10, 20), until=date(2026, 10, 29), reason="数量大")
    with pytest.raises(WorkflowError, match="理由"):
        apply(received_app, "set_later_deadline", reg, on=date(2026, 10, 20), until=date(2026, 12, 15))
    apply(received_app, "set_later_deadline", reg, on=date(2026, 10, 20), until=date(2026, 12, 15), reason="申请数量明显超过合理范围，理由合理")
    received_app.refresh_from_db()
    assert received_app.due_on == date(2026, 12, 15) and received_app.state == "processing"
    assert any("第三十五条" in s for s in clockmap.deadlines(received_app).explanation)
    with pytest.raises(WorkflowError, match="只能确定一次"):
        apply(received_app, "set_later_deadline", reg, on=date(2026, 10, 21), until=date(2026, 12, 16), reason="x")


def test_dates_checked(received_app, world):
    with pytest.raises(WorkflowError, match="晚于今天"):
        apply(received_app, "start_consultation", world["registrar"], on=date(2026, 12, 1), party="某公司")
    with pytest.raises(WorkflowError, match="早于"):
        apply(received_app, "start_consultation", world["registrar"], on=date(2026, 9, 1), party="某公司")


def test_withdrawal_closes_with_other_other(world):
    app, _ = new_app(world["bureau"])  # not even confirmed yet
    apply(app, "withdraw", world["registrar"], on=date(2026, 10, 8), note="申请人撤回")
    app.refresh_from_db()
    assert (app.state, app.outcome, app.decided_on) == ("withdrawn", "other_other", date(2026, 10, 8))
    assert app.received_on == app.arrived_on
    with pytest.raises(WorkflowError):
        apply(app, "confirm_receipt", world["registrar"], on=date(2026, 10, 9))


def test_fee_notice_and_unpaid(received_app, world):
    reg = world["registrar"]
    apply(received_app, "send_fee_notice", reg, on=date(2026, 10, 8), amount=300, basis="按件")
    apply(received_app, "record_fee_receipt", reg, on=date(2026, 10, 9))
    assert clockmap.deadlines(received_app).fee_payment_due == date(2026, 11, 5)  # Saturday 10-10 is worked
    with pytest.raises(WorkflowError, match="缴费"):
        apply(received_app, "decide", reg, outcome="granted")
    apply(received_app, "decide", reg, outcome="other_fee_unpaid")
    apply(received_app, "approve_reply", world["reviewer"])
    apply(received_app, "send_reply", reg, on=date(2026, 11, 18))
    received_app.refresh_from_db()
    assert received_app.outcome == "other_fee_unpaid"


def _sent_reply(app, world):
    apply(app, "decide", world["registrar"], outcome="granted")
    apply(app, "approve_reply", world["reviewer"])
    apply(app, "send_reply", world["registrar"], on=date(2026, 10, 15))
    return app.letters.get(kind="reply")


def test_reply_must_be_approved_and_is_editable_before(received_app, world):
    reg = world["registrar"]
    apply(received_app, "decide", reg, outcome="granted")
    with pytest.raises(WorkflowError, match="不能“发出答复书”"):
        apply(received_app, "send_reply", reg)
    apply(received_app, "edit_reply", reg, body="新的正文\n\n第二段")
    assert received_app.letters.get(kind="reply").body == "新的正文\n\n第二段"
    apply(received_app, "return_reply", world["reviewer"], note="依据写错")
    assert not received_app.letters.filter(kind="reply").exists()
    received_app.refresh_from_db()
    assert received_app.state == "processing"


def test_returned_lapse_decision_goes_back_to_its_state(received_app, world):
    reg = world["registrar"]
    apply(received_app, "send_correction", reg, on=date(2026, 9, 29), items="x", supplement_due=date(2026, 10, 20))
    apply(received_app, "decide", reg, outcome="other_no_supplement")
    apply(received_app, "return_reply", world["reviewer"], note="申请人其实已补正")
    received_app.refresh_from_db()
    assert received_app.state == "correction"
    apply(received_app, "record_supplement", reg, on=date(2026, 10, 15))


def test_sent_letter_is_immutable(received_app, world):
    letter = _sent_reply(received_app, world)
    letter.body = "篡改"
    with pytest.raises(LetterImmutable):
        letter.save()
    with pytest.raises(LetterImmutable):
        Letter.objects.filter(pk=letter.pk).update(body="篡改")
    with pytest.raises(LetterImmutable):
        letter.delete()
    with pytest.raises(LetterImmutable):
        Letter.objects.filter(pk=letter.pk).delete()
    letter.refresh_from_db()
    assert letter.body != "篡改"
    with pytest.raises(WorkflowError):
        apply(received_app, "edit_reply", world["registrar"], body="x")


def test_events_are_append_only(received_app):
    ev = received_app.events.first()
    ev.kind = "x"
    with pytest.raises(ValueError):
        ev.save()


def test_receipt_numbers_per_agency_and_year(world):
    a1, _ = new_app(world["bureau"])
    a2, _ = new_app(world["bureau"])
    b1, _ = new_app(world["other"])
    c1, _ = new_app(world["bureau"], arrived=date(2025, 12, 30))
    assert [a1.number, a2.number, b1.number, c1.number] == ["YJYJ-2026-0001", "YJYJ-2026-0002", "FQYJ-2026-0001",
                                                            "YJYJ-2025-0001"]
    assert Application.objects.count() == 4


def test_query_code_is_stored_hashed(world):
    app, code = new_app(world["bureau"])
    assert code not in app.query_code_hash
    assert services.find_by_code(app.number, code).pk == app.pk
    assert services.find_by_code(app.number, code.lower()).pk == app.pk
    assert services.find_by_code(app.number, "WRONGCOD") is None


def test_registering_at_the_counter_starts_the_clock(world):
    app, _ = new_app(world["bureau"], user=world["registrar"], channel="in_person", arrived=date(2026, 9, 28),
                     received=date(2026, 9, 28))
    assert app.state == "processing"
    assert clockmap.deadlines(app).original_due == date(2026, 10, 30)
    with pytest.raises(WorkflowError, match="登记员"):
        new_app(world["bureau"], user=world["other_registrar"], channel="in_person", received=date(2026, 9, 25))
    assert Event.objects.filter(kind="register").count() == 1


def test_services_reject_a_sequence_the_clock_refuses(received_app, world):
    """The table allows ending a consultation on any past day, but one that
    ends before it began is no sequence the clock accepts: refused, nothing
    logged, the stored deadline untouched."""
    reg = world["registrar"]
    apply(received_app, "start_consultation", reg, on=date(2026, 10, 14), party="甲公司")
    received_app.refresh_from_db()
    stored = clockmap.stored(received_app)
    events = received_app.events.count()
    with pytest.raises(WorkflowError, match="此前没有开始征求意见"):
        apply(received_app, "end_consultation", reg, on=date(2026, 10, 5))
    received_app.refresh_from_db()
    assert received_app.state == "consultation"
    assert received_app.events.count() == events
    assert clockmap.stored(received_app) == stored and stored["clock_state"] == "paused"
    apply(received_app, "end_consultation", reg, on=date(2026, 10, 19))  # a real end is accepted
    received_app.refresh_from_db()
    assert received_app.clock_state == "running" and received_app.due_on > stored["due_on"]


def test_application_with_letters_cannot_be_deleted(received_app, world):
    from django.db.models import ProtectedError

    _sent_reply(received_app, world)
    with pytest.raises(ProtectedError):
        received_app.delete()
    assert Letter.objects.filter(application=received_app).count() == 1
