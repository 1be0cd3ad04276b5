"""The proactive-disclosure register: items, documents, monthly figures."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from gongkai import annual
from gongkai.web.agency_pages import agency_for, agency_index, can_act, year_param

from . import importer, services
from .forms import DisclosureItemForm, DocumentForm, ImportForm, MonthForm
from .models import FIGURE_FIELDS, DisclosureItem, Document, MonthlyFigures, safe_months


@login_required
def index(request):
    return agency_index(request, "disclosure:register", "disclosure/index.html")


@login_required
def register(request, slug):
    agency = agency_for(request, slug)
    year = year_param(request)
    end = dt.date(year, 12, 31)
    items = DisclosureItem.objects.filter(agency=agency, published_on__year=year)
    documents = Document.objects.filter(agency=agency, made_on__lte=end).order_by("kind", "-made_on")
    months = safe_months(agency, year)
    unreadable = sorted(m for m, f in months.items() if f.unreadable)
    docs_table = annual.documents_table(
        [annual.DocumentRecord(d.kind, d.made_on, d.repealed_on) for d in documents], year
    )
    readable = [m for m in months.values() if not m.unreadable]
    totals = {k: sum((getattr(m, k) for m in readable), 0) for k in ("licensing", "punishment", "coercion", "fees_yuan")}
    return render(request, "disclosure/register.html", {
        "agency": agency, "year": year, "years": range(year - 3, year + 2),
        "items": items, "late_count": sum(1 for i in items if i.late),
        "documents": [(d, d.in_force_on(end)) for d in documents],
        "docs_table": docs_table,
        "months": [(m, months.get(m), [getattr(months[m], k) for k in FIGURE_FIELDS] if m in months else [0] * 4)
                   for m in range(1, 13)],
        "totals": totals,
        "fees_10k": annual.yuan_to_10k(totals["fees_yuan"]),
        "can_act": can_act(request, agency),
        "import_form": ImportForm(), "unreadable": unreadable,
    })


def _edit(request, slug, model, form_class, pk, template, title):
    agency = agency_for(request, slug, act=True)
    obj = get_object_or_404(model, pk=pk, agency=agency) if pk else model(agency=agency)
    form = form_class(request.POST or None, instance=obj)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("已保存"))
        year = getattr(obj, "published_on", None) or getattr(obj, "made_on", None)
        url = f"{redirect('disclosure:register', slug=agency.slug).url}?year={year.year}"
        return redirect(url)
    return render(request, "disclosure/form.html", {"agency": agency, "form": form, "title": title, "obj": obj})


@login_required
def item_edit(request, slug, pk=None):
    return _edit(request, slug, DisclosureItem, DisclosureItemForm, pk, "disclosure/form.html", _("主动公开信息"))


@login_required
def document_edit(request, slug, pk=None):
    return _edit(request, slug, Document, DocumentForm, pk, "disclosure/form.html", _("规章和规范性文件"))


@login_required
def figures(request, slug, year):
    agency = agency_for(request, slug, act=True)
    if not importer.YEARS[0] <= year <= importer.YEARS[1]:
        messages.error(request, _("年度应为%(lo)s至%(hi)s之间的整数") % {"lo": importer.YEARS[0], "hi": importer.YEARS[1]})
        return redirect("disclosure:register", slug=agency.slug)
    existing = safe_months(agency, year)
    forms = [
        (m, MonthForm(request.POST or None, prefix=f"m{m}",
                      instance=existing.get(m) or MonthlyFigures(agency=agency, year=year, month=m)))
        for m in range(1, 13)
    ]
    if request.method == "POST" and all(f.is_valid() for _m, f in forms):
        with transaction.atomic():
            for _m, f in forms:
                f.save()
        messages.success(request, _("已保存%(year)s年各月数据") % {"year": year})
        return redirect(f"{redirect('disclosure:register', slug=agency.slug).url}?year={year}")
    return render(request, "disclosure/figures.html", {"agency": agency, "year": year, "forms": forms})


@login_required
def import_figures(request, slug):
    """Upload → preview of the changes (old → new) → confirm → applied."""
    agency = agency_for(request, slug, act=True)
    year = year_param(request)
    back = f"{redirect('disclosure:register', slug=agency.slug).url}?year={year}"
    if request.method != "POST":
        return redirect(back)
    if request.POST.get("token"):
        try:
            changes = services.apply(request.POST["token"], agency, request.user)
        except services.ImportRefused as err:
            messages.error(request, str(err))
        else:
            messages.success(request, _("已导入：%(n)s 个单元格有变化") % {"n": len(changes)})
            if changes:
                year = changes[0].year
        return redirect(f"{redirect('disclosure:register', slug=agency.slug).url}?year={year}")
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        for errs in form.errors.values():
            for e in errs:
                messages.error(request, e)
        return redirect(back)
    upload = form.cleaned_data["file"]
    try:
        changes, unchanged, token = services.preview(agency, request.user, upload.read(), upload.name)
    except importer.ImportError_ as err:
        for e in err.errors[:20]:
            messages.error(request, e)
        if len(err.errors) > 20:
            messages.error(request, _("另有 %(n)s 处错误未列出") % {"n": len(err.errors) - 20})
        messages.error(request, _("文件有误，未导入任何数据"))
        return redirect(back)
    return render(request, "disclosure/import_preview.html", {
        "agency": agency, "year": year, "changes": changes, "unchanged": unchanged, "token": token,
        "filename": upload.name,
    })


@login_required
def template_for(request, slug):
    """The import template pre-filled with the figures already recorded."""
    agency = agency_for(request, slug)
    year = year_param(request)
    figures = {m.month: {k: getattr(m, k) for k in importer.FIGURES}
               for m in safe_months(agency, year).values() if not m.unreadable}
    return _xlsx(importer.template_xlsx(year, figures), f"monthly-figures-{agency.slug}-{year}.xlsx")


def template_download(request):
    """A blank template (blank cells leave figures unchanged when imported)."""
    year = year_param(request)
    return _xlsx(importer.template_xlsx(year), f"monthly-figures-{year}.xlsx")


def _xlsx(data: bytes, filename: str) -> HttpResponse:
    resp = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    resp["Content-Disposition"] = f'attachment; filename="{filename}"'
    return resp
