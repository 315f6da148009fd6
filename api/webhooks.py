"""Webhooks: events posted to subscribers' URLs, signed, and retried with backoff.

Each delivery is a POST of JSON with
    X-Showcase-Event: request.confirmed
    X-Showcase-Delivery: <delivery id>
    X-Showcase-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<body>" with the secret>
A receiver recomputes the HMAC over the timestamp and the exact body, compares in constant
time and refuses old timestamps (replays). The database task worker delivers; a 2xx answer
ends it, anything else is tried again after 30 s, 2 min, 8 min, 32 min and about 2 h, then
given up (the admin's delivery log shows each).

Addresses on private, loopback, link-local or reserved networks are refused, when the
subscription is saved and again at each delivery (a name may resolve elsewhere later),
unless WEBHOOKS_ALLOW_PRIVATE_NETWORKS is on; redirects are not followed.
"""

import datetime
import hashlib
import hmac
import ipaddress
import json
import socket
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from api.models import WebhookDelivery, WebhookSubscription
from core.kept_briefly import KeptBriefly

Event = WebhookSubscription.Event
MAX_ATTEMPTS = 6
FIRST_RETRY_SECONDS = 30
TIMEOUT_SECONDS = 5


class AddressRefused(Exception):
    pass


def signature(secret: str, timestamp: int, body: bytes) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def refusal_of_address(url: str) -> str | None:
    """Why `url` may not receive webhooks, or None."""
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        return _("Use an http(s) address.")
    if settings.WEBHOOKS_ALLOW_PRIVATE_NETWORKS:
        return None
    if parts.scheme != "https":
        return _("Use an https address.")
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError):
        return _("The host name does not resolve.")
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        if not address.is_global:
            return _("The address is on a private or local network.")
    return None


def _active_events() -> frozenset:
    rows = WebhookSubscription.objects.filter(is_active=True).values_list("events", flat=True)
    return frozenset(event for events in rows for event in events)


# Every booking asks; nearly every site has no subscriber (core/kept_briefly.py).
_subscribed_events = KeptBriefly(_active_events, WebhookSubscription)


def emit(event: str, data: dict | Callable[[], dict | None] | None) -> int:
    """Queue `event` for every active subscriber, once this transaction commits; how many.

    `data` is a dict, or a function returning it (or None: nothing to tell), called only when
    someone subscribes to `event`: most sites have no subscriber, and a booking should not
    pay for reading what nobody will be sent."""
    if event not in _subscribed_events.get():
        return 0
    subscribers = [s for s in WebhookSubscription.objects.filter(is_active=True) if event in s.events]
    if not subscribers:
        return 0
    if callable(data):
        data = data()
    if data is None:
        return 0
    payload = {"id": str(uuid.uuid4()), "event": event, "created_at": timezone.now().isoformat(), "data": data}
    payload = json.loads(json.dumps(payload, cls=DjangoJSONEncoder))
    for subscriber in subscribers:
        delivery = WebhookDelivery.objects.create(subscription=subscriber, event=event, payload=payload)
        transaction.on_commit(lambda pk=delivery.pk: deliver.enqueue(pk))
    return len(subscribers)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect is an answer like any other non-2xx: tried again later


_opener = urllib.request.build_opener(_NoRedirects)


@task()
def deliver(delivery_id: int) -> str:
    """One attempt at one delivery; schedules the next attempt on failure."""
    delivery = WebhookDelivery.objects.select_related("subscription").filter(pk=delivery_id).first()
    if delivery is None or delivery.status != WebhookDelivery.Status.PENDING:
        return "skipped"
    subscription = delivery.subscription
    body = json.dumps(delivery.payload, separators=(",", ":")).encode()
    code, error = None, ""
    refused = refusal_of_address(subscription.url)
    if refused:
        error = refused
    else:
        timestamp = int(time.time())
        request = urllib.request.Request(  # noqa: S310 (http or https only: refusal_of_address)
            subscription.url,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json",
                "User-Agent": "Showcase-Webhooks/1",
                "X-Showcase-Event": delivery.event,
                "X-Showcase-Delivery": str(delivery.pk),
                "X-Showcase-Signature": signature(subscription.secret, timestamp, body),
            },
        )
        try:
            with _opener.open(request, timeout=TIMEOUT_SECONDS) as response:
                code = response.status
        except urllib.error.HTTPError as answer:
            code = answer.code
        except (urllib.error.URLError, OSError, ValueError) as failure:
            error = str(getattr(failure, "reason", failure))[:300]
    return _record(delivery, code, error)


def _record(delivery, code, error) -> str:
    delivery.attempts += 1
    delivery.last_status_code = code
    delivery.last_error = error or ("" if code and 200 <= code < 300 else f"HTTP {code}")
    if code and 200 <= code < 300:
        delivery.status, delivery.delivered_at, delivery.next_attempt_at = (
            WebhookDelivery.Status.DELIVERED,
            timezone.now(),
            None,
        )
    elif delivery.attempts >= MAX_ATTEMPTS:
        delivery.status, delivery.next_attempt_at = WebhookDelivery.Status.FAILED, None
    else:
        delay = datetime.timedelta(seconds=FIRST_RETRY_SECONDS * 4 ** (delivery.attempts - 1))
        delivery.next_attempt_at = timezone.now() + delay
    delivery.save()
    if delivery.status == WebhookDelivery.Status.PENDING:
        transaction.on_commit(
            lambda: deliver.using(run_after=delivery.next_attempt_at).enqueue(delivery.pk) if _queue_waits() else None
        )
    return delivery.status


def _queue_waits() -> bool:
    """Only a real queue can wait until the next attempt; the immediate backend (development,
    tests) would retry at once, so there `retry_due` (cron) makes the next attempts."""
    from django_tasks_db import DatabaseBackend

    return isinstance(deliver.get_backend(), DatabaseBackend)


def retry_due(now=None) -> int:
    """Try every pending delivery whose next attempt is due (cron, and a lost task's cure)."""
    now = now or timezone.now()
    due = WebhookDelivery.objects.filter(status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=now)
    count = 0
    for pk in list(due.values_list("pk", flat=True)):
        deliver.call(pk)
        count += 1
    return count
