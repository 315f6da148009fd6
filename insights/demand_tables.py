"""The demand report as named tables: what the page shows and what downloads contain."""

from django.utils.translation import gettext as _

from insights import demand

NAMES = ("stars", "practices", "offices", "months", "turned_away", "turned_away_days")


def build(period, office=None) -> dict:
    """{name: (headers, rows)} for every table of the demand report; a bounded number of queries."""
    stars, practices = demand.practices(period, office)
    per_office, per_day = demand.turned_away(period, office)
    received = _("Requests received"), _("Requests confirmed")
    turned_away = _("Turned away: full"), _("Turned away: closed")
    return {
        "stars": ([_("Best practice"), _("Visit plans starring it")], stars),
        "practices": ([_("Best practice"), _("Requests listing it"), _("Requests visiting it")], practices),
        "offices": (
            [_("Office"), *received, _("Confirmed (%)")],
            demand.by_office(period, office),
        ),
        "months": ([_("Month"), *received, *turned_away], demand.by_month(period, office)),
        "turned_away": ([_("Office"), *turned_away, _("Turned away")], per_office),
        "turned_away_days": (
            [_("Office"), _("Requested day"), *turned_away, _("Turned away")],
            [(office_title, day.isoformat(), *counts) for office_title, day, *counts in per_day],
        ),
    }
