"""The site host's page: the visit at their site and their answer, through a signed link."""

from django import forms
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from visits import site_hosts
from visits.models import HostInvitation

HEADERS = {"X-Robots-Tag": "noindex", "Referrer-Policy": "no-referrer"}
Answer = HostInvitation.Answer


class HostAnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=gettext_lazy("Your answer"),
        choices=[
            (Answer.CONFIRMED, Answer.CONFIRMED.label),
            (Answer.DECLINED, gettext_lazy("Decline")),
            (Answer.PROPOSED, gettext_lazy("Propose another time")),
        ],
        widget=forms.RadioSelect,
    )
    proposed_time = forms.CharField(
        label=gettext_lazy("Another time that suits you"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("For example “Tuesday 14 April, 13:00–15:00”."),
    )
    message = forms.CharField(
        label=gettext_lazy("Message to the office (optional)"), max_length=2000, required=False, widget=forms.Textarea
    )

    def clean(self):
        data = super().clean()
        if data.get("answer") == Answer.PROPOSED and not data.get("proposed_time", "").strip():
            self.add_error("proposed_time", gettext_lazy("Say which time would suit you."))
        return data


@never_cache
@require_http_methods(["GET", "POST"])
def host_answer(request, signed):
    try:
        invitation = site_hosts.invitation_for_link(signed)
    except site_hosts.LinkRefused as refused:
        return TemplateResponse(
            request, "visits/host_answer.html", {"refused": str(refused)}, status=404, headers=HEADERS
        )
    refusal = site_hosts.refusal(invitation)
    form = HostAnswerForm(request.POST or None) if not refusal else None
    status = 200
    if request.method == "POST":
        if refusal:
            status = 409
        elif form.is_valid():
            try:
                site_hosts.answer(invitation, **form.cleaned_data)
            except site_hosts.LinkRefused as refused:  # answered in another tab meanwhile
                refusal, form, status = str(refused), None, 409
            else:
                return redirect("visits:host_answer", signed=signed)
        else:
            status = 400
    return TemplateResponse(
        request,
        "visits/host_answer.html",
        {"invitation": invitation, "visit": invitation.visit, "form": form, "refusal": refusal},
        status=status,
        headers=HEADERS,
    )
