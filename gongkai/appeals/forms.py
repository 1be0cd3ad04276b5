from django import forms
from django.utils.translation import gettext_lazy as _

from .models import AppealCase

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AppealCaseForm(forms.ModelForm):
    """The related application is typed as its receipt number (an agency has
    thousands: no dropdown) and looked up among the agency's own."""

    application_number = forms.CharField(
        label=_("相关申请（受理编号）"), required=False, max_length=40,
        widget=forms.TextInput(attrs={"placeholder": "YJYJ-2026-0001", "autocomplete": "off",
                                      "list": "application-numbers"}),
        help_text=_("填写受理编号，可只填编号的一部分后从提示中选择；不涉及具体申请的留空"),
    )

    class Meta:
        model = AppealCase
        fields = ["kind", "case_number", "application_number", "filed_on", "closed_on", "outcome", "notes"]
        widgets = {"filed_on": DATE, "closed_on": DATE, "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, agency=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.agency = agency
        if self.instance.application_id:
            self.fields["application_number"].initial = self.instance.application.number

    def clean_application_number(self):
        from gongkai.applications.models import Application

        number = (self.cleaned_data.get("application_number") or "").strip().upper()
        if not number:
            return None
        app = Application.objects.filter(agency=self.agency, number=number).first() if self.agency else None
        if app is None:
            raise forms.ValidationError(_("本机关没有受理编号为“%(n)s”的申请") % {"n": number})
        return app

    def save(self, commit=True):
        self.instance.application = self.cleaned_data.get("application_number")
        return super().save(commit)
