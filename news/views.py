from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from core.forms import HoneypotField
from core.ratelimit import client_ip, is_rate_limited
from news import services

SIGNUPS_PER_HOUR = 5


class SignupForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("E-mail"), max_length=254)
    consent = forms.BooleanField(
        label=gettext_lazy("I want the newsletter and agree that my address is stored for it.")
    )
    website = HoneypotField(refusal=gettext_lazy("This sign-up could not be sent."))


@require_POST
def signup(request):
    form = SignupForm(request.POST)
    if is_rate_limited("newsletter", client_ip(request), SIGNUPS_PER_HOUR, 3600):
        return render(request, "news/signup.html", {"form": form, "limited": True}, status=429)
    if not form.is_valid():
        return render(request, "news/signup.html", {"form": form}, status=400)
    services.subscribe(form.cleaned_data["email"])
    return render(request, "news/signup_sent.html", {"email": form.cleaned_data["email"]})


@require_GET
def signup_form(request):
    return render(request, "news/signup.html", {"form": SignupForm()})


@require_GET
def confirm(request, token):
    subscriber = services.confirm(token)
    if subscriber is None:
        return render(request, "news/link_invalid.html", status=400)
    messages.success(request, _("Thank you, your subscription is confirmed."))
    return redirect("news:signup_form")


@require_GET
def unsubscribe(request, token):
    # A GET unsubscribes so that one click in any mail program works (RFC 8058 style links).
    subscriber = services.unsubscribe(token)
    if subscriber is None:
        return render(request, "news/link_invalid.html", status=400)
    messages.success(request, _("You are unsubscribed; you will get no more newsletters."))
    return redirect("news:signup_form")
