"""The e-mail of a public tour sign-up, with the tour in an iCalendar file."""

import datetime

import icalendar
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.mail import absolute_url, send_templated_mail


def tour_ics(signup) -> bytes:
    tour = signup.tour
    start = timezone.make_aware(datetime.datetime.combine(signup.date, tour.start_time))
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Smart City Sweden//Showcase//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = icalendar.Event()
    event.add("uid", signup.ical_uid)
    event.add("dtstamp", signup.created_at)
    event.add("dtstart", start)
    event.add("dtend", start + datetime.timedelta(minutes=tour.duration_minutes))
    event.add("summary", tour.title)
    event.add("organizer", f"mailto:{tour.office.request_email}", parameters={"CN": tour.office.title})
    event.add("location", f"{tour.office.street_address}, {tour.office.postal_code} {tour.office.city}")
    event.add("description", tour.description)
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def send_tour_signup(signup):
    tour = signup.tour
    with translation.override(signup.language):
        send_templated_mail(
            "schedule/emails/tour_signup",
            {
                "signup": signup,
                "tour": tour,
                "office": tour.office,
                "signup_url": absolute_url(reverse("schedule:tour_signup", args=[signup.token])),
            },
            subject=_("You are signed up: %(tour)s") % {"tour": tour.title},
            to=[signup.email],
            reply_to=[tour.office.request_email],
            attachments=[("tour.ics", tour_ics(signup), "text/calendar")],
        )
