"""How many booking requests one network may send: a limit on accepted submissions, and a
higher ceiling on attempts. Counting every attempt locked out people correcting mistakes."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core.ratelimit import Allowance, client_ip, is_rate_limited

TOO_MANY = _("Too many requests were sent from your network in the last hour. Please try again later.")


def too_many_attempts(request) -> bool:
    """Count this attempt; True beyond BOOKING_ATTEMPTS_PER_HOUR (invalid ones included)."""
    return is_rate_limited("book-attempt", client_ip(request), settings.BOOKING_ATTEMPTS_PER_HOUR, 3600)


def accepted_submissions(request) -> Allowance:
    """BOOKING_SUBMISSIONS_PER_HOUR accepted submissions: take() one just before submitting,
    give_back() if the submission is refused after all."""
    return Allowance("book", client_ip(request), settings.BOOKING_SUBMISSIONS_PER_HOUR, 3600)
