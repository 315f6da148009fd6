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
from core.dates import add_months, month_bounds
from core.forms import HoneypotField
from core.i18n import in_default_language, with_localized_title
from core.languages import VISIT_LANGUAGES
from core.widgets import StaticChoicesSelect
from insights.turned_away import record_refused_choices
from offices.models import OfficePage
from visits.availability import check_choices, first_bookable_day, office_availability
from visits.models import VisitRequest

SUGGEST = "suggest"
MONTHS_AHEAD = 12
# A request names a few preferred days; more is a mistake or abuse, not a preference.
MAX_CHOICES = 10


def month_choices(today):
    first = today.replace(day=1)
    months = [add_months(first, offset) for offset in range(MONTHS_AHEAD)]
    return [(month.strftime("%Y-%m"), date_format(month, "F Y")) for month in months]


def bookable_days_of_month(value: str, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """First and last day of a 'YYYY-MM' month that a visitor can still ask for."""
    first, last = month_bounds(datetime.date.fromisoformat(value + "-01"))
    return max(first, first_bookable_day(today)), last


def slot_value(day, slot) -> str:
    return f"{day:%Y-%m-%d}|{slot.pk}"


def parse_slot_value(value: str, slots_by_id: dict):
    """(day, slot) from a 'YYYY-MM-DD|slot id' value, or None when it names no slot of the office."""
    day_text, _sep, slot_id = value.partition("|")
    try:
        return datetime.date.fromisoformat(day_text), slots_by_id[int(slot_id)]
    except (ValueError, KeyError, OverflowError):
        return None


class LocalizedPageMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Choices of default-language pages, labelled in the active language."""

    def label_from_instance(self, obj):
        return getattr(obj, "localized_title", None) or obj.title


class SlotChoiceMixin:
    """Offers the bookable (day, slot)s of one office and month for a group size."""

    refused_choices = ()

    def setup_days(self, office, month, group_size, exclude_request=None):
        self.picker_office, self.picker_month = office, month
        self.picker_group_size, self.picker_exclude = group_size, exclude_request
        self.days = []
        if office is not None:
            start, end = bookable_days_of_month(month, timezone.localdate())
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

    @property
    def picker_other_choices(self):
        """Ticked (day, slot)s outside the month shown, kept so that changing month loses nothing."""
        if self.picker_office is None:
            return []
        shown = {slot_value(day.date, state.slot) for day in self.days for state in day.slots}
        hidden = self.selected_slots - shown
        if not hidden:
            return []
        slots_by_id = {slot.pk: slot for slot in self.picker_office.visit_slots.all()}
        others = []
        for value in sorted(hidden, key=str):
            choice = parse_slot_value(value, slots_by_id) if isinstance(value, str) else None
            if choice is not None:
                others.append({"value": value, "day": choice[0], "slot": choice[1]})
        return others

    def clean_slots(self):
        """Each chosen (day, slot), or the reasons they cannot be had (judged by the ledger afresh)."""
        office = self.picker_office
        if office is None:
            return []
        slots_by_id = {slot.pk: slot for slot in office.visit_slots.all()}
        choices = set()
        for value in self.cleaned_data["slots"]:
            choice = parse_slot_value(value, slots_by_id)
            if choice is None:
                raise forms.ValidationError(_("Choose days from the list."))
            choices.add(choice)
        if len(choices) > MAX_CHOICES:
            raise forms.ValidationError(
                _("Choose at most %(n)d days and times; the office confirms one.") % {"n": MAX_CHOICES}
            )
        problems = check_choices(office, list(choices), self.chosen_group_size(), exclude_request=self.picker_exclude)
        if problems:
            self.refused_choices = choices
            raise forms.ValidationError(problems)
        return sorted(choices, key=lambda choice: (choice[0], choice[1].start_time))

    def chosen_group_size(self):
        return self.picker_group_size


class AnySlotField(forms.MultipleChoiceField):
    """Accepts any submitted value; clean_slots judges each against fresh availability."""

    def valid_value(self, value):
        return True


def country_choices(blank_label="—"):
    """Every country, named and sorted in the active language, after `blank_label`. Passed
    as a callable, so that it runs for each form: a list made at import would keep the
    language active then (the Swedish and Chinese forms listed English names)."""
    return [("", blank_label), *countries]


class RequesterForm(forms.Form):
    """Who is coming and how to reach them: the part every kind of request asks."""

    organisation = forms.CharField(
        label=gettext_lazy("Organisation"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    organisation_kind = forms.ChoiceField(
        label=gettext_lazy("Kind of organisation"),
        choices=VisitRequest.OrganisationKind.choices,
        widget=forms.RadioSelect,
    )
    country = LazyTypedChoiceField(
        label=gettext_lazy("Country"),
        choices=country_choices,
        widget=StaticChoicesSelect(attrs={"autocomplete": "country"}),
    )
    contact_name = forms.CharField(
        label=gettext_lazy("Your name"), max_length=120, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.EmailField(label=gettext_lazy("E-mail"), widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    phone = PhoneNumberField(
        label=gettext_lazy("Phone"),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
        help_text=gettext_lazy("International format, starting with + and the country code, e.g. +46 8 123 456 78."),
    )
    languages = forms.MultipleChoiceField(
        label=gettext_lazy("Languages the group understands"),
        choices=VISIT_LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
    )
    interests = LocalizedPageMultipleChoiceField(
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
    website = HoneypotField(refusal=gettext_lazy("This request could not be sent."))

    def requester_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "organisation": data["organisation"],
            "organisation_kind": data["organisation_kind"],
            "country": data["country"],
            "contact_name": data["contact_name"],
            "email": data["email"],
            "phone": data["phone"],
            "languages": data["languages"],
            "message": data["message"],
            "consent_public_name": data["consent_public_name"],
        }

    def setup_interests(self):
        interests = in_default_language(SubAreaPage.objects.live()).order_by("path")
        self.fields["interests"].queryset = with_localized_title(interests)


class BookingForm(SlotChoiceMixin, RequesterForm):
    group_size = forms.IntegerField(label=gettext_lazy("Number of people"), min_value=1, max_value=500)
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

    field_order = [
        "organisation",
        "organisation_kind",
        "country",
        "contact_name",
        "email",
        "phone",
        "group_size",
        "languages",
        "format",
        "office",
        "month",
        "slots",
        "interests",
        "message",
        "consent_processing",
        "consent_public_name",
        "website",
    ]

    def __init__(self, *args, plan_pages=(), suggested=(None, ""), prefill_day=None, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        offices = in_default_language(OfficePage.objects.live()).order_by("kind", "title")
        offices = list(with_localized_title(offices).prefetch_related("visit_slots"))
        self.offices = {office.slug: office for office in offices}
        self.suggested_office, self.suggestion_reason = suggested
        self.fields["office"].choices = [
            (SUGGEST, _("Suggest one for me")),
            *[(office.slug, getattr(office, "localized_title", None) or office.title) for office in offices],
        ]
        self.fields["month"].choices = month_choices(today)
        self.setup_interests()
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
        if self.refused_choices and "website" not in self.errors:  # demand turned away, not bots
            record_refused_choices(self.picker_office, self.refused_choices, self.chosen_group_size())
        return cleaned

    def request_fields(self) -> dict:
        data = self.cleaned_data
        return {
            **self.requester_fields(),
            "group_size": data["group_size"],
            "format": data["format"],
            "office": data["office"],
            "office_was_suggested": self.chosen_office_key == SUGGEST,
            "routing_reason": self.suggestion_reason if self.chosen_office_key == SUGGEST else "",
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
        requested = list(visit_request.requested_slots.select_related("slot"))
        if not self.is_bound and "slots" not in self.initial:
            # The form opens on the days the request holds now, ticked.
            self.initial["slots"] = [slot_value(row.date, row.slot) for row in requested]
        month = (self.data if self.is_bound else self.initial).get("month", "")
        if month not in dict(self.fields["month"].choices):
            upcoming = [row.date for row in requested if row.date >= first_bookable_day(today)]
            month = (min(upcoming) if upcoming else today).strftime("%Y-%m")
            if month not in dict(self.fields["month"].choices):
                month = today.strftime("%Y-%m")
        self.initial["month"] = month
        self.setup_days(visit_request.office, month, visit_request.group_size, exclude_request=visit_request)
