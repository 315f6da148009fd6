"""The pages every Swedish public-sector site has: accessibility statement, privacy notice,
contact and a sitemap for people. Their text lives in the templates, translated like the
rest of the interface, so a language cannot ship without them."""

import datetime

from django.conf import settings
from django.shortcuts import render
from django.views.decorators.http import require_safe

from about.sitemap import sitemap_sections
from core.i18n import in_active_language, localized_pages
from core.page_cache import shared_page
from offices.models import OfficePage


@shared_page
@require_safe
def accessibility(request):
    return render(
        request,
        "about/accessibility.html",
        {
            "reviewed": datetime.date.fromisoformat(settings.ACCESSIBILITY_STATEMENT_REVIEWED),
            "contact_email": settings.ACCESSIBILITY_CONTACT_EMAIL,
        },
    )


@shared_page
@require_safe
def privacy(request):
    return render(
        request,
        "about/privacy.html",
        {
            "contact_email": settings.PRIVACY_CONTACT_EMAIL,
            "retention_days": settings.REQUEST_RETENTION_DAYS,
            "retention_years": round(settings.REQUEST_RETENTION_DAYS / 365, 1),
        },
    )


@shared_page
@require_safe
def contact(request):
    offices = OfficePage.objects.live().order_by("kind", "title")
    localized = list(in_active_language(offices))
    return render(request, "about/contact.html", {"offices": localized or localized_pages(offices)})


@shared_page
@require_safe
def sitemap(request):
    return render(request, "about/sitemap.html", {"sections": sitemap_sections(request)})
