"""Staff views: the queue, an application's page and its actions, letters.

Every queryset goes through ``agencies.auth``; every state change through
``services.apply`` (which checks the workflow table and the actor's role)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Max, Min, Q
from django.db.models.functions import Coalesce
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from gongkai.agencies import auth

from . import access, clockmap, letters, notify, receipts, services, workflow
from .forms import RegisterForm, action_form
from .models import Application, Attachment, Letter, Notification
from .outcomes import OUTCOMES
from .workflow import WorkflowError

DUE_FILTERS = (("overdue", gettext_noop("已超期")), ("due_soon", gettext_noop("5个工作日内到期")),
               ("lapsed", gettext_noop("补正或缴费期限已过")), ("running", gettext_noop("办理中")),
               ("paused", gettext_noop("期限中止")), ("closed", gettext_noop("已办结")))


REVIEW_STATES = ("extension_requested", "reply_review")  # waiting for a 审核人
# Irreversible actions: the form first shows what will happen, then asks again.
CONFIRM_EVENTS = ("send_reply", "close", "withdraw")


def staff_required(view):
    @login_required
    def wrapped(request, *args, **kwargs):
        if not auth.is_staff_member(request.user):
            raise PermissionDenied(_("您不是任何机关的工作人员"))
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _visible(request, pk) -> Application:
    return get_object_or_404(access.visible_applications(request.user).select_related("agency"), pk=pk)


QUEUE_PAGE = 50


class QueueRows:
    """The queue's rows as a lazily sliced sequence for ``Paginator``: open
    applications first (by status, then due date), then closed ones (most
    recently answered first). Each part is one indexed query per page; the
    database sorts and slices, never Python."""

    def __init__(self, qs, today, due: str | None):
        self.today = today
        show_open = due != "closed"
        show_closed = due in (None, "closed")
        open_qs = qs.filter(state__in=workflow.OPEN_STATES)
        if due and due != "closed":
            open_qs = open_qs.filter(clockmap.status_filter(due, today))
        self.open = (open_qs.annotate(rank=clockmap.status_rank(today))
                     .order_by("rank", Coalesce("due_on", "arrived_on"), "-arrived_on", "-id")) if show_open else None
        self.closed = (qs.filter(state__in=workflow.FINAL_STATES)
                       .order_by("-decided_on", "-id")) if show_closed else None
        self.n_open = self.open.order_by().count() if show_open else 0
        self.n_closed = self.closed.order_by().count() if show_closed else 0

    def count(self) -> int:
        return self.n_open + self.n_closed

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list[dict]:
        lo, hi = window.start or 0, window.stop
        rows = []
        if lo < self.n_open:
            rows += [{"app": a, "status": clockmap.STATUS_ORDER[a.rank]} for a in self.open[lo:min(hi, self.n_open)]]
        if hi > self.n_open and self.closed is not None:
            start = max(0, lo - self.n_open)
            rows += [{"app": a, "status": "closed"} for a in self.closed[start:hi - self.n_open]]
        return rows


def queue_page(scope, f, today, request=None):
    """The staff queue over ``scope`` (a queryset of applications) with the
    filters in ``f``: one page of rows, the status counts and the years, all
    filtered, counted, sorted and paginated by the database from the stored
    clock projection. No events are read; no query lists application ids."""
    qs = scope.select_related("agency")
    if f.get("state") in workflow.STATES:
        qs = qs.filter(state=f["state"])
    elif f.get("state") == "awaiting_review":
        qs = qs.filter(state__in=REVIEW_STATES)
    if f.get("outcome") in OUTCOMES:
        qs = qs.filter(outcome=f["outcome"])
    year = f.get("year") or ""
    if year:
        if year.isascii() and year.isdigit() and len(year) == 4:
            y = int(year)
            qs = qs.filter(Q(received_on__year=y) | Q(received_on__isnull=True, arrived_on__year=y))
        else:
            if request is not None:
                messages.error(request, _("年度应为四位数字，已忽略"))
    agency_id = f.get("agency", "")
    if agency_id.isascii() and agency_id.isdigit():
        qs = qs.filter(agency_id=int(agency_id)) if len(agency_id) <= 9 else qs.none()
    q = (f.get("q") or "").replace("\x00", "").strip()[:100]  # PostgreSQL cannot compare NUL
    if q:
        qs = qs.filter(Q(number__icontains=q) | Q(applicant_name__icontains=q) | Q(description__icontains=q))
    due = f.get("due") if f.get("due") in dict(DUE_FILTERS) else None
    page = Paginator(QueueRows(qs, today, due), QUEUE_PAGE).get_page(f.get("page"))
    counts = scope.filter(state__in=workflow.OPEN_STATES).order_by().aggregate(
        **{k: Count("pk", filter=clockmap.status_filter(k, today)) for k, _l in DUE_FILTERS if k != "closed"})
    counts["closed"] = 0  # the badges count open applications only
    span = scope.order_by().aggregate(first=Min("arrived_on"), last=Max("arrived_on"))
    years = list(range(span["last"].year, span["first"].year - 1, -1)) if span["first"] else []
    return page, counts, years


@staff_required
def queue(request):
    today = services.today()
    f = request.GET
    page, counts, years = queue_page(access.visible_applications(request.user), f, today, request)
    return render(request, "applications/queue.html", {
        "page": page, "states": workflow.STATES, "outcomes": OUTCOMES, "due_filters": DUE_FILTERS,
        "years": years, "agencies": auth.visible_agencies(request.user), "f": f, "counts": counts, "today": today,
        "can_register": auth.actable_agencies(request.user, "registrar").exists(),
        # superusers configure agencies in the administration pages; agency admins here
        "admin_of": [] if request.user.is_superuser else auth.actable_agencies(request.user, "admin"),
        "awaiting_review": access.actable_applications(request.user, "reviewer").filter(state__in=REVIEW_STATES).count()
        if auth.actable_agencies(request.user, "reviewer").exists() else None,
    })


@staff_required
def detail(request, pk):
    app = _visible(request, pk)
    today = services.today()
    events = list(app.events.select_related("actor"))
    d = clockmap.deadlines(app, events)
    actions = []
    for t in services.available_for(request.user, app):
        initial = {}
        if t.event == "edit_reply":
            draft = app.letters.filter(kind="reply", sent_on__isnull=True).first()
            initial["body"] = draft.body if draft else ""
        if "supplement_due" in t.fields:
            initial["supplement_due"] = clockmap.default_supplement_due(today)
        actions.append({"t": t, "form": action_form(t, initial=initial, prefix=t.event)})
    days_left = clockmap.working_days_left(d, today)
    draft = app.letters.filter(kind="reply", sent_on__isnull=True).order_by("-id").first()
    return render(request, "applications/detail.html", {
        "draft": draft, "placeholders": letters.placeholders(draft.body) if draft else [],
        "calendar_url": _calendar_url() if getattr(d, "provisional_years", None) else None,
        "can_reissue": auth.can_act(request.user, app.agency, "registrar"),
        "appeal_cases": app.appeal_cases.all(),
        "app": app, "events": events, "d": d, "status": clockmap.display_status(d, today),
        "days_left": days_left, "overdue_days": -days_left if days_left is not None and days_left < 0 else 0,
        "actions": actions,
        "letters": app.letters.all(), "attachments": app.attachments.filter(event__isnull=True),
        "notifications": app.notifications.all(),
        "released": app.released_files.all(),
        "can_release": app.state == "reply_review" and auth.can_act(request.user, app.agency, "registrar")
        and app.letters.filter(kind="reply", sent_on__isnull=True, outcome__in=services.RELEASING_OUTCOMES).exists(),
        "outcome": OUTCOMES.get(app.outcome) if app.outcome else None,
        "read_only": not auth.can_act(request.user, app.agency), "states": workflow.STATES,
    })


@staff_required
@require_POST
def act(request, pk, event):
    app = _visible(request, pk)
    if not auth.can_act(request.user, app.agency):
        raise PermissionDenied(_("您只能查看该机关的申请，不能办理"))
    t = workflow.TRANSITION_BY_EVENT.get(event)
    if t is None:
        raise Http404
    form = action_form(t, data=request.POST, prefix=event)
    if not form.is_valid():
        for field, errs in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}：{'；'.join(errs)}")
        return redirect("applications:detail", pk=app.pk)
    if event in CONFIRM_EVENTS and request.POST.get("confirmed") != "1":
        try:
            services.precheck(app, event, request.user)
        except WorkflowError as err:
            messages.error(request, str(err))
            return redirect("applications:detail", pk=app.pk)
        return _confirm(request, app, t, form)
    try:
        services.apply(app, event, request.user, form.cleaned_data)
    except WorkflowError as err:
        messages.error(request, str(err))
    else:
        messages.success(request, _("已完成：%(label)s") % {"label": _(t.label)})
    return redirect("applications:detail", pk=app.pk)


def _calendar_url():
    """The administrators' page that loads a year's holiday schedule, when installed."""
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse("calendar-admin")
    except NoReverseMatch:
        return None


def _confirm(request, app, t, form):
    """The confirmation step of an irreversible action: what will happen, the
    same data again as hidden fields, and a 确认 button."""
    on = form.cleaned_data.get("on") or services.today()
    draft = app.letters.filter(kind="reply", sent_on__isnull=True).order_by("-id").first()
    outcome = OUTCOMES.get(draft.outcome) if draft and draft.outcome else None
    hidden = [(f"{t.event}-{name}", request.POST.get(f"{t.event}-{name}", "")) for name in t.fields]
    return render(request, "applications/confirm.html", {
        "app": app, "t": t, "on": on, "draft": draft, "outcome": outcome, "hidden": hidden,
        "placeholders": letters.placeholders(draft.body) if draft else [],
        "prefix": app.agency.reference_prefix, "note": form.cleaned_data.get("note", ""),
    })


@staff_required
@require_POST
def reissue_code(request, pk):
    """A new query code for the applicant (shown once; the old one stops working)."""
    app = _visible(request, pk)
    if request.POST.get("confirmed") != "1":
        return render(request, "applications/reissue_confirm.html", {"app": app})
    try:
        code = services.reissue_code(app, request.user)
    except WorkflowError as err:
        raise PermissionDenied(str(err)) from None
    resp = render(request, "applications/registered.html", {"app": app, "code": code, "reissued": True})
    resp["Cache-Control"] = "no-store"
    return resp


@staff_required
def letter_settings(request, slug):
    """The agency's letter settings (发文字号, 行政复议机关, 缴纳方式, 联系电话),
    for its administrators."""
    from gongkai.agencies.models import Agency

    from .forms import LetterSettingsForm

    agency = get_object_or_404(Agency, slug=slug)
    if not auth.can_view(request.user, agency):
        raise Http404
    if not auth.can_act(request.user, agency, "admin"):
        raise PermissionDenied(_("只有本机关的管理员可以修改文书设置"))
    form = LetterSettingsForm(request.POST or None, instance=agency)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("已保存文书设置"))
        return redirect("applications:letter_settings", slug=agency.slug)
    year = services.today().year
    return render(request, "applications/letter_settings.html", {
        "agency": agency, "form": form, "example": f"{agency.reference_prefix}〔{year}〕1号",
        "body": agency.reconsideration_body,
    })


@staff_required
def receipt(request, pk, fmt="html"):
    """The 受理回执 (page to print, or PDF) for the counter or a paper application."""
    app = _visible(request, pk)
    if fmt == "pdf":
        resp = HttpResponse(receipts.render_pdf(app), content_type="application/pdf")
        resp["Content-Disposition"] = f'attachment; filename="{app.number}-receipt.pdf"'
        return resp
    html = render_to_string("applications/receipt.html", {
        **receipts.context(app), "pdf_url": reverse("applications:receipt_pdf", args=[app.pk]),
        "back_url": reverse("applications:detail", args=[app.pk])}, request=request)
    return HttpResponse(html)


@staff_required
@require_POST
def retry_notification(request, pk):
    n = get_object_or_404(Notification.objects.select_related("agency"), pk=pk)
    if not auth.can_act(request.user, n.agency):
        raise Http404
    notify.retry_now(n)
    messages.success(request, _("已重新排队发送：%(to)s") % {"to": n.to})
    if n.application_id:
        return redirect("applications:detail", pk=n.application_id)
    return redirect("applications:queue")


@staff_required
def register(request):
    agencies = auth.actable_agencies(request.user, "registrar")
    if not agencies.exists():
        raise PermissionDenied(_("只有登记员可以登记申请"))
    agency_id = request.POST.get("agency") or request.GET.get("agency")
    agency = agencies.filter(pk=agency_id).first() if agency_id else agencies.first()
    if agency is None:
        raise Http404
    form = RegisterForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        try:
            app, code = services.create(
                agency, c, channel=c["channel"], arrived_on=c["arrived_on"], received_on=c.get("received_on"),
                user=request.user, attachments=c.get("attachments") or [], note=c.get("note", ""),
            )
        except WorkflowError as err:
            form.add_error(None, str(err))
        else:
            resp = render(request, "applications/registered.html", {"app": app, "code": code})
            resp["Cache-Control"] = "no-store"
            return resp
    return render(request, "applications/register.html", {"form": form, "agencies": agencies, "agency": agency})


def _letter(request, pk) -> Letter:
    letter = get_object_or_404(Letter.objects.select_related("application__agency"), pk=pk)
    if not auth.can_view(request.user, letter.application.agency):
        raise Http404
    return letter


@staff_required
def letter_html(request, pk):
    return HttpResponse(letters.render_html(_letter(request, pk)))


@staff_required
def letter_pdf(request, pk):
    letter = _letter(request, pk)
    return letters.pdf_response(letter)


@staff_required
def letter_docx(request, pk):
    letter = _letter(request, pk)
    return letters.docx_response(letter)


@staff_required
def attachment(request, pk):
    a = get_object_or_404(Attachment.objects.select_related("application__agency"), pk=pk)
    if not auth.can_view(request.user, a.application.agency):
        raise Http404
    return FileResponse(a.file.open("rb"), as_attachment=True, filename=a.name)


@staff_required
def message_settings(request, slug):
    """The agency's e-mail texts (one template per message, defaults shown)
    and its 政府信息公开指南, for its administrators (others may read them)."""
    from gongkai.agencies.models import Agency

    from .models import MessageTemplate

    agency = get_object_or_404(Agency, slug=slug)
    if not auth.can_view(request.user, agency):
        raise Http404
    can_edit = auth.can_act(request.user, agency, "admin")
    errors: dict[str, str] = {}
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied(_("只有本机关的管理员可以修改消息模板和公开指南"))
        key = request.POST.get("key", "")
        if key == "guide":
            agency.guide = (request.POST.get("guide") or "").replace("\r\n", "\n").strip()[:20000]
            agency.save(update_fields=["guide"])
            messages.success(request, _("已保存政府信息公开指南"))
            return redirect("applications:message_settings", slug=agency.slug)
        if key not in notify.MESSAGES:
            raise Http404
        subject = (request.POST.get("subject") or "").strip()
        body = (request.POST.get("body") or "").replace("\r\n", "\n").strip()
        if request.POST.get("reset"):
            MessageTemplate.objects.filter(agency=agency, key=key).delete()
            messages.success(request, _("已恢复默认文字：%(title)s") % {"title": notify.MESSAGES[key].title})
            return redirect("applications:message_settings", slug=agency.slug)
        unknown = notify.unknown_placeholders(subject + body, key)
        if not subject or not body:
            errors[key] = _("主题和正文都不能为空")
        elif unknown:
            errors[key] = _("这条消息没有以下占位符：%(names)s") % {"names": "、".join("{" + u + "}" for u in unknown)}
        else:
            MessageTemplate.objects.update_or_create(agency=agency, key=key, defaults={
                "subject": subject[:300], "body": body[:10000], "updated_by": request.user})
            messages.success(request, _("已保存：%(title)s") % {"title": notify.MESSAGES[key].title})
            return redirect("applications:message_settings", slug=agency.slug)
    own = {t.key: t for t in MessageTemplate.objects.filter(agency=agency)}
    rows = []
    for key, m in notify.MESSAGES.items():
        t = own.get(key)
        posted = request.method == "POST" and request.POST.get("key") == key
        rows.append({"m": m, "own": t is not None,
                     "subject": request.POST.get("subject") if posted else (t.subject if t else m.subject),
                     "body": request.POST.get("body") if posted else (t.body if t else m.body),
                     "error": errors.get(key)})
    return render(request, "applications/message_settings.html", {
        "agency": agency, "rows": rows, "can_edit": can_edit}, status=400 if errors else 200)
