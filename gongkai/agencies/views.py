"""Administration of agencies and their staff, in Chinese (not the Django
admin): superusers create agencies; superusers and agency administrators
add staff with a role, remove a role, and reset a password (a new random
password shown once). Who may do what is decided in ``auth``."""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from . import auth
from .forms import AgencyForm, MemberForm
from .models import Agency, Membership

PASSWORD_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789"


def new_password() -> str:
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(14))


def _managed(request, slug) -> Agency:
    agency = get_object_or_404(Agency, slug=slug)
    if not auth.can_manage(request.user, agency):
        if auth.can_view(request.user, agency):
            raise PermissionDenied(_("只有本机关的管理员可以管理工作人员"))
        raise PermissionDenied(_("您无权管理该机关"))
    return agency


@login_required
def index(request):
    agencies = auth.managed_agencies(request.user).select_related("parent")
    if not auth.can_create_agencies(request.user) and not agencies.exists():
        raise PermissionDenied(_("只有超级管理员和机关管理员可以管理机关和工作人员"))
    form = None
    if auth.can_create_agencies(request.user):
        form = AgencyForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            agency = form.save()
            messages.success(request, _("已创建机关：%(name)s") % {"name": agency.name})
            return redirect("agencies:detail", slug=agency.slug)
    return render(request, "agencies/index.html", {"agencies": agencies, "form": form})


@never_cache
@login_required
def detail(request, slug):
    agency = _managed(request, slug)
    form = MemberForm(request.POST or None, agency=agency)
    shown_password = None
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            user, created, password = form.save()
        if created:
            shown_password = (user.get_username(), password)
            messages.success(request, _("已新建账号 %(u)s 并加入本机关") % {"u": user.get_username()})
        else:
            messages.success(request, _("已为 %(u)s 增加角色") % {"u": user.get_username()})
        form = MemberForm(agency=agency)
    members = Membership.objects.filter(agency=agency).select_related("user").order_by("user__username", "role")
    return render(request, "agencies/detail.html", {
        "agency": agency, "form": form, "members": members, "shown_password": shown_password,
        "can_edit_agency": auth.can_create_agencies(request.user),
    })


@login_required
def edit(request, slug):
    agency = get_object_or_404(Agency, slug=slug)
    if not auth.can_create_agencies(request.user):
        raise PermissionDenied(_("只有超级管理员可以修改机关信息"))
    form = AgencyForm(request.POST or None, instance=agency)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("机关信息已保存"))
        return redirect("agencies:detail", slug=agency.slug)
    return render(request, "agencies/edit.html", {"agency": agency, "form": form})


@login_required
@require_POST
def remove_member(request, slug, pk):
    agency = _managed(request, slug)
    m = get_object_or_404(Membership.objects.select_related("user"), pk=pk, agency=agency)
    if m.user_id == request.user.pk and m.role == "admin":
        messages.error(request, _("不能取消自己的管理员角色"))
    else:
        m.delete()
        messages.success(request, _("已取消 %(u)s 的“%(r)s”角色") % {"u": m.user.get_username(), "r": m.get_role_display()})
    return redirect("agencies:detail", slug=agency.slug)


@never_cache
@login_required
@require_POST
def reset_password(request, slug, user_id):
    agency = _managed(request, slug)
    target = get_object_or_404(get_user_model(), pk=user_id, memberships__agency=agency)
    if not auth.can_reset_password(request.user, target):
        raise PermissionDenied(_("您不能重设该账号的密码（该账号也属于您不管理的机关，或是超级管理员）"))
    password = new_password()
    target.set_password(password)
    target.save(update_fields=["password"])
    from . import lockout

    lockout.reset(target.get_username())
    members = Membership.objects.filter(agency=agency).select_related("user").order_by("user__username", "role")
    messages.success(request, _("已重设 %(u)s 的密码") % {"u": target.get_username()})
    return render(request, "agencies/detail.html", {
        "agency": agency, "form": MemberForm(agency=agency), "members": members,
        "shown_password": (target.get_username(), password), "can_edit_agency": auth.can_create_agencies(request.user),
    })
