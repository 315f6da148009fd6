"""The form a delegation fills in to wait for a full slot."""

from django import forms
from django.utils.translation import gettext_lazy

from visits.forms import RequesterForm


class WaitingListForm(RequesterForm):
    group_size = forms.IntegerField(label=gettext_lazy("Number of people"), min_value=1, max_value=500)

    field_order = [
        "organisation",
        "organisation_kind",
        "country",
        "contact_name",
        "email",
        "phone",
        "group_size",
        "languages",
        "message",
        "consent_processing",
        "website",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Asked again when the entry becomes a request; a waiting list names nobody in public.
        for name in ("interests", "consent_public_name"):
            del self.fields[name]

    def entry_fields(self) -> dict:
        names = ("organisation", "organisation_kind", "country", "contact_name", "email", "phone", "languages")
        return {name: self.cleaned_data[name] for name in (*names, "message", "group_size")}
