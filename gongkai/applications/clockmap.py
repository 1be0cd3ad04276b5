"""The one place where workflow events become clock events, and where the
clock's projection is stored on the application.

``gongkai.clock`` (pure, no Django) computes every deadline from the list of
clock events. ``services.apply`` stores the result (``projection``) on the
application in the same transaction as the event, so that lists filter,
count and sort by deadline in SQL; the event log stays the source of truth
(``manage.py recompute_deadlines`` rewrites the projection after a calendar
change, ``manage.py check_deadlines`` compares it with the events).
"""

from __future__ import annotations

from datetime import date

from django.db.models import Case, IntegerField, Q, Value, When

from gongkai.clock import calendar, deadline

from .workflow import FINAL_STATES, OPEN_STATES

# workflow event -> clock kind
CLOCK_KINDS: dict[str, str] = {
    "confirm_receipt": "received",
    "send_correction": "correction_sent",
    "record_supplement": "supplement_received",
    "answer_correction": "supplement_received",
    "start_consultation": "consultation_started",
    "end_consultation": "consultation_ended",
    "send_fee_notice": "fee_notice_sent",
    "record_fee_receipt": "fee_notice_received",
    "record_payment": "fee_paid",
    "approve_extension": "extension_approved",
    "set_later_deadline": "later_deadline_set",
    "send_reply": "decided",
    "withdraw": "withdrawn",
    "withdraw_online": "withdrawn",
}


def _day(value) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) and value else value or None


def clock_events(events) -> list:
    """Map the application's events (objects with ``kind``, ``on``, ``data``)
    to ``gongkai.clock.deadline.Event``s, in order."""
    Event = deadline.Event
    out = []
    for e in events:
        data = e.data or {}
        if e.kind in ("register", "submit"):
            received = _day(data.get("received_on"))
            if received:
                out.append(Event("received", received))
            continue
        kind = CLOCK_KINDS.get(e.kind)
        if kind is None:
            continue
        days = data.get("days") if kind == "extension_approved" else None
        if kind == "correction_sent" and data.get("supplement_due"):
            # the period exactly as given; the clock refuses one it cannot accept
            days = _calendar().working_days_between(e.on, _day(data["supplement_due"]))
        out.append(Event(kind, e.on, days=days, until=_day(data.get("until"))))
        if kind == "fee_notice_sent" and data.get("received_on"):
            # the notice handed over (or a record from before the receipt was logged apart)
            out.append(Event("fee_notice_received", _day(data["received_on"])))
    return out


def unstarted(warning: str) -> deadline.Deadlines:
    return deadline.Deadlines.not_started(warning)


def compute(clock_evts):
    """Deadlines from clock events; raises ValueError (Chinese) on an
    impossible sequence — ``services.apply`` uses this to refuse it."""
    if not any(e.kind == "received" for e in clock_evts):
        return unstarted("收到申请日期尚待确认（《条例》第三十一条），答复期限尚未起算")
    return deadline.compute(clock_evts, cal=_calendar())


def application_clock_events(application, events) -> list:
    """The clock events of ``application``. Records created without the
    workflow (imports, older data): the stored dates stand in for the
    missing events."""
    evts = clock_events(events)
    Event = deadline.Event
    if application.received_on and not any(e.kind == "received" for e in evts):
        evts.insert(0, Event("received", application.received_on))
    if application.decided_on and not any(e.kind in ("decided", "withdrawn") for e in evts):
        evts.append(Event("decided", application.decided_on))
    return evts


def deadlines(application, events=None):
    """The application's deadlines, computed from its events now. Never raises:
    an inconsistent log is shown as a warning."""
    events = list(application.events.all()) if events is None else events
    try:
        return compute(application_clock_events(application, events))
    except ValueError as err:
        return unstarted(f"期限无法计算：{err}")


# ------------------------------------------------------------ the stored projection

PROJECTION_FIELDS = ("due_on", "clock_state", "lapses_on", "paused_since", "remaining_days")


def projection(d) -> dict:
    """What the application stores of its deadlines: enough to decide its
    status on any day with one SQL comparison."""
    if d.closed:
        state = "closed"
    elif d.current_due is None:
        state = "not_started"
    elif d.paused:
        state = "paused"
    else:
        state = "running"
    return {
        "due_on": d.current_due,
        "clock_state": state,
        "lapses_on": d.lapses_on if state == "paused" else None,
        "paused_since": d.paused_since if state == "paused" else None,
        "remaining_days": d.remaining_when_paused if state == "paused" else None,
    }


def stored(application) -> dict:
    return {f: getattr(application, f) for f in PROJECTION_FIELDS}


def project_onto(application, events) -> bool:
    """Set the projection fields from ``events``; True when they changed."""
    new = projection(deadlines(application, events))
    changed = new != stored(application)
    for k, v in new.items():
        setattr(application, k, v)
    return changed


# The queue's order of statuses; ``status_rank`` computes it in SQL. A
# closed application is one in a final workflow state; the others are told
# apart by the stored projection alone.
STATUS_ORDER = ("overdue", "lapsed", "due_soon", "running", "paused", "closed")
OPEN_STATUSES = STATUS_ORDER[:-1]


def _open_conditions(today: date) -> dict[str, Q]:
    """For open applications (the caller filters ``state__in=OPEN_STATES``),
    each status as a condition on the stored projection. Written as positive
    comparisons so that the (agency, state, due_on) index serves them."""
    soon = deadline.soon_before(today, cal=_calendar())
    lapsed = Q(clock_state="paused", lapses_on__lt=today)
    return {
        "overdue": Q(clock_state="running", due_on__lt=today),
        "lapsed": lapsed,
        "due_soon": Q(clock_state="running", due_on__gte=today, due_on__lt=soon),
        "running": Q(clock_state="running", due_on__gte=soon) | Q(clock_state__in=("not_started", "closed")),
        "paused": Q(clock_state="paused") & ~lapsed,
    }


def status_rank(today: date):
    """A SQL expression: the index in STATUS_ORDER of each application's
    status on ``today``, from the stored projection (no events read)."""
    conditions = _open_conditions(today)
    return Case(
        When(state__in=FINAL_STATES, then=Value(STATUS_ORDER.index("closed"))),
        *(When(conditions[s], then=Value(i)) for i, s in enumerate(OPEN_STATUSES)),
        default=Value(STATUS_ORDER.index("running")),
        output_field=IntegerField(),
    )


def status_filter(status: str, today: date) -> Q:
    """``Q`` selecting the applications whose status on ``today`` is ``status``."""
    if status == "closed":
        return Q(state__in=FINAL_STATES)
    return Q(state__in=OPEN_STATES) & _open_conditions(today)[status]


def stored_status(application, today: date) -> str:
    """The status from the stored projection (what the SQL above computes)."""
    if application.state in FINAL_STATES:
        return "closed"
    if application.clock_state == "paused":
        return "lapsed" if application.lapses_on and application.lapses_on < today else "paused"
    due = application.due_on
    if application.clock_state != "running" or due is None:
        return "running"
    if due < today:
        return "overdue"
    return "due_soon" if due < deadline.soon_before(today, cal=_calendar()) else "running"


# ------------------------------------------------------------ status from computed deadlines


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
    # official() is cached by the clock; loading a year clears the cache in this process.
    return calendar.official()
