"""The follow-up form of the staff admin, scoped to what the user may see (offices.permissions)."""

from django import forms
from django.contrib.auth.models import AnonymousUser
from wagtail.admin.forms import WagtailAdminModelForm

from core.i18n import in_default_language
from offices.models import OfficePage, StaffRole
from offices.permissions import office_of, role_of, scope
from outcomes.models import FollowUp
from visits.models import VisitRequest


class FollowUpForm(WagtailAdminModelForm):
    """Office staff are offered only their office's requests, and their office only.

    The choices are the querysets, so a posted id outside them is an invalid choice
    (a form error, nothing saved), whatever the browser was shown.
    """

    class Meta:
        model = FollowUp
        fields = [
            "title",
            "kind",
            "status",
            "office",
            "country",
            "sub_areas",
            "requests",
            "start_date",
            "end_date",
            "description",
            "partners",
            "value_sek",
            "published",
            "story",
        ]
        widgets = {"office": forms.Select}  # a choice among the offices, not the page chooser

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user or AnonymousUser()
        self.fields["requests"].queryset = scope(user, VisitRequest.objects.select_related("office"))
        offices = in_default_language(OfficePage.objects.all()).order_by("title")
        if role_of(user) == StaffRole.Role.OFFICE_STAFF:
            own = office_of(user)
            self.fields["office"].queryset = offices.filter(pk=own.pk)
            self.fields["office"].empty_label = None
            self.fields["office"].initial = own.pk
        else:
            self.fields["office"].queryset = offices

    def clean_requests(self):
        # Links to requests the user cannot see (say, one since moved to another
        # office) are kept: the form neither shows them nor drops them.
        chosen = list(self.cleaned_data["requests"])
        if self.instance.pk:
            visible = self.fields["requests"].queryset
            chosen += list(self.instance.requests.exclude(pk__in=visible.values("pk")))
        return chosen
