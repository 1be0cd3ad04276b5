from __future__ import annotations

from decimal import Decimal

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from gongkai.clock import deadline as clock

from .models import CHANNELS, Application
from .models.application import OUTCOME_CHOICES
from .outcomes import OUTCOMES

APPLICANT_FIELDS = [
    "applicant_type", "applicant_name", "legal_representative", "id_type", "id_number", "phone", "email",
    "address", "postcode", "description", "purpose", "medium", "delivery",
]
ALLOWED_EXTENSIONS = (".pdf", ".jpg", ".jpeg", ".png", ".docx")


def max_upload_bytes() -> int:
    return settings.GONGKAI_MAX_UPLOAD_MB * 1024 * 1024


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ",".join(ALLOWED_EXTENSIONS)}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


MAGIC = {".pdf": (b"%PDF",), ".jpg": (b"\xff\xd8\xff",), ".jpeg": (b"\xff\xd8\xff",), ".png": (b"\x89PNG",),
         ".docx": (b"PK\x03\x04",)}


def check_upload(f) -> None:
    """Type by extension AND by the file's first bytes; size limit."""
    name = (f.name or "").lower()
    ext = next((e for e in ALLOWED_EXTENSIONS if name.endswith(e)), None)
    head = f.read(8) if ext else b""
    f.seek(0)
    if ext is None or not head.startswith(MAGIC[ext]):
        raise forms.ValidationError(_("附件只能是 PDF、JPG、PNG 或 DOCX 文件：%(name)s") % {"name": f.name})
    if f.size > max_upload_bytes():
        raise forms.ValidationError(
            _("附件不能超过 %(mb)s MB：%(name)s") % {"mb": max_upload_bytes() // (1024 * 1024), "name": f.name}
        )


class ApplicationForm(forms.ModelForm):
    """第二十九条: who applies, what they want, and how it is to be provided."""

    required_css_class = "required"  # labels of required fields get a red * (base.html)

    attachments = MultipleFileField(label=_("附件（可选，PDF/JPG/PNG/DOCX，每个不超过 10 MB，最多 5 个）"), required=False)

    class Meta:
        model = Application
        fields = APPLICANT_FIELDS
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "purpose": forms.Textarea(attrs={"rows": 2}),
        }

    def clean_attachments(self):
        files = self.cleaned_data.get("attachments") or []
        if len(files) > 5:
            raise forms.ValidationError(_("附件最多 5 个"))
        for f in files:
            check_upload(f)
        return files

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("delivery") == "email" and not cleaned.get("email"):
            self.add_error("email", _("选择电子邮件方式提供时，请填写电子邮箱"))
        if cleaned.get("delivery") == "post" and not cleaned.get("address"):
            self.add_error("address", _("选择邮寄方式提供时，请填写通信地址"))
        return cleaned


class RegisterForm(ApplicationForm):
    """Staff registering a counter, mail or fax application."""

    channel = forms.ChoiceField(label=_("申请方式"), choices=CHANNELS)
    arrived_on = forms.DateField(label=_("到达日期"), widget=DateInput())
    received_on = forms.DateField(
        label=_("收到申请日期（当面提交为提交当日；邮寄为签收日；平常信函、网络、传真为双方确认之日，未确认可留空）"),
        widget=DateInput(), required=False,
    )
    note = forms.CharField(label=_("登记备注"), required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("channel") == "in_person" and not cleaned.get("received_on"):
            cleaned["received_on"] = cleaned.get("arrived_on")
        return cleaned


class LetterBodyField(forms.CharField):
    """A letter body as typed in the browser (CRLF line ends) stored the way a
    generated letter is (``letters.normalise_body``)."""

    def to_python(self, value):
        from .letters import normalise_body

        return normalise_body(super().to_python(value))


MAX_FEE_YUAN = Decimal("1000000.00")  # as services.MAX_FEE_YUAN: a few hundred 元; anything larger is a typing error


def _outcome_choices():
    return [("", "——")] + [(k, f"{label}（{OUTCOMES[k].basis or '—'}）") for k, label in OUTCOME_CHOICES]


FIELD_FACTORIES = {
    "on": lambda: forms.DateField(label=_("日期"), widget=DateInput(), required=False),
    "items": lambda: forms.CharField(label=_("需要补正的事项"), widget=forms.Textarea(attrs={"rows": 3})),
    "supplement_due": lambda: forms.DateField(label=_("补正期限"), widget=DateInput()),
    "note": lambda: forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2})),
    "party": lambda: forms.CharField(label=_("征求意见对象（第三方或其他机关）")),
    "days": lambda: forms.IntegerField(
        label=_("延长工作日数（至多%(n)s）") % {"n": clock.MAX_EXTENSION_DAYS}, min_value=1,
        max_value=clock.MAX_EXTENSION_DAYS, initial=clock.MAX_EXTENSION_DAYS),
    "until": lambda: forms.DateField(label=_("合理期限（第三十五条）"), widget=DateInput()),
    "reason": lambda: forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 2})),
    "amount": lambda: forms.DecimalField(label=_("收费金额（元）"), min_value=Decimal("0.01"), max_value=MAX_FEE_YUAN,
                                         max_digits=9, decimal_places=2),
    "basis": lambda: forms.CharField(label=_("收费方式与标准（按件/按量）"), required=False),
    "outcome": lambda: forms.ChoiceField(label=_("办理结果"), choices=_outcome_choices()),
    "body": lambda: LetterBodyField(label=_("答复书正文（每段一行，段落之间可空一行）"),
                                    widget=forms.Textarea(attrs={"rows": 14})),
}


def action_form(transition, data=None, initial=None, prefix=None):
    """A form with exactly the fields the transition asks for."""
    form = forms.Form(data=data, initial=initial, prefix=prefix)
    for name in transition.fields:
        form.fields[name] = FIELD_FACTORIES[name]()
    return form


class LetterSettingsForm(forms.ModelForm):
    """What an agency's letters say about the agency (its administrators edit it)."""

    class Meta:
        from gongkai.agencies.models import Agency

        model = Agency
        fields = ["letter_prefix", "reconsideration_government", "vertical_led", "superior_body", "fee_payment_method",
                  "phone"]
        widgets = {"fee_payment_method": forms.Textarea(attrs={"rows": 3})}
