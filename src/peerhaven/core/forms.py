"""Helpers shared by the apps' forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import translation
from django.utils.functional import Promise

from peerhaven.core.exceptions import DomainError

# (form class, language) -> field name -> the field's texts in that language.
_Texts = dict[str, dict[str, Any]]
_translated: dict[tuple[type, str | None], _Texts] = {}


def _now(text: Any) -> Any:
    return str(text) if isinstance(text, Promise) else text


def _texts_of(field: forms.Field) -> dict[str, Any]:
    texts: dict[str, Any] = {"label": _now(field.label), "help_text": _now(field.help_text)}
    hints = getattr(field.widget, "hints", None)
    if hints:
        texts["hints"] = {value: _now(text) for value, text in hints.items()}
    choices = getattr(field, "choices", None)
    # Callable choices are left alone: they are built per request already.
    if isinstance(choices, list) and any(isinstance(c[1], Promise) for c in choices):
        texts["choices"] = [(value, _now(label)) for value, label in choices]
    return texts


class TextsTranslatedOnce(forms.Form):
    """Labels, help texts, choice labels and hints are lazy translations, looked up again
    on every use, and a field uses its label and help text four to six times while it
    renders. This form gives its fields those texts already translated into the request's
    language, worked out once per form class and language (its fields are its own copies,
    so the class's lazy texts stay lazy)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        key = (type(self), translation.get_language())
        texts = _translated.get(key)
        if texts is None:
            texts = {name: _texts_of(field) for name, field in self.fields.items()}
            _translated[key] = texts
        # The fields are still the class's own here (subclasses change them afterwards).
        for name, field in self.fields.items():
            field_texts = texts[name]
            field.label = field_texts["label"]
            field.help_text = field_texts["help_text"]
            if "hints" in field_texts:
                field.widget.hints = field_texts["hints"]
            if "choices" in field_texts:
                field.choices = field_texts["choices"]  # type: ignore[attr-defined]


def add_domain_error(form: forms.Form, exc: DomainError) -> None:
    """Show a service's refusal on the form that was sent, keeping what was typed: each of
    `extra["fields"]` on its field (or above the form when the form has no such field), the
    message above the form when there are none."""
    fields = (exc.extra or {}).get("fields", {})
    for name, problems in fields.items():
        form.add_error(name if name in form.fields else None, problems)
    if not fields:
        form.add_error(None, exc.message)
