from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

NOTIFICATION_STATUSES = (
    ("queued", _("待发送")),
    ("sending", _("正在发送")),
    ("retrying", _("发送失败，等待重试")),
    ("sent", _("已发送")),
    ("failed", _("发送失败")),
)


class Notification(models.Model):
    """One e-mail to an applicant or to staff: queued when the event happens,
    sent by the background task runner (``applications.tasks.deliver``),
    retried on SMTP failure, never deleted. ``secret`` holds the query code
    of the first message to the applicant only until that message is sent."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE, related_name="notifications")
    application = models.ForeignKey("applications.Application", null=True, blank=True, on_delete=models.CASCADE,
                                    related_name="notifications")
    event = models.ForeignKey("applications.Event", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="notifications")
    letter = models.ForeignKey("applications.Letter", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="notifications")
    key = models.CharField(_("消息"), max_length=32)
    to = models.EmailField(_("收件人"))
    to_staff = models.BooleanField(default=False)
    subject = models.CharField(_("主题"), max_length=300)
    body = models.TextField(_("正文"))
    secret = models.CharField(max_length=32, blank=True)
    status = models.CharField(_("状态"), max_length=12, choices=NOTIFICATION_STATUSES, default="queued",
                              db_index=True)
    attempts = models.PositiveIntegerField(_("尝试次数"), default=0)
    last_error = models.TextField(_("最近一次错误"), blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("邮件通知")
        verbose_name_plural = _("邮件通知")

    def __str__(self) -> str:
        return f"{self.to} {self.subject}"


class MessageTemplate(models.Model):
    """An agency's own text for one message (``notify.MESSAGES`` holds the
    defaults); placeholders like ``{受理编号}`` are filled when queued."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE, related_name="message_templates")
    key = models.CharField(max_length=32)
    subject = models.CharField(_("主题"), max_length=300)
    body = models.TextField(_("正文"))
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "key"], name="unique_message_template")]
        verbose_name = _("消息模板")
        verbose_name_plural = _("消息模板")
