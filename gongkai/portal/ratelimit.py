"""Per-IP rate limit for public submissions, in Django's cache.

``GONGKAI_SUBMIT_RATE`` (default 10) submissions per client IP per minute;
0 switches the limit off (the load benchmark does). Behind a reverse proxy
set ``GONGKAI_TRUST_X_FORWARDED_FOR = True`` to key on the client address."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache

MESSAGE = "提交过于频繁，请一分钟后再试。"


def client_ip(request) -> str:
    if getattr(settings, "GONGKAI_TRUST_X_FORWARDED_FOR", False):
        fwd = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if fwd:
            return fwd.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def rate() -> int:
    import os

    env = os.environ.get("GONGKAI_SUBMIT_RATE")
    if env is not None and env.strip().isdigit():
        return int(env)
    return int(getattr(settings, "GONGKAI_SUBMIT_RATE", 10))


def allow(request, scope: str = "submit") -> bool:
    """Count one attempt; False once the client exceeded the limit this minute."""
    limit = rate()
    if limit <= 0:
        return True
    key = f"gongkai:rl:{scope}:{client_ip(request)}:{int(time.time() // 60)}"
    if cache.add(key, 1, timeout=70):
        return True
    try:
        n = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=70)
        n = 1
    return n <= limit
