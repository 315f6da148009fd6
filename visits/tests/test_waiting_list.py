"""Waiting lists: a full slot can be waited for; freed seats are offered in list order and
held; an offer is accepted through its link or passes to the next entry when it expires."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from offices.models import StaffRole
from visits import services, waiting_list
from visits.models import SlotHold, VisitRequest, WaitingListChange, WaitingListEntry
from visits.tests.factories import booking_form, create_bookable_office, create_visit_request, next_open_day
from visits.tests.personas import create_staff

pytestmark = pytest.mark.django_db
Entry = WaitingListEntry.Status
JOIN = "/book/waiting-list/"


@pytest.fixture
def full_slot(django_capture_on_commit_callbacks):
    """An office receiving one group per slot, with the first slot of the next open day taken."""
    office = create_bookable_office(groups_per_slot=1, persons_per_slot=20, largest_group=20, slug="lulea")
    day = next_open_day(office)
    slot = office.visit_slots.first()
    with django_capture_on_commit_callbacks(execute=True):
        holder = create_visit_request(office, [(day, slot)], group_size=10, organisation="First come")
    mail.outbox.clear()
    return office, day, slot, holder


def join_params(office, day, slot, group_size=5):
    return {"office": office.slug, "slot": f"{day:%Y-%m-%d}|{slot.pk}", "group_size": group_size}


def entry_form(office, day, slot, **overrides):
    fields = booking_form(office, day, slot)
    data = {name: fields[name] for name in ("organisation", "organisation_kind", "country", "contact_name", "phone")}
    return {
        **data,
        "email": "wait@example.org",
        "group_size": "5",
        "languages": ["en"],
        "consent_processing": "on",
        "office": office.slug,
        "slot": f"{day:%Y-%m-%d}|{slot.pk}",
        **overrides,
    }


def add_entry(office, day, slot, group_size=5, name="Waiting org"):
    fields = {
        "organisation": name,
        "organisation_kind": "municipality",
        "country": "IN",
        "contact_name": f"Contact of {name}",
        "email": f"{name.replace(' ', '.').lower()}@example.org",
        "phone": "+91 98765 43210",
        "group_size": group_size,
        "languages": ["en"],
        "message": "",
        "language": "en",
    }
    return waiting_list.join(office=office, day=day, slot=slot, fields=fields)


def test_a_full_slot_links_to_its_waiting_list_and_a_delegation_joins(
    client, full_slot, django_capture_on_commit_callbacks
):
    office, day, slot, _holder = full_slot
    picker = client.get("/book/days/", {"office": office.slug, "month": f"{day:%Y-%m}", "group_size": 5})
    link = f'href="{JOIN}?office=lulea&amp;slot={day:%Y-%m-%d}%7C{slot.pk}&amp;group_size=5"'
    assert link in picker.content.decode()

    page = client.get(JOIN, join_params(office, day, slot))
    assert page.status_code == 200
    assert "is fully booked for:" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(JOIN, entry_form(office, day, slot))
    entry = WaitingListEntry.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/waiting/{entry.token}/"
    assert (entry.status, entry.position, entry.group_size, entry.language) == (Entry.WAITING, 1, 5, "en")
    assert "number 1 on the list" in client.get(response["Location"]).content.decode()
    (sent,) = mail.outbox
    assert sent.to == ["wait@example.org"] and f"/waiting/{entry.token}/" in sent.body
    assert WaitingListChange.objects.filter(entry=entry, action="joined").exists()

    again = client.post(JOIN, entry_form(office, day, slot))
    assert again.status_code == 409
    assert "already on the waiting list for this slot" in again.content.decode()


def test_a_slot_with_room_is_booked_not_waited_for(client):
    office = create_bookable_office(slug="umea")
    day = next_open_day(office)
    slot = office.visit_slots.first()
    assert "book it directly" in client.get(JOIN, join_params(office, day, slot)).content.decode()
    response = client.post(JOIN, entry_form(office, day, slot))
    assert response.status_code == 409
    assert "book it directly" in response.content.decode()
    assert not WaitingListEntry.objects.exists()


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"office": "nowhere", "slot": "2030-01-01|1"},
        {"office": "lulea", "slot": "not-a-date|1"},
        {"office": "lulea", "slot": "2030-01-01|x"},
        {"office": "lulea", "slot": "2030-01-01|999999"},
        {"office": "lulea", "slot": "99999-01-01|1"},
    ],
)
def test_a_waiting_list_that_does_not_exist_is_not_found(client, full_slot, params):
    response = client.get(JOIN, params)
    assert response.status_code == 404
    assert client.post(JOIN, params).status_code == 404


def test_refused_methods_and_unknown_tokens(client, full_slot):
    office, day, slot, _holder = full_slot
    assert client.put(JOIN, join_params(office, day, slot)).status_code == 405
    assert client.get("/waiting/not-a-token/").status_code == 404
    assert client.post("/waiting/not-a-token/accept/").status_code == 404
    entry = add_entry(office, day, slot)
    assert client.get(f"/waiting/{entry.token}/accept/").status_code == 405
    assert client.get(f"/waiting/{entry.token}/leave/").status_code == 405


def test_freed_seats_go_to_the_first_entry_that_fits_and_are_held_for_it(full_slot, django_capture_on_commit_callbacks):
    office, day, slot, holder = full_slot
    too_big = add_entry(office, day, slot, group_size=20, name="Big group")
    small = add_entry(office, day, slot, group_size=5, name="Small group")
    # 15 people fit once the first request leaves: the big group does not (saved past the form's checks).
    type(office).objects.filter(pk=office.pk).update(persons_per_slot=15, largest_group=15)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw_request(holder)

    too_big.refresh_from_db()
    small.refresh_from_db()
    assert too_big.status == Entry.WAITING
    assert small.status == Entry.OFFERED
    # Held for 48 hours, but never past the last moment the day can still be asked for.
    assert small.offer_expires_at == min(small.offered_at + datetime.timedelta(hours=48), waiting_list.last_moment(day))
    assert small.offer_expires_at <= timezone.make_aware(datetime.datetime.combine(day, datetime.time()))
    assert SlotHold.objects.filter(offer=small, kind="group").count() == 1
    assert SlotHold.objects.filter(offer=small, kind="person").count() == 5
    offer_mail = next(message for message in mail.outbox if message.to == ["small.group@example.org"])
    assert f"/waiting/{small.token}/" in offer_mail.body
    # Held: nobody else can book the slot meanwhile.
    from visits.availability import check_choices

    assert check_choices(office, [(day, slot)], 2)


def test_accepting_an_offer_turns_the_entry_into_a_request_holding_the_same_seats(
    client, full_slot, django_capture_on_commit_callbacks
):
    office, day, slot, holder = full_slot
    entry = add_entry(office, day, slot, group_size=6)
    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw_request(holder)
    page = client.get(f"/waiting/{entry.token}/").content.decode()
    assert "Seats are held for you" in page and f'action="/waiting/{entry.token}/accept/"' in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/waiting/{entry.token}/accept/")

    entry.refresh_from_db()
    visit_request = entry.request
    assert entry.status == Entry.ACCEPTED
    assert response.status_code == 302 and response["Location"] == f"/visit/{visit_request.status_token}/"
    assert (visit_request.organisation, visit_request.group_size, visit_request.status) == (
        "Waiting org",
        6,
        VisitRequest.Status.SUBMITTED,
    )
    assert SlotHold.objects.filter(offer__isnull=False).count() == 0
    assert SlotHold.objects.filter(request=visit_request).count() == 7
    assert list(visit_request.requested_slots.values_list("date", "slot")) == [(day, slot.pk)]
    assert any(visit_request.reference in message.subject for message in mail.outbox)
    again = client.post(f"/waiting/{entry.token}/accept/", follow=True)
    assert "There is no offer to accept" in again.content.decode()


def test_an_offer_that_expires_passes_to_the_next_entry(client, full_slot, django_capture_on_commit_callbacks):
    office, day, slot, holder = full_slot
    first = add_entry(office, day, slot, name="First waiting")
    second = add_entry(office, day, slot, name="Second waiting")
    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw_request(holder)
    first.refresh_from_db()
    assert first.status == Entry.OFFERED

    later = first.offer_expires_at + datetime.timedelta(minutes=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert waiting_list.expire_offers(now=later) == 1

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Entry.EXPIRED
    assert second.status == Entry.OFFERED
    assert not SlotHold.objects.filter(offer=first).exists()
    assert SlotHold.objects.filter(offer=second, kind="group").count() == 1
    response = client.post(f"/waiting/{first.token}/accept/", follow=True)
    assert "There is no offer to accept" in response.content.decode()
    assert WaitingListChange.objects.filter(entry=first, action="expired").exists()


def test_accepting_too_late_is_refused_and_the_next_entry_gets_the_seats(
    full_slot, django_capture_on_commit_callbacks, monkeypatch
):
    office, day, slot, holder = full_slot
    first = add_entry(office, day, slot, name="First waiting")
    second = add_entry(office, day, slot, name="Second waiting")
    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw_request(holder)
    first.refresh_from_db()
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(waiting_list.WaitingListRefused, match="expired"),
    ):
        waiting_list.accept(first, now=first.offer_expires_at + datetime.timedelta(seconds=1))
    second.refresh_from_db()
    assert second.status == Entry.OFFERED


def test_leaving_with_an_offer_passes_it_on(client, full_slot, django_capture_on_commit_callbacks):
    office, day, slot, holder = full_slot
    first = add_entry(office, day, slot, name="First waiting")
    second = add_entry(office, day, slot, name="Second waiting")
    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw_request(holder)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/waiting/{first.token}/leave/", follow=True)
    assert "You have left the waiting list" in response.content.decode()
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (Entry.LEFT, Entry.OFFERED)


def staff_client(client, user):
    client.force_login(user)
    return client


def test_staff_see_their_offices_lists_reorder_and_remove(client, full_slot, django_capture_on_commit_callbacks):
    office, day, slot, _holder = full_slot
    other = create_bookable_office(slug="malmo")
    first = add_entry(office, day, slot, name="First waiting")
    second = add_entry(office, day, slot, name="Second waiting")
    elsewhere = add_entry(other, *_full(other, django_capture_on_commit_callbacks), name="Elsewhere")
    staff = create_staff("north_staff", StaffRole.Role.OFFICE_STAFF, office)
    client.force_login(staff)

    html = client.get("/admin/waiting-lists/").content.decode()
    assert html.index("First waiting") < html.index("Second waiting")
    assert "Elsewhere" not in html
    assert "first.waiting@example.org" in html  # office staff see the contact

    assert client.post(f"/admin/waiting-lists/{second.pk}/move/", {"direction": "up"}).status_code == 302
    html = client.get("/admin/waiting-lists/").content.decode()
    assert html.index("Second waiting") < html.index("First waiting")
    assert WaitingListChange.objects.filter(entry=second, action="moved", actor=staff).exists()

    assert client.post(f"/admin/waiting-lists/{elsewhere.pk}/move/", {"direction": "up"}).status_code == 404
    assert client.post(f"/admin/waiting-lists/{first.pk}/remove/").status_code == 302
    first.refresh_from_db()
    assert first.status == Entry.REMOVED
    assert WaitingListChange.objects.filter(entry=first, action="removed", actor=staff).exists()
    assert client.get(f"/admin/waiting-lists/{second.pk}/move/").status_code == 405


def _full(office, capture):
    """(day, slot) of `office` taken by two requests (it receives two groups per slot)."""
    day = next_open_day(office)
    slot = office.visit_slots.first()
    with capture(execute=True):
        for _n in range(office.groups_per_slot):
            create_visit_request(office, [(day, slot)], group_size=2)
    return day, slot


@pytest.mark.parametrize(
    ("role", "listing", "moving"),
    [(StaffRole.Role.MANAGER, 200, 403), (StaffRole.Role.EDITOR, 403, 403), (StaffRole.Role.COORDINATOR, 200, 302)],
)
def test_the_permission_grid_applies_to_waiting_lists(client, full_slot, role, listing, moving):
    office, day, slot, _holder = full_slot
    entry = add_entry(office, day, slot)
    client.force_login(create_staff("someone", role))
    html = client.get("/admin/waiting-lists/")
    assert html.status_code == listing
    if listing == 200:
        assert "Waiting org" in html.content.decode()
        assert ("waiting.org@example.org" in html.content.decode()) == (role == StaffRole.Role.COORDINATOR)
    assert client.post(f"/admin/waiting-lists/{entry.pk}/move/", {"direction": "down"}).status_code == moving


def test_a_stranger_is_sent_to_the_login_page(client, full_slot):
    response = client.get("/admin/waiting-lists/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


def test_the_entry_page_never_shows_up_in_search_engines(client, full_slot):
    office, day, slot, _holder = full_slot
    entry = add_entry(office, day, slot)
    response = client.get(f"/waiting/{entry.token}/")
    assert response["X-Robots-Tag"] == "noindex"
    assert re.search(r"no-cache|max-age=0", response.get("Cache-Control", ""))


@pytest.mark.django_db(transaction=True)
def test_an_offer_and_a_booking_racing_for_the_freed_seat_never_both_get_it():
    import threading

    from django.db import connections

    from visits.availability import SlotUnavailable

    office = create_bookable_office(groups_per_slot=1, persons_per_slot=20, largest_group=20, slug="lulea")
    day = next_open_day(office)
    slot = office.visit_slots.first()
    holder = create_visit_request(office, [(day, slot)], group_size=10)
    entry = add_entry(office, day, slot, group_size=5)
    start = threading.Barrier(2)
    outcomes = {}

    def free_the_seat():
        try:
            start.wait()
            services.withdraw_request(holder)  # the offer is made when this commits
            outcomes["release"] = "done"
        except Exception as error:
            outcomes["release"] = repr(error)
        finally:
            connections.close_all()

    def book():
        try:
            start.wait()
            for _attempt in range(50):  # keep trying until the seat is free or offered
                try:
                    create_visit_request(office, [(day, slot)], group_size=3, organisation="Quick delegation")
                    outcomes["booking"] = "booked"
                    return
                except SlotUnavailable:
                    continue
            outcomes["booking"] = "refused"
        except Exception as error:
            outcomes["booking"] = repr(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=free_the_seat), threading.Thread(target=book)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    entry.refresh_from_db()
    assert outcomes["release"] == "done" and outcomes["booking"] in ("booked", "refused"), outcomes
    assert SlotHold.objects.filter(kind="group").count() == 1  # never both
    booked = VisitRequest.objects.filter(organisation="Quick delegation").exists()
    assert booked == (outcomes["booking"] == "booked")
    assert (entry.status == Entry.OFFERED) != booked


def test_a_slot_taken_while_the_form_was_sent_is_counted_as_turned_away_and_offers_the_list(
    client, full_slot, monkeypatch
):
    """The form's check passed, then the ledger refused: demand turned away, and the day
    picker shown again offers the slot's waiting list."""
    from insights.models import TurnedAwayAttempt

    office, day, slot, _holder = full_slot
    monkeypatch.setattr("visits.forms.check_choices", lambda *args, **kwargs: [])
    response = client.post("/book/", booking_form(office, day, slot, group_size="5"))
    assert response.status_code == 409
    assert "this slot was just taken" in response.content.decode()
    assert f"{JOIN}?office=lulea&amp;slot={day:%Y-%m-%d}%7C{slot.pk}" in response.content.decode()
    assert list(TurnedAwayAttempt.objects.values_list("day", "reason")) == [(day, "full")]


def test_an_offer_on_a_day_closed_since_is_refused_clearly_and_passed_on(
    client, full_slot, django_capture_on_commit_callbacks
):
    from offices.models import Closure

    office, day, slot, holder = full_slot
    first = add_entry(office, day, slot, name="First waiting")
    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw_request(holder)
    Closure.objects.create(office=office, start_date=day, end_date=day, public_note="Moving day")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/waiting/{first.token}/accept/", follow=True)
    assert response.status_code == 200
    assert "These seats can no longer be booked: Moving day" in response.content.decode()
    first.refresh_from_db()
    assert first.status == Entry.EXPIRED and not SlotHold.objects.filter(offer=first).exists()
    assert not VisitRequest.objects.filter(organisation="First waiting").exists()


def test_moving_renumbers_a_list_whose_entries_share_a_position(full_slot):
    office, day, slot, _holder = full_slot
    entries = [add_entry(office, day, slot, name=f"Group {n}") for n in range(3)]
    WaitingListEntry.objects.update(position=1)  # two joined at the same moment, and a third
    staff = create_staff("north_staff", StaffRole.Role.OFFICE_STAFF, office)
    assert waiting_list.move(entries[2], up=True, actor=staff)
    order = list(WaitingListEntry.objects.order_by("position").values_list("organisation", "position"))
    assert order == [("Group 0", 1), ("Group 2", 2), ("Group 1", 3)]


def test_the_sweep_offers_seats_freed_without_a_release(full_slot, django_capture_on_commit_callbacks):
    """More capacity (or a lifted closure) frees seats without a release: the cron's sweep offers them."""
    office, day, slot, _holder = full_slot
    entry = add_entry(office, day, slot)
    type(office).objects.filter(pk=office.pk).update(groups_per_slot=2)
    with django_capture_on_commit_callbacks(execute=True):
        assert waiting_list.offer_everywhere() == 1
    entry.refresh_from_db()
    assert entry.status == Entry.OFFERED


def test_contact_data_goes_with_the_request_and_after_the_day(full_slot, django_capture_on_commit_callbacks):
    import io

    from django.core.management import call_command

    from schedule.models import PublicTour, TourSignup
    from visits import staff_services

    office, day, slot, holder = full_slot
    accepted = add_entry(office, day, slot, name="Accepted group")
    left = add_entry(office, day, slot, name="Left group")
    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw_request(holder)
    visit_request = waiting_list.accept(accepted)
    waiting_list.leave(left)
    staff_services.erase_personal_data(VisitRequest.objects.get(pk=visit_request.pk))
    accepted.refresh_from_db()
    assert (accepted.contact_name, accepted.email) == ("(erased)", "")

    tour = PublicTour.objects.create(
        office=office, title="Open tour", weekday=day.weekday(), week=0, start_time=datetime.time(14), starts_on=day
    )
    TourSignup.objects.create(tour=tour, date=day, name="Erik", email="erik@example.org")
    later = day + datetime.timedelta(days=31)
    with mock_today(later):
        call_command("anonymise_expired_requests", stdout=io.StringIO())
    left.refresh_from_db()
    assert (left.contact_name, left.email, left.group_size) == ("(erased)", "", 5)
    assert list(TourSignup.objects.values_list("name", "email")) == [("(erased)", "")]


def mock_today(day):
    from unittest import mock

    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
    return mock.patch("django.utils.timezone.now", return_value=moment)
