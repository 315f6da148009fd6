"""What a practice card shows, and its HTML: the same card on the listing, the home page, focus
areas, sub-areas, offices, related practices and the people and companies who take part.

A page of search results shows a dozen cards nobody asked for before. Loaded as pages (with
their images, renditions and sub-areas prefetched) and rendered through a template, those
cost about 0.6 ms a card, most of a new search's time at 10,000 practices. Here a card's own
columns come from one narrow query, its sub-areas' keys from the link table, and the parts
many cards share (sub-area titles, pictures) from what is kept until content changes.
"""

import functools
from dataclasses import dataclass
from operator import itemgetter

from django.utils.encoding import iri_to_uri
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from wagtail.images import get_image_model
from wagtail.images.models import Filter
from wagtail.images.shortcuts import get_rendition_or_not_found

from core.i18n import with_localized_title
from core.page_cache import remember, remember_many

CARD_IMAGE = "fill-480x270"
CARD_IMAGE_ATTRIBUTES = {"alt": "", "class": "card-image", "loading": "lazy"}
_COLUMNS = (
    *("pk", "title", "url_path", "summary", "municipality", "county__region__name"),
    *("hero_image_id", "visitable_on_site", "visitable_digitally"),
)


@dataclass(frozen=True)
class CardFacts:
    """A practice as its card shows it. `pk` and `title` are what a star button reads."""

    pk: int
    title: str
    url: str | None
    municipality: str
    region: str
    summary: str
    image: str  # the <img> tag, or ""
    sub_areas: tuple[str, ...]
    on_site: bool
    digital: bool


def card_facts(ids, request=None) -> dict[int, CardFacts]:
    """{key: facts} of the live or draft practices of `ids` (any deleted meanwhile left out)."""
    rows = list(_card_rows().filter(pk__in=ids))
    if not rows:
        return {}
    sub_areas = _sub_areas_of([row[0] for row in rows])
    images = _image_tags({row[6] for row in rows if row[6] is not None})
    parent_urls = {}
    facts = {}
    for pk, title, url_path, summary, municipality, region, image_id, on_site, digital in rows:
        facts[pk] = CardFacts(
            pk=pk,
            title=title,
            url=_page_url(url_path, parent_urls, request),
            municipality=municipality,
            region=region or "",
            summary=summary,
            image=images.get(image_id, ""),
            sub_areas=sub_areas.get(pk, ()),
            on_site=on_site,
            digital=digital,
        )
    return facts


@functools.cache
def _card_rows():
    """The cards' own columns, in no order (the caller picks cards by key), as a query made once
    per process that each batch of cards filters by its keys: working out the joins and columns
    again was half the query's cost (0.50 against 0.28 ms for 12 cards). Filter it; never
    evaluate it, or every practice would stay loaded in the process."""
    from catalogue.models import BestPracticePage

    return BestPracticePage.objects.values_list(*_COLUMNS).order_by()


def card_html(facts: CardFacts, star_button: str, distance_label: str) -> str:
    """The card's HTML; `star_button` is HTML already, `distance_label` text (or a safe hole)."""
    place = format_html(
        "{}{}{}",
        facts.municipality,
        format_html(" · {}", facts.region) if facts.region else "",
        format_html(" · {}", distance_label) if distance_label else "",
    )
    badges = format_html(
        "{}{}",
        format_html('<span class="badge">{}</span>', _("On site")) if facts.on_site else "",
        format_html('<span class="badge">{}</span>', _("Digital")) if facts.digital else "",
    )
    return format_html(
        '<article class="card">\n  {image}\n  <div class="card-body">\n'
        '    <h3 class="card-title"><a href="{url}">{title}</a></h3>\n'
        '    <p class="card-meta">{place}</p>\n'
        "    <p>{summary}</p>\n"
        '    <ul class="tags" aria-label="{sub_areas_label}">{sub_areas}</ul>\n'
        "    {star_button}\n"
        '    <p class="badges">{badges}</p>\n'
        "  </div>\n</article>\n",
        image=facts.image,
        url=facts.url,
        title=facts.title,
        place=place,
        summary=facts.summary,
        sub_areas_label=_("Sub-areas"),
        sub_areas=format_html_join("", "<li>{}</li>", ((title,) for title in facts.sub_areas)),
        star_button=star_button,
        badges=badges,
    )


def _page_url(url_path: str, parent_urls: dict, request) -> str | None:
    """The page's URL as {% pageurl %} gives it: its parent's (found once for the lot) and the
    last part of its address. Making a page object and asking it costs more than the rest of
    its card."""
    from wagtail.models import Page

    parent_path, last = url_path.rstrip("/").rsplit("/", 1)
    if parent_path not in parent_urls:
        parent_urls[parent_path] = Page(url_path=f"{parent_path}/").get_url(request)
    parent_url = parent_urls[parent_path]
    if parent_url is None or not parent_url.endswith("/"):  # not routable, or no trailing slashes
        return Page(url_path=url_path).get_url(request)
    return f"{parent_url}{iri_to_uri(last)}/"


def _sub_areas_of(ids) -> dict[int, tuple[str, ...]]:
    """{practice key: its sub-areas' titles in the active language, in the tree's order}."""
    from catalogue.models import BestPracticePage

    through = BestPracticePage.sub_areas.through
    links = through.objects.filter(bestpracticepage_id__in=ids).values_list("bestpracticepage_id", "subareapage_id")
    titles = _sub_area_titles()
    chosen: dict[int, list] = {}
    for practice_id, sub_area_id in links:
        if sub_area_id in titles:
            chosen.setdefault(practice_id, []).append(titles[sub_area_id])
    return {pk: tuple(title for _path, title in sorted(found, key=itemgetter(0))) for pk, found in chosen.items()}


def _sub_area_titles() -> dict[int, tuple[str, str]]:
    """{sub-area key: (its place in the tree, its title in the active language)}: a few dozen
    pages, kept per language until content changes."""
    from catalogue.models import SubAreaPage

    def read():
        pages = with_localized_title(SubAreaPage.objects.order_by().values("pk", "path", "title"))
        return {page["pk"]: (page["path"], page["localized_title"] or page["title"]) for page in pages}

    return remember("card-sub-area-titles", read, in_process=True)


def _image_tags(image_ids) -> dict[int, str]:
    """{image key: the card's <img> tag}, kept until content changes: many cards share a picture."""
    names = {image_id: f"card-image:{image_id}" for image_id in image_ids}
    if not names:
        return {}

    def render_missing(missing_names):
        wanted = set(missing_names)
        missing = [image_id for image_id, name in names.items() if name in wanted]
        images = get_image_model().objects.filter(pk__in=missing).prefetch_renditions(CARD_IMAGE)
        tags = {names[image.pk]: image_tag(image, CARD_IMAGE, **CARD_IMAGE_ATTRIBUTES) for image in images}
        return {name: tags.get(name, "") for name in missing_names}  # "": deleted meanwhile

    kept = remember_many(list(names.values()), render_missing)
    return {image_id: kept[name] for image_id, name in names.items()}


def image_tag(image, spec, **attributes):
    """`{% image image spec ... %}` for the cards, whose renditions come prefetched: the same
    `<img>`, but the filter is parsed once per process rather than per card, and a rendition
    found among the prefetched ones is not written back to Wagtail's rendition cache (a
    pickle per card). Both were a quarter of a card's rendering."""
    if not image:
        return ""
    image_filter = image.clean_filter_for_svg(_filter(spec))
    rendition = None
    if image._get_prefetched_renditions() is not None:
        rendition = image.find_existing_renditions(image_filter).get(image_filter)
    if rendition is None:  # not prefetched, or not made yet: as `{% image %}` does
        rendition = get_rendition_or_not_found(image, image_filter)
    return rendition.img_tag(attributes)


@functools.cache
def _filter(spec: str) -> Filter:
    return Filter(spec=spec)
