from django import forms
from django.utils.translation import gettext_lazy as _

from .models import DisclosureItem, Document, MonthlyFigures

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DisclosureItemForm(forms.ModelForm):
    class Meta:
        model = DisclosureItem
        fields = ["title", "category", "formed_on", "published_on", "url"]
        widgets = {"formed_on": DATE, "published_on": DATE}


class DocumentForm(forms.ModelForm):
    class Meta:
        model = Document
        fields = ["kind", "title", "number", "made_on", "repealed_on"]
        widgets = {"made_on": DATE, "repealed_on": DATE}


class MonthForm(forms.ModelForm):
    class Meta:
        model = MonthlyFigures
        fields = ["licensing", "punishment", "coercion", "fees_yuan"]
        widgets = {k: forms.NumberInput(attrs={"style": "width:7rem"}) for k in fields}


class ImportForm(forms.Form):
    file = forms.FileField(label=_("XLSX 或 CSV 文件"))
