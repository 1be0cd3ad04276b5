"""Released records (提供的政府信息) attached to a 予以公开 / 部分公开 reply,
and their redaction (``gongkai.redact``). Staff views: upload, delete, the
redaction page (page images, marks drawn in the browser, search-and-mark),
downloads. The applicant downloads through ``portal.views.status_released``."""

from __future__ import annotations

import json
from pathlib import Path

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai import redact
from gongkai.agencies import auth

from . import services
from .forms import max_upload_bytes
from .models import Application, ReleasedFile
from .views import _visible, staff_required

ALLOWED = (".pdf", ".png", ".jpg", ".jpeg", ".docx", ".xlsx")
MAGIC = {".pdf": b"%PDF", ".png": b"\x89PNG", ".jpg": b"\xff\xd8\xff", ".jpeg": b"\xff\xd8\xff",
         ".docx": b"PK\x03\x04", ".xlsx": b"PK\x03\x04"}
PAGE_DPI = 108  # 1 pt = 1.5 px on the redaction page


def editable(user, app: Application) -> str | None:
    """Why released records of ``app`` cannot be changed now (None: they can)."""
    if not auth.can_act(user, app.agency, "registrar"):
        return _("只有本机关的登记员可以添加或处理提供的文件")
    if app.state != "reply_review":
        return _("只有在答复书待审核时可以添加或处理提供的文件（审核通过后如需修改，请审核人先退回）")
    if not app.letters.filter(kind="reply", sent_on__isnull=True, outcome__in=services.RELEASING_OUTCOMES).exists():
        return _("只有“予以公开”“部分公开”的答复可以提供文件")
    return None


def _file(request, pk) -> ReleasedFile:
    f = get_object_or_404(ReleasedFile.objects.select_related("application__agency"), pk=pk)
    if not auth.can_view(request.user, f.application.agency):
        raise Http404
    return f


def _check_upload(upload) -> str:
    name = (upload.name or "").lower()
    ext = next((e for e in ALLOWED if name.endswith(e)), None)
    head = upload.read(8)
    upload.seek(0)
    if ext is None or not head.startswith(MAGIC[ext]):
        raise ValueError(_("只能提供 PDF、PNG、JPG、DOCX 或 XLSX 文件：%(name)s") % {"name": upload.name})
    if upload.size > max_upload_bytes() * 3:
        raise ValueError(_("文件过大：%(name)s") % {"name": upload.name})
    return ext


@staff_required
@require_POST
def add(request, pk):
    app = _visible(request, pk)
    why = editable(request.user, app)
    if why:
        raise PermissionDenied(why)
    uploads = request.FILES.getlist("files")
    to_redact = request.POST.get("mode") == "redact"
    if not uploads:
        messages.error(request, _("请选择文件"))
    for upload in uploads:
        try:
            _check_upload(upload)
            data = upload.read()
            f = ReleasedFile(application=app, name=Path(upload.name).name[:200], added_by=request.user)
            f.original.save(f.name, ContentFile(data), save=False)
            if to_redact:
                f.working.save(Path(f.name).stem + ".pdf", ContentFile(redact.working_copy(redact.to_pdf(data, f.name))),
                               save=False)
            else:
                f.set_released(data, f.name)
            f.save()
        except (ValueError, redact.RedactionError) as err:
            messages.error(request, str(err))
        else:
            if to_redact:
                messages.success(request, _("已添加，请标记需要遮盖的内容：%(name)s") % {"name": f.name})
                return redirect("applications:redact", pk=f.pk)
            messages.success(request, _("已添加：%(name)s") % {"name": f.name})
    return redirect("applications:detail", pk=app.pk)


@staff_required
@require_POST
def delete(request, pk):
    f = _file(request, pk)
    why = editable(request.user, f.application)
    if why or f.released_on:
        raise PermissionDenied(why or _("已随答复书提供的文件不能删除"))
    for field in (f.original, f.working, f.released):
        if field:
            field.delete(save=False)
    f.delete()
    messages.success(request, _("已移除：%(name)s") % {"name": f.name})
    return redirect("applications:detail", pk=f.application_id)


@staff_required
def download(request, pk, which):
    f = _file(request, pk)
    field = {"original": f.original, "released": f.released, "working": f.working}.get(which)
    if not field:
        raise Http404
    name = f.name if which == "original" else (f.released_name or f.name)
    return FileResponse(field.open("rb"), as_attachment=True, filename=name)


@staff_required
def page_image(request, pk, which, page):
    f = _file(request, pk)
    field = {"working": f.working, "released": f.released if f.redacted else None}.get(which)
    if not field:
        raise Http404
    with field.open("rb") as fh:
        pdf = fh.read()
    try:
        png = redact.render_page(pdf, page, dpi=PAGE_DPI)
    except redact.RedactionError:
        raise Http404 from None
    resp = HttpResponse(png, content_type="image/png")
    resp["Cache-Control"] = "private, no-store"
    return resp


@staff_required
def redact_page(request, pk):
    f = _file(request, pk)
    if not f.working:
        raise Http404
    with f.working.open("rb") as fh:
        sizes = redact.page_sizes(fh.read())
    why = editable(request.user, f.application) or (_("已随答复书提供，不能修改") if f.released_on else None)
    return render(request, "applications/redact.html", {
        "f": f, "app": f.application, "read_only": why,
        "config": {
            "pages": [{"w": w, "h": h} for w, h in sizes],
            "scale": PAGE_DPI / 72,
            "marks": f.marks or [],
            "grounds": [{"key": k, "label": redact.ground_label(k)} for k in redact.GROUNDS],
            "patterns": [{"key": k, "label": v[0]} for k, v in redact.PATTERNS.items()],
            "redacted": f.redacted,
        },
    })


def _json_body(request) -> dict:
    try:
        body = json.loads(request.body.decode("utf-8") or "{}")
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ValueError(_("请求格式不正确")) from None
    if not isinstance(body, dict):
        raise ValueError(_("请求格式不正确"))
    return body


@staff_required
@require_POST
def find(request, pk):
    f = _file(request, pk)
    if editable(request.user, f.application) or not f.working:
        raise PermissionDenied
    try:
        body = _json_body(request)
        patterns = [p for p in body.get("patterns") or [] if p in redact.PATTERNS]
        terms = [str(t)[:50] for t in (body.get("terms") or [])[:50] if str(t).strip()]
        reason = body.get("reason") if body.get("reason") in redact.GROUNDS else None
        with f.working.open("rb") as fh:
            marks = redact.find(fh.read(), patterns=patterns, terms=terms, reason=reason)
    except (ValueError, redact.RedactionError) as err:
        return JsonResponse({"error": str(err)}, status=400)
    return JsonResponse({"marks": [m.to_dict() for m in marks]})


@staff_required
@require_POST
def apply_marks(request, pk):
    """Produce the redacted PDF from the marks; the marks and the output are kept."""
    f = _file(request, pk)
    why = editable(request.user, f.application)
    if why or f.released_on or not f.working:
        return JsonResponse({"error": why or _("该文件不能修改")}, status=403)
    try:
        body = _json_body(request)
        marks = [redact.Mark.from_dict(m) for m in (body.get("marks") or [])[:2000] if isinstance(m, dict)]
        if not marks:
            raise ValueError(_("请至少标记一处需要遮盖的内容；无需遮盖的文件请以“原样提供”方式添加"))
        with f.working.open("rb") as fh:
            out = redact.redact(fh.read(), marks, method="apply")
    except (ValueError, redact.RedactionError) as err:
        return JsonResponse({"error": str(err)}, status=400)
    f.marks = [m.to_dict() for m in marks]
    f.redacted = True
    f.method = "apply"
    f.set_released(out, Path(f.name).stem + "（遮盖处理）.pdf")
    f.approved_sha256 = ""
    f.save()
    return JsonResponse({"ok": True, "marks": len(marks), "pages": f.pages_with_marks(),
                         "download": _url("applications:released_download", f.pk, "released")})


def _url(name, *args):
    from django.urls import reverse

    return reverse(name, args=args)
