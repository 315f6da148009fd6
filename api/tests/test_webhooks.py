"""Webhooks: signed deliveries to a real HTTP receiver, retries with backoff, refused private
addresses, and the events the organisation's systems listen for."""

import datetime
import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from api import webhooks
from api.models import WebhookDelivery, WebhookSubscription
from offices.models import StaffRole
from visits import staff_services
from visits.tests.factories import create_bookable_office, create_visit_request
from visits.tests.personas import create_staff

pytestmark = pytest.mark.django_db
Event = WebhookSubscription.Event


class Receiver:
    """A small HTTP server on loopback that answers each POST with the next status code."""

    def __init__(self, answers=(200,)):
        self.answers, self.received = list(answers), []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append((dict(self.headers), body))
                status = receiver.answers.pop(0) if len(receiver.answers) > 1 else receiver.answers[0]
                self.send_response(status)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()


@pytest.fixture
def receiver(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_NETWORKS = True
    created = []

    def make(answers=(200,), events=(Event.REQUEST_SUBMITTED,)):
        found = Receiver(answers)
        created.append(found)
        subscription = WebhookSubscription.objects.create(name="CRM", url=found.url, events=list(events))
        return found, subscription

    yield make
    for found in created:
        found.close()


def verify(headers, body, secret, now=None):
    """What a receiver does: recompute the HMAC over the timestamp and the body."""
    fields = dict(part.split("=", 1) for part in headers["X-Showcase-Signature"].split(","))
    expected = hmac.new(secret.encode(), f"{fields['t']}.".encode() + body, hashlib.sha256).hexdigest()
    fresh = abs((now or timezone.now()).timestamp() - int(fields["t"])) < 300
    return hmac.compare_digest(expected, fields["v1"]) and fresh


def test_a_submitted_request_is_posted_signed_without_personal_data(receiver, django_capture_on_commit_callbacks):
    found, subscription = receiver()
    with django_capture_on_commit_callbacks(execute=True):
        visit_request = create_visit_request(contact_name="Asha Rao", email="asha@example.org")
    ((headers, body),) = found.received
    assert headers["X-Showcase-Event"] == "request.submitted"
    assert verify(headers, body, subscription.secret)
    assert not verify(headers, body + b" ", subscription.secret)  # any change breaks it
    assert not verify(headers, body, "another secret")
    payload = json.loads(body)
    assert payload["event"] == "request.submitted"
    assert payload["data"]["request"]["reference"] == visit_request.reference
    assert b"Asha" not in body and b"asha@example.org" not in body
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("delivered", 1, 200)


def test_a_failing_receiver_is_tried_again_with_backoff_then_given_up(receiver, django_capture_on_commit_callbacks):
    found, _subscription = receiver(answers=(500, 503, 200))
    with django_capture_on_commit_callbacks(execute=True):
        create_visit_request()
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("pending", 1, 500)
    first_wait = delivery.next_attempt_at - timezone.now()
    assert datetime.timedelta(seconds=25) < first_wait <= datetime.timedelta(seconds=30)

    assert webhooks.retry_due() == 0  # not yet due
    with django_capture_on_commit_callbacks(execute=True):
        assert webhooks.retry_due(now=delivery.next_attempt_at) == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("pending", 2)
    assert delivery.next_attempt_at - timezone.now() > datetime.timedelta(seconds=100)  # 30 s, then 2 min
    with django_capture_on_commit_callbacks(execute=True):
        webhooks.retry_due(now=delivery.next_attempt_at)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, len(found.received)) == ("delivered", 3, 3)
    assert len({headers["X-Showcase-Delivery"] for headers, _body in found.received}) == 1  # one delivery id

    _never, _subscription = receiver(answers=(500,))
    WebhookDelivery.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        create_visit_request()
    for _attempt in range(webhooks.MAX_ATTEMPTS):
        with django_capture_on_commit_callbacks(execute=True):
            webhooks.retry_due(now=timezone.now() + datetime.timedelta(days=1))
    statuses = set(WebhookDelivery.objects.values_list("status", flat=True))
    assert statuses == {"failed", "delivered"} or statuses == {"failed"}
    assert WebhookDelivery.objects.filter(status="failed", attempts=webhooks.MAX_ATTEMPTS).exists()


def test_private_and_loopback_addresses_are_refused_unless_allowed(settings, django_capture_on_commit_callbacks):
    settings.WEBHOOKS_ALLOW_PRIVATE_NETWORKS = False
    for url in [
        "http://127.0.0.1:9/x",
        "https://127.0.0.1/x",
        "https://10.0.0.5/x",
        "https://[::1]/x",
        "https://169.254.169.254/latest",
        "ftp://example.org/x",
        "https://localhost/x",
    ]:
        assert webhooks.refusal_of_address(url), url
    WebhookSubscription.objects.create(name="Inside", url="https://127.0.0.1/x", events=[Event.REQUEST_SUBMITTED])
    with django_capture_on_commit_callbacks(execute=True):
        create_visit_request()
    delivery = WebhookDelivery.objects.get()
    assert delivery.last_status_code is None and "private or local network" in delivery.last_error


def test_the_life_cycle_follow_ups_and_publishing_are_told(receiver, django_capture_on_commit_callbacks):
    from catalogue.tests.factories import create_best_practice
    from outcomes.models import FollowUp

    found, _subscription = receiver(events=list(Event.values))
    office = create_bookable_office()
    with django_capture_on_commit_callbacks(execute=True):
        visit_request = create_visit_request(office)
        requested = visit_request.requested_slots.get()
        days = [{"office": office, "date": requested.date, "slot": requested.slot}]
        staff_services.schedule_request(visit_request, create_staff("c", StaffRole.Role.COORDINATOR), days)
        staff_services.cancel_by_staff(visit_request, None, "The flight was cancelled.")
        FollowUp.objects.create(
            title="Pre-study", kind="pre_study", office=office, country="IN", start_date=datetime.date(2027, 1, 1)
        )
        practice = create_best_practice(title="Heat plant")
        practice.save_revision().publish()
    events = [json.loads(body)["event"] for _headers, body in found.received]
    requests = [event for event in events if event.startswith("request.")]
    assert requests == ["request.submitted", "request.confirmed", "request.cancelled"]
    assert "follow_up.created" in events and "page.published" in events


def test_coordinators_keep_webhooks_and_read_the_log(client, settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_NETWORKS = False
    client.force_login(create_staff("coordinator", StaffRole.Role.COORDINATOR))
    assert client.get("/admin/webhooks/").status_code == 200
    assert client.get("/admin/webhook_deliveries/").status_code == 200
    refused = client.post(
        "/admin/webhooks/new/",
        {
            "name": "Inside",
            "url": "https://127.0.0.1/x",
            "events": ["request.submitted"],
            "secret": "s" * 40,
            "is_active": "on",
        },
    )
    assert refused.status_code == 200 and "private or local network" in refused.content.decode()
    assert not WebhookSubscription.objects.exists()
    office = create_bookable_office()
    client.force_login(create_staff("north_staff", StaffRole.Role.OFFICE_STAFF, office))
    assert client.get("/admin/webhooks/").status_code == 302
    assert client.get("/admin/webhook_deliveries/").status_code == 302


def test_without_a_subscriber_for_the_event_a_submission_reads_nothing_for_webhooks(
    receiver, django_capture_on_commit_callbacks
):
    office = create_bookable_office()
    receiver(events=(Event.FOLLOW_UP_CREATED,))  # subscribed, but not to this event
    with CaptureQueriesContext(connection) as captured, django_capture_on_commit_callbacks(execute=True):
        create_visit_request(office)
    assert not any('FROM "visits_statuschange"' in q["sql"] for q in captured)
    assert not WebhookDelivery.objects.exists()


def test_the_subscribed_events_are_read_once_a_second_not_at_every_booking(
    settings, receiver, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SHARED_CHECK_SECONDS = 60  # however slow this machine is
    office = create_bookable_office(groups_per_slot=5, persons_per_slot=100)
    with django_capture_on_commit_callbacks(execute=True):
        create_visit_request(office)
    with CaptureQueriesContext(connection) as captured, django_capture_on_commit_callbacks(execute=True):
        create_visit_request(office)
    assert not any("api_webhooksubscription" in q["sql"] for q in captured)
    # A subscription made here is told the very next booking.
    _found, subscription = receiver(events=(Event.REQUEST_SUBMITTED,))
    with django_capture_on_commit_callbacks(execute=True):
        told = create_visit_request(office)
    (delivery,) = WebhookDelivery.objects.all()
    assert delivery.subscription == subscription
    assert delivery.payload["data"]["request"]["reference"] == told.reference
