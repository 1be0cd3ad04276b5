"""Per-client rate limits, shared by every worker process.

* ``submit`` — public submissions, ``GONGKAI_SUBMIT_RATE`` (default 10) per
  client per minute (0 switches it off; the load benchmark does);
* ``status`` — status look-ups, the same rate;
* ``login`` / ``password_reset`` — ``GONGKAI_LOGIN_RATE`` (default 20) posts per
  client per minute, beside the per-user-name lockout.

Counts are rows of ``RateCounter`` incremented by one atomic UPDATE inside a
transaction, so the n-th request of a window sees exactly n — with any
number of gunicorn workers. Windows older than the previous one are deleted
as new windows open.

The client address: with ``GONGKAI_TRUSTED_PROXIES = N`` (nginx in front = 1)
it is the N-th entry from the *right* of ``X-Forwarded-For`` — the address the
outermost trusted proxy saw — never the leftmost entry, which the client
writes itself. With 0 (default) the socket address ``REMOTE_ADDR``.
"""

from __future__ import annotations

import ipaddress
import time

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F

MESSAGE = "提交过于频繁，请一分钟后再试。"
WINDOW = 60


def _valid_ip(text: str) -> str | None:
    text = (text or "").strip()
    if text.startswith("[") and "]" in text:  # [v6]:port
        text = text[1:text.index("]")]
    elif text.count(":") == 1:  # v4:port
        text = text.split(":")[0]
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return None


def client_ip(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "") or "unknown"
    n = settings.GONGKAI_TRUSTED_PROXIES
    if n <= 0:
        return remote
    hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    if not hops:
        return remote
    chosen = hops[max(0, len(hops) - n)]
    return _valid_ip(chosen) or remote


def rate(scope: str = "submit") -> int:
    if scope in ("login", "password_reset"):
        return settings.GONGKAI_LOGIN_RATE
    return settings.GONGKAI_SUBMIT_RATE


def hit(key: str, window: int) -> int:
    """Count one request under ``key``; the count so far in this window."""
    from .models import RateCounter

    full = f"{key}:{window}"[:200]
    with transaction.atomic():
        if not RateCounter.objects.filter(key=full).update(count=F("count") + 1):
            try:
                with transaction.atomic():
                    RateCounter.objects.create(key=full, window=window, count=1)
            except IntegrityError:  # a parallel request opened the window
                RateCounter.objects.filter(key=full).update(count=F("count") + 1)
            else:
                RateCounter.objects.filter(window__lt=window - 1).delete()
        return RateCounter.objects.filter(key=full).values_list("count", flat=True).get()


def allow(request, scope: str = "submit") -> bool:
    """Count one attempt; False once the client exceeded the limit this minute."""
    limit = rate(scope)
    if limit <= 0:
        return True
    return hit(f"{scope}:{client_ip(request)}", int(time.time() // WINDOW)) <= limit
