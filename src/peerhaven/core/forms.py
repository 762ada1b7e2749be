"""Helpers shared by the apps' forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.functional import Promise


def _now(text: Any) -> Any:
    return str(text) if isinstance(text, Promise) else text


class TextsTranslatedOnce(forms.Form):
    """Labels, help texts, choice labels and hints are lazy translations, looked up again
    on every use, and a field uses its label and help text four to six times while it
    renders. This form looks each one up once, in the request's language, when it is made
    (its fields are its own copies, so the class's lazy texts stay lazy)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.label = _now(field.label)
            field.help_text = _now(field.help_text)
            widget = field.widget
            hints = getattr(widget, "hints", None)
            if hints:
                widget.hints = {value: _now(text) for value, text in hints.items()}
            choices = getattr(field, "choices", None)
            # Callable choices are left alone: they are built per request already.
            if isinstance(choices, list) and any(isinstance(c[1], Promise) for c in choices):
                field.choices = [(value, _now(label)) for value, label in choices]  # type: ignore[attr-defined]
