"""E-mail as text and HTML from one pair of templates: `<name>.txt` and `<name>.html`."""

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from core.site import absolute_url, public_base_url

__all__ = ["absolute_url", "send_templated_mail"]


def send_templated_mail(template: str, context: dict, *, subject: str, to: list[str], reply_to=None, attachments=()):
    context = {**context, "site_url": public_base_url()}
    message = EmailMultiAlternatives(
        subject=" ".join(str(subject).split()),  # no newlines: they would break the header
        body=render_to_string(f"{template}.txt", context),
        to=to,
        reply_to=reply_to,
    )
    message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    for name, content, mimetype in attachments:
        message.attach(name, content, mimetype)
    message.send()
    return message
