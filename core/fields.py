"""Model fields shared by several apps."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class MultipleChoiceJSONField(models.JSONField):
    """A list of choice values stored as JSON, edited as a group of checkboxes.

    Portable across SQLite and PostgreSQL (unlike ArrayField) and small: the lists it
    holds (weekdays, language codes) have at most a few dozen entries.
    """

    def __init__(self, *args, choices_list=(), coerce=str, **kwargs):
        self.choices_list = list(choices_list)
        self.coerce = coerce
        kwargs.setdefault("default", list)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        # The choices are code, not schema: keep them out of migrations.
        return name, "django.db.models.JSONField", args, kwargs

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        if not isinstance(value, list):
            raise ValidationError(_("Expected a list of values."))
        allowed = {self.coerce(key) for key, _label in self.choices_list}
        unknown = [item for item in value if item not in allowed]
        if unknown:
            raise ValidationError(_("Unknown values: %(values)s"), params={"values": ", ".join(map(str, unknown))})

    def formfield(self, **kwargs):
        return forms.TypedMultipleChoiceField(
            choices=self.choices_list,
            coerce=self.coerce,
            required=not self.blank,
            label=self.verbose_name,
            help_text=self.help_text,
            widget=forms.CheckboxSelectMultiple,
        )
