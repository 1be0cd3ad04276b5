"""Public pages: no login. Agencies, the application form, status lookup.

Personal data (ID numbers, phones, addresses) never appears here; the status
page shows only public events (``workflow.PUBLIC_EVENTS``) and sent letters."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.agencies.models import Agency
from gongkai.applications import receipts, services, workflow
from gongkai.applications.forms import ApplicationForm, MultipleFileField, check_upload
from gongkai.applications.letters import docx_response, pdf_response
from gongkai.applications.models import Application, Letter, ReleasedFile
from gongkai.applications.services import public_view
from gongkai.applications.workflow import WorkflowError

from . import ratelimit

SESSION_KEY = "gongkai_status_ok"


class SupplementForm(forms.Form):
    note = forms.CharField(label=gettext_lazy("补正内容"), required=False, max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 4}))
    files = MultipleFileField(label=gettext_lazy("补正材料（可选，PDF/JPG/PNG/DOCX，每个不超过 10 MB，最多 5 个）"), required=False)

    def clean_files(self):
        files = self.cleaned_data.get("files") or []
        if len(files) > 5:
            raise forms.ValidationError(_("补正材料最多 5 个"))
        for f in files:
            check_upload(f)
        return files

    def clean(self):
        c = super().clean()
        if not (c.get("note") or "").strip() and not c.get("files"):
            raise forms.ValidationError(_("请填写补正内容或上传补正材料"))
        return c


def home(request):
    """The public home page: the agencies that take applications here."""
    agencies = Agency.objects.select_related("parent").order_by("level", "name")
    return render(request, "portal/home.html", {"agencies": agencies})


def agency(request, slug):
    a = get_object_or_404(Agency, slug=slug)
    return render(request, "portal/agency.html", {"agency": a})


@never_cache
@require_http_methods(["GET", "POST"])
def apply(request, slug):
    a = get_object_or_404(Agency, slug=slug)
    form = ApplicationForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not ratelimit.allow(request):
            return render(request, "portal/apply.html", {"agency": a, "form": form, "limited": ratelimit.MESSAGE},
                          status=429)
        if form.is_valid():
            c = form.cleaned_data
            try:
                app, code = services.create(a, c, channel="online", arrived_on=services.today(),
                                            attachments=c.get("attachments") or [])
            except WorkflowError as err:
                form.add_error(None, str(err))
            else:
                _remember(request, app)
                return render(request, "portal/submitted.html", {"app": app, "code": code, "agency": a})
    return render(request, "portal/apply.html", {"agency": a, "form": form})


@never_cache
@require_http_methods(["GET", "POST"])
def status(request):
    ctx = {"number": "", "error": None}
    if request.method == "POST":
        number = (request.POST.get("number") or "").strip()
        code = (request.POST.get("code") or "").strip()
        ctx["number"] = number
        if not ratelimit.allow(request, scope="status"):
            ctx["error"] = ratelimit.MESSAGE
            return render(request, "portal/status.html", ctx, status=429)
        app = services.find_by_code(number, code)
        if app is None:
            ctx["error"] = _("受理编号或查询码不正确。")
        else:
            _remember(request, app)
            ctx.update(public_view(app), supplement_form=SupplementForm())
    else:
        ctx["number"] = (request.GET.get("number") or "").strip()[:40]
    return render(request, "portal/status.html", ctx)


def _remember(request, app) -> None:
    """This browser proved it knows the query code (or just filed the application)."""
    ok = [pk for pk in request.session.get(SESSION_KEY, []) if pk != app.pk]
    request.session[SESSION_KEY] = (ok + [app.pk])[-20:]


def _looked_up(request, pk):
    """The application, if this browser looked it up (number + query code) in its session."""
    if pk not in request.session.get(SESSION_KEY, []):
        raise Http404
    return get_object_or_404(Application.objects.select_related("agency"), pk=pk)


@never_cache
def status_app(request, pk):
    app = _looked_up(request, pk)
    return render(request, "portal/status.html", {"number": app.number, "supplement_form": SupplementForm(),
                                                  **public_view(app)})


@never_cache
@require_POST
def status_supplement(request, pk):
    """The applicant answers a 补正 request online: text and files."""
    app = _looked_up(request, pk)
    form = SupplementForm(request.POST, request.FILES)
    if not ratelimit.allow(request, scope="status"):
        messages.error(request, ratelimit.MESSAGE)
    elif form.is_valid():
        try:
            services.apply(app, "answer_correction", None,
                           {"note": form.cleaned_data["note"], "files": form.cleaned_data["files"]},
                           as_applicant=True)
        except WorkflowError as err:
            messages.error(request, str(err))
        else:
            messages.success(request, _("补正已提交，答复期限自收到补正之日起重新计算。"))
            return redirect("portal:status_app", pk=app.pk)
    else:
        for errs in form.errors.values():
            messages.error(request, "；".join(errs))
    return redirect("portal:status_app", pk=app.pk)


@never_cache
@require_http_methods(["GET", "POST"])
def status_withdraw(request, pk):
    """Withdrawal, with a confirmation page first."""
    app = _looked_up(request, pk)
    if "withdraw_online" not in [t.event for t in workflow.applicant_actions(app.state)]:
        messages.error(request, _("该申请已办结或已撤回，不能撤回。"))
        return redirect("portal:status_app", pk=app.pk)
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        try:
            services.apply(app, "withdraw_online", None, {"note": (request.POST.get("note") or "")[:500]},
                           as_applicant=True)
        except WorkflowError as err:
            messages.error(request, str(err))
        else:
            messages.success(request, _("申请已撤回。"))
        return redirect("portal:status_app", pk=app.pk)
    return render(request, "portal/withdraw.html", {"app": app})


def status_receipt(request, pk, fmt="html"):
    app = _looked_up(request, pk)
    if fmt == "pdf":
        resp = HttpResponse(receipts.render_pdf(app), content_type="application/pdf")
        resp["Content-Disposition"] = f'attachment; filename="{app.number}-receipt.pdf"'
        return resp
    html = render_to_string("applications/receipt.html", {
        **receipts.context(app), "pdf_url": reverse("portal:status_receipt_pdf", args=[app.pk]),
        "back_url": reverse("portal:status_app", args=[app.pk])}, request=request)
    return HttpResponse(html)


def status_released(request, pk):
    """A released record, after the reply was sent, to the applicant who looked it up."""
    f = get_object_or_404(ReleasedFile.objects.select_related("application"), pk=pk, released_on__isnull=False)
    _looked_up(request, f.application_id)
    return FileResponse(f.released.open("rb"), as_attachment=True, filename=f.released_name or f.name)


def status_letter(request, pk, fmt):
    """A sent letter, for an applicant who looked the application up in this session."""
    letter = get_object_or_404(Letter.objects.select_related("application__agency"), pk=pk, sent_on__isnull=False)
    if letter.application_id not in request.session.get(SESSION_KEY, []):
        raise Http404
    return pdf_response(letter) if fmt == "pdf" else docx_response(letter)
