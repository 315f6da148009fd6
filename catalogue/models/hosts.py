"""Who hosts visits at a best-practice site: staff-only contact data, kept off the page itself
(pages, their revisions and previews are what the public side reads)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField
from wagtail.admin.panels import FieldPanel


class SiteHost(models.Model):
    """The person at a best-practice site who receives delegations (one per site)."""

    practice = models.OneToOneField(
        "catalogue.BestPracticePage",
        verbose_name=_("best practice"),
        on_delete=models.CASCADE,
        related_name="host_contact",
        help_text=_("The best practice in the site's default language."),
    )
    name = models.CharField(_("name"), max_length=120)
    email = models.EmailField(_("e-mail"))
    phone = PhoneNumberField(_("phone"), blank=True)
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language of the e-mails the host receives."),
    )

    panels = [
        FieldPanel("practice"),
        FieldPanel("name"),
        FieldPanel("email"),
        FieldPanel("phone"),
        FieldPanel("language"),
    ]

    class Meta:
        verbose_name = _("site host")
        verbose_name_plural = _("site hosts")
        ordering = ["practice__title"]

    def __str__(self):
        return f"{self.name} ({self.practice.title})"
