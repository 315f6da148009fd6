"""Languages a visit can be held in (ISO 639-1), shared by the catalogue and bookings."""

from django.utils.translation import gettext_lazy as _

VISIT_LANGUAGES = [
    ("en", _("English")),
    ("sv", _("Swedish")),
    ("de", _("German")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("pt", _("Portuguese")),
    ("it", _("Italian")),
    ("nl", _("Dutch")),
    ("fi", _("Finnish")),
    ("no", _("Norwegian")),
    ("da", _("Danish")),
    ("pl", _("Polish")),
    ("ru", _("Russian")),
    ("ar", _("Arabic")),
    ("zh", _("Chinese")),
    ("ja", _("Japanese")),
    ("ko", _("Korean")),
    ("hi", _("Hindi")),
]

_NAMES = dict(VISIT_LANGUAGES)


def language_names(codes):
    """Human names for a list of codes, skipping codes that are no longer offered."""
    return [_NAMES[code] for code in codes if code in _NAMES]
