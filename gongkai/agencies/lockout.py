"""Failed-login lockout: ``GONGKAI_LOCKOUT_FAILURES`` (default 5) failures in a
row lock a user name for ``GONGKAI_LOCKOUT_MINUTES`` (default 15) minutes.
A successful login resets the counter. The counter is a database row
(``LoginFailure``), so it holds across worker processes."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import LoginFailure


def limits() -> tuple[int, int]:
    return (
        int(getattr(settings, "GONGKAI_LOCKOUT_FAILURES", 5)),
        int(getattr(settings, "GONGKAI_LOCKOUT_MINUTES", 15)),
    )


def _key(username: str) -> str:
    return (username or "").strip().lower()[:150]


def locked_until(username: str):
    row = LoginFailure.objects.filter(username=_key(username)).first()
    if row and row.locked_until and row.locked_until > timezone.now():
        return row.locked_until
    return None


def record_failure(username: str, ip: str | None = None) -> None:
    failures, minutes = limits()
    key = _key(username)
    with transaction.atomic():
        row, _created = LoginFailure.objects.get_or_create(username=key)
        if row.locked_until and row.locked_until <= timezone.now():
            LoginFailure.objects.filter(pk=row.pk).update(failures=0, locked_until=None)
        LoginFailure.objects.filter(pk=row.pk).update(failures=F("failures") + 1, last_ip=ip)
        row.refresh_from_db()
        if row.failures >= failures:
            row.locked_until = timezone.now() + timedelta(minutes=minutes)
            row.save(update_fields=["locked_until"])


def reset(username: str) -> None:
    LoginFailure.objects.filter(username=_key(username)).delete()
