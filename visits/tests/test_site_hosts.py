"""Site hosts: an e-mail with a signed link when a visit to their site is scheduled; an answer
once, without an account; the request page shows it; reminders for those who do not answer."""

import datetime
import re

import pytest
from django.core import mail, signing
from django.utils import timezone

from catalogue.models import SiteHost
from catalogue.tests.factories import create_best_practice
from offices.models import StaffRole
from visits import site_hosts, staff_services
from visits.models import HostInvitation, StatusChange
from visits.tests.factories import create_bookable_office, create_visit_request, next_open_day
from visits.tests.personas import create_staff

pytestmark = pytest.mark.django_db
Answer = HostInvitation.Answer
LINK = re.compile(r"https?://[^/\s]+(/host/[^/\s]+/)")


@pytest.fixture
def scheduled(django_capture_on_commit_callbacks):
    office = create_bookable_office(slug="lulea")
    site = create_best_practice(title="Luleå steelworks")
    SiteHost.objects.create(practice=site, name="Karin Ek", email="karin@steel.example", language="sv")
    quiet = create_best_practice(title="Site without a host")
    day = next_open_day(office)
    slot = office.visit_slots.first()
    visit_request = create_visit_request(office, [(day, slot)], group_size=6, organisation="City of Pune")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        (visit,) = staff_services.schedule_request(
            visit_request, None, [{"office": office, "date": day, "slot": slot, "sites": [site, quiet]}]
        )
    return visit, site


def host_mail():
    return next(message for message in mail.outbox if message.to == ["karin@steel.example"])


def test_scheduling_a_visit_invites_the_sites_host_in_their_language(scheduled):
    visit, site = scheduled
    (invitation,) = HostInvitation.objects.all()
    assert (invitation.site, invitation.host_email, invitation.answer) == (site, "karin@steel.example", Answer.PENDING)
    message = host_mail()
    assert "Luleå steelworks" in message.subject
    assert "can you receive the delegation" not in message.subject  # Karin reads Swedish
    assert "City of Pune" in message.body and "6" in message.body
    assert LINK.search(message.body)
    assert visit.request.contact_name not in message.body and visit.request.email not in message.body


def test_the_host_answers_once_through_the_link(client, scheduled, django_capture_on_commit_callbacks):
    visit, _site = scheduled
    path = LINK.search(host_mail().body).group(1)
    page = client.get(path)
    assert page.status_code == 200 and page["X-Robots-Tag"] == "noindex"
    assert "City of Pune" in page.content.decode()

    missing = client.post(path, {"answer": "proposed"})
    assert missing.status_code == 400 and "Say which time would suit you." in missing.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(path, {"answer": "proposed", "proposed_time": "Tuesday 13:00", "message": "Busy day."})
    assert response.status_code == 302
    invitation = HostInvitation.objects.get()
    assert (invitation.answer, invitation.proposed_time, invitation.message) == (
        Answer.PROPOSED,
        "Tuesday 13:00",
        "Busy day.",
    )
    log = StatusChange.objects.filter(request=visit.request, action="host_answer").get()
    assert "Karin Ek" in log.reason and "Tuesday 13:00" in log.reason and log.actor_label == "site host"
    assert any(
        message.to == [visit.office.request_email] and "Tuesday 13:00" in message.body for message in mail.outbox
    )

    again = client.post(path, {"answer": "confirmed"})
    assert again.status_code == 409
    invitation.refresh_from_db()
    assert invitation.answer == Answer.PROPOSED  # the link worked once
    assert "You have already answered" in client.get(path).content.decode()


@pytest.mark.parametrize(
    "make_link",
    [
        lambda token: "not-a-link",
        lambda token: signing.dumps(token, salt="another-salt"),
        lambda token: signing.dumps("a-guessed-token", salt=site_hosts.SALT),
        lambda token: signing.dumps(token, salt=site_hosts.SALT)[:-2] + "xx",
    ],
)
def test_a_link_that_was_not_sent_is_refused(client, scheduled, make_link):
    token = HostInvitation.objects.get().token
    response = client.get(f"/host/{make_link(token)}/")
    assert response.status_code == 404
    assert client.post(f"/host/{make_link(token)}/", {"answer": "confirmed"}).status_code == 404
    assert HostInvitation.objects.get().answer == Answer.PENDING


def test_an_expired_link_is_refused(client, scheduled, monkeypatch):
    path = LINK.search(host_mail().body).group(1)
    monkeypatch.setattr(site_hosts, "LINK_MAX_AGE", datetime.timedelta(seconds=-1))
    response = client.get(path)
    assert response.status_code == 404 and "This link has expired." in response.content.decode()


def test_a_cancelled_visit_needs_no_answer(client, scheduled):
    visit, _site = scheduled
    path = LINK.search(host_mail().body).group(1)
    staff_services.cancel_by_staff(visit.request, None, "The delegation cancelled.")
    assert "no longer scheduled" in client.get(path).content.decode()
    assert client.post(path, {"answer": "confirmed"}).status_code == 409


@pytest.mark.parametrize(
    ("answer", "told"), [(Answer.PENDING, True), (Answer.CONFIRMED, True), (Answer.DECLINED, False)]
)
def test_a_host_is_told_when_the_visit_is_cancelled_unless_they_declined(
    scheduled, django_capture_on_commit_callbacks, answer, told
):
    visit, _site = scheduled
    HostInvitation.objects.update(answer=answer)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        staff_services.cancel_by_staff(visit.request, None, "The delegation cancelled.")
    to_host = [message for message in mail.outbox if message.to == ["karin@steel.example"]]
    assert len(to_host) == (1 if told else 0)
    if told:
        (message,) = to_host
        assert "Luleå steelworks" in message.subject and "Cancelled" not in message.subject  # in Swedish
        assert "inställt" in message.body.lower() or "inställd" in message.body.lower()
        assert visit.request.contact_name not in message.body and visit.request.email not in message.body
        assert not LINK.search(message.body)  # nothing to answer any more


def test_hosts_who_do_not_answer_are_reminded_twice_at_most(scheduled, django_capture_on_commit_callbacks):
    visit, _site = scheduled
    type(visit).objects.filter(pk=visit.pk).update(date=timezone.localdate() + datetime.timedelta(days=20))
    invitation = HostInvitation.objects.get()
    mail.outbox.clear()
    assert site_hosts.remind_hosts() == 0  # too early
    later = timezone.now() + datetime.timedelta(days=2, minutes=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert site_hosts.remind_hosts(now=later) == 1
        assert site_hosts.remind_hosts(now=later) == 0  # not twice the same day
        assert site_hosts.remind_hosts(now=later + datetime.timedelta(days=2, minutes=1)) == 1
        assert site_hosts.remind_hosts(now=later + datetime.timedelta(days=5)) == 0  # two is enough
    reminders = [message for message in mail.outbox if message.to == ["karin@steel.example"]]
    assert len(reminders) == 2 and all(LINK.search(message.body) for message in reminders)
    invitation.refresh_from_db()
    assert invitation.reminders_sent == 2
    type(visit).objects.filter(pk=visit.pk).update(date=timezone.localdate() - datetime.timedelta(days=1))
    HostInvitation.objects.update(reminders_sent=0)
    assert site_hosts.remind_hosts(now=later + datetime.timedelta(days=9)) == 0  # the visit is past


def test_site_hosts_are_kept_by_staff_only(client):
    site = create_best_practice(title="Heat plant")
    host = SiteHost.objects.create(practice=site, name="Karin Ek", email="karin@steel.example")
    assert "karin@steel.example" not in client.get(site.url).content.decode()  # never on the public page
    for role, expected in [
        (StaffRole.Role.MANAGER, 302),
        (StaffRole.Role.OFFICE_STAFF, 200),
        (StaffRole.Role.EDITOR, 200),
    ]:
        office = create_bookable_office() if role == StaffRole.Role.OFFICE_STAFF else None
        client.force_login(create_staff(f"user-{role}", role, office))
        response = client.get("/admin/site_hosts/")
        assert response.status_code == expected, role
        if expected == 200:
            assert "Karin Ek" in response.content.decode()
            assert client.get(f"/admin/site_hosts/edit/{host.pk}/").status_code == 200
    client.logout()
    assert client.get("/admin/site_hosts/")["Location"].startswith("/admin/login/")


def test_the_request_page_shows_every_hosts_answer(client, scheduled, django_capture_on_commit_callbacks):
    visit, _site = scheduled
    path = LINK.search(host_mail().body).group(1)
    client.post(path, {"answer": "declined", "message": "Closed for maintenance."})
    client.force_login(create_staff("north_staff", StaffRole.Role.OFFICE_STAFF, visit.office))
    html = client.get(f"/admin/requests/{visit.request.pk}/").content.decode()
    assert "<caption>Site hosts</caption>" in html
    assert "Karin Ek" in html and "Declined" in html and "Closed for maintenance." in html


def test_a_reminder_queued_before_a_cancellation_is_not_sent(scheduled, django_capture_on_commit_callbacks):
    from visits import tasks

    visit, _site = scheduled
    invitation = HostInvitation.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        staff_services.cancel_by_staff(visit.request, None, "The delegation cancelled.")
    mail.outbox.clear()
    assert tasks.send_host_invitation.call(invitation.pk, True) is False  # the worker runs it late
    assert mail.outbox == []
