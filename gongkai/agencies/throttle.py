"""Per-client throttle for the login and password-reset forms
(``GONGKAI_LOGIN_RATE`` posts per client address per minute), beside the
per-user-name lockout: one address cannot try many user names either."""

from __future__ import annotations

from functools import wraps

from django.shortcuts import render
from django.utils.translation import gettext as _

from . import ratelimit


def throttled(scope: str):
    def deco(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method == "POST" and not ratelimit.allow(request, scope):
                return render(request, "400.html", {
                    "status": 429, "title": _("尝试过于频繁"),
                    "message": _("来自您所在网络地址的尝试过于频繁，请一分钟后再试。"),
                }, status=429)
            return view(request, *args, **kwargs)

        return wrapper

    return deco
