"""Due-date reminders: one e-mail per agency member listing the agency's open
applications that are overdue or due within 5 working days."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail

from gongkai.agencies.models import Agency

from . import clockmap, services, workflow
from .letters import cn_date


def collect(today=None) -> dict:
    """{agency: [(application, deadlines, status)]} for overdue/due-soon ones."""
    today = today or services.today()
    out: dict = {}
    for agency in Agency.objects.all():
        rows = []
        for app in agency.applications.filter(state__in=workflow.OPEN_STATES).prefetch_related("events"):
            d = clockmap.deadlines(app, list(app.events.all()))
            st = clockmap.display_status(d, today)
            if st in ("overdue", "due_soon", "lapsed"):
                rows.append((app, d, st))
        if rows:
            order = {"overdue": 0, "lapsed": 1, "due_soon": 2}
            rows.sort(key=lambda r: (order[r[2]], r[1].current_due))
            out[agency] = rows
    return out


def send(today=None, stdout=None) -> int:
    """Send the reminders; returns the number of e-mails sent."""
    sent = 0
    for agency, rows in collect(today).items():
        recipients = sorted({m.user.email for m in agency.memberships.select_related("user")
                             if m.user.email and m.user.is_active})
        if not recipients:
            continue
        overdue = sum(1 for r in rows if r[2] == "overdue")
        soon = sum(1 for r in rows if r[2] == "due_soon")
        subject = f"【{agency.name}】政府信息公开申请期限提醒：超期{overdue}件，即将到期{soon}件"
        lapsed = len(rows) - overdue - soon
        if lapsed:
            subject += f"，补正或缴费期限已过{lapsed}件"
        lines = [f"{agency.name}以下申请已超期、将在5个工作日内到期，或申请人补正、缴费的期限已过：", ""]
        for app, d, st in rows:
            if st == "lapsed":
                lines.append(f"{app.number}  补正或缴费期限{cn_date(d.lapses_on)}已过，可依法作出处理"
                             f"  {workflow.STATES[app.state]}")
                continue
            label = "已超期" if st == "overdue" else "即将到期"
            lines.append(f"{app.number}  {label}  答复期限{cn_date(d.current_due)}  {workflow.STATES[app.state]}")
        lines += ["", "请登录政府信息公开工作平台办理。"]
        for to in recipients:
            send_mail(subject, "\n".join(lines), settings.DEFAULT_FROM_EMAIL, [to])
            sent += 1
        if stdout:
            stdout.write(f"{agency.name}：{len(rows)} 件，发送 {len(recipients)} 封\n")
    return sent
