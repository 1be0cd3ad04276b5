"""E-mail to applicants and staff.

Every message is first a ``Notification`` row (the outbox, shown on the
application's timeline), then sent by the background task runner
(``applications.tasks.deliver``). A failed send (SMTP down, refused) is
recorded with its error and retried later (``RETRY_MINUTES``); after the last
attempt the row is ``failed`` and stays visible to staff — nothing is lost.
``manage.py send_notifications`` re-queues whatever is due (for a worker that
was down, or a backend that cannot defer).

Texts are templates an agency administrator can edit (``MessageTemplate``),
with the defaults below. Placeholders are written ``{受理编号}``; the query code
(``{查询码}``) exists only in the first message, the receipt, and is kept
(``Notification.secret``) only until that message has been sent.
"""

from __future__ import annotations

import logging
import re
import smtplib
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from . import clockmap, workflow
from .letters import cn_date
from .models import Event, Letter, MessageTemplate, Notification

log = logging.getLogger(__name__)

RETRY_MINUTES = (1, 5, 30, 120, 480)  # waits after the 1st, 2nd, … failed attempt
MAX_ATTEMPTS = len(RETRY_MINUTES) + 1


@dataclass(frozen=True)
class Message:
    key: str
    title: str  # what the administrator sees
    subject: str
    body: str
    placeholders: tuple[str, ...]
    staff: bool = False


_COMMON = ("机关名称", "受理编号", "申请人", "申请内容", "查询网址", "联系电话")
_SIGN = "\n\n{机关名称}\n联系电话：{联系电话}\n（本邮件由系统自动发送，请勿直接回复。）"

MESSAGES: dict[str, Message] = {m.key: m for m in (
    Message("receipt", "收到申请（第一封邮件，含查询码）",
            "【{机关名称}】已收到您的政府信息公开申请（{受理编号}）",
            "{申请人}：\n\n{机关名称}已收到您的政府信息公开申请。\n\n受理编号：{受理编号}\n查询码：{查询码}\n"
            "申请内容：{申请内容}\n\n{收到日期说明}\n\n凭受理编号和查询码可在 {查询网址} 查询办理进度、在网上补正或撤回申请、"
            "下载答复书和提供的政府信息。查询码只在这封邮件中出现，请妥善保存。" + _SIGN,
            _COMMON + ("查询码", "收到日期说明")),
    Message("confirm_receipt", "确认收到申请日期",
            "【{机关名称}】申请 {受理编号}：收到申请日期已确认",
            "{申请人}：\n\n您的政府信息公开申请（{受理编号}）的收到申请日期确认为{日期}。本机关将在{答复期限}前答复。"
            "\n\n办理进度：{查询网址}" + _SIGN, _COMMON + ("日期", "答复期限")),
    Message("send_correction", "补正告知",
            "【{机关名称}】申请 {受理编号}：请补正申请",
            "{申请人}：\n\n本机关已就您的政府信息公开申请（{受理编号}）发出《{文书}》（见附件 PDF），请于{补正期限}前补正。"
            "\n\n您可以在 {查询网址} 凭受理编号和查询码直接在网上补正（可上传文件）。" + _SIGN,
            _COMMON + ("文书", "补正期限")),
    Message("supplement", "收到补正",
            "【{机关名称}】申请 {受理编号}：已收到您的补正",
            "{申请人}：\n\n本机关已于{日期}收到您对申请（{受理编号}）的补正，答复期限自收到补正之日起重新计算，"
            "本机关将在{答复期限}前答复。\n\n办理进度：{查询网址}" + _SIGN, _COMMON + ("日期", "答复期限")),
    Message("approve_extension", "延期答复",
            "【{机关名称}】申请 {受理编号}：延期答复告知",
            "{申请人}：\n\n本机关对您的政府信息公开申请（{受理编号}）延期答复，详见附件《{文书}》。"
            "延长后的答复期限为{答复期限}。\n\n办理进度：{查询网址}" + _SIGN, _COMMON + ("文书", "答复期限")),
    Message("send_fee_notice", "收费通知",
            "【{机关名称}】申请 {受理编号}：收费通知",
            "{申请人}：\n\n本机关就您的政府信息公开申请（{受理编号}）发出《{文书}》（见附件 PDF），请按通知办理。"
            "\n\n办理进度：{查询网址}" + _SIGN, _COMMON + ("文书",)),
    Message("send_reply", "答复书已发出",
            "【{机关名称}】申请 {受理编号}：答复书",
            "{申请人}：\n\n本机关已对您的政府信息公开申请（{受理编号}）作出答复，答复书见附件 PDF。"
            "{提供文件说明}\n\n在 {查询网址} 凭受理编号和查询码可随时下载答复书{提供文件}。" + _SIGN,
            _COMMON + ("文书", "提供文件说明", "提供文件")),
    Message("close", "办结",
            "【{机关名称}】申请 {受理编号}：已办结",
            "{申请人}：\n\n您的政府信息公开申请（{受理编号}）已办结归档。\n\n办理过程和文书：{查询网址}" + _SIGN, _COMMON),
    Message("withdrawn", "撤回申请",
            "【{机关名称}】申请 {受理编号}：已撤回",
            "{申请人}：\n\n您的政府信息公开申请（{受理编号}）已于{日期}撤回，本机关不再处理。" + _SIGN,
            _COMMON + ("日期",)),
    Message("progress", "其他办理进度（征求意见、缴费等）",
            "【{机关名称}】申请 {受理编号}：{事项}",
            "{申请人}：\n\n您的政府信息公开申请（{受理编号}）有新的办理进度：{日期} {事项}。\n\n办理进度：{查询网址}" + _SIGN,
            _COMMON + ("日期", "事项")),
    Message("staff_new", "新的网上申请（发给工作人员）",
            "【{机关名称}】新的网上申请 {受理编号}",
            "{机关名称}收到一件网上提交的政府信息公开申请：\n\n受理编号：{受理编号}\n申请内容：{申请内容}\n\n"
            "网上提交的申请须与申请人确认收到申请日期（《条例》第三十一条）。请登录办理：{工作台网址}",
            ("机关名称", "受理编号", "申请内容", "工作台网址"), staff=True),
    Message("staff_due", "期限提醒（发给工作人员）",
            "【{机关名称}】政府信息公开申请期限提醒：{概况}",
            "{机关名称}以下申请已超期、将在5个工作日内到期，或申请人补正、缴费的期限已过：\n\n{清单}\n\n"
            "请登录政府信息公开工作平台办理：{工作台网址}",
            ("机关名称", "概况", "清单", "工作台网址"), staff=True),
)}

# Public workflow events → the message sent to the applicant.
EVENT_MESSAGES = {
    "confirm_receipt": "confirm_receipt",
    "send_correction": "send_correction",
    "record_supplement": "supplement",
    "answer_correction": "supplement",
    "approve_extension": "approve_extension",
    "send_fee_notice": "send_fee_notice",
    "send_reply": "send_reply",
    "close": "close",
    "withdraw": "withdrawn",
    "withdraw_online": "withdrawn",
    "start_consultation": "progress",
    "end_consultation": "progress",
    "record_payment": "progress",
}
# any other public step (one added to the table later, too) is told with "progress"

PLACEHOLDER = re.compile(r"\{([^{}\s]{1,12})\}")


def fill(text: str, values: dict) -> str:
    """``{名称}`` → value; unknown placeholders are left as written."""
    return PLACEHOLDER.sub(lambda m: str(values[m.group(1)]) if m.group(1) in values else m.group(0), text)


def unknown_placeholders(text: str, key: str) -> list[str]:
    allowed = set(MESSAGES[key].placeholders)
    return sorted({p for p in PLACEHOLDER.findall(text) if p not in allowed})


def template_for(agency, key: str) -> tuple[str, str]:
    """(subject, body) of the agency's own template, or the default."""
    own = MessageTemplate.objects.filter(agency=agency, key=key).first()
    if own:
        return own.subject, own.body
    m = MESSAGES[key]
    return m.subject, m.body


# ------------------------------------------------------------ values


def site_url(path: str) -> str:
    return settings.GONGKAI_SITE_URL + path


def status_link(app) -> str:
    return site_url(reverse("portal:status") + f"?number={app.number}")


def _values(app, event: Event | None = None, letter: Letter | None = None) -> dict:
    agency = app.agency
    d = clockmap.deadlines(app)
    values = {
        "机关名称": agency.name, "受理编号": app.number, "申请人": app.applicant_name,
        "申请内容": app.description.strip(), "查询网址": status_link(app), "联系电话": agency.phone or "—",
        "答复期限": cn_date(d.current_due) if d.current_due else "（期限中止计算，恢复后另行告知）",
        "工作台网址": site_url(reverse("applications:detail", args=[app.pk])),
    }
    if event is not None:
        values["日期"] = cn_date(event.on)
        values["事项"] = workflow.EVENT_LABELS.get(event.kind, event.kind)
        if event.data.get("supplement_due"):
            from datetime import date

            values["补正期限"] = cn_date(date.fromisoformat(event.data["supplement_due"]))
    if letter is not None:
        values["文书"] = letter.title
    files = list(app.released_files.filter(released_on__isnull=False)) if event is not None else []
    values["提供文件"] = "和提供的政府信息" if files else ""
    values["提供文件说明"] = (
        "随答复书提供政府信息文件 " + "、".join(f"《{f.released_name or f.name}》" for f in files) + "，请在查询页面下载。"
        if files else "")
    if app.received_on:
        values["收到日期说明"] = f"本机关收到申请之日为{cn_date(app.received_on)}，将在{values['答复期限']}前答复。"
    else:
        values["收到日期说明"] = ("网上提交的申请，以双方确认之日为收到申请之日（《条例》第三十一条），"
                            "工作人员将与您确认；答复期限自收到申请之日起计算。")
    return values


# ------------------------------------------------------------ queueing


def _queue(agency, key: str, to: str, values: dict, *, application=None, event=None, letter=None,
           secret: str = "") -> Notification:
    subject, body = template_for(agency, key)
    n = Notification.objects.create(
        agency=agency, application=application, event=event, letter=letter, key=key, to=to,
        to_staff=MESSAGES[key].staff, subject=fill(subject, values)[:300].replace("\n", " "),
        body=fill(body, {k: v for k, v in values.items() if k != "查询码"}), secret=secret,
    )
    enqueue(n.pk)  # the database queue is transactional: the task row commits with the message
    return n


def enqueue(pk: int, run_after=None) -> None:
    from .tasks import deliver

    task = deliver
    if run_after is not None:
        from gongkai.site.tasking import default_task_backend

        if not default_task_backend.supports_defer:
            return  # ``send_notifications`` picks it up when due
        task = deliver.using(run_after=run_after)
    task.enqueue(pk)


def staff_addresses(agency, roles=("registrar", "admin")) -> list[str]:
    """E-mail addresses of the agency's active members holding one of ``roles`` (None: any)."""
    return sorted({m.user.email for m in agency.memberships.select_related("user")
                   if m.user.email and m.user.is_active and (roles is None or m.role in roles)})


def received(event: Event, code: str) -> None:
    """A new application: the receipt to the applicant (with the query code),
    and, for an online one, a note to the agency's staff. Called inside the
    transaction that creates the application."""
    app = event.application
    values = _values(app, event)
    with transaction.atomic():
        if app.email:
            _queue(app.agency, "receipt", app.email, values, application=app, event=event, secret=code)
        if event.kind == "submit":
            for to in staff_addresses(app.agency):
                _queue(app.agency, "staff_new", to, values, application=app, event=event)


def event_happened(event: Event) -> None:
    """A public workflow step: the applicant is told (inside its transaction)."""
    app = event.application
    key = EVENT_MESSAGES.get(event.kind, "progress")
    if event.kind not in workflow.PUBLIC_EVENTS or event.kind in ("submit", "register") or not app.email:
        return
    letter = Letter.objects.filter(pk=event.data.get("letter"), application=app, sent_on__isnull=False).first() \
        if event.data.get("letter") else None
    with transaction.atomic():
        _queue(app.agency, key, app.email, _values(app, event, letter), application=app, event=event, letter=letter)


def staff_reminder(agency, overview: str, listing: str) -> list[Notification]:
    values = {"机关名称": agency.name, "概况": overview, "清单": listing,
              "工作台网址": site_url(reverse("applications:queue"))}
    with transaction.atomic():
        return [_queue(agency, "staff_due", to, values) for to in staff_addresses(agency, roles=None)]


# ------------------------------------------------------------ sending


CODE_GONE = "（查询码只保存到第一次发送成功或最终失败为止；如已遗失，请联系本机关）"
LEASE_MINUTES = 10  # a message "sending" longer than this (worker died) is due again


def deliver(pk: int) -> str:
    """Send one queued message; returns its status afterwards. The row is
    claimed (status "sending") by a conditional UPDATE, so two workers never
    send it twice, and no database lock is held while talking to SMTP."""
    now = timezone.now()
    claimed = Notification.objects.filter(pk=pk).filter(
        Q(status__in=("queued", "retrying")) | Q(status="sending", next_attempt_at__lte=now)
    ).update(status="sending", next_attempt_at=now + timedelta(minutes=LEASE_MINUTES))
    n = Notification.objects.select_related("letter__application").filter(pk=pk).first()
    if n is None:
        return "missing"
    if not claimed:
        return n.status
    attempts = n.attempts + 1
    update = {"attempts": attempts}
    try:
        body = n.body.replace("{查询码}", n.secret or CODE_GONE)
        msg = EmailMessage(n.subject, body, settings.DEFAULT_FROM_EMAIL, [n.to])
        if n.letter_id:
            from .letters import render_pdf

            letter = n.letter
            msg.attach(f"{letter.application.number}-{letter.title}.pdf", render_pdf(letter), "application/pdf")
        msg.send()
    except (smtplib.SMTPException, OSError) as err:
        update["last_error"] = f"{type(err).__name__}: {err}"[:1000]
        if attempts >= MAX_ATTEMPTS:
            update.update(status="failed", next_attempt_at=None, secret="")
        else:
            update.update(status="retrying",
                          next_attempt_at=timezone.now() + timedelta(minutes=RETRY_MINUTES[attempts - 1]))
        log.warning("邮件发送失败（第%s次）%s：%s", attempts, n.to, update["last_error"])
    else:
        update.update(status="sent", sent_at=timezone.now(), next_attempt_at=None, secret="")
    Notification.objects.filter(pk=pk).update(**update)
    if update["status"] == "retrying":
        enqueue(pk, run_after=update["next_attempt_at"])
    return update["status"]


def resend_due(now=None) -> int:
    """Queue again every message that waits and is due (``send_notifications``)."""
    now = now or timezone.now()
    due = Notification.objects.filter(
        Q(status__in=("queued", "retrying"), next_attempt_at__isnull=True)
        | Q(status__in=("queued", "retrying", "sending"), next_attempt_at__lte=now)
    ).values_list("pk", flat=True)
    count = 0
    for pk in due:
        enqueue(pk)
        count += 1
    return count


def retry_now(n: Notification) -> None:
    """Staff asked to try a failed message again."""
    Notification.objects.filter(pk=n.pk, status__in=("failed", "retrying")).update(
        status="retrying", next_attempt_at=timezone.now(), attempts=0)
    enqueue(n.pk)
