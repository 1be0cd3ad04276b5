"""The platform administrators' page for the official working-day calendar:
load or correct a year's holiday schedule (validated exactly as
``gongkai calendar load`` validates a file), then recompute the stored
deadline of every open application. Mounted at ``/staff/calendar/``
(URL name ``calendar-admin``)."""

from __future__ import annotations

import json
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from gongkai.clock import calendar

from . import services

MAX_FILE_BYTES = 256 * 1024  # a year's schedule is a few KB


def _years(cal: calendar.WorkCalendar) -> list[dict]:
    admin = calendar.admin_dir().resolve()
    official = cal.official_years
    last = max(official + [services.today().year]) + 1
    out = []
    for year in range(last, min(official + [last]) - 1, -1):
        s = cal.schedule(year)
        provisional = cal.is_provisional(year)
        origin = ""
        if not provisional:
            origin = _("管理员载入") if s.origin and Path(s.origin).resolve().parent == admin else _("随软件发布")
        out.append({"year": year, "provisional": provisional, "source": "" if provisional else s.source,
                    "title": s.title, "note": s.note, "origin": origin, "periods": s.periods(),
                    "workdays": sorted(s.workdays)})
    return out


def _read(request) -> dict:
    upload = request.FILES.get("file")
    if upload is not None:
        if upload.size > MAX_FILE_BYTES:
            raise calendar.CalendarError(_("文件过大（日历文件只有几 KB）"))
        raw = upload.read()
    else:
        raw = (request.POST.get("text") or "").encode("utf-8")
    if not raw.strip():
        raise calendar.CalendarError(_("请选择日历文件，或粘贴其内容"))
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise calendar.CalendarError(_("不是有效的 JSON（UTF-8）：%(err)s") % {"err": err}) from None


@login_required
def calendar_admin(request):
    if not request.user.is_superuser:
        raise PermissionDenied(_("只有平台管理员可以载入节假日安排"))
    if request.method == "POST":
        try:
            schedule = calendar.parse_schedule(_read(request), origin="web")
            path = calendar.install_schedule(schedule)
        except calendar.CalendarError as err:
            messages.error(request, _("未能载入：%(why)s") % {"why": err})
        except OSError as err:
            messages.error(request, _("无法写入日历目录：%(why)s") % {"why": err})
        else:
            seen, changed = services.recompute_open()
            messages.success(request, _(
                "已载入%(year)s年节假日安排（来源：%(source)s，写入 %(path)s）；"
                "已按新日历重新计算 %(seen)s 件未办结申请的答复期限，其中 %(changed)s 件有变化") % {
                "year": schedule.year, "source": schedule.source, "path": path, "seen": seen, "changed": changed})
            return redirect("calendar-admin")
    cal = calendar.official()
    return render(request, "applications/calendar_admin.html", {
        "years": _years(cal), "format": calendar.FORMAT, "holidays": "、".join(calendar.STATUTORY_HOLIDAYS),
    })
