"""Newsletter sign-up with double opt-in: nothing is sent to an address until it confirms."""

from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.mail import absolute_url, send_templated_mail
from news.models import Subscriber

SALT_CONFIRM = "newsletter-confirm"
SALT_UNSUBSCRIBE = "newsletter-unsubscribe"
CONFIRM_MAX_AGE = 7 * 24 * 3600


def unsubscribe_url(email):
    return absolute_url(reverse("news:unsubscribe", args=[signing.dumps(email, salt=SALT_UNSUBSCRIBE)]))


def subscribe(email):
    """Record the wish and send the confirmation link; the same answer whatever the state,
    so that the form does not reveal who is subscribed."""
    email = email.strip().lower()
    try:
        with transaction.atomic():
            subscriber, _created = Subscriber.objects.get_or_create(email=email)
    except IntegrityError:  # two submissions at once: the other one created it
        subscriber = Subscriber.objects.get(email=email)
    if subscriber.is_active:
        return subscriber
    token = signing.dumps(email, salt=SALT_CONFIRM)
    send_templated_mail(
        "news/emails/confirm",
        {"confirm_url": absolute_url(reverse("news:confirm", args=[token])), "unsubscribe_url": unsubscribe_url(email)},
        subject=_("Confirm your subscription to the Smart City Sweden newsletter"),
        to=[email],
    )
    return subscriber


def confirm(token):
    """The subscriber for a valid, unexpired confirmation token, now confirmed; or None."""
    try:
        email = signing.loads(token, salt=SALT_CONFIRM, max_age=CONFIRM_MAX_AGE)
    except signing.BadSignature:
        return None
    subscriber = Subscriber.objects.filter(email=email).first()
    if subscriber is None:
        return None
    subscriber.confirmed_at = subscriber.confirmed_at if subscriber.is_active else timezone.now()
    subscriber.unsubscribed_at = None
    subscriber.save(update_fields=["confirmed_at", "unsubscribed_at"])
    return subscriber


def unsubscribe(token):
    try:
        email = signing.loads(token, salt=SALT_UNSUBSCRIBE)
    except signing.BadSignature:
        return None
    subscriber = Subscriber.objects.filter(email=email).first()
    if subscriber is not None and subscriber.unsubscribed_at is None:
        subscriber.unsubscribed_at = timezone.now()
        subscriber.save(update_fields=["unsubscribed_at"])
    return subscriber
