"""Background work of the calendar app: the e-mail of a public tour sign-up."""

from django_tasks import task


@task()
def send_tour_signup(signup_id: int) -> bool:
    """The confirmation with its calendar file; a task, so a failing mail server never turns a
    saved sign-up into an error page (and a retry into "already signed up")."""
    from schedule import emails
    from schedule.models import TourSignup

    signup = TourSignup.objects.select_related("tour__office").filter(pk=signup_id, cancelled_at__isnull=True).first()
    if signup is None:
        return False
    emails.send_tour_signup(signup)
    return True
