"""Public pages: no login. Agencies, the application form, status lookup.

Personal data (ID numbers, phones, addresses) never appears here; the status
page shows only public events (``workflow.PUBLIC_EVENTS``) and sent letters."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from gongkai.agencies.models import Agency
from gongkai.applications import services
from gongkai.applications.forms import ApplicationForm
from gongkai.applications.letters import docx_response, pdf_response
from gongkai.applications.models import Letter
from gongkai.applications.services import public_view
from gongkai.applications.workflow import WorkflowError

from . import ratelimit

SESSION_KEY = "gongkai_status_ok"


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
            ok = set(request.session.get(SESSION_KEY, []))
            ok.add(app.pk)
            request.session[SESSION_KEY] = sorted(ok)[-20:]
            ctx.update(public_view(app))
    return render(request, "portal/status.html", ctx)


def status_letter(request, pk, fmt):
    """A sent letter, for an applicant who looked the application up in this session."""
    letter = get_object_or_404(Letter.objects.select_related("application__agency"), pk=pk, sent_on__isnull=False)
    if letter.application_id not in request.session.get(SESSION_KEY, []):
        raise Http404
    return pdf_response(letter) if fmt == "pdf" else docx_response(letter)
