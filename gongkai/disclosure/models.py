"""The proactive-disclosure register (主动公开, 条例第二十条).

* ``DisclosureItem`` — one published piece of information, with its 第二十条
  category and the dates it was formed and published (late after 20 working
  days, 第二十六条);
* ``Document`` — a 规章 or 行政规范性文件 with the dates it was made and
  repealed; whether it is in force is derived, never typed;
* ``MonthlyFigures`` — the month's licensing, penalty and coercion decisions
  and the administrative fees collected (元), entered or imported.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .workdays import published_late, working_days_between

ARTICLE20_CATEGORIES = (
    (1, _("（一）行政法规、规章和规范性文件")),
    (2, _("（二）机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名")),
    (3, _("（三）国民经济和社会发展规划、专项规划、区域规划及相关政策")),
    (4, _("（四）国民经济和社会发展统计信息")),
    (5, _("（五）办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果")),
    (6, _("（六）实施行政处罚、行政强制的依据、条件、程序以及本行政机关认为具有一定社会影响的行政处罚决定")),
    (7, _("（七）财政预算、决算信息")),
    (8, _("（八）行政事业性收费项目及其依据、标准")),
    (9, _("（九）政府集中采购项目的目录、标准及实施情况")),
    (10, _("（十）重大建设项目的批准和实施情况")),
    (11, _("（十一）扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况")),
    (12, _("（十二）突发公共事件的应急预案、预警信息及应对情况")),
    (13, _("（十三）环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况")),
    (14, _("（十四）公务员招考的职位、名额、报考条件等事项以及录用结果")),
    (15, _("（十五）法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息")),
)
DOCUMENT_KINDS = (("regulations", _("规章")), ("normative_documents", _("行政规范性文件")))


class DisclosureItem(models.Model):
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="disclosure_items")
    title = models.CharField(_("信息名称"), max_length=300)
    category = models.PositiveSmallIntegerField(_("第二十条类别"), choices=ARTICLE20_CATEGORIES)
    formed_on = models.DateField(_("形成或变更日期"))
    published_on = models.DateField(_("公开日期"))
    url = models.URLField(_("公开网址"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("主动公开信息")
        verbose_name_plural = _("主动公开信息")
        ordering = ["-published_on", "-id"]
        indexes = [models.Index(fields=["agency", "published_on"])]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        if self.formed_on and self.published_on and self.published_on < self.formed_on:
            raise ValidationError({"published_on": _("公开日期不能早于形成日期")})

    @property
    def working_days(self) -> int:
        return working_days_between(self.formed_on, self.published_on)

    @property
    def late(self) -> bool:
        return published_late(self.formed_on, self.published_on)


class Document(models.Model):
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(_("类别"), max_length=24, choices=DOCUMENT_KINDS)
    title = models.CharField(_("文件名称"), max_length=300)
    number = models.CharField(_("文号"), max_length=100, blank=True)
    made_on = models.DateField(_("制发日期"))
    repealed_on = models.DateField(_("废止日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("规章和规范性文件")
        verbose_name_plural = _("规章和规范性文件")
        ordering = ["-made_on", "-id"]
        indexes = [models.Index(fields=["agency", "kind"])]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        if self.made_on and self.repealed_on and self.repealed_on < self.made_on:
            raise ValidationError({"repealed_on": _("废止日期不能早于制发日期")})

    def in_force_on(self, day) -> bool:
        return self.made_on <= day and (self.repealed_on is None or self.repealed_on > day)


MAX_COUNT = 10_000_000  # decisions a month (importer.MAX_COUNT)
MAX_FEE = Decimal("999999999999.99")  # the fee column's 14 digits (importer.MAX_FEE)


class MonthlyFigures(models.Model):
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="monthly_figures")
    year = models.PositiveSmallIntegerField(_("年度"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    month = models.PositiveSmallIntegerField(_("月份"), validators=[MinValueValidator(1), MaxValueValidator(12)])
    licensing = models.PositiveIntegerField(_("行政许可决定"), default=0, validators=[MaxValueValidator(MAX_COUNT)])
    punishment = models.PositiveIntegerField(_("行政处罚决定"), default=0, validators=[MaxValueValidator(MAX_COUNT)])
    coercion = models.PositiveIntegerField(_("行政强制决定"), default=0, validators=[MaxValueValidator(MAX_COUNT)])
    fees_yuan = models.DecimalField(
        _("行政事业性收费（元）"), max_digits=14, decimal_places=2, default=Decimal(0),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(MAX_FEE)],
    )

    class Meta:
        verbose_name = _("月度决定和收费")
        verbose_name_plural = _("月度决定和收费")
        ordering = ["year", "month"]
        constraints = [models.UniqueConstraint(fields=["agency", "year", "month"], name="unique_monthly_figures")]

    def __str__(self) -> str:
        return f"{self.agency} {self.year}年{self.month}月"


FIGURE_FIELDS = ("licensing", "punishment", "coercion", "fees_yuan")


def readable_figures():
    """A filter that leaves out rows holding values the columns cannot (see
    ``safe_months``): reports add up the rest instead of failing; the
    register page shows the bad rows for correction."""
    return models.Q(fees_yuan__gte=0, fees_yuan__lte=MAX_FEE, licensing__lte=MAX_COUNT,
                    punishment__lte=MAX_COUNT, coercion__lte=MAX_COUNT)


def safe_months(agency, year: int) -> dict[int, MonthlyFigures]:
    """The year's monthly figures, month -> row, even when a row holds a value
    the column cannot (a fee of 1e20 stored by SQLite before imports were
    bounded): such a row comes back with ``unreadable`` True and the bad
    figures as None, so the register shows it for correction instead of
    failing. Rows read normally have ``unreadable`` False."""
    from decimal import InvalidOperation

    from django.db.models import CharField
    from django.db.models.functions import Cast

    qs = MonthlyFigures.objects.filter(agency=agency, year=year)
    try:
        rows = list(qs)
        for r in rows:
            r.unreadable = not _fits(r)
            if r.unreadable:
                _blank_bad(r)
        return {r.month: r for r in rows}
    except (InvalidOperation, ValueError, TypeError, OverflowError):
        pass
    out = {}
    texts = qs.annotate(**{f"{k}_text": Cast(k, CharField()) for k in FIGURE_FIELDS}).values(
        "pk", "month", *(f"{k}_text" for k in FIGURE_FIELDS))
    for row in texts:
        mf = MonthlyFigures(pk=row["pk"], agency=agency, year=year, month=row["month"])
        mf.unreadable = False
        for k in FIGURE_FIELDS:
            try:
                value = Decimal(str(row[f"{k}_text"]).strip())
                setattr(mf, k, value.quantize(Decimal("0.01")) if k == "fees_yuan" else int(value))
            except (InvalidOperation, ValueError, OverflowError):
                setattr(mf, k, None)
        if not _fits(mf):
            mf.unreadable = True
            _blank_bad(mf)
        out[mf.month] = mf
    return out


def _ok(k, v) -> bool:
    if v is None:
        return False
    if k == "fees_yuan":
        v = Decimal(v)
        return v.is_finite() and 0 <= v <= MAX_FEE and v == v.quantize(Decimal("0.01"))
    return 0 <= v <= MAX_COUNT and int(v) == v


def _fits(mf) -> bool:
    return all(_ok(k, getattr(mf, k)) for k in FIGURE_FIELDS)


def _blank_bad(mf) -> None:
    for k in FIGURE_FIELDS:
        if not _ok(k, getattr(mf, k)):
            setattr(mf, k, None)
