from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils import formats
from django.utils.translation import gettext as _

from . import lockout


class LockoutAuthenticationForm(AuthenticationForm):
    """Django's login form, refusing a locked user name before checking the
    password and counting failures."""

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        until = lockout.locked_until(username)
        if until:
            raise forms.ValidationError(
                _("登录失败次数过多，该账号已锁定至 %(time)s，请稍后再试或通过邮件重设密码。")
                % {"time": formats.date_format(until.astimezone(), "Y-m-d H:i")},
                code="locked",
            )
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            ip = self.request.META.get("REMOTE_ADDR") if self.request else None
            lockout.record_failure(username, ip)
            raise
        lockout.reset(username)
        return cleaned
