"""Reply deadlines of an application (条例第三十条至第三十五条), as a pure
function of its event log. No Django.

Counting: the day of an event is not counted; a period of N working days
ends on the Nth working day after it (民法典第二百零一条). Pauses (time spent
consulting third parties or other agencies, 第三十三条第三款; the wait for a
fee payment, a setting) cover the working days in (start, end]: the day the
request goes out still counts, the day the answer arrives does not.

``compute`` runs in three steps: ``validate`` turns the event log into the
facts of the case (refusing an impossible log in Chinese), ``project`` does
the working-day arithmetic and records each step as data, ``explain`` writes
the steps and warnings as an officer would. Every statutory limit is defined
once, below; the workflow's guards, the forms and the platform ask the clock
(``refusal``) instead of repeating them.

Settings (``ClockSettings``; environment variables in brackets):

* ``supplement_days`` = 15 [``GONGKAI_SUPPLEMENT_DAYS``]: working days given to
  the applicant in a 补正 notice when the notice does not say (the 条例 leaves
  the period to the agency; 15 is this platform's default);
* ``fee_wait_excluded`` = True [``GONGKAI_FEE_WAIT_EXCLUDED``]: whether the wait
  for the fee payment is left out of the reply period. The spec marks this as
  unverified against the 办法's text, so it is a setting, default excluded.
"""

from __future__ import annotations

import functools
import os
from dataclasses import asdict, dataclass, field
from datetime import date

from gongkai.clock import calendar as calendar_mod
from gongkai.clock.calendar import WorkCalendar, cn_date, cn_range

# ---------------------------------------------------------------- the statutory limits (defined here only)

REPLY_DAYS = 20  # 第三十三条第二款: reply within 20 working days of receipt
CORRECTION_NOTICE_DAYS = 7  # 第三十条: one 补正 notice within 7 working days of receipt
CONSULTATION_DAYS = 15  # 第三十二条、第三十四条: a third party or another agency answers within 15 working days
FEE_PAYMENT_DAYS = 20  # 办法: pay within 20 working days from the day after the notice is received
MAX_EXTENSION_DAYS = 20  # 第三十三条第二款: one extension of at most 20 working days
SUPPLEMENT_DAYS_MIN, SUPPLEMENT_DAYS_MAX = 1, 60  # the platform's bounds on the period an agency gives for 补正
SOON_DAYS = 5  # "due soon": within this many working days

KINDS = {
    "received": "收到申请",
    "correction_sent": "发出补正通知",
    "supplement_received": "收到补正后的申请",
    "consultation_started": "开始征求第三方或其他机关意见",
    "consultation_ended": "收到第三方或其他机关意见",
    "fee_notice_sent": "发出收费通知",
    "fee_notice_received": "申请人收到收费通知",
    "fee_paid": "申请人缴纳信息处理费",
    "extension_approved": "批准延长答复期限",
    "later_deadline_set": "确定延迟答复的合理期限（第三十五条）",
    "decided": "作出答复",
    "withdrawn": "申请人撤回申请",
}
# Events the law allows once per application, and why.
ONCE = {
    "correction_sent": "补正通知只能发一次（第三十条：一次性告知）",
    "extension_approved": "答复期限只能延长一次（第三十三条第二款）",
    "fee_notice_sent": "同一申请只能发出一次收费通知",
    "later_deadline_set": "延迟答复的合理期限只能确定一次（第三十五条）",
}
CHANNELS = {
    "in_person": "当面提交",
    "registered_mail": "邮寄（签收）",
    "ordinary_mail": "平常信函",
    "online": "网络",
    "fax": "传真",
    "other": "其他",
}


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    return value not in ("0", "false", "no", "off", "否")


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    try:
        return int(value) if value else default
    except ValueError:
        return default


@dataclass(frozen=True)
class ClockSettings:
    correction_notice_days: int = CORRECTION_NOTICE_DAYS
    supplement_days: int = 15  # setting: days given to the applicant when the notice does not say
    consultation_days: int = CONSULTATION_DAYS
    fee_payment_days: int = FEE_PAYMENT_DAYS
    fee_wait_excluded: bool = True  # setting (unverified): the wait for payment does not count
    max_extension_days: int = MAX_EXTENSION_DAYS
    soon_days: int = SOON_DAYS

    @classmethod
    def from_env(cls) -> ClockSettings:
        return cls(
            supplement_days=_env_int("GONGKAI_SUPPLEMENT_DAYS", cls.supplement_days),
            fee_wait_excluded=_env_bool("GONGKAI_FEE_WAIT_EXCLUDED", cls.fee_wait_excluded),
        )


@functools.lru_cache(maxsize=1)
def default_settings() -> ClockSettings:
    return ClockSettings.from_env()


# ---------------------------------------------------------------- receipt


def receipt_date(channel: str, *, arrived_on: date, signed_on: date | None = None, confirmed_on: date | None = None) -> date:
    """The receipt date under 第三十一条.

    当面 (``in_person``): the day handed in; 邮寄 (``registered_mail``): the day
    the agency signs for it; 平常信函 (``ordinary_mail``) and ``other`` post
    without signature: the day the agency confirms with the applicant;
    网络 (``online``) and 传真 (``fax``): the day both sides confirm."""
    if channel not in CHANNELS:
        raise ValueError(f"未知的申请渠道“{channel}”，应为：{'、'.join(f'{k}（{v}）' for k, v in CHANNELS.items())}")
    if arrived_on is None:
        raise ValueError("缺少申请到达日期")
    if channel == "in_person":
        return arrived_on
    if channel == "registered_mail":
        if signed_on is None:
            raise ValueError("邮寄申请以行政机关签收之日为收到申请之日（第三十一条第二项），缺少签收日期")
        if signed_on < arrived_on:
            raise ValueError("签收日期早于到达日期")
        return signed_on
    if confirmed_on is None:
        rule = {
            "ordinary_mail": "平常信函等无需签收的邮件，以与申请人确认之日为收到申请之日（第三十一条第二项）",
            "online": "通过互联网渠道提交的申请，以双方确认之日为收到申请之日（第三十一条第三项）",
            "fax": "通过传真提交的申请，以双方确认之日为收到申请之日（第三十一条第三项）",
            "other": "其他方式提交的申请，以与申请人确认之日为收到申请之日",
        }[channel]
        raise ValueError(f"{rule}，缺少确认日期")
    if confirmed_on < arrived_on:
        raise ValueError("确认日期早于到达日期")
    return confirmed_on


# ---------------------------------------------------------------- events


@dataclass(frozen=True)
class Event:
    kind: str
    on: date
    days: int | None = None  # extension_approved: working days; correction_sent: the period given
    note: str = ""
    until: date | None = None  # later_deadline_set: the reasonable later deadline (第三十五条)

    @classmethod
    def from_dict(cls, data: dict) -> Event:
        def day(value):
            if isinstance(value, str):
                try:
                    return date.fromisoformat(value)
                except ValueError:
                    raise ValueError(f"无法识别的日期“{value}”") from None
            return value

        return cls(kind=data.get("kind", ""), on=day(data.get("on")), days=data.get("days"),
                   note=data.get("note", "") or "", until=day(data.get("until")))


@dataclass
class Deadlines:
    # None only in ``not_started``; ``compute`` always sets all three.
    received_on: date | None
    original_due: date | None
    current_due: date | None
    paused_working_days: int = 0
    correction_notice_due: date | None = None
    supplement_due: date | None = None
    fee_payment_due: date | None = None  # None until the day the applicant received the notice is known
    consultation_due: date | None = None
    later_deadline: date | None = None  # 第三十五条, when set in time
    extension_days: int = 0
    paused: bool = False
    closed: bool = False
    warnings: list[str] = field(default_factory=list)
    explanation: list[str] = field(default_factory=list)
    # beyond the promised fields
    reply_days: int = 20
    clock_started_on: date | None = None  # receipt, or receipt of the supplemented application
    paused_since: date | None = None
    remaining_when_paused: int | None = None  # working days left when the clock stopped
    closed_on: date | None = None
    closed_by: str | None = None  # "decided" | "withdrawn"
    lapses_on: date | None = None  # after this day the application is treated as given up
    lapse_outcome: str | None = None  # "other_no_supplement" | "other_fee_unpaid"
    provisional_years: list[int] = field(default_factory=list)

    def to_dict(self) -> dict:
        out = asdict(self)
        for key, value in out.items():
            if isinstance(value, date):
                out[key] = value.isoformat()
        return out

    @property
    def text(self) -> str:
        return "".join(self.explanation)

    @classmethod
    def not_started(cls, warning: str) -> Deadlines:
        """No clock yet (receipt date not confirmed, 第三十一条) or none that can be
        computed: every date unknown, the reason in ``warnings``."""
        return cls(received_on=None, original_due=None, current_due=None, warnings=[warning])


# ---------------------------------------------------------------- 1. validate


@dataclass
class Facts:
    """What the event log says happened, checked for consistency."""

    received: date
    reply_days: int
    correction: tuple[date, int, bool] | None = None  # (sent on, days given, days defaulted)
    supplement: date | None = None
    consults: list[tuple[date, date | None]] = field(default_factory=list)
    fee_sent: date | None = None
    fee_received: date | None = None
    fee_paid: date | None = None
    extension: tuple[date, int] | None = None
    later: tuple[date, date] | None = None  # (set on, reasonable later deadline)
    closed: tuple[str, date] | None = None  # ("decided" | "withdrawn", on)

    @property
    def waiting_for_supplement(self) -> bool:
        return self.correction is not None and self.supplement is None


def _events(events) -> list[Event]:
    out = []
    for i, ev in enumerate(events, 1):
        if isinstance(ev, dict):
            ev = Event.from_dict(ev)
        if not isinstance(ev, Event):
            raise ValueError(f"第{i}个事件不是 Event")
        if ev.kind not in KINDS:
            raise ValueError(f"第{i}个事件类型“{ev.kind}”无法识别，应为：{'、'.join(KINDS)}")
        if not isinstance(ev.on, date):
            raise ValueError(f"第{i}个事件（{KINDS[ev.kind]}）缺少日期")
        out.append(ev)
    if not out:
        raise ValueError("事件记录为空：至少应有“收到申请”（received）")
    # a stable sort: same-day events keep the order in which they were logged
    return sorted(out, key=lambda e: e.on)


def _positive_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


def validate(events, *, reply_days: int = REPLY_DAYS, settings: ClockSettings | None = None) -> Facts:
    """The facts of the case from the event log; ValueError (Chinese) when
    the log is impossible (an event the law allows once, twice; a supplement
    without a notice; anything after the case closed …)."""
    cfg = settings or default_settings()
    if not _positive_int(reply_days):
        raise ValueError("答复期限应为正整数个工作日")
    log = _events(events)
    first = log[0]
    if first.kind != "received":
        raise ValueError(f"第一件事应为收到申请（received），而最早的事件是{cn_date(first.on)}{KINDS[first.kind]}")
    f = Facts(received=first.on, reply_days=reply_days)
    open_consults: list[date] = []
    seen: dict[str, date] = {}
    for ev in log[1:]:
        what = f"{cn_date(ev.on)}{KINDS[ev.kind]}"
        if f.closed:
            raise ValueError(f"申请已于{cn_date(f.closed[1])}{KINDS[f.closed[0]]}，之后不能再有事件（{what}）")
        k = ev.kind
        if k in ONCE and k in seen:
            raise ValueError(f"{ONCE[k]}，{what}是第二次")
        if k in ("consultation_started", "fee_notice_sent", "fee_notice_received", "extension_approved",
                 "later_deadline_set") and f.waiting_for_supplement:
            raise ValueError(f"{what}：补正期间答复期限尚未重新起算，应在收到补正后再办理")
        if k == "received":
            raise ValueError(f"重复的收到申请事件（{what}）；补正后的申请请用 supplement_received")
        elif k == "correction_sent":
            days = cfg.supplement_days if ev.days is None else ev.days
            if not _positive_int(days) or not SUPPLEMENT_DAYS_MIN <= days <= SUPPLEMENT_DAYS_MAX:
                raise ValueError(f"补正期限应为{SUPPLEMENT_DAYS_MIN}至{SUPPLEMENT_DAYS_MAX}个工作日，实际为{days!r}")
            f.correction = (ev.on, days, ev.days is None)
        elif k == "supplement_received":
            if not f.correction:
                raise ValueError(f"{what}，但此前没有发出补正通知")
            if f.supplement:
                raise ValueError(f"重复的收到补正事件（{what}）")
            f.supplement = ev.on
        elif k == "consultation_started":
            open_consults.append(ev.on)
            f.consults.append((ev.on, None))
        elif k == "consultation_ended":
            if not open_consults:
                raise ValueError(f"{what}，但此前没有开始征求意见（consultation_started）")
            a = open_consults.pop(0)
            f.consults[f.consults.index((a, None))] = (a, ev.on)
        elif k == "fee_notice_sent":
            f.fee_sent = ev.on
        elif k == "fee_notice_received":
            if f.fee_received:
                raise ValueError(f"重复的收费通知（{what}）")
            if f.fee_sent is None:  # the notice handed over on the day (or a log from before the two were told apart)
                if "fee_notice_sent" in seen:
                    raise ValueError(f"重复的收费通知（{what}）")
                f.fee_sent = ev.on
                seen["fee_notice_sent"] = ev.on
            f.fee_received = ev.on
        elif k == "fee_paid":
            if not f.fee_sent:
                raise ValueError(f"{what}，但申请人此前没有收到收费通知")
            if f.fee_paid:
                raise ValueError(f"重复的缴费事件（{what}）")
            f.fee_paid = ev.on
        elif k == "extension_approved":
            if not _positive_int(ev.days):
                raise ValueError(f"{what}：应写明延长的工作日数（1至{cfg.max_extension_days}）")
            if ev.days > cfg.max_extension_days:
                raise ValueError(f"延长的期限最长不得超过{cfg.max_extension_days}个工作日（第三十三条第二款），{what}为{ev.days}个工作日")
            f.extension = (ev.on, ev.days)
        elif k == "later_deadline_set":
            if not isinstance(ev.until, date) or ev.until <= ev.on:
                raise ValueError(f"{what}：应写明晚于当日的合理期限")
            f.later = (ev.on, ev.until)
        elif k in ("decided", "withdrawn"):
            f.closed = (k, ev.on)
        seen.setdefault(k, ev.on)
    return f


def refusal(events, new: Event, *, settings: ClockSettings | None = None, cal: WorkCalendar | None = None) -> str | None:
    """Why the clock would refuse ``new`` after ``events`` (Chinese), or None.
    The workflow's guards ask this instead of repeating the statutory limits."""
    try:
        compute([*events, new], settings=settings, cal=cal)
    except ValueError as err:
        return str(err)
    return None


# ---------------------------------------------------------------- 2. project (arithmetic)


@dataclass
class Step:
    """One thing the arithmetic did, as data; ``explain`` words it."""

    kind: str
    data: dict


_CONSULT = "征求第三方或其他机关意见"
_FEE_WAIT = "等待申请人缴纳信息处理费"


def project(f: Facts, cal: WorkCalendar, cfg: ClockSettings) -> tuple[Deadlines, list[Step]]:
    """The deadlines from the facts, and the steps that led to them."""
    R, n = f.received, f.reply_days
    trace: list[Step] = []

    def step(kind, **data):
        trace.append(Step(kind, data))

    original_due = cal.add_working_days(R, n)
    notice_due = cal.add_working_days(R, cfg.correction_notice_days)
    result = Deadlines(received_on=R, original_due=original_due, current_due=original_due,
                       correction_notice_due=notice_due, reply_days=n, clock_started_on=R)
    step("start", on=R, due=original_due, n=n)

    start = R
    stopped = False  # waiting for a supplement: no reply clock at all
    if f.correction:
        c_on, c_days, c_default = f.correction
        result.supplement_due = cal.add_working_days(c_on, c_days)
        step("correction", on=c_on, used=cal.working_days_between(R, c_on), notice_due=notice_due,
             late=c_on > notice_due, days=c_days, defaulted=c_default, supplement_due=result.supplement_due)
        if f.supplement is None:
            stopped = True
            result.paused = True
            result.paused_since = c_on
            result.lapses_on = result.supplement_due
            result.lapse_outcome = "other_no_supplement"
            step("awaiting_supplement", supplement_due=result.supplement_due)
        else:
            if f.supplement > result.supplement_due:
                step("supplement_late", on=f.supplement, supplement_due=result.supplement_due)
            start = f.supplement
            result.clock_started_on = start
            step("restart", on=start, due=cal.add_working_days(start, n), n=n, original_due=original_due)

    def pos(d: date) -> int:
        return cal.working_days_between(start, d)

    if f.consults:
        result.consultation_due = cal.add_working_days(f.consults[-1][0], cfg.consultation_days)
    for a, b in f.consults:
        if b is not None and cal.working_days_between(a, b) > cfg.consultation_days:
            step("consultation_long", start=a, end=b, used=cal.working_days_between(a, b))
    if f.fee_sent:
        if f.fee_received:
            result.fee_payment_due = cal.add_working_days(f.fee_received, cfg.fee_payment_days)
        step("fee_notice", sent=f.fee_sent, received=f.fee_received, payment_due=result.fee_payment_due,
             excluded=cfg.fee_wait_excluded)

    # pauses, the extension and a 第三十五条 deadline, in date order, as working-day positions after ``start``
    items: list[tuple[date, int, str, date | None]] = [(a, 0, "consultation", b) for a, b in f.consults]
    if f.fee_sent and cfg.fee_wait_excluded:
        items.append((f.fee_sent, 0, "fee", f.fee_paid))
    if f.extension:
        items.append((f.extension[0], 1, "extension", None))
    if f.later:
        items.append((f.later[0], 1, "later", f.later[1]))
    due_pos = n
    covered = 0  # pauses accounted up to this position
    open_pause: tuple[date, str] | None = None
    pause_pos = 0
    paused_total = 0
    if not stopped:
        for a, _, kind, b in sorted(items, key=lambda x: (x[0], x[1])):
            now_due = cal.add_working_days(start, due_pos)
            if kind in ("extension", "later"):
                in_time = open_pause is not None or pos(a) <= due_pos
                if kind == "extension":
                    days = f.extension[1]
                    if not in_time:
                        step("extension_late", on=a, days=days, due=now_due)
                        continue
                    due_pos += days
                    result.extension_days = days
                    new_due = cal.add_working_days(start, due_pos)
                    step("extension", on=a, days=days, before=now_due, after=new_due)
                else:
                    if not cal.is_working_day(b):
                        raise ValueError(f"{cn_date(a)}确定的合理期限{cn_date(b)}不是工作日")
                    if not in_time:
                        step("later_late", on=a, until=b, due=now_due)
                        continue
                    if b <= now_due:
                        raise ValueError(f"{cn_date(a)}确定的合理期限{cn_date(b)}不晚于当时的答复期限{cn_date(now_due)}")
                    due_pos = pos(b)
                    result.later_deadline = b
                    step("later", on=a, until=b, before=now_due)
                if open_pause is not None:
                    result.remaining_when_paused = due_pos - pause_pos
                continue
            label = _CONSULT if kind == "consultation" else _FEE_WAIT
            basis = "第三十三条第三款" if kind == "consultation" else "设置：等待缴费期间不计入答复期限"
            if open_pause is not None:  # inside a pause that has not ended: nothing more to add
                step("pause_overlap", start=a, label=label, since=open_pause[0])
                continue
            pa = pos(a)
            if pa > due_pos:
                step("pause_late", start=a, label=label, due=now_due)
                continue
            if b is None:
                open_pause = (a, label)
                result.paused = True
                result.paused_since = a
                pause_pos = max(pa, covered)
                result.remaining_when_paused = due_pos - pause_pos
                step("pause_open", start=a, label=label, basis=basis, remaining=result.remaining_when_paused)
                continue
            added = max(0, pos(b) - max(pa, covered))
            covered = max(covered, pos(b))
            due_pos += added
            paused_total += added
            step("pause", start=a, end=b, label=label, basis=basis, added=added, before=now_due,
                 after=cal.add_working_days(start, due_pos))

    if f.fee_sent:
        if f.fee_paid is None:
            result.lapses_on = result.fee_payment_due
            result.lapse_outcome = "other_fee_unpaid"
            step("fee_unpaid", payment_due=result.fee_payment_due)
        elif result.fee_payment_due and f.fee_paid > result.fee_payment_due:
            step("fee_late", paid=f.fee_paid, payment_due=result.fee_payment_due)

    result.current_due = cal.add_working_days(start, due_pos)
    result.paused_working_days = paused_total

    if f.closed:
        kind, on = f.closed
        result.closed, result.closed_on, result.closed_by, result.paused = True, on, kind, False
        if kind == "decided":
            late = cal.working_days_between(result.current_due, on) if on > result.current_due and not stopped else 0
            step("decided", on=on, due=result.current_due, late=late)
        else:
            step("withdrawn", on=on)
    elif stopped:
        step("awaiting_restart")
    elif result.paused:
        step("paused_now", since=result.paused_since, due=result.current_due)
    else:
        step("current", due=result.current_due)

    last = max(d for d in (result.current_due, result.original_due, result.supplement_due, result.fee_payment_due,
                           result.consultation_due, result.closed_on) if d is not None)
    result.provisional_years = cal.provisional_years(R, last)
    for y in result.provisional_years:
        step("provisional", year=y)
    return result, trace


# ---------------------------------------------------------------- 3. explain (words)


def _notes(cal: WorkCalendar, a: date, b: date) -> list[str]:
    """Holidays and make-up days in (a, b], as an officer writes them."""
    notes = []
    d0 = a.toordinal() + 1
    d1 = b.toordinal()
    if d1 < d0:
        return notes
    for y in range(a.year, b.year + 1):
        s = cal.schedule(y)
        marks: list[tuple[date, str]] = []
        for name, p0, p1 in s.periods():
            lo = max(p0.toordinal(), d0)
            hi = min(p1.toordinal(), d1)
            if lo <= hi:
                x0, x1 = date.fromordinal(lo), date.fromordinal(hi)
                marks.append((x0, f"{cn_range(x0, x1, year=x0.year != a.year)}{name}假期不计"))
        for d in sorted(s.workdays):
            if d0 <= d.toordinal() <= d1:
                day = cal.describe_day(d, year=d.year != a.year).replace("（暂定：该年尚无国务院节假日安排）", "")
                marks.append((d, f"{day}，计入"))
        notes.extend(text for _, text in sorted(marks))
    return notes


def _count_sentence(cal: WorkCalendar, start: date, due: date, n: int, *, lead: str) -> str:
    parts = [lead] + _notes(cal, start, due)
    if any(
        (o - 1) % 7 >= 5 and not cal.holiday_name(date.fromordinal(o)) and not cal.is_working_day(date.fromordinal(o))
        for o in range(start.toordinal() + 1, due.toordinal())
    ):
        parts.append("周六、周日不计")
    year = due.year != start.year
    return "；".join(parts) + f"；第{n}个工作日为{cn_date(due, year=year)}。"


def _between(cal: WorkCalendar, a: date, b: date) -> str:
    notes = _notes(cal, a, b)
    return f"（其间{'，'.join(notes)}）" if notes else ""


def explain(trace: list[Step], cal: WorkCalendar, cfg: ClockSettings) -> tuple[list[str], list[str]]:
    """The explanation (one sentence per step) and the warnings."""
    steps: list[str] = []
    warnings: list[str] = []
    say, warn = steps.append, warnings.append
    for s in trace:
        d = s.data
        k = s.kind
        if k == "start":
            say(_count_sentence(cal, d["on"], d["due"], d["n"], lead=f"{cn_date(d['on'])}收到申请，次日起算"))
        elif k == "correction":
            text = f"{cn_date(d['on'])}发出补正通知（收到申请后第{d['used']}个工作日"
            if d["late"]:
                text += f"，超过第三十条规定的{cfg.correction_notice_days}个工作日，应于{cn_date(d['notice_due'])}前发出）"
                warn(f"补正通知应在收到申请之日起{cfg.correction_notice_days}个工作日内（{cn_date(d['notice_due'])}前）发出，"
                     f"实际于{cn_date(d['on'])}发出，已超期")
            else:
                text += "）"
            basis = "（默认设置，补正期限由行政机关确定）" if d["defaulted"] else ""
            say(text + f"；给予申请人{d['days']}个工作日补正{basis}，至{cn_date(d['supplement_due'])}；"
                "答复期限自收到补正后的申请之日起重新计算。")
        elif k == "awaiting_supplement":
            say(f"尚未收到补正；申请人无正当理由逾期（{cn_date(d['supplement_due'])}后）不补正的，"
                "视为放弃申请（第三十条，结果计入“其他处理—申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请”，other_no_supplement）。")
        elif k == "supplement_late":
            warn(f"申请人于{cn_date(d['on'])}补正，晚于补正期限{cn_date(d['supplement_due'])}；如无正当理由，可视为放弃申请")
        elif k == "restart":
            lead = f"{cn_date(d['on'])}收到补正后的申请，答复期限重新计算，次日起算"
            say(_count_sentence(cal, d["on"], d["due"], d["n"], lead=lead).rstrip("。")
                + f"（原期限{cn_date(d['original_due'])}不再适用）。")
        elif k == "consultation_long":
            warn(f"{cn_date(d['start'])}开始的征求意见至{cn_date(d['end'])}结束，用时{d['used']}个工作日，"
                 f"超过第三十二条、第三十四条规定的{cfg.consultation_days}个工作日；超出部分是否不计入答复期限，请核实")
        elif k == "fee_notice":
            sent, received = d["sent"], d["received"]
            if received is None:
                text = (f"{cn_date(sent)}发出收费通知；申请人收到通知的日期尚未登记，"
                        f"缴费期限自收到之次日起{cfg.fee_payment_days}个工作日（《政府信息公开信息处理费管理办法》）")
            else:
                lead = f"{cn_date(received)}申请人收到收费通知" if received == sent else \
                    f"{cn_date(sent)}发出收费通知，申请人于{cn_date(received)}收到"
                text = (f"{lead}，应自次日起{cfg.fee_payment_days}个工作日内、"
                        f"即{cn_date(d['payment_due'])}前缴费（《政府信息公开信息处理费管理办法》）")
            if not d["excluded"]:
                text += "；按设置，等待缴费期间计入答复期限"
            say(text + "。")
        elif k == "extension":
            say(f"{cn_date(d['on'])}经政府信息公开工作机构负责人同意，延长答复期限{d['days']}个工作日并告知申请人（第三十三条第二款），"
                f"期限由{cn_date(d['before'])}延至{cn_date(d['after'])}{_between(cal, d['before'], d['after'])}。")
        elif k == "extension_late":
            warn(f"{cn_date(d['on'])}批准延期时答复期限（{cn_date(d['due'])}）已届满，延期不能补救逾期，期限仍为{cn_date(d['due'])}")
            say(f"{cn_date(d['on'])}批准延长答复期限{d['days']}个工作日，但此时期限已于{cn_date(d['due'])}届满，延期不予计算。")
        elif k == "later":
            say(f"{cn_date(d['on'])}因申请数量、频次明显超过合理范围，确定延迟答复的合理期限并告知申请人（第三十五条），"
                f"期限由{cn_date(d['before'])}延至{cn_date(d['until'])}。")
        elif k == "later_late":
            warn(f"{cn_date(d['on'])}确定延迟答复的合理期限时答复期限（{cn_date(d['due'])}）已届满，期限仍为{cn_date(d['due'])}")
            say(f"{cn_date(d['on'])}确定合理期限至{cn_date(d['until'])}，但此时期限已于{cn_date(d['due'])}届满，不予计算。")
        elif k == "pause_overlap":
            say(f"{cn_date(d['start'])}起{d['label']}，与{cn_date(d['since'])}起的暂停重叠，不另行顺延。")
        elif k == "pause_late":
            warn(f"{cn_date(d['start'])}开始{d['label']}时答复期限（{cn_date(d['due'])}）已届满，这段时间不能再从期限中扣除")
            say(f"{cn_date(d['start'])}开始{d['label']}，但期限已于{cn_date(d['due'])}届满，不予扣除。")
        elif k == "pause_open":
            say(f"{cn_date(d['start'])}起{d['label']}，答复期限暂停计算（{d['basis']}），此时尚余{d['remaining']}个工作日；恢复后顺延。")
        elif k == "pause":
            a, b = d["start"], d["end"]
            span = f"{cn_date(a)}至{cn_date(b, year=a.year != b.year)}{d['label']}"
            if d["added"]:
                say(f"{span}，其间{d['added']}个工作日不计入答复期限（{d['basis']}），"
                    f"期限顺延至{cn_date(d['after'])}{_between(cal, d['before'], d['after'])}。")
            else:
                say(f"{span}，与已扣除的时间重叠，不再顺延。")
        elif k == "fee_unpaid":
            due = d["payment_due"]
            when = f"（{cn_date(due)}后）" if due else "（收到收费通知之次日起满期限后）"
            say(f"申请人逾期{when}未缴纳信息处理费的，视为放弃申请，"
                "行政机关不再处理（结果计入“其他处理—申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请”，other_fee_unpaid）。")
        elif k == "fee_late":
            warn(f"申请人于{cn_date(d['paid'])}缴费，晚于缴费期限{cn_date(d['payment_due'])}；逾期未缴费的申请视为放弃")
        elif k == "decided":
            if d["late"]:
                warn(f"{cn_date(d['on'])}作出答复，晚于答复期限{cn_date(d['due'])}，逾期{d['late']}个工作日")
                say(f"{cn_date(d['on'])}作出答复，逾期{d['late']}个工作日。")
            else:
                say(f"{cn_date(d['on'])}作出答复，在期限内。")
        elif k == "withdrawn":
            say(f"{cn_date(d['on'])}申请人撤回申请，办结。")
        elif k == "awaiting_restart":
            say("答复期限待收到补正后重新计算。")
        elif k == "paused_now":
            say(f"答复期限暂停中（自{cn_date(d['since'])}起）；恢复前，期限至少为{cn_date(d['due'])}。")
        elif k == "current":
            say(f"当前答复期限：{cn_date(d['due'])}。")
        elif k == "provisional":
            warn(f"{d['year']}年尚无国务院公布的节假日安排（暂定日历），期限按周末和估算的法定节假日计算，不含调休；"
                 "安排公布后请管理员在“节假日安排”页面载入，再复核本期限")
        else:  # pragma: no cover - a step without words is a bug
            raise AssertionError(f"unexplained step {k}")
    return steps, warnings


# ---------------------------------------------------------------- compute


def compute(events, *, cal: WorkCalendar | None = None, reply_days: int = REPLY_DAYS,
            settings: ClockSettings | None = None) -> Deadlines:
    """The deadlines of one application from its event log (see module doc):
    validate → project → explain."""
    cal = cal or calendar_mod.official()
    cfg = settings or default_settings()
    facts = validate(events, reply_days=reply_days, settings=cfg)
    result, trace = project(facts, cal, cfg)
    result.explanation, result.warnings = explain(trace, cal, cfg)
    return result


def soon_before(today: date, *, cal: WorkCalendar | None = None, soon_days: int = SOON_DAYS) -> date:
    """A due date earlier than this day is "due soon" on ``today`` (at most
    ``soon_days`` working days left): lets a database compare stored due
    dates with one date."""
    cal = cal or calendar_mod.official()
    return cal.add_working_days(today, soon_days + 1)


# ---------------------------------------------------------------- status


def working_days_left(deadlines: Deadlines, today: date, *, cal: WorkCalendar | None = None) -> int | None:
    """Working days from ``today`` (exclusive) to the current due date
    (inclusive); negative when overdue; None when closed or waiting for a
    supplement; the frozen remainder while another pause is open."""
    if deadlines.closed:
        return None
    if deadlines.paused:
        return deadlines.remaining_when_paused
    cal = cal or calendar_mod.official()
    return cal.working_days_between(today, deadlines.current_due)


def status_on(deadlines: Deadlines, today: date, *, cal: WorkCalendar | None = None, soon_days: int = SOON_DAYS) -> str:
    """"closed" | "paused" | "overdue" | "due_soon" (due within ``soon_days``
    working days) | "running"."""
    if deadlines.closed:
        return "closed"
    if deadlines.paused:
        return "paused"
    if today > deadlines.current_due:
        return "overdue"
    left = working_days_left(deadlines, today, cal=cal)
    if left is not None and left <= soon_days:
        return "due_soon"
    return "running"
