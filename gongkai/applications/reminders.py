"""Due-date reminders: one e-mail per agency member listing the agency's open
applications that are overdue or due within 5 working days."""

from __future__ import annotations

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
    """Queue the reminders (sent by the background task runner, ``notify``);
    returns the number of e-mails queued."""
    from . import notify

    queued = 0
    for agency, rows in collect(today).items():
        overdue = sum(1 for r in rows if r[1] == "overdue")
        soon = sum(1 for r in rows if r[1] == "due_soon")
        overview = f"超期{overdue}件，即将到期{soon}件"
        lapsed = len(rows) - overdue - soon
        if lapsed:
            overview += f"，补正或缴费期限已过{lapsed}件"
        lines = []
        for app, st in rows:
            if st == "lapsed":
                lines.append(f"{app.number}  补正或缴费期限{cn_date(app.lapses_on)}已过，可依法作出处理"
                             f"  {workflow.STATES[app.state]}")
                continue
            label = "已超期" if st == "overdue" else "即将到期"
            lines.append(f"{app.number}  {label}  答复期限{cn_date(app.due_on)}  {workflow.STATES[app.state]}")
        sent = notify.staff_reminder(agency, overview, "\n".join(lines))
        queued += len(sent)
        if stdout and sent:
            stdout.write(f"{agency.name}：{len(rows)} 件，{len(sent)} 封\n")
    return queued
