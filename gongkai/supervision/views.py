"""Supervision pages: the dashboard, the audit of uploaded reports (progress,
report page with corrections, comparisons) and their XLSX exports.

Scoping (``gongkai.agencies.auth`` through ``web.agency_pages.agency_for``):
every URL names the supervising agency; one the user cannot see is a 404,
and audited reports are looked up within that agency only. Uploading and
correcting need a membership of the agency itself (403 otherwise)."""

from __future__ import annotations

import html as html_lib
import re
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai import rules, spreadsheet
from gongkai.web.agency_pages import agency_for, can_act, year_param

from . import dashboard as dash
from . import services
from .models import AuditBatch, AuditedReport

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx(sheets: dict, filename: str) -> HttpResponse:
    resp = HttpResponse(spreadsheet.xlsx_bytes(sheets), content_type=XLSX)
    resp["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return resp


def _year(request) -> int:
    y = year_param(request)
    if not 2000 <= y <= 2100:
        raise Http404
    return y


# ---------------------------------------------------------------- dashboard


@login_required
def index(request):
    """Straight to the one agency the user works for, or a list: the
    agencies of one's memberships (governments first), not the departments
    one merely sees."""
    from gongkai.agencies import auth

    agencies = list(auth.actable_agencies(request.user).order_by("-level", "name"))
    if len(agencies) == 1:
        return redirect("supervision:dashboard", slug=agencies[0].slug)
    return render(request, "supervision/choose.html", {"agencies": agencies})


def _dashboard(request, agency, year):
    def link(kind, obj, y):
        if kind == "published":
            return reverse("reports:public", args=[obj.slug, y])
        return reverse("supervision:report", args=[agency.slug, obj.pk])

    return dash.build(agency, year, link=link)


@login_required
def dashboard(request, slug):
    agency = agency_for(request, slug)
    year = request.GET.get("year")
    year = _year(request) if year else timezone.localdate().year - 1
    d = _dashboard(request, agency, year)
    tables = dash.figure_tables(d)
    return render(request, "supervision/dashboard.html", {
        "agency": agency, "year": year, "d": d, "mix_rows": tables["办理结果构成"][1:],
        "charts": [(cid, title, mark_safe(svg)) for cid, title, svg in dash.charts(d)],
        "totals": d.totals(), "years": list(range(timezone.localdate().year, timezone.localdate().year - 6, -1)),
        "outcome_labels": dash.OUTCOME_LABELS,
    })


@login_required
def dashboard_xlsx(request, slug):
    agency = agency_for(request, slug)
    year = _year(request)
    d = _dashboard(request, agency, year)
    return _xlsx(dash.figure_tables(d), f"{agency.name}{year}年度监督统计.xlsx")


# ---------------------------------------------------------------- audit


@login_required
def audit(request, slug):
    agency = agency_for(request, slug)
    reports = AuditedReport.objects.filter(owner=agency).select_related("agency")
    year = request.GET.get("year")
    if year:
        reports = reports.filter(year=_year(request))
    years = sorted({y for y in AuditedReport.objects.filter(owner=agency, read_ok=True).values_list("year", flat=True)
                    if y}, reverse=True)
    names = sorted({services.key_of(r) for r in AuditedReport.objects.filter(owner=agency, read_ok=True)
                    .select_related("agency")})
    return render(request, "supervision/audit.html", {
        "agency": agency, "batches": AuditBatch.objects.filter(owner=agency)[:10], "reports": reports,
        "years": years, "names": names, "can_upload": can_act(request, agency), "year": year,
        "limits": services.limits(),
    })


@login_required
@require_POST
def upload(request, slug):
    agency = agency_for(request, slug, act=True)
    try:
        batch = services.create_batch(agency, request.user, request.FILES.getlist("files"))
    except services.AuditError as err:
        messages.error(request, _("未能上传：%(why)s") % {"why": err})
        return redirect("supervision:audit", slug=slug)
    from .tasks import read_batch

    transaction.on_commit(lambda: read_batch.enqueue(batch.pk))
    return redirect("supervision:batch", slug=slug, pk=batch.pk)


def _batch(request, slug, pk):
    agency = agency_for(request, slug)
    return agency, get_object_or_404(AuditBatch, pk=pk, owner=agency)


def _batch_state(batch) -> dict:
    return {"state": batch.state, "state_label": str(batch.get_state_display()), "done": batch.done,
            "total": batch.total, "current": batch.current, "percent": batch.percent, "error": batch.error}


@login_required
def batch(request, slug, pk):
    agency, b = _batch(request, slug, pk)
    items = b.items.select_related("report", "report__agency")
    return render(request, "supervision/batch.html", {"agency": agency, "batch": b, "items": items,
                                                      "state": _batch_state(b)})


@login_required
def batch_status(request, slug, pk):
    _agency, b = _batch(request, slug, pk)
    return JsonResponse(_batch_state(b))


def _report(request, slug, pk, *, act=False):
    agency = agency_for(request, slug, act=act)
    return agency, get_object_or_404(AuditedReport.objects.select_related("agency"), pk=pk, owner=agency)


def _tables(obj, found, cells) -> dict:
    """Tables 2–4 in the national layout; each value cell carries its source
    (page, line, text) and the findings that concern it."""
    from gongkai.render import html as rhtml
    from gongkai.render import layout

    report = services.current_report(obj)
    by_path = {}
    for f in found:
        if f.path:
            by_path.setdefault(f.path, []).append(f)
    by_cell = {c.path: c for c in cells}

    def mark(m: re.Match) -> str:
        path, value = m.group(1), m.group(2)
        attrs = [f'data-path="{path}"']
        cell = by_cell.get(path)
        tips = []
        if cell is not None:
            if cell.source:
                s = cell.source
                where = "，".join(x for x in (f"第{s['page']}页" if s.get("page") else "",
                                              f"第{s['line']}行" if s.get("line") else "") if x)
                tips.append(f"出处：{where} {s.get('text', '')}".strip())
            if cell.read_value != cell.value:
                attrs.append('data-corrected="1"')
                tips.append(f"已更正：读取值 {'' if cell.read_value is None else cell.read_value}")
        hits = [f for p, fs in by_path.items() for f in fs if path == p or path.startswith(p + ".")]
        flag = ""
        if hits:
            sev = "error" if any(f.severity == "error" for f in hits) else hits[0].severity
            attrs.append(f'data-finding="{sev}"')
            tips += [f"{f.rule} {f.message}" for f in hits]
            flag = f'<sup class="gk-flag gk-flag-{sev}">{html_lib.escape(" ".join(sorted({f.rule for f in hits})))}</sup>'
        title = html_lib.escape("\n".join(tips), quote=True)
        return f'{" ".join(attrs)} title="{title}" tabindex="0">{value}{flag}</td>'

    tables = layout.tables(report)
    return {key: mark_safe(re.sub(r'data-path="([^"]+)">([^<]*)</td>', mark, rhtml.table_html(tables[key])))
            for key in ("active", "requests", "appeals")}


def _plain(v):
    return None if v is None else (v if isinstance(v, int) else str(v))


@login_required
def report(request, slug, pk):
    agency, obj = _report(request, slug, pk)
    ctx = {"agency": agency, "obj": obj, "can_correct": can_act(request, agency),
           "corrections": obj.corrections.select_related("by")}
    if obj.read_ok:
        cells = services.cells(obj)
        found = services.findings(obj)
        order = {"error": 0, "warning": 1, "info": 2}
        ctx.update({
            "report": services.current_report(obj), "cells": cells,
            "cells_data": {c.path: {"label": c.label, "value": _plain(c.value), "read": _plain(c.read_value),
                                    "source": c.source} for c in cells}, "tables": _tables(obj, found, cells),
            "findings": sorted(found, key=lambda f: order.get(f.severity, 3)),
            "severity": rules.SEVERITY_LABELS, "notes": services.read_report(obj).notes or [],
            "years_url": reverse("supervision:agency_years", args=[agency.slug]) + "?name=" + quote(services.key_of(obj)),
        })
    return render(request, "supervision/report.html", ctx)


@login_required
@require_POST
def correct(request, slug, pk):
    _agency, obj = _report(request, slug, pk, act=True)
    try:
        c = services.correct(obj, request.POST.get("path", ""), request.POST.get("value", ""),
                             request.POST.get("reason", ""), request.user)
    except services.AuditError as err:
        messages.error(request, _("未能更正：%(why)s") % {"why": err})
    else:
        messages.success(request, _("已更正 %(label)s：%(old)s → %(new)s，核查规则已重新运行") % {
            "label": c.label, "old": c.old or "空白", "new": c.new or "空白"})
    return redirect("supervision:report", slug=slug, pk=pk)


@login_required
def original(request, slug, pk):
    _agency, obj = _report(request, slug, pk)
    path = services.audit_dir() / obj.stored_path
    if not path.is_file():
        raise Http404(_("原始文件已不存在"))
    return FileResponse(path.open("rb"), as_attachment=True, filename=obj.original_name)


# ---------------------------------------------------------------- comparisons


@login_required
def agency_years(request, slug):
    agency = agency_for(request, slug)
    name = (request.GET.get("name") or "").strip()
    objs, pairs = services.across_years([agency.pk], name) if name else ([], [])
    labels = services.labels_for(objs)
    rows = [(label, [services.value_of(o, p) for o in objs]) for p, label in labels]
    if request.GET.get("format") == "xlsx":
        if not objs:
            raise Http404
        sheet = [["项目", *[f"{o.year}年" for o in objs]], *[[label, *vals] for label, vals in rows]]
        finds = [["年度", "规则", "级别", "说明"]]
        for o in objs:
            finds += [[o.year, f.rule, rules.SEVERITY_LABELS[f.severity], f.message] for f in services.findings(o)
                      if f.severity != rules.INFO]
        for a, b, fs in pairs:
            finds += [[f"{a}—{b}", f.rule, rules.SEVERITY_LABELS[f.severity], f.message] for f in fs]
        return _xlsx({"逐年数值": sheet, "核查发现": finds}, f"{name}逐年对照.xlsx")
    key_rows = [(label, [services.value_of(o, p) for o in objs]) for p, label in services.KEY_FIGURES]
    return render(request, "supervision/agency_years.html", {
        "agency": agency, "name": name, "objs": objs, "rows": rows, "pairs": pairs, "key_rows": key_rows,
        "severity": rules.SEVERITY_LABELS,
    })


@login_required
def year_side(request, slug, year):
    agency = agency_for(request, slug)
    if not 2000 <= year <= 2100:
        raise Http404
    objs = services.of_year([agency.pk], year)
    figures = services.KEY_FIGURES
    rows = [(o, [services.value_of(o, p) for p, _l in figures]) for o in objs]
    return render(request, "supervision/year.html", {"agency": agency, "year": year, "rows": rows,
                                                     "figures": figures})


@login_required
def year_xlsx(request, slug, year):
    agency = agency_for(request, slug)
    if not 2000 <= year <= 2100:
        raise Http404
    objs = services.of_year([agency.pk], year)
    labels = services.labels_for(objs)
    values = [["机关", "文件", "错误", "警告", *[label for _p, label in labels]]]
    for o in objs:
        values.append([services.key_of(o), o.original_name, o.errors, o.warnings,
                       *[services.value_of(o, p) for p, _l in labels]])
    finds = [["机关", "规则", "级别", "说明"]]
    for o in objs:
        finds += [[services.key_of(o), f.rule, rules.SEVERITY_LABELS[f.severity], f.message]
                  for f in services.findings(o) if f.severity != rules.INFO]
    return _xlsx({"各机关数值": values, "核查发现": finds}, f"{agency.name}{year}年度报告对照.xlsx")
