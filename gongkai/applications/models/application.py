from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai import standard

# The receipt channels of 第三十一条, keyed as the clock module keys them.
CHANNELS = (
    ("in_person", _("当面提交")),
    ("registered_mail", _("邮寄（签收）")),
    ("ordinary_mail", _("平常信函")),
    ("online", _("网络")),
    ("fax", _("传真")),
    ("other", _("其他")),
)
ID_TYPES = (
    ("resident_id", _("居民身份证")),
    ("passport", _("护照")),
    ("hk_macao_tw", _("港澳台居民证件")),
    ("credit_code", _("统一社会信用代码")),
    ("other", _("其他证件")),
)
MEDIUMS = (("paper", _("纸质")), ("email", _("电子邮件")), ("disc", _("光盘")), ("other", _("其他")))
DELIVERIES = (("post", _("邮寄")), ("pickup", _("自行领取")), ("email", _("电子邮件")), ("fax", _("传真")))
APPLICANT_TYPE_CHOICES = tuple((k, standard.APPLICANT_TYPE_LABELS[k]) for k in standard.APPLICANT_TYPES)
OUTCOME_CHOICES = tuple(
    (k, f"{r.group} {r.label}" if r.group else r.label)
    for k, r in ((k, standard.TABLE3_ROW_BY_KEY[k]) for k in standard.OUTCOME_KEYS)
)


class Application(models.Model):
    """A 政府信息公开申请. ``state`` is the workflow state; ``received_on``,
    ``outcome`` and ``decided_on`` are denormalized from the event log by
    ``services.py`` so that reports aggregate in SQL. The clock's projection
    (``due_on`` … ``remaining_days``, see ``clockmap.projection``) is written
    with every event in the same transaction, so that lists filter, count and
    sort by deadline in SQL; the events remain the source of truth."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="applications")
    number = models.CharField(_("受理编号"), max_length=40, unique=True)
    query_code_hash = models.CharField(max_length=64, editable=False)
    state = models.CharField(_("状态"), max_length=24, db_index=True)
    channel = models.CharField(_("申请方式"), max_length=20, choices=CHANNELS)
    arrived_on = models.DateField(_("到达日期"))
    received_on = models.DateField(_("收到申请日期"), null=True, blank=True, db_index=True)
    outcome = models.CharField(_("办理结果"), max_length=40, null=True, blank=True, choices=OUTCOME_CHOICES)  # noqa: DJ001 - NULL: not decided yet
    decided_on = models.DateField(_("答复日期"), null=True, blank=True, db_index=True)

    applicant_type = models.CharField(_("申请人类型"), max_length=20, choices=APPLICANT_TYPE_CHOICES)
    applicant_name = models.CharField(_("申请人姓名或名称"), max_length=200)
    legal_representative = models.CharField(_("法定代表人或联系人"), max_length=100, blank=True)
    id_type = models.CharField(_("证件类型"), max_length=20, choices=ID_TYPES)
    id_number = models.CharField(_("证件号码"), max_length=40)
    phone = models.CharField(_("联系电话"), max_length=40)
    address = models.CharField(_("通信地址"), max_length=300, blank=True)
    postcode = models.CharField(_("邮政编码"), max_length=10, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)

    description = models.TextField(_("所需政府信息的名称、文号或者便于查询的其他特征性描述"))
    purpose = models.TextField(_("用途说明（选填）"), blank=True)
    medium = models.CharField(_("获取信息的方式"), max_length=10, choices=MEDIUMS, default="paper")
    delivery = models.CharField(_("提供方式"), max_length=10, choices=DELIVERIES, default="post")

    # the clock's projection
    due_on = models.DateField(_("答复期限"), null=True, blank=True, editable=False)
    clock_state = models.CharField(max_length=12, default="not_started", editable=False)  # running/paused/closed/not_started
    lapses_on = models.DateField(null=True, blank=True, editable=False)  # while paused: the applicant's period ends
    paused_since = models.DateField(null=True, blank=True, editable=False)
    remaining_days = models.SmallIntegerField(null=True, blank=True, editable=False)  # working days left when paused

    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("政府信息公开申请")
        verbose_name_plural = _("政府信息公开申请")
        ordering = ["-arrived_on", "-id"]
        indexes = [
            models.Index(fields=["agency", "received_on"]), models.Index(fields=["agency", "decided_on"]),
            models.Index(fields=["agency", "state", "due_on"]), models.Index(fields=["agency", "arrived_on"]),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def outcome_row(self):
        return standard.TABLE3_ROW_BY_KEY.get(self.outcome) if self.outcome else None


class ReceiptCounter(models.Model):
    """The last receipt number issued per agency and year. Incremented with an
    UPDATE … SET last = last + 1 inside the submission's transaction: the row
    lock (PostgreSQL) or the write lock (SQLite, IMMEDIATE transactions)
    serializes concurrent submissions, so numbers are never duplicated."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE)
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="unique_counter")]
