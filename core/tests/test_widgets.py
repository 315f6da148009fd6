"""A select whose choices depend only on the language, rendered once and reused."""

from django import forms
from django.utils import translation
from django_countries import countries

from core.widgets import StaticChoicesSelect


def country_choices():
    return [("", "—"), *countries]


class CountryForm(forms.Form):
    country = forms.ChoiceField(choices=country_choices, widget=StaticChoicesSelect)


class PlainCountryForm(forms.Form):
    country = forms.ChoiceField(choices=country_choices, widget=forms.Select)


def test_the_kept_html_is_what_django_renders_for_each_value_language_and_error():
    cases = [({}, "en"), ({"country": "SE"}, "en"), ({"country": "SE"}, "sv"), ({"country": "XX"}, "zh-hans")]
    for data, language in cases * 2:  # the second time from what was kept
        with translation.override(language):
            kept = str(CountryForm(data or None)["country"])
            plain = str(PlainCountryForm(data or None)["country"])
        assert kept == plain, (data, language)


def test_a_chosen_country_is_selected_and_another_language_is_not_reused():
    with translation.override("en"):
        english = str(CountryForm({"country": "SE"})["country"])
    with translation.override("sv"):
        swedish = str(CountryForm({"country": "SE"})["country"])
    assert '<option value="SE" selected>Sweden</option>' in english
    assert '<option value="SE" selected>Sverige</option>' in swedish
    assert 'aria-invalid="true"' in str(CountryForm({"country": "XX"})["country"])
