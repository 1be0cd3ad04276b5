"""Annual reports: staff editing and publishing, supervisor view, public pages."""

from __future__ import annotations

import html as html_lib
import re
import tempfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Max
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai import standard
from gongkai.model import ReportError
from gongkai.web.agency_pages import agency_for, can_act, visible, year_in_range

from . import services
from .models import AnnualReport, ReportVersion

PUBLISH_ROLE = "reviewer"  # publishing needs a reviewer (or admin) of the agency
PREVIOUS_SOURCES = {"published": "上年度已发布版本", "imported": "导入的上年度报告", "computed": "按上年度记录计算"}
SEVERITY_LABELS = {"error": "错误", "warning": "警告", "info": "无法核对"}


# ---------------------------------------------------------------- helpers


def _tables_html(report, found) -> dict[str, str]:
    """The three tables in the national layout, each cell that a finding
    concerns marked beside its value."""
    from gongkai.render import html as rhtml
    from gongkai.render import layout

    tables = layout.tables(report)
    by_path = services.findings_by_path(found)

    def mark(m: re.Match) -> str:
        path, value = m.group(1), m.group(2)
        hits = [f for p, fs in by_path.items() for f in fs if path == p or path.startswith(p + ".")]
        if not hits:
            return m.group(0)
        sev = "error" if any(f.severity == "error" for f in hits) else hits[0].severity
        title = html_lib.escape("\n".join(f"{f.rule} {f.message}" for f in hits), quote=True)
        rules = html_lib.escape(" ".join(sorted({f.rule for f in hits})))
        return (f'data-path="{path}" data-finding="{sev}" title="{title}">{value}'
                f'<sup class="gk-flag gk-flag-{sev}">{rules}</sup></td>')

    out = {}
    for key in ("active", "requests", "appeals"):
        h = rhtml.table_html(tables[key])
        out[key] = mark_safe(re.sub(r'data-path="([^"]+)">([^<]*)</td>', mark, h))
    return out


def _findings_context(found):
    order = {"error": 0, "warning": 1, "info": 2}
    return [
        {"rule": f.rule, "severity": f.severity, "label": SEVERITY_LABELS.get(f.severity, f.severity),
         "message": f.message, "path": f.path}
        for f in sorted(found, key=lambda f: order.get(f.severity, 3))
    ]


def _year_or_404(year: int) -> int:
    if not year_in_range(year):
        raise Http404(_("年度应为2000至2100之间的整数"))
    return year


# ---------------------------------------------------------------- staff


@login_required
def index(request):
    today = timezone.localdate()
    years = list(range(today.year, today.year - 4, -1))
    agencies = visible(request)
    reports = {(r.agency_id, r.year): r for r in AnnualReport.objects.filter(agency__in=agencies, year__in=years)
               .annotate(published=Max("versions__number"))}
    recorded = services.years_with_records_many(agencies, years)
    rows = [(agency, [(y, _status(reports.get((agency.pk, y)), y in recorded.get(agency.pk, ()))) for y in years])
            for agency in agencies]
    return render(request, "reports/index.html", {"rows": rows, "years": years})


def _status(obj, has_records: bool) -> str:
    """The cell of /reports/: as the edit page says it. A year whose tables
    already hold records is a draft even before anyone saved text (the edit
    page shows it as 草稿); 未开始 only when there is nothing at all."""
    if obj is not None and obj.published:
        return _("已发布第%(n)s版") % {"n": obj.published}
    if obj is not None or has_records:
        return _("草稿")
    return _("未开始")


def _edit_context(request, agency, obj):
    report = services.live_report(obj)
    previous, prev_source = services.previous_report(agency, obj.year)
    found = services.findings(report, previous)
    return {
        "agency": agency, "obj": obj, "year": obj.year, "report": report,
        "tables": _tables_html(report, found), "findings": _findings_context(found),
        "blocking": services.blocking(found),
        "previous_source": PREVIOUS_SOURCES.get(prev_source, prev_source),
        "versions": obj.versions.order_by("-number") if obj.pk else [],
        "can_edit": can_act(request, agency), "can_publish": can_act(request, agency, PUBLISH_ROLE),
        "sections": [(s, getattr(obj, s.key)) for s in standard.SECTIONS if s.narrative],
        "title": standard.report_title(agency.name, obj.year),
        "is_government": agency.level == "government",
    }


@login_required
def edit(request, slug, year):
    agency = agency_for(request, slug)
    _year_or_404(year)
    obj = AnnualReport.objects.filter(agency=agency, year=year).first() or AnnualReport(agency=agency, year=year)
    return render(request, "reports/edit.html", _edit_context(request, agency, obj))


def _save_sections(request, agency, year) -> AnnualReport:
    obj = services.get_report(agency, year)
    for key in standard.NARRATIVE_SECTIONS:
        if key in request.POST:
            setattr(obj, key, request.POST[key].replace("\r\n", "\n"))
    obj.draft_saved_at = timezone.now()
    obj.draft_saved_by = request.user
    obj.save()
    return obj


@login_required
@require_POST
def save(request, slug, year):
    """Save the narrative draft; publish too when asked. An XHR (autosave)
    gets the findings panel back as JSON."""
    agency = agency_for(request, slug, act=True)
    _year_or_404(year)
    obj = _save_sections(request, agency, year)
    if request.headers.get("x-requested-with") == "XMLHttpRequest":
        report = services.live_report(obj)
        found = services.findings(report, services.previous_report(agency, year)[0])
        panel = render_to_string("reports/_findings.html", {"findings": _findings_context(found)}, request)
        return JsonResponse({
            "saved_at": timezone.localtime(obj.draft_saved_at).strftime("%H:%M:%S"),
            "findings_html": panel,
            "blocking": len(services.blocking(found)),
        })
    if request.POST.get("action") == "publish":
        if not can_act(request, agency, PUBLISH_ROLE):
            raise PermissionDenied(_("发布年度报告须由审核人或管理员操作"))
        if request.POST.get("confirmed") != "1":
            return _confirm_publish(request, agency, obj)
        try:
            version = services.publish(obj, request.user, note=request.POST.get("note", ""))
        except services.PublishError as err:
            messages.error(request, _("未能发布：%(why)s") % {"why": err})
        else:
            messages.success(request, _("已发布第%(n)s版") % {"n": version.number})
            return redirect("reports:public", slug=agency.slug, year=year)
    else:
        messages.success(request, _("草稿已保存"))
    return redirect("reports:edit", slug=agency.slug, year=year)


def _confirm_publish(request, agency, obj):
    """What publishing will do — the version number, that it is public at
    once and stays listed, the findings it is published with — and a second
    button that publishes."""
    report = services.live_report(obj)
    found = services.findings(report, services.previous_report(agency, obj.year)[0])
    blocking = services.blocking(found)
    last = obj.versions.order_by("-number").first()
    note = request.POST.get("note", "").strip()
    return render(request, "reports/confirm_publish.html", {
        "agency": agency, "obj": obj, "year": obj.year, "title": standard.report_title(agency.name, obj.year),
        "number": (last.number + 1) if last else 1, "last": last, "note": note,
        "blocking": _findings_context(blocking),
        "warnings": _findings_context([f for f in found if f not in blocking]),
        "note_missing": last is not None and not note,
    })


@login_required
@require_POST
def import_previous(request, slug, year):
    """Last year's report from a published file (read by ``gongkai.reader``)
    or an exchange JSON, for the cross-year rules."""
    agency = agency_for(request, slug, act=True)
    _year_or_404(year)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("请选择文件"))
        return redirect("reports:edit", slug=slug, year=year)
    suffix = Path(upload.name).suffix.lower() or ".bin"
    shown = Path(upload.name).name
    tmp_path = ""
    try:
        with tempfile.NamedTemporaryFile(suffix=suffix) as tmp:
            tmp_path = tmp.name
            for chunk in upload.chunks():
                tmp.write(chunk)
            tmp.flush()
            if suffix == ".json":
                from gongkai.model import load_report

                prev = load_report(tmp.name)
            else:
                from gongkai.reader import limits

                prev = limits.read_bounded(tmp.name, seconds=30, memory_mb=1024)  # never unbounded in a request
    except ReportError as err:
        # the reader names the file it read: the upload's name, never the temporary copy's
        why = str(err)
        for name in (tmp_path, Path(tmp_path).name, Path(tmp_path).stem):
            if name:
                why = why.replace(name, f"“{shown}”")
        messages.error(request, _("无法读取上年度报告：%(why)s") % {"why": why})
        return redirect("reports:edit", slug=slug, year=year)
    if prev.year != year - 1:
        messages.error(request, _("上传的是%(y)s年度的报告，应为%(e)s年度") % {"y": prev.year, "e": year - 1})
        return redirect("reports:edit", slug=slug, year=year)
    obj = services.get_report(agency, year)
    obj.previous_import = prev.to_dict()
    obj.save(update_fields=["previous_import"])
    messages.success(request, _("已导入上年度报告，用于跨年度核查"))
    return redirect("reports:edit", slug=slug, year=year)


@login_required
def preview(request, slug, year, fmt):
    agency = agency_for(request, slug)
    _year_or_404(year)
    obj = AnnualReport.objects.filter(agency=agency, year=year).first() or AnnualReport(agency=agency, year=year)
    return _download(services.live_report(obj), fmt, f"{agency.slug}-{year}-draft")


@login_required
def departments(request, slug, year):
    """Supervisor view: a government's departments and their reports."""
    agency = agency_for(request, slug)
    _year_or_404(year)
    if agency.level != "government":
        raise Http404(_("只有人民政府有所属部门"))
    rows = services.departments_overview(agency, year)
    sums = services.departments_decisions(rows)
    obj = AnnualReport.objects.filter(agency=agency, year=year).first()
    if request.method == "POST":
        if not can_act(request, agency):
            raise PermissionDenied
        obj = services.get_report(agency, year)
        if request.POST.get("action") == "adopt":
            obj.decisions_override = sums
            messages.success(request, _("已采用各部门决定数量合计作为本机关年度报告第二部分的起点"))
        else:
            obj.decisions_override = None
            messages.success(request, _("已恢复按本机关记录计算"))
        obj.save(update_fields=["decisions_override"])
        return redirect("reports:departments", slug=slug, year=year)
    return render(request, "reports/departments.html", {
        "agency": agency, "year": year, "rows": [
            (r, sum(1 for f in r.findings if f.severity == "error"), _findings_context(r.findings)) for r in rows
        ],
        "sums": sums, "override": obj.decisions_override if obj else None,
        "can_edit": can_act(request, agency), "decision_kinds": standard.DECISION_KINDS,
    })


# ---------------------------------------------------------------- public


def _download(report, fmt: str, stem: str) -> HttpResponse:
    """A report as ``fmt``: rendered on demand, cached by its content."""
    from gongkai.render import MEDIA_TYPES

    if fmt not in ("docx", "pdf", "html", "json"):
        raise Http404
    if fmt == "json":
        data, media = report.to_json(with_source=False), "application/json; charset=utf-8"
    else:
        data, media = services.render_cached(report, fmt), MEDIA_TYPES[fmt]
    resp = HttpResponse(data, content_type=media)
    if fmt != "html":
        resp["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return resp


def public_index(request):
    latest = {}
    for v in ReportVersion.objects.select_related("report__agency").order_by("report_id", "number"):
        latest[v.report_id] = v
    items = sorted(latest.values(), key=lambda v: (v.report.agency.name, -v.report.year))
    return render(request, "reports/public_index.html", {"versions": items})


def _public_version(slug, year, number=None) -> ReportVersion:
    _year_or_404(year)
    if number is not None and not 1 <= number <= 10**6:
        raise Http404
    obj = get_object_or_404(AnnualReport, agency__slug=slug, year=year)
    qs = obj.versions.order_by("-number")
    version = qs.filter(number=number).first() if number else qs.first()
    if version is None:
        raise Http404(_("该报告尚未发布"))
    return version


def public(request, slug, year, number=None):
    from gongkai.render.html import render_fragment

    version = _public_version(slug, year, number)
    report = version.to_report()
    return render(request, "reports/public.html", {
        "version": version, "obj": version.report, "agency": version.report.agency,
        "article": mark_safe(render_fragment(report, heading_level=1)),
        "versions": version.report.versions.order_by("-number"),
        "latest": version.report.versions.order_by("-number").first(),
    })


def public_download(request, slug, year, fmt, number=None):
    """A published version: its DOCX and PDF are the files stored at
    publishing; versions published before files were stored are rendered
    (and cached) as drafts are."""
    from gongkai.render import MEDIA_TYPES

    version = _public_version(slug, year, number)
    stem = f"{slug}-{year}-v{version.number}"
    stored = getattr(version, fmt, None) if fmt in services.STORED_FORMATS else None
    if stored:
        with stored.open("rb") as fh:
            resp = HttpResponse(fh.read(), content_type=MEDIA_TYPES[fmt])
        resp["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
        return resp
    return _download(version.to_report(), fmt, stem)


def agency_overview(request, slug):
    """An agency's public page of figures: applications per year, outcome mix,
    working days to reply, replies within the statutory period, its published
    annual reports, its 公开指南 and its 主动公开目录 (the disclosure register)."""
    from gongkai.agencies.models import Agency
    from gongkai.disclosure.models import ARTICLE20_CATEGORIES, DisclosureItem
    from gongkai.render import svgchart

    from . import agency_stats

    agency = get_object_or_404(Agency, slug=slug)
    stats = agency_stats.compute(agency)
    reports = (ReportVersion.objects.filter(report__agency=agency).select_related("report")
               .order_by("-report__year", "-number"))
    latest = {}
    for v in reports:
        latest.setdefault(v.report.year, v)
    items = list(DisclosureItem.objects.filter(agency=agency).order_by("category", "-published_on")[:500])
    categories = dict(ARTICLE20_CATEGORIES)
    catalogue = []
    for item in items:
        if not catalogue or catalogue[-1][0] != item.category:
            catalogue.append((item.category, str(categories.get(item.category, item.category)), []))
        catalogue[-1][2].append(item)
    return render(request, "reports/agency_overview.html", {
        "agency": agency, "stats": stats,
        "chart_years": svgchart.bars([(str(r.year), r.received) for r in stats.years],
                                     title=_("每年收到的申请（件）")) if stats.years else "",
        "chart_outcomes": svgchart.hbars([(label.split("）")[-1], n) for label, n in stats.outcomes],
                                         title=_("办理结果构成")) if stats.decided else "",
        "reports": [latest[y] for y in sorted(latest, reverse=True)],
        "guide": [p.strip() for p in (agency.guide or "").split("\n\n") if p.strip()],
        "catalogue": catalogue,
    })
