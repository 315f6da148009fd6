"""Forms of the staff workspace."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from catalogue.models import BestPracticePage, CompanyPage, ExpertPage, FocusAreaPage, SubAreaPage
from offices.models import OfficePage, VisitSlot
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
    country = forms.ChoiceField(label=_("Country"), required=False, choices=[("", _("Any")), *countries])
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
        self.fields["office"].queryset = OfficePage.objects.live().order_by("kind", "title")
        self.fields["focus_area"].queryset = FocusAreaPage.objects.live().order_by("path")

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


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)


class QuestionForm(forms.Form):
    question = forms.CharField(
        label=_("What do you need to know?"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Internal note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)


class ReassignForm(forms.Form):
    office = forms.ModelChoiceField(label=_("New office"), queryset=OfficePage.objects.none())
    reason = forms.CharField(label=_("Reason"), required=False, max_length=1000)

    def __init__(self, *args, visit_request=None, **kwargs):
        super().__init__(*args, **kwargs)
        offices = OfficePage.objects.live().order_by("kind", "title")
        if visit_request is not None:
            offices = offices.exclude(pk=visit_request.office_id)
        self.fields["office"].queryset = offices


class VisitDayForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    slot = forms.ModelChoiceField(label=_("Office and slot"), queryset=VisitSlot.objects.none())
    hosts = forms.ModelMultipleChoiceField(label=_("Hosts"), queryset=get_user_model().objects.none(), required=False)
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        slots = (
            VisitSlot.objects.filter(office__live=True).select_related("office").order_by("office__title", "start_time")
        )
        self.fields["slot"].queryset = slots
        self.fields["slot"].label_from_instance = lambda slot: (
            f"{slot.office.title} — {slot.label} {slot.start_time:%H:%M}–{slot.end_time:%H:%M}"
        )
        self.fields["hosts"].queryset = (
            get_user_model().objects.filter(is_active=True, is_staff=True).order_by("username")
        )
        self.fields["sites"].queryset = BestPracticePage.objects.live().order_by("title")
        self.fields["companies"].queryset = CompanyPage.objects.live().order_by("title")
        self.fields["experts"].queryset = ExpertPage.objects.live().order_by("title")

    def day(self):
        data = self.cleaned_data
        return {
            **{key: data[key] for key in ("date", "slot", "hosts", "sites", "companies", "experts", "programme")},
            "office": data["slot"].office,
        }


VisitDayFormSet = forms.formset_factory(VisitDayForm, extra=2, max_num=10, min_num=1, validate_min=True)


class CompleteForm(forms.Form):
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics covered"),
        queryset=SubAreaPage.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, visit_request, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topics"].queryset = SubAreaPage.objects.live().order_by("path")
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
