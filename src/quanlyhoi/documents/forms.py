from django import forms

from quanlyhoi.documents.models import IssuingBody
from quanlyhoi.documents.services import EDITABLE


class BodyForm(forms.ModelForm):
    """The letterhead; documents.services.update_body checks it again (the API goes straight there)."""

    class Meta:
        model = IssuingBody
        fields = list(EDITABLE)
        widgets = {"recipients": forms.Textarea(attrs={"rows": 5})}
