"""Site-wide request guards and response headers.

* ``BadInputMiddleware`` — before any view parses the request: a body larger
  than ``GONGKAI_MAX_REQUEST_MB`` is refused (413); text the database cannot
  store (NUL, lone surrogates) in the query string, a form or a JSON body is
  refused with 400 and a Chinese message (JSON for ``/api/``, the styled
  400 page otherwise); writes to ``/api/`` must be ``application/json``, so a
  cross-site HTML form (``text/plain``, urlencoded, multipart) cannot post to
  the public submission endpoint (415).
* ``SecurityHeadersMiddleware`` — a per-response nonce
  (``request.csp_nonce``, ``{{ csp_nonce }}`` in templates) and the
  ``Content-Security-Policy`` header from ``GONGKAI_CSP``.
"""

from __future__ import annotations

import json
import re
import secrets

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render

UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
MSG_UNSTORABLE = "提交的内容含有无法保存的字符（如空字符 NUL 或不成对的代理字符），请删除后重新提交。"
MSG_UNSTORABLE_FIELD = "含有无法保存的字符（如空字符 NUL 或不成对的代理字符），请删除后重新提交。"
MSG_TOO_LARGE = "提交的内容过大（超过 {mb} MB），请减少附件或缩小文件后重新提交。"
MSG_JSON_ONLY = "接口只接受 JSON 请求（Content-Type: application/json）。"
MSG_BAD_JSON = "请求内容不是有效的 JSON。"
WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def _error(request, status: int, message: str):
    if _is_api(request):
        return JsonResponse({"detail": message}, status=status, json_dumps_params={"ensure_ascii": False})
    return render(request, "400.html", {"message": message, "status": status}, status=status)


def _strings(value):
    """(path, string) for every string (keys and values) inside a parsed JSON value, iteratively."""
    stack = [("", value)]
    while stack:
        path, v = stack.pop()
        if isinstance(v, str):
            yield path, v
        elif isinstance(v, dict):
            for k, item in v.items():
                sub = f"{path}.{k}" if path else str(k)
                stack.append((sub, k))
                stack.append((sub, item))
        elif isinstance(v, list):
            stack.extend((f"{path}[{i}]", item) for i, item in enumerate(v))


def _unstorable(field: str) -> str:
    return f"“{field}”{MSG_UNSTORABLE_FIELD}" if field else MSG_UNSTORABLE


def _bad_querydict(qd) -> str | None:
    """The first field holding an unstorable character (its name), or None."""
    for k in qd:
        if UNSTORABLE.search(k) or any(UNSTORABLE.search(v) for v in qd.getlist(k)):
            return UNSTORABLE.sub("?", k) or "?"
    return None


class BadInputMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        cap = settings.GONGKAI_MAX_REQUEST_MB * 1024 * 1024
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > cap:
            return _error(request, 413, MSG_TOO_LARGE.format(mb=cap // (1024 * 1024)))
        if UNSTORABLE.search(request.path):
            return _error(request, 400, MSG_UNSTORABLE)
        field = _bad_querydict(request.GET)
        if field:
            return _error(request, 400, _unstorable(field))
        if request.method in WRITE_METHODS:
            ctype = (request.content_type or "").lower()
            if _is_api(request) and ctype != "application/json" and (length or request.method != "DELETE"):
                return _error(request, 415, MSG_JSON_ONLY)
            if ctype == "application/json" and length:
                try:
                    data = json.loads(request.body)
                except RecursionError:
                    return _error(request, 400, MSG_BAD_JSON)
                except ValueError:
                    data = None  # malformed JSON: the API answers it itself
                bad = next((path for path, text in _strings(data) if UNSTORABLE.search(text)), None)
                if data is not None and bad is not None:
                    return _error(request, 400, _unstorable(UNSTORABLE.sub("?", bad)))
            elif ctype in ("application/x-www-form-urlencoded", "multipart/form-data"):
                field = _bad_querydict(request.POST)
                if field:
                    return _error(request, 400, _unstorable(field))
        return self.get_response(request)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.csp_nonce = secrets.token_urlsafe(16)
        response = self.get_response(request)
        policy = settings.GONGKAI_CSP
        if policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = policy.replace("{nonce}", request.csp_nonce)
        return response


def csp_nonce(request) -> dict:
    """Template context: ``{{ csp_nonce }}`` for the one inline script a page may need."""
    return {"csp_nonce": getattr(request, "csp_nonce", "")}


class ChineseByDefaultMiddleware:
    """Speak Simplified Chinese unless the user chose another language.

    Django's LocaleMiddleware would follow the browser's Accept-Language, so an
    officer or applicant whose browser is set to English got an English
    government platform without asking for it. The language menu (the
    ``django_language`` cookie) still switches; placed before LocaleMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
