"""A calendar day's cell, rendered in Python.

A month shows 35 cells, and as an included template each cost about a quarter of a
millisecond (some 25 template nodes per cell, more per entry): a third of the calendar
month's server time. Built with format_html, which escapes every value as the template
did, the same markup costs a few hundredths of a millisecond per cell.
"""

from django import template
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

register = template.Library()

AVAILABILITY_LABELS = {
    "free": gettext_lazy("Free"),
    "partly": gettext_lazy("Partly booked"),
    "full": gettext_lazy("Full"),
    "closed": gettext_lazy("Closed"),
}


@register.simple_tag
def calendar_day(day, office_chosen):
    """The cell of `day` (schedule.calendar.CalendarDay): its number, its availability at the
    office chosen, its entries and its links to book; `office_chosen` leaves out each
    entry's city (they are all at that office)."""
    parts = [
        format_html(
            '<span class="day-number"><time datetime="{}">{}</time><span class="visually-hidden"> {}</span></span>',
            day.iso,
            day.date.day,
            day.month_and_weekday,
        )
    ]
    if day.availability:
        parts.append(_availability(day.availability))
    if day.entries:
        entries = mark_safe("".join(_entry(entry, office_chosen) for entry in day.entries))  # noqa: S308 (each built by format_html)
        parts.append(format_html('<ul class="entries">{}</ul>', entries))
    if day.booking_links:
        when = date_format(day.date, "MONTH_DAY_FORMAT")
        links = format_html_join(
            "",
            '<li><a href="{}">{}<span class="visually-hidden"> {}</span></a></li>',
            ((url, _("Book %(slot)s") % {"slot": slot.display_label}, when) for slot, url in day.booking_links),
        )
        parts.append(format_html('<ul class="book-links">{}</ul>', links))
    return mark_safe("".join(parts))  # noqa: S308 (each part built by format_html)


@register.simple_tag
def calendar_grid(weeks, office_chosen, today):
    """The head and the rows of the month or week grid (`weeks`: lists of CalendarDay), each
    day's cell as `calendar_day` writes it; the template's loop over 35 cells cost more than
    the cells themselves."""
    head = format_html_join("", '<th scope="col"><abbr title="{}">{}</abbr></th>', _weekday_names(weeks[0]))
    rows = mark_safe("".join(f"<tr>{''.join(_cell(day, office_chosen, today) for day in week)}</tr>" for week in weeks))  # noqa: S308 (each cell built by format_html)
    return format_html("<thead><tr>{}</tr></thead>\n    <tbody>{}</tbody>", head, rows)


def _weekday_names(week):
    return [(date_format(day.date, "l"), date_format(day.date, "D")) for day in week]


def _cell(day, office_chosen, today):
    classes = ("" if day.in_range else "other-month") + (" today" if day.date == today else "")
    if day.closed:
        classes += " closed-day"
    return format_html(
        '<td class="{}"{}>{}</td>',
        classes,
        mark_safe(' aria-current="date"') if day.date == today else "",
        calendar_day(day, office_chosen) if day.in_range else "",
    )


def _availability(availability):
    status = availability.status
    label = AVAILABILITY_LABELS[status]
    if availability.reason and status != "closed":
        label = format_html("{}: {}", label, availability.reason)
    return format_html('<p class="availability availability-{}">{}</p>', status, label)


def _entry(entry, office_chosen):
    parts = []
    if entry.start:
        start = template_localtime(entry.start)
        parts.append(format_html('<time datetime="{}">{}</time>', start.isoformat(), start.strftime("%H:%M")))
    if entry.office and not office_chosen and entry.kind != "closure":
        parts.append(format_html('<span class="entry-office">{}</span>', entry.office.city))
    if entry.cancelled:
        parts.append(format_html('<span class="badge">{}</span>', _("Cancelled")))
    if entry.url:
        parts.append(format_html('<a href="{}">{}</a>', entry.url, entry.label))
    else:
        parts.append(format_html("<span>{}</span>", entry.label))
    if entry.detail:
        parts.append(format_html("<small>{}</small>", entry.detail))
    cancelled = " entry-cancelled" if entry.cancelled else ""
    return format_html('<li class="entry entry-{}{}">{}</li>', entry.kind, cancelled, mark_safe(" ".join(parts)))  # noqa: S308
