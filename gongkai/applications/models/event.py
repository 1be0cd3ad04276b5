from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.web.appendonly import AppendOnlyModel


class Event(AppendOnlyModel):
    """One applied workflow transition: who, when, what, state before/after.
    ``on`` is the legal date of the fact (e.g. the day the supplement arrived),
    ``at`` when it was recorded. Events are append-only (``AppendOnlyModel``:
    save on a stored row, delete and queryset update/delete raise)."""

    application = models.ForeignKey("applications.Application", on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    at = models.DateTimeField(_("记录时间"))
    on = models.DateField(_("日期"))
    kind = models.CharField(_("事项"), max_length=32)
    data = models.JSONField(default=dict, blank=True)
    state_before = models.CharField(max_length=24, blank=True)
    state_after = models.CharField(max_length=24)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")

    def __str__(self) -> str:
        return f"{self.application_id} {self.kind} {self.on}"
