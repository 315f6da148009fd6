"""A full slot → join its waiting list → a seat is freed → accept the offer, in Chromium."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from offices.models import OfficePage
from visits.models import VisitRequest, WaitingListEntry
from visits.tests.factories import create_visit_request, next_open_day

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_join_a_full_slots_waiting_list_and_accept_the_freed_seats(page, live_server, demo_catalogue):
    office = OfficePage.objects.get(slug="south")
    office.groups_per_slot = 1
    office.save()
    day = next_open_day(office)
    slot = office.visit_slots.first()
    first = create_visit_request(office, [(day, slot)], group_size=8, organisation="First delegation")

    page.goto(f"{live_server.url}/book/?office=south&date={day:%Y-%m-%d}")
    expect(page.get_by_text(f"{slot.label}: fully booked").first).to_be_visible()
    page.get_by_role(
        "link", name=re.compile(rf"^Join the waiting list\s*, {day:%A} {day.day} {day:%B}, {slot.label}")
    ).click()

    expect(page.get_by_role("heading", name="Join the waiting list")).to_be_visible()
    page.get_by_label(re.compile(r"^Organisation")).fill("Pune Municipal Corporation")
    page.get_by_label("Municipality or region").check()
    page.get_by_label(re.compile(r"^Country")).select_option("IN")
    page.get_by_label(re.compile(r"^Your name")).fill("Asha Rao")
    page.get_by_label(re.compile(r"^E-mail")).fill("asha.rao@example.org")
    page.get_by_label(re.compile(r"^Phone")).fill("+91 98765 43210")
    page.get_by_label(re.compile(r"^Number of people")).fill("6")
    page.get_by_label("English").check()
    page.get_by_label("I agree that Smart City Sweden stores").check()
    page.get_by_role("button", name="Join the waiting list").click()

    expect(page.get_by_text("Your delegation is number 1 on the list.")).to_be_visible()
    entry = WaitingListEntry.objects.get()
    assert entry.organisation == "Pune Municipal Corporation"

    # The first delegation withdraws on its own status page: its seats are free.
    other = page.context.new_page()
    other.goto(f"{live_server.url}/visit/{first.status_token}/")
    other.get_by_role("button", name="Withdraw the request…").click()
    other.get_by_role("button", name="Yes, withdraw the request").click()
    expect(other.get_by_text("Your request is withdrawn and its days are free again.")).to_be_visible()

    offer = next(
        message
        for message in mail.outbox
        if message.to == ["asha.rao@example.org"] and "Seats are free" in message.subject
    )
    path = re.search(r"https?://[^/\s]+(/waiting/\S+/)", offer.body).group(1)
    page.goto(live_server.url + path)
    expect(page.get_by_role("heading", name="Seats are held for you")).to_be_visible()
    page.get_by_role("button", name="Accept and send the visit request").click()

    visit_request = VisitRequest.objects.get(organisation="Pune Municipal Corporation")
    expect(page.get_by_role("heading", name=visit_request.reference)).to_be_visible()
    expect(page.locator(".status")).to_have_text("Submitted")
    expect(page.get_by_text(f"Your visit request {visit_request.reference} is sent.")).to_be_visible()

    other.goto(f"{live_server.url}/book/?office=south&date={day:%Y-%m-%d}")
    expect(other.locator(f'input[value="{day:%Y-%m-%d}|{slot.pk}"]')).to_have_count(
        0
    )  # the seats are the new request's


def test_the_new_public_pages_have_no_accessibility_violations(page, live_server, demo_catalogue):
    """The waiting list's pages, a public tour's day and a site host's answer page, under axe."""
    import datetime

    from axe_playwright_python.sync_playwright import Axe

    from catalogue.models import BestPracticePage, SiteHost
    from schedule import public_tours
    from schedule.models import PublicTour
    from visits import site_hosts, staff_services
    from visits.tests.test_waiting_list import add_entry

    office = OfficePage.objects.get(slug="south")
    office.groups_per_slot = 1
    office.save()
    day = next_open_day(office)
    slot = office.visit_slots.first()
    create_visit_request(office, [(day, slot)], group_size=8)
    entry = add_entry(office, day, slot)
    tour = PublicTour.objects.create(
        office=office, title="Open tour", weekday=3, start_time=datetime.time(14), starts_on=datetime.date(2026, 1, 1)
    )
    tour_day = public_tours.tour_days(tour, day + datetime.timedelta(days=2), day + datetime.timedelta(days=70))[0]
    site = BestPracticePage.objects.get(title="Heat pumps in Malmö")
    SiteHost.objects.create(practice=site, name="Karin Ek", email="karin@example.org")
    other_day = next_open_day(office, day)
    scheduled = create_visit_request(office, [(other_day, slot)], group_size=4)
    (visit,) = staff_services.schedule_request(
        scheduled, None, [{"office": office, "date": other_day, "slot": slot, "sites": [site]}]
    )
    link = site_hosts.signed_token(visit.host_invitations.get())

    for path in [
        f"/book/waiting-list/?office=south&slot={day:%Y-%m-%d}|{slot.pk}&group_size=5",
        f"/waiting/{entry.token}/",
        f"/public-tours/{tour.pk}/{tour_day.isoformat()}/",
        f"/host/{link}/",
    ]:
        page.goto(f"{live_server.url}{path}")
        results = Axe().run(page)
        assert results.violations_count == 0, (path, results.generate_report())
