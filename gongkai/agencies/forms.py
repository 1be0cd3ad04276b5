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
            from .ratelimit import client_ip

            until = lockout.begin(username, client_ip(self.request) if self.request else None)
            if until:
                raise _locked_error(until)
        cleaned = super().clean()  # raises on a wrong password: already counted
        lockout.succeeded(username)
        return cleaned


class AgencyForm(forms.ModelForm):
    required_css_class = "required"

    class Meta:
        from .models import Agency

        model = Agency
        fields = ["name", "slug", "code", "level", "parent", "ogi_office", "address", "postcode", "phone", "email",
                  "office_hours"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import Agency

        self.fields["parent"].queryset = Agency.objects.filter(level="government")
        self.fields["parent"].empty_label = _("（无）")
        self.fields["slug"].help_text = _("网址中使用的英文标识，如 yanjin-yjj（小写字母、数字和连字符）")


class MemberForm(forms.Form):
    """Add a person to the agency in a role: an existing account by its user
    name, or a new account (with a random first password shown once)."""

    required_css_class = "required"
    username = forms.CharField(label=_("用户名"), max_length=150)
    full_name = forms.CharField(label=_("姓名"), max_length=150, required=False)
    email = forms.EmailField(label=_("电子邮箱（用于找回密码和到期提醒）"), required=False)
    role = forms.ChoiceField(label=_("角色"))

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import ROLES

        self.agency = agency
        self.fields["role"].choices = ROLES

    def clean_username(self):
        from django.contrib.auth.validators import UnicodeUsernameValidator

        name = self.cleaned_data["username"].strip()
        UnicodeUsernameValidator()(name)
        return name

    def clean(self):
        from django.contrib.auth import get_user_model

        from .models import Membership

        cleaned = super().clean()
        name, role = cleaned.get("username"), cleaned.get("role")
        if name and role:
            user = get_user_model().objects.filter(username=name).first()
            if user is not None and Membership.objects.filter(user=user, agency=self.agency, role=role).exists():
                raise forms.ValidationError(_("该账号在本机关已有这个角色"))
            if user is None and not cleaned.get("email"):
                self.add_error("email", _("新建账号时请填写电子邮箱，以便本人找回密码"))
        return cleaned

    def save(self):
        from django.contrib.auth import get_user_model

        from .models import Membership
        from .views import new_password

        c = self.cleaned_data
        User = get_user_model()
        user = User.objects.filter(username=c["username"]).first()
        created, password = False, None
        if user is None:
            password = new_password()
            user = User(username=c["username"], email=c.get("email") or "", first_name=c.get("full_name") or "")
            user.set_password(password)
            user.save()
            created = True
        Membership.objects.create(user=user, agency=self.agency, role=c["role"])
        return user, created, password
