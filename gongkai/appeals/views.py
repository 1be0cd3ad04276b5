"""行政复议 and 行政诉讼 cases of an agency."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from gongkai import annual
from gongkai.web.agency_pages import agency_for, agency_index, can_act, year_param

from .forms import AppealCaseForm
from .models import AppealCase


@login_required
def index(request):
    return agency_index(request, "appeals:list", "appeals/index.html")


@login_required
def case_list(request, slug):
    agency = agency_for(request, slug)
    year = year_param(request)
    all_cases = AppealCase.objects.filter(agency=agency).select_related("application")
    table = annual.table4(
        [annual.AppealRecord(c.kind, c.filed_on, c.closed_on, None if c.outcome == "pending" else c.outcome)
         for c in all_cases], year)
    # the cases the year's table 4 counts: filed by its end and not closed before it began
    cases = all_cases.filter(filed_on__lte=dt.date(year, 12, 31)).filter(
        Q(closed_on__isnull=True) | Q(closed_on__gte=dt.date(year, 1, 1)))
    from gongkai import standard

    return render(request, "appeals/list.html", {
        "agency": agency, "cases": cases, "year": year, "years": range(year - 3, year + 2),
        "table": [(g, table[g.key]) for g in standard.APPEAL_GROUPS], "columns": standard.APPEAL_COLUMNS,
        "can_act": can_act(request, agency),
    })


@login_required
def case_edit(request, slug, pk=None):
    agency = agency_for(request, slug, act=True)
    obj = get_object_or_404(AppealCase, pk=pk, agency=agency) if pk else AppealCase(agency=agency)
    form = AppealCaseForm(request.POST or None, instance=obj, agency=agency)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("已保存"))
        return redirect(f"{redirect('appeals:list', slug=agency.slug).url}?year={obj.filed_on.year}")
    return render(request, "appeals/form.html", {"agency": agency, "form": form, "obj": obj})


@login_required
def application_numbers(request, slug):
    """Receipt numbers of the agency matching ``?q=`` (at most 20), for the
    相关申请 field's suggestions."""
    from django.http import JsonResponse

    from gongkai.applications.models import Application

    agency = agency_for(request, slug, act=True)
    q = (request.GET.get("q") or "").strip()[:40]
    rows = []
    if len(q) >= 2:
        apps = (Application.objects.filter(agency=agency)
                .filter(Q(number__icontains=q) | Q(applicant_name__icontains=q))
                .order_by("-arrived_on")[:20])
        rows = [{"number": a.number, "label": f"{a.number} {a.applicant_name} {a.description[:20]}"} for a in apps]
    return JsonResponse({"results": rows})
