"""Which applications a user may see or act on: the agency scopes of
``gongkai.agencies.auth`` applied to this app's model (the scope lives with
the model's owner, so ``agencies`` imports no other app)."""

from __future__ import annotations

from django.db.models import QuerySet

from gongkai.agencies import auth

from .models import Application


def visible_applications(user) -> QuerySet:
    return Application.objects.filter(agency__in=auth.visible_agencies(user))


def actable_applications(user, role: str | None = None) -> QuerySet:
    return Application.objects.filter(agency__in=auth.actable_agencies(user, role))
