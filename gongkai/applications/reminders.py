"""Due-date reminders: one e-mail per agency member listing the agency's open
applications that are overdue or due within 5 working days."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q

from . import clockmap, services, workflow
from .letters import cn_date
from .models import Application


def collect(today=None) -> dict:
    """{agency: [(application, status)]} for the overdue, due-soon and lapsed
    ones — one query over the stored clock projection."""
    today = today or services.today()
    wanted = ("overdue", "lapsed", "due_soon")
    which = Q()
    for st in wanted:
        which |= clockmap.status_filter(st, today)
    apps = (Application.objects.filter(state__in=workflow.OPEN_STATES).filter(which)
            .select_related("agency").annotate(rank=clockmap.status_rank(today))
            .order_by("agency__name", "agency_id", "rank", "due_on", "id"))
    out: dict = {}
    for app in apps:
        out.setdefault(app.agency, []).append((app, clockmap.STATUS_ORDER[app.rank]))
    return out


def send(today=None, stdout=None) -> int:
    """Send the reminders; returns the number of e-mails sent."""
    sent = 0
    for agency, rows in collect(today).items():
        recipients = sorted({m.user.email for m in agency.memberships.select_related("user")
                             if m.user.email and m.user.is_active})
        if not recipients:
            continue
        overdue = sum(1 for r in rows if r[1] == "overdue")
        soon = sum(1 for r in rows if r[1] == "due_soon")
        subject = f"【{agency.name}】政府信息公开申请期限提醒：超期{overdue}件，即将到期{soon}件"
        lapsed = len(rows) - overdue - soon
        if lapsed:
            subject += f"，补正或缴费期限已过{lapsed}件"
        lines = [f"{agency.name}以下申请已超期、将在5个工作日内到期，或申请人补正、缴费的期限已过：", ""]
        for app, st in rows:
            if st == "lapsed":
                lines.append(f"{app.number}  补正或缴费期限{cn_date(app.lapses_on)}已过，可依法作出处理"
                             f"  {workflow.STATES[app.state]}")
                continue
            label = "已超期" if st == "overdue" else "即将到期"
            lines.append(f"{app.number}  {label}  答复期限{cn_date(app.due_on)}  {workflow.STATES[app.state]}")
        lines += ["", "请登录政府信息公开工作平台办理。"]
        for to in recipients:
            send_mail(subject, "\n".join(lines), settings.DEFAULT_FROM_EMAIL, [to])
            sent += 1
        if stdout:
            stdout.write(f"{agency.name}：{len(rows)} 件，发送 {len(recipients)} 封\n")
    return sent
