"""The ledger beyond the office's rooms: seats at best-practice sites (SiteHold).

A scheduled visit that includes best-practice sites takes seats at each of them too, after
all its office seats and in the order (site, date, hour): whichever office schedules a visit
there, a site never receives more groups at once than it takes, nor more people than its
largest group. Seats are taken with `visits.seats.take_seats`, as everywhere.
"""

import datetime

from django.utils.translation import gettext as _

from offices.models import WEEKDAYS
from visits.availability import SlotUnavailable
from visits.models import SiteHold
from visits.seats import take_seats


class SiteUnavailable(SlotUnavailable):
    """A site of a visit cannot receive it: closed that day or hour, or its quota is reached."""


def site_hours(slot) -> range:
    """The clock hours a visit in `slot` spends at a site: every hour the slot touches."""
    end = slot.end_time.hour + (1 if (slot.end_time.minute or slot.end_time.second) else 0)
    return range(slot.start_time.hour, max(end, slot.start_time.hour + 1))


def site_refusal(site, day: datetime.date, slot, persons: int) -> str | None:
    """Why `site` cannot receive a group of `persons` in `slot` on `day` whatever the seats, or None."""
    if site.visiting_weekdays and day.weekday() not in site.visiting_weekdays:
        return _("%(site)s does not receive visitors on %(weekday)s") % {
            "site": site.title,
            "weekday": dict(WEEKDAYS)[day.weekday()],
        }
    if (
        site.visiting_from
        and site.visiting_until
        and not (site.visiting_from <= slot.start_time and slot.end_time <= site.visiting_until)
    ):
        return _("%(site)s receives visitors between %(start)s and %(end)s") % {
            "site": site.title,
            "start": f"{site.visiting_from:%H:%M}",
            "end": f"{site.visiting_until:%H:%M}",
        }
    if site.largest_group and persons > site.largest_group:
        return _("%(site)s receives groups of at most %(n)d people") % {"site": site.title, "n": site.largest_group}
    return None


def hold_site_seats(request, visits) -> None:
    """Each of `visits` takes its seats at each of its sites, or SiteUnavailable is raised.

    Runs in the caller's transaction after the visits took their office seats; on any
    refusal the caller rolls back and nothing is scheduled.
    """
    if request.format == request.Format.DIGITAL:
        return  # a digital visit is shown from the site, not received there: no seats taken
    wanted = []
    for visit in visits:
        for site in visit.sites.all():
            refusal = site_refusal(site, visit.date, visit.slot, visit.participants)
            if refusal:
                raise SiteUnavailable(visit.date, visit.slot, refusal)
            wanted.extend((site.pk, visit.date, hour, visit.pk, site, visit) for hour in site_hours(visit.slot))
    for _pk, day, hour, _visit_pk, site, visit in sorted(wanted, key=lambda entry: entry[:4]):
        seats = {SiteHold.Kind.GROUP: (1, site.groups_at_once)}
        if site.largest_group:
            seats[SiteHold.Kind.PERSON] = (visit.participants, site.largest_group)
        take_seats(
            SiteHold,
            {"site": site, "date": day, "hour": hour},
            {"request": request, "visit": visit},
            seats,
            lambda site=site, day=day, hour=hour, visit=visit: SiteUnavailable(
                day,
                visit.slot,
                _("%(site)s is fully booked from %(hour)02d:00 by another visit") % {"site": site.title, "hour": hour},
            ),
        )
