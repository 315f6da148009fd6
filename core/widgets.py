"""Form widgets."""

import threading

from django import forms
from django.utils import translation


class StaticChoicesSelect(forms.Select):
    """A <select> whose choices depend on the language alone (countries): rendered through
    Django's templates once per language, name, value and attributes, then reused.

    The 250 countries took 27 ms a render, option by option through the widget templates,
    which was almost half the booking form's time; reused, they cost a dictionary lookup.
    Not for choices that change with content or with the request.
    """

    _rendered: dict = {}
    _lock = threading.Lock()
    MAX_KEPT = 256  # languages × forms × the values visitors submit

    def render(self, name, value, attrs=None, renderer=None):
        key = (
            type(self),
            getattr(self.choices, "func", None),  # what makes the choices (a callable in the field)
            name,
            _hashable(self.format_value(value)),
            _hashable(self.build_attrs(self.attrs, attrs)),
            translation.get_language(),
        )
        html = self._rendered.get(key)
        if html is None:
            html = super().render(name, value, attrs, renderer)
            with self._lock:
                if len(self._rendered) >= self.MAX_KEPT:
                    self._rendered.clear()
                self._rendered[key] = html
        return html


def _hashable(value):
    if isinstance(value, dict):
        return tuple(sorted((name, _hashable(item)) for name, item in value.items()))
    if isinstance(value, list | tuple):
        return tuple(_hashable(item) for item in value)
    return type(value).__name__, str(value)  # True (a bare attribute) is not "True"
