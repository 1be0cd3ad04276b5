from __future__ import annotations

import uuid
from pathlib import PurePath

from django.db import models
from django.utils.translation import gettext_lazy as _


def _upload_to(instance, filename):
    """A random key, never a path made of ids or the applicant's file name:
    two submissions cannot meet in one folder, and a name cannot be guessed.
    The original name is kept in ``name`` for the download."""
    ext = PurePath(filename or "").suffix.lower()
    ext = ext if ext in (".pdf", ".jpg", ".jpeg", ".png", ".docx") else ""
    return f"attachments/{uuid.uuid4().hex}{ext}"


class Attachment(models.Model):
    application = models.ForeignKey("applications.Application", on_delete=models.CASCADE,
                                    related_name="attachments")
    file = models.FileField(_("附件"), upload_to=_upload_to)
    name = models.CharField(max_length=200)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)
    # Sent with the application, or with the applicant's online supplement.
    event = models.ForeignKey("applications.Event", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="attachments")

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
