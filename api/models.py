"""The staff API's audit log (every call made with a Wagtail APIToken), and webhooks."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.fields import MultipleChoiceJSONField
from core.tokens import new_token


class ApiCall(models.Model):
    """One call to the staff API: who, with which token, what, and the answer's status."""

    token = models.ForeignKey("wagtailcore.APIToken", null=True, on_delete=models.SET_NULL, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    method = models.CharField(_("method"), max_length=8)
    path = models.CharField(_("path"), max_length=300)
    status = models.PositiveSmallIntegerField(_("status"))
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["at"])]
        verbose_name = _("API call")
        verbose_name_plural = _("API calls")

    def __str__(self):
        return f"{self.method} {self.path} {self.status}"


class WebhookSubscription(models.Model):
    """A system told about events as they happen: a URL and a secret to sign each delivery."""

    class Event(models.TextChoices):
        REQUEST_SUBMITTED = "request.submitted", _("Request submitted")
        REQUEST_CONFIRMED = "request.confirmed", _("Request confirmed")
        REQUEST_CANCELLED = "request.cancelled", _("Request cancelled")
        REQUEST_COMPLETED = "request.completed", _("Request completed")
        FOLLOW_UP_CREATED = "follow_up.created", _("Follow-up created")
        PAGE_PUBLISHED = "page.published", _("Page published")

    name = models.CharField(_("name"), max_length=80)
    url = models.URLField(_("URL"), max_length=500, help_text=_("Where each event is posted (HTTPS)."))
    secret = models.CharField(
        _("secret"),
        max_length=128,
        default=new_token,
        help_text=_("Signs every delivery (HMAC-SHA256 over the timestamp and the body); keep it in the receiver."),
    )
    events = MultipleChoiceJSONField(_("events"), choices_list=Event.choices, default=list)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")

    def __str__(self):
        return self.name


class WebhookDelivery(models.Model):
    """One event for one subscriber, tried with backoff until it is taken (2xx) or given up."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Given up")

    subscription = models.ForeignKey(WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(_("event"), max_length=40, choices=WebhookSubscription.Event.choices)
    payload = models.JSONField(_("payload"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(_("last answer"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")

    def __str__(self):
        return f"{self.event} → {self.subscription_id} ({self.status})"
