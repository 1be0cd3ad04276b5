"""The one place where workflow events become clock events.

``gongkai.clock`` (pure, no Django) computes every deadline from the list of
clock events; nothing about deadlines is stored. When ``gongkai.clock`` is
not importable (it is written in parallel) a crude fallback counts Monday to
Friday only and says so in ``warnings``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

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
    Event = _deadline().Event
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
    cal = _calendar()
    if cal is not None and hasattr(cal, "working_days_between"):
        return max(1, min(60, cal.working_days_between(a, b)))
    return max(1, min(60, sum(1 for i in range(1, (b - a).days + 1) if (a + timedelta(days=i)).weekday() < 5)))


def unstarted(warning: str):
    """Deadlines of an application whose receipt date is not confirmed yet."""
    return _Fallback.Deadlines(warnings=[warning])


def compute(clock_evts):
    """Deadlines from clock events; raises ValueError (Chinese) on an
    impossible sequence — ``services.apply`` uses this to refuse it."""
    if not any(e.kind == "received" for e in clock_evts):
        return unstarted("收到申请日期尚待确认（《条例》第三十一条），答复期限尚未起算")
    return _deadline().compute(clock_evts, cal=_calendar())


def deadlines(application, events=None):
    """The application's deadlines, computed from its events now. Never raises:
    an inconsistent log is shown as a warning."""
    events = list(application.events.all()) if events is None else events
    evts = clock_events(events)
    # Records created without the workflow (imports, older data): the stored
    # dates stand in for the missing events.
    Event = _deadline().Event
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
    return _deadline().status_on(deadlines_, today, cal=_calendar())


def display_status(deadlines_, today: date) -> str:
    """``status`` plus "lapsed": the clock is stopped and the applicant's period
    (supplement or fee payment) has run out, so the agency may close the case."""
    st = status(deadlines_, today)
    lapses_on = getattr(deadlines_, "lapses_on", None)
    if st == "paused" and lapses_on and today > lapses_on:
        return "lapsed"
    return st


def working_days_left(deadlines_, today: date):
    d = _deadline()
    fn = getattr(d, "working_days_left", None)
    if fn is None or deadlines_.current_due is None:
        return None
    return fn(deadlines_, today, cal=_calendar())


def _deadline():
    try:
        from gongkai.clock import deadline

        if hasattr(deadline, "compute") and hasattr(deadline, "Event"):
            return deadline
        return _Fallback
    except ImportError:
        return _Fallback


_CAL = None


def _calendar():
    global _CAL
    if _CAL is None:
        try:
            from gongkai.clock import calendar

            _CAL = calendar.official()
        except ImportError:
            _CAL = False
    return _CAL or None


# ---------------------------------------------------------------- fallback


class _Fallback:
    """Monday–Friday only; used only while gongkai.clock is missing."""

    @dataclass
    class Event:
        kind: str
        on: date
        days: int | None = None
        note: str = ""

    @dataclass
    class Deadlines:
        received_on: date | None = None
        original_due: date | None = None
        current_due: date | None = None
        paused_working_days: int = 0
        correction_notice_due: date | None = None
        supplement_due: date | None = None
        fee_payment_due: date | None = None
        consultation_due: date | None = None
        extension_days: int = 0
        paused: bool = False
        closed: bool = False
        warnings: list = field(default_factory=list)
        explanation: list = field(default_factory=list)

    @staticmethod
    def _add(start: date, n: int) -> date:
        d = start
        while n > 0:
            d += timedelta(days=1)
            if d.weekday() < 5:
                n -= 1
        return d

    @classmethod
    def compute(cls, events, cal=None):
        r = cls.Deadlines(warnings=["工作日历模块尚未就绪：期限按周一至周五粗略计算"])
        start = None
        pause_from = None
        paused = 0
        for e in events:
            if e.kind in ("received", "supplement_received"):
                start = e.on
                r.received_on = r.received_on or e.on
                paused = 0
                r.paused = False
            elif e.kind in ("correction_sent", "consultation_started", "fee_notice_received"):
                pause_from = e.on
                r.paused = True
            elif e.kind in ("consultation_ended", "fee_paid") and pause_from:
                d, n = pause_from, 0
                while d < e.on:
                    d += timedelta(days=1)
                    n += d.weekday() < 5
                paused += n
                r.paused = False
            elif e.kind == "extension_approved":
                r.extension_days = e.days or 0
            elif e.kind in ("decided", "withdrawn"):
                r.closed = True
        if start:
            r.original_due = cls._add(r.received_on, 20)
            r.current_due = cls._add(start, 20 + r.extension_days + paused)
            r.paused_working_days = paused
        return r

    @classmethod
    def status_on(cls, r, today, cal=None):
        if r.closed:
            return "closed"
        if r.paused:
            return "paused"
        if r.current_due is None:
            return "running"
        if today > r.current_due:
            return "overdue"
        if today >= cls._add(today, 0) and cls._add(today, 5) >= r.current_due:
            return "due_soon"
        return "running"
