"""Every change to an application goes through here.

``create`` registers a new application (portal, API, or staff at the
counter); ``apply`` performs one workflow event: it looks the transition up
in ``workflow.TRANSITIONS``, checks the actor's role (``agencies.auth``) and
the guards, applies the side effects (letters, denormalized fields), moves the
state, appends an ``Event`` and stores the clock's projection (due date,
paused, …; ``clockmap.projection``) — all in one transaction with the
application row locked.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from gongkai.agencies import auth

from . import clockmap, letters, workflow
from .models import Application, Attachment, Event, Letter, ReceiptCounter
from .workflow import WorkflowError

MAX_FEE_YUAN = Decimal("1000000.00")  # a 信息处理费 is a few hundred 元; more is a typing error
RELEASING_OUTCOMES = ("granted", "partially_granted")  # replies that may carry released records
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L
DATE_KEYS = ("on", "supplement_due", "received_on", "signed_on", "until")
APPLICANT_FIELDS = (
    "applicant_type", "applicant_name", "legal_representative", "id_type", "id_number", "phone", "address",
    "postcode", "email", "description", "purpose", "medium", "delivery",
)


def today() -> date:
    return timezone.localdate()


# ------------------------------------------------------------ numbers, codes


def allocate_number(agency, year: int) -> str:
    """The next receipt number, e.g. YJYJ-2026-0001. Call inside a transaction."""
    counter = ReceiptCounter.objects.filter(agency=agency, year=year)
    if not counter.exists():
        try:
            with transaction.atomic():
                ReceiptCounter.objects.create(agency=agency, year=year, last=0)
        except IntegrityError:
            pass  # created concurrently
    counter.update(last=F("last") + 1)
    n = counter.values_list("last", flat=True).get()
    return f"{agency.code}-{year}-{n:04d}"


def new_query_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))


def hash_code(number: str, code: str) -> str:
    return hashlib.sha256(f"{number}:{code.strip().upper()}".encode()).hexdigest()


def find_by_code(number: str, code: str):
    """The application with this receipt number and query code, or None."""
    app = Application.objects.filter(number=(number or "").strip().upper()).select_related("agency").first()
    if app is None or not hmac.compare_digest(app.query_code_hash, hash_code(app.number, code or "")):
        return None
    return app


# ------------------------------------------------------------ creation


def create(agency, fields: dict, *, channel: str, arrived_on: date, user=None, received_on: date | None = None,
           attachments=(), today_: date | None = None, note: str = "", at=None) -> tuple[Application, str]:
    """Register a new application; returns it and its query code (shown once).

    Online submissions (``user`` None) start ``registered``: 第三十一条 wants
    the receipt date confirmed by both sides. Staff registering an
    application at the counter or a signed-for letter give ``received_on``."""
    now_day = today_ or today()
    event = "submit" if user is None else "register"
    t = workflow.transition(None, event)
    if user is not None and not auth.can_act(user, agency, "registrar"):
        raise WorkflowError("您不是该机关的登记员，不能登记申请")
    data = {"channel": channel, "received_on": received_on, "note": note}
    ctx = workflow.Context(None, channel, arrived_on, received_on, [], data, now_day)
    if arrived_on > now_day:
        raise WorkflowError("到达日期不能晚于今天")
    if received_on and (received_on < arrived_on or received_on > now_day):
        raise WorkflowError("收到申请日期应在到达日期和今天之间")
    workflow.check(t, ctx)
    code = new_query_code()
    stored: list = []  # files written to storage, removed again if the transaction fails
    try:
        with transaction.atomic():
            app = _create_rows(agency, t, ctx, fields, code, channel, arrived_on, received_on, user, attachments,
                               event, data, at, stored)
    except BaseException:
        for f in stored:
            f.storage.delete(f.name)
        raise
    return app, code


def _create_rows(agency, t, ctx, fields, code, channel, arrived_on, received_on, user, attachments, event, data, at,
             stored):
    number = allocate_number(agency, arrived_on.year)
    app = Application(
        agency=agency, number=number, query_code_hash=hash_code(number, code), state=t.target_for(ctx),
        channel=channel, arrived_on=arrived_on, received_on=received_on, created_by=user,
        **{k: (fields.get(k) or "") for k in APPLICANT_FIELDS if k in fields},
    )
    app.full_clean(exclude=["query_code_hash", "created_by"])
    app.save()
    for upload in attachments:
        a = Attachment(application=app, name=upload.name[:200], size=upload.size)
        a.file.save(upload.name, upload, save=False)
        stored.append(a.file)
        a.save()
    ev = _log(app, event, user, arrived_on, _jsonable(data), None, app.state, at)
    _store_clock(app, [ev])
    if at is None:  # data loaders (``at`` given) replay history: nobody is told again
        from . import notify

        notify.received(ev, code)
    return app


def reissue_code(app: Application, user, *, at=None) -> str:
    """A new query code for an applicant who lost theirs (shown once; the old
    one stops working), recorded on the timeline. Registrars and admins of
    the agency only."""
    if not auth.can_act(user, app.agency, "registrar"):
        raise WorkflowError("只有本机关的登记员可以重新发放查询码")
    code = new_query_code()
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=app.pk)
        locked.query_code_hash = hash_code(locked.number, code)
        locked.save(update_fields=["query_code_hash"])
        _log(locked, "reissue_code", user, today(), {}, locked.state, locked.state, at)
    app.query_code_hash = locked.query_code_hash
    return code


# ------------------------------------------------------------ events


def apply(app: Application, event: str, user, data: dict | None = None, *, today_: date | None = None,
          at=None, as_applicant: bool = False) -> Event:
    """Perform ``event`` on ``app`` as ``user``; raises WorkflowError (Chinese).
    ``at`` (the recording time) defaults to now; only data loaders set it.
    ``as_applicant``: the applicant acting on the status page (the caller has
    checked the receipt number and query code); only the applicant's own
    transitions (role "public") are open to them, and only to them."""
    known = workflow.TRANSITION_BY_EVENT.get(event)
    data = dict(data or {})
    files = list(data.pop("files", None) or [])  # uploads of the applicant's online supplement
    # only the data the transition asks for is kept (an API caller's extra keys never reach
    # the event log), and a value its JSON column cannot hold (NaN, infinity, NUL) is refused
    data = {k: v for k, v in data.items() if known is None or k in known.fields}
    bad = [k for k, v in data.items() if not _storable(v)]
    if bad:
        raise WorkflowError(f"数据无法保存（含 NaN、无穷大或空字符）：{'、'.join(bad)}")
    data = _parse_dates(data)
    if files:
        data["files"] = [f.name for f in files]
    now_day = today_ or today()
    with transaction.atomic():
        app = Application.objects.select_for_update().select_related("agency").get(pk=app.pk)
        t = workflow.transition(app.state, event)
        if t.roles == workflow.APPLICANT:
            if not as_applicant:
                raise WorkflowError(f"“{t.label}”只能由申请人在网上办理")
            user = None
        elif as_applicant:
            raise WorkflowError(f"申请人不能“{t.label}”")
        elif not auth.can_apply_event(user, app, t.roles):
            roles = "、".join({"registrar": "登记员", "reviewer": "审核人"}.get(r, r) for r in t.roles)
            raise WorkflowError(f"只有本机关的{roles}可以“{t.label}”")
        if "on" in t.fields and data.get("on") is None:
            data["on"] = now_day
        past = list(app.events.all())
        kinds = [e.kind for e in past]
        ctx = workflow.Context(app.state, app.channel, app.arrived_on, app.received_on, kinds, data, now_day,
                               clockmap.deadlines(app, past), [e.state_before for e in past],
                               _clock_so_far(app, past))
        workflow.check(t, ctx)
        before = app.state
        on = data.get("on") or now_day
        _check_clock(app, past, event, on, data)
        extra = EFFECTS.get(event, _noop)(app, user, data, on) or {}
        app.state = t.target_for(ctx)
        ev = _log(app, event, user, on, _jsonable({**data, **extra}), before, app.state, at)
        _store_clock(app, [*past, ev])
        for upload in files:
            Attachment.objects.create(application=app, file=upload, name=upload.name[:200], size=upload.size,
                                      event=ev)
        if at is None and t.public:
            from . import notify

            notify.event_happened(ev)
        return ev


def precheck(app: Application, event: str, user) -> None:
    """Whether ``user`` could perform ``event`` on ``app`` in its current state
    (state and role; the guards run in ``apply``) — before a confirmation step."""
    t = workflow.transition(app.state, event)
    if not auth.can_apply_event(user, app, t.roles):
        roles = "、".join({"registrar": "登记员", "reviewer": "审核人"}.get(r, r) for r in t.roles)
        raise WorkflowError(f"只有本机关的{roles}可以“{t.label}”")


def _clock_so_far(app, past) -> list:
    try:
        return clockmap.application_clock_events(app, past)
    except ValueError:
        return []


def _check_clock(app, past, event, on, data) -> None:
    """Let the clock validate the event sequence this event would make."""
    if event not in clockmap.CLOCK_KINDS:
        return
    pending = Event(kind=event, on=on, data=_jsonable(data))
    if event == "approve_extension":
        request = next((e for e in reversed(past) if e.kind == "request_extension"), None)
        pending.data["days"] = int(request.data.get("days")) if request else 0
    try:
        clockmap.compute(clockmap.clock_events([*past, pending]))
    except ValueError as err:
        raise WorkflowError(f"不能“{workflow.EVENT_LABELS[event]}”：{err}") from None


def _store_clock(app, events) -> None:
    """Write the application with the clock's projection of ``events``
    (called inside the event's transaction)."""
    clockmap.project_onto(app, events)
    app.save()


def refresh_clock(app) -> bool:
    """Recompute one application's stored projection from its events (after
    a calendar change, or for a record made without the workflow); True when
    it changed."""
    with transaction.atomic():
        app = Application.objects.select_for_update().get(pk=app.pk)
        changed = clockmap.project_onto(app, list(app.events.all()))
        if changed:
            app.save(update_fields=list(clockmap.PROJECTION_FIELDS))
    return changed


def _log(app, kind, user, on, data, before, after, at=None) -> Event:
    return Event.objects.create(
        application=app, actor=user if (user and user.is_authenticated) else None, at=at or timezone.now(), on=on,
        kind=kind, data=data, state_before=before or "", state_after=after,
    )


def _noop(app, user, data, on):
    return None


def _confirm_receipt(app, user, data, on):
    app.received_on = on


def _send_correction(app, user, data, on):
    return {"letter": letters.issue(app, "correction", data, on, user).pk}


def _approve_extension(app, user, data, on):
    request = app.events.filter(kind="request_extension").order_by("-at", "-id").first()
    days = int(request.data.get("days")) if request else 0
    data["days"] = days
    data["reason"] = request.data.get("reason", "") if request else ""
    letter = letters.issue(app, "extension", data, on, user)
    return {"days": days, "letter": letter.pk}


def _send_fee_notice(app, user, data, on):
    if not app.agency.fee_payment_method.strip():
        raise WorkflowError("收费通知书须写明缴纳方式：请本机关管理员先在“文书设置”中填写信息处理费缴纳方式")
    # the day the applicant receives the notice is recorded when known (record_fee_receipt):
    # the 20 working days for payment run from it, not from the day the notice went out
    return {"letter": letters.issue(app, "fee", data, on, user).pk}


def _decide(app, user, data, on):
    _discard_drafts(app)
    letter = letters.draft_reply(app, data["outcome"])
    return {"letter": letter.pk}


def _edit_reply(app, user, data, on):
    letter = _draft(app)
    body = letters.normalise_body(data.get("body") or "")
    if not body:
        raise WorkflowError("答复书正文不能为空")
    letter.body = body
    letter.save()
    return {"body": None, "chars": len(body), "letter": letter.pk}


def _return_reply(app, user, data, on):
    _discard_drafts(app)
    app.released_files.filter(released_on__isnull=True).update(approved_sha256="")


def _no_placeholders(letter, what: str) -> None:
    left = letters.placeholders(letter.body)
    if left:
        raise WorkflowError(f"答复书还有未填写的内容，不能{what}：{'、'.join(left)}。请先修改答复书")


def _approve_reply(app, user, data, on):
    letter = _draft(app)
    _no_placeholders(letter, "审核通过")
    files = list(app.released_files.filter(released_on__isnull=True))
    unready = [f.name for f in files if not f.ready]
    if unready:
        raise WorkflowError("以下文件尚未完成遮盖处理，不能审核通过：" + "、".join(unready))
    for f in files:
        f.approved_sha256 = f.sha256
        f.save()
    letter.approved_by = user
    letter.approved_at = timezone.now()
    letter.save()
    return {"letter": letter.pk, "files": [[f.name, f.sha256] for f in files]}


def _send_reply(app, user, data, on):
    letter = _draft(app)
    if letter.approved_at is None:
        raise WorkflowError("答复书尚未经审核人审核")
    files = list(app.released_files.filter(released_on__isnull=True))
    changed = [f.name for f in files if not f.sha256 or f.approved_sha256 != f.sha256]
    if changed:
        raise WorkflowError("以下文件在审核后有改动或未经审核，请退回重新审核：" + "、".join(changed))
    if files and letter.outcome not in RELEASING_OUTCOMES:
        raise WorkflowError("只有“予以公开”“部分公开”的答复可以提供文件，请先移除所附文件")
    for f in files:
        f.released_on = on
        f.save()
    _no_placeholders(letter, "发出")
    letter.reference = letters.next_reference(app.agency, on.year)
    letter.sent_on = on
    letter.sent_by = user
    letter.save()
    app.outcome = letter.outcome
    app.decided_on = on
    return {"letter": letter.pk, "outcome": letter.outcome, "reference": letter.reference}


def _withdraw(app, user, data, on):
    _discard_drafts(app)
    app.outcome = "other_other"
    app.decided_on = on
    if app.received_on is None:  # withdrawn before the receipt date was confirmed
        app.received_on = app.arrived_on
    return {"outcome": "other_other"}


def _draft(app) -> Letter:
    letter = app.letters.filter(kind="reply", sent_on__isnull=True).order_by("-id").first()
    if letter is None:
        raise WorkflowError("没有待发出的答复书")
    return letter


def _discard_drafts(app) -> None:
    app.letters.filter(kind="reply", sent_on__isnull=True).delete()


EFFECTS = {
    "confirm_receipt": _confirm_receipt,
    "send_correction": _send_correction,
    "approve_extension": _approve_extension,
    "send_fee_notice": _send_fee_notice,
    "decide": _decide,
    "edit_reply": _edit_reply,
    "return_reply": _return_reply,
    "approve_reply": _approve_reply,
    "send_reply": _send_reply,
    "withdraw": _withdraw,
    "withdraw_online": _withdraw,
}
assert set(EFFECTS) <= set(workflow.TRANSITION_BY_EVENT)


# ------------------------------------------------------------ helpers


def _parse_dates(data: dict) -> dict:
    for key in DATE_KEYS:
        value = data.get(key)
        if isinstance(value, str):
            if not value.strip():
                data[key] = None
                continue
            try:
                data[key] = date.fromisoformat(value.strip())
            except ValueError:
                raise WorkflowError(f"日期格式不正确：{value}（应为 2026-09-28）") from None
    if "days" in data and isinstance(data["days"], str) and data["days"].strip().isdigit():
        data["days"] = int(data["days"])
    if data.get("amount") is not None:
        data["amount"] = _amount(data["amount"])
    return data


def _storable(value) -> bool:
    """Whether ``value`` can be stored in a JSON column on SQLite and PostgreSQL."""
    import math

    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, str):
        return "\x00" not in value
    if isinstance(value, dict):
        return all(isinstance(k, str) and _storable(v) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return all(_storable(v) for v in value)
    return True


def _amount(value) -> float:
    """A fee in 元: a finite number from 0.01 to ``MAX_FEE_YUAN`` with at most
    two decimals (NaN, infinities, 1e20 and negatives are refused)."""
    try:
        if isinstance(value, bool):
            raise InvalidOperation
        amount = Decimal(str(value).strip())
        if not amount.is_finite() or not Decimal("0.01") <= amount <= MAX_FEE_YUAN \
                or amount != amount.quantize(Decimal("0.01")):
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        raise WorkflowError(f"收费金额应为0.01至{MAX_FEE_YUAN}元、最多两位小数的金额，实际为“{value}”") from None
    return float(amount)


def _jsonable(data: dict) -> dict:
    out = {}
    for k, v in data.items():
        if v is None or v == "":
            continue
        out[k] = v.isoformat() if isinstance(v, date) else v
    return out


def public_view(app, today_: date | None = None) -> dict:
    """What the applicant may see (the portal's status page and the public
    API): public events, sent letters, the deadline."""
    events = list(app.events.all())
    d = clockmap.deadlines(app, events)
    return {
        "app": app,
        "timeline": [e for e in events if e.kind in workflow.PUBLIC_EVENTS],
        "letters": [x for x in app.letters.all() if x.sent_on],
        "released": list(app.released_files.filter(released_on__isnull=False)),
        "actions": [t.event for t in workflow.applicant_actions(app.state)],  # what the applicant may do online
        "d": d,
        "status": clockmap.status(d, today_ or today()),
        "state_label": workflow.STATES.get(app.state, app.state),
    }


def available_for(user, app) -> list:
    return workflow.available(app.state, auth.roles_in(user, app.agency))


# ------------------------------------------------------------ the stored projection, in bulk


def open_batch(after: int = 0, batch: int = 1000, *, lock: bool = False) -> list[tuple[Application, list]]:
    """Up to ``batch`` open applications with id > ``after``, in id order,
    each with its events: two queries bounded by an id range (never a list
    of ids). With ``lock`` the rows are locked for update (inside a
    transaction)."""
    page = Application.objects.exclude(state__in=workflow.FINAL_STATES).filter(pk__gt=after).order_by("pk")
    if lock:
        page = page.select_for_update()
    chunk = list(page[:batch])
    if not chunk:
        return []
    by_app: dict[int, list] = {}
    events = (Event.objects.filter(application_id__gte=chunk[0].pk, application_id__lte=chunk[-1].pk)
              .exclude(application__state__in=workflow.FINAL_STATES).order_by("application_id", "at", "id"))
    for e in events:
        by_app.setdefault(e.application_id, []).append(e)
    return [(a, by_app.get(a.pk, [])) for a in chunk]


def recompute_open(batch: int = 1000) -> tuple[int, int]:
    """Rewrite the stored projection of every open application from its
    events (after a calendar year is loaded or corrected), one locked batch
    per transaction. Returns (applications examined, projections changed)."""
    from gongkai.clock import calendar

    calendar.reload()  # the schedules as they are on disk now
    seen = changed = last = 0
    while True:
        with transaction.atomic():
            chunk = open_batch(last, batch, lock=True)
            dirty = [app for app, events in chunk if clockmap.project_onto(app, events)]
            if dirty:
                Application.objects.bulk_update(dirty, list(clockmap.PROJECTION_FIELDS), batch_size=200)
        if not chunk:
            return seen, changed
        seen += len(chunk)
        changed += len(dirty)
        last = chunk[-1][0].pk


def projection_differences(batch: int = 1000) -> list[tuple[Application, dict, dict]]:
    """Open applications whose stored projection differs from what their
    events give now: (application, stored, recomputed). Empty when the store
    is sound."""
    out = []
    last = 0
    while chunk := open_batch(last, batch):
        for app, events in chunk:
            before = clockmap.stored(app)
            clockmap.project_onto(app, events)
            after = clockmap.stored(app)
            if before != after:
                out.append((app, before, after))
        last = chunk[-1][0].pk
    return out
