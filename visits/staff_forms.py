"""Forms of the staff workspace."""

from functools import partial

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from catalogue.models import BestPracticePage, CompanyPage, ExpertPage, FocusAreaPage, SubAreaPage
from core.i18n import in_default_language
from offices.models import OfficePage, StaffRole, VisitSlot
from visits.availability import check_choices
from visits.forms import country_choices
from visits.models import VisitRequest

SORTS = {
    "-created": ("-created_at", _("Newest first")),
    "created": ("created_at", _("Oldest first")),
    "reference": ("reference", _("Reference")),
    "-group_size": ("-group_size", _("Largest group first")),
}


class InboxFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"), required=False, max_length=100, help_text=_("Reference, organisation or country")
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any")), *VisitRequest.Status.choices]
    )
    office = forms.ModelChoiceField(
        label=_("Office"), required=False, queryset=OfficePage.objects.none(), to_field_name="slug"
    )
    country = forms.ChoiceField(label=_("Country"), required=False, choices=partial(country_choices, _("Any")))
    focus_area = forms.ModelChoiceField(
        label=_("Focus area"), required=False, queryset=FocusAreaPage.objects.none(), to_field_name="slug"
    )
    format = forms.ChoiceField(
        label=_("Format"), required=False, choices=[("", _("Any")), *VisitRequest.Format.choices]
    )
    received_from = forms.DateField(
        label=_("Received from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    received_to = forms.DateField(
        label=_("Received until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    sort = forms.ChoiceField(
        label=_("Sort"), required=False, choices=[(key, label) for key, (_f, label) in SORTS.items()]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = in_default_language(OfficePage.objects.live()).order_by("kind", "title")
        self.fields["focus_area"].queryset = in_default_language(FocusAreaPage.objects.live()).order_by("path")

    def filter(self, queryset):
        data = self.cleaned_data
        if data.get("q"):
            text = data["q"]
            codes = [code for code, name in countries if text.lower() in name.lower()]
            queryset = queryset.filter(
                Q(reference__icontains=text) | Q(organisation__icontains=text) | Q(country__in=codes)
            )
        for name in ("status", "country", "format"):
            if data.get(name):
                queryset = queryset.filter(**{name: data[name]})
        if data.get("office"):
            queryset = queryset.filter(office=data["office"])
        if data.get("focus_area"):
            queryset = queryset.filter(
                pk__in=VisitRequest.objects.filter(interests__path__startswith=data["focus_area"].path).values("pk")
            )
        if data.get("received_from"):
            queryset = queryset.filter(created_at__date__gte=data["received_from"])
        if data.get("received_to"):
            queryset = queryset.filter(created_at__date__lte=data["received_to"])
        return queryset.order_by(SORTS.get(data.get("sort") or "-created")[0], "-pk")


class RequestForm(forms.Form):
    """A form about one request: the request page builds every action form the same way."""

    def __init__(self, *args, visit_request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.visit_request = visit_request


class ReasonForm(RequestForm):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)


class QuestionForm(RequestForm):
    question = forms.CharField(
        label=_("What do you need to know?"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )


class NoteForm(RequestForm):
    text = forms.CharField(label=_("Internal note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)


class ReassignForm(RequestForm):
    office = forms.ModelChoiceField(label=_("New office"), queryset=OfficePage.objects.none())
    reason = forms.CharField(label=_("Reason"), required=False, max_length=1000)

    def __init__(self, *args, visit_request=None, **kwargs):
        super().__init__(*args, visit_request=visit_request, **kwargs)
        offices = in_default_language(OfficePage.objects.live()).order_by("kind", "title")
        if visit_request is not None:
            offices = offices.exclude(pk=visit_request.office_id)
        self.fields["office"].queryset = offices


class EraseForm(RequestForm):
    confirm = forms.CharField(max_length=100)

    def __init__(self, *args, visit_request, **kwargs):
        super().__init__(*args, visit_request=visit_request, **kwargs)
        self.reference = visit_request.reference
        self.fields["confirm"].label = _("Type %(reference)s to erase the contact data (statistics are kept)") % {
            "reference": self.reference
        }
        self.fields["confirm"].widget.attrs["autocomplete"] = "off"

    def clean_confirm(self):
        if self.cleaned_data["confirm"].strip() != self.reference:
            raise forms.ValidationError(_("Type the reference to confirm the erasure."))
        return self.cleaned_data["confirm"]


def host_candidates(office_id=None):
    """Who can host a visit day: the coordinators (and superusers, whom the permissions treat as
    coordinators) plus the office staff of the day's office, or of every office when the day's
    office is not known yet."""
    Role = StaffRole.Role
    office_staff = Q(staff_role__role=Role.OFFICE_STAFF)
    if office_id is not None:
        office_staff &= Q(staff_role__office_id=office_id)
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(is_superuser=True) | Q(staff_role__role=Role.COORDINATOR) | office_staff)
        .select_related("staff_role__office")
        .order_by("first_name", "last_name", "username")
    )


class HostChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, user):
        name = user.get_full_name() or user.get_username()
        staff_role = getattr(user, "staff_role", None)
        if staff_role is not None and staff_role.role == StaffRole.Role.OFFICE_STAFF:
            return f"{name} ({staff_role.office.title})"
        return f"{name} ({_('coordinator')})"


class VisitDayForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    slot = forms.ModelChoiceField(label=_("Office and slot"), queryset=VisitSlot.objects.none())
    hosts = HostChoiceField(
        label=_("Hosts"),
        queryset=get_user_model().objects.none(),
        required=False,
        help_text=_("The staff of the day's office and the coordinators; choose the day's slot first."),
        error_messages={"invalid_choice": _("Choose hosts among the staff of the day's office and the coordinators.")},
    )
    sites = forms.ModelMultipleChoiceField(
        label=_("Best-practice sites"), queryset=BestPracticePage.objects.none(), required=False
    )
    companies = forms.ModelMultipleChoiceField(
        label=_("Companies"), queryset=CompanyPage.objects.none(), required=False
    )
    experts = forms.ModelMultipleChoiceField(label=_("Experts"), queryset=ExpertPage.objects.none(), required=False)
    programme = forms.CharField(
        label=_("Programme"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One line per item, starting with the time: “09:00 Welcome at the office”."),
    )

    def __init__(self, *args, visit_request=None, **kwargs):
        self.visit_request = visit_request
        super().__init__(*args, **kwargs)
        slots = (
            VisitSlot.objects.filter(office__live=True).select_related("office").order_by("office__title", "start_time")
        )
        self.fields["slot"].queryset = slots
        self.fields["slot"].label_from_instance = lambda slot: (
            f"{slot.office.title} — {slot.display_label} {slot.start_time:%H:%M}–{slot.end_time:%H:%M}"
        )
        self.fields["hosts"].queryset = host_candidates(self._office_id())
        self.fields["sites"].queryset = in_default_language(BestPracticePage.objects.live()).order_by("title")
        self.fields["companies"].queryset = in_default_language(CompanyPage.objects.live()).order_by("title")
        self.fields["experts"].queryset = in_default_language(ExpertPage.objects.live()).order_by("title")

    def _office_id(self):
        """The office of the day's slot: as submitted, or as proposed; None when not chosen yet."""
        slot = self.data.get(self.add_prefix("slot")) if self.is_bound else self.initial.get("slot")
        if isinstance(slot, VisitSlot):
            return slot.office_id
        if slot and str(slot).isdigit():
            return VisitSlot.objects.filter(pk=slot).values_list("office_id", flat=True).first()
        return None

    def add(self, field_name, pk):
        """Tick `pk` in `field_name` (sites, companies or experts) of this bound form, without saving."""
        key = self.add_prefix(field_name)
        chosen = self.data.getlist(key)
        if str(pk) not in chosen:
            self.data.setlist(key, [*chosen, str(pk)])

    def clean(self):
        """The seat ledger's answer for this day, before anything is saved (the ledger decides again on save)."""
        cleaned = super().clean()
        day, slot = cleaned.get("date"), cleaned.get("slot")
        if day and slot and self.visit_request is not None:
            problems = check_choices(
                slot.office,
                [(day, slot)],
                self.visit_request.group_size,
                exclude_request=self.visit_request,  # its own requested days are given back on confirming
                earliest=timezone.localdate(),
            )
            for problem in problems:
                self.add_error("date", problem)
        return cleaned

    def day(self):
        data = self.cleaned_data
        return {
            **{key: data[key] for key in ("date", "slot", "hosts", "sites", "companies", "experts", "programme")},
            "office": data["slot"].office,
        }


VisitDayFormSet = forms.formset_factory(VisitDayForm, extra=2, max_num=10, min_num=1, validate_min=True)


class CompleteForm(RequestForm):
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics covered"),
        queryset=SubAreaPage.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, visit_request, **kwargs):
        super().__init__(*args, visit_request=visit_request, **kwargs)
        self.fields["topics"].queryset = in_default_language(SubAreaPage.objects.live()).order_by("path")
        self.visits = list(visit_request.visits.exclude(status="cancelled").select_related("office"))
        for visit in self.visits:
            self.fields[f"participants_{visit.pk}"] = forms.IntegerField(
                label=_("Participants on %(date)s at %(office)s") % {"date": visit.date, "office": visit.office.title},
                min_value=0,
                max_value=1000,
                initial=visit.participants,
            )

    def participants(self):
        return {visit.pk: self.cleaned_data[f"participants_{visit.pk}"] for visit in self.visits}
