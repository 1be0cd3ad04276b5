from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils import formats
from django.utils.translation import gettext as _

from . import lockout


def _locked_error(until) -> forms.ValidationError:
    return forms.ValidationError(
        _("登录失败次数过多，该账号已锁定至 %(time)s，请稍后再试或通过邮件重设密码。")
        % {"time": formats.date_format(until.astimezone(), "Y-m-d H:i")},
        code="locked",
    )


class LockoutAuthenticationForm(AuthenticationForm):
    """Django's login form with the lockout: each attempt takes its slot in
    the counter before the password is checked (``lockout.begin``), so
    parallel guesses are counted too; a correct password resets it."""

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        if username:
            from gongkai.portal.ratelimit import client_ip

            until = lockout.begin(username, client_ip(self.request) if self.request else None)
            if until:
                raise _locked_error(until)
        cleaned = super().clean()  # raises on a wrong password: already counted
        lockout.succeeded(username)
        return cleaned
