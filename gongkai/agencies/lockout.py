"""Failed-login lockout: ``GONGKAI_LOCKOUT_FAILURES`` (default 5) failures in a
row lock a user name for ``GONGKAI_LOCKOUT_MINUTES`` (default 15) minutes.
A successful login resets the counter.

The counter is a database row (``LoginFailure``) shared by every worker
process, and every attempt takes its slot *before* the password is checked
(``begin``: one locked read-modify-write under ``select_for_update``), so
parallel guesses cannot all slip in ahead of the lock: at most
``GONGKAI_LOCKOUT_FAILURES`` passwords are ever checked per lock period.
Rows untouched for ``KEEP_DAYS`` and not locked are deleted as new ones come.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import LoginFailure

KEEP_DAYS = 7


def limits() -> tuple[int, int]:
    return settings.GONGKAI_LOCKOUT_FAILURES, settings.GONGKAI_LOCKOUT_MINUTES


def _key(username: str) -> str:
    return (username or "").strip().lower()[:150]


def locked_until(username: str):
    row = LoginFailure.objects.filter(username=_key(username)).first()
    if row and row.locked_until and row.locked_until > timezone.now():
        return row.locked_until
    return None


def _row_for_update(key: str):
    row = LoginFailure.objects.select_for_update().filter(username=key).first()
    if row is not None:
        return row
    try:
        with transaction.atomic():
            row = LoginFailure.objects.create(username=key)
    except IntegrityError:  # created by a parallel attempt
        return LoginFailure.objects.select_for_update().get(username=key)
    prune()
    return row


def begin(username: str, ip: str | None = None):
    """Take one attempt for ``username``. Returns None when the password may
    be checked, else the time the lock ends. Call ``succeeded`` after a
    correct password; a wrong one needs nothing more (it was counted here)."""
    failures, minutes = limits()
    key = _key(username)
    now = timezone.now()
    with transaction.atomic():
        row = _row_for_update(key)
        if row.locked_until and row.locked_until > now:
            return row.locked_until
        if row.locked_until:  # a lock that ran out: start again
            row.failures, row.locked_until = 0, None
        row.failures += 1
        row.last_ip = ip or None
        row.last_at = now
        if row.failures >= failures:
            # this is the last attempt allowed; a correct password still resets
            row.locked_until = now + timedelta(minutes=minutes)
        row.save(update_fields=["failures", "locked_until", "last_ip", "last_at"])
    return None


def succeeded(username: str) -> None:
    reset(username)


def record_failure(username: str, ip: str | None = None) -> None:
    """Count a failure outside the login form (kept for callers and tests)."""
    begin(username, ip)


def reset(username: str) -> None:
    LoginFailure.objects.filter(username=_key(username)).delete()


def prune(now=None) -> int:
    """Delete failure rows that are neither locked nor recent."""
    from django.db.models import Q

    now = now or timezone.now()
    old = now - timedelta(days=KEEP_DAYS)
    n, _ = LoginFailure.objects.filter(Q(locked_until__isnull=True) | Q(locked_until__lt=now), last_at__lt=old).delete()
    return n
