"""Open public tours: on which days a tour runs, how many places are left, signing up and
cancelling. Places go through the seat ledger (`hold_place`, with visits.seats.take_seats)."""

import datetime

from dateutil import rrule
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from core.page_cache import remember
from offices.models import Closure
from schedule import tasks
from schedule.models import PublicTour, TourPlace, TourSignup
from visits import availability
from visits.seats import take_seats
from visits.tasks import enqueue_with_commit

# Sign-ups close this long before a tour starts.
SIGNUP_CLOSES_BEFORE = datetime.timedelta(hours=1)


class SignupRefused(Exception):
    pass


class TourFull(Exception):
    """No place left on that day of the tour."""


def hold_place(signup) -> None:
    """One place on the signup's day of its tour, through the seat ledger, or TourFull."""
    take_seats(
        TourPlace,
        {"tour": signup.tour, "date": signup.date},
        {"signup": signup},
        {"person": (1, signup.tour.places)},
        TourFull,
    )


def tour_days(tour, start: datetime.date, end: datetime.date, closures=None) -> list[datetime.date]:
    """The days from `start` to `end` that `tour` runs: its recurrence (dateutil's rrule),
    inside its first and last day, without public holidays or closures of its office."""
    first = max(start, tour.starts_on)
    last = min(end, tour.ends_on) if tour.ends_on else end
    if first > last:
        return []
    weekday = rrule.weekdays[tour.weekday]
    if tour.week == PublicTour.Week.EVERY:
        rule = rrule.rrule(rrule.WEEKLY, byweekday=weekday, dtstart=first, until=last)
    else:
        rule = rrule.rrule(rrule.MONTHLY, byweekday=weekday(tour.week), dtstart=first, until=last)
    if closures is None:
        closures = availability.closures_between(tour.office, first, last)
    return [
        day.date()
        for day in rule
        if not availability.holiday_name(day.date())
        and not any(closure.start_date <= day.date() <= closure.end_date for closure in closures)
    ]


def published_tours() -> list:
    """Every published tour, without its office page: a handful, kept with the shared parts
    (a tour is content: a change to one retires them)."""
    # Unordered: callers sort; the model's order would join the office page for its title.
    return remember("published-public-tours", lambda: list(PublicTour.objects.filter(is_published=True).order_by()))


def occurrences(start: datetime.date, end: datetime.date, office=None, closures=None) -> list[tuple]:
    """[(tour, day, places left)] of every published tour from `start` to `end`, in at most two
    queries (the places taken, and the closures unless given those of these days, for `office`
    or all offices). The calendar names each tour's office from the kept offices."""
    tours = [
        tour
        for tour in published_tours()
        if tour.starts_on <= end
        and (tour.ends_on is None or tour.ends_on >= start)
        and (office is None or tour.office_id == office.pk)
    ]
    if not tours:
        return []
    if closures is None:
        closures = list(Closure.objects.filter(start_date__lte=end, end_date__gte=start))
    taken = {(tour_id, day): n for tour_id, day, n in _taken_rows(tours, start, end)}
    found = []
    for tour in tours:
        own = [c for c in closures if c.office_id in (None, tour.office_id)]
        for day in tour_days(tour, start, end, own):
            found.append((tour, day, max(tour.places - taken.get((tour.pk, day), 0), 0)))
    return sorted(found, key=lambda item: (item[1], item[0].start_time, item[0].pk))


def _taken_rows(tours, start, end):
    return (
        TourPlace.objects.filter(tour__in=tours, date__range=(start, end))
        .values("tour_id", "date")
        .annotate(n=Count("pk"))
        .values_list("tour_id", "date", "n")
        .order_by()
    )


def places_left(tour, day: datetime.date) -> int:
    return max(tour.places - TourPlace.objects.filter(tour=tour, date=day).count(), 0)


def starts_at(tour, day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, tour.start_time))


def refusal(tour, day: datetime.date, now=None) -> str | None:
    """Why nobody can sign up for `tour` on `day` (whatever the places), or None."""
    now = now or timezone.now()
    if not tour.is_published or day not in tour_days(tour, day, day):
        return _("This tour does not run that day.")
    if starts_at(tour, day) - SIGNUP_CLOSES_BEFORE < now:
        return _("Sign-up for this tour has closed.")
    if day > timezone.localdate(now) + datetime.timedelta(days=availability.HORIZON_DAYS):
        return _("Sign-up for this day has not opened yet.")
    return None


@transaction.atomic
def sign_up(tour, day: datetime.date, *, name: str, email: str, language: str) -> TourSignup:
    """One place for one person, or SignupRefused (no such day, closed, full, already signed up)."""
    reason = refusal(tour, day)
    if reason:
        raise SignupRefused(reason)
    signups = TourSignup.objects.filter(tour=tour, date=day, cancelled_at__isnull=True)
    if signups.filter(email__iexact=email).exists():
        raise SignupRefused(_("This e-mail address is already signed up for this tour."))
    signup = TourSignup.objects.create(tour=tour, date=day, name=name, email=email, language=language)
    try:
        hold_place(signup)
    except TourFull:
        raise SignupRefused(_("This tour is full. Choose another day.")) from None
    enqueue_with_commit(tasks.send_tour_signup, signup.pk)
    return signup


@transaction.atomic
def cancel(signup) -> None:
    """The person cannot come: their place is free again."""
    signup = TourSignup.objects.select_for_update().get(pk=signup.pk)
    if signup.cancelled_at:
        raise SignupRefused(_("This sign-up is already cancelled."))
    signup.cancelled_at = timezone.now()
    signup.save(update_fields=["cancelled_at"])
    TourPlace.objects.filter(signup=signup).delete()


def forget_past_signups(before: datetime.date) -> int:
    """Erase the names and addresses of sign-ups for tours before `before`; the places stay
    counted. Returns how many."""
    return TourSignup.objects.filter(date__lt=before).exclude(email="").update(name=_("(erased)"), email="")
