"""行政复议 and 行政诉讼 cases about the agency's OGI decisions (table 4)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

KINDS = (
    ("reconsideration", _("行政复议")),
    ("litigation_direct", _("行政诉讼（未经复议直接起诉）")),
    ("litigation_after_reconsideration", _("行政诉讼（复议后起诉）")),
)
OUTCOMES = (
    ("pending", _("尚未审结")),
    ("upheld", _("结果维持")),
    ("corrected", _("结果纠正")),
    ("other", _("其他结果")),
)


class AppealCase(models.Model):
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="appeal_cases")
    application = models.ForeignKey(
        "applications.Application", verbose_name=_("相关申请"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="appeal_cases",
    )
    kind = models.CharField(_("类别"), max_length=40, choices=KINDS)
    case_number = models.CharField(_("案号"), max_length=100, blank=True)
    filed_on = models.DateField(_("立案日期"))
    closed_on = models.DateField(_("审结日期"), null=True, blank=True)
    outcome = models.CharField(_("结果"), max_length=12, choices=OUTCOMES, default="pending")
    notes = models.TextField(_("备注"), blank=True)

    class Meta:
        verbose_name = _("复议诉讼案件")
        verbose_name_plural = _("复议诉讼案件")
        ordering = ["-filed_on", "-id"]
        indexes = [models.Index(fields=["agency", "kind"])]

    def __str__(self) -> str:
        return self.case_number or f"{self.get_kind_display()} {self.filed_on}"

    def clean(self):
        errors = {}
        if self.closed_on and self.outcome == "pending":
            errors["outcome"] = _("已审结的案件须选择结果")
        if self.outcome != "pending" and not self.closed_on:
            errors["closed_on"] = _("有结果的案件须填写审结日期")
        if self.closed_on and self.filed_on and self.closed_on < self.filed_on:
            errors["closed_on"] = _("审结日期不能早于立案日期")
        if self.application_id and self.agency_id and self.application.agency_id != self.agency_id:
            errors["application"] = _("相关申请须是本机关的申请")
        if errors:
            raise ValidationError(errors)
