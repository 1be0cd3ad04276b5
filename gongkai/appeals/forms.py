from django import forms

from .models import AppealCase

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AppealCaseForm(forms.ModelForm):
    class Meta:
        model = AppealCase
        fields = ["kind", "case_number", "application", "filed_on", "closed_on", "outcome", "notes"]
        widgets = {"filed_on": DATE, "closed_on": DATE, "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, agency=None, **kwargs):
        super().__init__(*args, **kwargs)
        qs = self.fields["application"].queryset
        self.fields["application"].queryset = qs.filter(agency=agency) if agency is not None else qs.none()
