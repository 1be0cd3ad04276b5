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
from gongkai.reports.access import agency_for, agency_index, can_act, year_param

from . import importer
from .forms import DisclosureItemForm, DocumentForm, ImportForm, MonthForm
from .models import DisclosureItem, Document, MonthlyFigures


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
    months = {m.month: m for m in MonthlyFigures.objects.filter(agency=agency, year=year)}
    docs_table = annual.documents_table(
        [annual.DocumentRecord(d.kind, d.made_on, d.repealed_on) for d in documents], year
    )
    totals = {k: sum(getattr(m, k) for m in months.values()) for k in ("licensing", "punishment", "coercion", "fees_yuan")}
    return render(request, "disclosure/register.html", {
        "agency": agency, "year": year, "years": range(year - 3, year + 2),
        "items": items, "late_count": sum(1 for i in items if i.late),
        "documents": [(d, d.in_force_on(end)) for d in documents],
        "docs_table": docs_table,
        "months": [(m, months.get(m)) for m in range(1, 13)], "totals": totals,
        "fees_10k": annual.yuan_to_10k(totals["fees_yuan"]),
        "can_act": can_act(request, agency),
        "import_form": ImportForm(),
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
    existing = {m.month: m for m in MonthlyFigures.objects.filter(agency=agency, year=year)}
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
    agency = agency_for(request, slug, act=True)
    form = ImportForm(request.POST or None, request.FILES or None)
    year = year_param(request)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            rows = importer.parse(upload.read(), upload.name)
        except importer.ImportError_ as err:
            for e in err.errors[:20]:
                messages.error(request, e)
            messages.error(request, _("文件有误，未导入任何数据"))
        else:
            with transaction.atomic():
                for r in rows:
                    MonthlyFigures.objects.update_or_create(
                        agency=agency, year=r.year, month=r.month,
                        defaults={"licensing": r.licensing, "punishment": r.punishment,
                                  "coercion": r.coercion, "fees_yuan": r.fees_yuan},
                    )
            messages.success(request, _("已导入 %(n)s 行") % {"n": len(rows)})
            if rows:
                year = rows[0].year
    return redirect(f"{redirect('disclosure:register', slug=agency.slug).url}?year={year}")


def template_download(request):
    year = year_param(request)
    resp = HttpResponse(
        importer.template_xlsx(year),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    resp["Content-Disposition"] = f'attachment; filename="monthly-figures-{year}.xlsx"'
    return resp
