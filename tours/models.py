"""Study tours: the travel-time table, the planner's inputs on a visit plan, and the
itinerary a submitted tour keeps on its request.

Seats are never written here: a tour asks `visits.availability` what is free and submits
through `visits.services`.
"""

import datetime

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.validators import LATITUDE_VALIDATORS, LONGITUDE_VALIDATORS


class TravelPlace(models.Model):
    """A city or an airport that the travel-time table knows."""

    class Kind(models.TextChoices):
        CITY = "city", _("City")
        AIRPORT = "airport", _("Airport")

    code = models.CharField(
        _("code"), max_length=20, unique=True, help_text=_("The IATA code for an airport, a short name for a city.")
    )
    name = models.CharField(_("name"), max_length=80)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.CITY)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, validators=LATITUDE_VALIDATORS)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, validators=LONGITUDE_VALIDATORS)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("travel place")
        verbose_name_plural = _("travel places")

    def __str__(self):
        return self.name


class TravelTime(models.Model):
    """Rail and road time between two places, in either direction."""

    origin = models.ForeignKey(TravelPlace, verbose_name=_("from"), on_delete=models.CASCADE, related_name="+")
    destination = models.ForeignKey(TravelPlace, verbose_name=_("to"), on_delete=models.CASCADE, related_name="+")
    rail_minutes = models.PositiveSmallIntegerField(
        _("by train (minutes)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(48 * 60)],
        help_text=_("The fastest usual journey, changes included. Empty when no train goes there."),
    )
    road_minutes = models.PositiveSmallIntegerField(
        _("by road (minutes)"), validators=[MinValueValidator(1), MaxValueValidator(48 * 60)]
    )
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        ordering = ["origin__name", "destination__name"]
        verbose_name = _("travel time")
        verbose_name_plural = _("travel times")
        constraints = [
            models.UniqueConstraint(fields=["origin", "destination"], name="travel_time_once"),
            models.CheckConstraint(condition=~models.Q(origin=models.F("destination")), name="travel_time_two_places"),
        ]

    def __str__(self):
        return f"{self.origin} – {self.destination}"


class TravelMode(models.TextChoices):
    RAIL = "rail", _("By train where possible")
    ROAD = "road", _("By road (coach or car)")


class TourSettings(models.Model):
    """What the visitor told the planner: when and where the delegation arrives and leaves."""

    plan = models.OneToOneField("visits.VisitPlan", on_delete=models.CASCADE, related_name="tour")
    arrival_date = models.DateField(_("arrival day"))
    arrival_time = models.TimeField(_("arrives at"), default=datetime.time(9, 0))
    arrival_place = models.ForeignKey(
        TravelPlace, verbose_name=_("arriving at"), on_delete=models.PROTECT, related_name="+"
    )
    departure_date = models.DateField(_("departure day"))
    departure_time = models.TimeField(_("leaves at"), default=datetime.time(18, 0))
    departure_place = models.ForeignKey(
        TravelPlace, verbose_name=_("leaving from"), on_delete=models.PROTECT, related_name="+"
    )
    group_size = models.PositiveSmallIntegerField(
        _("group size"), validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    format = models.CharField(_("format"), max_length=10, default="on_site")
    travel_mode = models.CharField(_("travel"), max_length=4, choices=TravelMode.choices, default=TravelMode.RAIL)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("study tour settings")

    def __str__(self):
        return f"{self.plan_id}: {self.arrival_date}–{self.departure_date}"


class TourPin(models.Model):
    """A stop the visitor moved to a day (slot empty) or locked where it is (day and slot)."""

    plan = models.ForeignKey("visits.VisitPlan", on_delete=models.CASCADE, related_name="tour_pins")
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    date = models.DateField()
    slot = models.ForeignKey("offices.VisitSlot", null=True, blank=True, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["plan", "page"], name="tour_pin_once")]

    def __str__(self):
        return f"{self.plan_id}: {self.page_id} on {self.date}"


class ItineraryStop(models.Model):
    """One stop of a submitted study tour, kept on its request for staff and the requester."""

    office_scope_paths = ("office", "request__office")

    request = models.ForeignKey("visits.VisitRequest", on_delete=models.CASCADE, related_name="itinerary_stops")
    page = models.ForeignKey(
        "catalogue.BestPracticePage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Kept as written at submission, so the itinerary still reads well if the page goes.
    title = models.CharField(_("best practice"), max_length=255)
    place = models.CharField(_("place"), max_length=80)
    latitude = models.DecimalField(max_digits=9, decimal_places=6)
    longitude = models.DecimalField(max_digits=9, decimal_places=6)
    office = models.ForeignKey(
        "offices.OfficePage", verbose_name=_("office"), on_delete=models.PROTECT, related_name="+"
    )
    date = models.DateField(_("date"))
    slot = models.ForeignKey("offices.VisitSlot", verbose_name=_("slot"), on_delete=models.PROTECT, related_name="+")
    start_time = models.TimeField(_("starts"))
    end_time = models.TimeField(_("ends"))
    travel_minutes = models.PositiveSmallIntegerField(_("travel before (minutes)"), default=0)
    travel_mode = models.CharField(max_length=10, blank=True)
    travel_from = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["date", "start_time", "pk"]
        verbose_name = _("itinerary stop")
        verbose_name_plural = _("itinerary stops")

    def __str__(self):
        return f"{self.request_id}: {self.title} {self.date}"


from tours.pages import StudyTourIndexPage, StudyTourPage, StudyTourStop  # noqa: E402,F401
