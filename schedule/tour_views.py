"""Public pages of the open tours: a tour's day with its places left and the sign-up form,
and a sign-up's own page (reached from its e-mail) to cancel."""

import datetime

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from core.forms import HoneypotField
from core.i18n import interface_language
from schedule import public_tours
from schedule.models import PublicTour, TourSignup
from visits import limits

NOINDEX = {"X-Robots-Tag": "noindex"}


class TourSignupForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Your name"), max_length=120, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.EmailField(label=gettext_lazy("E-mail"), widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    consent_processing = forms.BooleanField(
        label=gettext_lazy("I agree that Smart City Sweden keeps my name and e-mail address for this tour."),
        error_messages={"required": gettext_lazy("We need your consent to keep your place.")},
    )
    website = HoneypotField(refusal=gettext_lazy("This sign-up could not be sent."))


def _tour_and_day(pk, day_text):
    tour = get_object_or_404(PublicTour.objects.select_related("office"), pk=pk, is_published=True)
    try:
        day = datetime.date.fromisoformat(day_text)
    except ValueError:
        raise Http404(_("“%(day)s” is not a date.") % {"day": day_text[:20]}) from None
    if day not in public_tours.tour_days(tour, day, day):
        raise Http404(_("This tour does not run that day."))
    return tour, day


@never_cache
@require_http_methods(["GET", "POST"])
def tour_day(request, pk, day):
    tour, day = _tour_and_day(pk, day)
    form = TourSignupForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if limits.too_many_attempts(request):
            form.add_error(None, limits.TOO_MANY)
        elif form.is_valid():
            try:
                signup = public_tours.sign_up(
                    tour,
                    day,
                    name=form.cleaned_data["name"],
                    email=form.cleaned_data["email"],
                    language=interface_language(request.LANGUAGE_CODE),
                )
            except public_tours.SignupRefused as refused:
                form.add_error(None, str(refused))
                status = 409
            else:
                messages.success(
                    request, _("You are signed up. The confirmation is in your e-mail, with a calendar file.")
                )
                return redirect("schedule:tour_signup", token=signup.token)
    return TemplateResponse(
        request,
        "schedule/public_tour.html",
        {
            "tour": tour,
            "day": day,
            "places_left": public_tours.places_left(tour, day),
            "refusal": public_tours.refusal(tour, day),
            "form": form,
        },
        status=status,
        headers=NOINDEX,
    )


@never_cache
@require_http_methods(["GET"])
def tour_signup(request, token):
    signup = get_object_or_404(TourSignup.objects.select_related("tour__office"), token=token)
    return TemplateResponse(
        request, "schedule/tour_signup.html", {"signup": signup, "tour": signup.tour}, headers=NOINDEX
    )


@require_POST
def tour_signup_cancel(request, token):
    signup = get_object_or_404(TourSignup, token=token)
    try:
        public_tours.cancel(signup)
    except public_tours.SignupRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("Your place is cancelled. Thank you for letting us know."))
    return redirect("schedule:tour_signup", token=token)
