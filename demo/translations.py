"""Swedish and Chinese versions of the demo pages, made the way an editor makes them:
through wagtail-localize, so the translations stay linked to their English source and
are marked out of date in the editor when it changes.

The translated texts live in demo/data/translations/, keyed by the English text. Every
other page gets an alias in each language (wagtail-localize's tree synchronisation),
which shows the English text, saying so, until someone translates it.
"""

import html

from django.db import transaction
from wagtail.models import Locale, Page
from wagtail_localize.models import Translation, TranslationSource
from wagtail_localize.synctree import synchronize_tree

from catalogue.models import (
    BestPracticeIndexPage,
    BestPracticePage,
    DirectoryIndexPage,
    FocusAreaPage,
    HomePage,
    SubAreaPage,
)
from core.i18n import in_default_language
from demo.data.translations import sv_areas, sv_practices, zh_hans_areas, zh_hans_practices
from news.models import NewsIndexPage
from offices.models import OfficeIndexPage, OfficePage
from outcomes.models import SuccessStoryIndexPage
from schedule.models import EventIndexPage

STRINGS = {
    "sv": {**sv_areas.STRINGS, **sv_practices.STRINGS},
    "zh-hans": {**zh_hans_areas.STRINGS, **zh_hans_practices.STRINGS},
}
TRANSLATED_TYPES = (
    HomePage,
    FocusAreaPage,
    SubAreaPage,
    OfficeIndexPage,
    OfficePage,
    BestPracticeIndexPage,
    DirectoryIndexPage,
    EventIndexPage,
    NewsIndexPage,
    SuccessStoryIndexPage,
)


def _key(text: str) -> str:
    return " ".join(html.unescape(text).split())


def pages_to_translate() -> list[Page]:
    """The home page, index pages, focus areas, sub-areas, offices and featured practices."""
    pages = []
    for model in TRANSLATED_TYPES:
        pages += list(in_default_language(model.objects.all()))
    pages += list(in_default_language(BestPracticePage.objects.filter(featured=True)))
    return sorted(pages, key=lambda page: page.path)


def missing_strings(page, language: str) -> list[str]:
    """Texts of `page` that the demo data has no `language` translation for."""
    strings = {_key(source): target for source, target in STRINGS[language].items()}
    source, _created = TranslationSource.update_or_create_from_instance(page)
    translation = Translation(source=source, target_locale=Locale.objects.get(language_code=language))
    return [entry.msgid for entry in translation.export_po() if _needs_translation(entry, strings)]


def _needs_translation(entry, strings) -> bool:
    # Slugs stay as they are (addresses differ only by the language prefix), and so do
    # texts without letters: years, numbers, units such as "%".
    if entry.msgctxt == "slug" or not any(ch.isalpha() for ch in entry.msgid):
        return False
    return _key(entry.msgid) not in strings


@transaction.atomic
def translate_demo(log=print):
    default = Locale.get_default()
    for language, texts in STRINGS.items():
        locale = Locale.objects.filter(language_code=language).first()
        if locale is None:
            continue
        strings = {_key(source): target for source, target in texts.items()}
        translated = 0
        for page in pages_to_translate():
            source, _created = TranslationSource.update_or_create_from_instance(page)
            translation, _created = Translation.objects.get_or_create(
                source=source, target_locale=locale, defaults={"enabled": True}
            )
            po = translation.export_po()
            for entry in po:
                entry.msgstr = strings.get(_key(entry.msgid), entry.msgid)
            translation.import_po(po, tool_name="demo")
            # Publish now rather than when the transaction commits (wagtail-localize's
            # way): a revision published at the end of the load would carry the child
            # count its page had when it was translated, before its children were.
            translation.save_target(publish=False)
            translation.get_target_instance().get_latest_revision().publish()
            translated += 1
        synchronize_tree(default, locale)
        log(f"{translated} pages translated into {language}; the others shown in English until translated")
