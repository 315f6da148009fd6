from django import template
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language_info
from wagtail.models import Page

from core.i18n import active_language, default_language
from core.languages_switch import language_home_url, language_version_url, page_version_url, page_versions
from core.maps import HEIGHT, WIDTH, project, sweden_outline_path
from core.page_cache import remember
from core.site import absolute_url

register = template.Library()

# The page types the header links to; resolved with one query per request.
NAV_PAGE_TYPES = (
    "catalogue.BestPracticeIndexPage",
    "catalogue.DirectoryIndexPage",
    "offices.OfficeIndexPage",
    "schedule.EventIndexPage",
    "news.NewsIndexPage",
    "outcomes.SuccessStoryIndexPage",
    "tours.StudyTourIndexPage",
)


def _nav_urls(request):
    cached = getattr(request, "_nav_urls", None)
    if cached is None:
        # Every page's header needs them; they change only when pages are published.
        cached = remember(f"nav-urls:{request.get_host()}", lambda: _read_nav_urls(request))
        request._nav_urls = cached
    return cached


def _read_nav_urls(request):
    models = [apps.get_model(label) for label in NAV_PAGE_TYPES]
    content_types = ContentType.objects.get_for_models(*models)
    labels = {content_types[model].pk: label for label, model in zip(NAV_PAGE_TYPES, models, strict=True)}
    urls = {}
    languages = {active_language(), default_language()}
    pages = Page.objects.live().filter(content_type__in=labels, locale__language_code__in=languages)
    # The active language's page first; the default language's stands in where there is none.
    for page in sorted(
        pages.select_related("locale"), key=lambda p: (p.locale.language_code != active_language(), p.path)
    ):
        urls.setdefault(labels[page.content_type_id], page.get_url(request))
    return urls


@register.simple_tag(takes_context=True)
def pageurl_by_type(context, label):
    """URL of the first live page of a type, e.g. the best-practice listing."""
    request = context.get("request")
    if request is None:
        return ""
    return _nav_urls(request).get(label, "") or ""


@register.simple_tag
def breadcrumb_trail(page):
    """The pages above `page`, from the home page down. Walked up through the parents routing
    already loaded (Wagtail and core.pages keep each on the child it routed to), so a served
    page costs no query here; elsewhere (a preview) one per level."""
    trail = []
    parent = page.get_parent()
    while parent is not None and parent.depth >= 2:  # the root (depth 1) is never shown
        trail.append(parent)
        if parent.depth == 2:  # the home page
            break
        parent = parent.get_parent()
    return trail[::-1]


# Beyond this many points the list under the map gives way to a link to the same places in
# a list view (`list_url`): the listing's map at 10,000 practices has 2,000 points, whose
# links were a third of a 740 KB page.
MAP_LIST_LIMIT = 200


@register.inclusion_tag("includes/sweden_map.html")
def sweden_map(points, title, description="", list_heading="", list_url=""):
    """An offline SVG map of Sweden with linked points and a list alternative: the points
    as links under the map, or, beyond MAP_LIST_LIMIT of them and with `list_url`, a link
    to a list view of the same places."""
    points = [point for point in points if point.inside]
    listed_apart = bool(list_url) and len(points) > MAP_LIST_LIMIT
    return {
        "points": points,
        "point_marks": _point_marks(points),
        "point_links": "" if listed_apart else _point_links(points),
        "list_url": list_url if listed_apart else "",
        "outline": sweden_outline_path(),
        "width": WIDTH,
        "height": HEIGHT,
        "title": title,
        "description": description,
        "list_heading": list_heading,
    }


# The points are written here rather than by the template's loop: the listing's map has up
# to 2,000 of them, which took the template 70 ms. Each kind of point is one group, hidden
# from keyboards and screen readers as a whole (they get the list instead of one tab stop
# per point), so that each point is a short link; offices are drawn last, on top.
def _point_marks(points) -> str:
    by_kind: dict[str, list[str]] = {}
    for point in points:
        x, y = project(point.latitude, point.longitude)
        by_kind.setdefault(point.kind, []).append(
            f'<a href="{conditional_escape(point.url)}" tabindex="-1"><circle cx="{x:.1f}" cy="{y:.1f}" '
            f'r="{6 if point.kind == "office" else 4}"><title>{conditional_escape(point.label)}</title></circle></a>'
        )
    return mark_safe(  # noqa: S308 (every value escaped)
        "".join(
            f'<g class="map-points map-point-{conditional_escape(kind)}" aria-hidden="true">{"".join(marks)}</g>'
            for kind, marks in sorted(by_kind.items(), key=lambda item: item[0] == "office")
        )
    )


def _point_links(points) -> str:
    return mark_safe(  # noqa: S308 (every value escaped)
        "".join(
            f'<li><a href="{conditional_escape(point.url)}">{conditional_escape(point.label)}</a></li>'
            for point in points
        )
    )


_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def json_ld(context, data_or_method):
    """A <script type="application/ld+json"> block, escaped like Django's json_script."""
    import json

    data = data_or_method(context.get("request")) if callable(data_or_method) else data_or_method
    payload = json.dumps(data, ensure_ascii=False).translate(_JSON_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')  # noqa: S308 - escaped above


@register.simple_tag(takes_context=True)
def public_url(context, path=None):
    """`path` (default: the current page's path) at the site's public address (PUBLIC_BASE_URL).

    For Open Graph and other absolute links: unlike request.build_absolute_uri it does not
    depend on the host name the request happened to use. Absolute URLs are kept as they are.
    """
    if path is None:
        request = context.get("request")
        path = request.path if request is not None else "/"
    return absolute_url(str(path))


@register.simple_tag
def home_url():
    """The home page in the active language."""
    return language_home_url(active_language())


def _language_versions(context):
    """[(code, local name, path, is a translation)] of the current page, once per request."""
    request = context.get("request")
    if request is None:
        return []
    cached = getattr(request, "_language_versions", None)
    if cached is not None:
        return cached
    page = context.get("page")
    page = page if isinstance(page, Page) else None
    versions = page_versions(page) if page is not None else None
    cached = []
    for code, _name in settings.LANGUAGES:
        if page is not None:
            url = page_version_url(request, page, code, versions)
            # An alias shows the English text: it is no alternate for search engines.
            translated = code in versions and not versions[code].alias_of_id
        else:
            url = language_version_url(request, code) or language_home_url(code)
            translated = True
        cached.append((code, get_language_info(code)["name_local"], url, translated))
    request._language_versions = cached
    return cached


@register.inclusion_tag("includes/language_switch.html", takes_context=True)
def language_switch(context):
    current = active_language()
    return {
        "languages": [
            {"code": code, "name": name, "url": url, "current": code == current}
            for code, name, url, _translated in _language_versions(context)
        ]
    }


@register.inclusion_tag("includes/hreflang.html", takes_context=True)
def hreflang_links(context):
    links = [(code, absolute_url(url)) for code, _name, url, translated in _language_versions(context) if translated]
    default = dict(links).get(settings.LANGUAGE_CODE)
    return {"links": links if len(links) > 1 else [], "default": default}


@register.simple_tag
def stockholm_time(day, slot, country=None):
    """ "09:00–12:00 Stockholm time (16:00–19:00 in China)": the slot in Swedish time and,
    where the visitor's country has one time zone that differs, in theirs."""
    from django.utils.dateformat import format as date_format
    from django.utils.translation import gettext as _

    from core.dates import slot_bounds, visitor_zone

    start, end = slot_bounds(day, slot)
    text = _("%(start)s–%(end)s Stockholm time") % {"start": f"{start:%H:%M}", "end": f"{end:%H:%M}"}
    zone = visitor_zone(getattr(country, "code", country))
    if zone is None or start.astimezone(zone).utcoffset() == start.utcoffset():
        return text
    local_start, local_end = start.astimezone(zone), end.astimezone(zone)
    times = f"{local_start:%H:%M}–{local_end:%H:%M}"
    if local_start.date() != start.date():
        times = f"{date_format(local_start, 'D j M')} {times}"
    return _("%(time)s (%(local)s in %(country)s)") % {"time": text, "local": times, "country": country.name}


@register.filter
def weekday_date(value):
    """ "Friday 27 November 2026" in the active language (core.dates.weekday_date)."""
    from core.dates import weekday_date as format_weekday_date

    return format_weekday_date(value)
