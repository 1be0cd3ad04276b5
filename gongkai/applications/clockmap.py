"""The one place where workflow events become clock events.

``gongkai.clock`` (pure, no Django) computes every deadline from the list of
clock events; nothing about deadlines is stored.
"""

from __future__ import annotations

from datetime import date

from gongkai.clock import calendar, deadline

# workflow event -> (clock kind, the data key holding the legal date)
CLOCK_KINDS: dict[str, str] = {
    "confirm_receipt": "received",
    "send_correction": "correction_sent",
    "record_supplement": "supplement_received",
    "start_consultation": "consultation_started",
    "end_consultation": "consultation_ended",
    "send_fee_notice": "fee_notice_received",
    "record_payment": "fee_paid",
    "approve_extension": "extension_approved",
    "send_reply": "decided",
    "withdraw": "withdrawn",
}


def clock_events(events) -> list:
    """Map the application's events (objects with ``kind``, ``on``, ``data``)
    to ``gongkai.clock.deadline.Event``s, in order."""
    Event = deadline.Event
    out = []
    for e in events:
        if e.kind in ("register", "submit"):
            received = (e.data or {}).get("received_on")
            if received:
                out.append(Event("received", date.fromisoformat(received)))
            continue
        kind = CLOCK_KINDS.get(e.kind)
        if kind is None:
            continue
        on = e.on
        if kind == "fee_notice_received" and (e.data or {}).get("received_on"):
            on = date.fromisoformat(e.data["received_on"])
        days = (e.data or {}).get("days") if kind == "extension_approved" else None
        if kind == "correction_sent" and (e.data or {}).get("supplement_due"):
            days = _working_days(on, date.fromisoformat(e.data["supplement_due"]))
        out.append(Event(kind, on, days=days))
    return out


def _working_days(a: date, b: date) -> int:
    return max(1, min(60, _calendar().working_days_between(a, b)))


def unstarted(warning: str) -> deadline.Deadlines:
    return deadline.Deadlines.not_started(warning)


def compute(clock_evts):
    """Deadlines from clock events; raises ValueError (Chinese) on an
    impossible sequence — ``services.apply`` uses this to refuse it."""
    if not any(e.kind == "received" for e in clock_evts):
        return unstarted("收到申请日期尚待确认（《条例》第三十一条），答复期限尚未起算")
    return deadline.compute(clock_evts, cal=_calendar())


def deadlines(application, events=None):
    """The application's deadlines, computed from its events now. Never raises:
    an inconsistent log is shown as a warning."""
    events = list(application.events.all()) if events is None else events
    evts = clock_events(events)
    # Records created without the workflow (imports, older data): the stored
    # dates stand in for the missing events.
    Event = deadline.Event
    if application.received_on and not any(e.kind == "received" for e in evts):
        evts.insert(0, Event("received", application.received_on))
    if application.decided_on and not any(e.kind in ("decided", "withdrawn") for e in evts):
        evts.append(Event("decided", application.decided_on))
    try:
        return compute(evts)
    except ValueError as err:
        return unstarted(f"期限无法计算：{err}")


def status(deadlines_, today: date) -> str:
    if deadlines_.current_due is None:
        return "closed" if deadlines_.closed else "running"
    return deadline.status_on(deadlines_, today, cal=_calendar())


def display_status(deadlines_, today: date) -> str:
    """``status`` plus "lapsed": the clock is stopped and the applicant's period
    (supplement or fee payment) has run out, so the agency may close the case."""
    st = status(deadlines_, today)
    lapses_on = getattr(deadlines_, "lapses_on", None)
    if st == "paused" and lapses_on and today > lapses_on:
        return "lapsed"
    return st


def working_days_left(deadlines_, today: date):
    if deadlines_.current_due is None:
        return None
    return deadline.working_days_left(deadlines_, today, cal=_calendar())


def default_supplement_due(notice_on: date) -> date:
    """The 补正期限 offered by default: ``GONGKAI_SUPPLEMENT_DAYS`` working days
    (the clock's setting, default 15) after the notice."""
    return _calendar().add_working_days(notice_on, deadline.default_settings().supplement_days)


def _calendar():
    # official() is cached by the clock; `gongkai calendar load` needs a restart.
    return calendar.official()
