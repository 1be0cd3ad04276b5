from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.functional import LazyObject
from django.utils.translation import gettext_lazy as _


class PrivateStorage(LazyObject):
    """Files that are never served as media: originals of released records
    (staff only) and the released copies (to the applicant after sending,
    through a checked view). ``GONGKAI_PRIVATE_ROOT``, default var/private."""

    def _setup(self):
        self._wrapped = FileSystemStorage(location=settings.GONGKAI_PRIVATE_ROOT, base_url=None)


private_storage = PrivateStorage()


def get_private_storage():
    """The fields name this callable, not the storage, so that migrations do
    not record the machine's GONGKAI_PRIVATE_ROOT."""
    return private_storage


def _path(instance, filename):
    return f"released/{instance.application.agency_id}/{instance.application_id}/{filename}"


class ReleasedImmutable(Exception):
    """A released record cannot be changed once the reply was sent."""


class ReleasedQuerySet(models.QuerySet):
    def update(self, **kwargs):
        if self.filter(released_on__isnull=False).exists():
            raise ReleasedImmutable("已随答复书提供的文件不能修改")
        return super().update(**kwargs)

    def delete(self):
        if self.filter(released_on__isnull=False).exists():
            raise ReleasedImmutable("已随答复书提供的文件不能删除")
        return super().delete()


class ReleasedFile(models.Model):
    """A record provided with a 予以公开 / 部分公开 reply. ``original`` is kept
    for staff only; ``working`` is the PDF staff mark (see ``gongkai.redact``);
    ``released`` is what the applicant downloads: the original as it is, or
    the redacted PDF. Approved with the reply (``approved_sha256``), frozen
    once the reply is sent (``released_on``), like letters."""

    application = models.ForeignKey("applications.Application", on_delete=models.PROTECT,
                                    related_name="released_files")
    name = models.CharField(_("文件名"), max_length=200)
    original = models.FileField(storage=get_private_storage, upload_to=_path, max_length=300)
    working = models.FileField(storage=get_private_storage, upload_to=_path, max_length=300, blank=True)
    released = models.FileField(storage=get_private_storage, upload_to=_path, max_length=300, blank=True)
    released_name = models.CharField(max_length=200, blank=True)
    redacted = models.BooleanField(_("已遮盖处理"), default=False)
    method = models.CharField(max_length=12, blank=True)
    marks = models.JSONField(default=list, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    size = models.PositiveIntegerField(default=0)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)
    approved_sha256 = models.CharField(max_length=64, blank=True)
    released_on = models.DateField(_("提供日期"), null=True, blank=True)

    objects = ReleasedQuerySet.as_manager()

    class Meta:
        ordering = ["added_at", "id"]
        verbose_name = _("提供的政府信息")
        verbose_name_plural = _("提供的政府信息")

    def __str__(self) -> str:
        return self.name

    @property
    def ready(self) -> bool:
        return bool(self.released)

    def _stored_released(self) -> bool:
        return bool(self.pk) and models.QuerySet(ReleasedFile).filter(pk=self.pk, released_on__isnull=False).exists()

    def save(self, *args, **kwargs):
        if self._stored_released():
            raise ReleasedImmutable("已随答复书提供的文件不能修改")
        models.Model.save(self, *args, **kwargs)

    def delete(self, *args, **kwargs):
        if self._stored_released():
            raise ReleasedImmutable("已随答复书提供的文件不能删除")
        return super().delete(*args, **kwargs)

    def set_released(self, data: bytes, name: str) -> None:
        from django.core.files.base import ContentFile

        if self.released:
            self.released.delete(save=False)
        self.released.save(name, ContentFile(data), save=False)
        self.released_name = name
        self.sha256 = hashlib.sha256(data).hexdigest()
        self.size = len(data)

    def reasons(self) -> list[tuple[str, int]]:
        """(ground label, number of marks) in the order of GROUNDS."""
        from gongkai.redact import GROUNDS, ground_label

        counts: dict[str, int] = {}
        for m in self.marks or []:
            counts[m.get("reason")] = counts.get(m.get("reason"), 0) + 1
        return [(ground_label(k), counts[k]) for k in GROUNDS if k in counts]

    def pages_with_marks(self) -> list[int]:
        return sorted({int(m["page"]) + 1 for m in self.marks or []})
