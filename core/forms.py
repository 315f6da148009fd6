"""Form parts the public forms share."""

from django import forms
from django.utils.translation import gettext_lazy


class HoneypotField(forms.CharField):
    """A field people never see (templates hide it and keep it out of the tab order); bots
    that fill in every field give themselves away, and the form is refused with `refusal`."""

    def __init__(self, refusal, **kwargs):
        super().__init__(required=False, label=gettext_lazy("Leave this field empty"), **kwargs)
        self.refusal = refusal

    def clean(self, value):
        if super().clean(value):
            raise forms.ValidationError(self.refusal)
        return ""
