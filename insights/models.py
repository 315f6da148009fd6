"""What the demand report needs that no other app records: booking attempts turned away."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TurnedAwayAttempt(models.Model):
    """One (day, slot) a visitor asked for in the booking form and could not have because the
    slot was full or the office closed that day.

    Anonymous by design: no request, plan, address or contact is kept, only where, when and why.
    """

    class Reason(models.TextChoices):
        FULL = "full", _("Full")
        CLOSED = "closed", _("Closed")

    office = models.ForeignKey(
        "offices.OfficePage", verbose_name=_("office"), on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField(_("requested day"))
    # Slots are edited inline on the office page and may be replaced; the attempt stays.
    slot = models.ForeignKey(
        "offices.VisitSlot", verbose_name=_("slot"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=10, choices=Reason.choices)
    created_at = models.DateTimeField(_("attempted at"), default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("turned-away attempt")
        verbose_name_plural = _("turned-away attempts")
        indexes = [models.Index(fields=["created_at"]), models.Index(fields=["office", "created_at"])]

    def __str__(self):
        return f"{self.office_id} {self.day:%Y-%m-%d} {self.slot_id or '-'} {self.reason}"
