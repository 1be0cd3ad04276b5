"""The annual report of an agency for a year.

The tables are never stored while the report is a draft: they are computed
from the records (``compute.py``) each time. What is stored is what people
write — the three narrative sections — and, once published, every published
version as frozen exchange JSON. A correction is a new version; the older
ones stay, listed on the public page.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.web.appendonly import AppendOnlyModel


class AnnualReport(models.Model):
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="annual_reports")
    year = models.PositiveSmallIntegerField(_("年度"))
    overview = models.TextField(_("一、总体情况"), blank=True)
    problems = models.TextField(_("五、存在的主要问题及改进情况"), blank=True)
    other = models.TextField(_("六、其他需要报告的事项"), blank=True)
    # A government may take its departments' table-2 decision counts as its
    # own: {"licensing": n, "punishment": n, "coercion": n}; null = computed.
    decisions_override = models.JSONField(_("采用的决定数量"), null=True, blank=True)
    # Last year's report imported from a published file (exchange JSON), for
    # the cross-year rules when last year was not made in gongkai.
    previous_import = models.JSONField(_("上年度报告（导入）"), null=True, blank=True)
    draft_saved_at = models.DateTimeField(_("草稿保存时间"), null=True, blank=True)
    draft_saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("年度报告")
        verbose_name_plural = _("年度报告")
        ordering = ["agency__name", "-year"]
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="unique_report_per_year")]

    def __str__(self) -> str:
        return f"{self.agency}{self.year}年政府信息公开工作年度报告"

    def sections(self) -> dict[str, str]:
        return {"overview": self.overview, "problems": self.problems, "other": self.other}

    @property
    def latest_version(self):
        return self.versions.order_by("-number").first()


def _version_file(instance, filename):
    return f"reports/{instance.report.agency_id}/{instance.report.year}/{filename}"


class ReportVersion(AppendOnlyModel):
    """One published version, frozen: the exchange JSON and the DOCX and PDF
    rendered once at publishing, served as files (never re-rendered).
    Append-only (``AppendOnlyModel``): stored rows cannot change or go."""

    report = models.ForeignKey(AnnualReport, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("版本"))
    exchange = models.JSONField(_("交换格式 JSON"))
    published_at = models.DateTimeField(_("发布时间"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(_("更正说明"), blank=True)
    docx = models.FileField(_("DOCX 文件"), upload_to=_version_file, blank=True, editable=False)
    pdf = models.FileField(_("PDF 文件"), upload_to=_version_file, blank=True, editable=False)

    class Meta:
        verbose_name = _("已发布版本")
        verbose_name_plural = _("已发布版本")
        ordering = ["report", "number"]
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="unique_report_version")]

    def __str__(self) -> str:
        return f"{self.report} 第{self.number}版"

    def to_report(self):
        from gongkai.model import report_from_dict

        return report_from_dict(self.exchange)
