"""What the webhooks tell: a request's life-cycle steps, a new follow-up, a published page.

The data names the request, its office and status, never the contact person: a receiver
that needs more asks the staff API with a token, under its owner's rights."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.signals import page_published

from api.webhooks import Event, emit
from core.mail import absolute_url
from outcomes.models import FollowUp
from visits.models import StatusChange, VisitRequest

STATUS_EVENTS = {
    VisitRequest.Status.SUBMITTED: Event.REQUEST_SUBMITTED,
    VisitRequest.Status.CONFIRMED: Event.REQUEST_CONFIRMED,
    VisitRequest.Status.CANCELLED: Event.REQUEST_CANCELLED,
    VisitRequest.Status.COMPLETED: Event.REQUEST_COMPLETED,
}


@receiver(post_save, sender=StatusChange, dispatch_uid="api_webhooks_request_status")
def request_status_changed(sender, instance, created, raw=False, **kwargs):
    event = STATUS_EVENTS.get(instance.to_status)
    if not created or raw or instance.action != "status" or event is None:
        return
    # Told once committed: the request's reference is given last in its transaction.
    transaction.on_commit(lambda: _emit_status(instance.pk, event))


def _emit_status(change_id, event):
    emit(event, lambda: _status_data(change_id))


def _status_data(change_id):
    instance = StatusChange.objects.select_related("request__office").filter(pk=change_id).first()
    if instance is None:
        return None
    visit_request = instance.request
    return {
        "request": {
            "id": visit_request.pk,
            "reference": visit_request.reference,
            "status": instance.to_status,
            "office": visit_request.office.slug,
            "country": visit_request.country.code,
            "group_size": visit_request.group_size,
            "format": visit_request.format,
        },
        "by": "staff" if instance.actor_id else (instance.actor_label or "system"),
    }


@receiver(post_save, sender=FollowUp, dispatch_uid="api_webhooks_follow_up")
def follow_up_created(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        emit(
            Event.FOLLOW_UP_CREATED,
            {
                "follow_up": {
                    "id": instance.pk,
                    "title": instance.title,
                    "kind": instance.kind,
                    "status": instance.status,
                    "office": instance.office.slug if instance.office_id else None,
                }
            },
        )


@receiver(page_published, dispatch_uid="api_webhooks_page_published")
def page_was_published(sender, instance, revision=None, **kwargs):
    emit(
        Event.PAGE_PUBLISHED,
        {
            "page": {
                "id": instance.pk,
                "type": instance._meta.label_lower,
                "title": instance.title,
                "language": instance.locale.language_code,
                "url": absolute_url(instance.url) if instance.url else "",
            }
        },
    )
