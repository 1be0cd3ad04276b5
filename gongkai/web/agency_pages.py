"""Agency lookup with the platform's permission predicates
(``gongkai.agencies.auth``), shared by the register (disclosure), cases
(appeals) and reports views.

An agency the user cannot see is a 404 (its records are not revealed); one
the user can see but not act for (a supervisor looking at a department) is a
403 for every change."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from gongkai.agencies import auth
from gongkai.agencies.models import Agency


def agency_for(request, slug: str, *, act: bool = False, role: str | None = None):
    agency = get_object_or_404(Agency, slug=slug)
    if not auth.can_view(request.user, agency):
        raise Http404("没有这个机关")
    if act and not auth.can_act(request.user, agency, role):
        raise PermissionDenied("您没有办理该机关此项工作的权限")
    return agency


def can_act(request, agency, role: str | None = None) -> bool:
    return auth.can_act(request.user, agency, role)


def visible(request):
    return auth.visible_agencies(request.user).order_by("name")


def agency_index(request, url_name: str, template: str):
    """The entry page of a per-agency section: straight to the one agency a
    user can see, or a list to choose from."""
    agencies = list(visible(request))
    if len(agencies) == 1:
        return redirect(url_name, slug=agencies[0].slug)
    return render(request, template, {"agencies": agencies})


YEARS = (2000, 2100)  # the years the records and reports can hold


def year_param(request) -> int:
    """``?year=`` as an int; this year when absent. A value that is not a
    year from 2000 to 2100 falls back to this year with a message saying so."""
    this_year = timezone.localdate().year
    raw = (request.GET.get("year") or "").strip()
    if not raw:
        return this_year
    if raw.isascii() and raw.isdigit() and len(raw) <= 4 and YEARS[0] <= int(raw) <= YEARS[1]:
        return int(raw)
    from django.contrib import messages

    messages.error(request, f"年度应为{YEARS[0]}至{YEARS[1]}之间的整数，已显示{this_year}年")
    return this_year


def year_in_range(year: int) -> bool:
    return YEARS[0] <= year <= YEARS[1]
