"""The planner's form (arrival, departure, group) and the form that books a planned tour."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tours.models import TourSettings, TravelMode, TravelPlace
from tours.planner import check_stay
from visits.availability import first_bookable_day
from visits.forms import RequesterForm
from visits.models import VisitRequest


class PlaceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


def _place_field(label):
    return PlaceChoiceField(
        label=label,
        queryset=TravelPlace.objects.order_by("kind", "name"),
        empty_label="—",
        help_text=gettext_lazy("A city or an airport (ARN, GOT, MMX, CPH, UME, LLA…)."),
    )


class TourSettingsForm(forms.ModelForm):
    arrival_place = _place_field(gettext_lazy("Arriving at"))
    departure_place = _place_field(gettext_lazy("Leaving from"))
    format = forms.ChoiceField(
        label=gettext_lazy("Format"), choices=VisitRequest.Format.choices, widget=forms.RadioSelect, initial="on_site"
    )
    travel_mode = forms.ChoiceField(
        label=gettext_lazy("Travel between cities"),
        choices=TravelMode.choices,
        widget=forms.RadioSelect,
        initial=TravelMode.RAIL,
    )

    class Meta:
        model = TourSettings
        fields = [
            "arrival_date",
            "arrival_time",
            "arrival_place",
            "departure_date",
            "departure_time",
            "departure_place",
            "group_size",
            "format",
            "travel_mode",
        ]
        widgets = {
            "arrival_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "departure_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "arrival_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "departure_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }
        labels = {
            "arrival_date": gettext_lazy("Arrival day"),
            "arrival_time": gettext_lazy("Ready to start at"),
            "departure_date": gettext_lazy("Departure day"),
            "departure_time": gettext_lazy("Must leave by"),
            "group_size": gettext_lazy("Number of people"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and not self.instance.pk:
            first = first_bookable_day()
            # Two weeks ahead, Tuesday to Thursday: a common shape for a delegation's stay.
            start = first + datetime.timedelta(days=14)
            start += datetime.timedelta(days=(1 - start.weekday()) % 7)
            self.initial.setdefault("arrival_date", start)
            self.initial.setdefault("departure_date", start + datetime.timedelta(days=2))
            self.initial.setdefault("arrival_time", datetime.time(9, 0))
            self.initial.setdefault("departure_time", datetime.time(18, 0))
            self.initial.setdefault("group_size", 10)
            arlanda = TravelPlace.objects.filter(code="ARN").first()
            if arlanda is not None:
                self.initial.setdefault("arrival_place", arlanda.pk)
                self.initial.setdefault("departure_place", arlanda.pk)

    def clean_group_size(self):
        size = self.cleaned_data["group_size"]
        if not 1 <= size <= 500:
            raise forms.ValidationError(_("A group has between 1 and 500 people."))
        return size

    def clean(self):
        cleaned = super().clean()
        needed = ("arrival_date", "arrival_time", "departure_date", "departure_time")
        if all(cleaned.get(name) is not None for name in needed):
            stay = TourSettings(**{name: cleaned[name] for name in needed})
            for problem in check_stay(stay, timezone.localdate()):
                raise forms.ValidationError(problem)
        return cleaned


class TourBookingForm(RequesterForm):
    """Who is coming; the days, offices and group come from the planned tour."""

    # The itinerary the visitor saw: if it has changed since, they are shown the new one first.
    itinerary = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_interests()
        self.fields["languages"].initial = ["en"]
