"""The booking form: who is coming, how many, where and when."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries
from django_countries.fields import LazyTypedChoiceField
from phonenumber_field.formfields import PhoneNumberField

from catalogue.models import SubAreaPage
from core.languages import VISIT_LANGUAGES
from offices.models import OfficePage
from schedule.availability import office_availability
from visits.models import VisitRequest

SUGGEST = "suggest"
MONTHS_AHEAD = 12


def month_choices(today):
    first = today.replace(day=1)
    choices = []
    for offset in range(MONTHS_AHEAD):
        year, month = divmod(first.month - 1 + offset, 12)
        start = datetime.date(first.year + year, month + 1, 1)
        choices.append((start.strftime("%Y-%m"), date_format(start, "F Y")))
    return choices


def month_range(value: str, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """First and last bookable day of a 'YYYY-MM' month (never before tomorrow)."""
    start = datetime.datetime.strptime(value, "%Y-%m").date()
    next_month = (start.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return max(start, today + datetime.timedelta(days=1)), next_month - datetime.timedelta(days=1)


def slot_value(day, slot) -> str:
    return f"{day:%Y-%m-%d}|{slot.pk}"


class SlotChoiceMixin:
    """Offers the bookable (day, slot)s of one office and month for a group size."""

    def setup_days(self, office, month, group_size, exclude_request=None):
        self.picker_office, self.picker_month = office, month
        self.days = []
        if office is not None:
            start, end = month_range(month, timezone.localdate())
            if start <= end:
                self.days = office_availability(office, start, end, group_size, exclude_request)
        source = self.data if self.is_bound else self.initial
        raw = source.getlist("slots") if hasattr(source, "getlist") else source.get("slots") or []
        self.selected_slots = set(raw if isinstance(raw, list | tuple) else [raw])

    @property
    def picker_days(self):
        """Days for the template: each open slot with its checkbox value and state."""
        rows = []
        for day in self.days:
            slots = [
                {
                    "state": state,
                    "value": slot_value(day.date, state.slot),
                    "checked": slot_value(day.date, state.slot) in self.selected_slots,
                }
                for state in day.slots
            ]
            rows.append({"day": day, "slots": slots})
        return rows

    def clean_slots(self):
        """Each chosen (day, slot), or a message that says why it cannot be had.

        Availability is computed afresh for this submission, so a slot offered when the
        page was shown but taken since gets the "just taken" answer, not a generic error.
        """
        offered = {slot_value(day.date, state.slot): state for day in self.days for state in day.slots}
        closed = {day.date: day.reason for day in self.days if not day.slots}
        choices, problems = [], []
        for value in self.cleaned_data["slots"]:
            day_text = value.partition("|")[0]
            try:
                day = datetime.date.fromisoformat(day_text)
            except ValueError:
                problems.append(_("Choose days from the list."))
                continue
            if value in offered:
                state = offered[value]
                if state.fits:
                    choices.append((day, state.slot))
                elif state.groups_left == 0:
                    problems.append(
                        _("%(day)s, %(slot)s: this slot was just taken, please choose another.")
                        % {"day": date_format(day, "l j F"), "slot": state.slot.label}
                    )
                else:
                    problems.append(f"{date_format(day, 'l j F')}, {state.slot.label}: {state.reason}.")
            elif day in closed:
                problems.append(f"{date_format(day, 'l j F')}: {closed[day]}.")
            else:
                problems.append(_("%(day)s is not offered; choose a day from the list.") % {"day": day_text[:10]})
        if problems:
            raise forms.ValidationError(problems)
        return choices


class AnySlotField(forms.MultipleChoiceField):
    """Accepts any submitted value; clean_slots judges each against fresh availability."""

    def valid_value(self, value):
        return True


class BookingForm(SlotChoiceMixin, forms.Form):
    organisation = forms.CharField(label=gettext_lazy("Organisation"), max_length=200)
    organisation_kind = forms.ChoiceField(
        label=gettext_lazy("Kind of organisation"),
        choices=VisitRequest.OrganisationKind.choices,
        widget=forms.RadioSelect,
    )
    country = LazyTypedChoiceField(label=gettext_lazy("Country"), choices=[("", "—"), *countries])
    contact_name = forms.CharField(label=gettext_lazy("Your name"), max_length=120)
    email = forms.EmailField(label=gettext_lazy("E-mail"))
    phone = PhoneNumberField(
        label=gettext_lazy("Phone"),
        help_text=gettext_lazy("International format, starting with + and the country code, e.g. +46 8 123 456 78."),
    )
    group_size = forms.IntegerField(label=gettext_lazy("Number of people"), min_value=1, max_value=500)
    languages = forms.MultipleChoiceField(
        label=gettext_lazy("Languages the group understands"),
        choices=VISIT_LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
    )
    format = forms.ChoiceField(
        label=gettext_lazy("Format"), choices=VisitRequest.Format.choices, widget=forms.RadioSelect, initial="on_site"
    )
    office = forms.ChoiceField(label=gettext_lazy("Office"))
    month = forms.ChoiceField(label=gettext_lazy("Month"))
    slots = AnySlotField(
        label=gettext_lazy("Preferred days and times"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("Choose at least one day and time.")},
    )
    interests = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Topics you are interested in"),
        queryset=SubAreaPage.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    message = forms.CharField(label=gettext_lazy("Message"), max_length=4000, required=False, widget=forms.Textarea)
    consent_processing = forms.BooleanField(
        label=gettext_lazy(
            "I agree that Smart City Sweden stores and uses these contact details "
            "to arrange the visit and follow up on it."
        ),
        error_messages={"required": gettext_lazy("We need your consent to handle the request.")},
    )
    consent_public_name = forms.BooleanField(
        label=gettext_lazy("The name of our organisation may be shown in the public calendar of visits."),
        required=False,
    )
    # A field people never see; bots that fill in every field give themselves away.
    website = forms.CharField(required=False, label=gettext_lazy("Leave this field empty"))

    def __init__(self, *args, plan_pages=(), suggested=(None, ""), prefill_day=None, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        offices = list(OfficePage.objects.live().order_by("kind", "title").prefetch_related("visit_slots"))
        self.offices = {office.slug: office for office in offices}
        self.suggested_office, self.suggestion_reason = suggested
        self.fields["office"].choices = [
            (SUGGEST, _("Suggest one for me")),
            *[(office.slug, office.title) for office in offices],
        ]
        self.fields["month"].choices = month_choices(today)
        self.fields["interests"].queryset = SubAreaPage.objects.live().order_by("path")
        self.plan_pages = list(plan_pages)
        office_key = self._raw("office", SUGGEST)
        office = self.offices.get(office_key) or self.suggested_office
        self.chosen_office_key = office_key if office_key in self.offices else SUGGEST
        month = self._raw("month", "")
        if month not in dict(self.fields["month"].choices):
            month = (prefill_day or today).strftime("%Y-%m")
            if month not in dict(self.fields["month"].choices):
                month = today.strftime("%Y-%m")
        self.setup_days(office, month, self._group_size())

    def _raw(self, name, default):
        source = self.data if self.is_bound else self.initial
        value = source.get(name, default)
        return value if isinstance(value, str) else default

    def _group_size(self):
        try:
            return max(1, min(int(self._raw("group_size", "1")), 500))
        except ValueError:
            return 1

    def clean_website(self):
        if self.cleaned_data["website"]:
            raise forms.ValidationError(_("This request could not be sent."))
        return ""

    def clean_office(self):
        value = self.cleaned_data["office"]
        office = self.offices.get(value) or (self.suggested_office if value == SUGGEST else None)
        if office is None:
            raise forms.ValidationError(_("Choose an office."))
        return office

    def clean(self):
        cleaned = super().clean()
        office, size = cleaned.get("office"), cleaned.get("group_size")
        if office and size and size > office.largest_group:
            self.add_error(
                "group_size",
                _("%(office)s receives groups of at most %(limit)d people. Split the group or contact us.")
                % {"office": office.title, "limit": office.largest_group},
            )
        return cleaned

    def request_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "organisation": data["organisation"],
            "organisation_kind": data["organisation_kind"],
            "country": data["country"],
            "contact_name": data["contact_name"],
            "email": data["email"],
            "phone": data["phone"],
            "group_size": data["group_size"],
            "languages": data["languages"],
            "format": data["format"],
            "office": data["office"],
            "office_was_suggested": self.chosen_office_key == SUGGEST,
            "message": data["message"],
            "consent_public_name": data["consent_public_name"],
        }


class ChangeDaysForm(SlotChoiceMixin, forms.Form):
    month = forms.ChoiceField(label=gettext_lazy("Month"))
    slots = AnySlotField(
        label=gettext_lazy("Preferred days and times"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("Choose at least one day and time.")},
    )

    def __init__(self, *args, visit_request, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["month"].choices = month_choices(today)
        month = (self.data if self.is_bound else self.initial).get("month", "")
        if month not in dict(self.fields["month"].choices):
            first = visit_request.requested_slots.order_by("date").first()
            month = (first.date if first and first.date > today else today).strftime("%Y-%m")
            if month not in dict(self.fields["month"].choices):
                month = today.strftime("%Y-%m")
        self.setup_days(visit_request.office, month, visit_request.group_size, exclude_request=visit_request)
