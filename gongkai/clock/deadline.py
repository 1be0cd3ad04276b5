"""Reply deadlines of an application (条例第三十条至第三十五条), as a pure
function of its event log. No Django.

Counting: the day of an event is not counted; a period of N working days
ends on the Nth working day after it (民法典第二百零一条). Pauses (time spent
consulting third parties or other agencies, 第三十三条第三款; the wait for a
fee payment, a setting) cover the working days in (start, end]: the day the
request goes out still counts, the day the answer arrives does not.

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

KINDS = {
    "received": "收到申请",
    "correction_sent": "发出补正通知",
    "supplement_received": "收到补正后的申请",
    "consultation_started": "开始征求第三方或其他机关意见",
    "consultation_ended": "收到第三方或其他机关意见",
    "fee_notice_received": "申请人收到收费通知",
    "fee_paid": "申请人缴纳信息处理费",
    "extension_approved": "批准延长答复期限",
    "decided": "作出答复",
    "withdrawn": "申请人撤回申请",
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
    correction_notice_days: int = 7  # 第三十条: 补正 notice within 7 working days of receipt
    supplement_days: int = 15  # setting: days given to the applicant when the notice does not say
    consultation_days: int = 15  # 第三十二条、第三十四条
    fee_payment_days: int = 20  # 办法: pay within 20 working days from the day after the notice is received
    fee_wait_excluded: bool = True  # setting (unverified): the wait for payment does not count
    max_extension_days: int = 20  # 第三十三条
    soon_days: int = 5

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
    days: int | None = None
    note: str = ""

    @classmethod
    def from_dict(cls, data: dict) -> Event:
        on = data.get("on")
        if isinstance(on, str):
            try:
                on = date.fromisoformat(on)
            except ValueError:
                raise ValueError(f"无法识别的日期“{on}”") from None
        return cls(kind=data.get("kind", ""), on=on, days=data.get("days"), note=data.get("note", "") or "")


@dataclass
class Deadlines:
    # None only in ``not_started``; ``compute`` always sets all three.
    received_on: date | None
    original_due: date | None
    current_due: date | None
    paused_working_days: int = 0
    correction_notice_due: date | None = None
    supplement_due: date | None = None
    fee_payment_due: date | None = None
    consultation_due: date | None = None
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


def _validate(events) -> list[Event]:
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


def _notes(cal: WorkCalendar, a: date, b: date) -> list[str]:
    """Holidays and make-up days in (a, b], as an officer writes them."""
    notes = []
    d0 = a.toordinal() + 1
    d1 = b.toordinal()
    if d1 < d0:
        return notes
    years = range(a.year, b.year + 1)
    for y in years:
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


def compute(events, *, cal: WorkCalendar | None = None, reply_days: int = 20, settings: ClockSettings | None = None) -> Deadlines:
    """The deadlines of one application from its event log (see module doc)."""
    cal = cal or calendar_mod.official()
    cfg = settings or default_settings()
    if not isinstance(reply_days, int) or reply_days < 1:
        raise ValueError("答复期限应为正整数个工作日")
    log = _validate(events)
    first = log[0]
    if first.kind != "received":
        raise ValueError(f"第一件事应为收到申请（received），而最早的事件是{cn_date(first.on)}{KINDS[first.kind]}")
    R = first.on
    warnings: list[str] = []
    steps: list[str] = []

    correction = None  # (on, days)
    supplement = None
    open_consults: list[date] = []
    consults: list[tuple[date, date | None]] = []
    fee_notice = None
    fee_paid = None
    extension = None  # (on, days)
    closed = None  # (kind, on)

    for ev in log[1:]:
        what = f"{cn_date(ev.on)}{KINDS[ev.kind]}"
        if closed:
            raise ValueError(f"申请已于{cn_date(closed[1])}{KINDS[closed[0]]}，之后不能再有事件（{what}）")
        k = ev.kind
        if k == "received":
            raise ValueError(f"重复的收到申请事件（{what}）；补正后的申请请用 supplement_received")
        elif k == "correction_sent":
            if correction:
                raise ValueError(f"补正通知只能发一次（第三十条：一次性告知），{what}是第二次")
            days = cfg.supplement_days if ev.days is None else ev.days
            if not isinstance(days, int) or days < 1 or days > 60:
                raise ValueError(f"补正期限应为1至60个工作日，实际为{days!r}")
            correction = (ev.on, days, ev.days is None)
        elif k == "supplement_received":
            if not correction:
                raise ValueError(f"{what}，但此前没有发出补正通知")
            if supplement:
                raise ValueError(f"重复的收到补正事件（{what}）")
            supplement = ev.on
        elif k == "consultation_started":
            if correction and not supplement:
                raise ValueError(f"{what}：补正期间答复期限尚未重新起算，应在收到补正后再征求意见")
            open_consults.append(ev.on)
            consults.append((ev.on, None))
        elif k == "consultation_ended":
            if not open_consults:
                raise ValueError(f"{what}，但此前没有开始征求意见（consultation_started）")
            a = open_consults.pop(0)
            i = consults.index((a, None))
            consults[i] = (a, ev.on)
        elif k == "fee_notice_received":
            if correction and not supplement:
                raise ValueError(f"{what}：补正期间答复期限尚未重新起算，收费通知应在收到补正后发出")
            if fee_notice:
                raise ValueError(f"重复的收费通知（{what}）")
            fee_notice = ev.on
        elif k == "fee_paid":
            if not fee_notice:
                raise ValueError(f"{what}，但申请人此前没有收到收费通知")
            if fee_paid:
                raise ValueError(f"重复的缴费事件（{what}）")
            fee_paid = ev.on
        elif k == "extension_approved":
            if correction and not supplement:
                raise ValueError(f"{what}：补正期间答复期限尚未重新起算，不能延期")
            if extension:
                raise ValueError(
                    f"答复期限只能延长一次（第三十三条），已于{cn_date(extension[0])}延长{extension[1]}个工作日，{what}不被允许"
                )
            if not isinstance(ev.days, int) or isinstance(ev.days, bool) or ev.days < 1:
                raise ValueError(f"{what}：应写明延长的工作日数（1至{cfg.max_extension_days}）")
            if ev.days > cfg.max_extension_days:
                raise ValueError(f"延长的期限最长不得超过{cfg.max_extension_days}个工作日（第三十三条），{what}为{ev.days}个工作日")
            extension = (ev.on, ev.days)
        elif k in ("decided", "withdrawn"):
            closed = (k, ev.on)

    original_due = cal.add_working_days(R, reply_days)
    notice_due = cal.add_working_days(R, cfg.correction_notice_days)
    result = Deadlines(
        received_on=R,
        original_due=original_due,
        current_due=original_due,
        correction_notice_due=notice_due,
        reply_days=reply_days,
        clock_started_on=R,
    )
    lead = f"{cn_date(R)}收到申请，次日起算"
    steps.append(_count_sentence(cal, R, original_due, reply_days, lead=lead))

    start = R
    clock_stopped_for_correction = False
    if correction:
        c_on, c_days, c_default = correction
        used = cal.working_days_between(R, c_on)
        result.supplement_due = cal.add_working_days(c_on, c_days)
        text = f"{cn_date(c_on)}发出补正通知（收到申请后第{used}个工作日"
        if c_on > notice_due:
            text += f"，超过第三十条规定的{cfg.correction_notice_days}个工作日，应于{cn_date(notice_due)}前发出）"
            warnings.append(
                f"补正通知应在收到申请之日起{cfg.correction_notice_days}个工作日内（{cn_date(notice_due)}前）发出，实际于{cn_date(c_on)}发出，已超期"
            )
        else:
            text += "）"
        basis = "（默认设置，补正期限由行政机关确定）" if c_default else ""
        text += (
            f"；给予申请人{c_days}个工作日补正{basis}，至{cn_date(result.supplement_due)}；"
            "答复期限自收到补正后的申请之日起重新计算。"
        )
        steps.append(text)
        if supplement is None:
            clock_stopped_for_correction = True
            result.paused = True
            result.paused_since = c_on
            result.lapses_on = result.supplement_due
            result.lapse_outcome = "other_no_supplement"
            steps.append(
                f"尚未收到补正；申请人无正当理由逾期（{cn_date(result.supplement_due)}后）不补正的，"
                "视为放弃申请（第三十条，结果计入“其他处理—申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请”，other_no_supplement）。"
            )
        else:
            if supplement > result.supplement_due:
                warnings.append(f"申请人于{cn_date(supplement)}补正，晚于补正期限{cn_date(result.supplement_due)}；如无正当理由，可视为放弃申请")
            start = supplement
            result.clock_started_on = supplement
            restarted = cal.add_working_days(start, reply_days)
            steps.append(
                _count_sentence(
                    cal, start, restarted, reply_days, lead=f"{cn_date(start)}收到补正后的申请，答复期限重新计算，次日起算"
                ).rstrip("。")
                + f"（原期限{cn_date(original_due)}不再适用）。"
            )

    # --- pauses and the extension, in date order, in working-day positions
    def pos(d: date) -> int:
        return cal.working_days_between(start, d)

    due_pos = reply_days
    items: list[tuple[date, int, str, date | None]] = []  # (date, order, kind, end)
    for a, b in consults:
        items.append((a, 0, "consultation", b))
    if fee_notice:
        result.fee_payment_due = cal.add_working_days(fee_notice, cfg.fee_payment_days)
        if cfg.fee_wait_excluded:
            items.append((fee_notice, 0, "fee", fee_paid))
    if extension:
        items.append((extension[0], 1, "extension", None))
    if consults:
        last = consults[-1][0]
        result.consultation_due = cal.add_working_days(last, cfg.consultation_days)
    for a, b in consults:
        if b is not None and cal.working_days_between(a, b) > cfg.consultation_days:
            warnings.append(
                f"{cn_date(a)}开始的征求意见至{cn_date(b)}结束，用时{cal.working_days_between(a, b)}个工作日，"
                f"超过第三十二条、第三十四条规定的{cfg.consultation_days}个工作日；超出部分是否不计入答复期限，请核实"
            )

    if fee_notice:
        text = (
            f"{cn_date(fee_notice)}申请人收到收费通知，应自次日起{cfg.fee_payment_days}个工作日内、"
            f"即{cn_date(result.fee_payment_due)}前缴费（《政府信息公开信息处理费管理办法》）"
        )
        if not cfg.fee_wait_excluded:
            text += "；按设置，等待缴费期间计入答复期限"
        steps.append(text + "。")
    covered = 0  # pauses accounted up to this position
    open_pause: tuple[date, str] | None = None
    pause_pos = 0
    paused_total = 0
    if not clock_stopped_for_correction:
        for a, _, kind, b in sorted(items, key=lambda x: (x[0], x[1])):
            now_due = cal.add_working_days(start, due_pos)
            if kind == "extension":
                on, days = extension
                if open_pause is not None or pos(on) <= due_pos:
                    due_pos += days
                    result.extension_days = days
                    if open_pause is not None:
                        result.remaining_when_paused = due_pos - pause_pos
                    new_due = cal.add_working_days(start, due_pos)
                    notes = _notes(cal, now_due, new_due)
                    extra = f"（其间{'，'.join(notes)}）" if notes else ""
                    steps.append(
                        f"{cn_date(on)}经政府信息公开工作机构负责人同意，延长答复期限{days}个工作日并告知申请人（第三十三条），"
                        f"期限由{cn_date(now_due)}延至{cn_date(new_due)}{extra}。"
                    )
                else:
                    warnings.append(
                        f"{cn_date(on)}批准延期时答复期限（{cn_date(now_due)}）已届满，延期不能补救逾期，期限仍为{cn_date(now_due)}"
                    )
                    steps.append(f"{cn_date(on)}批准延长答复期限{days}个工作日，但此时期限已于{cn_date(now_due)}届满，延期不予计算。")
                continue
            label = "征求第三方或其他机关意见" if kind == "consultation" else "等待申请人缴纳信息处理费"
            if open_pause is not None:  # inside a pause that has not ended: nothing more to add
                steps.append(f"{cn_date(a)}起{label}，与{cn_date(open_pause[0])}起的暂停重叠，不另行顺延。")
                continue
            pa = pos(a)
            if pa > due_pos:
                warnings.append(f"{cn_date(a)}开始{label}时答复期限（{cn_date(now_due)}）已届满，这段时间不能再从期限中扣除")
                steps.append(f"{cn_date(a)}开始{label}，但期限已于{cn_date(now_due)}届满，不予扣除。")
                continue
            if b is None:
                open_pause = (a, label)
                result.paused = True
                result.paused_since = a
                pause_pos = max(pa, covered)
                result.remaining_when_paused = due_pos - pause_pos
                basis = "第三十三条第三款" if kind == "consultation" else "设置：等待缴费期间不计入答复期限"
                steps.append(
                    f"{cn_date(a)}起{label}，答复期限暂停计算（{basis}），此时尚余{result.remaining_when_paused}个工作日；恢复后顺延。"
                )
                continue
            pb = pos(b)
            eff = max(pa, covered)
            added = max(0, pb - eff)
            covered = max(covered, pb)
            due_pos += added
            paused_total += added
            new_due = cal.add_working_days(start, due_pos)
            basis = "第三十三条第三款" if kind == "consultation" else "设置：等待缴费期间不计入答复期限"
            if added:
                notes = _notes(cal, now_due, new_due)
                extra = f"（其间{'，'.join(notes)}）" if notes else ""
                steps.append(
                    f"{cn_date(a)}至{cn_date(b, year=a.year != b.year)}{label}，其间{added}个工作日不计入答复期限（{basis}），"
                    f"期限顺延至{cn_date(new_due)}{extra}。"
                )
            else:
                steps.append(f"{cn_date(a)}至{cn_date(b, year=a.year != b.year)}{label}，与已扣除的时间重叠，不再顺延。")

    if fee_notice:
        if fee_paid is None:
            result.lapses_on = result.fee_payment_due
            result.lapse_outcome = "other_fee_unpaid"
            steps.append(
                f"申请人逾期（{cn_date(result.fee_payment_due)}后）未缴纳信息处理费的，视为放弃申请，"
                "行政机关不再处理（结果计入“其他处理—申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请”，other_fee_unpaid）。"
            )
        elif fee_paid > result.fee_payment_due:
            warnings.append(f"申请人于{cn_date(fee_paid)}缴费，晚于缴费期限{cn_date(result.fee_payment_due)}；逾期未缴费的申请视为放弃")

    result.current_due = cal.add_working_days(start, due_pos)
    result.paused_working_days = paused_total

    if closed:
        kind, on = closed
        result.closed = True
        result.closed_on = on
        result.closed_by = kind
        result.paused = False
        if kind == "decided":
            late = cal.working_days_between(result.current_due, on)
            if on > result.current_due and not clock_stopped_for_correction:
                warnings.append(f"{cn_date(on)}作出答复，晚于答复期限{cn_date(result.current_due)}，逾期{late}个工作日")
                steps.append(f"{cn_date(on)}作出答复，逾期{late}个工作日。")
            else:
                steps.append(f"{cn_date(on)}作出答复，在期限内。")
        else:
            steps.append(f"{cn_date(on)}申请人撤回申请，办结。")
    elif clock_stopped_for_correction:
        steps.append("答复期限待收到补正后重新计算。")
    elif result.paused:
        steps.append(f"答复期限暂停中（自{cn_date(result.paused_since)}起）；恢复前，期限至少为{cn_date(result.current_due)}。")
    else:
        steps.append(f"当前答复期限：{cn_date(result.current_due)}。")

    # provisional years: never silently
    last = max(d for d in (result.current_due, result.original_due, result.supplement_due, result.fee_payment_due,
                           result.consultation_due, result.closed_on) if d is not None)
    prov = cal.provisional_years(R, last)
    result.provisional_years = prov
    for y in prov:
        warnings.append(
            f"{y}年尚无国务院公布的节假日安排（暂定日历），期限按周末和估算的法定节假日计算，不含调休；"
            f"安排公布后请管理员在“节假日安排”页面载入，再复核本期限"
        )
    result.warnings = warnings
    result.explanation = steps
    return result


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


def status_on(deadlines: Deadlines, today: date, *, cal: WorkCalendar | None = None, soon_days: int = 5) -> str:
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
