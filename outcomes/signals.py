"""Linking a follow-up to a request moves the request along its life cycle (visits.services)."""

from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from outcomes.models import FollowUp
from visits import services
from visits.models import VisitRequest


@receiver(m2m_changed, sender=FollowUp.requests.through)
def requests_linked(sender, instance, action, reverse, pk_set, **kwargs):
    # Every way of linking (the admin form, the demo, later the API) passes through here.
    if action != "post_add" or not pk_set:
        return
    if reverse:  # request.follow_ups.add(follow_up)
        requests, title = [instance], FollowUp.objects.filter(pk__in=pk_set).values_list("title", flat=True).first()
    else:
        requests, title = VisitRequest.objects.filter(pk__in=pk_set), instance.title
    for visit_request in requests:
        services.mark_followed_up(visit_request, follow_up_title=title or "")
