"""Ready-made study tours: adopting one into My Visit Plan. Parses, calls one service, redirects."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from tours.pages import StudyTourPage
from visits import plans

# Page ids are 32-bit integers; a larger number in the address is no page, not a database error.
LARGEST_PAGE_ID = 2**31 - 1


@require_POST
def adopt(request, page_id):
    """Star every live best practice of the tour (any language version of it) in the plan."""
    if page_id > LARGEST_PAGE_ID:
        raise Http404
    tour = get_object_or_404(StudyTourPage.objects.live(), pk=page_id)
    plan, added = plans.add_stars(request.visit_plan or None, tour.practices)
    if added:
        text = ngettext(
            "“%(tour)s” is in your plan: %(n)d best practice added. Enter your dates to plan the days.",
            "“%(tour)s” is in your plan: %(n)d best practices added. Enter your dates to plan the days.",
            added,
        )
    else:
        text = _(
            "“%(tour)s” is in your plan: its best practices were there already. Enter your dates to plan the days."
        )
    messages.success(request, text % {"tour": tour.title, "n": added})
    return plans.remember_plan(redirect(reverse("visits:plan") + "#tour"), plan)
