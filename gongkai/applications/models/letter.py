from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

LETTER_KINDS = (
    ("reply", _("政府信息公开申请答复书")),
    ("correction", _("补正申请告知书")),
    ("extension", _("延期答复告知书")),
    ("fee", _("收费通知书")),
)


class LetterImmutable(Exception):
    """A sent letter cannot be changed or deleted."""


class LetterQuerySet(models.QuerySet):
    """Bulk updates and deletes must not touch a sent letter either."""

    def update(self, **kwargs):
        if self.filter(sent_on__isnull=False).exists():
            raise LetterImmutable("文书已发出，不能修改")
        return super().update(**kwargs)

    def delete(self):
        if self.filter(sent_on__isnull=False).exists():
            raise LetterImmutable("文书已发出，不能删除")
        return super().delete()


class Letter(models.Model):
    """A letter to the applicant. Drafts can be edited; once ``sent_on`` is
    set the row is frozen: ``save`` and ``delete`` refuse (checked against
    the stored row, not the instance in hand)."""

    application = models.ForeignKey("applications.Application", on_delete=models.PROTECT, related_name="letters")
    kind = models.CharField(_("文书"), max_length=12, choices=LETTER_KINDS)
    outcome = models.CharField(max_length=40, blank=True)
    title = models.CharField(_("标题"), max_length=200)
    reference = models.CharField(_("文号"), max_length=80, blank=True)
    body = models.TextField(_("正文"))
    created_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    sent_on = models.DateField(_("发出日期"), null=True, blank=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")

    objects = LetterQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("文书")
        verbose_name_plural = _("文书")

    def __str__(self) -> str:
        return self.title

    @property
    def is_sent(self) -> bool:
        return self.sent_on is not None

    def _stored_sent(self) -> bool:
        return bool(self.pk) and models.QuerySet(Letter).filter(pk=self.pk, sent_on__isnull=False).exists()

    def save(self, *args, **kwargs):
        if self._stored_sent():
            raise LetterImmutable("文书已发出，不能修改")
        models.Model.save(self, *args, **kwargs)

    def delete(self, *args, **kwargs):
        if self._stored_sent():
            raise LetterImmutable("文书已发出，不能删除")
        return super().delete(*args, **kwargs)


class LetterCounter(models.Model):
    """The last 发文字号 serial issued per agency and year (``延应急依复〔2026〕33号``).
    Incremented with UPDATE … SET last = last + 1 inside the sending
    transaction, like ``ReceiptCounter``: numbers are never duplicated."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE)
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="unique_letter_counter")]
