"""The statistics page as named tables: what the page shows and what downloads contain."""

from django.utils.translation import gettext as _

from insights import stats

METRICS = [
    ("delegations", _("Delegations")),
    ("visitors", _("Visitors")),
    ("visits_held", _("Visit days held")),
    ("countries", _("Countries")),
    ("on_site", _("On site")),
    ("digital", _("Digital")),
    ("requests_received", _("Requests received")),
    ("confirmed", _("Requests confirmed")),
    ("declined", _("Requests declined")),
    ("withdrawn", _("Requests withdrawn")),
    ("lead_time_days", _("Lead time (days)")),
    ("follow_ups", _("Follow-ups started")),
]
YEARS_BACK = 3


def build(period, office=None):
    """{name: (headers, rows)} for every table of the page."""
    current = stats.figures(period, office)
    previous_period = period.previous()
    previous = stats.figures(previous_period, office)
    earlier = [(period.years_back(n), stats.figures(period.years_back(n), office)) for n in range(1, YEARS_BACK + 1)]
    summary_headers = [_("Figure"), period.label, previous_period.label, _("Change")]
    summary_headers += [p.label for p, _f in earlier if p.label != previous_period.label]
    summary_rows = []
    for name, label in METRICS:
        value, before = getattr(current, name), getattr(previous, name)
        row = [label, value, before, _percent(stats.change(value, before))]
        row += [getattr(f, name) for p, f in earlier if p.label != previous_period.label]
        summary_rows.append(row)
    first_year = period.end.year - 4
    monthly = stats.monthly_delegations(first_year, period.end.year, office)
    month_headers = [_("Year")] + [str(m) for m in range(1, 13)] + [_("Total")]
    return (
        {
            "summary": (summary_headers, summary_rows),
            "countries": ([_("Country"), _("Delegations")], stats.top_countries(period, office)),
            "focus_areas": ([_("Focus area"), _("Delegations")], stats.top_focus_areas(period, office)),
            "sub_areas": ([_("Sub-area"), _("Delegations")], stats.top_sub_areas(period, office, limit=15)),
            "offices": ([_("Office"), _("Delegations"), _("Visit days"), _("Visitors")], stats.by_office(period)),
            "follow_ups": ([_("Kind"), _("Follow-ups")], stats.follow_ups_by_kind(period, office)),
            "monthly": (month_headers, [[year, *values, sum(values)] for year, values in monthly.items()]),
            "funnel": ([_("Stage"), _("Requests")], [(_label(stage), n) for stage, n in stats.funnel(period, office)]),
        },
        current,
        monthly,
    )


def _percent(value):
    return None if value is None else f"{value:+d} %"


def _label(stage):
    return {
        "requests": _("Requests received"),
        "confirmed": _("Confirmed"),
        "followed_up": _("Followed up"),
        "outcomes": _("With a recorded outcome"),
    }[stage]
