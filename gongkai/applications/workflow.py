"""The whole 依申请公开 workflow as one declarative table.

Each ``Transition`` says: in which states (``sources``) an event may happen,
which roles may perform it, which guards must pass, and the state it leads
to. ``services.apply`` is the only code that changes an application's state,
and it does so only through this table; views and the API offer exactly the
transitions ``available()`` returns. Clock stops and restarts (补正, 征求意见,
收费) are transitions like any other, logged as events; the deadline is
computed from those events by ``gongkai.clock`` (``clockmap`` maps them).
The statutory limits (one 补正 notice, one extension of at most 20 working
days, …) live in the clock only: guards ask it (``deadline.refusal``).

No Django here: guards receive a plain ``Context``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from gongkai.clock import deadline as clock

from .outcomes import OUTCOMES, REQUIRES_CORRECTION, REQUIRES_FEE_NOTICE


def _(text: str) -> str:
    """Marks a label for translation (``makemessages``) without importing Django;
    templates translate it when shown."""
    return text


STATES: dict[str, str] = {
    "registered": _("待确认收到日期"),
    "processing": _("办理中"),
    "correction": _("待申请人补正"),
    "consultation": _("征求意见中"),
    "extension_requested": _("延期待审批"),
    "fee_pending": _("待缴纳信息处理费"),
    "reply_review": _("答复待审核"),
    "reply_approved": _("答复已审核待发出"),
    "replied": _("已答复"),
    "closed": _("已办结"),
    "withdrawn": _("已撤回"),
}
OPEN_STATES = tuple(s for s in STATES if s not in ("replied", "closed", "withdrawn"))
FINAL_STATES = ("replied", "closed", "withdrawn")


@dataclass
class Context:
    """What a guard may look at."""

    state: str | None
    channel: str
    arrived_on: date | None
    received_on: date | None
    event_kinds: list[str]  # kinds of the events already applied, in order
    data: dict
    today: date
    deadlines: object | None = None  # the clock's Deadlines before this event, if the clock has started
    states_before: list[str] = field(default_factory=list)  # state_before of each applied event, in order
    clock: list = field(default_factory=list)  # the clock events so far (gongkai.clock.deadline.Event)


Guard = Callable[[Context], "str | None"]  # returns a Chinese refusal, or None


@dataclass(frozen=True)
class Transition:
    event: str
    label: str
    sources: tuple[str | None, ...]
    target: str | Callable[[Context], str]
    roles: tuple[str, ...]
    guards: tuple[Guard, ...] = ()
    public: bool = False  # shown on the applicant's status page
    fields: tuple[str, ...] = field(default=())  # the data the action form asks for

    def target_for(self, ctx: Context) -> str:
        return self.target(ctx) if callable(self.target) else self.target


# ------------------------------------------------------------------ guards


def _date_ok(ctx: Context) -> str | None:
    on = ctx.data.get("on")
    if on is None:
        return "请填写日期"
    if on > ctx.today:
        return "日期不能晚于今天"
    if ctx.arrived_on and on < ctx.arrived_on:
        return "日期不能早于申请到达日期"
    return None


def _correction_items(ctx: Context) -> str | None:
    if not (ctx.data.get("items") or "").strip():
        return "请写明需要补正的事项"
    due = ctx.data.get("supplement_due")
    if due is None or (ctx.data.get("on") and due <= ctx.data["on"]):
        return "请填写晚于告知日期的补正期限"
    return None


def _clock_allows(kind: str) -> Guard:
    """A guard asking the clock whether ``kind`` may happen now (its limits:
    once only, at most 20 working days, …)."""

    def guard(ctx: Context) -> str | None:
        if not ctx.clock:
            return None  # no clock yet: services.apply checks the whole sequence
        event = clock.Event(kind, ctx.data.get("on") or ctx.today, days=ctx.data.get("days"),
                            until=ctx.data.get("until"))
        return clock.refusal(ctx.clock, event)

    guard.__name__ = f"clock_allows_{kind}"
    return guard


def _reason(ctx: Context) -> str | None:
    if not (ctx.data.get("reason") or "").strip():
        return "请写明理由"
    return None


def _fee(ctx: Context) -> str | None:
    amount = ctx.data.get("amount")
    if amount is None or amount <= 0:
        return "请填写收费金额"
    return None


def _outcome_fits(ctx: Context) -> str | None:
    outcome = ctx.data.get("outcome")
    if outcome not in OUTCOMES:
        return "请选择一项办理结果"
    if ctx.state == "correction" and outcome not in ("other_no_supplement", "other_other"):
        return "申请人尚未补正：只能作出“逾期不补正”的处理，或先登记补正"
    if outcome in REQUIRES_CORRECTION and "send_correction" not in ctx.event_kinds:
        return "未发出补正告知，不能作出此项处理"
    if outcome == "unavailable_unclear" and not SUPPLEMENT_EVENTS & set(ctx.event_kinds):
        return "“补正后申请内容仍不明确”须在申请人补正之后作出"
    due = getattr(ctx.deadlines, "supplement_due", None)
    if outcome == "other_no_supplement" and due and ctx.today <= due:
        return f"补正期限（{due.year}年{due.month}月{due.day}日）尚未届满"
    due = getattr(ctx.deadlines, "fee_payment_due", None)
    if outcome == "other_fee_unpaid" and ctx.state == "fee_pending" and due is None:
        return "申请人收到收费通知的日期尚未登记，缴费期限无从起算"
    if outcome == "other_fee_unpaid" and due and ctx.today <= due:
        return f"缴费期限（{due.year}年{due.month}月{due.day}日）尚未届满"
    if outcome in REQUIRES_FEE_NOTICE and ctx.state != "fee_pending":
        return "只有在收费通知发出且申请人逾期未缴费时，才能作出此项处理"
    if ctx.state == "fee_pending" and outcome not in REQUIRES_FEE_NOTICE:
        return "申请人尚未缴费：只能作出“逾期未缴费”的处理，或先登记缴费"
    if outcome == "other_no_supplement" and ctx.state != "correction":
        return "申请人已补正，不能作出“逾期不补正”的处理"
    return None


def _today(ctx: Context) -> str | None:
    """An applicant acting online acts today: the date is not theirs to choose."""
    if ctx.data.get("on") not in (None, ctx.today):
        return "网上办理的日期只能是当天"
    return None


def _supplement_text(ctx: Context) -> str | None:
    if not (ctx.data.get("note") or "").strip() and not ctx.data.get("files"):
        return "请填写补正内容或上传补正材料"
    return None


def _before_decision(ctx: Context) -> str:
    """A returned reply goes back to where the decision was taken from."""
    for kind, before in zip(reversed(ctx.event_kinds), reversed(ctx.states_before)):
        if kind == "decide" and before:
            return before
    return "processing"


def _received_target(ctx: Context) -> str:
    return "processing" if ctx.data.get("received_on") else "registered"


REGISTRAR = ("registrar",)
APPLICANT = ("public",)  # the applicant on the status page, after number + query code
REVIEWER = ("reviewer",)
_ACTIVE = ("processing",)

TRANSITIONS: tuple[Transition, ...] = (
    Transition("submit", _("网上提交申请"), (None,), "registered", ("public",), public=True),
    Transition("register", _("登记申请"), (None,), _received_target, REGISTRAR, public=True),
    Transition("confirm_receipt", _("确认收到申请日期"), ("registered",), "processing", REGISTRAR,
               (_date_ok,), public=True, fields=("on",)),
    Transition("send_correction", _("发出补正告知"), _ACTIVE, "correction", REGISTRAR,
               (_date_ok, _correction_items), public=True,
               fields=("on", "items", "supplement_due")),
    Transition("record_supplement", _("登记申请人补正"), ("correction",), "processing", REGISTRAR,
               (_date_ok,), public=True, fields=("on", "note")),
    Transition("answer_correction", _("申请人网上补正"), ("correction",), "processing", APPLICANT,
               (_today, _supplement_text), public=True, fields=("note",)),
    Transition("start_consultation", _("开始征求第三方意见"), _ACTIVE, "consultation", REGISTRAR,
               (_date_ok,), public=True, fields=("on", "party")),
    Transition("end_consultation", _("结束征求意见"), ("consultation",), "processing", REGISTRAR,
               (_date_ok,), public=True, fields=("on", "note")),
    Transition("request_extension", _("申请延期答复"), _ACTIVE, "extension_requested", REGISTRAR,
               (_clock_allows("extension_approved"), _reason), fields=("days", "reason")),
    Transition("approve_extension", _("批准延期答复"), ("extension_requested",), "processing", REVIEWER,
               (_date_ok,), public=True, fields=("on",)),
    Transition("reject_extension", _("不批准延期"), ("extension_requested",), "processing", REVIEWER,
               fields=("note",)),
    Transition("send_fee_notice", _("发出收费通知"), _ACTIVE, "fee_pending", REGISTRAR,
               (_date_ok, _fee), public=True, fields=("on", "amount", "basis")),
    Transition("record_fee_receipt", _("登记申请人收到收费通知"), ("fee_pending",), "fee_pending", REGISTRAR,
               (_date_ok, _clock_allows("fee_notice_received")), public=True, fields=("on",)),
    Transition("record_payment", _("登记已缴费"), ("fee_pending",), "processing", REGISTRAR,
               (_date_ok,), public=True, fields=("on",)),
    Transition("set_later_deadline", _("确定延迟答复的合理期限"), _ACTIVE, "processing", REGISTRAR,
               (_date_ok, _clock_allows("later_deadline_set"), _reason), public=True, fields=("on", "until", "reason")),
    Transition("decide", _("作出处理决定"), ("processing", "correction", "fee_pending"), "reply_review", REGISTRAR,
               (_outcome_fits,), fields=("outcome",)),
    Transition("edit_reply", _("修改答复书"), ("reply_review",), "reply_review", REGISTRAR, fields=("body",)),
    Transition("return_reply", _("退回答复书"), ("reply_review",), _before_decision, REVIEWER, fields=("note",)),
    Transition("approve_reply", _("审核通过答复书"), ("reply_review",), "reply_approved", REVIEWER),
    Transition("send_reply", _("发出答复书"), ("reply_approved",), "replied", REGISTRAR,
               (_date_ok,), public=True, fields=("on",)),
    Transition("close", _("办结归档"), ("replied",), "closed", REGISTRAR, public=True),
    Transition("withdraw", _("申请人撤回申请"), OPEN_STATES, "withdrawn", REGISTRAR,
               (_date_ok,), public=True, fields=("on", "note")),
    Transition("withdraw_online", _("申请人网上撤回申请"), OPEN_STATES, "withdrawn", APPLICANT,
               (_today,), public=True, fields=("note",)),
)
TRANSITION_BY_EVENT = {t.event: t for t in TRANSITIONS}
# Events recorded on the timeline that do not change the state (no transition).
RECORD_EVENTS: dict[str, str] = {
    "reissue_code": _("重新发放查询码"),
}
EVENT_LABELS = {**{t.event: t.label for t in TRANSITIONS}, **RECORD_EVENTS}
PUBLIC_EVENTS = frozenset(t.event for t in TRANSITIONS if t.public)
# The supplement arrives on paper (registered by staff) or online (the applicant).
SUPPLEMENT_EVENTS = frozenset({"record_supplement", "answer_correction"})
WITHDRAW_EVENTS = frozenset({"withdraw", "withdraw_online"})


def applicant_actions(state: str | None) -> list[Transition]:
    """What the applicant may do online in ``state`` (besides submitting)."""
    return [t for t in TRANSITIONS if state in t.sources and t.roles == APPLICANT]


class WorkflowError(Exception):
    """A refused transition; the message is Chinese and meant for the user."""


def transition(state: str | None, event: str) -> Transition:
    """The transition for ``event`` in ``state``, or a WorkflowError saying why not."""
    t = TRANSITION_BY_EVENT.get(event)
    if t is None:
        raise WorkflowError(f"没有“{event}”这项操作")
    if state not in t.sources:
        shown = STATES.get(state, "新申请") if state else "新申请"
        raise WorkflowError(f"申请处于“{shown}”状态，不能“{t.label}”")
    return t


def check(t: Transition, ctx: Context) -> None:
    for guard in t.guards:
        refusal = guard(ctx)
        if refusal:
            raise WorkflowError(f"不能“{t.label}”：{refusal}")


def available(state: str | None, roles: set[str]) -> list[Transition]:
    """Transitions open in ``state`` to someone holding ``roles`` (admin: all)."""
    out = []
    for t in TRANSITIONS:
        if state in t.sources and "public" not in t.roles and ("admin" in roles or roles & set(t.roles)):
            out.append(t)
    return out
