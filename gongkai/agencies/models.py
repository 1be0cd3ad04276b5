"""Agencies, the staff who work for them, and the failed-login counter."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

LEVELS = (("department", _("部门")), ("government", _("人民政府")))
ROLES = (("registrar", _("登记员")), ("reviewer", _("审核人")), ("admin", _("管理员")))
ROLE_KEYS = tuple(k for k, _label in ROLES)


class Agency(models.Model):
    """An administrative agency with its own OGI office (政府信息公开工作机构).

    A government (``level="government"``) supervises its departments
    (``parent``): members of the government see them read-only."""

    name = models.CharField(_("机关名称"), max_length=100, unique=True)
    slug = models.SlugField(_("网址标识"), max_length=60, unique=True)
    code = models.CharField(
        _("受理编号前缀"), max_length=12, unique=True, help_text=_("如 YJYJ，受理编号为 YJYJ-2026-0001")
    )
    level = models.CharField(_("层级"), max_length=12, choices=LEVELS, default="department")
    parent = models.ForeignKey(
        "self", verbose_name=_("上级人民政府"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="children",
    )
    ogi_office = models.CharField(_("政府信息公开工作机构"), max_length=100, blank=True)
    address = models.CharField(_("通讯地址"), max_length=200, blank=True)
    postcode = models.CharField(_("邮政编码"), max_length=10, blank=True)
    phone = models.CharField(_("联系电话"), max_length=40, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    office_hours = models.CharField(_("办公时间"), max_length=100, blank=True)
    # 行政复议机关 (行政复议法 2023 第二十四—二十七条), named in every reply letter.
    reconsideration_government = models.CharField(
        _("行政复议机关（人民政府）"), max_length=100, blank=True,
        help_text=_("部门填写本级人民政府（如 延津县人民政府），留空则取上级人民政府；"
                    "人民政府填写上一级人民政府（如 新乡市人民政府）"),
    )
    vertical_led = models.BooleanField(
        _("实行垂直领导"), default=False,
        help_text=_("海关、金融、外汇管理、税务、国家安全机关等：向上一级主管部门申请行政复议（行政复议法第二十七条）"),
    )
    superior_body = models.CharField(_("上一级主管部门"), max_length=100, blank=True,
                                     help_text=_("实行垂直领导的机关填写，如 国家税务总局新乡市税务局"))
    letter_prefix = models.CharField(
        _("发文字号机关代字"), max_length=30, blank=True,
        help_text=_("如 延应急依复，答复书文号为 延应急依复〔2026〕33号；留空则用受理编号前缀"),
    )
    fee_payment_method = models.TextField(
        _("信息处理费缴纳方式"), blank=True,
        help_text=_("写入收费通知书，如 缴款账户、开户行，或到本机关办公地点缴纳"),
    )
    guide = models.TextField(_("政府信息公开指南"), blank=True,
                             help_text=_("在机关公开页面显示；段落之间空一行"))

    class Meta:
        verbose_name = _("机关")
        verbose_name_plural = _("机关")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def office_name(self) -> str:
        return self.ogi_office or f"{self.name}政府信息公开工作机构"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.vertical_led and not self.superior_body.strip():
            raise ValidationError({"superior_body": _("实行垂直领导的机关须填写上一级主管部门")})

    @property
    def reconsideration_body(self) -> str:
        """Where the applicant applies for 行政复议 (行政复议法 2023): the
        上一级主管部门 of a vertically led agency (第二十七条); the same-level
        人民政府 of a department and the next-higher government of a
        government (第二十四条). Empty when the settings do not say."""
        if self.vertical_led:
            return self.superior_body.strip()
        if self.reconsideration_government.strip():
            return self.reconsideration_government.strip()
        if self.level == "department" and self.parent_id and self.parent.level == "government":
            return self.parent.name
        return ""

    @property
    def reference_prefix(self) -> str:
        return self.letter_prefix.strip() or self.code


class Membership(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("角色"), max_length=12, choices=ROLES)

    class Meta:
        verbose_name = _("工作人员")
        verbose_name_plural = _("工作人员")
        constraints = [models.UniqueConstraint(fields=["user", "agency", "role"], name="unique_membership")]

    def __str__(self) -> str:
        return f"{self.user} · {self.agency} · {self.get_role_display()}"


class LoginFailure(models.Model):
    """Failed logins per user name: LOCKOUT_FAILURES in a row lock the name
    for LOCKOUT_MINUTES (settings ``GONGKAI_LOCKOUT_FAILURES``/``_MINUTES``,
    default 5 and 15). Kept in the database so every worker process agrees."""

    username = models.CharField(max_length=150, unique=True)
    failures = models.PositiveIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)
    last_ip = models.GenericIPAddressField(null=True, blank=True)
    last_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("登录失败记录")
        verbose_name_plural = _("登录失败记录")


class RateCounter(models.Model):
    """Requests of one client in one scope and one time window
    (``agencies.ratelimit``). A database row counted with an atomic UPDATE,
    so every worker process of every server sees the same count (Django's
    DatabaseCache increments by get + set, which loses counts under
    concurrency)."""

    key = models.CharField(max_length=200, unique=True)
    window = models.BigIntegerField(db_index=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("访问频率计数")
        verbose_name_plural = _("访问频率计数")
