"""Languages: which pages a request sees, and how records point at pages.

One rule holds everywhere: **records point at the default-language page.** A visit's
office, a request's topics, a starred practice and a practice's sub-areas all refer to
the English page (wagtail-localize synchronises page links that way too). Translations
and untranslated aliases only *present* those pages in the visitor's language, so a star
set on a Swedish page is the same star on the English and Chinese pages, and statistics
and seats never split by language.

So: query records and filter options in the default language (`in_default_language`),
list pages for reading in the active language (`in_active_language`), and show titles
and links of default-language pages through `localized_titles` / `localized_pages`.
"""

from django.conf import settings
from django.db.models import F, OuterRef, QuerySet, Subquery
from django.utils import translation
from django.utils.translation import get_supported_language_variant
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page

from core.page_cache import remember


def default_language() -> str:
    return get_supported_content_language_variant(settings.LANGUAGE_CODE)


def active_language() -> str:
    """The content language of this request (Wagtail's variant of the interface language)."""
    try:
        return get_supported_content_language_variant(translation.get_language() or settings.LANGUAGE_CODE)
    except LookupError:
        return default_language()


def interface_language(code: str | None) -> str:
    """A supported interface language for `code`, or the default one for anything else."""
    try:
        return get_supported_language_variant(code or "")
    except LookupError:
        return settings.LANGUAGE_CODE


def default_locale_id() -> int | None:
    """The id of the default language's Locale, kept with the page cache's shared parts."""
    return remember("default-locale-id", lambda: _locale_id(default_language()) or False) or None


def language_of(locale_id: int) -> str:
    """The language code of a Locale, without a query per page (kept with the shared parts)."""
    languages = remember("locale-languages", lambda: dict(Locale.objects.values_list("pk", "language_code")))
    if locale_id in languages:
        return languages[locale_id]
    return Locale.objects.values_list("language_code", flat=True).get(pk=locale_id)  # added since


def _locale_id(language: str) -> int | None:
    return Locale.objects.filter(language_code=language).values_list("pk", flat=True).first()


def in_language(queryset: QuerySet, language: str) -> QuerySet:
    return queryset.filter(locale__language_code=language)


def in_active_language(queryset: QuerySet) -> QuerySet:
    return in_language(queryset, active_language())


def in_default_language(queryset: QuerySet) -> QuerySet:
    return in_language(queryset, default_language())


def source_page(page):
    """The default-language page behind `page`, of the same type: itself, or the page its
    translation or alias presents (one query). An unsaved preview is its own source."""
    if page.pk is None or page.locale_id == default_locale_id():
        return page
    versions = type(page).objects.filter(translation_key=page.translation_key)
    return in_default_language(versions).first() or page


def _by_source(model, source_ids, fields):
    """Rows of `model` for the given default-language pages, in the active and default
    languages, keyed by source page id; the active language wins. One query."""
    active, default = active_language(), default_language()
    keys = model.objects.filter(pk__in=list(source_ids)).values("translation_key")
    rows = model.objects.filter(translation_key__in=keys, locale__language_code__in={active, default}).values_list(
        "translation_key", "locale__language_code", "pk", *fields
    )
    source_of_key, chosen = {}, {}
    for key, language, pk, *values in rows:
        if language == default:
            source_of_key[key] = pk
        if language == active or key not in chosen:
            chosen[key] = (pk, values)
    return {source_of_key[key]: row for key, row in chosen.items() if key in source_of_key}


def localized_titles(model, source_ids) -> dict[int, str]:
    """{default-language page id: its title in the active language}, in one query
    (none in the default language, where the caller already has the titles)."""
    if active_language() == default_language():
        return {}
    return {pk: values[0] for pk, (_id, values) in _by_source(model, source_ids, ("title",)).items()}


def with_localized_title(queryset: QuerySet) -> QuerySet:
    """Annotate default-language pages with `localized_title`, their title in the active
    language (None where there is no version in it), inside the same query."""
    if active_language() == default_language():
        # The attribute exists either way: a template asking for a missing one costs a dir().
        return queryset.annotate(localized_title=F("title"))
    versions = queryset.model.objects.filter(
        translation_key=OuterRef("translation_key"), locale__language_code=active_language()
    )
    return queryset.annotate(localized_title=Subquery(versions.values("title")[:1]))


def localized_pages(pages) -> list:
    """The active-language versions of default-language `pages`, in the same order.

    One query for the lot; a page without a version in the active language stays itself."""
    pages = list(pages)
    if not pages or active_language() == default_language():
        return pages
    models = {type(page) for page in pages}
    model = models.pop() if len(models) == 1 else Page
    versions = model.objects.filter(
        translation_key__in=[page.translation_key for page in pages], locale__language_code=active_language()
    )
    if model is Page:
        versions = versions.specific()
    versions = {page.translation_key: page for page in versions}
    return [versions.get(page.translation_key, page) for page in pages]


def localized_page(page):
    """One default-language page in the active language (a query; prefer `localized_pages`)."""
    if page is None or active_language() == default_language():
        return page
    return localized_pages([page])[0]
