"""Every permission predicate and queryset scope of the platform, in one place.

* A member of an agency (any role) sees the agency's records.
* A member of a government agency (a supervisor) also sees, read-only, the
  records of the departments it supervises (``Agency.parent``).
* Acting needs a membership of the agency itself; ``role`` narrows it
  (``admin`` may act in every role of its agency). Superusers see and act
  everywhere.

Views and API endpoints use only these functions (and the record scopes
built on them by each app, e.g. ``applications.access``): nothing else
decides who may see or do what.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from .models import Agency, Membership


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def visible_agencies(user) -> QuerySet:
    if not _active(user):
        return Agency.objects.none()
    if user.is_superuser:
        return Agency.objects.all()
    own = Membership.objects.filter(user=user).values("agency_id")
    governed = Membership.objects.filter(user=user, agency__level="government").values("agency_id")
    return Agency.objects.filter(Q(pk__in=own) | Q(parent_id__in=governed)).distinct()


def actable_agencies(user, role: str | None = None) -> QuerySet:
    if not _active(user):
        return Agency.objects.none()
    if user.is_superuser:
        return Agency.objects.all()
    memberships = Membership.objects.filter(user=user)
    if role is not None:
        memberships = memberships.filter(role__in=(role, "admin"))
    return Agency.objects.filter(pk__in=memberships.values("agency_id"))


def can_view(user, agency) -> bool:
    return agency is not None and visible_agencies(user).filter(pk=agency.pk).exists()


def can_act(user, agency, role: str | None = None) -> bool:
    return agency is not None and actable_agencies(user, role).filter(pk=agency.pk).exists()


def roles_in(user, agency) -> set[str]:
    """The roles ``user`` holds in ``agency`` (superusers hold all)."""
    if not _active(user) or agency is None:
        return set()
    if user.is_superuser:
        return {"registrar", "reviewer", "admin"}
    return set(Membership.objects.filter(user=user, agency=agency).values_list("role", flat=True))


def is_staff_member(user) -> bool:
    return _active(user) and (user.is_superuser or Membership.objects.filter(user=user).exists())


# ------------------------------------------------------------ records
# Querysets of records are scoped by the app that owns the model, with the
# agency scopes above (e.g. ``gongkai.applications.access``); this module
# imports no other app.


def can_apply_event(user, application, roles: tuple[str, ...]) -> bool:
    """Whether ``user`` may perform a workflow event open to ``roles``."""
    held = roles_in(user, application.agency)
    return bool(held & set(roles)) or "admin" in held


# ------------------------------------------------------------ administration of agencies and staff


def managed_agencies(user) -> QuerySet:
    """Agencies whose staff ``user`` may manage: all for a superuser, else
    those where the user holds the ``admin`` role."""
    if not _active(user):
        return Agency.objects.none()
    if user.is_superuser:
        return Agency.objects.all()
    return Agency.objects.filter(pk__in=Membership.objects.filter(user=user, role="admin").values("agency_id"))


def can_manage(user, agency) -> bool:
    return agency is not None and managed_agencies(user).filter(pk=agency.pk).exists()


def can_create_agencies(user) -> bool:
    return _active(user) and user.is_superuser


def can_reset_password(user, target) -> bool:
    """A superuser may reset anyone's password but another superuser's; an
    agency administrator only that of staff whose every membership is in
    agencies they administer (never a superuser or Django staff account)."""
    if not _active(user) or target is None or target.pk == user.pk:
        return False
    if target.is_superuser:
        return False
    if user.is_superuser:
        return True
    if target.is_staff:
        return False
    agencies = set(Membership.objects.filter(user=target).values_list("agency_id", flat=True))
    return bool(agencies) and agencies <= set(managed_agencies(user).values_list("pk", flat=True))
