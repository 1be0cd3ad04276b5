"""What a supervising office audits: uploads of published reports, each file
read once (by its SHA-256), the corrections made to misread values.

* ``AuditBatch`` — one upload (files or a ZIP) by a supervising agency; its
  progress (done / total, current file) is read by the progress page.
* ``BatchItem`` — one file of a batch, in upload order; points at the
  ``AuditedReport`` holding its content.
* ``AuditedReport`` — one distinct file (unique per owner and hash): the
  original bytes, what the reader made of it (exchange JSON with provenance,
  kept as read), the current values (reader's values with corrections
  applied), the findings of the rules on the current values, and the agency
  in gongkai its name matched.
* ``Correction`` — who changed which value, when, old → new, why. Append-only.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

BATCH_STATES = (("queued", _("排队中")), ("running", _("读取中")), ("done", _("已完成")), ("failed", _("失败")))
ITEM_STATES = (("pending", _("待读取")), ("read", _("已读取")), ("duplicate", _("重复文件")),
               ("unreadable", _("无法读取")))


class AuditBatch(models.Model):
    owner = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="audit_batches")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    name = models.CharField(_("上传"), max_length=200)
    state = models.CharField(_("状态"), max_length=10, choices=BATCH_STATES, default="queued")
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    current = models.CharField(max_length=300, blank=True)
    error = models.TextField(blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("核查批次")
        verbose_name_plural = _("核查批次")

    def __str__(self) -> str:
        return f"{self.owner} {self.name}"

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else (100 if self.state == "done" else 0)


class AuditedReport(models.Model):
    owner = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="audited_reports")
    sha256 = models.CharField(max_length=64)
    original_name = models.CharField(_("文件名"), max_length=300)
    stored_path = models.CharField(max_length=300)  # relative to GONGKAI_AUDIT_DIR
    size = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    read_ok = models.BooleanField(default=False)
    error_kind = models.CharField(max_length=20, blank=True)
    error = models.TextField(blank=True)
    read_seconds = models.FloatField(default=0)
    agency_name = models.CharField(_("机关（读取）"), max_length=200, blank=True, db_index=True)
    agency = models.ForeignKey("agencies.Agency", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+", verbose_name=_("对应机关"))
    year = models.PositiveSmallIntegerField(_("年度"), null=True, blank=True, db_index=True)
    exchange = models.JSONField(_("读取结果"), null=True, blank=True)  # as read, never changed
    current = models.JSONField(_("当前数值"), null=True, blank=True)  # with corrections
    findings = models.JSONField(default=list, blank=True)
    errors = models.PositiveIntegerField(default=0)
    warnings = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["agency_name", "-year", "id"]
        verbose_name = _("核查报告")
        verbose_name_plural = _("核查报告")
        constraints = [models.UniqueConstraint(fields=["owner", "sha256"], name="unique_audited_file")]

    def __str__(self) -> str:
        return f"{self.agency_name or self.original_name} {self.year or ''}"

    @property
    def agency_label(self) -> str:
        return self.agency.name if self.agency_id else self.agency_name


class BatchItem(models.Model):
    batch = models.ForeignKey(AuditBatch, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField()
    name = models.CharField(max_length=300)
    # Where the bytes are until read: "<upload file>" or "<upload zip>::<entry>",
    # relative to the batch folder.
    source = models.CharField(max_length=600)
    state = models.CharField(max_length=12, choices=ITEM_STATES, default="pending")
    report = models.ForeignKey(AuditedReport, null=True, blank=True, on_delete=models.SET_NULL, related_name="items")

    class Meta:
        ordering = ["batch", "position"]


class CorrectionImmutable(Exception):
    pass


class Correction(models.Model):
    report = models.ForeignKey(AuditedReport, on_delete=models.CASCADE, related_name="corrections")
    path = models.CharField(_("单元格"), max_length=80)
    label = models.CharField(_("项目"), max_length=200)
    old = models.CharField(_("原值"), max_length=40, blank=True)
    new = models.CharField(_("新值"), max_length=40, blank=True)
    read_value = models.CharField(_("读取值"), max_length=40, blank=True)
    reason = models.TextField(_("理由"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("更正记录")
        verbose_name_plural = _("更正记录")

    def save(self, *args, **kwargs):
        if self.pk:
            raise CorrectionImmutable("更正记录只能追加，不能修改")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise CorrectionImmutable("更正记录不能删除")
